package csat

import "github.com/cxkit/cxkit/internal/likert"

// Interval is a confidence interval [Lower, Upper] at confidence Level.
// JSON keys: lower, upper, level.
type Interval struct {
	Lower float64
	Upper float64
	Level float64
}

// Contains reports whether Lower ≤ x ≤ Upper.
func (iv Interval) Contains(x float64) bool { return iv.Lower <= x && x <= iv.Upper }

// Method names an interval for the CSAT share. The zero value is Wilson.
// It encodes as its name ("wilson", "clopper-pearson", "agresti-coull",
// "wald", "jeffreys", "jeffreys-plain").
type Method int

// The interval methods for a share; see the package documentation.
const (
	// Wilson is the Wilson (1927) score interval, the recommended default.
	Wilson Method = iota
	// ClopperPearson is the exact, conservative Clopper–Pearson (1934) interval.
	ClopperPearson
	// AgrestiCoull is the Agresti–Coull (1998) interval, clipped to [0, 100].
	AgrestiCoull
	// Wald is p̂ ± z·√(p̂(1 − p̂)/n), clipped; for comparison with textbooks only.
	Wald
	// Jeffreys is the equal-tailed interval of Beta(x + ½, n − x + ½) with
	// the boundary rule of Brown, Cai & DasGupta (2001, Statistical Science
	// 16(2), §4.1.2): 0 % as the lower end when nobody is satisfied, 100 %
	// as the upper when everybody is (else the coverage falls to 0 near
	// 0 % and 100 %).
	Jeffreys
	// JeffreysPlain is the Jeffreys interval without the boundary rule, the
	// Beta quantiles at every count (statsmodels' proportion_confint
	// "jeffreys", R's binom.confint "bayes"): to reproduce those numbers.
	JeffreysPlain
)

// Result is a CSAT with the mean rating and the counts behind both.
// JSON keys: scale, n, satisfied, csat, mean, sd, std_err, mean_defined,
// distribution (NaN values, such as the SD of one response, are null).
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
	// StdErr the standard error of Mean, SD/√n; both NaN when MeanDefined is
	// false.
	SD, StdErr float64
	// MeanDefined is false for a single response (n < 2): the spread, and so
	// the mean's interval, is undefined.
	MeanDefined bool
	// Distribution[i] is the number of ratings Scale.Min + i; entries past
	// the scale's last point are 0.
	Distribution [MaxPoints]int
}

// Score returns the CSAT of ratings on scale (the zero Scale means Scale5).
// Integer-valued floats are accepted. It returns an error wrapping
// [ErrEmpty] for an empty slice, [ErrScale] for a bad scale, and for the
// first bad rating an *[InputError] wrapping [ErrNonFinite],
// [ErrNotInteger] or [ErrOutOfRange].
func Score(ratings []float64, scale Scale) (Result, error) {
	sc, err := scale.resolve()
	if err != nil {
		return Result{}, err
	}
	t := Tally{Scale: sc}
	if err := errs.CountFloats(ratings, sc.Min, sc.Max, t.Ratings[:]); err != nil {
		return Result{}, export(err)
	}
	return t.Result()
}

// FromCounts returns the CSAT of a rating distribution: counts[i] is the
// number of ratings scale.Min + i, and len(counts) must equal the number of
// points on the scale. A negative count (an *[InputError] wrapping
// [ErrNegative]), all-zero counts ([ErrEmpty]), counts whose total passes
// MaxInt64 ([ErrOutOfRange]), a bad scale or a wrong length ([ErrLength])
// return an error.
func FromCounts(counts []int, scale Scale) (Result, error) {
	sc, err := scale.resolve()
	if err != nil {
		return Result{}, err
	}
	t := Tally{Scale: sc}
	if _, err := errs.FromInts(t.Ratings[:], counts, sc.Points()); err != nil {
		return Result{}, export(err)
	}
	return t.Result()
}

// result computes a Result from a validated scale and checked counts.
func result(sc Scale, counts []int64) Result {
	m := likert.Of(counts[:sc.Points()], sc.Min)
	sat := likert.Sum(counts, sc.Min, sc.TopBoxMin, sc.Max)
	r := Result{
		Scale: sc, N: int(m.N), Satisfied: int(sat),
		CSAT: 100 * float64(sat) / float64(m.N), Mean: m.Mean,
	}
	r.SD, r.MeanDefined = m.SD()
	r.StdErr, _ = m.SEMean()
	for i := range sc.Points() {
		r.Distribution[i] = int(counts[i])
	}
	return r
}

// moments recovers the moments of the ratings from the distribution.
func (r Result) moments() likert.Moments { return likert.OfInts(r.Distribution[:], r.Scale.Min) }

// Interval returns the confidence interval of the CSAT in percent at the
// given level (0 means 0.95) by method m (the zero Method is Wilson, the
// recommended default; Clopper–Pearson is exact and conservative;
// Agresti–Coull is clipped to [0, 100]). A bad level returns an error
// wrapping [ErrLevel], an unknown method [ErrMethod], an empty result
// [ErrEmpty].
func (r Result) Interval(level float64, m Method) (Interval, error) {
	return likert.Share[Interval](int64(r.Satisfied), int64(r.N), level, int(m), errs)
}

// MeanInterval returns the t interval of the mean rating,
// mean ± t(n−1, 1 − α/2)·SD/√n, at the given level (0 means 0.95). With a
// single response the interval is undefined: ok is false and the bounds are
// NaN. When every rating is the same the interval is the point [mean, mean].
// A bad level returns an error wrapping [ErrLevel].
func (r Result) MeanInterval(level float64) (iv Interval, ok bool, err error) {
	return likert.Mean[Interval](r.moments(), level, errs)
}
