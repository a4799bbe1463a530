package retention

import (
	"bytes"
	"context"
	"encoding"
	"io"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// binaryCohorts returns cohort counts of the small log in two shards (by
// customer) and the whole, in a zone with daylight saving time.
func binaryCohorts(t *testing.T) (a, b, whole CohortCounts) {
	t.Helper()
	customers, times, names := smallLog()
	s := &CohortSettings{Period: Day, Location: "Europe/Paris", WeekStart: time.Monday, StartEvent: names[0], Recurring: true}
	var shard [2][]int
	for i, c := range customers {
		shard[int(c[len(c)-1])%2] = append(shard[int(c[len(c)-1])%2], i)
	}
	part := func(idx []int) CohortCounts {
		var cs []string
		var ts []time.Time
		var ns []string
		for _, i := range idx {
			cs, ts, ns = append(cs, customers[i]), append(ts, times[i]), append(ns, names[i])
		}
		c, err := Cohorts(context.Background(), cs, ts, ns, s)
		require.NoError(t, err)
		return c
	}
	whole, err := Cohorts(context.Background(), customers, times, names, s)
	require.NoError(t, err)
	return part(shard[0]), part(shard[1]), whole
}

// binaryRoundTrip returns v encoded and decoded into a new value.
func binaryRoundTrip[T encoding.BinaryMarshaler, P interface {
	*T
	encoding.BinaryUnmarshaler
}](t *testing.T, v T) T {
	t.Helper()
	data, err := v.MarshalBinary()
	require.NoError(t, err)
	var back T
	require.NoError(t, P(&back).UnmarshalBinary(data))
	return back
}

// TestCohortCountsBinary checks that the binary layout brings counts back
// equal, and that shards merge after the round trip as before it.
func TestCohortCountsBinary(t *testing.T) {
	a, b, whole := binaryCohorts(t)
	require.NotEmpty(t, a.Cohorts)
	require.NotEmpty(t, b.Cohorts)
	end := time.Date(2024, 7, 1, 10, 30, 0, 123456789, time.UTC) // nanoseconds kept
	for name, c := range map[string]CohortCounts{
		"zero":        {},
		"settings":    {Period: Month, Location: "America/New_York", Recurring: true},
		"shard":       a,
		"whole":       whole,
		"end set":     {Period: Week, WeekStart: time.Saturday, End: end, Cohorts: []CohortRow{{Start: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Size: 5, Active: []int64{5, 2, 0, 1}, Retained: []int64{5, 3, 1, 1}}}},
		"huge counts": {End: end, Cohorts: []CohortRow{{Start: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), Size: math.MaxInt64, Active: []int64{math.MaxInt64}, Retained: []int64{math.MaxInt64}}}},
		"before 1970": {Period: Day, End: time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC), Cohorts: []CohortRow{{Start: time.Date(1969, 12, 30, 0, 0, 0, 0, time.UTC), Size: 1, Active: []int64{1}, Retained: []int64{1}}}},
	} {
		t.Run(name, func(t *testing.T) { assert.Equal(t, c, binaryRoundTrip(t, c)) })
	}
	merged, back := a, CohortCounts{}
	require.NoError(t, merged.Merge(b))
	for _, x := range []CohortCounts{a, b} {
		y := binaryRoundTrip(t, x)
		if back.Cohorts == nil {
			back = y
			continue
		}
		require.NoError(t, back.Merge(y))
	}
	assert.Equal(t, merged, back)
	assert.Equal(t, whole.Cohorts, back.Cohorts)
}

