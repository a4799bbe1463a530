package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	out := buf.String()
	for _, want := range []string{
		"6919 transactions, 2357 customers; calibration to 1997-09-30, holdout 39 weeks",
		// Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426.
		"  r     =  0.243",
		"  alpha =  4.414",
		"  a     =  0.793",
		"  b     =  2.426",
		// Fader & Hardie (2013): p = 6.25, q = 3.74, v = 15.44.
		"p = 6.25, q = 3.74, v = 15.44",
		"top customers by year-1 value",
		// The teaching lines: what x, t_x and T are and what the numbers mean.
		"  x    repeat purchases: days with a purchase after the first purchase day",
		"  t_x  recency: weeks from the first purchase to the last repeat purchase (0 if x = 0)",
		"  T    age: weeks from the first purchase to the end of calibration",
		"  for a CX team: while active, a customer buys 0.055 times a week on average (r/alpha,",
		"  one purchase every 18 weeks); after each purchase 24.6% leave for good (a/(a+b)).",
		"P(alive): probability the customer has not silently left",
	} {
		assert.Contains(t, out, want)
	}
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
