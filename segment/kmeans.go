package segment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// Init selects how [KMeans] chooses its starting centres. It encodes in
// JSON by name: "k-means++", "random", "given".
type Init int

const (
	// InitKMeansPlusPlus is greedy k-means++ (the default): the first centre
	// is a point drawn with probability ∝ its weight (uniformly without
	// weights), each next one the best of 2 + ⌊ln k⌋ candidates drawn with
	// probability ∝ weight × squared distance to the nearest centre so far
	// — best meaning the lowest resulting inertia — as in scikit-learn.
	InitKMeansPlusPlus Init = iota
	// InitRandom starts from k distinct rows of positive weight, drawn
	// uniformly without replacement.
	InitRandom
	// InitGiven starts from KMeans.Centers; there is then one run only.
	InitGiven
)

// Algorithm selects the assignment step of [KMeans]. Both give identical
// results, bit for bit; they differ only in speed. It encodes in JSON by
// name: "hamerly", "lloyd".
type Algorithm int

const (
	// Hamerly (the default) keeps for every point an upper bound on the
	// distance to its centre and a lower bound on the distance to every
	// other centre (Hamerly 2010), and skips the distance computations
	// that the bounds prove useless. After a few iterations most points
	// are skipped. It needs two extra float64 per point. Where Fit has
	// its AVX-512 kernels (see KMeans.Fit) and K·d′ ≤ 128 (d′ = d rounded
	// up to a multiple of 4), a full vector assignment step costs less
	// than the bounds' bookkeeping, and Fit takes Lloyd's step instead.
	Hamerly Algorithm = iota
	// Lloyd computes the distance from every point to every centre in
	// every iteration.
	Lloyd
)

// KMeans holds the settings of a k-means fit; [KMeans.Fit] runs it. The
// zero value of every field means its documented default, so KMeans{} is
// a complete fit (8 clusters) and KMeans{K: 5} the usual one. A KMeans is a plain value and may be used
// by several goroutines at once as long as Src is not shared (a
// rand.Source is not safe for concurrent use).
//
// JSON keys: k, restarts, max_iter, tol, strict, init, no_refine,
// centers, weights, algorithm, workers (Src and Progress are not encoded).
type KMeans struct {
	// K is the number of clusters: 1 ≤ K ≤ number of distinct points
	// (with positive weight). Zero means the number of given Centers with
	// InitGiven, and 8 otherwise (scikit-learn's default n_clusters).
	// [ElbowCurve] sets it.
	K int
	// Restarts is the number of runs from different starting centres; the
	// run with the lowest inertia wins (the first one on a tie). Zero means
	// 10 (scikit-learn's n_init) when n·K·d ≥ 10⁶ for n points of d
	// features, and ⌈10⁷/(n·K·d)⌉, at most 100, below that: small data
	// sets get more runs, which cost little there and reach the best
	// known optimum far more often. With InitGiven there is one run.
	Restarts int
	// MaxIter is the maximum number of assignment steps per run; zero
	// means 300.
	MaxIter int
	// Tol is scikit-learn's relative tolerance: a run stops when the summed
	// squared centre shift of an iteration is ≤ Tol × the mean over
	// features of the (population, unweighted) variance of the data. Zero
	// means 1e-4. It must be finite and ≥ 0.
	Tol float64
	// Strict turns the tolerance test off: a run stops only when no label
	// changes (or at MaxIter).
	Strict bool
	// Init selects the starting centres (default InitKMeansPlusPlus).
	Init Init
	// NoRefine turns off the final refinement of small fits. When n·K·d is
	// below 10⁶ (n points of d features) and Init is not InitGiven, Fit
	// refines the winning run by Hartigan's single-point transfers (a
	// point moves to another cluster when that lowers the inertia, the
	// centres following), then Lloyd's iterations from the new means; the
	// result replaces the run's when its inertia is lower. This escapes
	// some local optima that Lloyd's iterations cannot, at the cost of a
	// few passes over the data. scikit-learn has no such step: set
	// NoRefine to reproduce its results.
	NoRefine bool
	// Centers are the starting centres for InitGiven: K rows, as many
	// columns as the data, finite.
	Centers Matrix
	// Weights are optional sample weights (nil means all 1): finite, ≥ 0,
	// one per point, with a positive sum. A point of weight w counts as w
	// copies of itself in the centres, the inertia and k-means++.
	Weights []float64
	// Algorithm selects Hamerly (default) or Lloyd; the results are identical.
	Algorithm Algorithm
	// Workers is the number of goroutines; zero means runtime.GOMAXPROCS(0).
	// The result does not depend on it. With several workers and restarts
	// (and no Progress), whole runs go in parallel, each holding its own
	// labels and bounds: about 40 bytes per point for every run in flight
	// (min(Workers, Restarts, GOMAXPROCS) of them); otherwise each run's
	// passes over the data are split among the workers. On machines with
	// AVX-512 (amd64, not built with the purego tag), Fit also holds one
	// copy of the data, shared by the runs, in the layout of its vector
	// kernels: 8·d′ bytes per point, d′ being d rounded up to a multiple
	// of 4; and with more than 8 features each run in flight keeps,
	// during k-means++ without weights, the distances to the candidates
	// of a step: 8·(2 + ⌊ln K⌋) bytes per point.
	Workers int
	// Src is the source of randomness (not encoded). The seeds of the runs
	// are drawn from it in order, so a seeded source (rand.NewPCG(1, 2))
	// gives the same result on every machine and with any number of
	// workers. Nil means the global source of math/rand/v2 (a different
	// result every time).
	Src rand.Source
	// Progress, if not nil, is called after every iteration of every run,
	// from the goroutine that called Fit, with done out of total steps:
	// total is Restarts × MaxIter (Restarts after its default is applied),
	// and a run that stops early jumps done to the end of its share; the
	// refinement (see NoRefine) is not reported (not encoded).
	Progress func(done, total int)
}

