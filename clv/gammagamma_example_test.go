package clv_test

import (
	"context"
	"fmt"

	"github.com/cxkit/cxkit/clv"
)

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
