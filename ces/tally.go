package ces

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/rating"
)

// Tally accumulates CES ratings one at a time, for streams, shards and
// map-reduce. The zero value is an empty CES 2.0 tally, ready for use; set
// Version to V1 before the first Add for the 1–5 effort scale.
//
// Tally keeps the count of every rating, so it is a comparable value type
// and merging two tallies equals one pass over both, exactly. Not safe for
// concurrent use; give each goroutine its own and Merge them.
type Tally struct {
	// Version is the questionnaire; the zero value is V2.
	Version Version
	// Ratings[i] is the number of ratings i + 1.
	Ratings [7]int64
}

// Add includes one rating. A rating off the version's scale is not counted
// and returns a *[RatingError] wrapping [ErrOutOfRange] whose Index is the
// number of ratings added before it.
func (t *Tally) Add(r int) error {
	b, err := t.Version.band()
	if err != nil {
		return err
	}
	if r < b.min || r > b.max {
		return wrap(rating.CheckInt(int(t.N()), r, b.min, b.max))
	}
	t.Ratings[r-b.min]++
	return nil
}

// Merge adds every rating counted by o. It panics if both tallies hold
// ratings of different versions; an empty o changes nothing and an empty t
// takes o's version.
func (t *Tally) Merge(o Tally) {
	if o.N() == 0 {
		return
	}
	if t.Version != o.Version {
		if t.N() != 0 {
			panic(fmt.Sprintf("ces: Merge of a %v tally into a %v tally", o.Version, t.Version))
		}
		t.Version = o.Version
	}
	for i, c := range o.Ratings {
		t.Ratings[i] += c
	}
}

// Reset empties the tally and keeps its version.
func (t *Tally) Reset() { t.Ratings = [7]int64{} }

// N returns the number of ratings counted.
func (t Tally) N() int64 {
	var n int64
	for _, c := range t.Ratings {
		n += c
	}
	return n
}

// Result returns the CES of the ratings counted so far. An empty tally
// returns an error wrapping [ErrNoResponses].
func (t Tally) Result() (Result, error) {
	b, err := t.Version.band()
	if err != nil {
		return Result{}, err
	}
	for i, c := range t.Ratings {
		if c < 0 {
			return Result{}, fmt.Errorf("%w: count %d for rating %d", ErrNegativeCount, c, i+1)
		}
		if c != 0 && i >= b.max {
			return Result{}, fmt.Errorf("ces: %w: %d ratings of %d counted for %v", ErrOutOfRange, c, i+1, t.Version)
		}
	}
	return result(t.Version, b, t.Ratings[:])
}

// GroupSettings configures [CountByGroup]. A nil pointer means defaults.
type GroupSettings struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Inputs of
	// under about a million ratings always use one. The result does not
	// depend on Workers.
	Workers int
}

// CountByGroup validates and counts ratings stored one per byte, by segment,
// in one pass: groups[i] in [0, numGroups) is the segment (team, channel,
// touchpoint) of ratings[i]. It returns one Tally of version v per segment.
// Each goroutine fills its own count table and the tables are summed at the
// end. Errors: [ErrMismatch], [ErrNumGroups], [ErrVersion], and for the
// first bad element a *[RatingError] (a rating off the version's scale) or
// a *[GroupError], with the "ces: " prefix.
func CountByGroup(ratings []uint8, groups []int32, numGroups int, v Version, s *GroupSettings) ([]Tally, error) {
	b, err := v.band()
	if err != nil {
		return nil, err
	}
	workers := 0
	if s != nil {
		workers = s.Workers
	}
	tab, err := likert.CountByGroup(ratings, groups, numGroups, likert.PerPoint(b.min, b.max), workers)
	if err != nil {
		return nil, wrap(err)
	}
	p := b.max - b.min + 1
	out := make([]Tally, numGroups)
	for g := range out {
		out[g].Version = v
		copy(out[g].Ratings[:], tab[g*p:(g+1)*p])
	}
	return out, nil
}
