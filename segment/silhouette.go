package segment

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// SilhouetteSettings tunes [Silhouette]. A nil *SilhouetteSettings means
// the zero value: exact, on runtime.GOMAXPROCS(0) goroutines.
//
// JSON keys: sample_size, workers (Src and Progress are not encoded).
type SilhouetteSettings struct {
	// SampleSize, when > 0 and below the number of points, turns on the
	// sampled estimate: that many points are drawn without replacement and
	// their exact silhouettes (against all points) are averaged. Zero means
	// the exact silhouette of every point.
	SampleSize int
	// Src seeds the sample (nil: the global source of math/rand/v2; not
	// encoded).
	Src rand.Source
	// Workers is the number of goroutines; zero means runtime.GOMAXPROCS(0).
	// The result does not depend on it.
	Workers int
	// Progress, if not nil, is called with done out of total units of work
	// (blocks of points) as the work proceeds, done increasing, one call at
	// a time but from the worker goroutines (not encoded).
	Progress func(done, total int)
}

// SilhouetteResult holds silhouette values.
//
// JSON keys: mean, samples, rows, std_err.
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

// Silhouette returns the silhouette of a clustering (Rousseeuw 1987). For
// point i in cluster A, a(i) is the mean Euclidean distance to the other
// points of A and b(i) the smallest mean distance to the points of another
// cluster; s(i) = (b − a) / max(a, b) ∈ [−1, 1], and s(i) = 0 when i is
// alone in its cluster (as in scikit-learn and R's cluster::silhouette) or
// when a = b = 0. Labels may be any integers in [0, n); there must be at
// least 2 and at most n − 1 distinct labels ([ErrOutOfRange]).
//
// The exact silhouette computes each of the n(n − 1)/2 distances once, on
// tiles of point pairs shared among goroutines, and accumulates them in
// 64-bit fixed point (see allPairSums) so that the
// result is the same for any number of goroutines; this needs n × k int64
// per goroutine and is used up to 64 clusters and n × k = 2²⁴ (above, each
// point's sums are taken in row order, n² distances, in O(n) memory). For large n, set SampleSize: each
// sampled point still gets its exact s(i) (m·n distances), so the estimate
// is unbiased, unlike scikit-learn's silhouette_score(sample_size=m), which
// computes the silhouette of the m-point subsample on its own.
//
// Errors: the errors of [Matrix.Validate], [ErrLength] for labels of the
// wrong length, an [*InputError] wrapping [ErrOutOfRange] for a label out of
// range (naming its index), [ErrOutOfRange] for too few or too many
// clusters, an [*InputError] wrapping [ErrNegative] for a negative setting,
// [ErrNonFinite] when the distances overflow float64, and ctx.Err() when
// ctx is cancelled.
func Silhouette(ctx context.Context, x Matrix, labels []int, s *SilhouetteSettings) (SilhouetteResult, error) {
	if s == nil {
		s = &SilhouetteSettings{}
	}
	if s.SampleSize < 0 {
		return SilhouetteResult{}, settingErr("sample size", s.SampleSize, ErrNegative, "")
	}
	if s.Workers < 0 {
		return SilhouetteResult{}, settingErr("workers", s.Workers, ErrNegative, "")
	}
	if err := ctx.Err(); err != nil {
		return SilhouetteResult{}, err
	}
	if err := x.Validate(); err != nil {
		return SilhouetteResult{}, err
	}
	members, id, err := clusterIndex(labels, x.Rows)
	if err != nil {
		return SilhouetteResult{}, err
	}
	if len(members) < 2 || len(members) > x.Rows-1 {
		return SilhouetteResult{}, inputErr(-1, "number of clusters", len(members), ErrOutOfRange, "2..%d (n − 1) for the silhouette", x.Rows-1)
	}
	diag := boxDiagonal(x)
	if math.IsInf(diag, 0) {
		return SilhouetteResult{}, errOverflow
	}
	if err := ctx.Err(); err != nil {
		return SilhouetteResult{}, err
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
	// The fixed point of allPairSums needs a unit n·diag/2⁶² that a float64
	// holds (data spread below ~1e-280 takes the float path).
	fixed := diag == 0 || diag > 1e-280
	if rows == nil && len(members) <= maxPairClusters && x.Rows*len(members) <= maxPairCells && fixed {
		// Exact: every pair once, in fixed point (see allPairSums).
		sums, err := allPairSums(ctx, sorted, bounds, x.Cols, s.Workers, diag, s.Progress)
		if err != nil {
			return SilhouetteResult{}, err
		}
		k := len(members)
		for p, i := range perm {
			out[i] = silhouetteFromSums(sums[p*k:(p+1)*k], id[i], bounds)
		}
	} else {
		p := newPool(m, s.Workers)
		prog := &progress{total: p.chunks, f: s.Progress}
		err = p.run(ctx, func(_, lo, hi int) {
			defer prog.add(1)
			sums := make([]float64, len(members))
			for t := lo; t < hi; t++ {
				if (t-lo)%32 == 31 && ctx.Err() != nil {
					return // each point costs n distances: check often
				}
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
	return silhouetteFromSums(sums, own, bounds)
}

// silhouetteFromSums returns s(i) from the sums of point i's distances to
// each cluster.
func silhouetteFromSums(sums []float64, own int, bounds []int) float64 {
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

// The exact silhouette needs, for every point, the sum of its distances to
// the points of every cluster: n(n − 1)/2 distances, each with a square
// root. allPairSums computes each distance once and adds it to both
// points' sums. To keep the result independent of how the pairs are split
// among goroutines, the distances are accumulated in 64-bit fixed point:
// each distance is rounded to a multiple of q = n·D/2⁶², D being the data's
// bounding-box diagonal (so no sum can overflow), and integer addition is
// exact and associative. The rounding error of a sum of n distances is at
// most n·q/2 = n²D/2⁶³, about 1e-11·D for n = 10⁵ — far below the float64
// error of summing the same distances in any fixed order over such n.

// pairTile is the side of the square tiles of point pairs.
const pairTile = 128

// maxPairClusters and maxPairCells bound the clusters and the n × k
// partial sums for which allPairSums is used (each of its goroutines holds
// n × k int64, at most maxPairMemory of them in all). Neither depends on
// the number of goroutines, so neither does the result.
const (
	maxPairClusters = 64
	maxPairCells    = 1 << 24
	maxPairMemory   = 1 << 25
)

// allPairSums returns sums[p*k+c] = Σ distances from sorted point p to the
// points of cluster c (p's own distance 0 included), for points ordered by
// cluster (cluster c holds positions bounds[c]..bounds[c+1]).
func allPairSums(ctx context.Context, sorted []float64, bounds []int, d, workers int, diag float64, onProgress func(done, total int)) ([]float64, error) {
	n, k := bounds[len(bounds)-1], len(bounds)-1
	scale := 1.0
	if diag > 0 {
		scale = math.Ldexp(1, 62) / (float64(n) * diag)
	}
	cluster := make([]int32, n)
	for c := 0; c < k; c++ {
		for p := bounds[c]; p < bounds[c+1]; p++ {
			cluster[p] = int32(c)
		}
	}
	blocks := (n + pairTile - 1) / pairTile
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Each goroutine holds n × k partial sums: no more of them than can run.
	workers = max(1, min(workers, blocks, runtime.GOMAXPROCS(0), maxPairMemory/(n*k)))
	accs := make([][]int64, workers)
	prog := &progress{total: blocks * (blocks + 1) / 2, f: onProgress} // tiles
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range accs {
		accs[w] = make([]int64, n*k)
		wg.Add(1)
		go func(acc []int64) {
			defer wg.Done()
			// Hand out row blocks from the largest (block 0 pairs with
			// every block) to the smallest, for balance.
			for {
				bi := int(next.Add(1) - 1)
				if bi >= blocks || ctx.Err() != nil {
					return
				}
				for bj := bi; bj < blocks; bj++ {
					if (bj-bi)%16 == 15 && ctx.Err() != nil {
						return
					}
					pairTileSums(sorted, bounds, cluster, d, k, scale, bi, bj, n, acc)
				}
				prog.add(blocks - bi)
			}
		}(accs[w])
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sums := make([]float64, n*k)
	for p := range sums {
		var t int64
		for _, acc := range accs {
			t += acc[p]
		}
		sums[p] = float64(t) / scale
	}
	return sums, nil
}

// pairTileSums adds the fixed-point distances of the pairs (i, j) with i in
// row block bi and j in column block bj (j > i on the diagonal tile) to
// acc[i][cluster j] and acc[j][cluster i].
func pairTileSums(sorted []float64, bounds []int, cluster []int32, d, k int, scale float64, bi, bj, n int, acc []int64) {
	ilo, ihi := bi*pairTile, min(n, (bi+1)*pairTile)
	jlo, jhi := bj*pairTile, min(n, (bj+1)*pairTile)
	for i := ilo; i < ihi; i++ {
		ci := int(cluster[i])
		xi := sorted[i*d : (i+1)*d]
		start := jlo
		if bi == bj {
			start = i + 1
		}
		// Walk the column range one cluster segment at a time.
		for j := start; j < jhi; {
			c := int(cluster[j])
			end := min(jhi, bounds[c+1])
			var s int64
			if d == 8 {
				s = fixedDistRow8(xi, sorted, j, end, scale, acc, k, ci)
			} else {
				for jj := j; jj < end; jj++ {
					v := int64(math.Sqrt(sqDist(xi, sorted[jj*d:(jj+1)*d]))*scale + 0.5)
					s += v
					acc[jj*k+ci] += v
				}
			}
			acc[i*k+c] += s
			j = end
		}
	}
}

// fixedDistRow8 is the inner loop of pairTileSums for 8 features: it
// returns Σ over j in [lo, hi) of the fixed-point distance from x to point
// j, adding each one to acc[j*k+ci] as well.
func fixedDistRow8(x, sorted []float64, lo, hi int, scale float64, acc []int64, k, ci int) int64 {
	x = x[:8:8]
	x0, x1, x2, x3, x4, x5, x6, x7 := x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]
	var s int64
	ys := sorted[lo*8 : hi*8]
	for j := 0; j+8 <= len(ys); j += 8 {
		y := ys[j : j+8 : j+8]
		d0, d1, d2, d3 := x0-y[0], x1-y[1], x2-y[2], x3-y[3]
		d4, d5, d6, d7 := x4-y[4], x5-y[5], x6-y[6], x7-y[7]
		s0 := float64(d0*d0) + float64(d4*d4)
		s1 := float64(d1*d1) + float64(d5*d5)
		s2 := float64(d2*d2) + float64(d6*d6)
		s3 := float64(d3*d3) + float64(d7*d7)
		v := int64(math.Sqrt((s0+s1)+(s2+s3))*scale + 0.5)
		s += v
		acc[(lo+j/8)*k+ci] += v
	}
	return s
}

// progress reports done out of total units of work to f, one call at a
// time, from whichever goroutine finished the work.
type progress struct {
	mu    sync.Mutex
	done  int
	total int
	f     func(done, total int)
}

// add counts n more units done and reports them.
func (p *progress) add(n int) {
	if p.f == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.f(p.done, p.total)
}
