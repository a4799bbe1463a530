package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCLVPatternTableFit writes CDNOW's pattern table with clv summary
// --patterns-out and checks that fitting it with --weight count gives the
// fit of the customer summaries, standard errors included (issue 16,
// point 3: a pattern table fits exactly like the data it counts).
func TestCLVPatternTableFit(t *testing.T) {
	dir := t.TempDir()
	patterns, customers := dir+"/patterns.csv", dir+"/customers.csv"
	jsonTables(t, "clv", "summary", "--cdnow", "--patterns-out", patterns, "--customers-out", customers, "data/CDNOW_sample.txt")
	data, err := os.ReadFile(patterns)
	require.NoError(t, err)
	lines := splitLines(string(data))
	require.Equal(t, "frequency,recency,T,count", lines[0])
	require.Less(t, len(lines)-1, 2357, "the table compresses CDNOW's 2,357 customers")

	for _, model := range []string{"bgnbd", "mbgnbd", "pnbd"} {
		t.Run(model, func(t *testing.T) {
			full := decodeAs[clvFit](t, jsonTables(t, "clv", "fit", "--model", model, "--top", "0", customers)["parameters"])
			weighted := decodeAs[clvFit](t, jsonTables(t, "clv", "fit", "--model", model, "--top", "0", "--weight", "count", patterns)["parameters"])
			assert.Equal(t, 2357.0, weighted.Customers)
			assert.Equal(t, full.Status, weighted.Status)
			require.Len(t, weighted.Fit.Estimate, len(full.Fit.Estimate))
			for i := range full.Fit.Estimate {
				assert.InEpsilon(t, full.Fit.Estimate[i], weighted.Fit.Estimate[i], 1e-6, full.Fit.Params[i])
				assert.InEpsilon(t, full.Fit.StdErr[i], weighted.Fit.StdErr[i], 1e-4, full.Fit.Params[i])
			}
			assert.InEpsilon(t, full.LogLik, weighted.LogLik, 1e-9)
		})
	}
}

// TestCLVWeightErrors checks that a bad weight names its line and that
// --weight refuses a purchase log.
func TestCLVWeightErrors(t *testing.T) {
	bad := t.TempDir() + "/bad.csv"
	require.NoError(t, os.WriteFile(bad, []byte("frequency,recency,T,count\n1,2,3,2\n1,2,3,-1\n"), 0o600))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"clv", "fit", "--weight", "count", bad}, "bad.csv:3: weight -1"},
		{[]string{"clv", "fit", "--weight", "n", bad}, `no column "n"`},
		{[]string{"clv", "fit", "--weight", "count", "--cdnow", "data/CDNOW_sample.txt"}, "--weight needs a customer summary"},
	} {
		code, _, errs := cli(t, "", tc.args...)
		assert.NotEqual(t, 0, code, strings.Join(tc.args, " "))
		assert.Contains(t, errs, tc.want)
	}
}
