package attribution

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
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
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(t.Edges)))
	for _, e := range t.Edges {
		b = binary.AppendUvarint(b, uint64(e.From))
		b = binary.AppendUvarint(b, uint64(e.To))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(e.Count))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary writes. An unknown format
// version, a number that does not fit, trailing bytes (ErrOutOfRange),
// truncated data (io.ErrUnexpectedEOF) or state that no sequence of Add
// calls can produce are errors, and t is then unchanged.
func (t *Transitions) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("attribution: binary transitions: %w", io.ErrUnexpectedEOF)
	}
	if data[0] != transitionsFormat {
		return fmt.Errorf("attribution: %w: binary transitions format %d (this version reads %d)", ErrOutOfRange, data[0], transitionsFormat)
	}
	r := binReader{b: data[1:]}
	var v Transitions
	v.Order = r.int(MaxMarkovOrder)
	v.KeepRepeats = r.int(1) == 1
	if n := r.count(1, math.MaxInt32); n > 0 {
		v.Channels = make([]string, n)
		for i := range v.Channels {
			v.Channels[i] = string(r.bytes(r.count(1, math.MaxInt)))
		}
	}
	if n := r.count(2+32, MaxMarkovStates); n > 0 {
		v.States = make([][]int32, n)
		for s := range v.States {
			w := make([]int32, r.count(1, MaxMarkovOrder))
			for i := range w {
				w[i] = int32(r.int(math.MaxInt32))
			}
			v.States[s] = w
		}
		if r.err == nil {
			v.Starts, v.Conversions = make([]float64, n), make([]float64, n)
			v.Value, v.Nulls = make([]float64, n), make([]float64, n)
			for s := range n {
				v.Starts[s], v.Conversions[s], v.Value[s], v.Nulls[s] = r.float(), r.float(), r.float(), r.float()
			}
		}
	}
	if n := r.count(10, math.MaxInt32); n > 0 {
		v.Edges = make([]Edge, n)
		for i := range v.Edges {
			v.Edges[i] = Edge{int32(r.int(math.MaxInt32)), int32(r.int(math.MaxInt32)), r.float()}
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%w: %d bytes after the end", ErrOutOfRange, len(r.b))
	}
	if r.err != nil {
		return fmt.Errorf("attribution: binary transitions: %w", r.err)
	}
	if err := v.check(true); err != nil {
		return err
	}
	if err := v.checkChannels(); err != nil {
		return err
	}
	*t = v
	return nil
}

// binReader reads the binary layout and keeps the first error.
type binReader struct {
	b   []byte
	err error
}

// int reads a uvarint and checks that it is at most hi.
func (r *binReader) int(hi int) int {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	switch {
	case n == 0:
		r.err = io.ErrUnexpectedEOF
	case n < 0 || x > uint64(hi):
		r.err = fmt.Errorf("%w: %d where at most %d fits", ErrOutOfRange, x, hi)
	default:
		r.b = r.b[n:]
		return int(x)
	}
	return 0
}

// count reads a number of items that take at least each bytes apiece:
// more than hi is out of range, more than the bytes left can hold is
// truncated data. Nothing is allocated for a count that the data cannot
// back.
func (r *binReader) count(each, hi int) int {
	n := r.int(hi)
	if r.err == nil && n > len(r.b)/each {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	return n
}

func (r *binReader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	out := r.b[:n] // n ≤ len(r.b), checked by int
	r.b = r.b[n:]
	return out
}

func (r *binReader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return x
}
