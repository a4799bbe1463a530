package main

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/retention"
)

// naiveCohorts recounts, by brute force, each customer's first purchase
// month and the months (after it) with a purchase.
func naiveCohorts(ps []journey.Purchase, monthly bool) (cohort map[string]int, active map[string]map[int]bool) {
	index := func(t time.Time) int {
		t = t.UTC()
		if monthly {
			return t.Year()*12 + int(t.Month()) - 1
		}
		return int(weekOf(t).Unix() / (7 * 24 * 3600))
	}
	cohort, active = map[string]int{}, map[string]map[int]bool{}
	for _, p := range ps {
		k := index(p.Time)
		if c, ok := cohort[p.Customer]; !ok || k < c {
			cohort[p.Customer] = k
		}
	}
	for _, p := range ps {
		if active[p.Customer] == nil {
			active[p.Customer] = map[int]bool{}
		}
		active[p.Customer][index(p.Time)-cohort[p.Customer]] = true
	}
	return cohort, active
}

// checkRetentionData compares the section's data with the naive recount:
// the heat map's cells, the number churned at each lifetime and the median.
func checkRetentionData(t *testing.T, r retentionData, ps []journey.Purchase, monthly bool) {
	t.Helper()
	cohort, active := naiveCohorts(ps, monthly)
	first, last := math.MaxInt, math.MinInt
	size := map[int]int{}
	for _, c := range cohort {
		first, last = min(first, c), max(last, c)
		size[c]++
	}
	lastObs := 0 // the last period index of the log
	for c, a := range active {
		for n := range a {
			lastObs = max(lastObs, cohort[c]+n)
		}
	}
	z, labels := heatmapCells(r)
	require.Len(t, z, len(size), "one row per cohort")
	row := 0
	for c := first; c <= last; c++ {
		if size[c] == 0 {
			continue
		}
		assert.Contains(t, labels[row], fmt.Sprintf("(%d)", size[c]))
		for n := 1; n <= len(z[row]); n++ {
			if c+n > lastObs {
				assert.True(t, math.IsNaN(z[row][n-1]), "cohort %d period %d is not observed", c, n)
				continue
			}
			back := 0
			for cust, a := range active {
				if cohort[cust] == c && a[n] {
					back++
				}
			}
			assert.InDelta(t, 100*float64(back)/float64(size[c]), z[row][n-1], 1e-9, "cohort %d period %d", c, n)
		}
		row++
	}
	// Lifetimes: last period with a purchase + 1, churned unless that
	// period is the last one observed for the customer's cohort.
	churnAt := map[float64]int64{}
	censAt := map[float64]int64{}
	for cust, a := range active {
		m := 0
		for n := range a {
			m = max(m, n)
		}
		if cohort[cust]+m == lastObs {
			censAt[float64(m)]++
		} else {
			churnAt[float64(m+1)]++
		}
	}
	var events int64
	for _, s := range r.Survival {
		assert.Equal(t, churnAt[s.Time], s.Events, "churned at %v", s.Time)
		assert.Equal(t, censAt[s.Time], s.Censored, "censored at %v", s.Time)
		events += s.Events
	}
	assert.Equal(t, int64(len(cohort)), r.Customers)
	assert.Equal(t, events, r.Churned)
	// The median: the first lifetime at which the share still active
	// falls to ½ from the naive counts; when it is exactly ½ until the
	// next churn, the midpoint of the two times (as R prints it).
	atRisk, surv, median := float64(len(cohort)), 1.0, math.NaN()
	half := -1.0
	for _, s := range r.Survival {
		surv *= 1 - float64(churnAt[s.Time])/atRisk
		atRisk -= float64(churnAt[s.Time] + censAt[s.Time])
		assert.InDelta(t, surv, s.Survival, 1e-12)
		if half >= 0 && churnAt[s.Time] > 0 && math.IsNaN(median) {
			median = (half + s.Time) / 2
		}
		if surv <= 0.5 && math.IsNaN(median) && half < 0 {
			if math.Abs(surv-0.5) < 1e-12 {
				half = s.Time
			} else {
				median = s.Time
			}
		}
	}
	if !math.IsNaN(median) {
		assert.Equal(t, median, r.Median.Time)
	}
}

