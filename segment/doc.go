// Package segment turns customer data into segments that a CX team can
// name, profile and track: k-means clustering, feature scaling, cluster
// quality indices, choosing k, RFM scoring with named segments, segment
// profiles, stable segment identities and migration between segments.
//
// # k-means
//
// [KMeans] partitions n points into K clusters so as to minimise the
// inertia, the within-cluster sum of squares Σᵢ wᵢ‖xᵢ − c(i)‖², where c(i)
// is the mean (centre) of point i's cluster. It follows scikit-learn's
// KMeans: greedy k-means++ starts (Arthur & Vassilvitskii 2007), several
// restarts keeping the lowest inertia, Lloyd iterations (Lloyd 1982) that
// stop when no label changes or the squared centre shift falls to Tol ×
// the mean feature variance, and empty clusters re-seeded with the
// farthest points; small fits get more restarts and a final Hartigan
// refinement (Hartigan & Wong 1979). Hamerly's bounds (Hamerly 2010) skip
// most distance computations with bit-identical results. A seeded source gives the same
// result on any machine and for any number of goroutines.
// [MiniBatchKMeans] (Sculley 2010) fits tens of millions of points from
// small random batches, each centre moving to the running mean of the
// points it received. [Result.Predict] assigns new points. Scale features first
// ([FitScaler]), or money dominates visits.
//
// # Quality, choosing k, RFM
//
// The silhouette s(i) = (b − a)/max(a, b) ∈ [−1, 1] (Rousseeuw 1987)
// compares a point's mean distance a to its own cluster with the mean
// distance b to the nearest other one ([Silhouette], exact or sampled);
// [CalinskiHarabasz] (higher is better) and [DaviesBouldin] (lower is
// better) need only the cluster means. [ElbowCurve] fits a range of k;
// [Curve.Knee] and [Curve.BestSilhouette] pick one. [AdjustedRand]
// compares two partitions. [BuildRFM] scores a purchase log
// ([journey.Purchase]) by recency, frequency and monetary value, 1..5 by
// quintile, and names the segment of the (R, F) pair ([RFMSegment]:
// Champions … Hibernating); [ClusterRFM] is the k-means alternative.
// [Profiles] describes each segment; [MatchCenters] and [Align] keep
// segment identities stable across refits (Hungarian assignment), and
// [Migrate] counts customers moving between segments.
//
// # Conventions (as in every cxkit package)
//
//   - The earlier or reference fit comes first: MatchCenters(ctx, prev,
//     next), Align(ctx, prev, r), Migrate(before, after).
//   - Settings: the zero value of every field is its documented default
//     (KMeans{} fits 8 clusters; a nil *SilhouetteSettings or *ScalerSettings).
//   - Errors wrap ErrEmpty, ErrNonFinite, ErrOutOfRange, ErrLength,
//     ErrNegative or ErrDate; a bad value with a position or a name comes
//     as an [*InputError]. No function panics on data or settings.
//   - Calls that iterate or grow faster than their input take ctx first
//     and return ctx.Err() soon after it is cancelled; long ones report
//     Progress func(done, total int).
//   - Every result, fitted model and settings value encodes to JSON with
//     snake_case keys (NaN as null, ±Inf as "Infinity"), enumerations by
//     name, and decodes back: a Result or Scaler from JSON assigns and
//     transforms exactly as the original.
//
// See Example_segmentCustomers and Example_rfmSegments.
package segment
