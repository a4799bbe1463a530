// Package segment turns customer data into segments that a CX team can
// name, profile and track: k-means clustering, feature scaling, cluster
// quality indices, choosing the number of clusters, RFM scoring with named
// segments, segment profiles, stable segment identities and migration
// between segments.
//
// # k-means
//
// [KMeans] partitions n points into K clusters so as to minimise the
// inertia, the within-cluster sum of squares Σᵢ wᵢ‖xᵢ − c(i)‖², where c(i)
// is the mean (centre) of point i's cluster. It follows scikit-learn's
// KMeans: greedy k-means++ starts (Arthur & Vassilvitskii 2007), several
// restarts keeping the lowest inertia, Lloyd iterations (Lloyd 1982) that
// stop when no label changes or when the summed squared centre shift is at
// most Tol × the mean feature variance, and empty clusters re-seeded with
// the farthest points. Hamerly's bounds (Hamerly 2010) skip most distance
// computations with bit-identical results. A seeded math/rand/v2 source
// gives the same result on any machine and with any number of goroutines,
// which share the restarts (or, with a progress callback, the passes of
// each run).
// [Result.Predict] assigns new points.
//
// Scale features first ([FitScaler]: z-score with the population standard
// deviation, min-max, log1p), or a feature with large numbers (money)
// dominates one with small numbers (visits).
//
// # Quality and choosing k
//
// The silhouette s(i) = (b − a)/max(a, b) ∈ [−1, 1] (Rousseeuw 1987)
// compares a point's mean distance a to its own cluster with the mean
// distance b to the nearest other cluster; [Silhouette] computes it
// exactly (in parallel) or estimates it from a seeded sample. The
// [CalinskiHarabasz] index (higher is better) and the [DaviesBouldin]
// index (lower is better) need only the cluster means. [ElbowCurve] fits a
// range of k; [Curve.Knee] and [Curve.BestSilhouette] pick k
// deterministically. [AdjustedRand] compares two partitions.
//
// # RFM
//
// [BuildRFM] summarises a purchase log ([journey.Purchase]) at an as-of
// date into recency (days since the last purchase), frequency (number of
// purchases) and monetary value (total spent) per customer, scores each
// 1..5 by quintile (R reversed, so recent buyers score 5) and names the
// segment of the (R, F) pair with the 10-segment grid of [RFMSegment]
// (Champions, Loyal Customers, …, Hibernating). [ClusterRFM] is the
// data-driven alternative: k-means on log-scaled RFM values.
//
// # Beyond clustering
//
// [Profiles] describes each segment (size, share, revenue share, feature
// means in original units, and the features that most set it apart by
// standardised mean difference). [MatchCenters] and [Align] keep segment
// identities stable across reruns and refreshes by an optimal (Hungarian)
// assignment of new centres to old ones, and [Migrate] counts customers
// moving between segments from one date to the next.
//
// See Example_segmentCustomers and Example_rfmSegments.
package segment
