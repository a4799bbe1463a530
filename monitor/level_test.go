package monitor

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLevel: a level of 0 means 0.95 and is reported so; 1, −0.1 and NaN
// are errors wrapping ErrLevel.
func TestLevel(t *testing.T) {
	ps := weekly(40, 42, 41, 39, 60, 61, 59, 62)
	r, err := Change(ps, Proportion, 4, &ChangeSettings{Level: 0})
	require.NoError(t, err)
	assert.Equal(t, 0.95, r.LevelChange.Level)
	assert.Equal(t, 0.95, r.Comparison.CI.Level)
	for _, l := range []float64{1, -0.1, math.NaN()} {
		_, err := Change(ps, Proportion, 4, &ChangeSettings{Level: l})
		require.ErrorIs(t, err, ErrLevel)
	}
}
