package segment

import (
	"context"
	"math"
)

// engine holds the data and the per-run state of one k-means fit. Its
// buffers are reused across restarts: besides the data it holds O(n)
// labels and bounds and O(k·d) centres per chunk of rows. Fit uses one
// engine per run in flight (see KMeans.Workers).
type engine struct {
	x       []float64 // row-major data
	n, d, k int
	w       []float64 // weights, nil for all 1
	p       pool

	labels []int32 // int32 halves the memory traffic of the assignment step

	// Per-block sums of the points of each cluster, combined in block
	// order. A block is a fixed run of rows (see blockRows); a block whose
	// labels did not change keeps its sums from the previous iteration,
	// which are then exactly what a new pass would give.
	block   int       // rows per block
	sums    []float64 // blocks × k × d weighted coordinate sums
	wts     []float64 // blocks × k weights
	changed []int     // chunks: labels changed in the chunk
	part    []float64 // chunks: a scalar partial (inertia, potential)
	// partInertia says that part holds, chunk by chunk, the inertia of the
	// labels for the current centres (summed as inertia sums it), left by
	// the last full assignment step; prevC holds the centres of that step.
	partInertia bool
	prevC       []float64

	newC []float64 // k × d scratch centres
	wt   []float64 // k cluster weights

	// Hamerly's bounds (Hamerly 2010): upper[i] ≥ distance to the assigned
	// centre, lower[i] ≤ distance to any other centre.
	hamerly      bool
	upper, lower []float64
	shift        []float64 // k: how far each centre moved in the last update
	half         []float64 // k: half the distance to the nearest other centre
	max1, max2   float64   // largest and second largest shift
	argMax1      int
	absSlack     float64 // absolute safety margin of the bound tests
	diameter     float64 // diagonal of the data's bounding box

	closest []float64 // k-means++: squared distance to the nearest chosen centre
	// k-means++ with the vector kernels: the squared distances of every
	// row to each candidate of the current step (see storesCandidates).
	candDist [][]float64

	// The data in the panel layout of the vector kernels (panel.go), shared
	// by the engines of one fit; nil without them. dp is the padded width,
	// cpad the centres padded to it.
	xt   []float64
	dp   int
	cpad []float64
}

// newEngine returns an engine for x; xt is x in the panel layout (or nil).
func newEngine(x Matrix, w []float64, k, workers int, hamerly bool, xt []float64) *engine {
	e := &engine{x: x.Data, n: x.Rows, d: x.Cols, k: k, w: w, p: newPool(x.Rows, workers)}
	if xt != nil {
		e.xt, e.dp = xt, panelWidth(e.d)
		e.cpad = make([]float64, k*e.dp)
	}
	ch := e.p.chunks
	e.labels = make([]int32, e.n)
	e.block = blockRows(k, e.d)
	blocks := (e.n + e.block - 1) / e.block
	e.sums = make([]float64, blocks*k*e.d)
	e.wts = make([]float64, blocks*k)
	e.changed = make([]int, ch)
	e.part = make([]float64, ch)
	e.newC = make([]float64, k*e.d)
	e.prevC = make([]float64, k*e.d)
	e.wt = make([]float64, k)
	// With the vector kernels and few centres, a full assignment step
	// costs less than Hamerly's scalar bookkeeping: Lloyd's step then
	// runs instead (the results are the same bits either way).
	e.hamerly = hamerly && k > 1 && (xt == nil || k*panelWidth(e.d) > hamerlyMinWork)
	if e.hamerly {
		e.upper = make([]float64, e.n)
		e.lower = make([]float64, e.n)
		e.shift = make([]float64, k)
		e.half = make([]float64, k)
		e.diameter = boxDiagonal(x)
	}
	return e
}

// hamerlyMinWork is the K·d′ (d′ = d rounded up to a multiple of 4) up to
// which the vector kernels' full assignment step replaces Hamerly's bounds.
const hamerlyMinWork = 128

// blockRows returns the number of rows per block of cluster sums: a power
// of two from 128 to chunkRows, at least 2·k·d so that the block sums take
// no more memory than n/2 float64. It depends on k and d only, so the order
// of every sum is fixed whatever the number of goroutines.
func blockRows(k, d int) int {
	b := 128
	for b < 2*k*d && b < chunkRows {
		b *= 2
	}
	return b
}

func (e *engine) weight(i int) float64 {
	if e.w == nil {
		return 1
	}
	return e.w[i]
}

