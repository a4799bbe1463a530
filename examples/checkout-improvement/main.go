// Command checkout-improvement walks through one turn of the continuous
// improvement cycle on a checkout page, the course's "measure, change, test,
// measure again" scenario:
//
//  1. Measure: the Customer Effort Score (CES 2.0) at checkout and the
//     funnel show where customers struggle.
//  2. Plan: the A/B test's sample size for the conversion lift worth having.
//  3. Change and test: a redesigned, easier checkout against the current
//     one, randomised, with a sample-ratio-mismatch check, the z-test, the
//     relative lift and the Bayesian probability that the new page is better.
//  4. Measure again: after the rollout, CES and conversion are compared with
//     the baseline.
//
// Customers are simulated by the journey package's seeded simulator (the
// checkout's experience quality is 0.6 today and 0.75 with the redesign), so
// every run prints the same numbers. Run it with
//
//	go run ./examples/checkout-improvement
package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/internal/rate"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/funnel"
	"github.com/cxkit/cxkit/journey/simulate"
)

// The scenario's settings.
const (
	currentQuality    = 0.6  // checkout experience today (simulate.DefaultQuality)
	redesignQuality   = 0.75 // with the redesigned checkout
	baselineCustomers = 2000 // customers measured before the change
	testVisitors      = 6000 // visitors randomised in the A/B test
	afterCustomers    = 2000 // customers measured after the rollout
)

var funnelSteps = []string{"website_visit", "product_page", "add_to_cart", "checkout", "payment"}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "checkout-improvement:", err)
		os.Exit(1)
	}
}

// runSimulation runs n customers through the default journey map with the given
// checkout quality, from start, seeded with seed.
func runSimulation(n int, quality float64, start time.Time, seed uint64) (simulate.Data, error) {
	s := simulate.Simulator{
		Customers:  n,
		Start:      start,
		SurveyProb: 0.6,
		Quality:    map[string]float64{"checkout": quality},
		Src:        rand.NewPCG(2026, seed),
	}
	return s.Run(context.Background())
}

// measurement is CES at checkout and conversion to payment.
type measurement struct {
	ces        ces.Result
	conversion abtest.Proportion
	funnel     funnel.Result
}

func measure(d simulate.Data) (measurement, error) {
	var m measurement
	var t ces.Tally
	for _, r := range d.Surveys {
		if r.Kind == journey.KindCES && r.Touchpoint == "checkout" {
			if err := t.Add(r.Rating); err != nil {
				return m, err
			}
		}
	}
	var err error
	if m.ces, err = t.Result(); err != nil {
		return m, err
	}
	m.conversion.Trials = len(d.Journeys)
	for _, j := range d.Journeys {
		if j.Outcome == journey.OutcomeConverted {
			m.conversion.Successes++
		}
	}
	f := funnel.Funnel{Steps: funnelSteps, Window: 30 * 24 * time.Hour}
	m.funnel, err = f.Run(context.Background(), journey.NewLog(d.Events))
	return m, err
}

// measureCustomers simulates n customers (runSimulation) and measures them.
func measureCustomers(n int, quality float64, start time.Time, seed uint64) (measurement, error) {
	d, err := runSimulation(n, quality, start, seed)
	if err != nil {
		return measurement{}, err
	}
	return measure(d)
}

func printCES(w io.Writer, label string, r ces.Result) error {
	iv, err := r.Interval(0.95, ces.Wilson)
	if err != nil {
		return err
	}
	mi, _, err := r.MeanInterval(0.95)
	if err != nil {
		return err
	}
	// Easy, neutral and hard are all the responses: rounded together so
	// that the three printed shares add to 100 %.
	t := rate.RoundToTotal([]int{r.Easy, r.Neutral, r.Hard}, 1000)
	fmt.Fprintf(w, "   %s: %d responses, %.1f%% find checkout easy [95%% CI %.1f, %.1f], %.1f%% neutral, %.1f%% find it hard, mean %.2f of 7 [%.2f, %.2f]\n",
		label, r.N, float64(t[0])/10, iv.Lower, iv.Upper, float64(t[1])/10, float64(t[2])/10, r.Mean, mi.Lower, mi.Upper)
	return nil
}

