package ces

import (
	"context"
	"fmt"
	"iter"
	"math"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/settings"
)

// Tally accumulates CES ratings one at a time, for streams, shards and
// map-reduce. The zero value is an empty CES 2.0 tally, ready for use; set
// Version to V1 before the first Add for the 1–5 effort scale.
//
// Tally keeps the count of every rating in exported fields, so it is a
// comparable value type that survives JSON, and merging two tallies equals
// one pass over both, exactly. No count wraps around: an Add or Merge that
// would take the total past MaxInt64 returns an error instead. Not safe for
// concurrent use; give each goroutine its own and Merge them.
//
// JSON keys: version (by name), ratings (7 counts); decoding rejects counts
// that Add could never produce.
type Tally struct {
	// Version is the questionnaire; the zero value is V2.
	Version Version
	// Ratings[i] is the number of ratings i + 1 (for V1 the last two stay 0).
	Ratings [7]int64
}

// Add includes one rating. A rating off the version's scale is not counted
// and returns an *[InputError] wrapping [ErrOutOfRange] whose Index is the
// number of ratings added before it.
func (t *Tally) Add(r int) error {
	if uint(t.Version) < uint(len(bands)) { // the common case, no call
		b := &bands[t.Version]
		if i := r - b.min; uint(i) <= uint(b.max-b.min) && t.Ratings[i] < math.MaxInt64 {
			t.Ratings[i]++
			return nil
		}
	}
	return t.add(r)
}

// add is Add's slow path: the error of an unknown version or, from the
// shared likert check, of a rating off the scale or a full count.
func (t *Tally) add(r int) error {
	b, err := t.Version.band()
	if err == nil {
		err = export(errs.Add(t.Ratings[:], b.min, b.max, r))
	}
	return err
}

// Merge adds every rating counted by o. Tallies of different versions that
// both hold ratings are an error wrapping [ErrScale] (t is left as it was);
// an empty o changes nothing and an empty t takes o's version. Hand-set
// counts that are invalid in either tally, an unknown version, or a total
// past MaxInt64, are errors as well.
func (t *Tally) Merge(o Tally) error {
	ob, err := o.Version.band()
	if err != nil {
		return err
	}
	n, err := errs.Check(o.Ratings[:], ob.min, ob.max)
	if err != nil {
		return export(err)
	}
	tb, err := t.Version.band()
	if err != nil {
		return err
	}
	if _, err := errs.Check(t.Ratings[:], tb.min, tb.max); err != nil || n == 0 {
		return export(err)
	}
	if t.Version != o.Version && t.N() != 0 {
		return fmt.Errorf("%w: merging a %v tally into a %v tally", ErrScale, o.Version, t.Version)
	}
	if err := errs.Merge(t.Ratings[:], o.Ratings[:], ob.min, ob.max); err != nil {
		return export(err)
	}
	t.Version = o.Version
	return nil
}

// AddAll includes the ratings of seq in order and stops at the first bad
// one; its *[InputError] carries its position in seq.
func (t *Tally) AddAll(seq iter.Seq[int]) error {
	return addall.Seq(seq, t.Add, atIndex)
}

// Reset empties the tally and keeps its version.
func (t *Tally) Reset() { t.Ratings = [7]int64{} }

// N returns how many ratings the tally holds (MaxInt64 when counts set by
// hand add up past it, which Result reports as an error).
func (t Tally) N() int64 { return likert.Saturated(t.Ratings[:]) }

// Result returns the CES of the ratings counted so far. An empty tally
// returns an error wrapping [ErrEmpty]; an unknown version, or counts set
// by hand that are negative, off the scale or sum past MaxInt64, return
// their errors.
func (t Tally) Result() (Result, error) {
	b, err := t.Version.band()
	if err != nil {
		return Result{}, err
	}
	if err := errs.Counted(t.Ratings[:], b.min, b.max); err != nil {
		return Result{}, export(err)
	}
	return result(t.Version, b, t.Ratings[:]), nil
}

// GroupSettings configures [CountByGroup]; nil means the defaults.
// JSON keys: workers.
type GroupSettings struct {
	// Workers is how many goroutines count; 0 means GOMAXPROCS, and inputs
	// below about a million ratings use one whatever it says; fewer run
	// when their tables (84 bytes per group each) would pass 1 GiB.
	// It never changes the result.
	Workers int
}

// MaxGroups is the largest numGroups [CountByGroup] takes, 1,048,576 (each
// group costs 84 bytes of table per goroutine).
const MaxGroups = 1 << 20

// CountByGroup validates and counts ratings stored one per byte, by segment,
// in one pass: groups[i] in [0, numGroups) is the segment (team, channel,
// touchpoint) of ratings[i]. It returns one Tally of version v per segment.
// Each goroutine fills its own count table and the tables are summed at the
// end; every million ratings or so each goroutine checks ctx, and a
// cancelled ctx ends the call with ctx's error.
//
// Errors come before any allocation: an unknown version ([ErrScale]),
// lengths that differ ([ErrLength]) or numGroups outside 1..[MaxGroups]
// ([ErrOutOfRange]); after the pass, an *[InputError] wrapping
// [ErrOutOfRange] names the first bad rating or group id and its index.
func CountByGroup(ctx context.Context, ratings []uint8, groups []int32, numGroups int, v Version, s *GroupSettings) ([]Tally, error) {
	b, err := v.band()
	if err != nil {
		return nil, err
	}
	set := settings.Of(s)
	tab, err := errs.Count(ctx, ratings, groups, numGroups, likert.PerPoint(b.min, b.max), set.Workers)
	if err != nil {
		return nil, export(err)
	}
	out := make([]Tally, numGroups)
	for g, p := range out {
		p.Version = v
		copy(p.Ratings[:], tab[g*b.max:(g+1)*b.max])
		out[g] = p
	}
	return out, nil
}
