package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/internal/exampletest"
	"github.com/cxkit/cxkit/internal/rate"
)

// keyLines are the key lines of each step of the cycle, each the end of a
// printed line. The funnel row is 1639 of 2000, 81.95 %: reached and
// dropped off add to 100.0.
const keyLines = `
   CES 2.0 at checkout: 638 responses, 51.1% find checkout easy [95% CI 47.2, 55.0], 31.8% neutral, 17.1% find it hard, mean 4.54 of 7 [4.45, 4.63]
   product_page        1639       82.0%      18.0%
   CES 2.0 after : 706 responses, 80.9% find checkout easy [95% CI 77.8, 83.6], 15.1% neutral, 4.0% find it hard, mean 5.43 of 7 [5.35, 5.52]
; P(B beats A) > 0.9999
   The biggest drop-off is into "payment" (32.2%): the step after checkout, so checkout is the page to fix.
   To detect 36.9% -> 41.9% (5 points) with 80% power at alpha 0.05: 1498 visitors per arm (2996 in all).
   Split: A 2964, B 3036 visitors; SRM chi-square p = 0.353: the split is as planned.
   Conversion: A 40.11%, B 46.11%; difference +6.00 points [95% CI +3.49, +8.49], relative lift +15.0%
   Decision: ship the redesign: it converts significantly better.
   CES change: +29.8 points easy [95% CI +24.9, +34.6], p = 5.7e-31; mean +0.90, p = 4.3e-44
   The gain found in the test holds after the rollout; the next turn of the cycle starts
`

// TestRun finds keyLines in the printout, and checks that the A/B test's z
// and p equal the library's on the same simulated arms.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	t.Run("library", func(t *testing.T) { checkArms(t, out) })
	exampletest.Lines(t, out, keyLines)
}

// checkArms recomputes the A/B z-test from the simulated arms and finds its
// numbers in the output.
func checkArms(t *testing.T, out string) {
	feb := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	a, err := runSimulation(2964, currentQuality, feb, 3)
	require.NoError(t, err)
	b, err := runSimulation(3036, redesignQuality, feb, 4)
	require.NoError(t, err)
	ma, err := measure(a)
	require.NoError(t, err)
	mb, err := measure(b)
	require.NoError(t, err)
	r, err := abtest.TwoProportionZ(ma.conversion, mb.conversion, nil)
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf("Two-proportion z = %.2f, p = %.2g;", r.Statistic, r.P))
}

func TestProb(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{
		{1, "> 0.9999"},
		{0.99995, "> 0.9999"},
		{0.99994, "= 0.9999"},
		{0.5, "= 0.5000"},
		{0.00006, "= 0.0001"},
		{0.00004, "< 0.0001"},
		{0, "< 0.0001"},
	} {
		assert.Equal(t, c.want, prob(c.p), "p = %v", c.p)
	}
}

func TestRoundToTotal(t *testing.T) {
	assert.Equal(t, []int{820, 180}, rate.RoundToTotal([]int{1639, 361}, 1000))
	assert.Equal(t, []int{334, 333, 333}, rate.RoundToTotal([]int{1, 1, 1}, 1000))
	assert.Equal(t, []int{0, 0}, rate.RoundToTotal([]int{0, 0}, 1000))
}
