package csat

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
)

func TestTallyBinaryRoundTrip(t *testing.T) {
	seven := Tally{Scale: Scale7}
	for _, r := range []int{1, 7, 7, 6, 3} {
		if err := seven.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	var five Tally // the zero Scale stays zero
	_ = five.Add(5)
	wide := Tally{Scale: Scale{Min: 0, Max: 10, TopBoxMin: 9}}
	wide.Ratings = [MaxPoints]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.MaxInt64 - 55}
	neg := Tally{Scale: Scale{Min: -3, Max: 3, TopBoxMin: 2}}
	_ = neg.Add(-3)
	for name, v := range map[string]Tally{
		"empty": {}, "empty7": {Scale: Scale7}, "zero scale": five, "seven": seven,
		"binary": {Scale: Binary, Ratings: [MaxPoints]int64{0, 1}}, "max": wide, "negative min": neg,
	} {
		t.Run(name, func(t *testing.T) {
			b, err := v.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var got Tally
			if err := got.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			if got != v {
				t.Fatalf("got %+v, want %+v", got, v)
			}
			b2, err := got.MarshalBinary()
			if err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("re-encoding differs: %x vs %x (%v)", b2, b, err)
			}
		})
	}
}

// TestTallyBinaryLayout fixes the format: changing it needs a new version byte.
func TestTallyBinaryLayout(t *testing.T) {
	v := Tally{Scale: Scale7}
	v.Ratings[0], v.Ratings[6] = 1, 300
	b, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{1, 2, 14, 12, 7, 1, 0, 0, 0, 0, 0, 0xac, 0x02}
	if !bytes.Equal(b, want) {
		t.Fatalf("got % x, want % x", b, want)
	}
}

func TestTallyBinaryErrors(t *testing.T) {
	bad := []struct {
		name string
		v    Tally
		want error
	}{
		{"bad scale", Tally{Scale: Scale{Min: 3, Max: 1}}, ErrScale},
		{"negative count", Tally{Ratings: [MaxPoints]int64{-1}}, ErrNegative},
		{"count off the scale", Tally{Ratings: [MaxPoints]int64{5: 1}}, ErrOutOfRange},
		{"sum past MaxInt64", Tally{Ratings: [MaxPoints]int64{math.MaxInt64, 1}}, ErrOutOfRange},
	}
	for _, c := range bad {
		if _, err := c.v.MarshalBinary(); !errors.Is(err, c.want) {
			t.Errorf("%s: MarshalBinary error %v, want %v", c.name, err, c.want)
		}
	}
	good, _ := Tally{Scale: Scale7, Ratings: [MaxPoints]int64{1, 2}}.MarshalBinary()
	decode := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, io.ErrUnexpectedEOF},
		{"unknown version", append([]byte{2}, good[1:]...), ErrOutOfRange},
		{"truncated", good[:len(good)-1], io.ErrUnexpectedEOF},
		{"trailing byte", append(append([]byte{}, good...), 0), ErrOutOfRange},
		{"wrong number of counts", []byte{1, 2, 14, 12, 3, 1, 1, 1}, ErrOutOfRange},
		{"bad scale", []byte{1, 6, 2, 2, 3, 1, 1, 1}, ErrScale},
		{"sum past MaxInt64", append([]byte{1, 0, 0, 0, 5}, append(bytes.Repeat([]byte{0xff}, 8), 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0)...), ErrOutOfRange},
		{"count past int64", append([]byte{1, 0, 0, 0, 5}, append(bytes.Repeat([]byte{0xff}, 9), 0x01, 0, 0, 0, 0)...), ErrOutOfRange},
	}
	for _, c := range decode {
		v := Tally{Scale: Scale3, Ratings: [MaxPoints]int64{4}}
		keep := v
		if err := v.UnmarshalBinary(c.b); !errors.Is(err, c.want) {
			t.Errorf("%s: UnmarshalBinary error %v, want %v", c.name, err, c.want)
		}
		if v != keep {
			t.Errorf("%s: the tally changed on error: %+v", c.name, v)
		}
	}
}

func FuzzTallyUnmarshalBinary(f *testing.F) {
	good, _ := Tally{Scale: Scale7, Ratings: [MaxPoints]int64{1, 2}}.MarshalBinary()
	f.Add(good)
	f.Add([]byte{1, 0, 0, 0, 5, 0, 0, 0, 0, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Tally
		if err := v.UnmarshalBinary(b); err != nil {
			return
		}
		if _, err := v.MarshalBinary(); err != nil {
			t.Fatalf("decoded %+v but cannot encode it: %v", v, err)
		}
		var w Tally
		if err := w.Merge(v); err != nil {
			t.Fatalf("decoded %+v does not merge: %v", v, err)
		}
	})
}
