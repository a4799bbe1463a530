package segment

import (
	"context"
	"math"
	"math/rand/v2"
)

// plusPlus writes k initial centres chosen by greedy k-means++ (Arthur &
// Vassilvitskii 2007, with the greedy variant of scikit-learn): the first
// centre is a point drawn with probability proportional to its weight; each
// next centre is the best of 2 + ⌊ln k⌋ candidates drawn with probability
// proportional to wᵢ·D(xᵢ)², D being the distance to the nearest centre
// chosen so far, where best means the smallest resulting potential
// Σ wᵢ·D(xᵢ)².
func (e *engine) plusPlus(ctx context.Context, rng *rand.Rand, centers []float64) error {
	d, k, ch := e.d, e.k, e.p.chunks
	if e.closest == nil {
		e.closest = make([]float64, e.n)
	}
	trials := 2 + int(math.Log(float64(k)))
	first := e.drawByWeight(rng)
	copy(centers[:d], e.x[first*d:(first+1)*d])
	if err := e.tighten(ctx, centers[:d], 0); err != nil {
		return err
	}
	cands := make([]int, trials)
	candRows := make([][]float64, trials) // the candidates, padded for the kernels
	if e.storesCandidates() && len(e.candDist) != trials {
		e.candDist = make([][]float64, trials)
		for t := range e.candDist {
			e.candDist[t] = make([]float64, e.n)
		}
	}
	candPart := make([]float64, ch*trials)
	for c := 1; c < k; c++ {
		pot := 0.0
		for _, v := range e.part {
			pot += v
		}
		for t := range cands {
			cands[t] = e.drawByPotential(rng.Float64() * pot)
			candRows[t] = e.padRow(e.x[cands[t]*d:(cands[t]+1)*d], candRows[t])
		}
		err := e.p.run(ctx, func(c0, lo, hi int) {
			part := candPart[c0*trials : (c0+1)*trials]
			if e.fastDists() {
				e.candidatePotentialsFast(lo, hi, candRows, part)
				return
			}
			for t, id := range cands {
				part[t] = e.candidatePotential(lo, hi, e.x[id*d:(id+1)*d])
			}
		})
		if err != nil {
			return err
		}
		best, bestPot := 0, math.Inf(1)
		for t := range cands {
			p := 0.0
			for c0 := 0; c0 < ch; c0++ {
				p += candPart[c0*trials+t]
			}
			if p < bestPot {
				best, bestPot = t, p
			}
		}
		cj := centers[c*d : (c+1)*d]
		copy(cj, e.x[cands[best]*d:(cands[best]+1)*d])
		if e.storesCandidates() {
			err = e.tightenStored(ctx, e.candDist[best], c)
		} else {
			err = e.tighten(ctx, cj, c)
		}
		if err != nil {
			return err
		}
	}
	if e.hamerly {
		// Hamerly's first step starts from the exact distances to the
		// nearest and second nearest centres.
		for i := range e.upper {
			e.upper[i], e.lower[i] = math.Sqrt(e.closest[i]), math.Sqrt(e.lower[i])
		}
	}
	return nil
}

// candidatePotential returns Σ wᵢ·min(closest[i], ‖xᵢ − cand‖²) over rows
// [lo, hi), summed in the lane order of laneSums. (Skipping distances by
// the triangle inequality, as in the assignment step, was measured slower
// here, even written without branches: on clustered data about half the
// points are settled, and the test and the scattered rows cost what the
// skipped distances save.)
func (e *engine) candidatePotential(lo, hi int, cand []float64) float64 {
	var acc laneSums
	for i := lo; i < hi; i++ {
		acc[(i-lo)%8] += e.weight(i) * min(e.closest[i], e.distTo(i, cand))
	}
	return acc.total()
}

// laneSums holds the eight partial sums of a k-means++ potential over a
// chunk of rows: lane l sums the rows lo + l, lo + l + 8, ... in order, as
// one lane of a vector register does. Every path (vector kernels, scalar,
// with or without weights) sums potentials this way, so they agree to the
// bit, and eight independent sums do not wait on each other.
type laneSums [8]float64

// total combines the lanes in a fixed order.
func (a *laneSums) total() float64 {
	return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]))
}

