package attribution

import (
	"encoding/binary"
	"math"

	"github.com/cxkit/cxkit/internal/wire"
)

// transitionsFormat is the version byte that opens every binary
// [Transitions]. A later layout gets a new number; UnmarshalBinary keeps
// reading the old ones.
const transitionsFormat = 1

// MarshalBinary encodes t in a compact, versioned layout that does not
// depend on Go's field layout, for shuffles and checkpoints (the Beam coder
// of cxkit/beam uses it):
//
//	byte     format version (1)
//	uvarint  Order as set (0 stays 0), then 1 if KeepRepeats else 0
//	uvarint  number of channels, then each name as uvarint length and bytes
//	uvarint  number of states, then each window as uvarint length and codes
//	8 bytes  per state Starts, Conversions, Value, Nulls (float64 bits, little endian)
//	uvarint  number of edges, then each as uvarint From, uvarint To, 8 bytes Count
//
// Float64 values travel as their bits, so a decoded accumulator is the
// same bit for bit. State that no sequence of Add calls can produce is an
// error (see [Transitions.Merge]).
func (t Transitions) MarshalBinary() ([]byte, error) {
	t.idx = transIndex{} // t is a copy: do not touch the caller's index
	if err := t.check(true); err != nil {
		return nil, err
	}
	if err := t.checkChannels(); err != nil {
		return nil, err
	}
	size := 1 + 3*binary.MaxVarintLen64 + len(t.States)*(1+4*8) + len(t.Edges)*(2*binary.MaxVarintLen32+8)
	for _, c := range t.Channels {
		size += binary.MaxVarintLen64 + len(c)
	}
	for _, w := range t.States {
		size += len(w) * binary.MaxVarintLen32
	}
	b := make([]byte, 0, size)
	b = append(b, transitionsFormat)
	b = binary.AppendUvarint(b, uint64(t.Order))
	keep := uint64(0)
	if t.KeepRepeats {
		keep = 1
	}
	b = binary.AppendUvarint(b, keep)
	b = binary.AppendUvarint(b, uint64(len(t.Channels)))
	for _, c := range t.Channels {
		b = binary.AppendUvarint(b, uint64(len(c)))
		b = append(b, c...)
	}
	b = binary.AppendUvarint(b, uint64(len(t.States)))
	for _, w := range t.States {
		b = binary.AppendUvarint(b, uint64(len(w)))
		for _, c := range w {
			b = binary.AppendUvarint(b, uint64(c))
		}
	}
	for s := range t.States {
		for _, x := range [4]float64{t.Starts[s], t.Conversions[s], t.Value[s], t.Nulls[s]} {
			b = wire.AppendFloat(b, x)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(t.Edges)))
	for _, e := range t.Edges {
		b = binary.AppendUvarint(b, uint64(e.From))
		b = binary.AppendUvarint(b, uint64(e.To))
		b = wire.AppendFloat(b, e.Count)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format
// version, a number that does not fit, trailing bytes (ErrOutOfRange),
// truncated data (io.ErrUnexpectedEOF) or state that no sequence of Add
// calls can produce are errors, and t is then unchanged.
func (t *Transitions) UnmarshalBinary(data []byte) error {
	layout := wire.Layout{Pkg: "attribution", What: "transitions", Format: transitionsFormat, OutOfRange: ErrOutOfRange}
	return wire.Decode(layout, data, t, func(r *wire.Reader, v *Transitions) {
		v.Order = r.UintTo(MaxMarkovOrder)
		v.KeepRepeats = r.UintTo(1) == 1
		if n := r.Len(1, math.MaxInt32); n > 0 {
			v.Channels = make([]string, n)
			for i := range v.Channels {
				v.Channels[i] = string(r.Bytes(r.Len(1, math.MaxInt)))
			}
		}
		if n := r.Len(2+32, MaxMarkovStates); n > 0 {
			v.States = make([][]int32, n)
			for s := range v.States {
				w := make([]int32, r.Len(1, MaxMarkovOrder))
				for i := range w {
					w[i] = int32(r.UintTo(math.MaxInt32))
				}
				v.States[s] = w
			}
			if r.Err() == nil {
				v.Starts, v.Conversions = make([]float64, n), make([]float64, n)
				v.Value, v.Nulls = make([]float64, n), make([]float64, n)
				for s := range n {
					v.Starts[s], v.Conversions[s], v.Value[s], v.Nulls[s] = r.Float(), r.Float(), r.Float(), r.Float()
				}
			}
		}
		if n := r.Len(10, math.MaxInt32); n > 0 {
			v.Edges = make([]Edge, n)
			for i := range v.Edges {
				v.Edges[i] = Edge{int32(r.UintTo(math.MaxInt32)), int32(r.UintTo(math.MaxInt32)), r.Float()}
			}
		}
	}, func(v *Transitions) error {
		if err := v.check(true); err != nil {
			return err
		}
		return v.checkChannels()
	})
}
