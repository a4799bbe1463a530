package nps

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// binaryFormat is the version byte that opens every binary [Tally] and
// [WeightedTally]. A later layout gets a new number; UnmarshalBinary keeps
// reading the old ones.
const binaryFormat = 1

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
	b = append(b, binaryFormat)
	for _, c := range t.Ratings {
		b = binary.AppendUvarint(b, uint64(c))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format
// version, a count past int64, trailing bytes ([ErrOutOfRange]), truncated
// data (io.ErrUnexpectedEOF), or counts whose sum overflows are errors, and
// t is then unchanged.
func (t *Tally) UnmarshalBinary(data []byte) error {
	r, err := newBinReader("tally", data)
	if err != nil {
		return err
	}
	var v Tally
	for i := range v.Ratings {
		v.Ratings[i] = r.count()
	}
	if err := r.done(); err != nil {
		return err
	}
	if err := v.check(); err != nil {
		return err
	}
	*t = v
	return nil
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
	b = append(b, binaryFormat)
	for _, c := range t.N {
		b = binary.AppendUvarint(b, uint64(c))
	}
	b = binary.AppendUvarint(b, uint64(t.NPositive))
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
	r, err := newBinReader("weighted tally", data)
	if err != nil {
		return err
	}
	var v WeightedTally
	for i := range v.N {
		v.N[i] = r.count()
	}
	v.NPositive = r.count()
	for i := range v.Sum {
		v.Sum[i] = r.float()
	}
	for i := range v.SumSq {
		v.SumSq[i] = r.float()
	}
	if err := r.done(); err != nil {
		return err
	}
	if err := v.check(); err != nil {
		return err
	}
	*t = v
	return nil
}

// binReader reads the binary layouts and keeps the first error.
type binReader struct {
	what string
	b    []byte
	err  error
}

func newBinReader(what string, data []byte) (*binReader, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("nps: binary %s: %w", what, io.ErrUnexpectedEOF)
	}
	if data[0] != binaryFormat {
		return nil, fmt.Errorf("nps: %w: binary %s format %d (this version reads %d)", ErrOutOfRange, what, data[0], binaryFormat)
	}
	return &binReader{what: what, b: data[1:]}, nil
}

func (r *binReader) count() int64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	switch {
	case n == 0:
		r.err = fmt.Errorf("nps: binary %s: %w", r.what, io.ErrUnexpectedEOF)
	case n < 0 || x > math.MaxInt64:
		r.err = fmt.Errorf("nps: %w: binary %s count does not fit in an int64", ErrOutOfRange, r.what)
	default:
		r.b = r.b[n:]
		return int64(x)
	}
	return 0
}

func (r *binReader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.err = fmt.Errorf("nps: binary %s: %w", r.what, io.ErrUnexpectedEOF)
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return x
}

func (r *binReader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("nps: %w: %d bytes after the binary %s", ErrOutOfRange, len(r.b), r.what)
	}
	return r.err
}
