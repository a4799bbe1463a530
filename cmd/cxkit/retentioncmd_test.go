package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetentionCommands(t *testing.T) {
	code, out, errs := cli(t, "", "retention", "sbg", "--survivors", "1000,631,468,382,326,289,262,241", "--format", "json")
	require.Equal(t, 0, code, errs)
	var sbg struct {
		SBG struct {
			Estimate []float64 `json:"estimate"`
		} `json:"sbg"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sbg))
	// Fader and Hardie (2007): γ = 0.704, δ = 1.182.
	assert.InDelta(t, 0.704, sbg.SBG.Estimate[0], 0.0005)
	assert.InDelta(t, 1.182, sbg.SBG.Estimate[1], 0.0005)

	csv := "tenure,churned,arm\n5,1,a\n8,0,a\n12,1,a\n3,1,b\n4,1,b\n9,0,b\n2,1,b\n"
	code, out, errs = cli(t, csv, "retention", "survival", "--group", "arm", "--format", "csv", "-")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "7,5,5,2,NA,12,7.142857142857143")
	// --format csv writes one table per stream: the others with --out-dir.
	dir := t.TempDir()
	code, _, errs = cli(t, csv, "retention", "survival", "--group", "arm", "--format", "csv", "--out-dir", dir, "-")
	require.Equal(t, 0, code, errs)
	lr, err := os.ReadFile(filepath.Join(dir, "log_rank.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(lr), "b,4,3,1.7214285714285715")

	events := "customer_id,timestamp,event\nann,2024-01-01,signup\nann,2024-01-09,buy\nbob,2024-01-02,signup\nbob,2024-01-20,buy\n"
	code, out, errs = cli(t, events, "retention", "cohorts", "--event", "event", "--start-event", "signup", "--return-event", "buy", "-")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "2024-01-01     2  0.5000  0.5000")

	code, _, errs = cli(t, "tenure,churned\n5,1\n-1,1\n", "retention", "survival", "-")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "<stdin>:3:")
	code, _, _ = cli(t, "", "retention", "nope")
	assert.Equal(t, 2, code)
}
