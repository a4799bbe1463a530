package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetentionCommands(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"retention", "sbg", "--survivors", "1000,631,468,382,326,289,262,241", "--format", "json"}, strings.NewReader(""), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	var sbg struct {
		SBG struct {
			Estimate []float64 `json:"estimate"`
		} `json:"sbg"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &sbg))
	// Fader and Hardie (2007): γ = 0.704, δ = 1.182.
	assert.InDelta(t, 0.704, sbg.SBG.Estimate[0], 0.0005)
	assert.InDelta(t, 1.182, sbg.SBG.Estimate[1], 0.0005)

	out.Reset()
	csv := "tenure,churned,arm\n5,1,a\n8,0,a\n12,1,a\n3,1,b\n4,1,b\n9,0,b\n2,1,b\n"
	code = run([]string{"retention", "survival", "--group", "arm", "--format", "csv", "-"}, strings.NewReader(csv), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "7,5,5,2,NA,12,7.142857142857143")
	// --format csv writes one table per stream: the others with --out-dir.
	dir := t.TempDir()
	code = run([]string{"retention", "survival", "--group", "arm", "--format", "csv", "--out-dir", dir, "-"}, strings.NewReader(csv), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	lr, err := os.ReadFile(filepath.Join(dir, "log_rank.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(lr), "b,4,3,1.7214285714285715")

	out.Reset()
	events := "customer_id,timestamp,event\nann,2024-01-01,signup\nann,2024-01-09,buy\nbob,2024-01-02,signup\nbob,2024-01-20,buy\n"
	code = run([]string{"retention", "cohorts", "--event", "event", "--start-event", "signup", "--return-event", "buy", "-"}, strings.NewReader(events), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "2024-01-01     2  0.5000  0.5000")

	errb.Reset()
	code = run([]string{"retention", "survival", "-"}, strings.NewReader("tenure,churned\n5,1\n-1,1\n"), &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "<stdin>:3:")
	code = run([]string{"retention", "nope"}, strings.NewReader(""), &out, &errb)
	assert.Equal(t, 2, code)
}
