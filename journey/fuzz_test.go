package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func FuzzReadEvents(f *testing.F) {
	f.Add([]byte("customer_id,timestamp,event,channel\nA,2024-03-10T09:23:07Z,visit,web\nB,2024-03-10,view,\n"))
	f.Add([]byte("customer,time,name,value,plan\nA,2024-03-10 09:23:07,visit,2.5,pro\n"))
	f.Add([]byte("customer_id,timestamp,event\n\"A\"\"\",2024-03-10T09:23:07.123+02:00,visit\n"))
	f.Add([]byte("customer_id,timestamp,event\nA,2024-13-10T09:23:07Z,visit\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := ReadEvents(bytes.NewReader(data))
		l, errLog := ReadLog(bytes.NewReader(data))
		if (err == nil) != (errLog == nil) {
			t.Fatalf("ReadEvents error %v, ReadLog error %v", err, errLog)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if l.Len() != len(events) {
			t.Fatalf("%d events, log of %d", len(events), l.Len())
		}
		// Round trip through the writer.
		var b bytes.Buffer
		if err := WriteEvents(&b, events); err != nil {
			t.Fatal(err)
		}
		back, err := ReadEvents(&b)
		if err != nil {
			t.Fatalf("reading written events: %v\n%s", err, b.String())
		}
		if len(back) != len(events) {
			t.Fatalf("round trip: %d events, want %d", len(back), len(events))
		}
		for i := range back {
			if !back[i].Time.Equal(events[i].Time) || back[i].Customer != events[i].Customer || back[i].Name != events[i].Name {
				t.Fatalf("round trip event %d: %+v, want %+v", i, back[i], events[i])
			}
		}
		// Everything downstream runs without panicking.
		js := must(l.Journeys())
		_ = PathsFromJourneys(js, "")
		_ = must(TopPaths(bg, l, 3, 5))
		_ = must(NextSteps(bg, l))
		_ = must(ChannelSwitching(bg, l))
	})
}

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

// FuzzLog builds a Log straight from bytes, columns of any length and codes
// of any value, and runs everything of the model and the path utilities
// that takes a Log: nothing may panic, and a log whose columns differ in
// length is an error everywhere (funnel.FuzzRaggedLog runs the funnels on
// the same logs).
func FuzzLog(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 1, 1, 1, 2, 2}, uint8(3), uint8(0), false)
	f.Add([]byte{0, 0, 5, 1, 1, 9, 255, 2, 3}, uint8(2), uint8(1), true)
	f.Add([]byte{3, 1, 1, 2, 2, 7, 7}, uint8(1), uint8(7), false)
	f.Fuzz(func(t *testing.T, data []byte, ncust, cut uint8, sorted bool) {
		n := len(data) / 3
		l := &Log{Customers: []string{"a", "b", "c"}[:ncust%4], Names: []string{"a", "b", "c"}, Channels: []string{"", "web"}}
		for i := range n {
			c, tm, nm := int32(int8(data[3*i]))%5, int64(data[3*i+1]), int32(int8(data[3*i+2]))%5
			l.Customer, l.Time, l.Name = append(l.Customer, c), append(l.Time, tm*int64(time.Second)), append(l.Name, nm)
			l.Channel = append(l.Channel, int32(i%3))
		}
		if sorted {
			slices.SortStableFunc(l.Customer, func(a, b int32) int { return int(a) - int(b) })
		}
		switch cut % 6 { // make one column too short
		case 1:
			l.Time = l.Time[:len(l.Time)/2]
		case 2:
			l.Name = l.Name[:len(l.Name)/2]
		case 3:
			l.Channel = l.Channel[:len(l.Channel)/2]
		case 4:
			l.Props = map[string][]string{"p": make([]string, n/2)}
		}
		shapeErr := l.CheckShape()
		valid := l.Validate()
		if shapeErr != nil && valid == nil {
			t.Fatal("Validate accepts a ragged log")
		}
		_, errs := l.Journeys()
		_, err1 := TopPaths(bg, l, 2, 2)
		_, err2 := NextSteps(bg, l)
		_, err3 := ChannelSwitching(bg, l)
		for _, err := range []error{errs, err1, err2, err3} {
			if (err == nil) != (valid == nil) {
				t.Fatalf("error %v for a log Validate says %v", err, valid)
			}
		}
		for i := -1; i <= n; i++ {
			_, _ = l.Event(i)
		}
		if valid == nil {
			b, err := json.Marshal(l)
			if err != nil {
				t.Fatal(err)
			}
			var back Log
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("a valid log does not decode: %v", err)
			}
		}
		if err := l.Sort(); (err == nil) != (valid == nil) {
			t.Fatalf("Sort: %v, Validate: %v", err, valid)
		}
		if err := l.Add(&Event{Customer: "z", Name: "a"}); err == nil && shapeErr != nil {
			t.Fatal("Add to a ragged log")
		}
	})
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
