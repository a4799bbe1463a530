package clv

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Parallel loops shared by the likelihood kernels and CLV. Chunks are
// contiguous and their results are combined in chunk order, so results do
// not depend on scheduling.

// parallelSum4 adds fn over [0, n) split into contiguous chunks of size
// rows (the last may be shorter), run on up to GOMAXPROCS goroutines. fn
// returns a log-likelihood part and its gradient with respect to four
// parameters; the parts are added in chunk order, and the chunks do not
// depend on the number of goroutines, so the result is the same, bit for
// bit, for any GOMAXPROCS.
func parallelSum4(n, size int, fn func(lo, hi int) (float64, [4]float64)) (float64, [4]float64) {
	nc := (n + size - 1) / size
	parts := make([]float64, nc)
	grads := make([][4]float64, nc)
	parallelChunks(n, size, func(c, lo, hi int) { parts[c], grads[c] = fn(lo, hi) })
	var s float64
	var g [4]float64
	for c := range nc {
		s += parts[c]
		for i := range g {
			g[i] += grads[c][i]
		}
	}
	return s, g
}

// parallelChunks calls fn(c, lo, hi) for each chunk c = [lo, hi) of
// [0, n) in chunks of size (the last may be shorter), on up to GOMAXPROCS
// goroutines that take the chunks in turn (all on the caller's goroutine
// when there is one chunk or GOMAXPROCS is 1). The chunks themselves do
// not depend on the number of goroutines. fn must not panic.
func parallelChunks(n, size int, fn func(c, lo, hi int)) {
	nc := (n + size - 1) / size
	workers := min(runtime.GOMAXPROCS(0), nc)
	if workers <= 1 {
		for c := range nc {
			fn(c, c*size, min(n, (c+1)*size))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1)) - 1
				if c >= nc {
					return
				}
				fn(c, c*size, min(n, (c+1)*size))
			}
		}()
	}
	wg.Wait()
}

// parallelFor runs fn over [0, n) in contiguous chunks on up to GOMAXPROCS
// goroutines (one for small n). fn must not panic.
func parallelFor(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for p := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(p*n/workers, (p+1)*n/workers)
		}()
	}
	wg.Wait()
}
