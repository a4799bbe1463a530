package monitor

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/leveltest"
)

// TestLevel runs the level test of api.md §3 (leveltest.Check) on Change,
// whose coefficients and comparison all report the level used.
func TestLevel(t *testing.T) {
	ps := weekly(40, 42, 41, 39, 60, 61, 59, 62)
	leveltest.Check(t, map[string]func(float64) (float64, error){
		"Change": func(l float64) (float64, error) {
			r, err := Change(ps, Proportion, 4, &ChangeSettings{Level: l})
			assert.Equal(t, r.LevelChange.Level, r.Comparison.CI.Level)
			return r.LevelChange.Level, err
		},
	}, ErrLevel, "monitor: ")
}
