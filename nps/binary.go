package nps

import (
	"encoding/binary"
	"math"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/wire"
)

// MarshalBinary encodes t in a compact, versioned layout that does not
// depend on Go's field layout, for shuffles and checkpoints (the Beam coder
// of cxkit/beam uses it): the format version byte (1), then the 11 counts
// Ratings[0] … Ratings[10] as uvarints. Negative counts or counts whose sum
// overflows int64 are an error, as Result reports them.
func (t Tally) MarshalBinary() ([]byte, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 1+len(t.Ratings)*binary.MaxVarintLen64)
	return wire.AppendCounts(append(b, likert.BinaryFormat), t.Ratings[:]...), nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format
// version, a count past int64, trailing bytes ([ErrOutOfRange]), truncated
// data (io.ErrUnexpectedEOF), or counts whose sum overflows are errors, and
// t is then unchanged.
func (t *Tally) UnmarshalBinary(data []byte) error {
	return wire.Decode(errs.Layout("tally"), data, t, func(r *wire.Reader, v *Tally) {
		for i := range v.Ratings {
			v.Ratings[i] = r.Count()
		}
	}, (*Tally).check)
}

// MarshalBinary encodes t in a compact, versioned layout (see
// [Tally.MarshalBinary]): the format version byte (1), the three counts N
// and NPositive as uvarints, then Sum and SumSq (three each) as the
// little-endian bits of their float64 values, so that they come back bit
// for bit. State that Add cannot produce is an error, as Result reports it.
func (t WeightedTally) MarshalBinary() ([]byte, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 1+4*binary.MaxVarintLen64+6*8)
	b = wire.AppendCounts(append(b, likert.BinaryFormat), append(t.N[:], t.NPositive)...)
	for _, x := range t.Sum {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	for _, x := range t.SumSq {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary writes. Malformed data (as for
// [Tally.UnmarshalBinary]) or state that Add cannot produce (negative or
// overflowing counts, more positive weights than responses, negative or NaN
// sums) are errors, and t is then unchanged.
func (t *WeightedTally) UnmarshalBinary(data []byte) error {
	return wire.Decode(errs.Layout("weighted tally"), data, t, func(r *wire.Reader, v *WeightedTally) {
		for i := range v.N {
			v.N[i] = r.Count()
		}
		v.NPositive = r.Count()
		for i := range v.Sum {
			v.Sum[i] = r.Float()
		}
		for i := range v.SumSq {
			v.SumSq[i] = r.Float()
		}
	}, (*WeightedTally).check)
}
