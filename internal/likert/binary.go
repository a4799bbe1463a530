package likert

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// BinaryFormat is the version byte that opens every binary tally of nps,
// csat and ces. A later layout gets a new number; the readers keep reading
// the old ones.
const BinaryFormat = 1

// AppendCounts appends counts as uvarints (the caller has checked that none
// is negative).
func AppendCounts(b []byte, counts []int64) []byte {
	for _, c := range counts {
		b = binary.AppendUvarint(b, uint64(c))
	}
	return b
}

// Reader reads the binary layouts of the tallies and keeps the first error;
// after one, every read returns 0. Its messages read "csat: binary tally:
// unexpected EOF", "csat: out of range: 3 bytes after the binary tally".
type Reader struct {
	e    *Errors
	what string // "tally", "weighted tally"
	b    []byte
	err  error
}

// NewReader checks the format byte that opens data and returns a reader of
// the bytes after it: empty data is io.ErrUnexpectedEOF, another format
// wraps e.OutOfRange.
func (e *Errors) NewReader(what string, data []byte) (*Reader, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: binary %s: %w", e.Pkg, what, io.ErrUnexpectedEOF)
	}
	if data[0] != BinaryFormat {
		return nil, fmt.Errorf("%s: %w: binary %s format %d (this version reads %d)", e.Pkg, e.OutOfRange, what, data[0], BinaryFormat)
	}
	return &Reader{e: e, what: what, b: data[1:]}, nil
}

// Err returns the first error met.
func (r *Reader) Err() error { return r.err }

func (r *Reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%s: %w: binary %s "+format, append([]any{r.e.Pkg, r.e.OutOfRange, r.what}, args...)...)
	}
}

func (r *Reader) eof() {
	if r.err == nil {
		r.err = fmt.Errorf("%s: binary %s: %w", r.e.Pkg, r.what, io.ErrUnexpectedEOF)
	}
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
		r.fail("varint overflows 64 bits")
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
		r.fail("varint overflows 64 bits")
	case int64(int(x)) != x:
		r.fail("value %d does not fit in an int", x)
	default:
		r.b = r.b[n:]
		return int(x)
	}
	return 0
}

// Count reads a uvarint count that must fit in an int64.
func (r *Reader) Count() int64 {
	c := r.Uint()
	if c > math.MaxInt64 {
		r.fail("count %d does not fit in an int64", c)
		return 0
	}
	return int64(c)
}

// Counts reads p counts into dst after checking that p is the scale's
// number of points.
func (r *Reader) Counts(dst []int64, p uint64, points int) {
	if r.err == nil && p != uint64(points) {
		r.fail("has %d counts for a %d-point scale", p, points)
	}
	for i := range dst[:min(p, uint64(len(dst)))] {
		if r.err != nil {
			return
		}
		dst[i] = r.Count()
	}
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

// Done returns the first error, or an error wrapping e.OutOfRange when
// bytes are left after the layout.
func (r *Reader) Done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%s: %w: %d bytes after the binary %s", r.e.Pkg, r.e.OutOfRange, len(r.b), r.what)
	}
	return r.err
}

// Fail records err as the reader's error unless it has one already.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// MarshalTally returns the binary layout of a tally of csat or ces: the
// format byte, head (the fields that fix the scale), the number of points
// p as a uvarint, then the p counts of the scale as uvarints. The caller
// has checked the counts.
func MarshalTally(head []byte, counts []int64) []byte {
	b := make([]byte, 0, 1+len(head)+(len(counts)+1)*binary.MaxVarintLen64)
	b = append(append(b, BinaryFormat), head...)
	return AppendCounts(binary.AppendUvarint(b, uint64(len(counts))), counts)
}

// UnmarshalTally decodes the layout of [MarshalTally] into counts: head
// reads the fields that fix the scale, and scale, called after p is read,
// returns the scale's first rating and number of points or the error of a
// bad scale. Counts that Add could not produce are an *[Input] (see
// [Errors.Check]); on any error counts may hold part of the data.
func (e *Errors) UnmarshalTally(data []byte, counts []int64, head func(*Reader), scale func() (min, points int, err error)) error {
	r, err := e.NewReader("tally", data)
	if err != nil {
		return err
	}
	head(r)
	p := r.Uint()
	if r.Err() != nil {
		return r.Err()
	}
	min, points, err := scale()
	if err != nil {
		return err
	}
	r.Counts(counts, p, points)
	if err := r.Done(); err != nil {
		return err
	}
	_, err = e.Check(counts, min, points)
	return err
}
