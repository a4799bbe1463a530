package ces

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDirection checks b − a (api.md §2): the treatment b is clearly easier
// than the control a, on both versions.
func TestDirection(t *testing.T) {
	cmp := func(a, b Result, alt Alternative) Comparison {
		c, err := Compare(a, b, &CompareSettings{Alternative: alt})
		require.NoError(t, err)
		return c
	}
	// CES 2.0: higher is easier, so b's higher ratings give a positive
	// Diff in both the share and the mean.
	a := counts(t, []int{10, 10, 10, 10, 10, 10, 10}, V2)
	b := counts(t, []int{1, 1, 2, 6, 15, 25, 20}, V2)
	c := cmp(a, b, TwoSided)
	assert.Equal(t, HigherIsEasier, c.Direction)
	assert.Positive(t, c.Share.Diff)
	assert.Positive(t, c.Share.Statistic)
	assert.Positive(t, c.Share.CI.Lower)
	assert.Positive(t, c.Mean.Diff)
	assert.Positive(t, c.Mean.Statistic)
	assert.Less(t, cmp(a, b, Greater).Share.P, 0.5)
	assert.Greater(t, cmp(a, b, Less).Share.P, 0.5)
	assert.Less(t, cmp(a, b, Greater).Mean.P, 0.5)
	assert.Greater(t, cmp(a, b, Less).Mean.P, 0.5)

	// CES 1.0: lower is easier. b is easier: PctEasy still rises (Share.Diff
	// > 0), while the raw mean falls (Mean.Diff < 0), as Direction says.
	a1 := counts(t, []int{5, 5, 10, 15, 15}, V1)
	b1 := counts(t, []int{20, 15, 10, 3, 2}, V1)
	c1 := cmp(a1, b1, TwoSided)
	assert.Equal(t, LowerIsEasier, c1.Direction)
	assert.Positive(t, c1.Share.Diff)
	assert.Positive(t, c1.Share.Statistic)
	assert.Negative(t, c1.Mean.Diff)
	assert.Negative(t, c1.Mean.Statistic)
	assert.Less(t, cmp(a1, b1, Less).Mean.P, 0.5, "b's mean effort is below a's")
}
