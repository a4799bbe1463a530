package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeABFile writes an A/B test of n visitors to path (columns visitor,
// variant, converted), alternately in the control arm, of which 10 in 100
// convert, and the treatment arm, of which pct in 100 convert; it returns
// path.
func writeABFile(t *testing.T, path string, n int, control, treatment string, pct int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("visitor,variant,converted\n")
	for i := range n {
		arm, conv := treatment, i%100 < pct
		if i%2 == 0 {
			arm, conv = control, i%100 < 10
		}
		fmt.Fprintf(&b, "v%d,%s,%d\n", i, arm, map[bool]int{true: 1}[conv])
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// reportOn runs "cxkit report" with args and returns the page.
func reportOn(t *testing.T, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.html")
	code, _, errs := cli(t, "", append([]string{"report", "-o", path}, args...)...)
	require.Equal(t, 0, code, errs)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

// TestReportProvenance checks issue 15 point 2: every sentence that says
// where the data come from follows the data actually used.
func TestReportProvenance(t *testing.T) {
	def, _ := generatedReport(t)
	has(t, def, "The A/B test is simulated: 4000 synthetic visitors")
	has(t, def, "asked after onboarding")
	has(t, def, "conversions (customers reaching payment)")
	has(t, def, "Median time from website_visit to payment")
	has(t, def, "customers of the CDNOW sample grouped by the calendar month")
	has(t, def, "<tr><th>touchpoint</th><th>stage</th><th>moment of truth</th><th>metric</th>")

	ab := writeABFile(t, filepath.Join(t.TempDir(), "mytest.csv"), 2000, "A", "B", 14)
	t.Run("own A/B test", func(t *testing.T) {
		html := reportOn(t, "--ab", ab)
		has(t, html, "The A/B test is read from "+ab+": 2000 visitors, A against B.")
		for _, s := range []string{"The A/B test is simulated", "synthetic visitors", "easier checkout", "simulated visitors"} {
			assert.NotContains(t, html, s)
		}
		// The other sections still use the bundled data, and say so.
		has(t, html, "the bundled simulated data set")
		has(t, html, "the CDNOW sample")
	})
	t.Run("all data the user's", func(t *testing.T) {
		html := reportOn(t, "--ab", ab,
			"--events", "testdata/sample_events.csv", "--surveys", "testdata/sample_surveys.csv",
			"--steps", "website_visit,product_page,add_to_cart,checkout",
			"--purchases", "testdata/sample_purchases.csv")
		has(t, html, "testdata/sample_events.csv and testdata/sample_surveys.csv: ")
		has(t, html, "CSAT responses (4–5 on 1–5, all touchpoints together) of testdata/sample_events.csv and testdata/sample_surveys.csv")
		has(t, html, "customers of testdata/sample_purchases.csv grouped by")
		has(t, html, "conversions (customers reaching checkout)")
		has(t, html, "Median time from website_visit to checkout")
		has(t, html, "The A/B test is read from "+ab)
		has(t, html, "<tr><th>touchpoint</th><th>metric</th>", "no stage or moment of truth without a journey map")
		assert.NotContains(t, html, "Moments of truth")
		low := strings.ToLower(html)
		for _, s := range []string{"simulat", "synthetic", "journey.sample", "cdnow", "music retailer", "asked after onboarding", "easier checkout"} {
			assert.NotContains(t, low, s, "the page describes data it did not use")
		}
	})
}
