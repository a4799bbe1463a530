package segment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// Curve is k-means fitted over a range of k: the elbow curve of inertia
// against k, from which [Curve.Knee] and [Curve.BestSilhouette] choose k.
type Curve struct {
	K       []int     // the numbers of clusters, increasing
	Inertia []float64 // best inertia for each K
	Results []Result  // the fits
}

// ElbowCurve fits km for every k in kMin..kMax (km.K is ignored). The
// source km.Src is used for the values of k in increasing order, so a
// seeded source gives the same curve every time. km.Progress, if set,
// receives the progress of every fit. It returns [ErrSettings] for an
// empty range and the errors of [KMeans.Fit].
func ElbowCurve(ctx context.Context, x Matrix, kMin, kMax int, km KMeans) (Curve, error) {
	if kMin < 1 || kMax < kMin {
		return Curve{}, fmt.Errorf("%w: k range %d..%d", ErrSettings, kMin, kMax)
	}
	if km.Src == nil {
		km.Src = rand.NewPCG(rand.Uint64(), rand.Uint64())
	}
	var c Curve
	for k := kMin; k <= kMax; k++ {
		km.K = k
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

// Knee returns the k at the knee ("elbow") of the curve by the
// maximum-distance-to-chord rule, which is Kneedle's difference curve
// (Satopää et al. 2011) without smoothing: scale k and the inertia to
// [0, 1] (k_n = (k − k₁)/(k_last − k₁), I_n = (I − I_min)/(I_max − I_min)),
// and take the point farthest below the straight line from the first
// point to the last, i.e. the largest 1 − k_n − I_n for a falling curve.
// Ties go to the smaller k. With fewer than 3 points, or a flat curve, it
// returns the first k. The rule is deterministic: equal curves give equal
// answers.
func (c Curve) Knee() int {
	n := len(c.K)
	if n == 0 {
		return 0
	}
	if n < 3 {
		return c.K[0]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range c.Inertia {
		lo, hi = min(lo, v), max(hi, v)
	}
	if !(hi > lo) {
		return c.K[0]
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
	return best
}

// BestSilhouette returns the k whose fit has the highest mean silhouette
// (ties: the smaller k) and the mean silhouette of every k (NaN for k = 1,
// where it is undefined). s tunes the silhouette as in [Silhouette]; with a
// sampled silhouette pass a seeded s.Src for a reproducible choice: the
// sample is drawn afresh for every k from it, in increasing k.
func (c Curve) BestSilhouette(ctx context.Context, x Matrix, s *SilhouetteSettings) (int, []float64, error) {
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
		return 0, scores, fmt.Errorf("%w: no k in 2..n-1", ErrTooFew)
	}
	return best, scores, nil
}
