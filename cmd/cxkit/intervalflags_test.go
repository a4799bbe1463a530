package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
)

// TestShareIntervalFlag checks that --interval of csat and ces gives the
// library's interval by that method, JeffreysPlain included (issue 16,
// point 2: the plain Beta quantiles of statsmodels and R's binom).
func TestShareIntervalFlag(t *testing.T) {
	for _, name := range []string{"wilson", "jeffreys", "jeffreys-plain", "clopper-pearson"} {
		t.Run(name, func(t *testing.T) {
			var cm csat.Method
			require.NoError(t, cm.UnmarshalText([]byte(name)))
			for _, g := range decodeAs[[]likertGroup[csat.Result, csat.Interval]](t, jsonTables(t, "csat", "--where", "kind=csat", "--by", "touchpoint", "--interval", name, "testdata/sample_surveys.csv")["csat"]) {
				want, err := g.Result.Interval(0.95, cm)
				require.NoError(t, err)
				assert.Equal(t, want, g.Interval, g.Group)
			}
			var em ces.Method
			require.NoError(t, em.UnmarshalText([]byte(name)))
			for _, g := range decodeAs[[]likertGroup[ces.Result, ces.Interval]](t, jsonTables(t, "ces", "--where", "kind=ces", "--interval", name, "testdata/sample_surveys.csv")["ces"]) {
				want, err := g.Result.Interval(0.95, em)
				require.NoError(t, err)
				assert.Equal(t, want, g.Interval, g.Group)
			}
		})
	}
}

// TestABTestFisherFlag checks the fisher table against abtest.FisherExact
// on the same counts, for both solvers, and the per-arm --interval.
func TestABTestFisherFlag(t *testing.T) {
	for _, solver := range []abtest.FisherSolver{abtest.SolvePrecise, abtest.SolveLikeR} {
		got := jsonTables(t, "abtest", "--metric", "converted", "--fisher", "--fisher-solver", solver.String(), "--interval", "jeffreys-plain", "testdata/ab.csv")
		arms := decodeAs[[]propArm](t, got["arms"])
		require.Len(t, arms, 3)
		for _, a := range arms {
			want, err := abtest.ProportionInterval(a.Proportion, 0.95, abtest.JeffreysPlain)
			require.NoError(t, err)
			assert.Equal(t, want, a.Interval, a.Variant)
		}
		rows := decodeAs[[]fisherRow](t, got["fisher"])
		require.Len(t, rows, 2)
		ctl := arms[0].Proportion
		var ps []float64
		for i, r := range rows {
			b := arms[i+1].Proportion
			want, err := abtest.FisherExact(context.Background(), [2][2]int{{ctl.Successes, ctl.Trials - ctl.Successes}, {b.Successes, b.Trials - b.Successes}}, &abtest.FisherSettings{Solver: solver})
			require.NoError(t, err)
			assert.Equal(t, arms[i+1].Variant, r.Variant)
			assert.Equal(t, want.P, r.Result.P)
			assert.Equal(t, want.MLE, r.Result.MLE)
			assert.Equal(t, want.CI, r.Result.CI)
			ps = append(ps, want.P)
		}
		adj, err := abtest.Adjust(ps, abtest.Holm)
		require.NoError(t, err)
		for i, r := range rows {
			assert.Equal(t, adj[i], r.PAdjusted)
		}
	}
}

func TestIntervalFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"csat", "--interval", "exact", "testdata/sample_surveys.csv"}, `unknown --interval "exact"`},
		{[]string{"ces", "--interval", "", "testdata/sample_surveys.csv"}, `unknown --interval ""`},
		{[]string{"abtest", "--interval", "wald", "testdata/ab.csv"}, `unknown --interval "wald"`},
		{[]string{"abtest", "--fisher-solver", "fast", "testdata/ab.csv"}, `unknown --fisher-solver "fast"`},
		{[]string{"abtest", "--metric", "revenue", "--fisher", "testdata/ab.csv"}, "--fisher and --interval apply to proportions"},
	} {
		code, _, errs := cli(t, "", tc.args...)
		assert.NotEqual(t, 0, code, strings.Join(tc.args, " "))
		assert.Contains(t, errs, tc.want, strings.Join(tc.args, " "))
	}
}
