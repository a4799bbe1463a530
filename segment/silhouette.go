package segment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// SilhouetteSettings tunes [Silhouette]. A nil *SilhouetteSettings means
// the zero value: exact, on runtime.GOMAXPROCS(0) goroutines.
type SilhouetteSettings struct {
	// SampleSize, when > 0 and below the number of points, turns on the
	// sampled estimate: that many points are drawn without replacement and
	// their exact silhouettes (against all points) are averaged. Zero means
	// the exact silhouette of every point.
	SampleSize int
	// Src seeds the sample (nil: the global source of math/rand/v2).
	Src rand.Source
	// Workers is the number of goroutines; zero means runtime.GOMAXPROCS(0).
	// The result does not depend on it.
	Workers int
}

// SilhouetteResult holds silhouette values.
type SilhouetteResult struct {
	// Mean is the mean silhouette: over all points when exact, over the
	// sampled points for the estimate.
	Mean float64
	// Samples holds the silhouette of each point (exact), or of each
	// sampled point in the order of Rows (estimate).
	Samples []float64
	// Rows lists the sampled rows, increasing; nil when exact.
	Rows []int
	// StdErr is the standard error of Mean as an estimate of the exact mean
	// (with the finite-population correction); 0 when exact.
	StdErr float64
}

// clusterIndex checks labels against n points and groups the rows by
// cluster: members[c] lists the rows of the c-th non-empty cluster in
// increasing order and id[i] is the compact cluster of row i.
func clusterIndex(labels []int, n int) (members [][]int, id []int, err error) {
	if len(labels) != n {
		return nil, nil, fmt.Errorf("%w: %d labels for %d points", ErrLabel, len(labels), n)
	}
	compact := map[int]int{}
	id = make([]int, n)
	for i, l := range labels {
		if l < 0 || l >= n {
			return nil, nil, rowErr(i, -1, ErrLabel, "label %d not in [0, %d)", l, n)
		}
		c, ok := compact[l]
		if !ok {
			c = len(compact)
			compact[l] = c
			members = append(members, nil)
		}
		id[i] = c
		members[c] = append(members[c], i)
	}
	return members, id, nil
}

// Silhouette returns the silhouette of a clustering (Rousseeuw 1987). For
// point i in cluster A, a(i) is the mean Euclidean distance to the other
// points of A and b(i) the smallest mean distance to the points of another
// cluster; s(i) = (b − a) / max(a, b) ∈ [−1, 1], and s(i) = 0 when i is
// alone in its cluster (as in scikit-learn and R's cluster::silhouette) or
// when a = b = 0. Labels may be any integers in [0, n); there must be at
// least 2 and at most n − 1 distinct labels ([ErrTooFew]).
//
// The exact silhouette costs n² distances, split across goroutines by
// point; each point's sums run in row order, so the result is the same for
// any number of goroutines. For large n, set SampleSize: each sampled point
// still gets its exact s(i) (m·n distances), so the estimate is unbiased,
// unlike scikit-learn's silhouette_score(sample_size=m), which computes the
// silhouette of the m-point subsample on its own.
func Silhouette(ctx context.Context, x Matrix, labels []int, s *SilhouetteSettings) (SilhouetteResult, error) {
	if s == nil {
		s = &SilhouetteSettings{}
	}
	if s.SampleSize < 0 || s.Workers < 0 {
		return SilhouetteResult{}, fmt.Errorf("%w: negative SampleSize or Workers", ErrSettings)
	}
	if err := x.Validate(); err != nil {
		return SilhouetteResult{}, err
	}
	members, id, err := clusterIndex(labels, x.Rows)
	if err != nil {
		return SilhouetteResult{}, err
	}
	if len(members) < 2 || len(members) > x.Rows-1 {
		return SilhouetteResult{}, fmt.Errorf("%w: %d distinct labels for %d points, need 2..n-1", ErrTooFew, len(members), x.Rows)
	}
	var rows []int
	if s.SampleSize > 0 && s.SampleSize < x.Rows {
		rows = sampleRows(x.Rows, s.SampleSize, s.Src)
	}
	m := x.Rows
	if rows != nil {
		m = len(rows)
	}
	out := make([]float64, m)
	// Order the data by cluster once so that each point's inner loop runs
	// over contiguous memory and sums one cluster at a time in a register.
	perm := make([]int, 0, x.Rows)
	for _, mem := range members {
		perm = append(perm, mem...)
	}
	sorted := make([]float64, 0, len(x.Data))
	for _, i := range perm {
		sorted = append(sorted, x.Row(i)...)
	}
	bounds := make([]int, len(members)+1)
	for c, mem := range members {
		bounds[c+1] = bounds[c] + len(mem)
	}
	p := newPool(m, s.Workers)
	err = p.run(ctx, func(_, lo, hi int) {
		sums := make([]float64, len(members))
		for t := lo; t < hi; t++ {
			i := t
			if rows != nil {
				i = rows[t]
			}
			out[t] = silhouetteOf(x.Row(i), id[i], sorted, bounds, x.Cols, sums)
		}
	})
	if err != nil {
		return SilhouetteResult{}, err
	}
	res := SilhouetteResult{Samples: out, Rows: rows}
	for _, v := range out {
		res.Mean += v
	}
	res.Mean /= float64(m)
	if rows != nil && m > 1 {
		ss := 0.0
		for _, v := range out {
			ss += (v - res.Mean) * (v - res.Mean)
		}
		fpc := float64(x.Rows-m) / float64(x.Rows-1)
		res.StdErr = math.Sqrt(ss / float64(m-1) / float64(m) * fpc)
	}
	return res, nil
}

