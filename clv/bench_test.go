package clv

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cxkit/cxkit/internal/reftest"
)

// simulateBGNBD draws n customers from a BG/NBD with the published CDNOW
// estimates, following the recipe of testdata/SOURCE.md (T resampled from
// the CDNOW ages; λ ~ Gamma(r, α); p ~ Beta(a, b); N ~ Poisson(λT) candidate
// purchases; dropout after the D-th repeat purchase, D ~ Geometric(p);
// x = min(N, D); recency = T·Beta(x, N−x+1), rounded to 4 decimals), with
// a seeded math/rand/v2 PCG source instead of NumPy's generator.
func simulateBGNBD(tb testing.TB, n int, seed uint64) []Customer {
	ages := cdnowSummary(tb)
	src := rand.NewPCG(seed, 2005)
	rng := rand.New(src)
	lam := distuv.Gamma{Alpha: 0.243, Beta: 4.414, Src: src}
	pd := distuv.Beta{Alpha: 0.793, Beta: 2.426, Src: src}
	out := make([]Customer, n)
	for i := range out {
		T := ages[rng.IntN(len(ages))].T
		l, p := lam.Rand(), pd.Rand()
		N := int(distuv.Poisson{Lambda: l * T, Src: src}.Rand())
		D := 1 + int(math.Floor(math.Log(1-rng.Float64())/math.Log1p(-p)))
		if p >= 1 {
			D = 1
		}
		x := min(N, D)
		c := Customer{Frequency: float64(x), T: T}
		if x > 0 {
			b := distuv.Beta{Alpha: float64(x), Beta: float64(N - x + 1), Src: src}.Rand()
			c.Recency = math.Round(T*b*1e4) / 1e4
		}
		out[i] = c
	}
	return out
}

// loopCPU runs body in a b.Loop and reports the process CPU time per
// operation as "cpu-ns/op" besides the wall time. On a shared machine the
// wall time moves with the load while the CPU time measures the work.
func loopCPU(b *testing.B, body func()) {
	b.ReportAllocs()
	reftest.BenchCPU(b, body)
}

var (
	sim1MOnce sync.Once
	sim1M     []Customer
)

// benchData returns the named benchmark data set.
func benchData(b *testing.B, name string) []Customer {
	switch name {
	case "cdnow":
		return cdnowSummary(b)
	case "100k":
		return synthetic100k(b)
	case "1M":
		sim1MOnce.Do(func() { sim1M = simulateBGNBD(b, 1_000_000, 2006) })
		return sim1M
	}
	b.Fatalf("unknown data set %q", name)
	return nil
}

// benchFits runs fit with the default settings on each named data set of
// benchData.
func benchFits(b *testing.B, fit fitFn, names ...string) {
	for _, name := range names {
		b.Run(name, func(b *testing.B) {
			data := benchData(b, name)
			loopCPU(b, func() {
				if _, err := fit(context.Background(), data, nil, nil); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkFitBGNBD(b *testing.B) { benchFits(b, fitOf(FitBGNBD), "cdnow", "100k", "1M") }

func BenchmarkFitMBGNBD(b *testing.B) { benchFits(b, fitOf(FitMBGNBD), "cdnow", "100k") }

// BenchmarkCLV values 100,000 customers over years 1, 2–3 and 4–5 with
// monthly discounting (Period 52/12 weeks, 1 % a month): 60 periods.
func BenchmarkCLV(b *testing.B) {
	data := benchData(b, "100k")
	m := BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	d := Discounting{Period: 52.0 / 12, Rate: 0.01}
	ws := []Window{{0, 52}, {52, 156}, {156, 260}}
	loopCPU(b, func() {
		if _, err := CLV(context.Background(), m, FixedSpend(35), data, d, ws...); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkSummarizeCDNOW(b *testing.B) {
	log := cdnowLog(b)
	o := cdnowOptions()
	loopCPU(b, func() {
		if _, err := Summarize(log, o); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkCLVParetoNBD values 200,000 customers (the 100k synthetic set
// twice) over five years with weekly discounting under the Pareto/NBD
// (issue 14's 51 s case): P(alive) once per distinct customer, the
// alive-customer curve once per distinct (x, T).
func BenchmarkCLVParetoNBD(b *testing.B) {
	data := append(append([]Customer(nil), synthetic100k(b)...), synthetic100k(b)...)
	m := ParetoNBD{R: 0.5073, Alpha: 9.881, S: 0.8681, Beta: 22.08}
	loopCPU(b, func() {
		if _, err := CLV(context.Background(), m, FixedSpend(35), data, Discounting{Period: 1, Rate: 0.002}, Window{0, 260}); err != nil {
			b.Fatal(err)
		}
	})
}
