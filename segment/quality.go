package segment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// centroids returns the mean of every cluster of members (rows of x) and
// the mean of all points.
func centroids(x Matrix, members [][]int) (cent [][]float64, overall []float64) {
	d := x.Cols
	overall = make([]float64, d)
	cent = make([][]float64, len(members))
	for c, mem := range members {
		cent[c] = make([]float64, d)
		for _, i := range mem {
			axpy(cent[c], 1, x.Row(i))
		}
		axpy(overall, 1, cent[c])
		for j := range cent[c] {
			cent[c][j] /= float64(len(mem))
		}
	}
	for j := range overall {
		overall[j] /= float64(x.Rows)
	}
	return cent, overall
}

// CalinskiHarabasz returns the Calinski–Harabasz index (variance ratio
// criterion; Caliński & Harabasz 1974) of a clustering of the rows of x:
//
//	CH = [B / (k − 1)] / [W / (n − k)],
//
// where B = Σ_c n_c‖m_c − m‖² is the between-cluster and W = Σᵢ‖xᵢ − m_c(i)‖²
// the within-cluster sum of squares, m_c the cluster means and m the overall
// mean. Higher is better; the range is [0, +Inf). It is +Inf when every
// point equals its cluster mean (W = 0; scikit-learn returns 1 there).
// Labels are integers in [0, n); there must be 2..n−1 distinct labels
// ([ErrOutOfRange]). The errors are those of [Silhouette].
func CalinskiHarabasz(x Matrix, labels []int) (float64, error) {
	members, _, err := qualityInput(x, labels, 2, x.Rows-1)
	if err != nil {
		return math.NaN(), err
	}
	cent, overall := centroids(x, members)
	var between, within float64
	for c, mem := range members {
		between += float64(len(mem)) * sqDist(cent[c], overall)
		for _, i := range mem {
			within += sqDist(x.Row(i), cent[c])
		}
	}
	n, k := float64(x.Rows), float64(len(members))
	if math.IsInf(between, 0) || math.IsInf(within, 0) {
		return math.NaN(), errOverflow
	}
	if within == 0 {
		return math.Inf(1), nil
	}
	return between * (n - k) / (within * (k - 1)), nil
}

// DaviesBouldin returns the Davies–Bouldin index (Davies & Bouldin 1979):
//
//	DB = (1/k) Σ_c max_{c′≠c} (S_c + S_c′) / ‖m_c − m_c′‖,
//
// where S_c is the mean Euclidean distance of cluster c's points to its
// mean m_c. Lower is better; the range is [0, +Inf). Clusters with equal
// means contribute as if infinitely far apart (as in scikit-learn), and
// DB = 0 when every point equals its cluster mean. Labels are integers in
// [0, n); there must be at least 2 distinct labels ([ErrOutOfRange]). The
// cost is O(n·d + k²·d) for k clusters, so it takes ctx and returns
// ctx.Err() when ctx is cancelled; the other errors are those of
// [Silhouette].
func DaviesBouldin(ctx context.Context, x Matrix, labels []int) (float64, error) {
	members, _, err := qualityInput(x, labels, 2, x.Rows)
	if err != nil {
		return math.NaN(), err
	}
	cent, _ := centroids(x, members)
	k := len(members)
	spread := make([]float64, k)
	for c, mem := range members {
		for _, i := range mem {
			spread[c] += math.Sqrt(sqDist(x.Row(i), cent[c]))
		}
		spread[c] /= float64(len(mem))
	}
	for _, v := range spread {
		if math.IsInf(v, 0) {
			return math.NaN(), errOverflow
		}
	}
	total := 0.0
	for a := 0; a < k; a++ {
		if a%64 == 0 {
			if err := ctx.Err(); err != nil {
				return math.NaN(), err
			}
		}
		worst := 0.0
		for b := 0; b < k; b++ {
			if b == a {
				continue
			}
			dist := math.Sqrt(sqDist(cent[a], cent[b]))
			if dist == 0 {
				continue
			}
			if math.IsInf(dist, 0) {
				return math.NaN(), errOverflow
			}
			worst = max(worst, (spread[a]+spread[b])/dist)
		}
		total += worst
	}
	return total / float64(k), nil
}

// errOverflow reports distances too large for a float64.
var errOverflow = fmt.Errorf("%w: squared distances overflow float64 (scale the data)", ErrNonFinite)

func qualityInput(x Matrix, labels []int, minK, maxK int) ([][]int, []int, error) {
	if err := x.Validate(); err != nil {
		return nil, nil, err
	}
	members, id, err := clusterIndex(labels, x.Rows)
	if err != nil {
		return nil, nil, err
	}
	if len(members) < minK || len(members) > maxK {
		return nil, nil, inputErr(-1, "number of clusters", len(members), ErrOutOfRange, "%d..%d", minK, maxK)
	}
	return members, id, nil
}