// addMins adds wᵢ·min(closest[i], dist[i]) to lane i mod 8 (w nil: unit
// weights); closest, dist and w start at a multiple of 8 rows from the
// chunk's first row.
func (a *laneSums) addMins(closest, dist, w []float64) {
	dist = dist[:len(closest)]
	if w == nil {
		for i, v := range closest {
			a[i%8] += min(v, dist[i])
		}
		return
	}
	w = w[:len(closest)]
	for i, v := range closest {
		a[i%8] += w[i] * min(v, dist[i])
	}
}

// addAll adds wᵢ·v[i] to lane i mod 8, as addMins.
func (a *laneSums) addAll(v, w []float64) {
	if w == nil {
		for i, x := range v {
			a[i%8] += x
		}
		return
	}
	w = w[:len(v)]
	for i, x := range v {
		a[i%8] += w[i] * x
	}
}

// maxMulti is the largest number of k-means++ candidates (2 + ⌊ln k⌋, so
// k < e⁹ ≈ 8103) that candidatePotentialsFast compares in one pass.
const maxMulti = 10

// subRows is the number of rows that candidatePotentialsFast handles at a
// time: its distance buffers live on the stack.
const subRows = 512

// fastDists reports whether rowDists is vectorised: by the panel kernels,
// or by dists8 for 8 features without weights.
func (e *engine) fastDists() bool { return e.xt != nil || (e.d == 8 && e.w == nil) }

// padRow returns row (d features) as a centre for rowDists: row itself,
// or, for the panel kernels, a copy padded to e.dp features (in buf when it
// has room).
func (e *engine) padRow(row, buf []float64) []float64 {
	if e.xt == nil || e.dp == e.d {
		return row
	}
	if cap(buf) < e.dp {
		buf = make([]float64, e.dp)
	}
	buf = buf[:e.dp]
	clear(buf)
	copy(buf, row)
	return buf
}

// rowDists writes the squared distance from each of the rows [lo, hi) to
// cen (as returned by padRow) into out, which must have room for hi − lo
// rounded up to a multiple of 8. lo is a multiple of 8.
func (e *engine) rowDists(lo, hi int, cen, out []float64) {
	if e.xt != nil {
		dp := e.dp
		panels := (hi - lo + 7) / 8
		panelDists(e.xt[lo*dp:(lo+panels*8)*dp], dp, cen, out)
		return
	}
	dists8(e.x[lo*8:hi*8], cen, out)
}

// storesCandidates reports whether the candidate passes of k-means++ keep
// each candidate's distances (in e.candDist), so that making the chosen one
// a centre needs no second pass over the data: with the vector kernels,
// unit weights and more than 8 features. (Writing the distances moves
// about 72 bytes per point, with the write-allocate reads; a second pass
// reads 8·d′: a gain for wide data only.)
func (e *engine) storesCandidates() bool { return e.xt != nil && e.w == nil && e.dp > 8 }

// tightenStored is tighten for centre c whose squared distances to every
// row are in dist (unit weights): the same updates and lane sums as
// tightenFast, without reading the data.
func (e *engine) tightenStored(ctx context.Context, dist []float64, c int) error {
	return e.p.run(ctx, func(cc, lo, hi int) {
		var lower []float64
		if e.hamerly {
			lower = e.lower[lo:hi]
		}
		tightenRows(e.closest[lo:hi], e.labels[lo:hi], lower, dist[lo:hi], int32(c))
		var acc laneSums
		acc.addAll(e.closest[lo:hi], nil)
		e.part[cc] = acc.total()
	})
}

