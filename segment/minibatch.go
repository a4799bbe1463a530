package segment

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// MiniBatchKMeans holds the settings of a mini-batch k-means fit;
// [MiniBatchKMeans.Fit] runs it. It is the choice for tens of millions of
// customers, where the restarts of [KMeans] over the whole data cost too
// much: each step reads BatchSize random points instead of all of them.
// The zero value of every field means its documented default, which
// follows scikit-learn's MiniBatchKMeans (1.2): MiniBatchKMeans{K: 20} is
// the usual fit. A MiniBatchKMeans is a plain value and may be used by
// several goroutines at once as long as Src is not shared.
//
// # Algorithm
//
// Sculley (2010), "Web-scale k-means clustering", WWW '10, pp. 1177–1178,
// with scikit-learn's starting centres, early stop and reassignments:
//
//  1. Starting centres: Restarts times, greedy k-means++ (as in [KMeans])
//     on InitSize rows drawn at random; the start with the lowest inertia
//     on another InitSize random rows wins.
//  2. Each step draws BatchSize rows uniformly with replacement, assigns
//     each to its nearest centre, and moves every centre j that received
//     points to the running mean of all the points it ever received:
//     with vⱼ the weight it has absorbed so far,
//     cⱼ ← (vⱼ·cⱼ + Σ wᵢxᵢ) / (vⱼ + Σ wᵢ), then vⱼ ← vⱼ + Σ wᵢ — which is
//     Sculley's per-centre learning rate η = 1/vⱼ applied point by point.
//  3. Unless NoReassign, after a step that brings the rows drawn since
//     the last check to 10·K (every step when BatchSize ≥ 10·K), or while
//     some centre has received nothing, a centre whose weight vⱼ is below
//     ReassignRatio × the largest moves to a random point of the batch
//     (and takes the smallest weight of the others), so that no centre
//     stays dead.
//  4. The fit stops when an exponentially weighted average of the batch
//     inertia (per point; smoothing α = 2·BatchSize/(n + 1)) has not
//     improved for Patience steps, but not before ⌈1/α⌉ steps, half a pass
//     over the data; or after MaxSteps steps. scikit-learn has no such
//     floor: its average starts from the second batch, and when that one
//     happens to be good (a good start on well-separated data) it stops
//     after a dozen steps, its centres the means of a few hundred points.
//  5. Labels, Sizes and Inertia are then computed over the whole data.
//
// # Quality
//
// A centre is the mean of every point it has absorbed, so after absorbing m
// points of a cluster of spread σ² per point (the cluster's inertia per
// point), its sampling error adds about σ²/m per point: over K balanced
// clusters the relative excess inertia from noise is about
// K/(steps·BatchSize) (on 1,000,000 × 16 blobs, K = 20, 12 steps of 1024
// rows left 0.17 % excess, 489 steps 0.005 %). What more data cannot remove
// is bias: the rate 1/v never forgets the points assigned while the centres
// were still poor (it shows where clusters overlap), and the start is drawn
// from InitSize rows. A larger BatchSize lowers both (more points per step
// and per start); more steps lower only the noise. Unlike the restarts of
// [KMeans], nothing repairs a start that put two centres in one cluster and
// one centre across two. On seeded blobs (see the tests) the median inertia
// over seeds lands 0.03 % (separated clusters) to 3.5 % (overlapping ones)
// above a full k-means fit, and the worst of 10 seeds up to 22 % above;
// scikit-learn's MiniBatchKMeans does the same on the same data, and the
// tests check that it is no worse on a shared file. Where that matters,
// start [KMeans] (InitGiven) from these centres: a few full iterations
// finish the job.
//
// JSON keys: k, batch_size, max_steps, patience, restarts, init_size,
// reassign_ratio, no_reassign, weights, workers (Src and Progress are not
// encoded).
type MiniBatchKMeans struct {
	// K is the number of clusters: 1 ≤ K ≤ number of distinct points
	// (with positive weight). Zero means 8.
	K int
	// BatchSize is the number of rows per step, drawn with replacement;
	// zero means 1024 (scikit-learn's batch_size). More than the number of
	// rows n means n.
	BatchSize int
	// MaxSteps is the maximum number of steps; zero means
	// ⌊100·n/BatchSize⌋, a hundred passes' worth of points (scikit-learn's
	// max_iter = 100).
	MaxSteps int
	// Patience is the number of steps without improvement of the smoothed
	// batch inertia after which the fit stops (scikit-learn's
	// max_no_improvement); zero means 10. Set it to MaxSteps or more to
	// run every step.
	Patience int
	// Restarts is the number of k-means++ starts tried; zero means 3
	// (scikit-learn's n_init for MiniBatchKMeans).
	Restarts int
	// InitSize is the number of random rows each start is drawn from, and
	// the size of the sample that judges them; zero means 3·BatchSize, or
	// 3·K when that is larger, at most n. Given, it must be ≥ K.
	InitSize int
	// ReassignRatio is the fraction of the largest centre weight below
	// which a centre moves to a random point (see the algorithm); zero
	// means 0.01 (scikit-learn's reassignment_ratio). Finite, ≥ 0.
	ReassignRatio float64
	// NoReassign turns the reassignment of light centres off.
	NoReassign bool
	// Weights are optional sample weights (nil means all 1): finite, ≥ 0,
	// one per point, with a positive sum. Rows are drawn uniformly; a
	// point of weight w counts w times in the centres it moves, in the
	// batch inertia and in the final Inertia. When the rows drawn for a
	// start all have weight 0, that start's k-means++ ignores the weights.
	Weights []float64
	// Workers is the number of goroutines of the starts and of the final
	// labelling of the whole data; zero means runtime.GOMAXPROCS(0). The
	// steps run on the calling goroutine. The result does not depend on
	// Workers.
	Workers int
	// Src is the source of randomness (not encoded): the rows of every
	// start, batch and reassignment are drawn from it in order, so a
	// seeded source gives the same result on every machine and with any
	// number of workers. Nil means the global source of math/rand/v2.
	Src rand.Source
	// Progress, if not nil, is called after every step from the goroutine
	// that called Fit, with done out of MaxSteps (after its default is
	// applied); an early stop jumps done to MaxSteps (not encoded).
	Progress func(done, total int)
}

