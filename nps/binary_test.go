package nps

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

func TestTallyBinaryRoundTrip(t *testing.T) {
	var some Tally
	for _, r := range []int{0, 6, 7, 9, 10, 10} {
		require.NoError(t, some.Add(r))
	}
	full := Tally{Ratings: [11]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.MaxInt64 - 55}}
	likerttest.BinaryRoundTrip(t, map[string]Tally{"empty": {}, "some": some, "MaxInt64": full})
	var w WeightedTally
	for i, x := range []float64{0, 0.1, 1e300, 3, 5e-324} {
		require.NoError(t, w.Add(i*2, x))
	}
	likerttest.BinaryRoundTrip(t, map[string]WeightedTally{"empty": {}, "some": w})
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
	likerttest.EncodeErrors(t, map[string]Tally{"negative count": {Ratings: [11]int64{-1}}},
		map[string]error{"negative count": ErrNegative})
	likerttest.EncodeErrors(t, map[string]WeightedTally{"NPositive above N": {N: [3]int64{1}, NPositive: 2}},
		map[string]error{"NPositive above N": ErrOutOfRange})
	good, _ := Tally{Ratings: [11]int64{1, 2}}.MarshalBinary()
	max := append(bytes.Repeat([]byte{0xff}, 8), 0x7f)
	likerttest.BinaryDecodeErrors(t, Tally{Ratings: [11]int64{4}}, []likerttest.Decode{
		{Name: "empty", Want: io.ErrUnexpectedEOF},
		{Name: "unknown version", Data: append([]byte{2}, good[1:]...), Want: ErrOutOfRange},
		{Name: "truncated", Data: good[:len(good)-1], Want: io.ErrUnexpectedEOF},
		{Name: "trailing", Data: append(bytes.Clone(good), 0), Want: ErrOutOfRange},
		{Name: "past int64", Data: append(append([]byte{1}, bytes.Repeat([]byte{0xff}, 9)...), 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Want: ErrOutOfRange},
		{Name: "sum overflows", Data: append(append(append([]byte{1}, max...), max...), 0, 0, 0, 0, 0, 0, 0, 0, 0), Want: ErrOutOfRange},
	})
	wgood, _ := WeightedTally{N: [3]int64{1}, NPositive: 1, Sum: [3]float64{1}, SumSq: [3]float64{1}}.MarshalBinary()
	nan := bytes.Clone(wgood)
	copy(nan[5:], []byte{1, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	likerttest.BinaryDecodeErrors(t, WeightedTally{N: [3]int64{2}, NPositive: 1, Sum: [3]float64{1}, SumSq: [3]float64{1}}, []likerttest.Decode{
		{Name: "truncated", Data: wgood[:len(wgood)-1], Want: io.ErrUnexpectedEOF},
		{Name: "NaN sum", Data: nan, Want: ErrNonFinite},
		{Name: "trailing", Data: append(bytes.Clone(wgood), 1), Want: ErrOutOfRange},
	})
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
			likerttest.Decoded(t, v)
		}
		var w WeightedTally
		if w.UnmarshalBinary(b) == nil {
			likerttest.Decoded(t, w)
		}
	})
}