// Result is a fitted k-means clustering. Its methods only read it, so it is
// safe for concurrent use. A Result decoded from JSON predicts exactly what
// the original does.
//
// JSON keys: centers, labels, sizes, inertia, iterations, converged, restart.
type Result struct {
	// Centers holds the K cluster centres, one per row.
	Centers Matrix
	// Labels holds each point's cluster, 0 ≤ label < K: the nearest
	// final centre (ties go to the lower index).
	Labels []int
	// Sizes counts the points in each cluster.
	Sizes []int
	// Inertia is Σ wᵢ‖xᵢ − centre(labelᵢ)‖², the weighted within-cluster
	// sum of squares.
	Inertia float64
	// Iterations is the number of assignment steps of the winning run,
	// counting the final step in which no label changed, and those of its
	// refinement when that lowered the inertia (see KMeans.NoRefine).
	Iterations int
	// Converged reports whether the winning run stopped because no label
	// changed or the centre shift fell to the tolerance, rather than at
	// MaxIter.
	Converged bool
	// Restart is the number (from 0) of the winning run.
	Restart int
}

// withDefaults validates the settings and fills in the defaults.
func (km KMeans) withDefaults() (KMeans, error) {
	for _, s := range []struct {
		name string
		v    int
	}{{"restarts", km.Restarts}, {"max iterations", km.MaxIter}, {"workers", km.Workers}} {
		if s.v < 0 {
			return km, settingErr(s.name, s.v, ErrNegative, "")
		}
	}
	switch {
	case math.IsNaN(km.Tol) || math.IsInf(km.Tol, 0):
		return km, settingErr("tol", km.Tol, ErrNonFinite, "")
	case km.Tol < 0:
		return km, settingErr("tol", km.Tol, ErrNegative, "")
	case km.Init < InitKMeansPlusPlus || km.Init > InitGiven:
		return km, settingErr("init", int(km.Init), ErrOutOfRange, "")
	case km.Algorithm < Hamerly || km.Algorithm > Lloyd:
		return km, settingErr("algorithm", int(km.Algorithm), ErrOutOfRange, "")
	}
	if km.K == 0 {
		km.K = 8
		if km.Init == InitGiven {
			km.K = km.Centers.Rows
		}
	}
	if km.Init == InitGiven {
		km.Restarts = 1
	}
	if km.MaxIter == 0 {
		km.MaxIter = 300
	}
	if km.Tol == 0 {
		km.Tol = 1e-4
	}
	return km, nil
}

// restartBudget is the work (n·K·d, the cost of one assignment step) under
// which the default number of restarts grows beyond 10; see
// defaultRestarts.
const restartBudget = 10_000_000

