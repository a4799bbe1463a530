package csat

import (
	"encoding/binary"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/wire"
)

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
	head := binary.AppendVarint(nil, int64(t.Scale.Min))
	head = binary.AppendVarint(head, int64(t.Scale.Max))
	head = binary.AppendVarint(head, int64(t.Scale.TopBoxMin))
	return likert.MarshalTally(head, t.Ratings[:p]), nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format
// version, a count of points that is not the scale's, values that do not
// fit, trailing bytes (ErrOutOfRange), truncated data (io.ErrUnexpectedEOF),
// or a tally no sequence of Add calls can produce are errors, and t is then
// unchanged.
func (t *Tally) UnmarshalBinary(data []byte) error {
	var v Tally
	err := errs.UnmarshalTally(data, v.Ratings[:], func(r *wire.Reader) {
		v.Scale = Scale{Min: r.Int(), Max: r.Int(), TopBoxMin: r.Int()}
	}, func() (int, int, error) {
		sc, err := v.Scale.resolve()
		return sc.Min, sc.Points(), err
	})
	if err != nil {
		return export(err)
	}
	*t = v
	return nil
}