// run writes the whole walk-through to w.
func run(w io.Writer) error {
	jan := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprintln(w, "Continuous improvement of the checkout: measure, change, test, measure again")

	// 1. Measure.
	fmt.Fprintln(w, "\n1. Measure: where do customers struggle?")
	mb, err := measureCustomers(baselineCustomers, currentQuality, jan, 1)
	if err != nil {
		return err
	}
	if err := printCES(w, "CES 2.0 at checkout", mb.ces); err != nil {
		return err
	}
	fmt.Fprintf(w, "   %-14s %9s %11s %10s\n", "funnel step", "customers", "from prev.", "drop-off")
	worst, worstRate := "", 0.0
	for _, s := range mb.funnel.Steps {
		// Reached and dropped off are all of the previous step's customers:
		// rounded together so that the two shares add to 100 %.
		t := rate.RoundToTotal([]int{s.Count, s.DropOff}, 1000)
		fmt.Fprintf(w, "   %-14s %9d %10.1f%% %9.1f%%\n", s.Name, s.Count, float64(t[0])/10, float64(t[1])/10)
		if s.DropOffRate > worstRate {
			worst, worstRate = s.Name, s.DropOffRate
		}
	}
	fmt.Fprintf(w, "   The biggest drop-off is into %q (%.1f%%): the step after checkout, so checkout is the page to fix.\n", worst, 100*worstRate)
	p0 := mb.conversion.Rate()
	fmt.Fprintf(w, "   Conversion to payment: %d of %d customers (%.2f%%).\n", mb.conversion.Successes, mb.conversion.Trials, 100*p0)

	// 2. Plan.
	fmt.Fprintln(w, "\n2. Plan the A/B test")
	target := p0 + 0.05
	ss, err := abtest.SampleSizeProportions(p0, target, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   To detect %.1f%% -> %.1f%% (5 points) with 80%% power at alpha 0.05: %d visitors per arm (%d in all).\n",
		100*p0, 100*target, ss.NA, ss.NA+ss.NB)
	fmt.Fprintf(w, "   We randomise %d visitors, %d per arm on average: enough.\n", testVisitors, testVisitors/2)

	// 3. Change and test.
	fmt.Fprintln(w, "\n3. Change and test: current checkout (A) against the redesign (B)")
	r := rand.New(rand.NewPCG(2026, 2))
	nA := 0
	for range testVisitors {
		if r.IntN(2) == 0 {
			nA++
		}
	}
	feb := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	ma, err := measureCustomers(nA, currentQuality, feb, 3)
	if err != nil {
		return err
	}
	mbb, err := measureCustomers(testVisitors-nA, redesignQuality, feb, 4)
	if err != nil {
		return err
	}
	srm, err := abtest.SampleRatioMismatch([]int{ma.conversion.Trials, mbb.conversion.Trials}, nil)
	if err != nil {
		return err
	}
	verdict := "the split is as planned"
	if srm.P < 0.001 {
		verdict = "SAMPLE RATIO MISMATCH: stop and fix the assignment"
	}
	fmt.Fprintf(w, "   Split: A %d, B %d visitors; SRM chi-square p = %.3f: %s.\n", ma.conversion.Trials, mbb.conversion.Trials, srm.P, verdict)
	test, err := abtest.TwoProportionZ(ma.conversion, mbb.conversion, nil)
	if err != nil {
		return err
	}
	lift, err := abtest.RelativeLift(ma.conversion, mbb.conversion, 0)
	if err != nil {
		return err
	}
	bayes, err := abtest.BetaBinomial(ma.conversion, mbb.conversion, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Conversion: A %.2f%%, B %.2f%%; difference %+.2f points [95%% CI %+.2f, %+.2f], relative lift %+.1f%%\n",
		100*test.RateA, 100*test.RateB, 100*test.Diff, 100*test.CI.Lower, 100*test.CI.Upper, 100*lift.Lift)
	fmt.Fprintf(w, "   Two-proportion z = %.2f, p = %.2g; P(B beats A) %s\n", test.Statistic, test.P, prob(bayes.ProbBBeatsA))
	cmp, err := ces.Compare(ma.ces, mbb.ces, nil) // B − A
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   CES at checkout: A %.1f%% easy, B %.1f%% easy; difference %+.1f points, p = %.2g\n",
		ma.ces.PctEasy, mbb.ces.PctEasy, cmp.Share.Diff, cmp.Share.P)
	decision := "keep the current checkout: the redesign is not proven better"
	if test.P < 0.05 && test.Diff > 0 {
		decision = "ship the redesign: it converts significantly better"
	}
	fmt.Fprintf(w, "   Decision: %s.\n", decision)

	// 4. Measure again.
	fmt.Fprintln(w, "\n4. Measure again after the rollout")
	apr := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	maf, err := measureCustomers(afterCustomers, redesignQuality, apr, 5)
	if err != nil {
		return err
	}
	if err := printCES(w, "CES 2.0 before", mb.ces); err != nil {
		return err
	}
	if err := printCES(w, "CES 2.0 after ", maf.ces); err != nil {
		return err
	}
	again, err := ces.Compare(mb.ces, maf.ces, nil) // after − before
	if err != nil {
		return err
	}
	conv, err := abtest.TwoProportionZ(mb.conversion, maf.conversion, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   CES change: %+.1f points easy [95%% CI %+.1f, %+.1f], p = %.2g; mean %+.2f, p = %.2g\n",
		again.Share.Diff, again.Share.CI.Lower, again.Share.CI.Upper, again.Share.P, again.Mean.Diff, again.Mean.P)
	fmt.Fprintf(w, "   Conversion: %.2f%% before, %.2f%% after (%+.2f points, p = %.2g)\n",
		100*conv.RateA, 100*conv.RateB, 100*conv.Diff, conv.P)
	if conv.P < 0.05 && conv.Diff > 0 && again.Share.Diff > 0 {
		fmt.Fprintln(w, "   The gain found in the test holds after the rollout; the next turn of the cycle starts")
	} else {
		fmt.Fprintln(w, "   The gain found in the test did not hold up after the rollout: look for what differs; the next turn starts")
	}
	fmt.Fprintln(w, "   from the new baseline, at the next biggest drop-off.")
	return nil
}

// prob formats a probability with its relation, "= 0.9731", at four
// decimals; one that would print as 1.0000 or 0.0000 prints as "> 0.9999"
// or "< 0.0001", since a posterior probability is never exactly 1 or 0.
func prob(p float64) string {
	switch s := fmt.Sprintf("%.4f", p); s {
	case "1.0000":
		return "> 0.9999"
	case "0.0000", "-0.0000":
		return "< 0.0001"
	default:
		return "= " + s
	}
}