// candidatePotentialsFast is candidatePotential for all the candidates at
// once, with distances from the vector kernels or dists8: part[t] receives
// the share of candidate t.
func (e *engine) candidatePotentialsFast(lo, hi int, cands [][]float64, part []float64) {
	if e.xt != nil && e.w == nil && e.dp == 8 && len(cands) <= maxMulti {
		// 8 features: every candidate in one pass over the panels.
		full := lo + (hi-lo)&^7
		var cbuf [8 * maxMulti]float64
		var accs [maxMulti]laneSums
		for t, cen := range cands {
			copy(cbuf[t*8:(t+1)*8], cen)
		}
		panelMinSumsMulti(e.xt[lo*8:full*8], cbuf[:8*len(cands)], e.closest[lo:full], accs[:len(cands)])
		for t, cen := range cands {
			if full < hi {
				var dist [8]float64
				e.rowDists(full, hi, cen, dist[:])
				accs[t].addMins(e.closest[full:hi], dist[:], nil)
			}
			part[t] = accs[t].total()
		}
		return
	}
	if e.xt != nil && e.w == nil {
		// Whole panels go through the fused kernel, the last rows
		// (fewer than 8) through rowDists. The distances go to
		// e.candDist, or to a scratch buffer when they are not kept.
		full := lo + (hi-lo)&^7
		var scratch [chunkRows]float64
		for t, cen := range cands {
			var acc laneSums
			out := scratch[:full-lo]
			if e.storesCandidates() {
				out = e.candDist[t][lo:full]
			}
			if full > lo {
				panelMinSums(e.xt[lo*e.dp:full*e.dp], e.dp, cen, e.closest[lo:full], &acc, out)
			}
			if full < hi {
				var dist [8]float64
				e.rowDists(full, hi, cen, dist[:])
				if e.storesCandidates() {
					copy(e.candDist[t][full:hi], dist[:])
				}
				acc.addMins(e.closest[full:hi], dist[:], nil)
			}
			part[t] = acc.total()
		}
		return
	}
	var dist [subRows]float64
	for t, cen := range cands {
		var acc laneSums
		for blo := lo; blo < hi; blo += subRows {
			bhi := min(hi, blo+subRows)
			e.rowDists(blo, bhi, cen, dist[:])
			var w []float64
			if e.w != nil {
				w = e.w[blo:bhi]
			}
			acc.addMins(e.closest[blo:bhi], dist[:], w)
		}
		part[t] = acc.total()
	}
}

// dists8 writes the squared distance from each 8-feature row of xs to c
// into out, with the centre held in registers and the arithmetic of
// sqDist8 written out (the compiler does not inline sqDist8).
func dists8(xs, c, out []float64) {
	c = c[:8:8]
	c0, c1, c2, c3, c4, c5, c6, c7 := c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
	out = out[:len(xs)/8]
	for i := range out {
		x := xs[i*8 : i*8+8 : i*8+8]
		d0, d1, d2, d3 := x[0]-c0, x[1]-c1, x[2]-c2, x[3]-c3
		d4, d5, d6, d7 := x[4]-c4, x[5]-c5, x[6]-c6, x[7]-c7
		s0 := float64(d0*d0) + float64(d4*d4)
		s1 := float64(d1*d1) + float64(d5*d5)
		s2 := float64(d2*d2) + float64(d6*d6)
		s3 := float64(d3*d3) + float64(d7*d7)
		out[i] = (s0 + s1) + (s2 + s3)
	}
}

// tighten makes centre c (the point cen) a chosen centre: it lowers
// closest[i] to the squared distance to cen where that is smaller, noting
// the nearest chosen centre in labels[i] (ties: the earlier centre), and
// leaves the per-chunk potentials in e.part. With Hamerly's algorithm it
// also keeps in lower[i] the squared distance to the second nearest chosen
// centre, so that the first assignment step can start from exact bounds.
func (e *engine) tighten(ctx context.Context, cen []float64, c int) error {
	if e.fastDists() {
		cen = e.padRow(cen, nil)
	}
	return e.p.run(ctx, func(cc, lo, hi int) {
		if e.fastDists() {
			e.part[cc] = e.tightenFast(lo, hi, cen, c)
			return
		}
		for i := lo; i < hi; i++ {
			v := e.distTo(i, cen)
			switch near := e.closest[i]; {
			case c == 0:
				e.closest[i], e.labels[i] = v, 0
				if e.hamerly {
					e.lower[i] = math.Inf(1)
				}
			case v < near:
				e.closest[i], e.labels[i] = v, int32(c)
				if e.hamerly {
					e.lower[i] = near
				}
			case e.hamerly:
				e.lower[i] = min(e.lower[i], v)
			}
		}
		var acc laneSums
		for i := lo; i < hi; i++ {
			acc[(i-lo)%8] += e.weight(i) * e.closest[i]
		}
		e.part[cc] = acc.total()
	})
}