// Default settings of MiniBatchKMeans (scikit-learn's).
const (
	miniBatchSize     = 1024
	miniBatchEpochs   = 100
	miniBatchPatience = 10
	miniBatchRestarts = 3
	miniBatchReassign = 0.01
)

// withDefaults validates the settings and fills in the defaults that do
// not depend on the data.
func (mb MiniBatchKMeans) withDefaults() (MiniBatchKMeans, error) {
	for _, s := range []struct {
		name string
		v    int
	}{{"batch size", mb.BatchSize}, {"max steps", mb.MaxSteps}, {"patience", mb.Patience},
		{"restarts", mb.Restarts}, {"init size", mb.InitSize}, {"workers", mb.Workers}} {
		if s.v < 0 {
			return mb, settingErr(s.name, s.v, ErrNegative, "")
		}
	}
	switch r := mb.ReassignRatio; {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return mb, settingErr("reassign ratio", r, ErrNonFinite, "")
	case r < 0:
		return mb, settingErr("reassign ratio", r, ErrNegative, "")
	}
	if mb.K == 0 {
		mb.K = 8
	}
	if mb.BatchSize == 0 {
		mb.BatchSize = miniBatchSize
	}
	if mb.Patience == 0 {
		mb.Patience = miniBatchPatience
	}
	if mb.Restarts == 0 {
		mb.Restarts = miniBatchRestarts
	}
	if mb.ReassignRatio == 0 {
		mb.ReassignRatio = miniBatchReassign
	}
	return mb, nil
}

