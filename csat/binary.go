package csat

import (
	"encoding/binary"
	"fmt"
	"io"
)

// tallyFormat is the version byte that opens every binary [Tally]. A later
// layout gets a new number; UnmarshalBinary keeps reading the old ones.
const tallyFormat = 1

// MarshalBinary encodes t in a compact, versioned layout that does not
// depend on Go's field layout, for shuffles and checkpoints (the Beam coder
// of cxkit/beam uses it):
//
//	byte     format version (1)
//	varint   Scale.Min, Scale.Max, Scale.TopBoxMin (zig-zag, as set: the
//	         zero Scale stays zero)
//	uvarint  p, the number of points of the scale
//	uvarint  p counts, Ratings[0] … Ratings[p−1]
//
// A tally no sequence of Add calls can produce (a bad scale, negative
// counts, counts off the scale or summing past MaxInt64) is an error, as
// Result reports it.
func (t Tally) MarshalBinary() ([]byte, error) {
	sc, err := t.Scale.resolve()
	if err != nil {
		return nil, err
	}
	p := sc.Points()
	if _, err := errs.Check(t.Ratings[:], sc.Min, p); err != nil {
		return nil, export(err)
	}
	b := make([]byte, 0, 1+3*binary.MaxVarintLen64+(p+1)*binary.MaxVarintLen64)
	b = append(b, tallyFormat)
	b = binary.AppendVarint(b, int64(t.Scale.Min))
	b = binary.AppendVarint(b, int64(t.Scale.Max))
	b = binary.AppendVarint(b, int64(t.Scale.TopBoxMin))
	b = binary.AppendUvarint(b, uint64(p))
	for _, c := range t.Ratings[:p] {
		b = binary.AppendUvarint(b, uint64(c))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format
// version, a count of points that is not the scale's, values that do not
// fit, trailing bytes (ErrOutOfRange), truncated data (io.ErrUnexpectedEOF),
// or a tally no sequence of Add calls can produce are errors, and t is then
// unchanged.
func (t *Tally) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("csat: binary tally: %w", io.ErrUnexpectedEOF)
	}
	if data[0] != tallyFormat {
		return fmt.Errorf("csat: %w: binary tally format %d (this version reads %d)", ErrOutOfRange, data[0], tallyFormat)
	}
	r := binReader{b: data[1:]}
	var v Tally
	v.Scale.Min = r.int()
	v.Scale.Max = r.int()
	v.Scale.TopBoxMin = r.int()
	p := r.uint()
	if r.err != nil {
		return r.err
	}
	sc, err := v.Scale.resolve()
	if err != nil {
		return err
	}
	if p != uint64(sc.Points()) {
		return fmt.Errorf("csat: %w: binary tally has %d counts for a %d-point scale", ErrOutOfRange, p, sc.Points())
	}
	for i := range v.Ratings[:p] {
		c := r.uint()
		if c > 1<<63-1 {
			return fmt.Errorf("csat: %w: binary tally count %d does not fit in an int64", ErrOutOfRange, c)
		}
		v.Ratings[i] = int64(c)
	}
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return fmt.Errorf("csat: %w: %d bytes after the binary tally", ErrOutOfRange, len(r.b))
	}
	if _, err := errs.Check(v.Ratings[:], sc.Min, sc.Points()); err != nil {
		return export(err)
	}
	*t = v
	return nil
}

// binReader reads varints and keeps the first error.
type binReader struct {
	b   []byte
	err error
}

func (r *binReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(n)
		return 0
	}
	r.b = r.b[n:]
	return x
}

func (r *binReader) int() int {
	if r.err != nil {
		return 0
	}
	x, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(n)
		return 0
	}
	if int64(int(x)) != x {
		r.err = fmt.Errorf("csat: %w: binary tally value %d does not fit in an int", ErrOutOfRange, x)
		return 0
	}
	r.b = r.b[n:]
	return int(x)
}

func (r *binReader) fail(n int) {
	if n == 0 {
		r.err = fmt.Errorf("csat: binary tally: %w", io.ErrUnexpectedEOF)
	} else {
		r.err = fmt.Errorf("csat: %w: binary tally varint overflows 64 bits", ErrOutOfRange)
	}
}
