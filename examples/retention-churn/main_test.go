package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/exampletest"
)

// keyLines are parts of the walkthrough's key lines, with the sBG fits of
// Fader and Hardie (2007): γ = 0.704, δ = 1.182 and γ = 0.668, δ = 3.806.
const keyLines = `
(6919 purchases, 3 cohorts by month of first purchase)
(2357 customers, 1139 second purchases)
regular: gamma = 0.704 (se 0.066), delta = 1.182 (se 0.152)
high end: gamma = 0.668 (se 0.104), delta = 3.806 (se 0.786)
How to read the numbers
`

// TestRun finds keyLines in the printout, and checks the cohort rows
// against a naive recount of the log.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	exampletest.Contains(t, out, keyLines)
	assert.NotContains(t, out, "NaN")

	// The cohort rows agree with a naive recount of the log: per customer
	// the month of the first purchase and the set of months with purchases.
	log, err := readCDNOW(cdnowSample)
	require.NoError(t, err)
	month := func(d time.Time) int { return d.Year()*12 + int(d.Month()) - 1 }
	first := map[string]int{}
	active := map[string]map[int]bool{}
	for _, p := range log {
		m := month(p.day)
		if f, ok := first[p.customer]; !ok || m < f {
			first[p.customer] = m
		}
		if active[p.customer] == nil {
			active[p.customer] = map[int]bool{}
		}
		active[p.customer][m] = true
	}
	last := month(end)
	for _, cohort := range []time.Month{time.January, time.February, time.March} {
		c := month(time.Date(1997, cohort, 1, 0, 0, 0, 0, time.UTC))
		size := 0
		var classic, unbounded [7]int
		for id, f := range first {
			if f != c {
				continue
			}
			size++
			for n := 1; n <= 6; n++ {
				if active[id][c+n] {
					classic[n]++
				}
				for m := c + n; m <= last; m++ {
					if active[id][m] {
						unbounded[n]++
						break
					}
				}
			}
		}
		row := func(counts [7]int) string {
			s := fmt.Sprintf("%-9s %5d", time.Date(1997, cohort, 1, 0, 0, 0, 0, time.UTC).Format("Jan 2006"), size)
			for n := 1; n <= 6; n++ {
				s += fmt.Sprintf(" %6s", pct(float64(counts[n])/float64(size)))
			}
			return s + "\n"
		}
		assert.Contains(t, out, row(classic), "classic %v", cohort)
		assert.Contains(t, out, row(unbounded), "unbounded %v", cohort)
	}
	// Two log-rank tests, each with its p-value.
	assert.Equal(t, 2, strings.Count(out, "chi² = "))
	assert.Equal(t, 2, strings.Count(out, ", p = "))
}
