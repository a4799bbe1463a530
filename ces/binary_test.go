package ces

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
)

func TestTallyBinaryRoundTrip(t *testing.T) {
	var v2 Tally
	for _, r := range []int{1, 7, 7, 4, 5} {
		if err := v2.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	v1 := Tally{Version: V1}
	_ = v1.Add(5)
	_ = v1.Add(1)
	full := Tally{Ratings: [7]int64{1, 2, 3, 4, 5, 6, math.MaxInt64 - 21}}
	for name, v := range map[string]Tally{
		"empty": {}, "empty V1": {Version: V1}, "V2": v2, "V1": v1, "MaxInt64": full,
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
	v := Tally{Version: V1, Ratings: [7]int64{2, 0, 0, 0, 300}}
	b, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{1, 1, 5, 2, 0, 0, 0, 0xac, 0x02}; !bytes.Equal(b, want) {
		t.Fatalf("got % x, want % x", b, want)
	}
}

func TestTallyBinaryErrors(t *testing.T) {
	bad := []struct {
		name string
		v    Tally
		want error
	}{
		{"unknown version", Tally{Version: 7}, ErrScale},
		{"negative count", Tally{Ratings: [7]int64{-1}}, ErrNegative},
		{"count off the V1 scale", Tally{Version: V1, Ratings: [7]int64{6: 1}}, ErrOutOfRange},
		{"sum past MaxInt64", Tally{Ratings: [7]int64{math.MaxInt64, 1}}, ErrOutOfRange},
	}
	for _, c := range bad {
		if _, err := c.v.MarshalBinary(); !errors.Is(err, c.want) {
			t.Errorf("%s: MarshalBinary error %v, want %v", c.name, err, c.want)
		}
	}
	good, _ := Tally{Ratings: [7]int64{1, 2}}.MarshalBinary()
	max := append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0x7f)
	decode := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, io.ErrUnexpectedEOF},
		{"unknown format", append([]byte{9}, good[1:]...), ErrOutOfRange},
		{"unknown version", []byte{1, 2, 7, 0, 0, 0, 0, 0, 0, 0}, ErrScale},
		{"truncated", good[:len(good)-1], io.ErrUnexpectedEOF},
		{"trailing byte", append(append([]byte{}, good...), 0), ErrOutOfRange},
		{"wrong number of counts", []byte{1, 1, 7, 0, 0, 0, 0, 0, 0, 0}, ErrOutOfRange},
		{"sum past MaxInt64", append(append([]byte{1, 1, 5}, max...), append(max, 0, 0, 0)...), ErrOutOfRange},
		{"count past int64", append([]byte{1, 1, 5}, append(bytes.Repeat([]byte{0xff}, 9), 0x01, 0, 0, 0, 0)...), ErrOutOfRange},
		{"varint overflow", append([]byte{1, 1, 5}, bytes.Repeat([]byte{0xff}, 11)...), ErrOutOfRange},
	}
	for _, c := range decode {
		v := Tally{Version: V1, Ratings: [7]int64{4}}
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
	good, _ := Tally{Ratings: [7]int64{1, 2}}.MarshalBinary()
	f.Add(good)
	f.Add([]byte{1, 1, 5, 0, 0, 0, 0, 9})
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
