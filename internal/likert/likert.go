// Package likert holds, once, what the csat and ces packages (and, for the
// grouped counter and the sample size, nps) share about ratings on a short
// integer scale: counting and validating ratings into a per-value table, the
// tally operations (Add, Merge, Check with sums that never wrap around), the
// mean and spread of a rating table, the interval methods for a share, the
// two-group comparisons of a share (pooled z) and of a mean (Welch's t),
// b − a, and the grouped byte counter with its context checks.
//
// The packages declare their exported types themselves (api.md §4); the code
// here returns errors that wrap the calling package's sentinels (see
// [Errors]), bad values as an [Input] that the package converts into its own
// InputError, and comparisons as generic types with the fields of the
// package's own, which it converts with a plain type conversion.
//
// A rating table is a slice (or array) of counts c[i] for the rating min+i.
// Summaries are computed from the table, so merging two tables by adding
// counts gives exactly the result of one pass over both samples.
package likert

import (
	"math"
	"strconv"

	"github.com/cxkit/cxkit/internal/interval"
	"github.com/cxkit/cxkit/internal/rating"
)

// MaxPoints is the widest scale a rating table holds: 11 points, enough for
// 0–10 and every smaller scale.
const MaxPoints = 11

// CountFloats adds each rating to counts (counts[v−min]++) and stops at the
// first one that is not a whole number in [min, max]: its *[Input] (see
// [Errors.CheckFloat]), counts then holding the ratings before it. The
// caller guarantees len(counts) ≥ max−min+1.
func (e *Errors) CountFloats(ratings []float64, min, max int, counts []int64) error {
	if i := countFloats(ratings, min, max, counts); i >= 0 {
		return e.badFloat(i, ratings[i], min, max)
	}
	return nil
}

// CheckFloat returns nil when the rating x at index i is a whole number in
// [min, max], and otherwise its *[Input], wrapping e.NonFinite, e.NotInteger
// or e.OutOfRange as [rating.Problem] finds (NaN and ±Inf first, so that
// they never pass a comparison by accident).
func (e *Errors) CheckFloat(i int, x float64, min, max int) error {
	// The one-conversion test of countFloats; the slow path says why.
	if v := int(x); float64(v) == x && v >= min && v <= max {
		return nil
	}
	return e.badFloat(i, x, min, max)
}

// badFloat is CheckFloat's error path.
func (e *Errors) badFloat(i int, x float64, min, max int) error {
	var err error
	switch rating.Problem(x, min, max) {
	case nil:
		return nil
	case rating.ErrNotFinite:
		err = Detail(e.NonFinite, "")
	case rating.ErrNotInteger:
		err = Detail(e.NotInteger, "")
	default:
		err = Detail(e.OutOfRange, Range(min, max))
	}
	return &Input{Index: i, Field: "rating", Value: strconv.FormatFloat(x, 'g', -1, 64), Err: err}
}

// countFloats counts ratings into counts up to the first one that is not a
// whole number in [min, max] and returns its index, or −1.
func countFloats(ratings []float64, min, max int, counts []int64) int {
	counts = counts[:max-min+1]
	for i, x := range ratings {
		// One conversion and one comparison validate x: a NaN, an infinity,
		// a fraction or a value beyond the int range never converts back to
		// itself (a conversion out of range gives an implementation-defined
		// int, not a panic), and the range test catches the rest.
		v := int(x)
		if float64(v) != x || v < min || v > max {
			return i
		}
		counts[v-min]++
	}
	return -1
}

// Moments holds the size, mean and sum of squared deviations of a rating
// table.
type Moments struct {
	N    int64
	Mean float64
	M2   float64
}

// Of returns the moments of the table counts over ratings min, min+1, ….
// Counts must be non-negative; an empty table gives N = 0 and NaN mean.
// The mean is computed from exact integer sums and M2 around that mean, so
// the result depends only on the counts, not on the order of the ratings.
func Of(counts []int64, min int) Moments {
	var n int64
	var s float64
	for i, c := range counts {
		n += c
		s += float64(c) * float64(min+i)
	}
	if n == 0 {
		return Moments{Mean: math.NaN()}
	}
	mean := s / float64(n)
	var m2 float64
	for i, c := range counts {
		if c != 0 {
			d := float64(min+i) - mean
			m2 += float64(c) * d * d
		}
	}
	return Moments{N: n, Mean: mean, M2: m2}
}

// SD returns the sample standard deviation √(M2/(n−1)) and whether it is
// defined (n ≥ 2).
func (m Moments) SD() (float64, bool) {
	if m.N < 2 {
		return math.NaN(), false
	}
	return math.Sqrt(m.M2 / float64(m.N-1)), true
}

// SEMean returns the standard error of the mean sd/√n and whether it is
// defined (n ≥ 2).
func (m Moments) SEMean() (float64, bool) {
	sd, ok := m.SD()
	if !ok {
		return math.NaN(), false
	}
	return sd / math.Sqrt(float64(m.N)), true
}

// Sum returns the total of counts[lo−min … hi−min], the number of ratings in
// [lo, hi]. Bounds outside the table are clipped.
func Sum(counts []int64, min, lo, hi int) int64 {
	var s int64
	for i, c := range counts {
		if v := min + i; v >= lo && v <= hi {
			s += c
		}
	}
	return s
}

// TInterval returns the t interval mean ± t(n−1, 1 − α/2)·sd/√n at the given
// level (already checked by the caller) and whether it is defined (n ≥ 2).
// When every rating is the same, sd = 0 and the interval is a point.
func (m Moments) TInterval(level float64) (interval.Interval, bool) {
	sd, ok := m.SD()
	if !ok {
		nan := math.NaN()
		return interval.Interval{Lower: nan, Upper: nan}, false
	}
	return interval.TMean(m.Mean, sd, int(m.N), level)
}

// OfInts is [Of] for a distribution of ints, such as a Result's
// Distribution (at most [MaxPoints] counts).
func OfInts(counts []int, min int) Moments {
	var c [MaxPoints]int64
	for i, k := range counts {
		c[i] = int64(k)
	}
	return Of(c[:len(counts)], min)
}
