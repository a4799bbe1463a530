package retention

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/reftest"
)

// benchTenures returns n tenures from a fixed seed: exponential with mean
// 400 days (a faster-churning second group for half of them), censored at
// a uniform follow-up of up to 1,000 days. days rounds them up to whole
// days, as tenures usually come; otherwise every time is distinct.
func benchTenures(n int, days bool) ([]float64, []int, []int) {
	rng := rand.New(rand.NewPCG(20261207, 19))
	times := make([]float64, n)
	events := make([]int, n)
	groups := make([]int, n)
	for i := range n {
		g := rng.IntN(2)
		t := rng.ExpFloat64() * 400 / (1 + 0.3*float64(g))
		follow := rng.Float64() * 1000
		e := 1
		if follow < t {
			t, e = follow, 0
		}
		if days {
			t = math.Ceil(t)
		}
		times[i], events[i], groups[i] = t, e, g
	}
	return times, events, groups
}

func BenchmarkKaplanMeier(b *testing.B) {
	for _, n := range []int{1e4, 1e6} {
		for _, days := range []bool{true, false} {
			times, events, _ := benchTenures(n, days)
			b.Run(fmt.Sprintf("n=%d/days=%v", n, days), func(b *testing.B) {
				b.ReportAllocs()
				reftest.BenchCPU(b, func() { _, _ = KaplanMeier(context.Background(), times, events, nil) })
			})
		}
	}
}

func BenchmarkLogRank(b *testing.B) {
	for _, n := range []int{1e4, 1e6} {
		for _, days := range []bool{true, false} {
			times, events, groups := benchTenures(n, days)
			b.Run(fmt.Sprintf("n=%d/days=%v", n, days), func(b *testing.B) {
				b.ReportAllocs()
				reftest.BenchCPU(b, func() { _, _ = LogRank(context.Background(), times, events, groups, nil, nil) })
			})
		}
	}
}

// BenchmarkKaplanMeierLogRank is the comparison: the curve with
// its median and the two-group test on the same 1,000,000 tenures.
func BenchmarkKaplanMeierLogRank(b *testing.B) {
	times, events, groups := benchTenures(1e6, false)
	b.ReportAllocs()
	reftest.BenchCPU(b, func() {
		c, _ := KaplanMeier(context.Background(), times, events, nil)
		_ = c.Median()
		_, _ = LogRank(context.Background(), times, events, groups, nil, nil)
	})
}

func BenchmarkRiskSetMerge(b *testing.B) {
	times, events, _ := benchTenures(1e5, true)
	x, _ := NewRiskSet(context.Background(), times[:5e4], events[:5e4], nil)
	y, _ := NewRiskSet(context.Background(), times[5e4:], events[5e4:], nil)
	b.ReportAllocs()
	for b.Loop() {
		z := RiskSet{Rows: x.Rows}
		_ = z.Merge(y)
	}
}

func BenchmarkFitSBG(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = FitSBG(ctx, [][]int64{fhRegular, fhHighEnd}, nil)
	}
}

// benchLog returns n events of n/10 customers over 2024 from a fixed seed:
// each customer's first event on a random day, later ones spread after it.
func benchLog(n int) ([]int64, []time.Time) {
	rng := rand.New(rand.NewPCG(7, 19))
	customers := make([]int64, n)
	times := make([]time.Time, n)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m := max(n/10, 1)
	first := make([]time.Duration, m)
	for c := range first {
		first[c] = time.Duration(rng.Int64N(int64(300 * 24 * time.Hour)))
	}
	for i := range n {
		c := rng.IntN(m)
		customers[i] = int64(c)
		later := time.Duration(rng.ExpFloat64() * float64(30*24*time.Hour))
		times[i] = t0.Add(first[c] + later)
	}
	return customers, times
}

func BenchmarkCohorts(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1e5, 1e6} {
		customers, times := benchLog(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			reftest.BenchCPU(b, func() {
				c, _ := Cohorts(ctx, customers, times, nil, nil)
				_, _ = c.Table(nil)
			})
		})
	}
}
