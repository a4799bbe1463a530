package likert

import (
	"fmt"
	"math"
	"strconv"
)

// The tally of a rating scale is a table of counts, counts[i] for the rating
// min+i (csat.Tally.Ratings, ces.Tally.Ratings). The functions below are the
// one implementation of what the packages' Tally methods do with it; counts
// never wrap around: a sum that would pass MaxInt64 is an error.

// Total returns the number of ratings in counts: an error wrapping
// e.Negative for a negative count, or e.OutOfRange when the sum passes
// MaxInt64.
func (e *Errors) Total(counts []int64) (int64, error) {
	var n int64
	for i, c := range counts {
		if c < 0 {
			return 0, &Input{Index: i, Field: "count", Value: strconv.FormatInt(c, 10), Err: Detail(e.Negative, "")}
		}
		if c > math.MaxInt64-n {
			return 0, fmt.Errorf("%w: the counts sum past %d", e.OutOfRange, int64(math.MaxInt64))
		}
		n += c
	}
	return n, nil
}

// Saturated returns the number of ratings in counts, non-negative counts
// assumed, or MaxInt64 when the sum does not fit.
func Saturated(counts []int64) int64 {
	var n int64
	for _, c := range counts {
		if c > math.MaxInt64-n {
			return math.MaxInt64
		}
		n += max(c, 0)
	}
	return n
}

// Add counts the rating r on [min, max] into counts. A rating off the scale
// is an *[Input] whose Index is the number of ratings counted before it; a
// count already at MaxInt64 is an error (no count wraps around; a total past
// MaxInt64 is caught by [Errors.Check], which Result calls).
func (e *Errors) Add(counts []int64, min, max, r int) error {
	if r < min || r > max {
		return e.BadRating(int(min64(Saturated(counts), math.MaxInt)), r, min, max)
	}
	if counts[r-min] == math.MaxInt64 {
		return fmt.Errorf("%w: %d ratings of %d counted already", e.OutOfRange, int64(math.MaxInt64), r)
	}
	counts[r-min]++
	return nil
}

func min64(a, b int64) int64 { return min(a, b) }

// Check validates a tally's counts on a scale of points ratings from min:
// none negative, none past the scale, a total that fits; it returns the
// total.
func (e *Errors) Check(counts []int64, min, points int) (int64, error) {
	n, err := e.Total(counts)
	if err != nil {
		return 0, err
	}
	for i := points; i < len(counts); i++ {
		if counts[i] != 0 {
			return 0, fmt.Errorf("%w: %d ratings of %d counted on the %s scale", e.OutOfRange, counts[i], min+i, Range(min, min+points-1))
		}
	}
	return n, nil
}

// Counted checks a tally's counts as [Errors.Check] does, for its Result:
// counts that hold no rating are an error wrapping e.Empty.
func (e *Errors) Counted(counts []int64, min, points int) error {
	n, err := e.Check(counts, min, points)
	if err == nil && n == 0 {
		err = fmt.Errorf("%w: no ratings counted", e.Empty)
	}
	return err
}

// Merge adds src into dst, both checked tallies on the scale of points
// ratings from min. On any error dst is unchanged.
func (e *Errors) Merge(dst, src []int64, min, points int) error {
	if _, err := e.Check(src, min, points); err != nil {
		return err
	}
	nd, err := e.Check(dst, min, points)
	if err != nil {
		return err
	}
	if ns := Saturated(src); ns > math.MaxInt64-nd {
		return fmt.Errorf("%w: merging %d ratings into %d passes %d", e.OutOfRange, ns, nd, int64(math.MaxInt64))
	}
	for i, c := range src {
		dst[i] += c
	}
	return nil
}

// FromInts copies counts into dst, which has room for them: len(counts)
// must equal points (else e.Length), no count may be negative (an *[Input]
// wrapping e.Negative) and the total must fit.
func (e *Errors) FromInts(dst []int64, counts []int, points int) (int64, error) {
	if len(counts) != points {
		return 0, fmt.Errorf("%w: %d counts for a %d-point scale", e.Length, len(counts), points)
	}
	for i, c := range counts {
		dst[i] = int64(c)
	}
	n, err := e.Total(dst[:points])
	if err == nil && n == 0 {
		err = fmt.Errorf("%w: all counts are zero", e.Empty)
	}
	return n, err
}
