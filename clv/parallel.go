package clv

import (
	"runtime"
	"sync"
)

// Parallel loops shared by the likelihood kernels and CLV. Chunks are
// contiguous and their results are combined in chunk order, so results do
// not depend on scheduling.

// parallelSum4 adds fn over [0, n) split into contiguous chunks: one chunk
// when n < minRows, otherwise up to GOMAXPROCS chunks of at least minRows/2
// rows on their own goroutines. fn returns a log-likelihood part and its
// gradient with respect to four parameters; the parts are added in chunk
// order, so the result does not depend on scheduling.
func parallelSum4(n, minRows int, fn func(lo, hi int) (float64, [4]float64)) (float64, [4]float64) {
	workers := 1
	if n >= minRows {
		workers = min(runtime.GOMAXPROCS(0), n/(minRows/2))
	}
	if workers <= 1 {
		return fn(0, n)
	}
	parts := make([]float64, workers)
	grads := make([][4]float64, workers)
	var wg sync.WaitGroup
	for p := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[p], grads[p] = fn(p*n/workers, (p+1)*n/workers)
		}()
	}
	wg.Wait()
	var s float64
	var g [4]float64
	for p := range workers {
		s += parts[p]
		for i := range g {
			g[i] += grads[p][i]
		}
	}
	return s, g
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
