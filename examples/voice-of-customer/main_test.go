package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/internal/exampletest"
	"github.com/cxkit/cxkit/journey"
)

// keyLines are the walk-through's key lines, each the end of a printed line:
// the per-touchpoint scores, the monthly NPS alert and the two flagged
// quarter-on-quarter changes (delivery fixed, NPS up) while the smaller
// moves stay unflagged.
const keyLines = `
   delivery CSAT             88    13.6% [   8.0,   22.3]  % satisfied (4-5 of 5)
   support_contact CES       15    40.0% [  19.8,   64.3]  % finding it easy (5-7 of 7); interval too wide to act on
   2024-06     59     45.8           45.6  +48.1 points, p < 0.0001  SIGNIFICANT
   delivery CSAT             13.6    68.0    +54.3   [  42.8,   65.8]   < 0.0001  SIGNIFICANT: improved
   support_contact CES       40.0    16.0    -24.0   [ -52.7,    4.7]   = 0.5381  no significant change
   2 of 8 changes are significant at the 5% family-wise level.
`

// TestRun finds keyLines in the printout.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	exampletest.Lines(t, out, keyLines)
}

// TestDeliveryCSATMatchesLibrary recomputes the Q1 delivery CSAT straight
// from the simulated responses and finds it in the output.
func TestDeliveryCSATMatchesLibrary(t *testing.T) {
	q1, _, err := quarters(context.Background())
	require.NoError(t, err)
	var tally csat.Tally
	for _, r := range q1.Surveys {
		if r.Kind == journey.KindCSAT && r.Touchpoint == "delivery" {
			require.NoError(t, tally.Add(r.Rating))
		}
	}
	res, err := tally.Result()
	require.NoError(t, err)
	assert.Contains(t, exampletest.Output(t, run), fmt.Sprintf("   %-22s %5d  %6.1f%%", "delivery CSAT", res.N, res.CSAT))
}
