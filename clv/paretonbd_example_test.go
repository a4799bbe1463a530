package clv_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cxkit/cxkit/clv"
)

// ExampleFitParetoNBD fits the Pareto/NBD model to the CDNOW calibration
// data (weeks) and reproduces the estimates of Fader, Hardie & Lee (2005):
// r = 0.55, α = 10.58, s = 0.61, β = 11.67, log-likelihood −9595.0.
func ExampleFitParetoNBD() {
	data := loadCDNOW()
	m, res, err := clv.FitParetoNBD(context.Background(), data, nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("r = %.3f, alpha = %.3f, s = %.3f, beta = %.3f\n", m.R, m.Alpha, m.S, m.Beta)
	fmt.Printf("log-likelihood %.1f\n", res.LogLik)
	for i, name := range res.Params {
		fmt.Printf("%-5s %7.3f ± %.3f\n", name, res.Estimate[i], res.StdErr[i])
	}

	// Customer 1 bought on 2 more days, the last at week 30.43 of 38.86.
	c := data[0]
	fmt.Printf("customer %s: P(alive) = %.3f, expected purchases in the next 39 weeks = %.3f\n",
		c.ID, m.ProbAlive(c), m.ConditionalExpectedPurchases(c, 39))
	// A new customer: expected repeat purchases in a year and the chance of none.
	fmt.Printf("new customer: E[X(52)] = %.3f, P(X(52) = 0) = %.3f\n", m.ExpectedPurchases(52), m.ProbPurchases(0, 52))
	// Output:
	// r = 0.553, alpha = 10.578, s = 0.606, beta = 11.668
	// log-likelihood -9595.0
	// r       0.553 ± 0.048
	// alpha  10.578 ± 0.843
	// s       0.606 ± 0.187
	// beta   11.668 ± 6.211
	// customer 1: P(alive) = 0.869, expected purchases in the next 39 weeks = 1.455
	// new customer: E[X(52)] = 1.473, P(X(52) = 0) = 0.574
}

// ExampleParetoNBD_ProbAlive compares two customers with the same number of
// purchases: the one whose last purchase is recent is more likely alive.
func ExampleParetoNBD_ProbAlive() {
	m := clv.ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.668} // CDNOW, weeks
	recent := clv.Customer{Frequency: 4, Recency: 37, T: 38}
	lapsed := clv.Customer{Frequency: 4, Recency: 10, T: 38}
	fmt.Printf("recent: %.3f\nlapsed: %.3f\n", m.ProbAlive(recent), m.ProbAlive(lapsed))
	// Output:
	// recent: 0.987
	// lapsed: 0.098
}
