package csat

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/interval"
	"github.com/cxkit/cxkit/internal/likert"
)

// Interval is a closed interval [Lower, Upper].
type Interval = interval.Interval

// Method names an interval for the CSAT share. The zero value is Wilson.
type Method = likert.Method

// The interval methods for a share; see the package documentation.
const (
	Wilson         = likert.Wilson
	ClopperPearson = likert.ClopperPearson
	AgrestiCoull   = likert.AgrestiCoull
	Wald           = likert.Wald
	Jeffreys       = likert.Jeffreys
)

// Result is a CSAT with the mean rating and the counts behind both.
type Result struct {
	Scale     Scale // the scale used (the zero Scale resolved to Scale5)
	N         int   // number of responses
	Satisfied int   // responses in the top box (rating ≥ Scale.TopBoxMin)
	// CSAT is the share satisfied in percent, 100·Satisfied/N, unrounded
	// (round for display; Delighted shows whole numbers).
	CSAT float64
	// Mean is the mean rating, reported alongside the CSAT (it is not the CSAT).
	Mean float64
	// SD is the sample standard deviation of the ratings (divisor n − 1) and
	// SEMean = SD/√n; both NaN when MeanDefined is false.
	SD, SEMean float64
	// MeanDefined is false for a single response (n < 2): the spread, and so
	// the mean's interval, is undefined.
	MeanDefined bool
	// Distribution[i] is the number of ratings Scale.Min + i; entries past
	// the scale's last point are 0.
	Distribution [likert.MaxPoints]int
}

// Score returns the CSAT of ratings on scale (the zero Scale means Scale5).
// Integer-valued floats are accepted. It returns an error wrapping
// [ErrNoResponses] for an empty slice, [ErrScale] or [ErrTopBox] for a bad
// scale, and for the first bad rating a *[RatingError] wrapping
// [ErrNotFinite], [ErrNotInteger] or [ErrOutOfRange].
func Score(ratings []float64, scale Scale) (Result, error) {
	sc, err := scale.resolve()
	if err != nil {
		return Result{}, err
	}
	t := Tally{Scale: sc}
	if err := likert.CountFloats(ratings, sc.Min, sc.Max, t.Ratings[:]); err != nil {
		return Result{}, wrap(err)
	}
	return t.Result()
}

// FromCounts returns the CSAT of a rating distribution: counts[i] is the
// number of ratings scale.Min + i, and len(counts) must equal the number of
// points on the scale. Negative counts ([ErrNegativeCount]), all-zero counts
// ([ErrNoResponses]), a bad scale or a wrong length ([ErrCounts]) return an
// error.
func FromCounts(counts []int, scale Scale) (Result, error) {
	sc, err := scale.resolve()
	if err != nil {
		return Result{}, err
	}
	if len(counts) != sc.Points() {
		return Result{}, fmt.Errorf("%w: %d counts for a %d-point scale", ErrCounts, len(counts), sc.Points())
	}
	t := Tally{Scale: sc}
	for i, c := range counts {
		t.Ratings[i] = int64(c)
	}
	return t.Result()
}

// result computes a Result from a validated scale and non-negative counts.
func result(sc Scale, counts []int64) (Result, error) {
	m := likert.Of(counts[:sc.Points()], sc.Min)
	if m.N == 0 {
		return Result{}, fmt.Errorf("%w: all counts are zero", ErrNoResponses)
	}
	sat := likert.Sum(counts, sc.Min, sc.TopBoxMin, sc.Max)
	r := Result{
		Scale: sc, N: int(m.N), Satisfied: int(sat),
		CSAT: 100 * float64(sat) / float64(m.N), Mean: m.Mean,
	}
	r.SD, r.MeanDefined = m.SD()
	r.SEMean, _ = m.SEMean()
	for i := range sc.Points() {
		r.Distribution[i] = int(counts[i])
	}
	return r, nil
}

// moments recovers the moments of the ratings from the distribution.
func (r Result) moments() likert.Moments {
	var c [likert.MaxPoints]int64
	for i, k := range r.Distribution {
		c[i] = int64(k)
	}
	return likert.Of(c[:], r.Scale.Min)
}

// Interval returns the confidence interval of the CSAT in percent at the
// given level by method m (the zero Method is Wilson, the recommended
// default; Clopper–Pearson is exact and conservative; Agresti–Coull is
// clipped to [0, 100]). A bad level returns an error wrapping [ErrLevel].
func (r Result) Interval(level float64, m Method) (Interval, error) {
	if r.N <= 0 {
		return Interval{}, fmt.Errorf("%w: empty result", ErrNoResponses)
	}
	iv, err := likert.ShareInterval(int64(r.Satisfied), int64(r.N), level, m)
	if err != nil {
		return Interval{}, wrap(err)
	}
	return iv.Scale(100), nil
}

// MeanInterval returns the t interval of the mean rating,
// mean ± t(n−1, 1 − α/2)·SD/√n, at the given level. With a single response
// the interval is undefined: ok is false and the bounds are NaN. When every
// rating is the same the interval is the point [mean, mean]. A bad level
// returns an error wrapping [ErrLevel].
func (r Result) MeanInterval(level float64) (iv Interval, ok bool, err error) {
	if err := checkLevel(level); err != nil {
		nan := math.NaN()
		return Interval{Lower: nan, Upper: nan}, false, err
	}
	iv, ok = r.moments().TInterval(level)
	return iv, ok, nil
}
