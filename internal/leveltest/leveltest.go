// Package leveltest holds the level test of api.md §3 that every package
// runs on its calls that take a confidence level: 0 means the default 0.95,
// any other level in (0, 1) is kept, and a level outside (0, 1) or NaN is
// an error wrapping the package's ErrLevel.
package leveltest

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Check runs each call, which takes a confidence level and returns the
// level it used (NaN when the result does not report one), with 0 (0.95
// used), 0.9 (kept), and 1, −0.1, NaN, 1.5 and +Inf: each of the last is an
// error that wraps errLevel and whose message starts with prefix, the
// package's "pkg: ".
func Check(t *testing.T, calls map[string]func(level float64) (float64, error), errLevel error, prefix string) {
	t.Helper()
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			for level, want := range map[float64]float64{0: 0.95, 0.9: 0.9} {
				got, err := call(level)
				require.NoError(t, err, "level %v", level)
				if !math.IsNaN(got) {
					assert.Equal(t, want, got, "level %v", level)
				}
			}
			for _, bad := range []float64{1, -0.1, math.NaN(), 1.5, math.Inf(1)} {
				_, err := call(bad)
				assert.ErrorIs(t, err, errLevel, "level %v", bad)
				if err != nil {
					assert.True(t, strings.HasPrefix(err.Error(), prefix), "level %v: %q lacks %q", bad, err, prefix)
				}
			}
		})
	}
}
