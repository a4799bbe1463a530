package main

import (
	"testing"

	"github.com/cxkit/cxkit/internal/exampletest"
)

// keyLines are the walkthrough's key lines, each the end of a printed line.
// The data are simulated with a fixed seed, so the figures are exact; the
// shape of the story (delivery is the worst pain point and the strongest NPS
// driver, the funnel loses most at the checkout → payment step) is what the
// simulator's qualities encode.
const keyLines = `
Simulated 5000 customers: 28420 events, 10403 survey responses, 2410 purchases
   purchase      add_to_cart, checkout*, payment
   website_visit       5000    100.0%       100.0%         0  -
   payment             1914     38.3%        68.4%       883  9m47s
   * delivery         onboarding    csat n=1319  mean 2.57 on 1-5
   ! delivery         drop-off  45.0% of 1646  score 0.39  pain 0.273
   delivery       r = 0.57  beta =  0.60  share of R² = 79.7%
   exact order-1 Markov chain: P(conversion) = 0.383
   53.9% of consecutive events change channel; 2.52 switches per customer; 3.10 channels per customer
`

// TestRun finds keyLines in the printout, and the funnel's median gaps and
// the attribution table.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	exampletest.Lines(t, out, keyLines)
	// The funnel's median gaps and the attribution table are present too.
	exampletest.Contains(t, out, `
median time to convert: 1h20m12s
channel       first touch  last touch  Markov  removal effect
`)
}
