package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/monitor"
)

// monitorCSV returns responses over six weeks from Monday 2024-01-01:
// NPS ratings whose share of promoters rises in week 4.
func monitorCSV() string {
	var b strings.Builder
	b.WriteString("timestamp,rating\n")
	for w := range 6 {
		for i := range 40 {
			r := []int{10, 9, 8, 7, 3}[i%5]
			if w >= 3 && i%5 == 2 {
				r = 9
			}
			day := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, 7*w+i%5)
			fmt.Fprintf(&b, "%s,%d\n", day.Format(time.RFC3339), r)
		}
	}
	return b.String()
}

// TestMonitorMatchesLibrary: the CLI's chart is the library's chart of the
// weekly tallies, with the weeks labelled and dated.
func TestMonitorMatchesLibrary(t *testing.T) {
	code, out, errOut := cli(t, monitorCSV(), "monitor", "--format", "json", "--baseline", "3", "--change", "2024-W04")
	require.Equal(t, 0, code, errOut)
	var got struct {
		Chart  monitor.Chart
		Change monitor.Segmented
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	var ps []monitor.Period
	for w := range 6 {
		p := monitor.Period{Label: fmt.Sprintf("2024-W%02d", w+1), N: 40, Promoters: 16, Passives: 16, Detractors: 8}
		if w >= 3 {
			p.Promoters, p.Passives = 24, 8
		}
		p.Date = got.Chart.Points[0].Date.AddDate(0, 0, 7*w)
		ps = append(ps, p)
	}
	want, err := monitor.NPSChart(ps, &monitor.Settings{Baseline: monitor.Window{From: 0, To: 3}})
	require.NoError(t, err)
	assert.Equal(t, want, got.Chart)
	assert.Equal(t, "2024-01-01", got.Chart.Points[0].Date.Format("2006-01-02"))
	wantChange, err := monitor.Change(ps, monitor.NPS, 3, nil)
	require.NoError(t, err)
	assert.InDelta(t, wantChange.LevelChange.Estimate, got.Change.LevelChange.Estimate, 1e-12)
	assert.InDelta(t, 20, got.Change.Comparison.Diff, 1e-9, "NPS 20 → 40")
	assert.Equal(t, 3, got.Change.At)
}

func TestMonitorCharts(t *testing.T) {
	for _, args := range [][]string{
		{"--chart", "ewma"}, {"--chart", "cusum", "--k", "0.25", "--h", "8"}, {"--rules", "nelson"},
		{"--metric", "mean"}, {"--metric", "mean", "--chart", "cusum"}, {"--period", "day", "--format", "csv"},
		{"--period", "month"}, {"--chart", "laney"}, {"--chart", "ewma", "--laney"}, {"--chart", "cusum", "--laney"}, {"--change", "2024-W04", "--errors", "classical", "--weighted"},
	} {
		code, out, errOut := cli(t, monitorCSV(), append([]string{"monitor"}, args...)...)
		require.Equal(t, 0, code, "%v: %s", args, errOut)
		assert.NotEmpty(t, out)
	}
	code, out, _ := cli(t, monitorCSV(), "monitor", "--chart", "cusum")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "false alarm every 465 periods")
}

func TestMonitorErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--metric", "foo"}, 2, "unknown --metric"},
		{[]string{"--chart", "pie"}, 2, "unknown --chart"},
		{[]string{"--period", "year"}, 2, "unknown --period"},
		{[]string{"--rules", "mine"}, 2, "--rules"},
		{[]string{"--change", "2030-W01"}, 2, "not a period"},
		{[]string{"--change", "2024-W01"}, 1, "at least 2 periods"},
		{[]string{"--baseline", "9"}, 1, "baseline"},
		{[]string{"--chart", "ewma", "--lambda", "2"}, 1, "lambda"},
		{[]string{"--chart", "laney", "--metric", "mean"}, 2, "for shares"},
		{[]string{"--change", "2024-W04", "--errors", "robust"}, 2, "--errors"},
	} {
		code, _, errOut := cli(t, monitorCSV(), append([]string{"monitor"}, c.args...)...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, errOut)
		assert.Contains(t, errOut, c.msg, "%v", c.args)
	}
	code, _, errOut := cli(t, "timestamp,rating\n2024-01-01,11\n", "monitor")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, ":2:")
}
