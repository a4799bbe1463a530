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
	candPart := make([]float64, ch*trials)
	for c := 1; c < k; c++ {
		pot := 0.0
		for _, v := range e.part {
			pot += v
		}
		for t := range cands {
			cands[t] = e.drawByPotential(rng.Float64() * pot)
		}
		err := e.p.run(ctx, func(c0, lo, hi int) {
			for t, id := range cands {
				candPart[c0*trials+t] = e.candidatePotential(lo, hi, e.x[id*d:(id+1)*d])
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
		if c == k-1 && !e.hamerly {
			break // the distances are not needed after the last centre
		}
		if err := e.tighten(ctx, cj, c); err != nil {
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
// [lo, hi). (Skipping distances by the triangle inequality, as in the
// assignment step, costs more in mispredicted branches than it saves here.)
func (e *engine) candidatePotential(lo, hi int, cand []float64) float64 {
	if e.d == 8 && e.w == nil {
		return e.candidatePotential8(lo, hi, cand)
	}
	s := 0.0
	for i := lo; i < hi; i++ {
		s += e.weight(i) * min(e.closest[i], e.distTo(i, cand))
	}
	return s
}

// candidatePotential8 is candidatePotential for 8 features and unit
// weights.
func (e *engine) candidatePotential8(lo, hi int, cand []float64) float64 {
	var buf [chunkRows]float64
	dist := buf[:hi-lo]
	dists8(e.x[lo*8:hi*8], cand, dist)
	s := 0.0
	for i, v := range e.closest[lo:hi] {
		s += min(v, dist[i])
	}
	return s
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
	return e.p.run(ctx, func(cc, lo, hi int) {
		if e.d == 8 && e.w == nil && c > 0 {
			e.part[cc] = e.tighten8(lo, hi, cen, c)
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
		s := 0.0
		for i := lo; i < hi; i++ {
			s += e.weight(i) * e.closest[i]
		}
		e.part[cc] = s
	})
}

// tighten8 is one chunk of tighten for 8 features, unit weights and
// c > 0. It returns the chunk's potential.
func (e *engine) tighten8(lo, hi int, cen []float64, c int) float64 {
	var buf [chunkRows]float64
	dist := buf[:hi-lo]
	dists8(e.x[lo*8:hi*8], cen, dist)
	closest, labels := e.closest[lo:hi], e.labels[lo:hi]
	labels = labels[:len(closest)]
	var lower []float64
	if e.hamerly {
		lower = e.lower[lo:hi]
		lower = lower[:len(closest)]
	}
	s := 0.0
	for i, near := range closest {
		v := dist[i]
		if v < near {
			closest[i], labels[i] = v, int32(c)
			if lower != nil {
				lower[i] = near
			}
			s += v
			continue
		}
		if lower != nil {
			lower[i] = min(lower[i], v)
		}
		s += near
	}
	return s
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