// fit runs Lloyd's algorithm from centers (k × d, updated in place) and
// returns the number of assignment steps and whether it converged. It
// follows scikit-learn's loop: assign and update; stop when no label
// changed (strict convergence) or when the summed squared centre shift is
// ≤ tolAbs; after stopping for any other reason than strict convergence,
// assign the labels once more to the final centres.
//
// When warm is set (Hamerly after k-means++), labels, upper and lower
// already hold the nearest chosen centre and valid bounds, so the first
// step can skip points too. When labelled is set (Lloyd's step after
// k-means++), labels already hold the nearest of the centres, which is
// what the first assignment step would compute: it only sums the blocks.
//
// Without Hamerly's bounds, the last assignment step leaves the chunks'
// inertias in part; fit marks them valid (partInertia) when they belong
// to the final centres, so that inertia need not pass over the data.
func (e *engine) fit(ctx context.Context, centers []float64, maxIter int, tolAbs float64, warm, labelled bool, onIter func(it int)) (int, bool, error) {
	e.partInertia = false
	if warm {
		clear(e.shift)
		if err := e.refreshBounds(ctx, centers); err != nil {
			return 0, false, err
		}
	} else if !labelled {
		for i := range e.labels {
			e.labels[i] = -1
		}
	}
	it, strict, converged := 0, false, false
	assigned := false // the last pass was an assignment step
	for it < maxIter {
		var err error
		assigned = it > 0 || !labelled
		if !assigned {
			err = e.p.run(ctx, func(_, lo, hi int) {
				for blo := lo; blo < hi; blo += e.block {
					e.sumBlock(blo, min(hi, blo+e.block))
				}
			})
		} else {
			err = e.assign(ctx, centers, it == 0 && !warm, true, it)
		}
		if err != nil {
			return it, false, err
		}
		copy(e.prevC, centers)
		it++
		changed := e.n // in the first step every label is new
		if it > 1 {
			changed = 0
			for _, c := range e.changed {
				changed += c
			}
		}
		shift, err := e.update(ctx, centers)
		if err != nil {
			return it, false, err
		}
		if onIter != nil {
			onIter(it)
		}
		if changed == 0 {
			strict, converged = true, true
			break
		}
		if shift <= tolAbs {
			converged = true
			break
		}
	}
	if !strict {
		if err := e.assign(ctx, centers, false, false, it); err != nil {
			return it, false, err
		}
		copy(e.prevC, centers)
		assigned = true
	}
	// After a strict stop the update found the centres of the unchanged
	// labels: the last step's, unless an empty cluster moved.
	e.partInertia = !e.hamerly && assigned && equalBits(e.prevC, centers)
	return it, converged, nil
}

