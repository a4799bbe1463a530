package main

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/exampletest"
	"github.com/cxkit/cxkit/monitor"
)

// TestRun checks the walkthrough against the library on the same simulated
// weeks: the baseline is in control, the shift is flagged after the change
// and not before, and the printed level change is the library's.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	ps := simulate()
	require.Len(t, ps, weeks)
	assert.Equal(t, "2026-W01", ps[0].Label)
	assert.Equal(t, "2026-W13", ps[changeWeek].Label)

	before, err := monitor.PChart(ps[:changeWeek], nil)
	require.NoError(t, err)
	assert.Empty(t, before.Alarms, "the baseline weeks are in control")
	assert.Contains(t, out, fmt.Sprintf("Centre %.1f%%.", 100*before.Center))

	c, err := monitor.PChart(ps, &monitor.Settings{Baseline: monitor.Window{From: 0, To: changeWeek}})
	require.NoError(t, err)
	require.NotEmpty(t, c.Alarms)
	for _, a := range c.Alarms {
		assert.GreaterOrEqual(t, a.Index, changeWeek, "no alarm before the change")
		assert.Contains(t, out, "p-chart alarm in "+a.Label+": ")
	}
	cu, err := monitor.CUSUM(ps, monitor.Proportion, &monitor.CUSUMSettings{Baseline: monitor.Window{From: 0, To: changeWeek}, K: 0.5, H: 4})
	require.NoError(t, err)
	require.NotEmpty(t, cu.Alarms)
	assert.GreaterOrEqual(t, cu.Alarms[0].Index, changeWeek)
	assert.Contains(t, out, "first alarm in "+cu.Alarms[0].Label+" (cusum-upper)")

	r, err := monitor.Change(ps, monitor.Proportion, changeWeek, &monitor.ChangeSettings{Weighted: true})
	require.NoError(t, err)
	assert.Greater(t, r.LevelChange.CI.Lower, 0.0)
	assert.Contains(t, out, fmt.Sprintf("Level change at week 13: %+.1f points [95%% CI %+.1f, %+.1f]",
		100*r.LevelChange.Estimate, 100*r.LevelChange.CI.Lower, 100*r.LevelChange.CI.Upper))
	assert.Contains(t, out, "The redesign raised checkout ease")
}
