package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/monitor"
)

// isoWeekStart returns the Monday of t's ISO week, computed from the ISO
// week number rather than from the weekday as the report does.
func isoWeekStart(t time.Time) time.Time {
	y, w := t.UTC().ISOWeek()
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC) // always in week 1
	mon1 := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return mon1.AddDate(0, 0, 7*(w-1))
}

func TestReportWeekOf(t *testing.T) {
	for _, tc := range []struct{ at, week string }{
		{"2024-01-07T23:59:59Z", "2024-01-01"}, // Sunday: still the week of Monday 1 January
		{"2024-01-08T00:00:00Z", "2024-01-08"},
		{"2024-12-31T12:00:00Z", "2024-12-30"},
		{"2021-01-03T10:00:00+05:00", "2020-12-28"}, // 05:00 UTC on Sunday
		{"2024-03-04T00:30:00+01:00", "2024-02-26"}, // Sunday 23:30 UTC
	} {
		at, err := time.Parse(time.RFC3339, tc.at)
		require.NoError(t, err)
		assert.Equal(t, tc.week, weekOf(at).Format("2006-01-02"), tc.at)
		assert.Equal(t, isoWeekStart(at), weekOf(at), tc.at)
	}
}

// expectedCSATChart recounts the weekly top-box CSAT of surveys by ISO week
// and charts the weeks with at least minWeekResponses responses.
func expectedCSATChart(t *testing.T, surveys []journey.SurveyResponse) ([]monitor.Period, monitor.Chart) {
	t.Helper()
	type count struct{ n, sat int }
	weeks := map[time.Time]*count{}
	for _, s := range surveys {
		if s.Kind != journey.KindCSAT {
			continue
		}
		w := isoWeekStart(s.Time)
		if weeks[w] == nil {
			weeks[w] = &count{}
		}
		weeks[w].n++
		if s.Rating >= 4 {
			weeks[w].sat++
		}
	}
	starts := slices.Collect(maps.Keys(weeks))
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	var ps []monitor.Period
	for _, w := range starts {
		if c := weeks[w]; c.n >= minWeekResponses {
			ps = append(ps, monitor.Period{Label: w.Format("2006-01-02"), Date: w, N: c.n, Successes: c.sat})
		}
	}
	require.NotEmpty(t, ps)
	c, err := monitor.PChart(ps, nil)
	require.NoError(t, err)
	return ps, c
}

// checkControlSection checks that the page shows the chart's weeks, limits
// and alarms.
func checkControlSection(t *testing.T, html string, ps []monitor.Period, c monitor.Chart) {
	t.Helper()
	i, j := strings.Index(html, `<h2 id="control">`), strings.Index(html, `<h2 id="funnel">`)
	require.True(t, i >= 0 && j > i)
	sec := html[i:j]
	rules := map[int][]string{}
	for _, a := range c.Alarms {
		rules[a.Index] = append(rules[a.Index], a.Rule.String())
	}
	for k, pt := range c.Points {
		alarm := "<td>–</td>"
		if r := rules[k]; len(r) > 0 {
			alarm = `<td class="alarm">` + strings.Join(r, ", ") + "</td>"
			has(t, sec, ">"+strings.Join(r, ", ")+"</text>", "the alarm is named on the chart")
		}
		has(t, sec, "<tr><td>"+ps[k].Label+"</td><td>"+itoa(ps[k].N)+"</td><td>"+itoa(ps[k].Successes)+"</td>"+
			cell(100*pt.Value)+cell(100*pt.Center)+cell(100*pt.LCL)+cell(100*pt.UCL)+alarm+"</tr>")
	}
	assert.Equal(t, len(c.Points), strings.Count(sec, "<tr><td>20"), "one row per charted week")
	if len(c.Alarms) == 0 {
		has(t, sec, "No alarm")
	} else {
		has(t, sec, fmt.Sprintf("%d alarm", len(c.Alarms)))
	}
}

// TestReportControlChart checks the control chart of the bundled survey
// data against a recount by ISO week.
func TestReportControlChart(t *testing.T) {
	html, _ := generatedReport(t)
	in, err := loadReportInput(t.Context(), nil)
	require.NoError(t, err)
	ps, c := expectedCSATChart(t, in.Sim.Surveys)
	checkControlSection(t, html, ps, c)
	assert.Len(t, ps, 14, "the sample has 14 weeks with 10 or more CSAT responses")
}

// TestReportControlChartAlarms runs the report on survey files whose CSAT
// drops in the last week: the week must be an alarm beyond the limits,
// named on the chart and in the table, and the long run above the centre
// before it must raise the run rule's alarms.
func TestReportControlChartAlarms(t *testing.T) {
	src, err := os.ReadFile("testdata/sample_surveys.csv")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for _, l := range lines[1:] {
		if !strings.Contains(l, ",csat,") {
			b.WriteString(l + "\n") // keep the NPS and CES responses
		}
	}
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC) // a Monday
	for w := range 11 {
		sat := 24 // of 30
		if w == 10 {
			sat = 6
		}
		for i := range 30 {
			r := 2
			if i < sat {
				r = 5
			}
			at := start.AddDate(0, 0, 7*w).Add(time.Duration(i) * 3 * time.Hour)
			fmt.Fprintf(&b, "S%05d,%s,product_page,csat,%d\n", 1+i, at.Format(time.RFC3339), r)
		}
	}
	path := filepath.Join(t.TempDir(), "surveys.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	html := reportOn(t, "--events", "testdata/sample_events.csv", "--surveys", path,
		"--steps", "website_visit,product_page,add_to_cart,checkout,payment")

	rs, err := journey.ReadSurveys(strings.NewReader(b.String()))
	require.NoError(t, err)
	ps, c := expectedCSATChart(t, rs)
	require.Len(t, ps, 11)
	checkControlSection(t, html, ps, c)
	var last []string
	for _, a := range c.Alarms {
		if a.Index == 10 {
			last = append(last, a.Rule.String())
		}
	}
	assert.Contains(t, last, "beyond-limits", "the week at 20 % is beyond its limits")
	assert.Greater(t, len(c.Alarms), 1, "the ten weeks above the centre raise the run rule too")
	has(t, html, "week of 2024-03-11 (beyond-limits")
}

// TestReportControlChartNoCSAT renders the page from surveys without CSAT
// responses: the section says there is no chart, and the rest is drawn.
func TestReportControlChartNoCSAT(t *testing.T) {
	in, err := loadReportInput(t.Context(), nil)
	require.NoError(t, err)
	var kept []journey.SurveyResponse
	for _, s := range in.Sim.Surveys {
		if s.Kind != journey.KindCSAT {
			kept = append(kept, s)
		}
	}
	in.Sim.Surveys = kept
	d, err := buildReport(t.Context(), in)
	require.NoError(t, err)
	assert.Empty(t, d.Control.Rows)
	html, err := renderReport(d)
	require.NoError(t, err)
	has(t, string(html), "No control chart: the bundled simulated data set has no week with at least 10 CSAT responses.")
	assert.Equal(t, reportChartCount-1, strings.Count(string(html), "<svg"))
}
