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
	if err := e.tighten(ctx, centers[:d], 0, nil); err != nil {
		return err
	}
	cands := make([]int, trials)
	candPart := make([]float64, ch*trials)
	cc := make([]float64, trials*k) // squared distances candidate → chosen centre
	for c := 1; c < k; c++ {
		pot := 0.0
		for _, v := range e.part {
			pot += v
		}
		for t := range cands {
			cands[t] = e.drawByPotential(rng.Float64() * pot)
			for j := 0; j < c; j++ {
				cc[t*k+j] = sqDist(e.x[cands[t]*d:(cands[t]+1)*d], centers[j*d:(j+1)*d])
			}
		}
		err := e.p.run(ctx, func(cc0, lo, hi int) {
			part := candPart[cc0*trials : (cc0+1)*trials]
			clear(part)
			for i := lo; i < hi; i++ {
				x := e.x[i*d : (i+1)*d]
				wi, near, a := e.weight(i), e.closest[i], e.labels[i]
				for t, id := range cands {
					v := near
					// Triangle inequality: when the candidate is at least
					// twice as far from x's nearest centre as x is, it
					// cannot be nearer to x; skip the distance.
					if !(cc[t*k+a] >= 4*near*(1+1e-9)) {
						v = min(near, sqDist(x, e.x[id*d:(id+1)*d]))
					}
					part[t] += wi * v
				}
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
		if err := e.tighten(ctx, cj, c, cc[best*k:best*k+c]); err != nil {
			return err
		}
	}
	return nil
}

// tighten makes centre c (the point cen) a chosen centre: it lowers
// closest[i] to the squared distance to cen where that is smaller, noting
// the nearest chosen centre in labels[i], and leaves the per-chunk
// potentials in e.part. toChosen holds the squared distances from cen to
// the centres chosen before it (nil for the first centre).
func (e *engine) tighten(ctx context.Context, cen []float64, c int, toChosen []float64) error {
	d := e.d
	return e.p.run(ctx, func(cc, lo, hi int) {
		s := 0.0
		for i := lo; i < hi; i++ {
			if c == 0 {
				e.closest[i], e.labels[i] = sqDist(e.x[i*d:(i+1)*d], cen), 0
			} else if near := e.closest[i]; !(toChosen[e.labels[i]] >= 4*near*(1+1e-9)) {
				if v := sqDist(e.x[i*d:(i+1)*d], cen); v < near {
					e.closest[i], e.labels[i] = v, c
				}
			}
			s += e.weight(i) * e.closest[i]
		}
		e.part[cc] = s
	})
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