// defaultRestarts returns the number of restarts that Restarts = 0 means
// for n points of d features in k clusters: 10, as scikit-learn, or, for
// small data, ⌈restartBudget / (n·k·d)⌉ up to 100. On small data a single
// k-means++ run often ends in a local optimum above the best known one
// (on iris with k = 4, about 7 runs in 8), so 10 runs miss it for a good
// share of seeds; the extra runs cost little there (at most about
// restartBudget distance terms per step).
func defaultRestarts(n, k, d int) int {
	work := float64(n) * float64(k) * float64(d)
	return int(min(100, max(10, math.Ceil(restartBudget/work))))
}

// refines reports whether Fit refines the winning run (see refine).
func (km KMeans) refines(x Matrix) bool {
	work := float64(x.Rows) * float64(km.K) * float64(x.Cols)
	return !km.NoRefine && km.Init != InitGiven && km.K > 1 && work < refineWork
}

// check validates the data and settings against each other (see
// checkFit), the given centres among them.
func (km KMeans) check(x Matrix) error {
	return checkFit(x, km.Weights, km.K, func() error {
		c := km.Centers
		switch {
		case km.Init != InitGiven:
			return nil
		case c.Rows != km.K || c.Cols != x.Cols:
			return fmt.Errorf("%w: given centres are %d × %d, want %d × %d", ErrLength, c.Rows, c.Cols, km.K, x.Cols)
		}
		if err := c.Validate(); err != nil {
			return fmt.Errorf("given centres: %w", err)
		}
		return nil
	})
}

// Fit clusters the rows of x into K clusters by k-means (Lloyd's algorithm,
// or Hamerly's exact acceleration of it), keeping the best of Restarts runs.
//
// Each run follows scikit-learn's KMeans: assign every point to its nearest
// centre (ties go to the lower index), move every centre to the weighted
// mean of its points, and stop when no label changed, when the summed
// squared centre shift is ≤ Tol × mean feature variance (unless Strict),
// or after MaxIter
// assignment steps. A cluster left empty takes the point farthest from its
// centre. After stopping at MaxIter (or on the shift test), the labels are
// assigned once more to the final centres, so that Labels and Inertia
// always describe the returned Centers. R's stats::kmeans differs here: at
// iter.max it returns the labels of the last assignment step, computes
// tot.withinss from them and reports iter.max + 1 iterations.
//
// Each run depends only on its seed, drawn in order from Src; within a run
// the work is split into fixed chunks of rows whose partial sums are added
// in chunk order. So the result is the same for any Workers, whether the
// runs go one after another (each split among the workers) or several at
// once (see KMeans.Workers), and the winner is always the run of lowest
// inertia, the earliest on a tie. The winner of a small fit is then
// refined (see KMeans.NoRefine). On amd64 machines with AVX-512 the
// distances are computed by vector kernels that evaluate, lane by lane,
// the very expression of the scalar code, so the results are the same bits
// with and without them (and with the purego build tag). Fit returns
// ctx.Err() promptly (within one chunk of work) when ctx is cancelled.
//
// Errors: invalid data ([Matrix.Validate]); weights of the wrong length
// ([ErrLength]), NaN or infinite ([ErrNonFinite]), negative ([ErrNegative])
// or all zero ([ErrEmpty]); K out of range ([ErrOutOfRange]); given centres
// of the wrong shape ([ErrLength]); bad settings (an [*InputError] naming
// the setting); sums that overflow float64 ([ErrNonFinite]: scale the
// data); ctx.Err().
func (km KMeans) Fit(ctx context.Context, x Matrix) (Result, error) {
	km, err := ready(ctx, km, x)
	if err != nil {
		return Result{}, err
	}
	if km.Restarts == 0 {
		km.Restarts = defaultRestarts(x.Rows, km.K, x.Cols)
	}
	tolAbs := km.Tol * meanVariance(x)
	if km.Strict {
		tolAbs = -1
	}
	sd := &seeder{restarts: km.Restarts}
	if km.Src != nil {
		sd.rng = rand.New(km.Src)
	}
	runs, workers := km.concurrency()
	var xt []float64 // the data in the layout of the vector kernels
	if useVector {
		xt = toPanels(x)
	}
	bests := make([]bestRun, runs)
	if runs == 1 {
		e := newEngine(x, km.Weights, km.K, workers, km.Algorithm == Hamerly, xt)
		for {
			r, seed, ok := sd.next()
			if !ok {
				break
			}
			if err := km.run(ctx, e, r, seed, tolAbs, &bests[0]); err != nil {
				return Result{}, err
			}
		}
	} else if err := km.runConcurrently(ctx, x, xt, sd, tolAbs, bests, workers); err != nil {
		return Result{}, err
	}
	var best *bestRun // a goroutine may have had no run
	for i := range bests {
		if b := &bests[i]; b.done && (best == nil || b.preferredTo(best)) {
			best = b
		}
	}
	if km.refines(x) && !math.IsNaN(best.res.Inertia) && !math.IsInf(best.res.Inertia, 0) {
		if err := km.refine(ctx, x, xt, workers, tolAbs, best); err != nil {
			return Result{}, err
		}
	}
	res := best.res
	if math.IsNaN(res.Inertia) || math.IsInf(res.Inertia, 0) || !finite(res.Centers.Data) {
		return Result{}, fmt.Errorf("%w: the sums of k-means overflow float64 (scale the data)", ErrNonFinite)
	}
	res.Labels = make([]int, x.Rows)
	res.Sizes = make([]int, km.K)
	for i, l := range best.labels {
		res.Labels[i] = int(l)
		res.Sizes[l]++
	}
	return res, nil
}

