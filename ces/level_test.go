package ces

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLevels gives 0 (meaning 0.95), 1, −0.1 and NaN to each call that takes
// a confidence level (api.md §3).
func TestLevels(t *testing.T) {
	r := counts(t, []int{3, 4, 6, 9, 14, 24, 20}, V2)
	for name, call := range map[string]func(float64) (float64, error){
		"Interval": func(l float64) (float64, error) { iv, err := r.Interval(l, Jeffreys); return iv.Level, err },
		"MeanInterval": func(l float64) (float64, error) {
			iv, _, err := r.MeanInterval(l)
			return iv.Level, err
		},
		"Compare": func(l float64) (float64, error) {
			c, err := Compare(r, r, &CompareSettings{Level: l})
			assert.Equal(t, c.Mean.Level, c.Share.CI.Level)
			return c.Share.Level, err
		},
	} {
		got, err := call(0)
		require.NoError(t, err, name)
		assert.InDelta(t, 0.95, got, 0, name)
		for _, bad := range []float64{1, -0.1, math.NaN(), 2} {
			_, err := call(bad)
			assert.ErrorIs(t, err, ErrLevel, "%s(%v)", name, bad)
		}
	}
}
