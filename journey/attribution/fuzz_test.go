package attribution

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
)

// bg is the context of the tests that do not cancel.
var bg = context.Background()

// FuzzReadPaths reads path tables of any content and runs every
// attribution on those journey.ReadPaths accepts.
func FuzzReadPaths(f *testing.F) {
	f.Add([]byte("path,total_conversions,total_conversion_value,total_null,touch_days_before_conversion\nC1 > C2 > C3,1,100.0,0,6>3>0\nC1,0,0.0,1,0\nC2 > C3,0,0.0,1,3>0\n"), uint8(1))
	f.Add([]byte("path,total_conversions,total_conversion_value,total_null\nA>A>B,2,5,1\nB,0,0,3\n"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, order uint8) {
		pt, err := journey.ReadPaths(bytes.NewReader(data), ">")
		if err != nil {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if len(pt.Rows) == 0 || len(pt.Rows) > 200 {
			return
		}
		tc, _, _ := pt.Totals()
		a, err := Heuristic(bg, pt, Linear, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := sum(a.Conversions) - tc; math.Abs(d) > 1e-9*math.Max(1, tc) {
			t.Fatalf("linear attribution sums to %v, want %v", sum(a.Conversions), tc)
		}
		r, err := Markov(bg, pt, &MarkovSettings{Order: int(order%4) + 1})
		if err != nil {
			t.Fatal(err)
		}
		if r.Defined && math.Abs(sum(r.Attribution.Conversions)-tc) > 1e-6*math.Max(1, tc) {
			t.Fatalf("Markov attribution sums to %v, want %v", sum(r.Attribution.Conversions), tc)
		}
		if len(pt.Channels) <= 12 {
			if _, err := Shapley(bg, pt, nil); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzPathTable builds path rows straight from bytes (codes, counts and
// days of any value) and runs every attribution: no panics, and an invalid
// table is an error everywhere.
func FuzzPathTable(f *testing.F) {
	f.Add([]byte{0, 1, 2, 1, 0, 3, 0, 2, 1, 1}, uint8(3), uint8(1), int8(2))
	f.Add([]byte{0, 0, 0, 255, 9, 1}, uint8(2), uint8(2), int8(-1))
	f.Add([]byte{5, 1, 1, 1}, uint8(6), uint8(0), int8(0))
	f.Fuzz(func(t *testing.T, data []byte, nch, order uint8, days int8) {
		pt := &journey.PathTable{}
		for i := range int(nch % 8) {
			pt.Channels = append(pt.Channels, string(rune('A'+i)))
		}
		for i := 0; i+3 < len(data) && len(pt.Rows) < 50; i += 4 {
			k := int(data[i] % 4)
			r := journey.PathRow{Conversions: float64(int8(data[i+1])) / 4, Value: float64(data[i+2]), Nulls: float64(data[i+3] % 5)}
			for j := range k {
				r.Touches = append(r.Touches, int32(int8(data[(i+j)%len(data)]))%9)
			}
			if days != 0 {
				for j := range k + int(days%2) {
					r.Days = append(r.Days, float64(days)*float64(j))
				}
			}
			if data[i] == 255 {
				r.Value = math.NaN()
			}
			pt.Rows = append(pt.Rows, r)
		}
		valid := pt.Validate()
		ms := &MarkovSettings{Order: int(order % 4)}
		_, e1 := Markov(bg, pt, ms)
		_, e2 := TransitionMatrix(bg, pt, ms)
		_, e3 := Shapley(bg, pt, &ShapleySettings{Value: ShapleyValue(order % 2)})
		for _, m := range []Rule{FirstTouch, LastTouch, Linear, PositionBased, TimeDecay} {
			if _, err := Heuristic(bg, pt, m, nil); valid != nil && err == nil {
				t.Fatalf("%v on an invalid table: no error (%v)", m, valid)
			}
		}
		for _, err := range []error{e1, e2, e3} {
			if valid != nil && err == nil {
				t.Fatalf("no error on an invalid table (%v)", valid)
			}
		}
		if valid == nil {
			b, err := json.Marshal(pt)
			if err != nil {
				t.Fatal(err)
			}
			var back journey.PathTable
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("a valid table does not decode: %v", err)
			}
		}
	})
}

func TestZeroValues(t *testing.T) {
	_, err := Markov(bg, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = TransitionMatrix(bg, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Heuristic(bg, nil, Linear, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Shapley(bg, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Markov(bg, tinyTable(t), &MarkovSettings{Order: math.MaxInt})
	assert.ErrorIs(t, err, ErrOutOfRange)
}

// FuzzTransitions counts paths built from bytes in two parts: Add never
// panics, merging the parts equals one pass over both (whole counts, so
// exactly), and the binary and JSON encodings round-trip.
func FuzzTransitions(f *testing.F) {
	f.Add([]byte{0, 1, 2, 1, 0, 3, 0, 2, 1, 1, 5, 5, 5, 0}, uint8(3), uint8(2))
	f.Add([]byte{1, 1, 1, 1, 2, 0, 0, 0}, uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, order uint8, cut uint8) {
		var ps []Path
		for i := 0; i+2 < len(data) && len(ps) < 60; i += 3 {
			n := 1 + int(data[i]%5)
			p := Path{Conversions: float64(data[i+1] % 3), Nulls: float64(data[i+2] % 4)}
			p.Value = 7 * p.Conversions
			for j := range n {
				p.Channels = append(p.Channels, string(rune('a'+data[(i+j)%len(data)]%6)))
			}
			if data[i+1] == 255 {
				p.Channels[0] = ""
			}
			ps = append(ps, p)
		}
		k, keep := int(order%4), order&4 != 0
		all, a, b := Transitions{Order: k, KeepRepeats: keep}, Transitions{Order: k, KeepRepeats: keep}, Transitions{Order: k, KeepRepeats: keep}
		c := int(cut) % (len(ps) + 1)
		for i, p := range ps {
			part := &a
			if i >= c {
				part = &b
			}
			e1, e2 := all.Add(p), part.Add(p)
			if (e1 == nil) != (e2 == nil) {
				t.Fatalf("path %d: %v and %v", i, e1, e2)
			}
		}
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		if !wiretest.Equal(all, a) {
			t.Fatalf("merge differs from one pass:\n%+v\n%+v", all, a)
		}
		back := binaryRoundTrip(t, a)
		wiretest.RoundTrip(t, a)
		r1, err1 := all.Markov(bg, nil)
		r2, err2 := back.Markov(bg, nil)
		if (err1 == nil) != (err2 == nil) || !wiretest.Equal(r1, r2) {
			t.Fatalf("Markov differs: %v %v", err1, err2)
		}
	})
}

// FuzzTransitionsUnmarshal decodes any bytes: an error or an accumulator
// that encodes, merges and attributes without panicking.
func FuzzTransitionsUnmarshal(f *testing.F) {
	var tr Transitions
	_ = tr.Add(Path{Channels: []string{"a", "b", "a"}, Conversions: 1, Value: 3, Nulls: 1})
	_ = tr.Add(Path{Channels: []string{"b"}, Nulls: 2})
	good, _ := tr.MarshalBinary()
	f.Add(good)
	tr3 := Transitions{Order: 3, KeepRepeats: true}
	_ = tr3.Add(Path{Channels: []string{"a", "a", "a", "a", "b"}, Conversions: 2, Value: 1})
	good3, _ := tr3.MarshalBinary()
	f.Add(good3)
	f.Add([]byte{1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Transitions
		if err := v.UnmarshalBinary(data); err != nil {
			if !wiretest.Equal(Transitions{}, v) {
				t.Fatal("a failed decode changed the accumulator")
			}
			return
		}
		binaryRoundTrip(t, v)
		m := Transitions{Order: v.Order, KeepRepeats: v.KeepRepeats}
		if err := m.Merge(v); err != nil {
			t.Fatal(err)
		}
		_, _ = v.Markov(bg, nil)
		_ = v.Add(Path{Channels: []string{"z"}, Nulls: 1})
	})
}
