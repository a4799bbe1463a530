package nps

import (
	"context"
	"encoding/binary"
	"iter"
	"math"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/likert"
)

// Tally accumulates 0–10 ratings one at a time, for streams, shards and
// map-reduce. The zero value is an empty tally ready for use:
//
//	var t nps.Tally
//	_ = t.Add(9)
//
// Tally keeps the count of every rating value, so it is a comparable value
// type that can be copied, compared with ==, sent as JSON, and merged
// exactly: merging the tallies of two parts gives the same tally, bit for
// bit, as one pass over both. Its four methods map onto a Beam CombineFn
// (CreateAccumulator = the zero value, AddInput = Add, MergeAccumulators =
// Merge, ExtractOutput = Result). A Tally is not safe for concurrent use;
// give each goroutine its own and Merge them.
//
// JSON keys: ratings (the 11 counts).
type Tally struct {
	// Ratings[r] is the number of ratings r seen, for r = 0 … 10. Counts
	// set by hand must be non-negative, and their sum must fit in an int64;
	// Result, Merge and UnmarshalJSON report any that are not.
	Ratings [11]int64
}

// Add includes one rating. A rating outside 0–10 is not counted and returns
// an *[InputError] (wrapping [ErrOutOfRange]) whose Index is the number of
// ratings added before it. A count that would pass math.MaxInt64 is an
// error wrapping ErrOutOfRange.
func (t *Tally) Add(r int) error {
	if uint(r) <= 10 && t.Ratings[r] < math.MaxInt64 { // the common case, no call
		t.Ratings[r]++
		return nil
	}
	return t.add(r)
}

// add is Add's slow path: the shared likert check returns the error.
func (t *Tally) add(r int) error { return export(errs.Add(t.Ratings[:], 0, 10, r)) }

// AddAll includes every rating of seq and stops at the first bad one, whose
// *[InputError] has its position in seq as Index; the ratings before it stay
// counted.
func (t *Tally) AddAll(seq iter.Seq[int]) error {
	return addall.Seq(seq, t.Add, atIndex)
}

// Merge adds every rating counted by o. A negative count in either tally is
// an *[InputError] wrapping [ErrNegative] (Field "count", Index the
// rating), and counts whose sum would overflow int64 wrap [ErrOutOfRange];
// t is then left unchanged.
func (t *Tally) Merge(o Tally) error {
	return export(errs.Merge(t.Ratings[:], o.Ratings[:], 0, len(t.Ratings)))
}

// check reports negative counts or counts whose sum overflows int64.
func (t Tally) check() error {
	_, err := errs.Total(t.Ratings[:])
	return export(err)
}

// Reset empties the tally.
func (t *Tally) Reset() { *t = Tally{} }

// N returns the number of ratings counted. It saturates at math.MaxInt
// rather than wrap around for counts set by hand beyond that.
func (t Tally) N() int { return int(min(likert.Saturated(t.Ratings[:]), math.MaxInt)) }

// Counts returns the number of promoters (9–10), passives (7–8) and
// detractors (0–6). Sums that do not fit in an int saturate (see
// [Counts.N]); Result reports them as an error.
func (t Tally) Counts() Counts {
	var c Counts
	for r, k := range t.Ratings {
		switch category(r) {
		case Promoter:
			c.Promoters = satAdd(c.Promoters, int(k))
		case Passive:
			c.Passives = satAdd(c.Passives, int(k))
		default:
			c.Detractors = satAdd(c.Detractors, int(k))
		}
	}
	return c
}

// Result returns the NPS of the ratings counted so far. An empty tally
// returns an error wrapping [ErrEmpty]; counts set negative by hand an
// *[InputError] wrapping [ErrNegative]; counts whose sum overflows an error
// wrapping [ErrOutOfRange].
func (t Tally) Result() (Result, error) {
	if err := t.check(); err != nil {
		return Result{}, err
	}
	return FromCounts(t.Counts())
}

// SWAR ("SIMD within a register") constants: one bit per byte lane.
const (
	lanes = 0x0101010101010101 // 1 in every byte
	highs = 0x8080808080808080 // the top bit of every byte
)

// CountBytes validates and counts ratings stored one per byte (0–10), the
// fast path for large integer data such as a column read from a file. On
// amd64 processors with AVX-512 it compares 64 bytes at a time with 9, 7
// and 10 and counts the mask bits; elsewhere (and with -tags purego) it
// reads eight ratings at a time as one 64-bit word: adding 119 to a byte
// sets its top bit exactly when the byte is ≥ 9, adding 121 when it is ≥ 7,
// and adding 117 when it is ≥ 11 (invalid). Those top bits, shifted down,
// are summed lane by lane in two 64-bit accumulators that are emptied every
// 255 words, so each word costs a few additions and no branch. A byte above
// 10 returns an *[InputError] wrapping [ErrOutOfRange] for the first one;
// an empty slice returns zero counts and no error (pass them to
// [FromCounts] for the ErrEmpty check). CountBytes is linear and fast (a
// fraction of a millisecond for ten million ratings), so it takes no
// context.
func CountBytes(ratings []uint8) (Counts, error) {
	pro, notDet, ok := countBytes(ratings)
	if !ok {
		return Counts{}, firstBadByte(ratings)
	}
	return Counts{Promoters: pro, Passives: notDet - pro, Detractors: len(ratings) - notDet}, nil
}

