package ces

import (
	"encoding/binary"
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/wire"
)

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
	return likert.MarshalTally(binary.AppendUvarint(nil, uint64(t.Version)), t.Ratings[:bd.max-bd.min+1]), nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format or
// questionnaire version ([ErrOutOfRange], [ErrScale]), a number of counts
// that is not the scale's, values that do not fit, trailing bytes
// (ErrOutOfRange), truncated data (io.ErrUnexpectedEOF), or a tally no
// sequence of Add calls can produce are errors, and t is then unchanged.
func (t *Tally) UnmarshalBinary(data []byte) error {
	var v Tally
	err := errs.UnmarshalTally(data, v.Ratings[:], func(r *wire.Reader) {
		ver := r.Uint()
		if r.Err() == nil && ver > 1 {
			r.Fail(fmt.Errorf("%w: binary tally of unknown version %d", ErrScale, ver))
		}
		v.Version = Version(ver)
	}, func() (int, int, error) {
		bd, err := v.Version.band()
		return bd.min, bd.max - bd.min + 1, err
	})
	if err != nil {
		return export(err)
	}
	*t = v
	return nil
}
