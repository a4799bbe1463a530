package csat

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
)

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