// equalBits reports whether a and b hold the same float64 bit patterns.
func equalBits(a, b []float64) bool {
	b = b[:len(a)]
	for i, v := range a {
		if math.Float64bits(v) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// assign labels every point with its nearest centre and, when update is
// set, brings the per-block weighted sums up to date for the next centres.
func (e *engine) assign(ctx context.Context, centers []float64, first, update bool, it int) error {
	if !e.hamerly {
		resum := it == 0 // the block sums are from another run
		if e.xt != nil {
			cp := padCenters(centers, e.k, e.d, e.cpad)
			return e.p.run(ctx, func(c, lo, hi int) { e.assignPanels(c, lo, hi, cp, update, resum) })
		}
		return e.p.run(ctx, func(c, lo, hi int) { e.assignLloyd(c, lo, hi, centers, update, resum) })
	}
	// Floating-point error in the bounds grows by a few ulps of the data's
	// scale per iteration; the margin keeps every skip decision exact.
	e.absSlack = 1e-15 * e.diameter * float64(it+4)
	resum := it == 0 // the block sums are from another run
	return e.p.run(ctx, func(c, lo, hi int) { e.assignHamerly(c, lo, hi, centers, first, update, resum) })
}

// sumBlock recomputes the sums of the block starting at row lo.
func (e *engine) sumBlock(lo, hi int) {
	d, k, b := e.d, e.k, lo/e.block
	sums, wts := e.sums[b*k*d:(b+1)*k*d], e.wts[b*k:(b+1)*k]
	clear(sums)
	clear(wts)
	if d == 8 && e.w == nil {
		labels := e.labels[lo:hi]
		for i, l := range labels {
			a := int(l)
			s := sums[a*8 : a*8+8 : a*8+8]
			x := e.x[(lo+i)*8 : (lo+i)*8+8 : (lo+i)*8+8]
			s[0] += x[0]
			s[1] += x[1]
			s[2] += x[2]
			s[3] += x[3]
			s[4] += x[4]
			s[5] += x[5]
			s[6] += x[6]
			s[7] += x[7]
			wts[a]++
		}
		return
	}
	for i := lo; i < hi; i++ {
		a, wi := int(e.labels[i]), e.weight(i)
		axpy(sums[a*d:(a+1)*d], wi, e.x[i*d:(i+1)*d])
		wts[a] += wi
	}
}

// relabel gives row i the label a and reports whether that changed it.
func (e *engine) relabel(i, a int) bool {
	if int(e.labels[i]) == a {
		return false
	}
	e.labels[i] = int32(a)
	return true
}

// resumBlock sums the rows [blo, bhi) again when update is set and bc of
// their labels changed, or always with resum.
func (e *engine) resumBlock(blo, bhi, bc int, update, resum bool) {
	if update && (bc > 0 || resum) {
		e.sumBlock(blo, bhi)
	}
}

// assignLloyd labels the rows [lo, hi) of chunk c with their nearest
// centres, counts the changes, and leaves the chunk's inertia in e.part[c].
// With update, it sums again the blocks whose labels changed (every block
// when resum is set).
func (e *engine) assignLloyd(c, lo, hi int, centers []float64, update, resum bool) {
	d, k := e.d, e.k
	changed := 0
	s := 0.0
	for blo := lo; blo < hi; blo += e.block {
		bhi := min(hi, blo+e.block)
		bc := 0
		for i := blo; i < bhi; i++ {
			a, v := nearest(e.x[i*d:(i+1)*d], centers, k)
			s += float64(e.weight(i) * v)
			if e.relabel(i, a) {
				bc++
			}
		}
		changed += bc
		e.resumBlock(blo, bhi, bc, update, resum)
	}
	e.changed[c] = changed
	e.part[c] = s
}

// assignPanels is assignLloyd with the vector kernel: the nearest centres
// of the whole chunk first, then the labels and sums block by block. cp
// holds the centres padded to e.dp features.
func (e *engine) assignPanels(c, lo, hi int, cp []float64, update, resum bool) {
	var lab [chunkRows]int32
	var dist [chunkRows]float64
	dp := e.dp
	panels := (hi - lo + 7) / 8
	panelNearest(e.xt[lo*dp:(lo+panels*8)*dp], dp, cp, e.k, lab[:], dist[:])
	changed := 0
	for blo := lo; blo < hi; blo += e.block {
		bhi := min(hi, blo+e.block)
		labels, nl := e.labels[blo:bhi], lab[blo-lo:bhi-lo]
		nl = nl[:len(labels)]
		bc := 0
		for i, a := range nl {
			if labels[i] != a {
				bc++
				labels[i] = a
			}
		}
		changed += bc
		e.resumBlock(blo, bhi, bc, update, resum)
	}
	e.changed[c] = changed
	s := 0.0
	if e.w == nil {
		for _, v := range dist[:hi-lo] {
			s += v
		}
	} else {
		for i, v := range dist[:hi-lo] {
			s += float64(e.w[lo+i] * v)
		}
	}
	e.part[c] = s
}

// safe reports whether a point whose distance to its centre is at most u
// and to every other centre at least z is certainly nearer its own centre.
func (e *engine) safe(u, z float64) bool {
	return u+2e-9*u+e.absSlack < z
}

func (e *engine) assignHamerly(c, lo, hi int, centers []float64, first, update, resum bool) {
	d, k := e.d, e.k
	changed := 0
	for blo := lo; blo < hi; blo += e.block {
		bhi := min(hi, blo+e.block)
		bc := 0
		for i := blo; i < bhi; i++ {
			a := int(e.labels[i])
			if first {
				j, b1, b2 := nearest2(e.x[i*d:(i+1)*d], centers, k)
				a, e.upper[i], e.lower[i] = j, math.Sqrt(b1), math.Sqrt(b2)
			} else {
				u := e.upper[i] + e.shift[a]
				other := e.max1
				if a == e.argMax1 {
					other = e.max2
				}
				l := e.lower[i] - other
				z := max(e.half[a], l)
				if !e.safe(u, z) {
					x := e.x[i*d : (i+1)*d]
					u = math.Sqrt(sqDist(x, centers[a*d:(a+1)*d]))
					if !e.safe(u, z) {
						j, b1, b2 := nearest2(x, centers, k)
						a, u, l = j, math.Sqrt(b1), math.Sqrt(b2)
					}
				}
				e.upper[i], e.lower[i] = u, l
			}
			if e.relabel(i, a) {
				bc++
			}
		}
		changed += bc
		e.resumBlock(blo, bhi, bc, update, resum)
	}
	e.changed[c] = changed
}

// update turns the block sums into new centres (written into centers),
// relocating empty clusters, and returns the summed squared shift.
func (e *engine) update(ctx context.Context, centers []float64) (float64, error) {
	d, k, kd := e.d, e.k, e.k*e.d
	newC, wt := e.newC, e.wt
	copy(newC, e.sums[:kd])
	copy(wt, e.wts[:k])
	for c := 1; c < len(e.wts)/k; c++ {
		s := e.sums[c*kd : (c+1)*kd]
		for j := range newC {
			newC[j] += s[j]
		}
		for j, v := range e.wts[c*k : (c+1)*k] {
			wt[j] += v
		}
	}
	e.relocateEmpty(centers)
	total := 0.0
	for j := 0; j < k; j++ {
		cj, nj := centers[j*d:(j+1)*d], newC[j*d:(j+1)*d]
		if wt[j] > 0 {
			for f := range nj {
				nj[f] /= wt[j]
			}
		} else {
			copy(nj, cj) // no weight left: keep the centre where it was
		}
		s := sqDist(cj, nj)
		total += s
		if e.hamerly {
			e.shift[j] = math.Sqrt(s)
		}
		copy(cj, nj)
	}
	if e.hamerly {
		if err := e.refreshBounds(ctx, centers); err != nil {
			return total, err
		}
	}
	return total, nil
}

// refreshBounds recomputes the largest shifts and each centre's half
// distance to its nearest neighbour. It takes O(k²·d) and checks ctx every
// 256 centres.
func (e *engine) refreshBounds(ctx context.Context, centers []float64) error {
	d, k := e.d, e.k
	e.max1, e.max2, e.argMax1 = 0, 0, -1
	for j, s := range e.shift {
		if s > e.max1 {
			e.max2, e.max1, e.argMax1 = e.max1, s, j
		} else if s > e.max2 {
			e.max2 = s
		}
	}
	for j := range e.half {
		e.half[j] = math.Inf(1)
	}
	for a := 0; a < k; a++ {
		if a%256 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for b := a + 1; b < k; b++ {
			h := 0.5 * math.Sqrt(sqDist(centers[a*d:(a+1)*d], centers[b*d:(b+1)*d]))
			e.half[a] = min(e.half[a], h)
			e.half[b] = min(e.half[b], h)
		}
	}
	return nil
}

// relocateEmpty gives every cluster with no weight the point (of positive
// weight) farthest from its current centre, as scikit-learn does: the
// farthest point goes to the first empty cluster, the next farthest to the
// second, and so on (ties: lower row first). The point's own cluster loses
// it from its sums; labels are not changed here, the next assignment does.
func (e *engine) relocateEmpty(centers []float64) {
	var empty []int
	for j, v := range e.wt {
		if v == 0 {
			empty = append(empty, j)
		}
	}
	if len(empty) == 0 {
		return
	}
	d := e.d
	far := make([]int, 0, len(empty)+1)
	dist := make([]float64, 0, len(empty)+1)
	for i := 0; i < e.n; i++ {
		if e.weight(i) == 0 || e.labels[i] < 0 {
			continue
		}
		a := int(e.labels[i])
		s := sqDist(e.x[i*d:(i+1)*d], centers[a*d:(a+1)*d])
		if len(far) == len(empty) && s <= dist[len(dist)-1] {
			continue
		}
		pos := len(far)
		for pos > 0 && dist[pos-1] < s {
			pos--
		}
		far = append(far[:pos], append([]int{i}, far[pos:]...)...)
		dist = append(dist[:pos], append([]float64{s}, dist[pos:]...)...)
		if len(far) > len(empty) {
			far, dist = far[:len(empty)], dist[:len(empty)]
		}
	}
	for idx, j := range empty {
		if idx >= len(far) {
			break
		}
		i := far[idx]
		wi, old, x := e.weight(i), int(e.labels[i]), e.x[i*d:(i+1)*d]
		axpy(e.newC[old*d:(old+1)*d], -wi, x)
		e.wt[old] -= wi
		nj := e.newC[j*d : (j+1)*d]
		clear(nj)
		axpy(nj, wi, x)
		e.wt[j] = wi
	}
}

// inertia returns Σ wᵢ‖xᵢ − c(labelᵢ)‖², summed per chunk in row order and
// over chunks in chunk order; after fit, from the chunk sums of its last
// assignment step when they are valid (the same sums).
func (e *engine) inertia(ctx context.Context, centers []float64) (float64, error) {
	d := e.d
	var err error
	if !e.partInertia {
		err = e.p.run(ctx, func(c, lo, hi int) {
			s := 0.0
			for i := lo; i < hi; i++ {
				a := int(e.labels[i])
				s += float64(e.weight(i) * sqDist(e.x[i*d:(i+1)*d], centers[a*d:(a+1)*d]))
			}
			e.part[c] = s
		})
	}
	e.partInertia = false
	total := 0.0
	for _, v := range e.part {
		total += v
	}
	return total, err
}
