package ces

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cxkit/cxkit/internal/reftest"
)

func BenchmarkScore(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 1e5, 1e6, 1e7} {
		rng := rand.New(rand.NewPCG(1, 2))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(1 + rng.IntN(7))
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Score(xs, V2)
			}
		})
	}
}

func BenchmarkTally(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := make([]int, 1e6)
	for i := range xs {
		xs[i] = 1 + rng.IntN(7)
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
