package retention_test

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/cxkit/cxkit/retention"
)

// Tenures in weeks of 12 subscribers; 0 marks those still subscribed when
// the data were pulled (censored).
func ExampleKaplanMeier() {
	weeks := []float64{2, 3, 3, 5, 6, 8, 8, 9, 12, 14, 15, 20}
	churned := []int{1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0}
	curve, err := retention.KaplanMeier(context.Background(), weeks, churned, nil)
	if err != nil {
		panic(err)
	}
	for _, s := range curve.Steps {
		if s.Events > 0 {
			fmt.Printf("week %2.0f: %d at risk, %d left, S = %.3f [%.3f, %.3f]\n",
				s.Time, s.AtRisk, s.Events, s.Survival, s.CI.Lower, s.CI.Upper)
		}
	}
	m := curve.Median()
	upper := "not reached" // the band never falls to ½: no upper limit yet
	if !math.IsNaN(m.CI.Upper) {
		upper = fmt.Sprintf("%.0f", m.CI.Upper)
	}
	fmt.Printf("median tenure %.0f weeks [%.0f, %s]\n", m.Time, m.CI.Lower, upper)
	r, _ := curve.RMST(12)
	fmt.Printf("expected weeks within the first 12: %.2f ± %.2f\n", r.Mean, r.StdErr)
	// Output:
	// week  2: 12 at risk, 1 left, S = 0.917 [0.539, 0.988]
	// week  3: 11 at risk, 1 left, S = 0.833 [0.482, 0.956]
	// week  5: 9 at risk, 1 left, S = 0.741 [0.391, 0.909]
	// week  6: 8 at risk, 1 left, S = 0.648 [0.310, 0.852]
	// week  8: 7 at risk, 1 left, S = 0.556 [0.237, 0.787]
	// week  9: 5 at risk, 1 left, S = 0.444 [0.151, 0.706]
	// week 14: 3 at risk, 1 left, S = 0.296 [0.055, 0.600]
	// median tenure 9 weeks [3, not reached]
	// expected weeks within the first 12: 8.51 ± 1.08
}

// Compare the tenure of customers who contacted support in their first
// week (b) with those who did not (a).
func ExampleLogRank() {
	weeks := []float64{4, 7, 9, 12, 15, 20, 22, 30, 2, 3, 3, 5, 6, 8, 10, 11}
	churned := []int{1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1}
	contacted := []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}
	r, err := retention.LogRank(context.Background(), weeks, churned, contacted, nil, nil)
	if err != nil {
		panic(err)
	}
	for _, g := range r.Groups {
		fmt.Printf("group %d: %d customers, %.0f churned, %.2f expected\n", g.Group, g.N, g.Observed, g.Expected)
	}
	fmt.Printf("chi² = %.2f on %d df, p = %.4f\n", r.Statistic, r.DF, r.P)
	fmt.Printf("hazard ratio b/a = %.1f [%.1f, %.1f]\n", r.HazardRatio, r.CI.Lower, r.CI.Upper)
	// Output:
	// group 0: 8 customers, 4 churned, 7.70 expected
	// group 1: 8 customers, 7 churned, 3.30 expected
	// chi² = 7.00 on 1 df, p = 0.0081
	// hazard ratio b/a = 6.6 [1.6, 27.0]
}

