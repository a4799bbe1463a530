package nps

import (
	"encoding/binary"
	"math/bits"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/rating"
)

// SWAR ("SIMD within a register") constants: one bit per byte lane.
const (
	lanes = 0x0101010101010101 // 1 in every byte
	highs = 0x8080808080808080 // the top bit of every byte
)

// CountBytes validates and counts ratings stored one per byte (0–10), the
// fast path for large integer data such as a column read from a file. It
// reads eight ratings at a time as one 64-bit word: adding 119 to a byte
// sets its top bit exactly when the byte is ≥ 9, adding 121 when it is ≥ 7,
// and adding 117 when it is ≥ 11 (invalid), so each word costs a handful of
// additions and two population counts. A byte above 10 returns a
// *[RatingError] wrapping [ErrOutOfRange] for the first one; an empty
// slice returns zero counts and no error (pass them to [FromCounts] for the
// ErrNoResponses check).
func CountBytes(ratings []uint8) (Counts, error) {
	var pro, notDet int // ratings ≥ 9, ratings ≥ 7
	var bad uint64
	i := 0
	for ; i+8 <= len(ratings); i += 8 {
		x := binary.LittleEndian.Uint64(ratings[i:])
		// A byte ≥ 128 has its top bit set already; a byte in 11…127 gets it
		// from +117. A carry out of a byte ≥ 139 can only disturb the lanes
		// above it, and that word is flagged anyway.
		bad |= (x | (x + 117*lanes)) & highs
		pro += bits.OnesCount64((x + 119*lanes) & highs)
		notDet += bits.OnesCount64((x + 121*lanes) & highs)
	}
	for _, r := range ratings[i:] {
		if r > 10 {
			bad = 1
		}
		if r >= 9 {
			pro++
		}
		if r >= 7 {
			notDet++
		}
	}
	if bad != 0 {
		for j, r := range ratings {
			if r > 10 {
				return Counts{}, wrap(rating.CheckInt(j, int(r), 0, 10))
			}
		}
	}
	return Counts{Promoters: pro, Passives: notDet - pro, Detractors: len(ratings) - notDet}, nil
}

// GroupSettings configures [CountByGroup]. A nil pointer means defaults.
type GroupSettings struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Inputs of
	// under about a million ratings always use one. The result does not
	// depend on Workers.
	Workers int
}

// CountByGroup validates and counts NPS ratings (one byte each, 0–10) by
// segment in one pass: groups[i] in [0, numGroups) is the segment of
// ratings[i], and the result holds one Counts per segment (zero counts for
// a segment with no ratings). Each goroutine fills its own table of
// per-segment, per-rating counters and the tables are summed at the end.
// Errors: [ErrLength] when the slices differ in length, [ErrNumGroups] for
// numGroups ≤ 0, and for the first bad element a *[RatingError] (rating
// above 10) or a *[GroupError] (id out of range), with the "nps: " prefix.
func CountByGroup(ratings []uint8, groups []int32, numGroups int, s *GroupSettings) ([]Counts, error) {
	workers := 0
	if s != nil {
		workers = s.Workers
	}
	tab, err := likert.CountByGroup(ratings, groups, numGroups, &categories, workers)
	if err != nil {
		return nil, wrap(err)
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
