package clv

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tableOf counts data in a table with the given Monetary setting.
func tableOf(t *testing.T, monetary bool, data []Customer) PatternTable {
	t.Helper()
	tab := PatternTable{Monetary: monetary}
	for _, c := range data {
		require.NoError(t, tab.Add(c))
	}
	return tab
}

// binaryRoundTrip encodes tab, decodes it and checks that the decoded
// table equals tab, its index included; it returns it.
func binaryRoundTrip(t *testing.T, tab PatternTable) PatternTable {
	t.Helper()
	b, err := tab.MarshalBinary()
	require.NoError(t, err)
	var back PatternTable
	require.NoError(t, back.UnmarshalBinary(b))
	want := tab
	require.Nil(t, want.reindex()) // a hand-built table gets the index that a decoded one has
	assert.True(t, wiretest.Equal(want, back), "tables differ after the round trip")
	return back
}

func TestPatternTableBinaryRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name string
		tab  PatternTable
	}{
		{"empty", PatternTable{}},
		{"empty monetary", PatternTable{Monetary: true}},
		{"cdnow", tableOf(t, false, cdnowSummary(t))},
		{"cdnow spend", tableOf(t, true, cdnowWithSpend(t))},
		{"extremes", PatternTable{Customers: []Customer{{}, {Frequency: 1 << 53, Recency: 1e300, T: math.MaxFloat64}}, Counts: []float64{0, 1 << 53}}},
	} {
		t.Run(c.name, func(t *testing.T) { binaryRoundTrip(t, c.tab) })
	}
}

// TestPatternTableBinaryMerge merges two halves of CDNOW before and after
// a round trip: the results are the same.
func TestPatternTableBinaryMerge(t *testing.T) {
	for _, monetary := range []bool{false, true} {
		data := cdnowWithSpend(t)
		a, b := tableOf(t, monetary, data[:len(data)/2]), tableOf(t, monetary, data[len(data)/2:])
		want, got := a, binaryRoundTrip(t, a)
		require.NoError(t, want.Merge(b))
		require.NoError(t, got.Merge(binaryRoundTrip(t, b)))
		wp, wc := want.Result()
		gp, gc := got.Result()
		assert.Equal(t, wp, gp, "Monetary %v", monetary)
		assert.Equal(t, wc, gc, "Monetary %v", monetary)
		assert.True(t, wiretest.Equal(want, got), "Monetary %v: merged tables differ", monetary)
	}
}

// TestPatternTableBinaryLayout fixes the format: changing it needs a new
// version byte.
func TestPatternTableBinaryLayout(t *testing.T) {
	f := func(xs ...float64) (b []byte) {
		for _, x := range xs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
		return b
	}
	tab := PatternTable{Customers: []Customer{{Frequency: 2, Recency: 3, T: 5}, {T: 0.5}}, Counts: []float64{4, 1}}
	b, err := tab.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, append([]byte{1, 0, 2}, f(2, 3, 5, 4, 0, 0, 0.5, 1)...), b)
	tab.Monetary, tab.Customers[0].Monetary = true, 7.25
	b, err = tab.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, append([]byte{1, 1, 2}, f(2, 3, 5, 7.25, 4, 0, 0, 0.5, 0, 1)...), b)
}

// TestPatternTableBinaryTruncated cuts an encoding at every length: each
// prefix is an error wrapping ErrLength and io.ErrUnexpectedEOF, and the
// receiver keeps its value.
func TestPatternTableBinaryTruncated(t *testing.T) {
	tab := tableOf(t, true, cdnowWithSpend(t)[:40])
	b, err := tab.MarshalBinary()
	require.NoError(t, err)
	keep := tableOf(t, false, []Customer{{Frequency: 1, Recency: 1, T: 2}})
	for n := range len(b) {
		got := keep
		err := got.UnmarshalBinary(b[:n])
		assert.ErrorIs(t, err, ErrLength, "cut at %d", n)
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "cut at %d", n)
		assert.True(t, wiretest.Equal(keep, got), "cut at %d changed the receiver", n)
	}
}

