package segment

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEarlierFirst checks the one argument order of the package: the
// earlier (reference) fit or date first, the later second, in MatchCenters,
// Align and Migrate alike.
func TestEarlierFirst(t *testing.T) {
	ctx := context.Background()
	earlier := Matrix{Data: []float64{0, 100}, Rows: 2, Cols: 1}
	later := Matrix{Data: []float64{99, 1, 50}, Rows: 3, Cols: 1}
	// match[j] is the earlier row of later's row j: one entry per later row.
	m, err := MatchCenters(ctx, earlier, later)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0, -1}, m)

	// Align renumbers the later fit with the earlier fit's numbers.
	r := Result{Centers: Matrix{Data: []float64{99, 1}, Rows: 2, Cols: 1}, Labels: []int{0, 1, 1}, Sizes: []int{1, 2}}
	aligned, err := Align(ctx, earlier, r)
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 99}, aligned.Centers.Data)
	assert.Equal(t, []int{1, 0, 0}, aligned.Labels)
	assert.Equal(t, []int{2, 1}, aligned.Sizes)

	// Migrate: Lost are customers of the earlier date only, New of the later.
	mg, err := Migrate(map[string]int{"gone": 0, "stays": 0}, map[string]int{"stays": 1, "arrives": 1})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0}, mg.Lost)
	assert.Equal(t, []int{0, 1}, mg.New)
	assert.Equal(t, [][]int{{0, 1}, {0, 0}}, mg.Counts) // from earlier segment 0 to later segment 1
	assert.InDelta(t, 0.5, mg.Rate(0, 1), 0)
}
