package segment

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkRows is the number of rows in one unit of parallel work. It is a
// constant, not derived from the number of goroutines: every partial sum is
// taken over one chunk in row order and the chunk partials are combined in
// chunk order, so results do not depend on how many goroutines run.
const chunkRows = 2048

// pool runs work over fixed row chunks on up to workers goroutines.
type pool struct {
	workers int
	n       int // rows
	chunks  int // number of chunks
}

func newPool(n, workers int) pool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := (n + chunkRows - 1) / chunkRows
	return pool{workers: max(1, min(workers, chunks)), n: n, chunks: chunks}
}

// run calls fn(c, lo, hi) once for every chunk c covering rows [lo, hi). It
// stops early, returning ctx.Err(), when ctx is cancelled.
func (p pool) run(ctx context.Context, fn func(c, lo, hi int)) error {
	if p.workers == 1 {
		for c := 0; c < p.chunks; c++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			fn(c, c*chunkRows, min(p.n, (c+1)*chunkRows))
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		for {
			c := int(next.Add(1) - 1)
			if c >= p.chunks || ctx.Err() != nil {
				return
			}
			fn(c, c*chunkRows, min(p.n, (c+1)*chunkRows))
		}
	}
	// The calling goroutine works too, so that the work starts at once
	// and a busy machine cannot leave every worker waiting to be scheduled.
	for w := 1; w < p.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
	return ctx.Err()
}
