package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/clv"
)

// TestCLVSimulateRecovers draws a Pareto/NBD base with clv simulate, fits
// the log with clv fit, and checks that each true parameter lies in its 95%
// interval (seeded, so the check is deterministic) and that the same seed
// writes the same log.
func TestCLVSimulateRecovers(t *testing.T) {
	dir := t.TempDir()
	args := []string{"clv", "simulate", "--model", "pnbd", "--params", "0.55,10.6,0.6,12", "--customers", "4000",
		"-T", "78", "--cohort", "12", "--spend", "6,4,15", "--seed", "3"}
	got := jsonTables(t, append(args, "--out", dir+"/a.csv")...)
	sim := decodeAs[clv.Simulation](t, got["simulation"])
	assert.Equal(t, []float64{0.55, 10.6, 0.6, 12}, sim.Params)
	require.Len(t, sim.Customers, 4000)
	jsonTables(t, append(args, "--out", dir+"/b.csv")...)
	a, err := os.ReadFile(dir + "/a.csv")
	require.NoError(t, err)
	b, err := os.ReadFile(dir + "/b.csv")
	require.NoError(t, err)
	assert.Equal(t, a, b, "same seed, same log")

	fit := decodeAs[clvFit](t, jsonTables(t, "clv", "fit", "--model", "pnbd", "--top", "0", dir+"/a.csv")["parameters"])
	require.Equal(t, "converged", fit.Status)
	for i, iv := range fit.Intervals {
		assert.True(t, iv.Lower < sim.Params[i] && sim.Params[i] < iv.Upper, "%s: true %v outside %v", fit.Fit.Params[i], sim.Params[i], iv)
	}
}

func TestCLVSimulateErrors(t *testing.T) {
	out := t.TempDir() + "/x.csv"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--params", "1,2,3,4"}, "--out is required"},
		{[]string{"--params", "1,2,3", "--out", out}, "--params wants 4"},
		{[]string{"--params", "1,2,x,4", "--out", out}, `bad number "x"`},
		{[]string{"--params", "1,2,3,4", "--model", "gg", "--out", out}, `unknown --model "gg"`},
		{[]string{"--params", "1,2,3,4", "--unit", "month", "--out", out}, `unknown --unit "month"`},
		{[]string{"--params", "-1,2,3,4", "--out", out}, "r"},
		{[]string{"--params", "1,2,3,4", "--customers", "0", "--out", out}, "Customers 0"},
	} {
		code, _, errs := cli(t, "", append([]string{"clv", "simulate"}, tc.args...)...)
		assert.NotEqual(t, 0, code, strings.Join(tc.args, " "))
		assert.Contains(t, errs, tc.want, strings.Join(tc.args, " "))
	}
}