func TestPatternTableBinaryErrors(t *testing.T) {
	good, err := PatternTable{Customers: []Customer{{Frequency: 2, Recency: 3, T: 5}}, Counts: []float64{4}}.MarshalBinary()
	require.NoError(t, err)
	with := func(at int, x float64) []byte { // good with the float at byte at set to x
		b := bytes.Clone(good)
		binary.LittleEndian.PutUint64(b[at:], math.Float64bits(x))
		return b
	}
	dup := append([]byte{1, 0, 2}, append(bytes.Clone(good[3:]), good[3:]...)...)
	for _, c := range []struct {
		name string
		b    []byte
		want error
	}{
		{"unknown version", append([]byte{2}, good[1:]...), ErrOutOfRange},
		{"Monetary flag 2", append([]byte{1, 2}, good[2:]...), ErrOutOfRange},
		{"trailing byte", append(bytes.Clone(good), 0), ErrOutOfRange},
		{"too many patterns", append([]byte{1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, good[3:]...), ErrLength},
		{"count past 2⁶⁴", append(append([]byte{1, 0}, bytes.Repeat([]byte{0xff}, 9)...), 0x7f), ErrOutOfRange},
		{"negative count", with(27, -1), ErrOutOfRange},
		{"NaN count", with(27, math.NaN()), ErrOutOfRange},
		{"fractional count", with(27, 1.5), ErrOutOfRange},
		{"NaN frequency", with(3, math.NaN()), ErrNonFinite},
		{"fractional frequency", with(3, 2.5), ErrNotInteger},
		{"negative T", with(19, -5), ErrNegative},
		{"recency above T", with(11, 6), ErrOutOfRange},
		{"pattern twice", dup, ErrDuplicate},
	} {
		var tab PatternTable
		assert.ErrorIs(t, tab.UnmarshalBinary(c.b), c.want, c.name)
		assert.True(t, wiretest.Equal(PatternTable{}, tab), "%s changed the receiver", c.name)
	}
	for _, c := range []struct {
		name string
		tab  PatternTable
		want error
	}{
		{"lengths", PatternTable{Customers: []Customer{{T: 1}}}, ErrLength},
		{"negative count", PatternTable{Customers: []Customer{{T: 1}}, Counts: []float64{-1}}, ErrOutOfRange},
		{"pattern twice", PatternTable{Customers: []Customer{{T: 1}, {T: 1}}, Counts: []float64{1, 2}}, ErrDuplicate},
		{"invalid pattern", PatternTable{Customers: []Customer{{T: math.Inf(1)}}, Counts: []float64{1}}, ErrNonFinite},
	} {
		_, err := c.tab.MarshalBinary()
		assert.ErrorIs(t, err, c.want, c.name)
	}
}

// FuzzPatternTableBinary decodes arbitrary bytes: nothing may panic, and a
// table that decodes encodes again to the same table and merges.
func FuzzPatternTableBinary(f *testing.F) {
	for _, tab := range []PatternTable{
		{Customers: []Customer{{Frequency: 2, Recency: 3, T: 5}, {T: 0.5}}, Counts: []float64{4, 1}},
		{Monetary: true, Customers: []Customer{{Frequency: 2, Recency: 3, T: 5, Monetary: 7.25}}, Counts: []float64{4}},
	} {
		b, err := tab.MarshalBinary()
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var tab PatternTable
		if tab.UnmarshalBinary(b) != nil {
			return
		}
		again, err := tab.MarshalBinary()
		require.NoError(t, err)
		var back PatternTable
		require.NoError(t, back.UnmarshalBinary(again))
		require.True(t, wiretest.Equal(tab, back), "%+v becomes %+v", tab, back)
		merged := PatternTable{Monetary: tab.Monetary}
		require.NoError(t, merged.Merge(back))
		wp, wc := tab.Result()
		gp, gc := merged.Result()
		require.True(t, wiretest.Equal(wp, gp) && wiretest.Equal(wc, gc), "merged %+v, want %+v", merged, tab)
	})
}