// TestRiskSetBinary checks the round trip, bit for bit, and Merge after it.
func TestRiskSetBinary(t *testing.T) {
	times, events, _ := benchTenures(2000, false)
	entries := make([]float64, len(times))
	for i := range entries {
		if i%7 == 0 && times[i] > 1 {
			entries[i] = times[i] / 3
		}
	}
	a, err := NewRiskSet(context.Background(), times[:1000], events[:1000], entries[:1000])
	require.NoError(t, err)
	b, err := NewRiskSet(context.Background(), times[1000:], events[1000:], entries[1000:])
	require.NoError(t, err)
	tiny := RiskSet{Rows: []RiskRow{{Time: 0, Events: 1}, {Time: 5e-324, Censored: math.MaxInt64 - 2}, {Time: math.MaxFloat64, Events: 1}}}
	for name, r := range map[string]RiskSet{"zero": {}, "a": a, "b": b, "extremes": tiny} {
		t.Run(name, func(t *testing.T) { assert.Equal(t, r, binaryRoundTrip(t, r)) })
	}
	want := a
	require.NoError(t, want.Merge(b))
	var back RiskSet
	for _, x := range []RiskSet{a, b} {
		require.NoError(t, back.Merge(binaryRoundTrip(t, x)))
	}
	assert.Equal(t, want, back)
}

// layoutCounts is the cohort counts of TestBinaryLayout.
func layoutCounts() CohortCounts {
	return CohortCounts{Period: Day, Location: "UTC", End: time.Unix(86400*3+1, 5).UTC(), Cohorts: []CohortRow{
		{Start: time.Unix(86400, 0).UTC(), Size: 2, Active: []int64{2, 1}, Retained: []int64{2, 1}},
		{Start: time.Unix(2*86400, 0).UTC(), Size: 300, Active: []int64{300}, Retained: []int64{300}},
	}}
}

// TestBinaryLayout fixes the layouts: changing one needs a new version
// byte.
func TestBinaryLayout(t *testing.T) {
	got, err := layoutCounts().MarshalBinary()
	require.NoError(t, err)
	want := []byte{
		1,       // format
		1, 0, 0, // Day, Sunday, first time
		3, 'U', 'T', 'C', // location
		0x82, 0xd2, 0x1f, 5, // End: 259201 s zig-zag, 5 ns
		2,                // cohorts
		0x80, 0xc6, 0x0a, // first Start: 86400 s zig-zag
		2, 2, 2, 2, 1, 1, // size 2, 2 periods, (2, 2), (1, 1)
		0x80, 0xa3, 0x05, // next Start: +86400 s
		0xac, 0x02, 1, 0xac, 0x02, 0xac, 0x02, // size 300, 1 period, (300, 300)
	}
	assert.Equal(t, want, got)
	got, err = RiskSet{Rows: []RiskRow{{Time: 2, Events: 1, Censored: 300, Entries: 0}}}.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 1, 0, 0, 0, 0, 0, 0, 0, 0x40, 1, 0xac, 0x02, 0}, got)
}

