package journey

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/cxkit/cxkit/journey/internal/cases"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tinyTable is the three-journey textbook example of testdata/SOURCE.md,
// read from testdata/paths_tiny.csv.
func tinyTable(t *testing.T) *PathTable {
	return cases.ReadFile(t, "testdata/paths_tiny.csv", func(r io.Reader) (*PathTable, error) { return ReadPaths(r, ">") })
}

func TestPathsFromJourneys(t *testing.T) {
	js := []Journey{
		{Customer: "a", Outcome: OutcomeConverted, Events: []Event{{Channel: "search"}, {Channel: "email"}, {Name: "buy", Channel: "web", Value: 30}, {Channel: "email"}}},
		{Customer: "b", Events: []Event{{Channel: "search"}, {Channel: "email"}}},
		{Customer: "c", Outcome: OutcomeConverted, Events: []Event{{Channel: "search"}, {Channel: "email"}, {Name: "buy", Value: 20}}},
		{Customer: "d", Events: []Event{{Name: "no channel"}}},
	}
	pt := PathsFromJourneys(js, "buy")
	require.Len(t, pt.Rows, 1)
	assert.Equal(t, PathRow{Touches: []int32{0, 1}, Conversions: 2, Value: 50, Nulls: 1}, pt.Rows[0])
	pt = PathsFromJourneys(js, "")
	assert.Len(t, pt.Rows, 2) // search>email>web>email, and search>email for b and c
}

func TestPathTableErrors(t *testing.T) {
	pt := &PathTable{}
	assert.ErrorIs(t, pt.Add(nil, 1, 1, 1, nil), ErrEmpty)
	assert.ErrorIs(t, pt.Add([]string{"A"}, -1, 0, 0, nil), ErrNegative)
	assert.ErrorIs(t, pt.Add([]string{"A"}, 0, math.NaN(), 0, nil), ErrNonFinite)
	assert.ErrorIs(t, pt.Add([]string{"A"}, 0, 0, math.Inf(1), nil), ErrNonFinite)
	assert.ErrorIs(t, pt.Add([]string{"A", ""}, 0, 0, 1, nil), ErrMissing)
	assert.ErrorIs(t, pt.Add([]string{"A", "B"}, 0, 0, 1, []float64{1}), ErrLength)
	assert.Empty(t, pt.Rows, "a failed Add leaves the table as it was")
	assert.Empty(t, pt.Channels)
	const head = "path,total_conversions,total_conversion_value,total_null\n"
	for _, tc := range []struct{ in, msg string }{
		{"", "line 1"},
		{"path,total_conversions\n", "line 1"},
		{head + "A > B,1,2,3\nA,-1,0,2\n", "line 3"},
		{head + "A,1,x,2\n", "line 2"},
		{head + "A > ,1,1,2\n", "line 2"},
		{head + "A,1,1\n", "line 2"},
		{"path,total_conversions,total_conversion_value,total_null,touch_days_before_conversion\nA>B,1,1,0,3\n", "line 2"},
	} {
		_, err := ReadPaths(strings.NewReader(tc.in), "")
		require.Error(t, err, tc.in)
		var le *InputError
		assert.True(t, errors.As(err, &le), tc.in)
		assert.Positive(t, le.Line, tc.in)
		assert.Contains(t, err.Error(), tc.msg, tc.in)
	}
}
