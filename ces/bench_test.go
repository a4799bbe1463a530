package ces

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
)

// uniform returns n ratings uniform on 1–7, from a fixed seed.
func uniform(n int) []uint8 {
	rng := rand.New(rand.NewPCG(1, 2))
	r8 := make([]uint8, n)
	for i := range r8 {
		r8[i] = uint8(1 + rng.IntN(7))
	}
	return r8
}

func BenchmarkScore(b *testing.B) {
	likerttest.BenchScore(b, uniform, func(xs []float64) { _, _ = Score(xs, V2) })
}

func BenchmarkTally(b *testing.B) {
	xs := make([]int, 1e6)
	for i, r := range uniform(len(xs)) {
		xs[i] = int(r)
	}
	b.ReportAllocs()
	for b.Loop() {
		var t Tally
		for _, x := range xs {
			_ = t.Add(x)
		}
		_, _ = t.Result()
	}
}

// BenchmarkCountByGroup counts 10,000,000 byte ratings in 1,000 segments,
// validation included (the ces twin of the csat and nps grouped benchmarks).
func BenchmarkCountByGroup(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	r8 := make([]uint8, 10_000_000)
	segs := make([]int32, len(r8))
	for i := range r8 {
		r8[i] = uint8(1 + rng.IntN(7))
		segs[i] = int32(rng.IntN(1000))
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("n=%d/goroutines=%d", len(r8), w), func(b *testing.B) {
			b.ReportAllocs()
			reftest.BenchCPU(b, func() {
				if _, err := CountByGroup(context.Background(), r8, segs, 1000, V2, &GroupSettings{Workers: w}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
