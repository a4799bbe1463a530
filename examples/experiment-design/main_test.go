package main

import (
	"testing"

	"github.com/cxkit/cxkit/internal/exampletest"
)

// keyLines are the plan's key lines, each the end of a printed line. The
// sample sizes agree with statsmodels 0.13 (NormalIndPower /
// TTestIndPower.solve_power): 49749.86 per arm for 3.2% → 3.52%, 124374.6
// with ratio 0.25, 66358.3 at alpha 0.05/3, power 0.5564 at 28,000 per arm,
// and 7947.9 / 5087.0 orders for d = 2/45 without and with CUPED.
const keyLines = `
Checkout A/B test plan: baseline 3.20%, target 3.52% (+10% relative)
   Cohen's h (statsmodels, R pwr)     49750
   with 8000 visitors a day split 50/50: 13 days (round up to whole weeks: 14)
   1 week(s),  28000 per arm: power  55.6%, MDE 3.63% (+13.4% relative)
   control 124375 + treatment 31094 = 155469 visitors, 20 days
   66359 per arm, 265436 in total, 34 days
   Cohen's d = 0.0444: 7948 orders per arm (noncentral t)
   with CUPED (pre-period correlation 0.6): 5088 orders per arm (36% fewer)
`

// TestRun finds keyLines in the printout.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	exampletest.Lines(t, out, keyLines)
}
