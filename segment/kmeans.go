package segment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cxkit/cxkit/internal/summary"
)

// Init selects how [KMeans] chooses its starting centres.
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
// results, bit for bit; they differ only in speed.
type Algorithm int

const (
	// Hamerly (the default) keeps for every point an upper bound on the
	// distance to its centre and a lower bound on the distance to every
	// other centre (Hamerly 2010), and skips the distance computations
	// that the bounds prove useless. After a few iterations most points
	// are skipped. It needs two extra float64 per point.
	Hamerly Algorithm = iota
	// Lloyd computes the distance from every point to every centre in
	// every iteration.
	Lloyd
)

// Default settings of [KMeans].
const (
	DefaultRestarts = 10
	DefaultMaxIter  = 300
	DefaultTol      = 1e-4
)

// Progress is what [KMeans.Fit] reports after every iteration.
type Progress struct {
	Restart   int     // run number, from 0
	Iteration int     // assignment steps done in this run, from 1
	Changed   int     // points whose label changed in this step (all n in the first)
	Shift     float64 // Σ‖new centre − old centre‖² of this step
}

// KMeans holds the settings of a k-means fit. The zero value of every
// field except K means its documented default. A KMeans is a plain value
// and may be used by several goroutines at once as long as Src is not
// shared (a rand.Source is not safe for concurrent use).
type KMeans struct {
	// K is the number of clusters: 1 ≤ K ≤ number of distinct points
	// (with positive weight).
	K int
	// Restarts is the number of runs from different starting centres; the
	// run with the lowest inertia wins (the first one on a tie). Zero means
	// DefaultRestarts (10, scikit-learn's n_init); with InitGiven it is 1.
	Restarts int
	// MaxIter is the maximum number of assignment steps per run; zero
	// means DefaultMaxIter (300).
	MaxIter int
	// Tol is scikit-learn's relative tolerance: a run stops when the summed
	// squared centre shift of an iteration is ≤ Tol × the mean over
	// features of the (population, unweighted) variance of the data. Zero
	// means DefaultTol (1e-4). A negative Tol turns the test off, so a run
	// stops only when no label changes (or at MaxIter).
	Tol float64
	// Init selects the starting centres (default InitKMeansPlusPlus).
	Init Init
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
	// (min(Workers, Restarts) of them); otherwise each run's passes over
	// the data are split among the workers.
	Workers int
	// Src is the source of randomness. The seeds of the runs are drawn from
	// it in order, so a seeded source (rand.NewPCG(1, 2)) gives the same
	// result on every machine and with any number of workers. Nil means
	// the global source of math/rand/v2 (a different result every time).
	Src rand.Source
	// Progress, if not nil, is called after every iteration of every run,
	// from the goroutine that called Fit.
	Progress func(Progress)
}

// Result is a fitted k-means clustering. Its methods only read it, so it is
// safe for concurrent use.
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
	// counting the final step in which no label changed.
	Iterations int
	// Converged reports whether the winning run stopped because no label
	// changed or the centre shift fell to the tolerance, rather than at
	// MaxIter.
	Converged bool
	// Restart is the number (from 0) of the winning run.
	Restart int
}

func (km KMeans) withDefaults() (KMeans, error) {
	if km.Restarts < 0 || km.MaxIter < 0 || km.Workers < 0 {
		return km, fmt.Errorf("%w: negative Restarts, MaxIter or Workers", ErrSettings)
	}
	if km.Init < InitKMeansPlusPlus || km.Init > InitGiven || km.Algorithm < Hamerly || km.Algorithm > Lloyd {
		return km, fmt.Errorf("%w: unknown Init %d or Algorithm %d", ErrSettings, km.Init, km.Algorithm)
	}
	if km.Restarts == 0 {
		km.Restarts = DefaultRestarts
	}
	if km.Init == InitGiven {
		km.Restarts = 1
	}
	if km.MaxIter == 0 {
		km.MaxIter = DefaultMaxIter
	}
	if km.Tol == 0 {
		km.Tol = DefaultTol
	}
	return km, nil
}

// check validates the data and settings against each other.
func (km KMeans) check(x Matrix) error {
	if err := x.Validate(); err != nil {
		return err
	}
	if err := checkWeights(km.Weights, x.Rows); err != nil {
		return err
	}
	if km.K < 1 || km.K > x.Rows || km.K > math.MaxInt32 {
		return fmt.Errorf("%w: k = %d with %d points", ErrK, km.K, x.Rows)
	}
	if km.Init == InitGiven {
		c := km.Centers
		if c.Rows != km.K || c.Cols != x.Cols {
			return fmt.Errorf("%w: given centres are %d × %d, want %d × %d", ErrDimension, c.Rows, c.Cols, km.K, x.Cols)
		}
		if err := c.Validate(); err != nil {
			return fmt.Errorf("given centres: %w", err)
		}
	}
	if n := countDistinct(x, km.Weights, km.K); n < km.K {
		return fmt.Errorf("%w: k = %d but only %d distinct points with positive weight", ErrK, km.K, n)
	}
	return nil
}

