package csat

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/rating"
)

// Tally accumulates ratings on one scale, one at a time, for streams, shards
// and map-reduce. The zero value is an empty tally on [Scale5], ready for
// use; set Scale before the first Add for another scale:
//
//	t := csat.Tally{Scale: csat.Scale7}
//	_ = t.Add(6)
//
// Tally keeps the count of every rating value, so it is a comparable value
// type (copy it, compare it with ==, serialise it) and merging the tallies of
// two parts equals one pass over both, exactly. Not safe for concurrent use;
// give each goroutine its own and Merge them.
type Tally struct {
	// Scale is the rating scale; the zero Scale means Scale5.
	Scale Scale
	// Ratings[i] is the number of ratings Scale.Min + i.
	Ratings [likert.MaxPoints]int64
}

// Add includes one rating. A rating off the scale is not counted and returns
// a *[RatingError] wrapping [ErrOutOfRange] whose Index is the number of
// ratings added before it; an invalid Scale returns its error.
func (t *Tally) Add(r int) error {
	sc, err := t.Scale.resolve()
	if err != nil {
		return err
	}
	if r < sc.Min || r > sc.Max {
		return wrap(rating.CheckInt(int(t.N()), r, sc.Min, sc.Max))
	}
	t.Ratings[r-sc.Min]++
	return nil
}

// Merge adds every rating counted by o. It panics if both tallies hold
// ratings on different scales (the zero Scale and Scale5 are the same); an
// empty o changes nothing, and an empty t with the zero Scale takes o's.
func (t *Tally) Merge(o Tally) {
	if o.N() == 0 {
		return
	}
	ts, _ := t.Scale.resolve()
	os, _ := o.Scale.resolve()
	if ts != os {
		if t.N() != 0 || t.Scale != (Scale{}) {
			panic(fmt.Sprintf("csat: Merge of tallies on different scales %+v and %+v", ts, os))
		}
		t.Scale = o.Scale
	}
	for i, c := range o.Ratings {
		t.Ratings[i] += c
	}
}

// Reset empties the tally and keeps its scale.
func (t *Tally) Reset() { t.Ratings = [likert.MaxPoints]int64{} }

// N returns the number of ratings counted.
func (t Tally) N() int64 {
	var n int64
	for _, c := range t.Ratings {
		n += c
	}
	return n
}

// Result returns the CSAT of the ratings counted so far. An empty tally
// returns an error wrapping [ErrNoResponses]; an invalid Scale or counts set
// negative by hand return their errors.
func (t Tally) Result() (Result, error) {
	sc, err := t.Scale.resolve()
	if err != nil {
		return Result{}, err
	}
	for i, c := range t.Ratings {
		if c < 0 {
			return Result{}, fmt.Errorf("%w: count %d for rating %d", ErrNegativeCount, c, sc.Min+i)
		}
		if c != 0 && i >= sc.Points() {
			return Result{}, fmt.Errorf("csat: %w: %d ratings of %d counted on a %d–%d scale", ErrOutOfRange, c, sc.Min+i, sc.Min, sc.Max)
		}
	}
	return result(sc, t.Ratings[:])
}

// GroupSettings configures [CountByGroup]. A nil pointer means defaults.
type GroupSettings struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Inputs of
	// under about a million ratings always use one. The result does not
	// depend on Workers.
	Workers int
}

// CountByGroup validates and counts ratings stored one per byte, by segment,
// in one pass: groups[i] in [0, numGroups) is the segment of ratings[i]. It
// returns one Tally per segment on scale (the zero Scale means Scale5; the
// scale must start at 0 or above). Each goroutine fills its own count table
// and the tables are summed at the end. Errors: [ErrLength], [ErrNumGroups],
// a bad scale, and for the first bad element a *[RatingError] or a
// *[GroupError], with the "csat: " prefix.
func CountByGroup(ratings []uint8, groups []int32, numGroups int, scale Scale, s *GroupSettings) ([]Tally, error) {
	sc, err := scale.resolve()
	if err != nil {
		return nil, err
	}
	if sc.Min < 0 {
		return nil, fmt.Errorf("%w: byte ratings need a scale starting at 0 or above, got %d", ErrScale, sc.Min)
	}
	workers := 0
	if s != nil {
		workers = s.Workers
	}
	if sc.Max > 255 {
		return nil, fmt.Errorf("%w: byte ratings need a scale ending at 255 or below, got %d", ErrScale, sc.Max)
	}
	tab, err := likert.CountByGroup(ratings, groups, numGroups, likert.PerPoint(sc.Min, sc.Max), workers)
	if err != nil {
		return nil, wrap(err)
	}
	p := sc.Points()
	out := make([]Tally, numGroups)
	for g := range out {
		out[g].Scale = sc
		copy(out[g].Ratings[:], tab[g*p:(g+1)*p])
	}
	return out, nil
}
