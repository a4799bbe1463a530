package nps

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
)

func TestTallyBinaryRoundTrip(t *testing.T) {
	var some Tally
	for _, r := range []int{0, 6, 7, 9, 10, 10} {
		if err := some.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	full := Tally{Ratings: [11]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.MaxInt64 - 55}}
	for name, v := range map[string]Tally{"empty": {}, "some": some, "MaxInt64": full} {
		b, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(name, err)
		}
		var got Tally
		if err := got.UnmarshalBinary(b); err != nil || got != v {
			t.Fatalf("%s: got %+v (%v), want %+v", name, got, err, v)
		}
	}
	var w WeightedTally
	for i, x := range []float64{0, 0.1, 1e300, 3, 5e-324} {
		if err := w.Add(i*2, x); err != nil {
			t.Fatal(err)
		}
	}
	for name, v := range map[string]WeightedTally{"empty": {}, "some": w} {
		b, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(name, err)
		}
		var got WeightedTally
		if err := got.UnmarshalBinary(b); err != nil || got != v {
			t.Fatalf("%s: got %+v (%v), want %+v", name, got, err, v)
		}
	}
}

// TestBinaryLayout fixes the formats: changing one needs a new version byte.
func TestBinaryLayout(t *testing.T) {
	b, err := Tally{Ratings: [11]int64{10: 300}}.MarshalBinary()
	if want := []byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xac, 0x02}; err != nil || !bytes.Equal(b, want) {
		t.Errorf("Tally: got % x (%v), want % x", b, err, want)
	}
	b, err = WeightedTally{N: [3]int64{1, 0, 0}, NPositive: 1, Sum: [3]float64{2}, SumSq: [3]float64{4}}.MarshalBinary()
	want := []byte{1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x40}
	want = append(want, make([]byte, 16)...)
	want = append(want, 0, 0, 0, 0, 0, 0, 0x10, 0x40)
	want = append(want, make([]byte, 16)...)
	if err != nil || !bytes.Equal(b, want) {
		t.Errorf("WeightedTally: got % x (%v), want % x", b, err, want)
	}
}

func TestBinaryErrors(t *testing.T) {
	if _, err := (Tally{Ratings: [11]int64{-1}}).MarshalBinary(); !errors.Is(err, ErrNegative) {
		t.Errorf("negative count: %v", err)
	}
	if _, err := (WeightedTally{N: [3]int64{1}, NPositive: 2}).MarshalBinary(); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("NPositive above N: %v", err)
	}
	good, _ := Tally{Ratings: [11]int64{1, 2}}.MarshalBinary()
	max := append(bytes.Repeat([]byte{0xff}, 8), 0x7f)
	for _, c := range []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, io.ErrUnexpectedEOF},
		{"unknown version", append([]byte{2}, good[1:]...), ErrOutOfRange},
		{"truncated", good[:len(good)-1], io.ErrUnexpectedEOF},
		{"trailing", append(bytes.Clone(good), 0), ErrOutOfRange},
		{"past int64", append(append([]byte{1}, bytes.Repeat([]byte{0xff}, 9)...), 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ErrOutOfRange},
		{"sum overflows", append(append(append([]byte{1}, max...), max...), 0, 0, 0, 0, 0, 0, 0, 0, 0), ErrOutOfRange},
	} {
		v := Tally{Ratings: [11]int64{4}}
		if err := v.UnmarshalBinary(c.b); !errors.Is(err, c.want) || v.Ratings[0] != 4 {
			t.Errorf("Tally %s: %v (tally %v), want %v", c.name, err, v, c.want)
		}
	}
	wgood, _ := WeightedTally{N: [3]int64{1}, NPositive: 1, Sum: [3]float64{1}, SumSq: [3]float64{1}}.MarshalBinary()
	nan := bytes.Clone(wgood)
	copy(nan[5:], []byte{1, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	for name, b := range map[string][]byte{"truncated": wgood[:len(wgood)-1], "NaN sum": nan, "trailing": append(bytes.Clone(wgood), 1)} {
		var v WeightedTally
		if err := v.UnmarshalBinary(b); err == nil {
			t.Errorf("WeightedTally %s: no error", name)
		}
	}
}

func FuzzBinary(f *testing.F) {
	good, _ := Tally{Ratings: [11]int64{1, 2}}.MarshalBinary()
	wgood, _ := WeightedTally{N: [3]int64{1}, NPositive: 1, Sum: [3]float64{1}, SumSq: [3]float64{1}}.MarshalBinary()
	f.Add(good)
	f.Add(wgood)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Tally
		if v.UnmarshalBinary(b) == nil {
			if _, err := v.Result(); err != nil && !errors.Is(err, ErrEmpty) {
				t.Fatalf("decoded %+v gives %v", v, err)
			}
		}
		var w WeightedTally
		if w.UnmarshalBinary(b) == nil {
			var z WeightedTally
			if err := z.Merge(w); err != nil {
				t.Fatalf("decoded %+v does not merge: %v", w, err)
			}
		}
	})
}