// Fit clusters the rows of x into K clusters by k-means (Lloyd's algorithm,
// or Hamerly's exact acceleration of it), keeping the best of Restarts runs.
//
// Each run follows scikit-learn's KMeans: assign every point to its nearest
// centre (ties go to the lower index), move every centre to the weighted
// mean of its points, and stop when no label changed, when the summed
// squared centre shift is ≤ Tol × mean feature variance, or after MaxIter
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
// inertia, the earliest on a tie. Fit returns ctx.Err() promptly (within
// one chunk of work) when ctx is cancelled.
//
// Errors: invalid data ([Matrix.Validate]), weights ([ErrWeight]), K out of
// range ([ErrK]), given centres of the wrong shape ([ErrDimension]), bad
// settings ([ErrSettings]).
func (km KMeans) Fit(ctx context.Context, x Matrix) (Result, error) {
	km, err := km.withDefaults()
	if err != nil {
		return Result{}, err
	}
	if err := km.check(x); err != nil {
		return Result{}, err
	}
	tolAbs := km.Tol * meanVariance(x)
	var master *rand.Rand
	if km.Src != nil {
		master = rand.New(km.Src)
	}
	seeds := make([][2]uint64, km.Restarts)
	for r := range seeds {
		if master != nil {
			seeds[r] = [2]uint64{master.Uint64(), master.Uint64()}
		} else {
			seeds[r] = [2]uint64{rand.Uint64(), rand.Uint64()}
		}
	}
	runs, workers := km.concurrency()
	bests := make([]bestRun, runs)
	if runs == 1 {
		e := newEngine(x, km.Weights, km.K, workers, km.Algorithm == Hamerly)
		for r := 0; r < km.Restarts; r++ {
			if err := km.run(ctx, e, r, seeds[r], tolAbs, &bests[0]); err != nil {
				return Result{}, err
			}
		}
	} else if err := km.runConcurrently(ctx, x, seeds, tolAbs, bests, workers); err != nil {
		return Result{}, err
	}
	var best *bestRun // a goroutine may have had no run
	for i := range bests {
		if b := &bests[i]; b.done && (best == nil || b.preferredTo(best)) {
			best = b
		}
	}
	res := best.res
	res.Labels = make([]int, x.Rows)
	res.Sizes = make([]int, km.K)
	for i, l := range best.labels {
		res.Labels[i] = int(l)
		res.Sizes[l]++
	}
	return res, nil
}

// concurrency returns how many runs Fit performs at once and how many
// goroutines each of them uses. Independent runs in parallel scale better
// than one run split into chunks (no synchronisation per pass over the
// data), so with several workers and several restarts each worker does
// whole runs, at the price of the per-run memory (labels, bounds and
// k-means++ distances, about 40 bytes per point) for every run in flight.
// With a Progress callback, whose calls must come in order from the
// calling goroutine, the runs take turns and each uses every worker.
func (km KMeans) concurrency() (runs, workers int) {
	workers = km.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	runs = min(workers, km.Restarts)
	if runs <= 1 || km.Progress != nil {
		return 1, workers
	}
	return runs, workers / runs
}

// runConcurrently performs the restarts on len(bests) goroutines, each
// taking the next restart number in turn and running it on its own engine
// of the given number of workers; goroutine g offers its runs to bests[g].
// It returns ctx.Err() when ctx was cancelled.
func (km KMeans) runConcurrently(ctx context.Context, x Matrix, seeds [][2]uint64, tolAbs float64, bests []bestRun, workers int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, len(bests))
	for g := range bests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newEngine(x, km.Weights, km.K, workers, km.Algorithm == Hamerly)
			for {
				r := int(next.Add(1) - 1)
				if r >= km.Restarts {
					return
				}
				if err := km.run(ctx, e, r, seeds[r], tolAbs, &bests[g]); err != nil {
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
	var onIter func(it, changed int, shift float64)
	if km.Progress != nil {
		onIter = func(it, changed int, shift float64) {
			km.Progress(Progress{Restart: r, Iteration: it, Changed: changed, Shift: shift})
		}
	}
	warm := e.hamerly && km.Init == InitKMeansPlusPlus
	iters, conv, err := e.fit(ctx, centers, km.MaxIter, tolAbs, warm, onIter)
	if err != nil {
		return err
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

// meanVariance returns the mean over features of the population variance.
func meanVariance(x Matrix) float64 {
	s := columnSummaries(x)
	total := 0.0
	for _, c := range s {
		total += c.M2 / float64(c.N)
	}
	return total / float64(len(s))
}

// columnSummaries returns the count, mean and M2 of every column of x.
func columnSummaries(x Matrix) []summary.Summary {
	s := make([]summary.Summary, x.Cols)
	for i := 0; i < x.Rows; i++ {
		for j, v := range x.Row(i) {
			s[j].Add(v)
		}
	}
	return s
}

// Predict returns the nearest centre of r for each row of x (ties go to
// the lower index), as Fit assigns its final labels. It returns an error
// wrapping [ErrDimension] when x has not as many columns as the centres,
// and the errors of [Matrix.Validate].
func (r Result) Predict(x Matrix) ([]int, error) {
	if err := x.Validate(); err != nil {
		return nil, err
	}
	if x.Cols != r.Centers.Cols || r.Centers.Rows == 0 {
		return nil, fmt.Errorf("%w: data has %d columns, centres %d", ErrDimension, x.Cols, r.Centers.Cols)
	}
	labels := make([]int, x.Rows)
	for i := range labels {
		labels[i], _ = nearest(x.Row(i), r.Centers.Data, r.Centers.Rows)
	}
	return labels, nil
}
