package ces

import (
	"fmt"
	"math/rand/v2"
	"testing"
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
