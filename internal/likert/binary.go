package likert

import (
	"encoding/binary"

	"github.com/cxkit/cxkit/internal/wire"
)

// BinaryFormat is the version byte that opens every binary tally of nps,
// csat and ces. A later layout gets a new number; the readers keep reading
// the old ones.
const BinaryFormat = 1

// NewReader checks the format byte that opens data and returns a reader of
// the bytes after it (see [wire.NewReader]); what names the layout in the
// messages ("tally", "weighted tally").
func (e *Errors) NewReader(what string, data []byte) (*wire.Reader, error) {
	return wire.NewReader(e.Pkg, e.OutOfRange, what, BinaryFormat, data)
}

// Layout returns the binary layout of the package's what ("tally",
// "weighted tally") for [wire.Decode].
func (e *Errors) Layout(what string) wire.Layout {
	return wire.Layout{Pkg: e.Pkg, What: what, Format: BinaryFormat, OutOfRange: e.OutOfRange}
}

// ReadCounts reads p counts into dst after checking that p is the scale's
// number of points.
func ReadCounts(r *wire.Reader, dst []int64, p uint64, points int) {
	if p != uint64(points) {
		r.Failf("has %d counts for a %d-point scale", p, points)
	}
	for i := range dst[:min(p, uint64(len(dst)))] {
		if r.Err() != nil {
			return
		}
		dst[i] = r.Count()
	}
}

// MarshalTally returns the binary layout of a tally of csat or ces: the
// format byte, head (the fields that fix the scale), the number of points
// p as a uvarint, then the p counts of the scale as uvarints. The caller
// has checked the counts.
func MarshalTally(head []byte, counts []int64) []byte {
	b := make([]byte, 0, 1+len(head)+(len(counts)+1)*binary.MaxVarintLen64)
	b = append(append(b, BinaryFormat), head...)
	return wire.AppendCounts(binary.AppendUvarint(b, uint64(len(counts))), counts...)
}

// UnmarshalTally decodes the layout of [MarshalTally] into counts: head
// reads the fields that fix the scale, and scale, called after p is read,
// returns the scale's first rating and number of points or the error of a
// bad scale. Counts that Add could not produce are an *[Input] (see
// [Errors.Check]); on any error counts may hold part of the data.
func (e *Errors) UnmarshalTally(data []byte, counts []int64, head func(*wire.Reader), scale func() (min, points int, err error)) error {
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
	ReadCounts(r, counts, p, points)
	if err := r.Done(); err != nil {
		return err
	}
	_, err = e.Check(counts, min, points)
	return err
}
