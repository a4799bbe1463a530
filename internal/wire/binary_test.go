package wire_test

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"testing"

	"github.com/cxkit/cxkit/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	errPrefixed = errors.New("pkg: out of range")
	errBare     = errors.New("out of range")
)

// layout is a sample layout: format 1, a uvarint 300, a zig-zag -5, a
// float, a length-prefixed string.
func layout() []byte {
	b := binary.AppendUvarint([]byte{1}, 300)
	b = binary.AppendVarint(b, -5)
	b = wire.AppendFloat(b, -2.5)
	b = binary.AppendUvarint(b, 3)
	return append(b, "abc"...)
}

func readLayout(r *wire.Reader) (uint64, int, float64, string) {
	u, i, f := r.Uint(), r.Int(), r.Float()
	s := string(r.Bytes(r.Len(1, 10)))
	return u, i, f, s
}

func TestReaderRoundTrip(t *testing.T) {
	r, err := wire.NewReader("pkg", errPrefixed, "sample", 1, layout())
	require.NoError(t, err)
	u, i, f, s := readLayout(r)
	require.NoError(t, r.Done())
	assert.Equal(t, uint64(300), u)
	assert.Equal(t, -5, i)
	assert.Equal(t, -2.5, f)
	assert.Equal(t, "abc", s)
}

// TestReaderTruncated cuts the layout at every length: each is an
// io.ErrUnexpectedEOF naming the package and layout, never a panic.
func TestReaderTruncated(t *testing.T) {
	full := layout()
	for n := range len(full) {
		r, err := wire.NewReader("pkg", errPrefixed, "sample", 1, full[:n])
		if err == nil {
			readLayout(r)
			err = r.Done()
		}
		require.ErrorIs(t, err, io.ErrUnexpectedEOF, "length %d", n)
		assert.Equal(t, "pkg: binary sample: unexpected EOF", err.Error(), "length %d", n)
	}
}

func TestReaderErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		sentinel error
		data     []byte
		read     func(*wire.Reader)
		want     string
	}{
		{"format", errPrefixed, []byte{2}, nil, "pkg: out of range: binary sample: format 2 (this version reads 1)"},
		{"format, bare sentinel", errBare, []byte{2}, nil, "pkg: out of range: binary sample: format 2 (this version reads 1)"},
		{"trailing", errPrefixed, []byte{1, 0}, nil, "pkg: out of range: binary sample: 1 bytes after the end"},
		{"uvarint overflow", errPrefixed, []byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
			func(r *wire.Reader) { r.Uint() }, "pkg: out of range: binary sample: varint overflows 64 bits"},
		{"above hi", errPrefixed, []byte{1, 11}, func(r *wire.Reader) { r.UintTo(10) }, "pkg: out of range: binary sample: 11 where at most 10 fits"},
		{"count above int64", errPrefixed, binary.AppendUvarint([]byte{1}, math.MaxUint64),
			func(r *wire.Reader) { r.Count() }, "pkg: out of range: binary sample: count 18446744073709551615 does not fit in an int64"},
		{"length beyond the data", errPrefixed, []byte{1, 5, 'a'}, func(r *wire.Reader) { r.Len(1, 10) }, "pkg: binary sample: unexpected EOF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := wire.NewReader("pkg", c.sentinel, "sample", 1, c.data)
			if err == nil {
				if c.read != nil {
					c.read(r)
				}
				err = r.Done()
			}
			require.Error(t, err)
			assert.Equal(t, c.want, err.Error())
			if c.want != "pkg: binary sample: unexpected EOF" {
				assert.ErrorIs(t, err, c.sentinel)
			}
		})
	}
}

// TestReaderFirstError checks that the first error stays and later reads
// return zeros.
func TestReaderFirstError(t *testing.T) {
	r, err := wire.NewReader("pkg", errPrefixed, "sample", 1, []byte{1, 11, 1})
	require.NoError(t, err)
	r.UintTo(10)
	first := r.Err()
	require.Error(t, first)
	assert.Zero(t, r.Uint())
	assert.Zero(t, r.Float())
	assert.Nil(t, r.Bytes(1))
	r.Fail(errors.New("later"))
	assert.Equal(t, first, r.Done())
}

