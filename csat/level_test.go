package csat

import (
	"testing"

	"github.com/cxkit/cxkit/internal/leveltest"
	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a level: those csat shares with ces, CompareShares and
// SampleSize.
func TestLevels(t *testing.T) {
	calls := likerttest.Levels(t, metric, mustCounts(t, []int{5, 7, 13, 40, 35}, Scale5))
	calls["CompareShares"] = func(l float64) (float64, error) {
		c, err := CompareShares(1, 2, 1, 3, &CompareSettings{Level: l})
		return c.Level, err
	}
	calls["SampleSize"] = func(l float64) (float64, error) {
		s, err := SampleSize(5, &SampleSizeSettings{Level: l})
		return s.Level, err
	}
	leveltest.Check(t, calls, ErrLevel, "csat: ")
}
