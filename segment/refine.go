package segment

import (
	"context"
	"math"
)

// refineWork is the size n·K·d below which Fit refines the winning run
// (unless KMeans.NoRefine): there a refinement pass costs about as much
// as one assignment step of a run, a small share of the fit.
const refineWork = 1_000_000

// hartiganMargin is the relative gain below which a transfer is not made,
// so that rounding cannot make points move back and forth.
const hartiganMargin = 1e-12

// refine improves the winning run by Hartigan's single-point transfers
// (Hartigan & Wong 1979; Telgarsky & Vattani 2010): a point moves from its
// cluster A to the cluster B that lowers the inertia most, which happens
// when W_B/(W_B + w)·‖x − c_B‖² < W_A/(W_A − w)·‖x − c_A‖², W being the
// clusters' weights and w the point's; both centres then move to their
// new means. Every Lloyd fixed point is not a Hartigan one, so this leaves
// some local optima that Lloyd's iterations cannot. The passes over the
// points go in row order until no point moves; then Lloyd's iterations run
// again from the exact means of the new clusters, so that the result is a
// Lloyd fixed point like every other. best is replaced only when the
// inertia went down. The steps are sequential and in a fixed order, so
// the result does not depend on the number of workers.
func (km KMeans) refine(ctx context.Context, x Matrix, xt []float64, workers int, tolAbs float64, best *bestRun) error {
	k, d := km.K, x.Cols
	labels := append([]int32(nil), best.labels...)
	centers := make([]float64, k*d)
	wt := clusterMeans(x, km.Weights, k, labels, centers)
	moved := false
	for pass := 0; pass < km.MaxIter; pass++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !hartiganPass(x, km.Weights, labels, centers, wt) {
			break
		}
		moved = true
	}
	if !moved {
		return nil
	}
	clusterMeans(x, km.Weights, k, labels, centers)
	e := newEngine(x, km.Weights, k, workers, km.Algorithm == Hamerly, xt)
	iters, conv, err := e.fit(ctx, centers, km.MaxIter, tolAbs, false, false, nil)
	if err != nil {
		return err
	}
	inertia, err := e.inertia(ctx, centers)
	if err != nil {
		return err
	}
	if !(inertia < best.res.Inertia) {
		return nil
	}
	best.res.Centers.Data = centers
	best.res.Inertia = inertia
	best.res.Iterations += iters
	best.res.Converged = conv
	best.labels = append(best.labels[:0], e.labels...)
	return nil
}

// clusterMeans writes the weighted means of the clusters given by labels
// into centers (summed in row order; a cluster of no weight gets zeros) and
// returns the clusters' weights.
func clusterMeans(x Matrix, w []float64, k int, labels []int32, centers []float64) []float64 {
	d := x.Cols
	wt := make([]float64, k)
	clear(centers)
	for i, l := range labels {
		a := int(l)
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		axpy(centers[a*d:(a+1)*d], wi, x.Row(i))
		wt[a] += wi
	}
	for j := 0; j < k; j++ {
		if wt[j] > 0 {
			for f := range centers[j*d : (j+1)*d] {
				centers[j*d+f] /= wt[j]
			}
		}
	}
	return wt
}

// hartiganPass makes one pass of Hartigan's transfers over the points in
// row order, updating labels, centers and the clusters' weights wt, and
// reports whether a point moved. A point that is alone (by weight) in its
// cluster stays, so no cluster becomes empty.
func hartiganPass(x Matrix, w []float64, labels []int32, centers, wt []float64) bool {
	d, k := x.Cols, len(wt)
	moved := false
	for i := 0; i < x.Rows; i++ {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		a := int(labels[i])
		if wi == 0 || wt[a] <= wi {
			continue
		}
		xi := x.Row(i)
		ca := centers[a*d : (a+1)*d]
		costA := wt[a] / (wt[a] - wi) * sqDist(xi, ca)
		b, costB := -1, costA*(1-hartiganMargin)
		for j := 0; j < k; j++ {
			if j == a {
				continue
			}
			if c := wt[j] / (wt[j] + wi) * sqDist(xi, centers[j*d:(j+1)*d]); c < costB {
				b, costB = j, c
			}
		}
		if b < 0 || math.IsNaN(costB) {
			continue
		}
		cb := centers[b*d : (b+1)*d]
		wa, wb := wt[a]-wi, wt[b]+wi
		for f, v := range xi {
			ca[f] = (wt[a]*ca[f] - wi*v) / wa
			cb[f] = (wt[b]*cb[f] + wi*v) / wb
		}
		wt[a], wt[b] = wa, wb
		labels[i] = int32(b)
		moved = true
	}
	return moved
}
