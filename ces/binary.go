package ces

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
//	uvarint  Version (0 = V2, 1 = V1)
//	uvarint  p, the number of points of the version's scale (7 or 5)
//	uvarint  p counts, Ratings[0] … Ratings[p−1]
//
// A tally no sequence of Add calls can produce (an unknown version,
// negative counts, counts off the scale or summing past MaxInt64) is an
// error, as Result reports it.
func (t Tally) MarshalBinary() ([]byte, error) {
	bd, err := t.Version.band()
	if err != nil {
		return nil, err
	}
	if _, err := errs.Check(t.Ratings[:], bd.min, bd.max); err != nil {
		return nil, export(err)
	}
	p := bd.max - bd.min + 1
	b := make([]byte, 0, 3+p*binary.MaxVarintLen64)
	b = append(b, tallyFormat)
	b = binary.AppendUvarint(b, uint64(t.Version))
	b = binary.AppendUvarint(b, uint64(p))
	for _, c := range t.Ratings[:p] {
		b = binary.AppendUvarint(b, uint64(c))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format or
// questionnaire version ([ErrOutOfRange], [ErrScale]), a number of counts
// that is not the scale's, values that do not fit, trailing bytes
// (ErrOutOfRange), truncated data (io.ErrUnexpectedEOF), or a tally no
// sequence of Add calls can produce are errors, and t is then unchanged.
func (t *Tally) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("ces: binary tally: %w", io.ErrUnexpectedEOF)
	}
	if data[0] != tallyFormat {
		return fmt.Errorf("ces: %w: binary tally format %d (this version reads %d)", ErrOutOfRange, data[0], tallyFormat)
	}
	rest := data[1:]
	next := func() (uint64, error) {
		x, n := binary.Uvarint(rest)
		switch {
		case n == 0:
			return 0, fmt.Errorf("ces: binary tally: %w", io.ErrUnexpectedEOF)
		case n < 0:
			return 0, fmt.Errorf("ces: %w: binary tally varint overflows 64 bits", ErrOutOfRange)
		}
		rest = rest[n:]
		return x, nil
	}
	ver, err := next()
	if err != nil {
		return err
	}
	if ver > 1 {
		return fmt.Errorf("%w: binary tally of unknown version %d", ErrScale, ver)
	}
	var v Tally
	v.Version = Version(ver)
	bd, err := v.Version.band()
	if err != nil {
		return err
	}
	p, err := next()
	if err != nil {
		return err
	}
	if want := uint64(bd.max - bd.min + 1); p != want {
		return fmt.Errorf("ces: %w: binary tally has %d counts for a %d-point scale", ErrOutOfRange, p, want)
	}
	for i := range v.Ratings[:p] {
		c, err := next()
		if err != nil {
			return err
		}
		if c > 1<<63-1 {
			return fmt.Errorf("ces: %w: binary tally count %d does not fit in an int64", ErrOutOfRange, c)
		}
		v.Ratings[i] = int64(c)
	}
	if len(rest) != 0 {
		return fmt.Errorf("ces: %w: %d bytes after the binary tally", ErrOutOfRange, len(rest))
	}
	if _, err := errs.Check(v.Ratings[:], bd.min, bd.max); err != nil {
		return export(err)
	}
	*t = v
	return nil
}
