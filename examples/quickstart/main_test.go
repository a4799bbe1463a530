package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/internal/exampletest"
	"github.com/cxkit/cxkit/nps"
)

// column reads one column of the embedded CSV as ratings, skipping blanks.
func column(t *testing.T, name string) []float64 {
	recs, err := csv.NewReader(bytes.NewReader(surveyCSV)).ReadAll()
	require.NoError(t, err)
	col := -1
	for i, h := range recs[0] {
		if h == name {
			col = i
		}
	}
	require.GreaterOrEqual(t, col, 0)
	var xs []float64
	for _, r := range recs[1:] {
		if r[col] == "" {
			continue
		}
		v, err := strconv.ParseFloat(r[col], 64)
		require.NoError(t, err)
		xs = append(xs, v)
	}
	return xs
}

func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)

	// The overall lines agree with the batch functions on the raw columns.
	r, err := nps.Score(column(t, "nps"))
	require.NoError(t, err)
	b, err := r.Interval(0.95, nps.AdjustedWald)
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf("%-10s %6d %7.1f  [%5.1f, %5.1f]", "overall", r.N, r.Score, b.CI.Lower, b.CI.Upper))
	c, err := csat.Score(column(t, "csat"), csat.Scale5)
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf("%-10s %6d %7.1f", "overall", c.N, c.CSAT))
	assert.Contains(t, out, fmt.Sprintf("cxkit quickstart: %d survey responses from 5 touchpoints and 4 channels", r.N))

	for _, h := range []string{"== Net Promoter Score", "== CSAT", "== CES 2.0", "== NPS by channel", "How to read the numbers", "Holm"} {
		assert.Contains(t, out, h)
	}
	for _, tp := range []string{"website", "checkout", "delivery", "support", "returns"} {
		assert.Regexp(t, regexp.MustCompile(`(?m)^`+tp+`\s+\d+\s+-?\d+\.\d`), out)
	}
	assert.Contains(t, out, "(not asked at: website)")

	// A star marks exactly the rows whose Holm-adjusted p is below 0.05.
	rowRE := regexp.MustCompile(`(?m)^(\w+)\s+\d+\s+-?[\d.]+\s+\[[^\]]+\]\s+[+-][\d.]+\s+(<0\.001|[\d.]+|n/a) ?(\*?)`)
	rows := rowRE.FindAllStringSubmatch(out, -1)
	require.Len(t, rows, 5+4+3, "one test row per touchpoint and metric")
	stars := 0
	for _, m := range rows {
		sig := m[2] == "<0.001"
		if !sig && m[2] != "n/a" {
			p, err := strconv.ParseFloat(m[2], 64)
			require.NoError(t, err)
			sig = p < 0.05
		}
		assert.Equal(t, sig, m[3] == "*", "row %q", m[0])
		if m[3] == "*" {
			stars++
		}
	}
	assert.Positive(t, stars, "the bundled data have clear differences")
	assert.Less(t, stars, len(rows), "and some touchpoints that do not differ")
	assert.False(t, strings.Contains(out, "NaN"), "no undefined value is printed as a number")
}

func TestHolm(t *testing.T) {
	// statsmodels.stats.multitest.multipletests(ps, method="holm")[1]:
	// [0.04, 0.09, 0.09, 0.025, 0.2].
	got := holm([]float64{0.01, 0.04, 0.03, 0.005, 0.2})
	want := []float64{0.04, 0.09, 0.09, 0.025, 0.2}
	for i := range want {
		assert.InDelta(t, want[i], got[i], 1e-12, "p[%d]", i)
	}
}
