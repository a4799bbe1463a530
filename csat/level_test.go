package csat

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/leveltest"
)

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a level.
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
	leveltest.Check(t, calls, ErrLevel, "csat: ")
}
