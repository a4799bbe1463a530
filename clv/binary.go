package clv

import (
	"encoding/binary"
	"math"

	"github.com/cxkit/cxkit/internal/wire"
)

// binaryFormat is the version byte that opens this package's binary
// layouts.
const binaryFormat = 1

// MarshalBinary encodes t in a compact, versioned layout that does not
// depend on Go's field layout, for shuffles and checkpoints:
//
//	byte     format version (1); a later layout gets a new number, and
//	         UnmarshalBinary keeps reading the old ones
//	uvarint  1 if Monetary is set, else 0
//	uvarint  n, the number of patterns
//	8 bytes  per pattern, in the order of Customers: Frequency, Recency, T,
//	         Monetary (only when the table's Monetary is set), then its count
//	         (float64 bits, little endian)
//
// Values travel as their bits, so a decoded table is the same bit for bit
// and merges and fits as t does. IDs are not encoded, nor Monetary when
// the table's Monetary is false: the table ignores both. A table that
// [PatternTable.Merge] rejects (counts and patterns of different lengths,
// an invalid pattern or count, a pattern listed twice) is an error.
func (t PatternTable) MarshalBinary() ([]byte, error) {
	t.index = nil // t is a copy: check every pattern, keep the caller's index
	if err := t.reindex(); err != nil {
		return nil, err
	}
	flag, each := patternLayout(t.Monetary)
	b := make([]byte, 0, 1+2*binary.MaxVarintLen64+len(t.Customers)*each)
	b = binary.AppendUvarint(append(b, binaryFormat), flag)
	b = binary.AppendUvarint(b, uint64(len(t.Customers)))
	for i, c := range t.Customers {
		fields := [5]float64{c.Frequency, c.Recency, c.T, c.Monetary, t.Counts[i]}
		if !t.Monetary {
			fields[3] = t.Counts[i]
		}
		for _, x := range fields[:each/8] {
			b = wire.AppendFloat(b, x)
		}
	}
	return b, nil
}

// patternLayout returns the Monetary flag of the binary layout and the
// bytes of one pattern.
func patternLayout(monetary bool) (flag uint64, each int) {
	if monetary {
		return 1, 5 * 8
	}
	return 0, 4 * 8
}

// UnmarshalBinary decodes what MarshalBinary writes and checks it as
// [PatternTable.Merge] does. Truncated data, or a number of patterns that
// the data cannot hold, wraps ErrLength and io.ErrUnexpectedEOF; an
// unknown format version, a Monetary flag other than 0 or 1, or trailing
// bytes wrap ErrOutOfRange; an invalid pattern or count is an
// [*InputError] at the pattern's index (ErrNonFinite, ErrNegative,
// ErrNotInteger, ErrOutOfRange), a pattern listed twice wraps
// ErrDuplicate. On error t is unchanged.
func (t *PatternTable) UnmarshalBinary(data []byte) error {
	layout := wire.Layout{Pkg: "clv", What: "pattern table", Format: binaryFormat, OutOfRange: ErrOutOfRange, Length: ErrLength}
	return wire.Decode(layout, data, t, func(r *wire.Reader, u *PatternTable) {
		u.Monetary = r.UintTo(1) == 1
		_, each := patternLayout(u.Monetary)
		n := r.Len(each, math.MaxInt) // allocates nothing the data cannot back
		if r.Err() != nil || n == 0 {
			return
		}
		u.Customers, u.Counts = make([]Customer, n), make([]float64, n)
		for i := range u.Customers {
			c := &u.Customers[i]
			c.Frequency, c.Recency, c.T = r.Float(), r.Float(), r.Float()
			if u.Monetary {
				c.Monetary = r.Float()
			}
			u.Counts[i] = r.Float()
		}
	}, func(u *PatternTable) error {
		if err := u.reindex(); err != nil { // a *InputError: only a non-nil one is an error
			return err
		}
		return nil
	})
}