// silhouetteOf returns s(i) for point xi of cluster own, given the data
// ordered by cluster (cluster c in rows bounds[c]..bounds[c+1]).
func silhouetteOf(xi []float64, own int, sorted []float64, bounds []int, d int, sums []float64) float64 {
	for c := range sums {
		lo, hi := bounds[c], bounds[c+1]
		if d == 8 {
			sums[c] = distSum8(xi, sorted[lo*8:hi*8])
		} else {
			t := 0.0
			for j := lo; j < hi; j++ {
				t += math.Sqrt(sqDist(xi, sorted[j*d:(j+1)*d]))
			}
			sums[c] = t
		}
	}
	nOwn := bounds[own+1] - bounds[own]
	if nOwn == 1 {
		return 0
	}
	a := sums[own] / float64(nOwn-1)
	b := math.Inf(1)
	for c, t := range sums {
		if c != own {
			b = min(b, t/float64(bounds[c+1]-bounds[c]))
		}
	}
	if den := max(a, b); den > 0 {
		return (b - a) / den
	}
	return 0
}

// distSum8 returns Σⱼ ‖x − yⱼ‖ over the 8-feature rows of ys, with the same
// per-distance arithmetic as sqDist8, two rows per step.
func distSum8(x, ys []float64) float64 {
	x = x[:8:8]
	x0, x1, x2, x3, x4, x5, x6, x7 := x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]
	var t0, t1 float64
	j := 0
	for ; j+16 <= len(ys); j += 16 {
		y := ys[j : j+16 : j+16]
		a0, a1, a2, a3 := x0-y[0], x1-y[1], x2-y[2], x3-y[3]
		a4, a5, a6, a7 := x4-y[4], x5-y[5], x6-y[6], x7-y[7]
		b0, b1, b2, b3 := x0-y[8], x1-y[9], x2-y[10], x3-y[11]
		b4, b5, b6, b7 := x4-y[12], x5-y[13], x6-y[14], x7-y[15]
		sa := (float64(a0*a0) + float64(a4*a4) + (float64(a1*a1) + float64(a5*a5))) +
			(float64(a2*a2) + float64(a6*a6) + (float64(a3*a3) + float64(a7*a7)))
		sb := (float64(b0*b0) + float64(b4*b4) + (float64(b1*b1) + float64(b5*b5))) +
			(float64(b2*b2) + float64(b6*b6) + (float64(b3*b3) + float64(b7*b7)))
		t0 += math.Sqrt(sa)
		t1 += math.Sqrt(sb)
	}
	if j < len(ys) {
		t0 += math.Sqrt(sqDist8(x, ys[j:j+8]))
	}
	return t0 + t1
}

// sampleRows draws m of n rows without replacement and returns them sorted.
func sampleRows(n, m int, src rand.Source) []int {
	var rng *rand.Rand
	if src != nil {
		rng = rand.New(src)
	} else {
		rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	chosen := make(map[int]struct{}, m)
	rows := make([]int, 0, m)
	// Floyd's algorithm: m draws, no O(n) permutation.
	for j := n - m; j < n; j++ {
		t := rng.IntN(j + 1)
		if _, ok := chosen[t]; ok {
			t = j
		}
		chosen[t] = struct{}{}
		rows = append(rows, t)
	}
	slices.Sort(rows)
	return rows
}
