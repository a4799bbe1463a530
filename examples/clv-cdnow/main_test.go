package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/exampletest"
)

// keyLines are parts of the walkthrough's key lines: the BG/NBD parameters
// of Fader, Hardie & Lee (2005), r = 0.243, α = 4.414, a = 0.793,
// b = 2.426; the Gamma-Gamma ones of Fader & Hardie (2013), p = 6.25,
// q = 3.74, v = 15.44; and the teaching lines (what x, t_x and T are and
// what the numbers mean).
const keyLines = `
6919 transactions, 2357 customers; calibration to 1997-09-30, holdout 39 weeks
  r     =  0.243
  alpha =  4.414
  a     =  0.793
  b     =  2.426
p = 6.25, q = 3.74, v = 15.44
top customers by year-1 value
  x    repeat purchases: days with a purchase after the first purchase day
  t_x  recency: weeks from the first purchase to the last repeat purchase (0 if x = 0)
  T    age: weeks from the first purchase to the end of calibration
  for a CX team: while active, a customer buys 0.055 times a week on average (r/alpha,
  one purchase every 18 weeks); after each purchase 24.6% leave for good (a/(a+b)).
P(alive): probability the customer has not silently left
`

// TestRun finds keyLines in the printout and counts the holdout rows.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	exampletest.Contains(t, out, keyLines)
	// Eight holdout rows, x = 0 … 6 and 7+, and five top customers.
	lines := strings.Split(out, "\n")
	rows := 0
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) == 4 && (f[0] == "7+" || len(f[0]) == 1 && f[0] >= "0" && f[0] <= "6") {
			rows++
		}
	}
	assert.Equal(t, 8, rows)
	assert.Contains(t, out, "  0        1411     0.24      0.23")
}
