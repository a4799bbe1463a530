package csat

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDirection checks b − a (api.md §2) on every two-group call: b, the
// treatment, clearly beats a, the control.
func TestDirection(t *testing.T) {
	a := mustCounts(t, []int{20, 20, 20, 20, 20}, Scale5) // CSAT 40 %, mean 3
	b := mustCounts(t, []int{5, 5, 10, 30, 50}, Scale5)   // CSAT 80 %, mean 4.15
	p := func(alt Alternative) Comparison {
		c, err := Compare(a, b, &CompareSettings{Alternative: alt})
		require.NoError(t, err)
		return c
	}
	c := p(TwoSided)
	for _, x := range []ShareComparison{c.Share} {
		assert.Positive(t, x.Diff)
		assert.Positive(t, x.Statistic)
		assert.Positive(t, x.CI.Lower)
	}
	assert.Positive(t, c.Mean.Diff)
	assert.Positive(t, c.Mean.Statistic)
	assert.Positive(t, c.Mean.CI.Lower)
	assert.Less(t, p(Greater).Share.P, 0.5)
	assert.Greater(t, p(Less).Share.P, 0.5)
	assert.Less(t, p(Greater).Mean.P, 0.5)
	assert.Greater(t, p(Less).Mean.P, 0.5)

	s, err := CompareShares(a.Satisfied, a.N, b.Satisfied, b.N, &CompareSettings{Alternative: Greater})
	require.NoError(t, err)
	assert.Positive(t, s.Diff)
	assert.Positive(t, s.Statistic)
	assert.Less(t, s.P, 0.5)
	assert.Equal(t, a.N, s.NA)
}