// sized fills in the defaults that depend on the number of rows n.
func (mb MiniBatchKMeans) sized(n int) MiniBatchKMeans {
	mb.BatchSize = min(mb.BatchSize, n)
	if mb.MaxSteps == 0 {
		mb.MaxSteps = max(1, int(min(float64(miniBatchEpochs)*float64(n)/float64(mb.BatchSize), math.MaxInt32)))
	}
	if mb.InitSize == 0 {
		mb.InitSize = 3 * mb.BatchSize
		if mb.InitSize < mb.K {
			mb.InitSize = 3 * mb.K
		}
	}
	mb.InitSize = min(mb.InitSize, n)
	return mb
}

// check validates the data and settings against each other (see
// checkFit), InitSize among them.
func (mb MiniBatchKMeans) check(x Matrix) error {
	return checkFit(x, mb.Weights, mb.K, func() error {
		if mb.InitSize != 0 && mb.InitSize < mb.K {
			return settingErr("init size", mb.InitSize, ErrOutOfRange, "(below k = %d)", mb.K)
		}
		return nil
	})
}

// Fit clusters the rows of x into K clusters by mini-batch k-means (see
// [MiniBatchKMeans] for the algorithm and what bounds its quality). The
// Result has the shape of [KMeans.Fit]'s: Labels, Sizes and Inertia over
// the whole of x (each label the nearest final centre, ties to the lower
// index), Iterations the number of steps taken, Converged true when the
// early stop ended the fit rather than MaxSteps, Restart the winning
// start. [Result.Predict] assigns new points.
//
// The cost is Restarts k-means++ runs on InitSize rows, BatchSize·K·d per
// step, and one pass of n·K·d over the data for the labels; the memory,
// besides the Result's labels, is O((BatchSize + InitSize)·d). The result
// depends only on the data, the settings and the numbers drawn from Src
// (the vector kernels, where Fit has them, give the same bits as the
// scalar code). Fit returns ctx.Err() within a step or a chunk of rows
// when ctx is cancelled.
//
// Errors: as [KMeans.Fit] (invalid data, weights, K out of range, sums
// that overflow float64, ctx.Err()); bad settings and an InitSize below K
// come as an [*InputError] naming the setting.
func (mb MiniBatchKMeans) Fit(ctx context.Context, x Matrix) (Result, error) {
	mb, err := ready(ctx, mb, x)
	if err != nil {
		return Result{}, err
	}
	mb = mb.sized(x.Rows)
	var rng *rand.Rand
	if mb.Src != nil {
		rng = rand.New(mb.Src)
	} else {
		rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	centers, restart, err := mb.start(ctx, x, rng)
	if err != nil {
		return Result{}, err
	}
	steps, converged, err := mb.steps(ctx, x, rng, centers)
	if err != nil {
		return Result{}, err
	}
	res := Result{Centers: Matrix{Data: centers, Rows: mb.K, Cols: x.Cols}, Iterations: steps, Converged: converged, Restart: restart}
	if err := mb.label(ctx, x, &res); err != nil {
		return Result{}, err
	}
	if math.IsNaN(res.Inertia) || math.IsInf(res.Inertia, 0) || !finite(centers) {
		return Result{}, fmt.Errorf("%w: the sums of k-means overflow float64 (scale the data)", ErrNonFinite)
	}
	return res, nil
}

func (mb MiniBatchKMeans) weight(i int) float64 {
	if mb.Weights == nil {
		return 1
	}
	return mb.Weights[i]
}

// sample draws m rows of x uniformly with replacement and returns them (and
// their weights, nil without weights).
func (mb MiniBatchKMeans) sample(x Matrix, rng *rand.Rand, m int) (Matrix, []float64) {
	d := x.Cols
	s := Matrix{Data: make([]float64, m*d), Rows: m, Cols: d}
	var w []float64
	if mb.Weights != nil {
		w = make([]float64, m)
	}
	for r := range m {
		i := rng.IntN(x.Rows)
		copy(s.Data[r*d:(r+1)*d], x.Data[i*d:(i+1)*d])
		if w != nil {
			w[r] = mb.Weights[i]
		}
	}
	return s, w
}

// start returns the starting centres: the best of Restarts greedy k-means++
// runs, each on InitSize random rows, judged by the inertia on InitSize
// other random rows (drawn first, as scikit-learn does); and the number of
// the winning run.
func (mb MiniBatchKMeans) start(ctx context.Context, x Matrix, rng *rand.Rand) ([]float64, int, error) {
	k, d := mb.K, x.Cols
	valid, validW := mb.sample(x, rng, mb.InitSize)
	var best []float64
	bestInertia, bestRun := math.Inf(1), 0
	lab := make([]int32, valid.Rows)
	dist := make([]float64, valid.Rows)
	for r := range mb.Restarts {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		sub, subW := mb.sample(x, rng, mb.InitSize)
		if subW != nil && !slices.ContainsFunc(subW, func(v float64) bool { return v > 0 }) {
			subW = nil
		}
		var xt []float64
		if useVector {
			xt = toPanels(sub)
		}
		e := newEngine(sub, subW, k, mb.Workers, false, xt)
		centers := make([]float64, k*d)
		if err := e.plusPlus(ctx, rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64())), centers); err != nil {
			return nil, 0, err
		}
		newRowLabeler(centers, k, d).nearestRows(valid.Data, lab, dist)
		inertia := 0.0
		for i, v := range dist {
			if validW != nil {
				v *= validW[i]
			}
			inertia += v
		}
		if best == nil || inertia < bestInertia {
			best, bestInertia, bestRun = centers, inertia, r
		}
	}
	return best, bestRun, nil
}

