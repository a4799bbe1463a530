package clv_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/cxkit/cxkit/clv"
)

// cdnowSpend reads the CDNOW calibration summary with mean repeat spend
// (columns ID, x, t_x, T, zbar; weeks and US dollars).
func cdnowSpend() []clv.Customer {
	f, err := os.Open("testdata/cdnow_customers_summary_with_transactions.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil { // header
		panic(err)
	}
	var out []clv.Customer
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			panic(err)
		}
		var v [4]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(rec[i+1], 64); err != nil {
				panic(err)
			}
		}
		out = append(out, clv.Customer{ID: rec[0], Frequency: v[0], Recency: v[1], T: v[2], Monetary: v[3]})
	}
}

// Fit the Gamma-Gamma spend model to the CDNOW customers (Fader & Hardie
// 2013 report p = 6.25, q = 3.74, γ = 15.44). Customers without a repeat
// purchase are skipped by the fit.
func ExampleFitGammaGamma() {
	m, res, err := clv.FitGammaGamma(context.Background(), cdnowSpend(), nil, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("p = %.2f (SE %.2f)\n", m.P, res.StdErr[0])
	fmt.Printf("q = %.2f (SE %.2f)\n", m.Q, res.StdErr[1])
	fmt.Printf("γ = %.2f (SE %.2f)\n", m.V, res.StdErr[2])
	fmt.Printf("log-likelihood %.2f\n", res.LogLik)
	fmt.Printf("population mean spend $%.2f\n", m.MeanSpend())
	// Output:
	// p = 6.25 (SE 1.19)
	// q = 3.74 (SE 0.29)
	// γ = 15.45 (SE 4.16)
	// log-likelihood -4055.92
	// population mean spend $35.17
}

// The expected spend per transaction shrinks a customer's own mean towards
// the population mean, the less so the more transactions the customer has.
func ExampleGammaGamma_ConditionalExpectedSpend() {
	m := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	for _, x := range []float64{0, 1, 5, 50} {
		c := clv.Customer{Frequency: x, Recency: x, T: 52}
		if x > 0 {
			c.Monetary = 100
		}
		fmt.Printf("x = %2.0f, mean $100: expected spend $%.2f\n", x, m.ConditionalExpectedSpend(c))
	}
	// Output:
	// x =  0, mean $100: expected spend $35.22
	// x =  1, mean $100: expected spend $80.26
	// x =  5, mean $100: expected spend $94.78
	// x = 50, mean $100: expected spend $99.44
}