// AdjustedRand returns the adjusted Rand index (Hubert & Arabie 1985) of two
// labellings of the same points: 1 for identical partitions (whatever the
// label numbers), about 0 for independent ones, and down to −0.5 for
// partitions that disagree more than chance. It is the standard way to
// check that two segmentations, e.g. of two reruns, are the same. When
// both labellings put every point in one cluster (or each in its own) the
// index is 1. Labels are integers in [0, n).
//
// Errors: labellings of different lengths ([ErrLength]), none ([ErrEmpty]),
// an [*InputError] wrapping [ErrOutOfRange] for a label outside 0..n−1.
func AdjustedRand(a, b []int) (float64, error) {
	if len(a) != len(b) {
		return math.NaN(), fmt.Errorf("%w: %d and %d labels", ErrLength, len(a), len(b))
	}
	if len(a) == 0 {
		return math.NaN(), fmt.Errorf("%w: no labels", ErrEmpty)
	}
	ma, ia, err := clusterIndex(a, len(a))
	if err != nil {
		return math.NaN(), err
	}
	mb, ib, err := clusterIndex(b, len(b))
	if err != nil {
		return math.NaN(), err
	}
	if len(a) == 1 {
		return 1, nil // one point: one cluster in both, a perfect match
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	table := map[[2]int]int{}
	for i := range ia {
		table[[2]int{ia[i], ib[i]}]++
	}
	var index, sa, sb float64
	for _, v := range table {
		index += pairs(v)
	}
	for _, m := range ma {
		sa += pairs(len(m))
	}
	for _, m := range mb {
		sb += pairs(len(m))
	}
	expected := sa * sb / pairs(len(a))
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1, nil
	}
	return (index - expected) / (maxIndex - expected), nil
}

// Curve is k-means fitted over a range of k: the elbow curve of inertia
// against k, from which [Curve.Knee] and [Curve.BestSilhouette] choose k.
// Its methods only read it, so it is safe for concurrent use.
//
// JSON keys: k, inertia, results.
type Curve struct {
	K       []int     // the numbers of clusters, increasing
	Inertia []float64 // best inertia for each K
	Results []Result  // the fits
}

// ElbowCurve fits km for every k in kMin..kMax (km.K is ignored). The
// source km.Src is used for the values of k in increasing order, so a
// seeded source gives the same curve every time. km.Progress, if set,
// receives the progress of the whole curve (done out of total steps, the
// fits one after another).
//
// It returns an [*InputError] wrapping [ErrOutOfRange] unless
// 1 ≤ kMin ≤ kMax ≤ the number of points, and the errors of [KMeans.Fit]
// (with the k that failed), ctx.Err() among them.
func ElbowCurve(ctx context.Context, x Matrix, kMin, kMax int, km KMeans) (Curve, error) {
	if err := x.Validate(); err != nil {
		return Curve{}, err
	}
	if kMin < 1 || kMin > x.Rows {
		return Curve{}, settingErr("kMin", kMin, ErrOutOfRange, "1..%d (the number of points)", x.Rows)
	}
	if kMax < kMin || kMax > x.Rows {
		return Curve{}, settingErr("kMax", kMax, ErrOutOfRange, "%d..%d (kMin..the number of points)", kMin, x.Rows)
	}
	if km.Src == nil {
		km.Src = rand.NewPCG(rand.Uint64(), rand.Uint64())
	}
	fits := kMax - kMin + 1
	outer := km.Progress
	// The fits' steps, one after another: a fit has Restarts × MaxIter of
	// them, and the default Restarts depends on k.
	offsets, grand := km.curveSteps(x, kMin, kMax)
	var c Curve
	for k := kMin; k <= kMax; k++ {
		km.K = k
		if outer != nil {
			i := k - kMin
			km.Progress = func(done, total int) {
				if offsets != nil {
					outer(offsets[i]+min(done, offsets[i+1]-offsets[i]), grand)
				} else if done == total {
					outer(i+1, fits) // too many steps to count: one per fit
				}
			}
		}
		r, err := km.Fit(ctx, x)
		if err != nil {
			return Curve{}, fmt.Errorf("k = %d: %w", k, err)
		}
		c.K = append(c.K, k)
		c.Inertia = append(c.Inertia, r.Inertia)
		c.Results = append(c.Results, r)
	}
	return c, nil
}

// curveSteps returns where each fit of ElbowCurve starts in the count of
// progress steps (offsets[i] for k = kMin + i, and offsets[fits] = grand,
// the total), or nil when the count would overflow an int.
func (km KMeans) curveSteps(x Matrix, kMin, kMax int) (offsets []int, grand int) {
	maxIter := km.MaxIter
	if maxIter <= 0 {
		maxIter = 300
	}
	offsets = []int{0}
	for k := kMin; k <= kMax; k++ {
		r := km.Restarts
		if r <= 0 {
			r = defaultRestarts(x.Rows, k, x.Cols)
		}
		if km.Init == InitGiven {
			r = 1
		}
		if r > math.MaxInt/maxIter || grand > math.MaxInt-r*maxIter {
			return nil, 0
		}
		grand += r * maxIter
		offsets = append(offsets, grand)
	}
	return offsets, grand
}

