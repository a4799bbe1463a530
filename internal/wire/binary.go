package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// The binary encodings of cxkit's accumulators (MarshalBinary, for Beam
// coders and other byte stores) open with a format byte, then write
// integers as varints (unsigned, or zig-zag for signed ones) and floats as
// the 8 little-endian bytes of their IEEE 754 bits. A later layout gets a
// new format number; the readers keep reading the old ones.

// Reader reads such a layout and keeps the first error: after one, every
// read returns 0. Its errors read "clv: binary pattern table: unexpected
// EOF" (wrapping io.ErrUnexpectedEOF) and "clv: out of range: binary
// pattern table: 3 bytes after the end" (wrapping the package's
// out-of-range sentinel).
type Reader struct {
	pkg        string // "clv"
	what       string // "pattern table"
	outOfRange error  // the package's ErrOutOfRange
	b          []byte
	err        error
}

// NewReader checks that data opens with the format byte and returns a
// reader of the bytes after it. Empty data is io.ErrUnexpectedEOF; another
// format byte wraps outOfRange. pkg and what name the package and the
// layout in the messages.
func NewReader(pkg string, outOfRange error, what string, format byte, data []byte) (*Reader, error) {
	r := &Reader{pkg: pkg, what: what, outOfRange: outOfRange}
	if len(data) == 0 {
		r.eof()
		return nil, r.err
	}
	if data[0] != format {
		r.Failf("format %d (this version reads %d)", data[0], format)
		return nil, r.err
	}
	r.b = data[1:]
	return r, nil
}

// Layout names one versioned binary layout for [Decode]: the package and
// the layout in messages, the format byte that opens it, and the sentinels
// its errors wrap.
type Layout struct {
	Pkg        string // "clv"
	What       string // "pattern table"
	Format     byte   // the version byte that opens the data
	OutOfRange error  // the package's ErrOutOfRange: an unknown format, a value out of range, bytes after the end
	// Length, when not nil, is the package's ErrLength, which data cut
	// short wraps too (beside io.ErrUnexpectedEOF): "abtest: lengths
	// differ: binary summary cut at 9 bytes: unexpected EOF".
	Length error
}

// Decode decodes data, laid out as l, into *dst: read fills a zero T from a
// [Reader] of the bytes after the format byte, which must then be at the
// end of data, and check (the value's own validation, as its Merge applies
// it) must accept what was read. On any error *dst is unchanged.
func Decode[T any](l Layout, data []byte, dst *T, read func(*Reader, *T), check func(*T) error) error {
	var v T
	r, err := NewReader(l.Pkg, l.OutOfRange, l.What, l.Format, data)
	if err == nil {
		read(r, &v)
		err = r.Done()
	}
	if err != nil && l.Length != nil && errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: binary %s cut at %d bytes: %w", l.Length, l.What, len(data), io.ErrUnexpectedEOF)
	}
	if err == nil {
		err = check(&v)
	}
	if err == nil {
		*dst = v
	}
	return err
}

// Err returns the first error met.
func (r *Reader) Err() error { return r.err }

// Fail records err as the reader's error unless it has one already.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// Failf records an error wrapping the package's out-of-range sentinel,
// with the detail format and args, unless the reader has one already. The
// package name stands once at the start, whether or not the sentinel's own
// message starts with it.
func (r *Reader) Failf(format string, args ...any) {
	if r.err != nil {
		return
	}
	detail := fmt.Sprintf(format, args...)
	if strings.HasPrefix(r.outOfRange.Error(), r.pkg+": ") {
		r.err = fmt.Errorf("%w: binary %s: %s", r.outOfRange, r.what, detail)
	} else {
		r.err = fmt.Errorf("%s: %w: binary %s: %s", r.pkg, r.outOfRange, r.what, detail)
	}
}

func (r *Reader) eof() {
	r.Fail(fmt.Errorf("%s: binary %s: %w", r.pkg, r.what, io.ErrUnexpectedEOF))
}

// Uint reads a uvarint.
func (r *Reader) Uint() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	switch {
	case n == 0:
		r.eof()
	case n < 0:
		r.Failf("varint overflows 64 bits")
	default:
		r.b = r.b[n:]
		return x
	}
	return 0
}

// Int reads a zig-zag varint that must fit in an int.
func (r *Reader) Int() int {
	if r.err != nil {
		return 0
	}
	x, n := binary.Varint(r.b)
	switch {
	case n == 0:
		r.eof()
	case n < 0:
		r.Failf("varint overflows 64 bits")
	case int64(int(x)) != x:
		r.Failf("value %d does not fit in an int", x)
	default:
		r.b = r.b[n:]
		return int(x)
	}
	return 0
}

// UintTo reads a uvarint that must be at most hi.
func (r *Reader) UintTo(hi int) int {
	x := r.Uint()
	if r.err == nil && x > uint64(hi) {
		r.Failf("%d where at most %d fits", x, hi)
		return 0
	}
	return int(x)
}

// Len reads the number of items that follow, each taking at least each
// bytes: above hi is out of range, more than the bytes left can hold is
// truncated data. A caller that allocates for the items only after Len
// never allocates more than the data can back.
func (r *Reader) Len(each, hi int) int {
	n := r.UintTo(hi)
	if r.err == nil && n > len(r.b)/each {
		r.eof()
		return 0
	}
	return n
}

// Count reads a uvarint count that must fit in an int64.
func (r *Reader) Count() int64 {
	c := r.Uint()
	if c > math.MaxInt64 {
		r.Failf("count %d does not fit in an int64", c)
		return 0
	}
	return int64(c)
}

// Bytes reads n bytes (n from [Reader.Len] with each = 1) and returns them
// without copying.
func (r *Reader) Bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.eof()
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

// Float reads the little-endian bits of a float64.
func (r *Reader) Float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.eof()
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return x
}

// Done returns the first error, or one wrapping the out-of-range sentinel
// when bytes are left after the layout.
func (r *Reader) Done() error {
	if r.err == nil && len(r.b) != 0 {
		r.Failf("%d bytes after the end", len(r.b))
	}
	return r.err
}

// AppendCounts appends counts as uvarints (the caller has checked that none
// is negative).
func AppendCounts(b []byte, counts ...int64) []byte {
	for _, c := range counts {
		b = binary.AppendUvarint(b, uint64(c))
	}
	return b
}

// AppendFloat appends the little-endian bits of x.
func AppendFloat(b []byte, x float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
}
