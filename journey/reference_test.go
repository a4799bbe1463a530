package journey

import (
	"github.com/cxkit/cxkit/journey/internal/cases"

	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadTestLog reads the event log of a reference case from testdata.
func loadTestLog(t *testing.T, name string) *Log {
	return cases.ReadFile(t, filepath.Join("testdata", name), ReadLog)
}

// passed counts the reference cases that ran without a failure.
var passed = map[string]bool{}

// pathUtilityCase reports whether a reference case checks a path utility
// of the model (TopPaths, NextSteps, ChannelSwitching); journey/funnel and
// journey/attribution check the others.
func pathUtilityCase(name string) bool {
	return strings.HasSuffix(name, "/paths/top5") || strings.HasSuffix(name, "/paths/next_step_transitions") ||
		strings.HasSuffix(name, "/journey/channel_switching")
}

// TestReferenceCases checks the cases of the model's path utilities.
func TestReferenceCases(t *testing.T) {
	all := cases.Load(t, "testdata")
	var mine []cases.Case
	for _, c := range all {
		if pathUtilityCase(c.Name) {
			mine = append(mine, c)
		}
	}
	for _, c := range mine {
		ok := t.Run(c.Name, func(t *testing.T) {
			switch {
			case strings.HasSuffix(c.Name, "/paths/top5"):
				checkTopPathsCase(t, &c)
			case strings.HasSuffix(c.Name, "/paths/next_step_transitions"):
				checkNextStepsCase(t, &c)
			default:
				checkSwitchingCase(t, &c)
			}
		})
		passed[c.Name] = ok
	}
	n := 0
	for _, ok := range passed {
		if ok {
			n++
		}
	}
	t.Logf("reference cases passed: %d/%d", n, len(mine))
	assert.Equal(t, len(mine), n)
}

func checkTopPathsCase(t *testing.T, c *cases.Case) {
	var depth, top int
	var file string
	c.In(t, "depth", &depth)
	c.In(t, "top", &top)
	c.In(t, "events_csv", &file)
	var want []struct {
		Path      string `json:"path"`
		Customers int    `json:"customers"`
	}
	c.Want(t, "top_paths", &want)
	got := must(TopPaths(bg, loadTestLog(t, file), depth, top))
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Path, got[i].String())
		assert.Equal(t, want[i].Customers, got[i].Customers)
	}
}

func checkNextStepsCase(t *testing.T, c *cases.Case) {
	var file, end string
	c.In(t, "events_csv", &file)
	c.In(t, "end_token", &end)
	require.Equal(t, EndMarker, end)
	var want map[string]map[string]int
	c.Want(t, "next_counts", &want)
	got := map[string]map[string]int{}
	for _, tr := range must(NextSteps(bg, loadTestLog(t, file))) {
		if got[tr.From] == nil {
			got[tr.From] = map[string]int{}
		}
		got[tr.From][tr.To] = tr.Count
	}
	assert.Equal(t, want, got)
}

func checkSwitchingCase(t *testing.T, c *cases.Case) {
	var file string
	c.In(t, "events_csv", &file)
	var want struct {
		Customers         int     `json:"customers"`
		TotalSwitches     int     `json:"total_switches"`
		SwitchRate        float64 `json:"switch_rate_per_transition"`
		MeanSwitches      float64 `json:"mean_switches_per_customer"`
		ShareMultichannel float64 `json:"share_multichannel_customers"`
		MeanChannels      float64 `json:"mean_distinct_channels"`
	}
	raw, err := json.Marshal(c.Expected)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &want))
	got := must(ChannelSwitching(bg, loadTestLog(t, file)))
	assert.Equal(t, want.Customers, got.Customers)
	assert.Equal(t, want.TotalSwitches, got.Switches)
	cases.Near(t, &want.SwitchRate, got.SwitchRate, c.Tolerance, "switch rate")
	cases.Near(t, &want.MeanSwitches, got.MeanSwitches, c.Tolerance, "mean switches")
	cases.Near(t, &want.ShareMultichannel, got.ShareMultichannel, c.Tolerance, "share multichannel")
	cases.Near(t, &want.MeanChannels, got.MeanChannels, c.Tolerance, "mean channels")
}