// check validates a curve built elsewhere (decoded from JSON, say).
func (c Curve) check() error {
	if len(c.K) == 0 {
		return fmt.Errorf("%w: empty curve", ErrEmpty)
	}
	if len(c.Inertia) != len(c.K) {
		return fmt.Errorf("%w: %d inertias for %d values of k", ErrLength, len(c.Inertia), len(c.K))
	}
	for i, k := range c.K {
		if k < 1 || (i > 0 && k <= c.K[i-1]) {
			return inputErr(i, "k", k, ErrOutOfRange, "(the values of k must be ≥ 1 and increase)")
		}
		if v := c.Inertia[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return inputErr(i, "inertia", v, ErrNonFinite, "")
		}
	}
	return nil
}

// Knee returns the k at the knee ("elbow") of the curve by the
// maximum-distance-to-chord rule, which is Kneedle's difference curve
// (Satopää et al. 2011) without smoothing: scale k and the inertia to
// [0, 1] (k_n = (k − k₁)/(k_last − k₁), I_n = (I − I_min)/(I_max − I_min)),
// and take the point farthest below the straight line from the first
// point to the last, i.e. the largest 1 − k_n − I_n for a falling curve.
// Ties go to the smaller k. With fewer than 3 points, or a flat curve, it
// returns the first k. The rule is deterministic: equal curves give equal
// answers.
//
// It returns [ErrEmpty] for a curve with no points (the zero Curve),
// [ErrLength] when K and Inertia differ in length, and an [*InputError]
// for values of k that do not increase ([ErrOutOfRange]) or an inertia
// that is NaN or infinite ([ErrNonFinite]).
func (c Curve) Knee() (int, error) {
	if err := c.check(); err != nil {
		return 0, err
	}
	n := len(c.K)
	if n < 3 {
		return c.K[0], nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range c.Inertia {
		lo, hi = min(lo, v), max(hi, v)
	}
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return c.K[0], nil
	}
	first, last := c.Inertia[0], c.Inertia[n-1]
	span := float64(c.K[n-1] - c.K[0])
	best, bestGap := c.K[0], 0.0
	for i, k := range c.K {
		kn := float64(k-c.K[0]) / span
		in := (c.Inertia[i] - lo) / (hi - lo)
		// Distance below the chord from (0, f) to (1, l), up to a constant factor.
		chord := ((first-lo)*(1-kn) + (last-lo)*kn) / (hi - lo)
		if gap := chord - in; gap > bestGap {
			best, bestGap = k, gap
		}
	}
	return best, nil
}

// BestSilhouette returns the k whose fit has the highest mean silhouette
// (ties: the smaller k) and the mean silhouette of every k (NaN for k = 1,
// where it is undefined). s tunes the silhouette as in [Silhouette]; with a
// sampled silhouette pass a seeded s.Src for a reproducible choice: the
// sample is drawn afresh for every k from it, in increasing k.
//
// It returns the errors of [Curve.Knee] for a malformed curve, [ErrLength]
// when Results is not one per k, an [*InputError] wrapping [ErrOutOfRange]
// when no k is in 2..n−1, and the errors of [Silhouette] (with the k).
func (c Curve) BestSilhouette(ctx context.Context, x Matrix, s *SilhouetteSettings) (int, []float64, error) {
	if err := c.check(); err != nil {
		return 0, nil, err
	}
	if len(c.Results) != len(c.K) {
		return 0, nil, fmt.Errorf("%w: %d results for %d values of k", ErrLength, len(c.Results), len(c.K))
	}
	scores := make([]float64, len(c.K))
	best, bestScore := 0, math.Inf(-1)
	for i, r := range c.Results {
		if c.K[i] < 2 || c.K[i] >= x.Rows {
			scores[i] = math.NaN()
			continue
		}
		sil, err := Silhouette(ctx, x, r.Labels, s)
		if err != nil {
			return 0, nil, fmt.Errorf("k = %d: %w", c.K[i], err)
		}
		scores[i] = sil.Mean
		if sil.Mean > bestScore {
			best, bestScore = c.K[i], sil.Mean
		}
	}
	if best == 0 {
		return 0, scores, inputErr(-1, "k", fmt.Sprintf("%d..%d", c.K[0], c.K[len(c.K)-1]), ErrOutOfRange, "(need a k in 2..%d for the silhouette)", x.Rows-1)
	}
	return best, scores, nil
}
