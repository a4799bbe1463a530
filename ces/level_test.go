package ces

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/leveltest"
)

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a level.
func TestLevels(t *testing.T) {
	r := counts(t, []int{3, 4, 6, 9, 14, 24, 20}, V2)
	calls := map[string]func(float64) (float64, error){
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
	}
	leveltest.Check(t, calls, ErrLevel, "ces: ")
}