// countBytesSWAR counts the ratings ≥ 9 and ≥ 7 eight bytes at a time (see
// CountBytes); ok is false if a byte is above 10.
func countBytesSWAR(ratings []uint8) (pro, notDet int, ok bool) {
	var bad uint64
	i := 0
	for i+8 <= len(ratings) {
		// Up to 255 words per round, so that no byte lane of the
		// accumulators (each word adds 0 or 1 per lane) can overflow.
		end := min(len(ratings)-len(ratings)%8, i+8*255)
		var accPro, accNotDet uint64
		for ; i < end; i += 8 {
			x := binary.LittleEndian.Uint64(ratings[i:])
			// A byte ≥ 128 has its top bit set already; a byte in 11…127
			// gets it from +117. A carry out of a byte ≥ 139 can only
			// disturb the lanes above it, and that word is flagged anyway.
			bad |= x | (x + 117*lanes)
			accPro += ((x + 119*lanes) >> 7) & lanes
			accNotDet += ((x + 121*lanes) >> 7) & lanes
		}
		pro += laneSum(accPro)
		notDet += laneSum(accNotDet)
	}
	if bad&highs != 0 {
		return 0, 0, false
	}
	for _, r := range ratings[i:] {
		if r > 10 {
			return 0, 0, false
		}
		if r >= 9 {
			pro++
		}
		if r >= 7 {
			notDet++
		}
	}
	return pro, notDet, true
}

// laneSum adds the eight byte lanes of x (each at most 255).
func laneSum(x uint64) int {
	x = (x & 0x00ff00ff00ff00ff) + ((x >> 8) & 0x00ff00ff00ff00ff) // four 16-bit sums
	return int((x * 0x0001000100010001) >> 48)                     // their total in the top 16 bits
}

// firstBadByte returns the error for the first rating above 10.
func firstBadByte(ratings []uint8) error {
	for j, r := range ratings {
		if r > 10 {
			return intRatingError(j, int(r))
		}
	}
	return nil
}

// GroupSettings configures [CountByGroup]. A nil pointer means defaults.
//
// JSON keys: workers.
type GroupSettings struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Inputs of
	// under about a million ratings always use one, and fewer run when
	// their count tables (36 bytes per group each) would pass 1 GiB in all.
	// The result does not depend on Workers.
	Workers int
}

// MaxGroups is the largest numGroups that [CountByGroup] accepts
// (1,048,576): its count tables take 36 bytes per group and goroutine.
const MaxGroups = 1 << 20

// CountByGroup validates and counts NPS ratings (one byte each, 0–10) by
// segment in one pass: groups[i] in [0, numGroups) is the segment of
// ratings[i], and the result holds one Counts per segment (zero counts for
// a segment with no ratings). Each goroutine fills its own table of
// per-segment, per-category counters and the tables are summed at the end.
// Every goroutine looks at ctx after each 65,408 ratings with up to 2,729
// groups, 262,144 with more, and 32,768 once the table passes 1 MB (as at
// MaxGroups): well under 100 ms in every case, so that a cancelled context
// stops even a huge input at once with ctx.Err().
//
// Errors, before anything is allocated: [ErrLength] when the slices differ
// in length, [ErrOutOfRange] for numGroups outside 1 … [MaxGroups]. Then an
// *[InputError] wrapping ErrOutOfRange for the first bad element (lowest
// index), with Field "rating" (above 10) or "group" (outside
// [0, numGroups)).
func CountByGroup(ctx context.Context, ratings []uint8, groups []int32, numGroups int, s *GroupSettings) ([]Counts, error) {
	workers := 0
	if s != nil {
		workers = s.Workers
	}
	tab, err := errs.Count(ctx, ratings, groups, numGroups, &categories, workers)
	if err != nil {
		return nil, export(err)
	}
	out := make([]Counts, numGroups)
	for g := range out {
		row := tab[3*g : 3*g+3]
		out[g] = Counts{Promoters: int(row[Promoter]), Passives: int(row[Passive]), Detractors: int(row[Detractor])}
	}
	return out, nil
}

// categories maps a byte rating to its Category (0–10) or to the invalid
// class 3 (11–255), for the grouped counter.
var categories = func() likert.Classes {
	c := likert.Classes{N: 3, Min: 0, Max: 10}
	for b := range c.Of {
		switch {
		case b > 10:
			c.Of[b] = 3
		case b >= 9:
			c.Of[b] = uint8(Promoter)
		case b >= 7:
			c.Of[b] = uint8(Passive)
		default:
			c.Of[b] = uint8(Detractor)
		}
	}
	return c
}()
