package csat

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLevels feeds 0 (the default 0.95), 1, −0.1 and NaN to every call that
// takes a level (api.md §3).
func TestLevels(t *testing.T) {
	r := mustCounts(t, []int{5, 7, 13, 40, 35}, Scale5)
	calls := map[string]func(level float64) (float64, error){
		"Interval": func(l float64) (float64, error) { iv, err := r.Interval(l, Wilson); return iv.Level, err },
		"MeanInterval": func(l float64) (float64, error) {
			iv, _, err := r.MeanInterval(l)
			return iv.Level, err
		},
		"Compare": func(l float64) (float64, error) {
			c, err := Compare(r, r, &CompareSettings{Level: l})
			assert.Equal(t, c.Share.Level, c.Mean.Level)
			return c.Mean.CI.Level, err
		},
		"CompareShares": func(l float64) (float64, error) {
			c, err := CompareShares(1, 2, 1, 3, &CompareSettings{Level: l})
			return c.Level, err
		},
		"SampleSize": func(l float64) (float64, error) {
			s, err := SampleSize(5, &SampleSizeSettings{Level: l})
			return s.Level, err
		},
	}
	for name, call := range calls {
		got, err := call(0)
		require.NoError(t, err, name)
		assert.InDelta(t, 0.95, got, 0, name)
		got, err = call(0.9)
		require.NoError(t, err, name)
		assert.InDelta(t, 0.9, got, 0, name)
		for _, bad := range []float64{1, -0.1, math.NaN(), 1.5, math.Inf(1)} {
			_, err := call(bad)
			assert.ErrorIs(t, err, ErrLevel, "%s(%v)", name, bad)
		}
	}
}