// tightenFast is one chunk of tighten with the vector kernels (whole
// panels) or the distances of rowDists. It returns the chunk's potential.
func (e *engine) tightenFast(lo, hi int, cen []float64, c int) float64 {
	closest, labels := e.closest[lo:hi], e.labels[lo:hi]
	labels = labels[:len(closest)]
	var lower []float64
	if e.hamerly {
		lower = e.lower[lo:hi]
		lower = lower[:len(closest)]
	}
	if c == 0 { // no centre yet: every point is infinitely far
		clear(labels)
		for i := range closest {
			closest[i] = math.Inf(1)
		}
		for i := range lower {
			lower[i] = math.Inf(1)
		}
	}
	var acc laneSums
	start := lo
	if e.xt != nil {
		if full := lo + (hi-lo)&^7; full > lo {
			var lw []float64
			if lower != nil {
				lw = lower[:full-lo]
			}
			panelTighten(e.xt[lo*e.dp:full*e.dp], e.dp, cen, int32(c), closest[:full-lo], labels[:full-lo], lw, &acc)
			start = full
		}
	}
	if start < hi {
		var buf [chunkRows]float64
		e.rowDists(start, hi, cen, buf[:])
		tightenRows(closest[start-lo:], labels[start-lo:], tail(lower, start-lo), buf[:hi-start], int32(c))
		acc.addAll(closest[start-lo:], nil)
	}
	if e.w != nil {
		acc = laneSums{}
		acc.addAll(closest, e.w[lo:hi])
	}
	return acc.total()
}

// tail returns s[i:], or nil for a nil s.
func tail(s []float64, i int) []float64 {
	if s == nil {
		return nil
	}
	return s[i:]
}

// tightenRows makes centre c nearer for the rows whose squared distance
// dist[i] to it is below closest[i], and keeps in lower (if not nil) the
// squared distance to the second nearest centre. It is the scalar form of
// the vector kernel tightenPanels. Written without data-dependent
// branches (a new centre takes a point at random here). Since lower[i] ≥
// closest[i], min(lower, max(near, v)) is near when the point moves to
// the centre and min(lower, v) otherwise.
func tightenRows(closest []float64, labels []int32, lower, dist []float64, c int32) {
	labels = labels[:len(closest)]
	dist = dist[:len(closest)]
	if lower != nil {
		lower = lower[:len(closest)]
	}
	for i, near := range closest {
		v, l := dist[i], labels[i]
		if v < near {
			l = c
		}
		labels[i], closest[i] = l, min(near, v)
		if lower != nil {
			lower[i] = min(lower[i], max(near, v))
		}
	}
}

// distTo returns the squared distance from row i to c.
func (e *engine) distTo(i int, c []float64) float64 {
	return sqDist(e.x[i*e.d:(i+1)*e.d], c)
}

// drawByWeight returns a row drawn with probability proportional to its
// weight (uniformly when there are no weights).
func (e *engine) drawByWeight(rng *rand.Rand) int {
	if e.w == nil {
		return rng.IntN(e.n)
	}
	total := 0.0
	for _, v := range e.w {
		total += v
	}
	r := rng.Float64() * total
	acc, last := 0.0, -1
	for i, v := range e.w {
		if v <= 0 {
			continue
		}
		acc += v
		last = i
		if acc > r {
			return i
		}
	}
	return last
}

// drawByPotential returns the first row whose cumulative mass wᵢ·closest[i]
// exceeds r, using the per-chunk totals in e.part to skip whole chunks. A
// row of zero mass is never returned.
func (e *engine) drawByPotential(r float64) int {
	acc, lastChunk := 0.0, -1
	for c, v := range e.part {
		if v <= 0 {
			continue
		}
		lastChunk = c
		if acc+v <= r {
			acc += v
			continue
		}
		lo, hi := c*chunkRows, min(e.n, (c+1)*chunkRows)
		for i := lo; i < hi; i++ {
			if m := e.weight(i) * e.closest[i]; m > 0 {
				acc += m
				if acc > r {
					return i
				}
			}
		}
		return e.lastPositive(c) // rounding: the chunk total passed r, its rows did not
	}
	if lastChunk < 0 { // every point already coincides with a centre
		return 0
	}
	return e.lastPositive(lastChunk)
}

func (e *engine) lastPositive(c int) int {
	lo, hi := c*chunkRows, min(e.n, (c+1)*chunkRows)
	for i := hi - 1; i >= lo; i-- {
		if e.weight(i)*e.closest[i] > 0 {
			return i
		}
	}
	return -1
}

// randomPoints writes k centres copied from k distinct rows of positive
// weight, drawn uniformly without replacement.
func (e *engine) randomPoints(rng *rand.Rand, centers []float64) {
	d := e.d
	idx := make([]int, 0, e.n)
	for i := 0; i < e.n; i++ {
		if e.weight(i) > 0 {
			idx = append(idx, i)
		}
	}
	for c := 0; c < e.k; c++ {
		j := c + rng.IntN(len(idx)-c)
		idx[c], idx[j] = idx[j], idx[c]
		copy(centers[c*d:(c+1)*d], e.x[idx[c]*d:(idx[c]+1)*d])
	}
}
