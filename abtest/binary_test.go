package abtest

import (
	"bytes"
	"encoding"
	"fmt"
	"io"
	"math"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// binaryValues returns summaries of a few samples for the binary tests.
func binaryValues(t *testing.T) (sa, sb Summary, ra, rb RatioSummary) {
	t.Helper()
	sa, err := Describe([]float64{1, 2, 3.5, -4, 1e150})
	require.NoError(t, err)
	sb, err = Describe([]float64{0.1, 0.2, 5e-324})
	require.NoError(t, err)
	ra, err = DescribeRatio([]float64{1, 2, 3, 4}, []float64{2, 2, 5, 1})
	require.NoError(t, err)
	rb, err = DescribeRatio([]float64{0, 7.25, 1e-3}, []float64{1, 3, 0.5})
	require.NoError(t, err)
	return sa, sb, ra, rb
}

// binaryCodec is a pointer to a type with a binary encoding.
type binaryCodec[T any] interface {
	*T
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// roundTrip encodes v, decodes the bytes and checks that the decoded
// value equals v (NaN for NaN, bit for bit otherwise); it returns it.
func roundTrip[T any, P binaryCodec[T]](t *testing.T, v T) T {
	t.Helper()
	b, err := P(&v).MarshalBinary()
	require.NoError(t, err)
	var back T
	require.NoError(t, P(&back).UnmarshalBinary(b))
	assert.True(t, wiretest.Equal(v, back), "got %+v, want %+v", back, v)
	return back
}

func TestBinaryRoundTrip(t *testing.T) {
	sa, sb, ra, rb := binaryValues(t)
	one, err := NewSummary(1, -2.5, 0)
	require.NoError(t, err)
	for name, v := range map[string]Proportion{"empty": {}, "some": {Successes: 3, Trials: 10}, "max": {Successes: math.MaxInt, Trials: math.MaxInt}} {
		t.Run("Proportion/"+name, func(t *testing.T) { roundTrip(t, v) })
	}
	for name, v := range map[string]Summary{"empty": {}, "one": one, "a": sa, "b": sb, "maxN": {N: math.MaxInt, Mean: -1e308, M2: math.MaxFloat64}} {
		t.Run("Summary/"+name, func(t *testing.T) { roundTrip(t, v) })
	}
	for name, v := range map[string]RatioSummary{"empty": {}, "a": ra, "b": rb} {
		t.Run("RatioSummary/"+name, func(t *testing.T) { roundTrip(t, v) })
	}
}

// TestBinaryMerge checks that decoded summaries merge to exactly what the
// originals merge to.
func TestBinaryMerge(t *testing.T) {
	sa, sb, ra, rb := binaryValues(t)
	want, got := sa, roundTrip(t, sa)
	db := roundTrip(t, sb)
	require.NoError(t, want.Merge(sb))
	require.NoError(t, got.Merge(db))
	assert.Equal(t, want, got)

	wantR, gotR := ra, roundTrip(t, ra)
	drb := roundTrip(t, rb)
	require.NoError(t, wantR.Merge(rb))
	require.NoError(t, gotR.Merge(drb))
	assert.Equal(t, wantR, gotR)
}

// TestBinaryLayout fixes the formats (the cxkit/beam coders' format 1):
// changing one needs a new version byte.
func TestBinaryLayout(t *testing.T) {
	for _, c := range []struct {
		name string
		v    encoding.BinaryMarshaler
		want []byte
	}{
		{"Proportion", Proportion{Successes: 3, Trials: 10}, []byte{1, 6, 20}},
		{"Summary", Summary{N: 2, Mean: 1.5, M2: 0.5}, []byte{1, 4, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f}},
		{"RatioSummary", RatioSummary{N: 1, MeanNum: 2, MeanDen: -2}, []byte{1, 2,
			0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0xc0,
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
	} {
		b, err := c.v.MarshalBinary()
		require.NoError(t, err, c.name)
		assert.Equal(t, c.want, b, c.name)
	}
}

// TestBinaryTruncated cuts every encoding at every length: each prefix is
// an error wrapping ErrLength and io.ErrUnexpectedEOF, and the receiver
// keeps its value.
func TestBinaryTruncated(t *testing.T) {
	sa, _, ra, _ := binaryValues(t)
	keep := Summary{N: 1, Mean: 7}
	keepR := RatioSummary{N: 1, MeanNum: 7}
	for _, c := range []struct {
		name   string
		v      encoding.BinaryMarshaler
		decode func([]byte) (error, bool)
	}{
		{"Proportion", Proportion{Successes: 300, Trials: 1 << 40}, func(b []byte) (error, bool) {
			p := Proportion{Successes: 1, Trials: 2}
			err := p.UnmarshalBinary(b)
			return err, p == Proportion{Successes: 1, Trials: 2}
		}},
		{"Summary", sa, func(b []byte) (error, bool) {
			s := keep
			err := s.UnmarshalBinary(b)
			return err, s == keep
		}},
		{"RatioSummary", ra, func(b []byte) (error, bool) {
			r := keepR
			err := r.UnmarshalBinary(b)
			return err, r == keepR
		}},
	} {
		b, err := c.v.MarshalBinary()
		require.NoError(t, err)
		for n := range len(b) {
			err, kept := c.decode(b[:n])
			assert.ErrorIs(t, err, ErrLength, "%s cut at %d", c.name, n)
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "%s cut at %d", c.name, n)
			assert.True(t, kept, "%s cut at %d changed the receiver", c.name, n)
		}
		err, _ = c.decode(b)
		assert.NoError(t, err, c.name)
	}
}

func TestBinaryErrors(t *testing.T) {
	layout := func(n int, xs ...float64) []byte { // any N and floats, unchecked
		b, err := encodeBinary(nil, n, xs...)
		require.NoError(t, err)
		return b
	}
	inf := layout(1, 0, 0, math.Inf(-1), 0, 0)
	version0 := layout(2, 1, 0)
	version0[0] = 0
	for _, c := range []struct {
		name string
		b    []byte
		into encoding.BinaryUnmarshaler
		want error
	}{
		{"unknown version", []byte{2, 6, 20}, new(Proportion), ErrOutOfRange},
		{"trailing byte", []byte{1, 6, 20, 0}, new(Proportion), ErrOutOfRange},
		{"negative successes", []byte{1, 1, 20}, new(Proportion), ErrNegative},
		{"negative trials", []byte{1, 0, 1}, new(Proportion), ErrNegative},
		{"successes above trials", []byte{1, 22, 20}, new(Proportion), ErrOutOfRange},
		{"past 64 bits", append(append([]byte{1}, bytes.Repeat([]byte{0xff}, 9)...), 0x7f, 0), new(Proportion), ErrOutOfRange},
		{"NaN mean", layout(1, math.NaN(), 0), new(Summary), ErrNonFinite},
		{"negative M2", layout(2, 0, -1), new(Summary), ErrNegative},
		{"negative N", layout(-2, 0, 0), new(Summary), ErrNegative},
		{"empty with a mean", layout(0, 1, 0), new(Summary), ErrOutOfRange},
		{"summary version", version0, new(Summary), ErrOutOfRange},
		{"infinite M2Num", inf, new(RatioSummary), ErrNonFinite},
		{"ratio trailing", append(bytes.Clone(inf[:len(inf)-24]), make([]byte, 25)...), new(RatioSummary), ErrOutOfRange},
	} {
		assert.ErrorIs(t, c.into.UnmarshalBinary(c.b), c.want, c.name)
	}
	for _, c := range []struct {
		name string
		v    encoding.BinaryMarshaler
		want error
	}{
		{"Proportion", Proportion{Successes: 2, Trials: 1}, ErrOutOfRange},
		{"Summary", Summary{N: 2, Mean: math.NaN()}, ErrNonFinite},
		{"RatioSummary", RatioSummary{N: -1}, ErrNegative},
	} {
		_, err := c.v.MarshalBinary()
		assert.ErrorIs(t, err, c.want, c.name)
	}
}

// fuzzBinary seeds f with the encodings of vs and checks that whatever
// decode accepts encodes again to bytes that decode to the same value,
// and that merge accepts it.
func fuzzBinary[T any, P binaryCodec[T]](f *testing.F, merge func(T) error, vs ...T) {
	for _, v := range vs {
		b, err := P(&v).MarshalBinary()
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var v T
		if P(&v).UnmarshalBinary(b) != nil {
			return
		}
		again, err := P(&v).MarshalBinary()
		require.NoError(t, err, "decoded %+v", v)
		var back T
		require.NoError(t, P(&back).UnmarshalBinary(again))
		require.True(t, wiretest.Equal(v, back), "%+v becomes %+v", v, back)
		require.NoError(t, merge(v), "decoded %+v", v)
	})
}

func FuzzProportionBinary(f *testing.F) {
	fuzzBinary(f, func(p Proportion) error {
		if r := p.Rate(); p.Trials > 0 && !(r >= 0 && r <= 1) {
			return fmt.Errorf("rate %v", r)
		}
		return nil
	}, Proportion{}, Proportion{Successes: 3, Trials: 10})
}

func FuzzSummaryBinary(f *testing.F) {
	fuzzBinary(f, func(s Summary) error {
		var z Summary
		return z.Merge(s)
	}, Summary{}, Summary{N: 2, Mean: 1.5, M2: 0.5})
}

func FuzzRatioSummaryBinary(f *testing.F) {
	fuzzBinary(f, func(r RatioSummary) error {
		var z RatioSummary
		return z.Merge(r)
	}, RatioSummary{}, RatioSummary{N: 4, MeanNum: 2.5, MeanDen: 2.5, M2Num: 5, M2Den: 9, CoMoment: -1})
}
