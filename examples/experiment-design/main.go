// Command experiment-design plans an A/B test of a checkout page before it
// starts: how many visitors each arm needs, how long the test must run, what
// effect it can detect, and how an unequal split, several variants or a
// pre-period covariate (CUPED) change the plan. Run it with
//
//	go run ./examples/experiment-design
package main

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/cxkit/cxkit/abtest"
)

// The plan's inputs: today's checkout converts 3.2% of visitors, the team
// cares about a relative lift of 10% (to 3.52%), and about 8,000 visitors a
// day reach the checkout.
const (
	baseline     = 0.032
	relativeLift = 0.10
	dailyTraffic = 8000
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "experiment-design:", err)
		os.Exit(1)
	}
}

// run writes the whole plan to w.
func run(w io.Writer) error {
	target := baseline * (1 + relativeLift)
	fmt.Fprintf(w, "Checkout A/B test plan: baseline %.2f%%, target %.2f%% (+%.0f%% relative)\n",
		100*baseline, 100*target, 100*relativeLift)
	fmt.Fprintln(w, "two-sided test, alpha = 0.05, power = 80%")

	// 1. Sample size per arm by the four textbook formulas.
	fmt.Fprintln(w, "\n1. Visitors needed per arm")
	methods := []struct {
		name string
		m    abtest.PowerMethod
	}{
		{"Cohen's h (statsmodels, R pwr)", abtest.PowerCohenH},
		{"pooled normal approximation", abtest.PowerPooled},
		{"baseline-pooled (Evan Miller)", abtest.PowerPooledBaseline},
		{"unpooled normal approximation", abtest.PowerUnpooled},
	}
	var n1 int
	for i, m := range methods {
		ss, err := abtest.SampleSizeProportions(baseline, target, &abtest.PowerSettings{Method: m.m})
		if err != nil {
			return err
		}
		if i == 0 {
			n1 = ss.NA
		}
		fmt.Fprintf(w, "   %-32s %7d\n", m.name, ss.NA)
	}
	days := math.Ceil(float64(2*n1) / dailyTraffic)
	fmt.Fprintf(w, "   with %d visitors a day split 50/50: %.0f days (round up to whole weeks: %.0f)\n",
		dailyTraffic, days, 7*math.Ceil(days/7))

	// 2. What a shorter or longer test would buy.
	fmt.Fprintln(w, "\n2. Power and minimum detectable effect by test length")
	for _, weeks := range []int{1, 2, 3, 4} {
		perArm := float64(weeks*7*dailyTraffic) / 2
		pw, err := abtest.PowerProportions(baseline, target, perArm, nil)
		if err != nil {
			return err
		}
		mde, err := abtest.MDEProportions(baseline, perArm, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %d week(s), %6.0f per arm: power %5.1f%%, MDE %.2f%% (+%.1f%% relative)\n",
			weeks, perArm, 100*pw, 100*mde.Rate, 100*mde.Lift)
	}

	// 3. Exposing only 20% of visitors to the new checkout.
	fmt.Fprintln(w, "\n3. A cautious 80/20 split (treatment = 1/4 of control)")
	ss, err := abtest.SampleSizeProportions(baseline, target, &abtest.PowerSettings{Ratio: 0.25})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   control %d + treatment %d = %d visitors, %.0f days\n",
		ss.NA, ss.NB, ss.NA+ss.NB, math.Ceil(float64(ss.NA+ss.NB)/dailyTraffic))

	// 4. Three variants against control: Bonferroni splits alpha three ways.
	fmt.Fprintln(w, "\n4. Three variants against control (Bonferroni, alpha 0.05/3 per comparison)")
	ss, err = abtest.SampleSizeProportions(baseline, target, &abtest.PowerSettings{Alpha: 0.05 / 3})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %d per arm, %d in total, %.0f days\n",
		ss.NA, 4*ss.NA, math.Ceil(float64(4*ss.NA)/dailyTraffic))

	// 5. Average order value: a mean, planned with the t-test.
	fmt.Fprintln(w, "\n5. Average order value: detect +2.00 EUR on 60 EUR (sd 45 EUR)")
	d := 2.0 / 45
	sm, err := abtest.SampleSizeMeans(d, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Cohen's d = %.4f: %d orders per arm (noncentral t)\n", d, sm.NA)
	// CUPED with last month's spend, correlated rho = 0.6 with this month's,
	// removes rho² of the variance: the effect in standard units grows by
	// 1/sqrt(1 − rho²).
	rho := 0.6
	sc, err := abtest.SampleSizeMeans(d/math.Sqrt(1-rho*rho), nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   with CUPED (pre-period correlation %.1f): %d orders per arm (%.0f%% fewer)\n",
		rho, sc.NA, 100*(1-float64(sc.NA)/float64(sm.NA)))
	return nil
}
