package clv_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/journey"
)

// ExampleFitMBGNBD fits the modified BG/NBD to CDNOW. Unlike the BG/NBD, it
// lets customers drop out right after their first purchase, so a customer
// with no repeat purchase is not certainly alive.
func ExampleFitMBGNBD() {
	m, res, err := clv.FitMBGNBD(context.Background(), loadCDNOW(), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("r = %.3f, alpha = %.3f, a = %.3f, b = %.3f, log-likelihood %.1f\n", m.R, m.Alpha, m.A, m.B, res.LogLik)
	fmt.Printf("P(alive) of a week-38 customer without repeat purchase: %.3f\n", m.ProbAlive(clv.Customer{T: 38.86}))
	// Output:
	// r = 0.525, alpha = 6.183, a = 0.891, b = 1.614, log-likelihood -9582.1
	// P(alive) of a week-38 customer without repeat purchase: 0.390
}

// ExampleBGNBD_ProbPurchases gives the distribution of the number of repeat
// purchases of a new CDNOW customer in the first 39 weeks (FHL 2005, eq. 8).
func ExampleBGNBD_ProbPurchases() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	for n := range 4 {
		fmt.Printf("P(X(39) = %d) = %.3f\n", n, m.ProbPurchases(n, 39))
	}
	fmt.Printf("E[X(39)] = %.3f\n", m.ExpectedPurchases(39))
	// Output:
	// P(X(39) = 0) = 0.574
	// P(X(39) = 1) = 0.199
	// P(X(39) = 2) = 0.085
	// P(X(39) = 3) = 0.046
	// E[X(39)] = 1.197
}

// ExampleSplitHoldout cuts a log into a calibration summary and holdout
// activity; holdout purchases in one period merge, as in calibration.
func ExampleSplitHoldout() {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 12, 0, 0, 0, time.UTC) }
	purchases := []journey.Purchase{
		{Customer: "ann", Time: day(1), Amount: 10},
		{Customer: "ann", Time: day(5), Amount: 20},
		{Customer: "ann", Time: day(12), Amount: 5},
		{Customer: "ann", Time: day(12), Amount: 7}, // same day: one holdout purchase of 12
		{Customer: "bob", Time: day(3), Amount: 40},
	}
	s, err := clv.SplitHoldout(purchases, day(7), &clv.SummarySettings{End: day(14)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("holdout of %.0f days\n", s.Duration)
	for i, c := range s.Calibration {
		h := s.Holdout[i]
		fmt.Printf("%s: x=%g t_x=%g T=%g | holdout purchases %g, mean %.2f\n", c.ID, c.Frequency, c.Recency, c.T, h.Frequency, h.Monetary)
	}
	// Output:
	// holdout of 7 days
	// ann: x=1 t_x=4 T=6 | holdout purchases 1, mean 12.00
	// bob: x=0 t_x=0 T=4 | holdout purchases 0, mean 0.00
}

// ExampleCohortRetention derives retention, churn and expected lifespan
// from a cohort's active customers per year, and the average-based CLV.
func ExampleCohortRetention() {
	r, err := clv.CohortRetention([]float64{1000, 700, 520, 400})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("yearly retention %.3f, churn %.3f, lifespan %.2f years\n", r.Mean, r.Churn, r.Lifespan)
	v, _ := clv.AverageValue(60, 2.5, r.Lifespan) // $60 orders, 2.5 a year
	fmt.Printf("average-based CLV $%.2f\n", v)
	// Output:
	// yearly retention 0.737, churn 0.263, lifespan 3.80 years
	// average-based CLV $569.92
}

// ExampleHistoric sums each customer's past margin.
func ExampleHistoric() {
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	hv, err := clv.Historic([]journey.Purchase{
		{Customer: "ann", Time: t, Amount: 120},
		{Customer: "bob", Time: t, Amount: 30},
		{Customer: "ann", Time: t.AddDate(0, 2, 0), Amount: 80},
	}, 0.3)
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range hv {
		fmt.Printf("%s: %d purchases, revenue $%.0f, margin $%.0f\n", h.ID, h.Purchases, h.Revenue, h.Value)
	}
	// Output:
	// ann: 2 purchases, revenue $200, margin $60
	// bob: 1 purchases, revenue $30, margin $9
}
