package ces

import (
	"testing"

	"github.com/cxkit/cxkit/internal/leveltest"
	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a level.
func TestLevels(t *testing.T) {
	leveltest.Check(t, likerttest.Levels(t, metric, counts(t, []int{3, 4, 6, 9, 14, 24, 20}, V2)), ErrLevel, "ces: ")
}
