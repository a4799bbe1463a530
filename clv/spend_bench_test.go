package clv

import (
	"context"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// spendSink keeps benchmark results alive.
var spendSink float64

// bbSimulate draws n customers from the BG/BB model m, customer i having
// opportunities[i % len(opportunities)] opportunities.
func bbSimulate(m BGBB, n int, opportunities []int, src rand.Source) []Customer {
	pd := distuv.Beta{Alpha: m.Alpha, Beta: m.Beta, Src: src}
	td := distuv.Beta{Alpha: m.Gamma, Beta: m.Delta, Src: src}
	u := rand.New(src)
	out := make([]Customer, n)
	for i := range out {
		p, theta := pd.Rand(), td.Rand()
		nOpp := opportunities[i%len(opportunities)]
		x, tx := 0, 0
		for t := 1; t <= nOpp; t++ {
			if u.Float64() < theta {
				break
			}
			if u.Float64() < p {
				x, tx = x+1, t
			}
		}
		out[i] = Customer{Frequency: float64(x), Recency: float64(tx), T: float64(nOpp)}
	}
	return out
}

func BenchmarkFitGammaGamma(b *testing.B) {
	for _, bc := range []struct {
		name string
		data func(testing.TB) []Customer
	}{{"cdnow", cdnowWithSpend}, {"synthetic100k", synthetic100k}} {
		data := bc.data(b)
		b.Run(bc.name, func(b *testing.B) {
			loopCPU(b, func() {
				if _, _, err := FitGammaGamma(context.Background(), data, nil, nil); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkFitBGBB(b *testing.B) {
	patterns, w := bbDonations(b)
	var expanded []Customer
	for i, c := range patterns {
		for range int(w[i]) {
			expanded = append(expanded, c)
		}
	}
	weekly := bbSimulate(BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 0.66, Delta: 2.8}, 100_000,
		[]int{26, 39, 52}, rand.NewPCG(1, 2))
	for _, bc := range []struct {
		name string
		data []Customer
		w    []float64
	}{
		{"donations_patterns", patterns, w},
		{"donations_11104rows", expanded, nil},
		{"simulated100k_n26-52", weekly, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			loopCPU(b, func() {
				if _, _, err := FitBGBB(context.Background(), bc.data, bc.w, nil); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkConditionalExpectedSpends(b *testing.B) {
	data := synthetic100k(b)
	m := GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	loopCPU(b, func() {
		if _, err := m.ConditionalExpectedSpends(data); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkSpendInterval(b *testing.B) {
	data := synthetic100k(b)
	m, res, err := FitGammaGamma(context.Background(), data, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	loopCPU(b, func() {
		for _, c := range data[:1000] {
			if _, err := SpendInterval(m, res, c, 0.95); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkBGBBPredictions(b *testing.B) {
	data := bbSimulate(BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 0.66, Delta: 2.8}, 100_000, []int{26, 39, 52}, rand.NewPCG(3, 4))
	m := BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 0.66, Delta: 2.8}
	b.Run("ProbAlive100k", func(b *testing.B) {
		loopCPU(b, func() {
			s := 0.0
			for _, c := range data {
				s += m.ProbAlive(c)
			}
			spendSink = s
		})
	})
	b.Run("ConditionalExpectedPurchases100k", func(b *testing.B) {
		loopCPU(b, func() {
			s := 0.0
			for _, c := range data {
				s += m.ConditionalExpectedPurchases(c, 52)
			}
			spendSink = s
		})
	})
}
