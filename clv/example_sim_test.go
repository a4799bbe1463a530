package clv_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/cxkit/cxkit/clv"
)

// A model recovers its own parameters: draw 20,000 customers from a BG/NBD
// with Gamma-Gamma spend, observed for 52 weeks after joining over 12
// weeks, and fit both models to their summaries.
func ExampleSimulate() {
	ctx := context.Background()
	truth := clv.BGNBD{R: 0.5, Alpha: 5, A: 0.8, B: 2.5}
	spend := clv.GammaGamma{P: 6, Q: 4, V: 15}
	sim, err := clv.Simulate(ctx, truth, &clv.SimulationSettings{
		Customers: 20000, T: 52, Cohort: 12, Spend: &spend, Src: rand.NewPCG(1, 2),
	})
	if err != nil {
		panic(err)
	}
	data := sim.Summaries()
	bg, res, err := clv.FitBGNBD(ctx, data, nil, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("true r=%.2f α=%.2f a=%.2f b=%.2f\n", truth.R, truth.Alpha, truth.A, truth.B)
	fmt.Printf("fit  r=%.2f α=%.2f a=%.2f b=%.2f (std. err. of a: %.2f)\n", bg.R, bg.Alpha, bg.A, bg.B, res.StdErr[2])
	gg, _, err := clv.FitGammaGamma(ctx, data, nil, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("spend: true mean %.2f, fitted %.2f\n", spend.MeanSpend(), gg.MeanSpend())
	// Output:
	// true r=0.50 α=5.00 a=0.80 b=2.50
	// fit  r=0.50 α=4.86 a=0.85 b=2.73 (std. err. of a: 0.04)
	// spend: true mean 30.00, fitted 30.10
}

// A pattern table compresses a customer base to its distinct (x, t_x, T)
// with counts; every fit takes the counts as weights and gives the same
// estimates and standard errors as on the customers themselves.
func ExamplePatternTable() {
	ctx := context.Background()
	sim, err := clv.Simulate(ctx, clv.ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 11.67},
		&clv.SimulationSettings{Customers: 5000, T: 39, Src: rand.NewPCG(3, 4)})
	if err != nil {
		panic(err)
	}
	data := sim.Summaries()
	for i := range data { // whole days, as Summarize gives them
		data[i].Recency = float64(int(data[i].Recency*7)) / 7
	}
	var table clv.PatternTable // zero value ready; Merge tables built in parallel
	for _, c := range data {
		if err := table.Add(c); err != nil {
			panic(err)
		}
	}
	patterns, counts := table.Result()
	m, res, err := clv.FitParetoNBD(ctx, patterns, counts, nil)
	if err != nil {
		panic(err)
	}
	_, full, err := clv.FitParetoNBD(ctx, data, nil, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d customers in %d patterns\n", len(data), len(patterns))
	fmt.Printf("r=%.2f α=%.2f s=%.2f β=%.2f, log-likelihood %.1f\n", m.R, m.Alpha, m.S, m.Beta, res.LogLik)
	fmt.Println("same estimates and standard errors as on the customers:",
		slices.Equal(res.Estimate, full.Estimate) && slices.Equal(res.StdErr, full.StdErr))
	// Output:
	// 5000 customers in 1026 patterns
	// r=0.55 α=10.60 s=0.43 β=5.79, log-likelihood -22802.9
	// same estimates and standard errors as on the customers: true
}

// Pattern tables built on separate workers travel as bytes (a shuffle, a
// checkpoint) and merge on arrival into the table of the whole base.
func ExamplePatternTable_MarshalBinary() {
	data := loadCDNOW()
	var shards [2][]byte
	for w := range shards { // worker w counts every other customer
		var t clv.PatternTable
		for i := w; i < len(data); i += 2 {
			if err := t.Add(data[i]); err != nil {
				panic(err)
			}
		}
		b, err := t.MarshalBinary()
		if err != nil {
			panic(err)
		}
		shards[w] = b
	}
	var all clv.PatternTable
	for _, b := range shards {
		var t clv.PatternTable
		if err := t.UnmarshalBinary(b); err != nil {
			panic(err)
		}
		if err := all.Merge(t); err != nil {
			panic(err)
		}
	}
	patterns, counts := all.Result()
	top := slices.Index(counts, slices.Max(counts))
	fmt.Printf("%d customers in %d patterns; shards of %d and %d bytes\n",
		len(data), len(patterns), len(shards[0]), len(shards[1]))
	fmt.Printf("most common pattern: %+v, %v customers\n", patterns[top], counts[top])
	// Output:
	// 2357 customers in 1016 patterns; shards of 17732 and 17796 bytes
	// most common pattern: {ID: Frequency:0 Recency:0 T:33.71 Monetary:0}, 24 customers
}