// TestReportRetention checks the retention section of the default page:
// monthly cohorts of the CDNOW sample (18 months of purchases), the heat
// map's cells and the Kaplan–Meier counts against a brute-force recount,
// and the numbers printed.
func TestReportRetention(t *testing.T) {
	html, _ := generatedReport(t)
	ps, err := journey.ReadCDNOW(bytes.NewReader(cdnowSample))
	require.NoError(t, err)
	var d reportData
	require.NoError(t, d.retention(t.Context(), &reportInput{Purchases: ps}))
	r := d.Retention
	assert.Equal(t, retention.Month, r.Period)
	checkRetentionData(t, r, ps, true)
	assert.Len(t, r.Table.Cohorts, 3, "CDNOW's sample is the customers of January to March 1997")

	i, j := strings.Index(html, `<h2 id="retention">`), strings.Index(html, `<h2 id="abtest">`)
	require.True(t, i >= 0 && j > i)
	sec := html[i:j]
	for _, c := range r.Table.Overall[1:] {
		has(t, sec, "<tr><td>"+itoa(c.Period)+"</td><td>"+itoa(int(c.N))+"</td><td>"+itoa(int(c.Retained))+"</td><td>"+pct(c.Rate)+"</td><td>"+pct(c.CI.Lower)+"</td><td>"+pct(c.CI.Upper)+"</td></tr>")
	}
	for _, s := range r.Curve.Steps {
		has(t, sec, fmt.Sprintf("<tr><td>%v</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			s.Time, s.AtRisk, s.Events, s.Censored, pct(s.Survival), pct(s.CI.Lower), pct(s.CI.Upper)))
	}
	has(t, sec, fmt.Sprintf("Median lifetime: %v month", r.Median.Time))
	has(t, sec, "restricted mean, 95&nbsp;% interval "+fmtNum(r.RMST.CI.Lower)+" to "+fmtNum(r.RMST.CI.Upper))
	assert.Equal(t, 2, strings.Count(sec, "<svg"), "the heat map and the survival curve")
	for _, l := range []string{"1997-01 (", "1997-02 (", "1997-03 ("} {
		has(t, sec, l, "cohort labels on the heat map")
	}
}

// TestReportRetentionWeekly checks the weekly cohorts of a log shorter than
// half a year, and the band's end once no one is left.
func TestReportRetentionWeekly(t *testing.T) {
	start := time.Date(2024, 1, 3, 10, 0, 0, 0, time.UTC) // a Wednesday
	var ps []journey.Purchase
	for c := range 60 {
		id := fmt.Sprintf("c%02d", c)
		first := start.AddDate(0, 0, c%5*7+c%3)
		ps = append(ps, journey.Purchase{Customer: id, Time: first, Amount: 10})
		for k := 1; k <= c%4; k++ { // 0 to 3 more purchases, k·(c%3+1) weeks later
			ps = append(ps, journey.Purchase{Customer: id, Time: first.AddDate(0, 0, 7*k*(c%3+1)), Amount: 10})
		}
	}
	var d reportData
	require.NoError(t, d.retention(t.Context(), &reportInput{Purchases: ps}))
	r := d.Retention
	assert.Equal(t, retention.Week, r.Period)
	checkRetentionData(t, r, ps, false)
	assert.Len(t, r.Table.Cohorts, 5)
	f, err := heatmapFigure(r)
	require.NoError(t, err)
	svg, err := f.svg()
	require.NoError(t, err)
	assert.Contains(t, string(svg), "2024-01-01 (")
	_, err = survivalFigure(r)
	require.NoError(t, err)
}

// TestReportRetentionOneDay: a log of one day has one cohort, no later
// period and no churn; the section and its charts still render.
func TestReportRetentionOneDay(t *testing.T) {
	at := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
	ps := []journey.Purchase{{Customer: "a", Time: at, Amount: 1}, {Customer: "b", Time: at.Add(time.Hour), Amount: 2}, {Customer: "a", Time: at.Add(2 * time.Hour), Amount: 3}}
	var d reportData
	require.NoError(t, d.retention(t.Context(), &reportInput{Purchases: ps}))
	r := d.Retention
	assert.Len(t, r.Table.Cohorts, 1)
	assert.Equal(t, int64(2), r.Customers)
	assert.Zero(t, r.Churned, "both bought in the last period observed")
	assert.False(t, r.Median.Defined)
	for _, build := range []func(retentionData) (figure, error){heatmapFigure, survivalFigure} {
		f, err := build(r)
		require.NoError(t, err)
		_, err = f.svg()
		require.NoError(t, err)
	}
}
