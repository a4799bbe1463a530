package csat

import (
	"context"
	"fmt"
	"iter"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/likert"
)

// Tally accumulates ratings on one scale, one at a time, for streams, shards
// and map-reduce. The zero value is an empty tally on [Scale5], ready for
// use; set Scale before the first Add for another scale:
//
//	t := csat.Tally{Scale: csat.Scale7}
//	_ = t.Add(6)
//
// Tally keeps the count of every rating value in exported fields, so it is a
// comparable value type (copy it, compare it with ==, send it as JSON and
// read it back) and merging the tallies of two parts equals one pass over
// both, exactly. Counts never wrap around: an Add or Merge that would take
// the total past MaxInt64 is an error. Not safe for concurrent use; give
// each goroutine its own and Merge them.
//
// JSON keys: scale, ratings (the MaxPoints counts); decoding checks them as
// Result does.
type Tally struct {
	// Scale is the rating scale; the zero Scale means Scale5.
	Scale Scale
	// Ratings[i] is the number of ratings Scale.Min + i; entries past the
	// scale's last point stay 0.
	Ratings [MaxPoints]int64
}

// Add includes one rating. A rating off the scale is not counted and returns
// an *[InputError] wrapping [ErrOutOfRange] whose Index is the number of
// ratings added before it; an invalid Scale returns its error.
func (t *Tally) Add(r int) error {
	sc, err := t.Scale.resolve()
	if err != nil {
		return err
	}
	return export(errs.Add(t.Ratings[:], sc.Min, sc.Max, r))
}

// AddAll includes every rating of seq, stopping at the first bad one, whose
// *[InputError] has its position in seq as Index.
func (t *Tally) AddAll(seq iter.Seq[int]) error {
	return addall.Seq(seq, t.Add, atIndex)
}

// Merge adds every rating counted by o. Tallies on different scales (the
// zero Scale and Scale5 are the same) return an error wrapping [ErrScale]
// and leave t unchanged, except that an empty o changes nothing and an empty
// t with the zero Scale takes o's. Invalid counts in either tally (set by
// hand: negative, off the scale), or a total past MaxInt64, are errors too.
func (t *Tally) Merge(o Tally) error {
	os, err := o.Scale.resolve()
	if err != nil {
		return err
	}
	n, err := errs.Check(o.Ratings[:], os.Min, os.Points())
	if err != nil {
		return export(err)
	}
	ts, err := t.Scale.resolve()
	if err != nil {
		return err
	}
	if _, err := errs.Check(t.Ratings[:], ts.Min, ts.Points()); err != nil || n == 0 {
		return export(err)
	}
	if ts != os && (t.N() != 0 || t.Scale != (Scale{})) {
		return fmt.Errorf("%w: merging a %d–%d tally (top box %d) into a %d–%d one (top box %d)",
			ErrScale, os.Min, os.Max, os.TopBoxMin, ts.Min, ts.Max, ts.TopBoxMin)
	}
	if err := errs.Merge(t.Ratings[:], o.Ratings[:], os.Min, os.Points()); err != nil {
		return export(err)
	}
	if ts != os {
		t.Scale = o.Scale
	}
	return nil
}

// Reset empties the tally and keeps its scale.
func (t *Tally) Reset() { t.Ratings = [MaxPoints]int64{} }

// N returns the number of ratings counted (MaxInt64 if counts set by hand
// sum past it; Result then returns an error).
func (t Tally) N() int64 { return likert.Saturated(t.Ratings[:]) }

// Result returns the CSAT of the ratings counted so far. An empty tally
// returns an error wrapping [ErrEmpty]; an invalid Scale, or counts set by
// hand that are negative, off the scale or sum past MaxInt64, return their
// errors.
func (t Tally) Result() (Result, error) {
	sc, err := t.Scale.resolve()
	if err != nil {
		return Result{}, err
	}
	if err := errs.Counted(t.Ratings[:], sc.Min, sc.Points()); err != nil {
		return Result{}, export(err)
	}
	return result(sc, t.Ratings[:]), nil
}

// GroupSettings configures [CountByGroup]. A nil pointer means defaults.
// JSON keys: workers.
type GroupSettings struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Inputs of
	// under about a million ratings always use one, and fewer run when
	// their count tables (12 bytes per group and scale point each) would
	// pass 1 GiB. The result does not depend on Workers.
	Workers int
}

// CountByGroup validates and counts ratings stored one per byte, by segment,
// in one pass: groups[i] in [0, numGroups) is the segment of ratings[i]. It
// returns one Tally per segment on scale (the zero Scale means Scale5; the
// scale must lie within 0–255). Each goroutine fills its own count table and
// the tables are summed at the end; the goroutines look at ctx about every
// million ratings, and a cancelled ctx returns its error.
//
// Errors, before anything is allocated: a bad scale ([ErrScale]), lengths
// that differ ([ErrLength]), numGroups outside 1..[MaxGroups]
// ([ErrOutOfRange]); then, for the first bad element, an *[InputError]
// wrapping [ErrOutOfRange] with Field "rating" or "group".
func CountByGroup(ctx context.Context, ratings []uint8, groups []int32, numGroups int, scale Scale, s *GroupSettings) ([]Tally, error) {
	sc, err := scale.resolve()
	if err != nil {
		return nil, err
	}
	if sc.Min < 0 || sc.Max > 255 {
		return nil, fmt.Errorf("%w: byte ratings need a scale within 0–255, got %d–%d", ErrScale, sc.Min, sc.Max)
	}
	workers := 0
	if s != nil {
		workers = s.Workers
	}
	tab, err := errs.Count(ctx, ratings, groups, numGroups, likert.PerPoint(sc.Min, sc.Max), workers)
	if err != nil {
		return nil, export(err)
	}
	p := sc.Points()
	out := make([]Tally, numGroups)
	for g := range out {
		out[g].Scale = sc
		copy(out[g].Ratings[:], tab[g*p:(g+1)*p])
	}
	return out, nil
}

// MaxGroups is the largest numGroups [CountByGroup] accepts (1,048,576): its
// count tables need 12 bytes per group, scale point and goroutine.
const MaxGroups = 1 << 20