// steps runs the mini-batch steps from centers (updated in place) and
// returns the number of steps taken and whether the early stop ended them.
func (mb MiniBatchKMeans) steps(ctx context.Context, x Matrix, rng *rand.Rand, centers []float64) (int, bool, error) {
	k, d, b := mb.K, x.Cols, mb.BatchSize
	idx := make([]int, b)
	lab := make([]int32, b)
	dist := make([]float64, b)
	sums := make([]float64, k*d)
	got := make([]float64, k)    // weight each centre received in the step
	counts := make([]float64, k) // vⱼ: weight absorbed so far
	rl := newRowLabeler(centers, k, d)
	var st stopRule
	st.alpha = min(1, 2*float64(b)/(float64(x.Rows)+1))
	// No early stop before the average's time constant, 1/α steps.
	minSteps := int(math.Ceil((float64(x.Rows) + 1) / (2 * float64(b))))
	sinceReassign := 0
	for step := 1; step <= mb.MaxSteps; step++ {
		if err := ctx.Err(); err != nil {
			return step - 1, false, err
		}
		for r := range idx {
			idx[r] = rng.IntN(x.Rows)
		}
		prefetch(x.Data, d, idx) // the rows are random: ask for them all at once
		rl.setCenters(centers)
		rl.nearestOf(x.Data, idx, lab, dist)
		clear(sums)
		clear(got)
		inertia := 0.0
		for r, l := range lab {
			i := idx[r]
			w := mb.weight(i)
			axpy(sums[int(l)*d:(int(l)+1)*d], w, x.Data[i*d:(i+1)*d])
			got[l] += w
			inertia += float64(w * dist[r])
		}
		for j := range k {
			if got[j] == 0 {
				continue
			}
			v := counts[j] + got[j]
			cj, sj := centers[j*d:(j+1)*d], sums[j*d:(j+1)*d]
			for f := range cj {
				cj[f] = (float64(cj[f]*counts[j]) + sj[f]) / v
			}
			counts[j] = v
		}
		if !mb.NoReassign {
			sinceReassign += b
			if slices.Contains(counts, 0) || sinceReassign >= 10*k {
				sinceReassign = 0
				mb.reassign(rng, x, idx, centers, counts)
			}
		}
		if mb.Progress != nil {
			mb.Progress(step, mb.MaxSteps)
		}
		if st.stop(step, inertia/float64(b), mb.Patience) && step >= minSteps {
			if mb.Progress != nil && step < mb.MaxSteps {
				mb.Progress(mb.MaxSteps, mb.MaxSteps)
			}
			return step, true, nil
		}
	}
	return mb.MaxSteps, false, nil
}

