package nps

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/rating"
)

// Tally accumulates 0–10 ratings one at a time, for streams, shards and
// map-reduce. The zero value is an empty tally ready for use:
//
//	var t nps.Tally
//	_ = t.Add(9)
//
// Tally keeps the count of every rating value, so it is a comparable value
// type that can be copied, compared with ==, serialised, and merged exactly:
// merging the tallies of two parts gives the same tally, bit for bit, as one
// pass over both. Its four methods map onto a Beam CombineFn
// (CreateAccumulator = the zero value, AddInput = Add, MergeAccumulators =
// Merge, ExtractOutput = Result). A Tally is not safe for concurrent use;
// give each goroutine its own and Merge them.
type Tally struct {
	// Ratings[r] is the number of ratings r seen, for r = 0 … 10.
	Ratings [11]int64
}

// Add includes one rating. A rating outside 0–10 is not counted and returns a
// *[RatingError] (wrapping [ErrOutOfRange]) whose Index is the number of
// ratings added before it.
func (t *Tally) Add(r int) error {
	if r < 0 || r > 10 {
		return wrap(rating.CheckInt(int(t.N()), r, 0, 10))
	}
	t.Ratings[r]++
	return nil
}

// Merge adds every rating counted by o.
func (t *Tally) Merge(o Tally) {
	for i, c := range o.Ratings {
		t.Ratings[i] += c
	}
}

// Reset empties the tally.
func (t *Tally) Reset() { *t = Tally{} }

// N returns the number of ratings counted.
func (t Tally) N() int64 {
	var n int64
	for _, c := range t.Ratings {
		n += c
	}
	return n
}

// Counts returns the number of promoters (9–10), passives (7–8) and
// detractors (0–6).
func (t Tally) Counts() Counts {
	var c Counts
	for r, k := range t.Ratings {
		switch {
		case r >= 9:
			c.Promoters += int(k)
		case r >= 7:
			c.Passives += int(k)
		default:
			c.Detractors += int(k)
		}
	}
	return c
}

// Result returns the NPS of the ratings counted so far. An empty tally
// returns an error wrapping [ErrNoResponses]; a tally whose exported counts
// were set negative by hand returns one wrapping [ErrNegativeCount].
func (t Tally) Result() (Result, error) {
	for r, k := range t.Ratings {
		if k < 0 {
			return Result{}, fmt.Errorf("%w: rating %d has count %d", ErrNegativeCount, r, k)
		}
	}
	return FromCounts(t.Counts())
}
