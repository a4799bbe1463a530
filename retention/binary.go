package retention

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/cxkit/cxkit/internal/wire"
)

// binaryFormat is the version byte that opens the binary layouts of
// [CohortCounts] and [RiskSet]. A later layout gets a new number, and
// UnmarshalBinary keeps reading the old ones.
const binaryFormat = 1

// binaryLayout names the layout what ("cohort counts", "risk set") for the
// shared binary decoding ([wire.Decode]: the format byte, bounded reads, no
// bytes left over, then the value's Merge check before it replaces the
// target, which is unchanged on error).
func binaryLayout(what string) wire.Layout {
	return wire.Layout{Pkg: "retention", What: what, Format: binaryFormat, OutOfRange: ErrOutOfRange}
}

// MarshalBinary encodes c in a compact, versioned layout that does not
// depend on Go's field layout, for shuffles and checkpoints (a Beam coder,
// say):
//
//	byte     format version (1)
//	uvarint  Period, WeekStart, then 1 if Recurring else 0
//	uvarint  length of Location, then its bytes
//	varint   End as Unix seconds, then uvarint its nanoseconds
//	uvarint  number of cohorts, then per cohort:
//	varint   Start as Unix seconds (the first cohort), or uvarint the
//	         seconds since the previous cohort's Start
//	uvarint  Size, the number of periods, then per period Active, Retained
//
// Times come back in UTC, as Add and [Cohorts] set them. Counts that
// [CohortCounts.Merge] rejects (a calendar that does not load, cohorts out
// of order or not at the start of a period, counts that Add cannot
// produce) are an error.
func (c CohortCounts) MarshalBinary() ([]byte, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	size := 1 + 7*binary.MaxVarintLen64 + len(c.Location)
	for _, r := range c.Cohorts {
		size += (3 + 2*len(r.Active)) * binary.MaxVarintLen64
	}
	b := make([]byte, 0, size)
	b = append(b, binaryFormat)
	recurring := uint64(0)
	if c.Recurring {
		recurring = 1
	}
	for _, x := range []uint64{uint64(c.Period), uint64(c.WeekStart), recurring, uint64(len(c.Location))} {
		b = binary.AppendUvarint(b, x)
	}
	b = append(b, c.Location...)
	b = binary.AppendVarint(b, c.End.Unix())
	b = binary.AppendUvarint(b, uint64(c.End.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(c.Cohorts)))
	for i, r := range c.Cohorts {
		if i == 0 {
			b = binary.AppendVarint(b, r.Start.Unix())
		} else {
			b = binary.AppendUvarint(b, uint64(r.Start.Unix()-c.Cohorts[i-1].Start.Unix()))
		}
		b = binary.AppendUvarint(b, uint64(r.Size))
		b = binary.AppendUvarint(b, uint64(len(r.Active)))
		for n := range r.Active {
			b = binary.AppendUvarint(b, uint64(r.Active[n]))
			b = binary.AppendUvarint(b, uint64(r.Retained[n]))
		}
	}
	return b, nil
}

// UnmarshalBinary decodes what [CohortCounts.MarshalBinary] writes and
// checks it as [CohortCounts.Merge] does. Empty or truncated data, or a
// number of cohorts or periods that the data cannot hold, wraps
// io.ErrUnexpectedEOF; an unknown format version, a number that does not
// fit or trailing bytes wrap [ErrOutOfRange]; counts that Add cannot
// produce are an *[InputError]. On error c is unchanged.
func (c *CohortCounts) UnmarshalBinary(data []byte) error {
	return wire.Decode(binaryLayout("cohort counts"), data, c, func(r *wire.Reader, v *CohortCounts) {
		v.Period = Period(r.UintTo(int(Month)))
		v.WeekStart = time.Weekday(r.UintTo(int(time.Saturday)))
		v.Recurring = r.UintTo(1) == 1
		v.Location = string(r.Bytes(r.Len(1, math.MaxInt)))
		sec := r.Int()
		v.End = time.Unix(int64(sec), int64(r.UintTo(999_999_999))).UTC()
		// A cohort takes at least 3 bytes: start, size, number of periods.
		n := r.Len(3, math.MaxInt)
		if n == 0 {
			return
		}
		v.Cohorts = make([]CohortRow, n)
		var start int64
		for i := range v.Cohorts {
			if i == 0 {
				start = int64(r.Int())
			} else {
				start += int64(r.UintTo(1 << 40)) // more than MaxPeriods months
			}
			row := &v.Cohorts[i]
			row.Start = time.Unix(start, 0).UTC()
			row.Size = r.Count()
			if periods := r.Len(2, math.MaxInt); periods > 0 {
				row.Active, row.Retained = make([]int64, periods), make([]int64, periods)
				for n := range periods {
					row.Active[n], row.Retained[n] = r.Count(), r.Count()
				}
			}
			if r.Err() != nil {
				return
			}
		}
	}, (*CohortCounts).check)
}

// MarshalBinary encodes r in a compact, versioned layout that does not
// depend on Go's field layout, for shuffles and checkpoints:
//
//	byte     format version (1)
//	uvarint  number of rows, then per row:
//	8 bytes  Time (float64 bits, little endian)
//	uvarint  Events, Censored, Entries
//
// Times travel as their bits, so a decoded risk set is the same bit for
// bit. Rows that [RiskSet.Merge] rejects are an error.
func (r RiskSet) MarshalBinary() ([]byte, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(r.Rows)*(8+3*binary.MaxVarintLen64))
	b = binary.AppendUvarint(append(b, binaryFormat), uint64(len(r.Rows)))
	for _, row := range r.Rows {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(row.Time))
		b = wire.AppendCounts(b, row.Events, row.Censored, row.Entries)
	}
	return b, nil
}

// UnmarshalBinary decodes what [RiskSet.MarshalBinary] writes and checks it
// as [RiskSet.Merge] does. Empty or truncated data, or a number of rows
// that the data cannot hold, wraps io.ErrUnexpectedEOF; an unknown format
// version, a count past int64 or trailing bytes wrap [ErrOutOfRange]; rows
// that Add cannot produce are an *[InputError]. On error r is unchanged.
func (r *RiskSet) UnmarshalBinary(data []byte) error {
	return wire.Decode(binaryLayout("risk set"), data, r, func(rd *wire.Reader, v *RiskSet) {
		if n := rd.Len(8+3, math.MaxInt); n > 0 {
			v.Rows = make([]RiskRow, n)
			for i := range v.Rows {
				v.Rows[i] = RiskRow{Time: rd.Float(), Events: rd.Count(), Censored: rd.Count(), Entries: rd.Count()}
			}
		}
	}, (*RiskSet).check)
}