// reassign moves the centres whose weight is below ReassignRatio × the
// largest to distinct random points of the batch (the rows idx of x), as scikit-learn does: at
// most half a batch of them (the lightest), each then taking the smallest
// weight of the centres that stay.
func (mb MiniBatchKMeans) reassign(rng *rand.Rand, x Matrix, idx []int, centers, counts []float64) {
	d, b := x.Cols, len(idx)
	limit := mb.ReassignRatio * slices.Max(counts)
	var move []int
	for j, v := range counts {
		if v < limit {
			move = append(move, j)
		}
	}
	if len(move) == 0 {
		return
	}
	if half := b / 2; len(move) > half {
		slices.SortStableFunc(move, func(p, q int) int { return cmp.Or(cmp.Compare(counts[p], counts[q]), p-q) })
		move = move[:half]
		slices.Sort(move)
	}
	keep := math.Inf(1)
	moving := make([]bool, len(counts))
	for _, j := range move {
		moving[j] = true
	}
	for j, v := range counts {
		if !moving[j] {
			keep = min(keep, v)
		}
	}
	// Distinct batch rows, uniformly: a partial Fisher–Yates shuffle.
	pick := make([]int, b)
	for r := range pick {
		pick[r] = r
	}
	for t, j := range move {
		s := t + rng.IntN(b-t)
		pick[t], pick[s] = pick[s], pick[t]
		copy(centers[j*d:(j+1)*d], x.Row(idx[pick[t]]))
		counts[j] = keep
	}
}

// stopRule is scikit-learn's early stop of MiniBatchKMeans: an
// exponentially weighted average of the batch inertia per point, from the
// second step on, and a count of the steps since it last reached a new
// minimum.
type stopRule struct {
	alpha    float64 // smoothing
	ewa, low float64
	started  bool
	idle     int
}

// stop takes the batch inertia per point of step (from 1) and reports
// whether patience steps have passed without a new minimum.
func (s *stopRule) stop(step int, inertia float64, patience int) bool {
	if step == 1 { // the inertia of the starting centres: not comparable
		return false
	}
	if !s.started {
		s.ewa, s.low, s.started = inertia, inertia, true
		return false
	}
	s.ewa = float64(s.ewa*(1-s.alpha)) + float64(inertia*s.alpha)
	if s.ewa < s.low {
		s.low, s.idle = s.ewa, 0
		return false
	}
	s.idle++
	return s.idle >= patience
}

// label fills in res's Labels, Sizes and Inertia over the whole of x, in
// fixed chunks of rows whose partial inertias are added in chunk order.
func (mb MiniBatchKMeans) label(ctx context.Context, x Matrix, res *Result) error {
	d := x.Cols
	p := newPool(x.Rows, mb.Workers)
	res.Labels = make([]int, x.Rows)
	part := make([]float64, p.chunks)
	rl := newRowLabeler(res.Centers.Data, mb.K, d)
	err := p.run(ctx, func(c, lo, hi int) {
		var lab [chunkRows]int32
		var dist [chunkRows]float64
		rl.forChunk().nearestRows(x.Data[lo*d:hi*d], lab[:hi-lo], dist[:hi-lo])
		s := 0.0
		for i, a := range lab[:hi-lo] {
			res.Labels[lo+i] = int(a)
			s += float64(mb.weight(lo+i) * dist[i])
		}
		part[c] = s
	})
	if err != nil {
		return err
	}
	res.Sizes = make([]int, mb.K)
	for _, l := range res.Labels {
		res.Sizes[l]++
	}
	for _, v := range part {
		res.Inertia += v
	}
	return nil
}