// Fit the sBG model to the "regular" segment of Fader and Hardie (2007)
// and value a customer who has renewed twice.
func ExampleFitSBG() {
	survivors := []int64{1000, 631, 468, 382, 326, 289, 262, 241}
	m, fit, err := retention.FitSBG(context.Background(), [][]int64{survivors}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("gamma = %.3f (%.3f), delta = %.3f (%.3f)\n", m.Gamma, fit.StdErr[0], m.Delta, fit.StdErr[1])
	proj, _ := fit.Project(12, 0)
	for _, p := range proj[7:] {
		fmt.Printf("year %2d: %.1f%% still active [%.1f, %.1f], renewal rate %.3f\n",
			p.Period, 100*p.Survival, 100*p.SurvivalCI.Lower, 100*p.SurvivalCI.Upper, p.Retention)
	}
	derl, _ := m.DERL(2, 0.10)
	fmt.Printf("a customer with 2 renewals pays %.2f more discounted years\n", derl)
	// Output:
	// gamma = 0.704 (0.066), delta = 1.182 (0.152)
	// year  8: 22.0% still active [19.5, 24.7], renewal rate 0.921
	// year  9: 20.4% still active [17.9, 23.2], renewal rate 0.929
	// year 10: 19.1% still active [16.6, 21.9], renewal rate 0.935
	// year 11: 18.0% still active [15.5, 20.7], renewal rate 0.941
	// year 12: 17.0% still active [14.6, 19.8], renewal rate 0.945
	// a customer with 2 renewals pays 4.87 more discounted years
}

// A weekly cohort table from an event log: sign-ups start a cohort,
// purchases count as returns.
func ExampleCohorts() {
	d := func(m time.Month, day int) time.Time { return time.Date(2024, m, day, 10, 0, 0, 0, time.UTC) }
	customers := []string{"ann", "ann", "ann", "bob", "bob", "cy", "dee", "dee", "eve"}
	times := []time.Time{d(1, 1), d(1, 9), d(1, 23), d(1, 3), d(1, 17), d(1, 7), d(1, 8), d(1, 15), d(1, 10)}
	events := []string{"signup", "purchase", "purchase", "signup", "purchase", "signup", "signup", "purchase", "signup"}
	counts, err := retention.Cohorts(context.Background(), customers, times, events, &retention.CohortSettings{
		Period: retention.Week, WeekStart: time.Monday, Location: "UTC",
		StartEvent: "signup", ReturnEvent: "purchase",
	})
	if err != nil {
		panic(err)
	}
	tab, _ := counts.Table(nil)
	for _, c := range tab.Cohorts {
		fmt.Printf("%s n=%d:", c.Start.Format("Jan 02"), c.Size)
		for _, cell := range c.Cells[1:] {
			fmt.Printf(" %3.0f%%", 100*cell.Rate)
		}
		fmt.Println()
	}
	fmt.Print("all         :")
	for _, cell := range tab.Overall[1:] {
		fmt.Printf(" %3.0f%%", 100*cell.Rate)
	}
	fmt.Println()
	// Output:
	// Jan 01 n=3:  33%  33%  33%
	// Jan 08 n=2:  50%   0%
	// all         :  40%  20%  33%
}

// Count tenures on two machines, merge the counts, and compute the curve
// once: the result is the same as from one pass over all the tenures.
func ExampleRiskSet_Merge() {
	var east, west retention.RiskSet
	for _, t := range []retention.Tenure{{Time: 3, Event: true}, {Time: 5}, {Time: 8, Event: true}} {
		_ = east.Add(t)
	}
	for _, t := range []retention.Tenure{{Time: 3, Event: true}, {Time: 6, Event: true}, {Time: 9}} {
		_ = west.Add(t)
	}
	if err := east.Merge(west); err != nil {
		panic(err)
	}
	curve, _ := east.KaplanMeier(nil)
	for _, s := range curve.Steps {
		fmt.Printf("t=%v n=%d d=%d S=%.3f\n", s.Time, s.AtRisk, s.Events, s.Survival)
	}
	// Output:
	// t=3 n=6 d=2 S=0.667
	// t=5 n=4 d=0 S=0.667
	// t=6 n=3 d=1 S=0.444
	// t=8 n=2 d=1 S=0.222
	// t=9 n=1 d=0 S=0.222
}

// Compare the weekly retention of two segments of the same cohort:
// customers acquired by email (a) and in the app (b). R's survdiff on the
// same lifetimes (churn at the week after the last return, censored at
// week 8) gives the same chi-square.
func ExampleCompareCohorts() {
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	week := func(n int) time.Time { return start.AddDate(0, 0, 7*n) }
	segment := func(lastWeeks []int) retention.CohortCounts {
		c := retention.CohortCounts{WeekStart: time.Monday}
		for _, last := range lastWeeks {
			x := retention.Customer{Starts: []time.Time{start}}
			for w := 1; w <= last; w++ {
				x.Returns = append(x.Returns, week(w))
			}
			_ = c.Add(x)
		}
		c.End = week(8)
		return c
	}
	email := segment([]int{0, 0, 1, 1, 1, 2, 2, 3, 4, 8})
	app := segment([]int{1, 2, 3, 4, 5, 6, 7, 8, 8, 8})
	r, err := retention.CompareCohorts(email, app, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("chi² = %.2f, p = %.4f, churn hazard app/email = %.2f\n", r.Statistic, r.P, r.HazardRatio)
	// Output:
	// chi² = 4.52, p = 0.0335, churn hazard app/email = 0.29
}