// FuzzReader reads arbitrary bytes as the sample layout: never a panic,
// and what reads without error encodes again to bytes that read the same.
func FuzzReader(f *testing.F) {
	f.Add(layout())
	f.Add([]byte{1, 0x80, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := wire.NewReader("pkg", errPrefixed, "sample", 1, data)
		if err != nil {
			return
		}
		u, i, x, s := readLayout(r)
		if r.Done() != nil {
			return
		}
		b := binary.AppendUvarint([]byte{1}, u)
		b = binary.AppendVarint(b, int64(i))
		b = wire.AppendFloat(b, x)
		b = append(binary.AppendUvarint(b, uint64(len(s))), s...)
		r2, err := wire.NewReader("pkg", errPrefixed, "sample", 1, b)
		require.NoError(t, err)
		u2, i2, x2, s2 := readLayout(r2)
		require.NoError(t, r2.Done())
		assert.Equal(t, []any{u, i, math.Float64bits(x), s}, []any{u2, i2, math.Float64bits(x2), s2})
	})
}

// sample is the value of layout().
type sample struct {
	U uint64
	I int
	F float64
	S string
}

func TestDecode(t *testing.T) {
	errLength := errors.New("pkg: lengths differ")
	l := wire.Layout{Pkg: "pkg", What: "sample", Format: 1, OutOfRange: errPrefixed, Length: errLength}
	read := func(r *wire.Reader, v *sample) { v.U, v.I, v.F, v.S = readLayout(r) }
	accept := func(*sample) error { return nil }
	old := sample{S: "unchanged"}

	var got sample
	require.NoError(t, wire.Decode(l, layout(), &got, read, accept))
	assert.Equal(t, sample{300, -5, -2.5, "abc"}, got)

	errCheck := errors.New("pkg: rejected")
	for _, tc := range []struct {
		name  string
		l     wire.Layout
		data  []byte
		check func(*sample) error
		is    []error
		msg   string
	}{
		{"cut short", l, layout()[:4], accept, []error{errLength, io.ErrUnexpectedEOF},
			"pkg: lengths differ: binary sample cut at 4 bytes: unexpected EOF"},
		{"cut short, no length sentinel", wire.Layout{Pkg: "pkg", What: "sample", Format: 1, OutOfRange: errPrefixed}, nil, accept,
			[]error{io.ErrUnexpectedEOF}, "pkg: binary sample: unexpected EOF"},
		{"another format", l, append([]byte{2}, layout()[1:]...), accept, []error{errPrefixed},
			"pkg: out of range: binary sample: format 2 (this version reads 1)"},
		{"bytes after the end", l, append(layout(), 0), accept, []error{errPrefixed},
			"pkg: out of range: binary sample: 1 bytes after the end"},
		{"refused by check", l, layout(), func(v *sample) error {
			assert.Equal(t, "abc", v.S, "check sees the decoded value")
			return errCheck
		}, []error{errCheck}, "pkg: rejected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := old
			err := wire.Decode(tc.l, tc.data, &v, read, tc.check)
			require.Error(t, err)
			for _, target := range tc.is {
				assert.ErrorIs(t, err, target)
			}
			assert.EqualError(t, err, tc.msg)
			assert.Equal(t, old, v, "the target is unchanged on error")
		})
	}
}

func TestAppendCounts(t *testing.T) {
	b := wire.AppendCounts([]byte{9}, 0, 300, math.MaxInt64)
	r, err := wire.NewReader("pkg", errPrefixed, "counts", 9, b)
	require.NoError(t, err)
	assert.Equal(t, []int64{0, 300, math.MaxInt64}, []int64{r.Count(), r.Count(), r.Count()})
	require.NoError(t, r.Done())
}
