package monitor

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// benchPeriods returns n weekly periods with 50–500 responses, seeded.
func benchPeriods(n int) []Period {
	rng := rand.New(rand.NewPCG(20261207, 1))
	ps := make([]Period, n)
	for i := range ps {
		m := 50 + rng.IntN(450)
		pr := rng.IntN(m/2 + 1)
		de := rng.IntN(m - pr + 1)
		ps[i] = Period{N: m, Successes: pr + de/2, Promoters: pr, Detractors: de, Passives: m - pr - de,
			Mean: 4 + rng.NormFloat64()*0.1, Variance: 1 + rng.Float64()}
	}
	return ps
}

func BenchmarkCharts(b *testing.B) {
	for _, n := range []int{100, 10000} {
		ps := benchPeriods(n)
		for _, c := range []struct {
			name string
			run  func()
		}{
			{"PChart", func() { _, _ = PChart(ps, nil) }},
			{"NPSChart", func() { _, _ = NPSChart(ps, &Settings{Rules: Nelson}) }},
			{"XBarS", func() { _, _ = XBarSChart(ps, nil) }},
			{"EWMA", func() { _, _ = EWMA(ps, NPS, nil) }},
			{"CUSUM", func() { _, _ = CUSUM(ps, Proportion, nil) }},
			{"Change", func() { _, _ = Change(ps, NPS, n/2, nil) }},
		} {
			b.Run(c.name+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					c.run()
				}
			})
		}
	}
}

func BenchmarkARL(b *testing.B) {
	b.Run("CUSUM", func(b *testing.B) {
		for b.Loop() {
			_, _ = CUSUMARL(0.5, 5, 0)
		}
	})
	b.Run("EWMA", func(b *testing.B) {
		for b.Loop() {
			_, _ = EWMAARL(0.1, 2.814, 0)
		}
	})
}
