// Package cases reads the public reference cases of
// journey/testdata/public_reference.json (see journey/testdata/SOURCE.md)
// for the tests of journey and its subpackages, each of which checks the
// cases of its own analytics, and the testdata files they name
// ([ReadFile]).
package cases

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Total is the number of cases in the file.
const Total = 30

// Case is one reference case: its inputs, the expected outputs and the
// tolerance.
type Case struct {
	Name      string                     `json:"name"`
	Inputs    map[string]json.RawMessage `json:"inputs"`
	Expected  map[string]json.RawMessage `json:"expected"`
	Tolerance float64                    `json:"tolerance"`
}

// Load reads every case from dir/public_reference.json (dir is the
// journey/testdata directory as seen from the test).
func Load(t *testing.T, dir string) []Case {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public_reference.json"))
	require.NoError(t, err)
	var f struct {
		Cases []Case `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	require.Len(t, f.Cases, Total)
	return f.Cases
}

// In decodes input key into v.
func (c *Case) In(t *testing.T, key string, v any) {
	t.Helper()
	raw, ok := c.Inputs[key]
	require.True(t, ok, "input %q", key)
	require.NoError(t, json.Unmarshal(raw, v))
}

// Want decodes expected output key into v.
func (c *Case) Want(t *testing.T, key string, v any) {
	t.Helper()
	raw, ok := c.Expected[key]
	require.True(t, ok, "expected %q", key)
	require.NoError(t, json.Unmarshal(raw, v))
}

// Near asserts |got-want| ≤ tol·max(1, |want|) (1e-9 relative/absolute, as
// SOURCE.md states), with nil (JSON null) meaning NaN.
func Near(t *testing.T, want *float64, got float64, tol float64, msg string) {
	t.Helper()
	if want == nil {
		assert.True(t, math.IsNaN(got), "%s: got %v, want null", msg, got)
		return
	}
	assert.InDelta(t, *want, got, tol*math.Max(1, math.Abs(*want)), msg)
}
