package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func FuzzReadSurveys(f *testing.F) {
	f.Add([]byte("customer_id,timestamp,touchpoint,kind,rating\nA,2024-01-01,checkout,ces,5\nA,2024-01-02,,nps,9\n"))
	f.Add([]byte("customer_id,timestamp,amount\nA,2024-01-01,12.5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadSurveys(bytes.NewReader(data))
		if err != nil && !strings.Contains(err.Error(), "line ") {
			t.Fatalf("error without a line: %v", err)
		}
		ps, err := ReadPurchases(bytes.NewReader(data))
		if err != nil && !strings.Contains(err.Error(), "line ") {
			t.Fatalf("error without a line: %v", err)
		}
		for _, p := range ps {
			if !(p.Amount >= 0) {
				t.Fatalf("amount %v", p.Amount)
			}
		}
	})
}

// bg is the context of the tests that do not cancel.
var bg = context.Background()

// must returns v, and panics (failing the test) if err is not nil.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestZeroValues calls the methods of zero values and nil pointers: each
// works or returns an error.
func TestZeroValues(t *testing.T) {
	var nilLog *Log
	assert.Equal(t, 0, nilLog.Len())
	_, ok := nilLog.NameCode("a")
	assert.False(t, ok)
	assert.ErrorIs(t, nilLog.Validate(), ErrEmpty)
	assert.ErrorIs(t, nilLog.Add(&Event{}), ErrEmpty)
	assert.ErrorIs(t, nilLog.Sort(), ErrEmpty)
	_, err := nilLog.Event(0)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = nilLog.Journeys()
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = TopPaths(bg, nil, 1, 1)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = NextSteps(bg, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = PreviousSteps(bg, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = ChannelSwitching(bg, nil)
	assert.ErrorIs(t, err, ErrEmpty)

	var zero Log
	require.NoError(t, zero.Validate())
	_, err = zero.Event(0)
	assert.ErrorIs(t, err, ErrOutOfRange)
	require.NoError(t, zero.Add(&Event{Customer: "a", Name: "x"}))
	assert.Equal(t, 1, zero.Len())
	assert.ErrorIs(t, zero.Add(nil), ErrEmpty)

	var nilTable *PathTable
	assert.Equal(t, int32(-1), nilTable.Code("a"))
	c, v, n := nilTable.Totals()
	assert.Zero(t, c+v+n)
	assert.ErrorIs(t, nilTable.Add([]string{"a"}, 1, 1, 1, nil), ErrEmpty)
	var zt PathTable
	require.NoError(t, zt.Add([]string{"a"}, 1, 1, 0, nil))

	var nilMap *Map
	_, ok = nilMap.Touchpoint("a")
	assert.False(t, ok)
	assert.False(t, nilMap.IsMomentOfTruth("a"))
	assert.ErrorIs(t, nilMap.Validate(), ErrEmpty)
	require.NoError(t, (&Map{}).Validate())
	assert.Empty(t, (&Journey{}).Channels())

}
