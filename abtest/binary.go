package abtest

// Binary encodings (api.md §7) of the values that map-reduce jobs merge:
// Proportion, Summary and RatioSummary. Each layout opens with a format
// version byte; a later layout gets a new number and the readers keep
// reading the old ones. Integers are zig-zag varints (encoding/binary's
// AppendVarint), floats the little-endian bits of their float64 values,
// so a decoded value is the same bit for bit. The layouts are those of the
// cxkit/beam coders of format 1.

import (
	"encoding/binary"

	"github.com/cxkit/cxkit/internal/wire"
)

// binaryFormat is the version byte that opens this package's binary
// layouts.
const binaryFormat = 1

// encodeBinary returns the layout of a value that passes its check (err
// nil): the version byte, n as a zig-zag varint, then the little-endian
// bits of xs.
func encodeBinary(err error, n int, xs ...float64) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 1+binary.MaxVarintLen64+8*len(xs))
	b = binary.AppendVarint(append(b, binaryFormat), int64(n))
	for _, x := range xs {
		b = wire.AppendFloat(b, x)
	}
	return b, nil
}

// binaryLayout names the layout what ("proportion", "summary") for
// [wire.Decode]: truncated data wraps ErrLength and io.ErrUnexpectedEOF,
// an unknown version or trailing bytes ErrOutOfRange, and the target is
// unchanged on error.
func binaryLayout(what string) wire.Layout {
	return wire.Layout{Pkg: "abtest", What: what, Format: binaryFormat, OutOfRange: ErrOutOfRange, Length: ErrLength}
}

// MarshalBinary encodes p in a compact, versioned layout that does not
// depend on Go's field layout, for shuffles and checkpoints:
//
//	byte    format version (1)
//	varint  Successes (zig-zag, as binary.AppendVarint)
//	varint  Trials
//
// A Proportion that no data can produce (a negative count, Successes
// above Trials) is an *InputError wrapping ErrNegative or ErrOutOfRange.
func (p Proportion) MarshalBinary() ([]byte, error) {
	b, err := encodeBinary(p.check("proportion", true), p.Successes)
	if err != nil {
		return nil, err
	}
	return binary.AppendVarint(b, int64(p.Trials)), nil
}

// UnmarshalBinary decodes what MarshalBinary writes. Truncated data
// (ErrLength, io.ErrUnexpectedEOF), an unknown format version, a number
// that does not fit in an int or trailing bytes (ErrOutOfRange), or counts
// that MarshalBinary rejects are errors, and p is then unchanged.
func (p *Proportion) UnmarshalBinary(data []byte) error {
	return wire.Decode(binaryLayout("proportion"), data, p, func(r *wire.Reader, v *Proportion) {
		*v = Proportion{Successes: r.Int(), Trials: r.Int()}
	}, func(v *Proportion) error { return v.check("proportion", true) })
}

// MarshalBinary encodes s in a compact, versioned layout (see
// [Proportion.MarshalBinary]):
//
//	byte     format version (1)
//	varint   N (zig-zag)
//	8 bytes  Mean, then M2 (float64 bits, little endian)
//
// A summary that [Summary.Merge] rejects is an error.
func (s Summary) MarshalBinary() ([]byte, error) {
	return encodeBinary(s.check("summary"), s.N, s.Mean, s.M2)
}

// UnmarshalBinary decodes what MarshalBinary writes. Malformed data (as
// for [Proportion.UnmarshalBinary]) or a summary that [Summary.Merge]
// rejects (a negative N or M2, a NaN or infinite field) are errors, and s
// is then unchanged.
func (s *Summary) UnmarshalBinary(data []byte) error {
	return wire.Decode(binaryLayout("summary"), data, s, func(r *wire.Reader, v *Summary) {
		*v = Summary{N: r.Int(), Mean: r.Float(), M2: r.Float()}
	}, func(v *Summary) error { return v.check("summary") })
}

// MarshalBinary encodes r in a compact, versioned layout (see
// [Proportion.MarshalBinary]):
//
//	byte     format version (1)
//	varint   N (zig-zag)
//	8 bytes  MeanNum, MeanDen, M2Num, M2Den, CoMoment (float64 bits, little endian)
//
// A summary that [RatioSummary.Merge] rejects is an error.
func (r RatioSummary) MarshalBinary() ([]byte, error) {
	return encodeBinary(r.check("summary"), r.N, r.MeanNum, r.MeanDen, r.M2Num, r.M2Den, r.CoMoment)
}

// UnmarshalBinary decodes what MarshalBinary writes. Malformed data (as
// for [Proportion.UnmarshalBinary]) or a summary that [RatioSummary.Merge]
// rejects (a negative N or M2, a NaN or infinite field) are errors, and r
// is then unchanged.
func (r *RatioSummary) UnmarshalBinary(data []byte) error {
	return wire.Decode(binaryLayout("ratio summary"), data, r, func(rd *wire.Reader, v *RatioSummary) {
		*v = RatioSummary{N: rd.Int(), MeanNum: rd.Float(), MeanDen: rd.Float(), M2Num: rd.Float(), M2Den: rd.Float(), CoMoment: rd.Float()}
	}, func(v *RatioSummary) error { return v.check("summary") })
}