// TestBinaryErrors checks that bad data is an error that leaves the
// accumulator as it was.
func TestBinaryErrors(t *testing.T) {
	a := layoutCounts()
	goodC, err := a.MarshalBinary()
	require.NoError(t, err)
	goodR, err := RiskSet{Rows: []RiskRow{{Time: 1, Events: 2}, {Time: 3, Censored: 1}}}.MarshalBinary()
	require.NoError(t, err)
	_, err = CohortCounts{Period: 7}.MarshalBinary()
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = RiskSet{Rows: []RiskRow{{Time: 2}, {Time: 1}}}.MarshalBinary()
	require.ErrorIs(t, err, ErrOrder)
	shrink := func(b []byte, n int) []byte { return bytes.Clone(b[:len(b)-n]) }
	with := func(b []byte, i int, x ...byte) []byte {
		b = bytes.Clone(b)
		copy(b[i:], x)
		return b
	}
	for _, c := range []struct {
		name string
		c, r []byte
		want error
	}{
		{"empty", nil, nil, io.ErrUnexpectedEOF},
		{"unknown version", with(goodC, 0, 2), with(goodR, 0, 2), ErrOutOfRange},
		{"truncated", shrink(goodC, 1), shrink(goodR, 1), io.ErrUnexpectedEOF},
		{"version only", goodC[:1], goodR[:1], io.ErrUnexpectedEOF},
		{"trailing", append(bytes.Clone(goodC), 0), append(bytes.Clone(goodR), 0), ErrOutOfRange},
		{"too many items", with(goodC, 12, 0xff, 0xff, 0x03), with(goodR, 1, 0xff, 0xff, 0x03), io.ErrUnexpectedEOF},
		{"count past int64", with(goodC, 16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), with(goodR, 10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), ErrOutOfRange},
		{"varint past 64 bits", with(goodC, 16, bytes.Repeat([]byte{0xff}, 10)...), with(goodR, 10, bytes.Repeat([]byte{0xff}, 10)...), ErrOutOfRange},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := a
			require.ErrorIs(t, v.UnmarshalBinary(c.c), c.want)
			assert.Equal(t, a, v)
			r := RiskSet{Rows: []RiskRow{{Time: 4, Events: 1}}}
			require.ErrorIs(t, r.UnmarshalBinary(c.r), c.want)
			assert.Equal(t, RiskSet{Rows: []RiskRow{{Time: 4, Events: 1}}}, r)
		})
	}
	// Well-formed layouts of counts that Add cannot produce.
	for _, c := range []struct {
		name string
		b    []byte
		want error
	}{
		{"period", with(goodC, 1, 3), ErrOutOfRange},
		{"week start", with(goodC, 2, 7), ErrOutOfRange},
		{"recurring", with(goodC, 3, 2), ErrOutOfRange},
		{"location", with(goodC, 5, 'X'), ErrOutOfRange},
		{"nanoseconds", with(goodC, 11, 0x80, 0x94, 0xeb, 0xdc, 0x03), ErrOutOfRange},
		{"not a period start", with(goodC, 13, 0xa0, 0xfe, 0x0a), ErrOutOfRange},
		{"retained rises", with(goodC, 21, 3), ErrOutOfRange},
		{"size 0", with(goodC, 16, 0, 2, 0, 0, 0, 0), ErrEmpty},
	} {
		v := a
		require.ErrorIs(t, v.UnmarshalBinary(c.b), c.want, c.name)
		assert.Equal(t, a, v, c.name)
	}
	var r RiskSet
	require.ErrorIs(t, r.UnmarshalBinary(with(goodR, 2, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f)), ErrNonFinite)
	require.ErrorIs(t, r.UnmarshalBinary(with(goodR, 19, 0xe0, 0x3f)), ErrOrder) // 3 → 0.5
}

// FuzzBinary decodes any bytes as CohortCounts and as a RiskSet: an error,
// or a state that comes back equal through its encoding and on which every
// method works without panicking.
func FuzzBinary(f *testing.F) {
	c, _ := layoutCounts().MarshalBinary()
	r, _ := RiskSet{Rows: []RiskRow{{Time: 1, Events: 2, Entries: 1}, {Time: 3, Censored: 1}}}.MarshalBinary()
	f.Add(c)
	f.Add(r)
	f.Add([]byte{1, 0, 1, 1, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var cc CohortCounts
		if cc.UnmarshalBinary(data) == nil {
			assert.Equal(t, cc, binaryRoundTrip(t, cc))
			// A few periods: a valid table of many cohorts over
			// MaxPeriods periods is large, if slow to build.
			_, _ = cc.Table(&TableSettings{Periods: 8})
			_, _ = cc.RiskSet()
			var z CohortCounts
			z.Period, z.Location, z.WeekStart, z.Recurring = cc.Period, cc.Location, cc.WeekStart, cc.Recurring
			require.NoError(t, z.Merge(cc))
		}
		var rs RiskSet
		if rs.UnmarshalBinary(data) == nil {
			assert.Equal(t, rs, binaryRoundTrip(t, rs))
			_, _ = rs.KaplanMeier(nil)
			var z RiskSet
			require.NoError(t, z.Merge(rs))
		}
	})
}