// finite reports whether every value of v is finite.
func finite(v []float64) bool {
	for _, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// seeder hands out the restart numbers and their seeds, in order: run r
// always gets the r-th pair of numbers drawn from the source, whichever
// goroutine takes it. Seeds are drawn as runs start, so a huge Restarts
// allocates nothing.
type seeder struct {
	mu       sync.Mutex
	rng      *rand.Rand // nil: the global source
	run      int
	restarts int
}

// next returns the next restart and its seed, or ok = false when every
// restart has been handed out.
func (s *seeder) next() (r int, seed [2]uint64, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run >= s.restarts {
		return 0, seed, false
	}
	r = s.run
	s.run++
	if s.rng != nil {
		seed = [2]uint64{s.rng.Uint64(), s.rng.Uint64()}
	} else {
		seed = [2]uint64{rand.Uint64(), rand.Uint64()}
	}
	return r, seed, true
}

// concurrency returns how many runs Fit performs at once and how many
// goroutines each of them uses. Independent runs in parallel scale better
// than one run split into chunks (no synchronisation per pass over the
// data), so with several workers and several restarts each worker does
// whole runs, at the price of the per-run memory (labels, bounds and
// k-means++ distances, about 40 bytes per point) for every run in flight;
// there are at most runtime.GOMAXPROCS(0) of them.
// With a Progress callback, whose calls must come in order from the
// calling goroutine, the runs take turns and each uses every worker.
func (km KMeans) concurrency() (runs, workers int) {
	workers = km.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Each run in flight holds O(n) state: no more of them than can run.
	runs = min(workers, km.Restarts, runtime.GOMAXPROCS(0))
	if runs <= 1 || km.Progress != nil {
		return 1, workers
	}
	return runs, workers / runs
}

// runConcurrently performs the restarts on len(bests) goroutines, each
// taking the next restart in turn and running it on its own engine of the
// given number of workers; goroutine g offers its runs to bests[g]. It
// returns ctx.Err() when ctx was cancelled.
func (km KMeans) runConcurrently(ctx context.Context, x Matrix, xt []float64, sd *seeder, tolAbs float64, bests []bestRun, workers int) error {
	var wg sync.WaitGroup
	errs := make([]error, len(bests))
	for g := range bests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newEngine(x, km.Weights, km.K, workers, km.Algorithm == Hamerly, xt)
			for {
				r, seed, ok := sd.next()
				if !ok {
					return
				}
				if err := km.run(ctx, e, r, seed, tolAbs, &bests[g]); err != nil {
					errs[g] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// progressShare returns the steps of Progress per run: MaxIter, or 1 when
// Restarts × MaxIter would overflow an int.
func (km KMeans) progressShare() int {
	if km.MaxIter > math.MaxInt/km.Restarts {
		return 1
	}
	return km.MaxIter
}

// run performs restart r with the given seed on e and offers its outcome
// to best. A run depends on its seed only, not on what e did before.
func (km KMeans) run(ctx context.Context, e *engine, r int, seed [2]uint64, tolAbs float64, best *bestRun) error {
	rng := rand.New(rand.NewPCG(seed[0], seed[1]))
	if best.centers == nil {
		best.centers = make([]float64, e.k*e.d)
	}
	centers := best.centers
	switch km.Init {
	case InitGiven:
		copy(centers, km.Centers.Data)
	case InitRandom:
		e.randomPoints(rng, centers)
	default:
		if err := e.plusPlus(ctx, rng, centers); err != nil {
			return err
		}
	}
	var onIter func(it int)
	share := 0
	if km.Progress != nil {
		share = km.progressShare()
		if share == km.MaxIter {
			onIter = func(it int) { km.Progress(r*share+it, km.Restarts*share) }
		}
	}
	warm := e.hamerly && km.Init == InitKMeansPlusPlus
	labelled := !e.hamerly && km.Init == InitKMeansPlusPlus
	iters, conv, err := e.fit(ctx, centers, km.MaxIter, tolAbs, warm, labelled, onIter)
	if err != nil {
		return err
	}
	if km.Progress != nil && (onIter == nil || iters < km.MaxIter) {
		km.Progress((r+1)*share, km.Restarts*share)
	}
	inertia, err := e.inertia(ctx, centers)
	if err != nil {
		return err
	}
	run := Result{Inertia: inertia, Iterations: iters, Converged: conv, Restart: r}
	if cand := (bestRun{res: run}); best.done && !cand.preferredTo(best) {
		return nil
	}
	run.Centers = Matrix{Data: append(best.res.Centers.Data[:0], centers...), Rows: e.k, Cols: e.d}
	best.res, best.done = run, true
	best.labels = append(best.labels[:0], e.labels...)
	return nil
}

// bestRun is the best run seen so far by one goroutine of Fit.
type bestRun struct {
	done    bool      // a run has been offered
	res     Result    // without Labels and Sizes
	labels  []int32   // the labels of res
	centers []float64 // the working centres of the goroutine's runs
}

// preferredTo reports whether Fit keeps run b rather than run o. Fit
// behaves as if it went through the runs in order and kept a run only
// when its inertia is strictly lower than the best so far: the lowest
// inertia wins, the earlier run on a tie, and a NaN inertia (possible only
// when sums overflow) wins as run 0 only.
func (b *bestRun) preferredTo(o *bestRun) bool {
	rank := func(r Result) int {
		switch {
		case !math.IsNaN(r.Inertia):
			return 1
		case r.Restart == 0:
			return 0
		}
		return 2
	}
	x, y := b.res, o.res
	if rx, ry := rank(x), rank(y); rx != ry {
		return rx < ry
	}
	if x.Inertia != y.Inertia && rank(x) == 1 {
		return x.Inertia < y.Inertia
	}
	return x.Restart < y.Restart
}

// Predict returns the nearest centre of r for each row of x (ties go to
// the lower index), as Fit assigns its final labels. It returns an error
// wrapping [ErrLength] when x has not as many columns as the centres, the
// errors of [Matrix.Validate] for x or for r.Centers (a zero Result has no
// centres: [ErrEmpty]), and ctx.Err() when ctx is cancelled.
func (r Result) Predict(ctx context.Context, x Matrix) ([]int, error) {
	if err := r.Centers.Validate(); err != nil {
		return nil, fmt.Errorf("centres: %w", err)
	}
	if err := x.Validate(); err != nil {
		return nil, err
	}
	if x.Cols != r.Centers.Cols {
		return nil, fmt.Errorf("%w: data has %d columns, centres %d", ErrLength, x.Cols, r.Centers.Cols)
	}
	labels := make([]int, x.Rows)
	p := newPool(x.Rows, 1)
	rl := newRowLabeler(r.Centers.Data, r.Centers.Rows, x.Cols)
	err := p.run(ctx, func(_, lo, hi int) {
		var lab [chunkRows]int32
		var dist [chunkRows]float64
		rl.forChunk().nearestRows(x.Data[lo*x.Cols:hi*x.Cols], lab[:hi-lo], dist[:hi-lo])
		for i, a := range lab[:hi-lo] {
			labels[lo+i] = int(a)
		}
	})
	if err != nil {
		return nil, err
	}
	return labels, nil
}
