package nps

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// Category is a respondent's group on the 0–10 scale. It encodes in JSON by
// its name: "detractor", "passive" or "promoter".
type Category int

const (
	// Detractor is a rating of 0–6.
	Detractor Category = iota
	// Passive is a rating of 7–8.
	Passive
	// Promoter is a rating of 9–10.
	Promoter
)

// Classify returns the category of a rating: 9–10 promoter, 7–8 passive,
// 0–6 detractor. A rating outside 0–10 returns an *[InputError] wrapping
// [ErrOutOfRange] (with Index −1).
func Classify(rating int) (Category, error) {
	if err := intRatingError(-1, rating); err != nil {
		return 0, err
	}
	return category(rating), nil
}

// category maps a valid rating to Detractor, Passive or Promoter.
func category(v int) Category {
	switch {
	case v >= 9:
		return Promoter
	case v >= 7:
		return Passive
	}
	return Detractor
}

// Counts holds the number of respondents in each category. Counts must be
// non-negative and their sum must fit in an int; [FromCounts] checks them.
//
// JSON keys: promoters, passives, detractors.
type Counts struct {
	Promoters  int
	Passives   int
	Detractors int
}

// N returns the number of respondents, P + A + D. It saturates at
// math.MaxInt instead of wrapping around when the sum does not fit;
// [FromCounts] reports such counts as an error.
func (c Counts) N() int { return satAdd(satAdd(c.Promoters, c.Passives), c.Detractors) }

// satAdd returns a + b clamped to [math.MinInt, math.MaxInt].
func satAdd(a, b int) int {
	if s, ok := addInt(a, b); ok {
		return s
	}
	if b > 0 {
		return math.MaxInt
	}
	return math.MinInt
}

// sum returns P + A + D and whether it fits in an int.
func (c Counts) sum() (int, bool) {
	s, ok := addInt(c.Promoters, c.Passives)
	if !ok {
		return 0, false
	}
	return addInt(s, c.Detractors)
}

// addInt returns a + b and whether the sum did not overflow.
func addInt(a, b int) (int, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

// check validates counts; who names the group in messages ("" for one
// group, "a" or "b" in a comparison). Negative counts are an *InputError
// wrapping ErrNegative; a sum beyond int wraps ErrOutOfRange; all-zero
// counts wrap ErrEmpty.
func (c Counts) check(who string) error {
	if err := c.checkSigns(who, -1); err != nil {
		return err
	}
	n, ok := c.sum()
	switch {
	case !ok:
		return fmt.Errorf("%w: the counts%s (%d + %d + %d) overflow int",
			ErrOutOfRange, groupName(who), c.Promoters, c.Passives, c.Detractors)
	case n == 0:
		return fmt.Errorf("%w%s: all counts are zero", ErrEmpty, groupName(who))
	}
	return nil
}

// checkSigns returns an *InputError for the first negative count.
func (c Counts) checkSigns(who string, index int) error {
	prefix := ""
	if who != "" {
		prefix = who + "."
	}
	for _, f := range [3]struct {
		name string
		v    int
	}{{"promoters", c.Promoters}, {"passives", c.Passives}, {"detractors", c.Detractors}} {
		if f.v < 0 {
			return badValue(index, prefix+f.name, f.v, ErrNegative, "")
		}
	}
	return nil
}

func groupName(who string) string {
	if who == "" {
		return ""
	}
	return " of group " + who
}

// Result is an NPS with the numbers needed to judge it. Scores and standard
// errors are in NPS points on [−100, 100]; shares are percentages. A
// single response, or all respondents in one category, gives StdErr 0 (the
// Wald interval collapses; the adjusted-Wald one does not).
//
// JSON keys: n, promoters, passives, detractors, pct_promoters,
// pct_passives, pct_detractors, score, variance, std_err, adjusted_score,
// adjusted_std_err.
type Result struct {
	N             int     // number of respondents, P + A + D
	Promoters     int     // P, ratings 9–10
	Passives      int     // A, ratings 7–8
	Detractors    int     // D, ratings 0–6
	PctPromoters  float64 // 100·P/n
	PctPassives   float64 // 100·A/n
	PctDetractors float64 // 100·D/n
	// Score is the NPS, 100·(p − d).
	Score float64
	// Variance is the per-respondent variance of the +1/0/−1 score,
	// V = p + d − (p − d)², in share units (between 0 and 1).
	Variance float64
	// StdErr is the standard error 100·√(V/n). It is 0 when every
	// respondent is in one category; use the adjusted-Wald interval then.
	StdErr float64
	// AdjustedScore is the adjusted-Wald centre 100·(p′ − d′) with
	// n′ = n + 3, p′ = (P + ¾)/n′, d′ = (D + ¾)/n′ (Lewis & Sauro). It is
	// the centre of the default interval, not a replacement for Score.
	AdjustedScore float64
	// AdjustedStdErr is 100·√(V′/n′) with V′ = p′ + d′ − (p′ − d′)².
	AdjustedStdErr float64
}

// Counts returns the respondents per category.
func (r Result) Counts() Counts {
	return Counts{Promoters: r.Promoters, Passives: r.Passives, Detractors: r.Detractors}
}

// Score returns the NPS of ratings on the 0–10 scale. Integer-valued floats
// (9.0) are accepted. An empty slice returns an error wrapping [ErrEmpty];
// the first bad rating returns an *[InputError] wrapping [ErrNonFinite]
// (NaN, ±Inf), [ErrNotInteger] (8.5, 10.000001) or [ErrOutOfRange] (−1, 11).
func Score(ratings []float64) (Result, error) {
	var t Tally
	if err := errs.CountFloats(ratings, 0, 10, t.Ratings[:]); err != nil {
		return Result{}, export(err)
	}
	return t.Result()
}

// FromCounts returns the NPS of the given category counts. A negative count
// returns an *[InputError] wrapping [ErrNegative]; counts whose sum
// overflows int wrap [ErrOutOfRange]; all-zero counts wrap [ErrEmpty].
func FromCounts(c Counts) (Result, error) {
	if err := c.check(""); err != nil {
		return Result{}, err
	}
	n := float64(c.N())
	p, a, d := float64(c.Promoters)/n, float64(c.Passives)/n, float64(c.Detractors)/n
	r := Result{
		N:             c.N(),
		Promoters:     c.Promoters,
		Passives:      c.Passives,
		Detractors:    c.Detractors,
		PctPromoters:  100 * p,
		PctPassives:   100 * a,
		PctDetractors: 100 * d,
		Score:         100 * (p - d),
		Variance:      trinomialVariance(p, d),
	}
	r.StdErr = 100 * math.Sqrt(r.Variance/n)
	pa, da, na := adjusted(c)
	r.AdjustedScore = 100 * (pa - da)
	r.AdjustedStdErr = 100 * math.Sqrt(trinomialVariance(pa, da)/na)
	return r, nil
}

// trinomialVariance is V = p + d − (p − d)², clamped at 0 against rounding.
func trinomialVariance(p, d float64) float64 {
	return math.Max(0, p+d-(p-d)*(p-d))
}

// adjusted returns the adjusted-Wald shares p′, d′ and size n′ = n + 3.
func adjusted(c Counts) (p, d, n float64) {
	n = float64(c.N()) + 3
	return (float64(c.Promoters) + 0.75) / n, (float64(c.Detractors) + 0.75) / n, n
}

// Interval is a confidence interval [Lower, Upper] at confidence Level.
//
// JSON keys: lower, upper, level.
type Interval struct {
	Lower float64
	Upper float64
	Level float64
}

// Contains reports whether Lower ≤ x ≤ Upper.
func (iv Interval) Contains(x float64) bool { return iv.Lower <= x && x <= iv.Upper }

// Width returns Upper − Lower.
func (iv Interval) Width() float64 { return iv.Upper - iv.Lower }

// Method names how an interval or test treats the NPS. The zero value is
// AdjustedWald, the recommended default. It encodes in JSON by its name:
// "adjusted-wald" or "wald".
type Method int

const (
	// AdjustedWald adds ¾ of a promoter and ¾ of a detractor (and 3
	// respondents) before the normal approximation: Lewis & Sauro,
	// MeasuringU 2021, which Rocks (2016) found to have the best coverage.
	// It gives a sensible interval even when every respondent is a promoter.
	AdjustedWald Method = iota
	// Wald is the plain normal approximation NPS ± z·SE. It collapses to a
	// point when every respondent is in one category.
	Wald
)

func (m Method) check() error {
	return checkEnum("method", m, int(m), int(Wald), "(want adjusted-wald or wald)")
}

// checkEnum returns an *InputError for a setting v (with the number i)
// outside 0..last.
func checkEnum(field string, v any, i, last int, want string) error {
	if i < 0 || i > last {
		return badValue(-1, field, v, ErrOutOfRange, want)
	}
	return nil
}

// Bounds is a confidence interval for an NPS, with what produced it.
//
// JSON keys: ci, raw, margin, centre, method.
type Bounds struct {
	// CI is the interval clipped to [−100, 100], with its level: report
	// this one.
	CI Interval
	// Raw is the same interval before clipping.
	Raw Interval
	// Margin is the margin of error z·SE (half the raw width), in points.
	Margin float64
	// Centre is the centre of Raw: Score (Wald) or AdjustedScore
	// (adjusted-Wald).
	Centre float64
	// Method is the method used.
	Method Method
}

// Interval returns the confidence interval of the NPS at the given level by
// method m. Level 0 means 0.95; any other level must lie in (0, 1), or the
// error wraps [ErrLevel]. The centre is Score for Wald and AdjustedScore for
// AdjustedWald, and the half-width is z·SE with the exact normal quantile
// z = Φ⁻¹(1 − (1 − level)/2).
func (r Result) Interval(level float64, m Method) (Bounds, error) {
	level, err := errs.Level(level)
	if err != nil {
		return Bounds{}, err
	}
	if err := m.check(); err != nil {
		return Bounds{}, err
	}
	centre, se := r.Score, r.StdErr
	if m == AdjustedWald {
		centre, se = r.AdjustedScore, r.AdjustedStdErr
	}
	return bounds(centre, se, level, m), nil
}

// bounds returns centre ± z·se at level, clipped to [−100, 100].
func bounds(centre, se, level float64, m Method) Bounds {
	margin := dist.ZCritical(level) * se
	raw := interval.Around(centre, margin)
	raw.Level = level
	return Bounds{CI: Interval(raw.Clip(-100, 100)), Raw: Interval(raw), Margin: margin, Centre: centre, Method: m}
}

// MarginOfError returns z·SE, the half-width of the unclipped interval at
// the given level (0 means 0.95) by method m, in NPS points.
func (r Result) MarginOfError(level float64, m Method) (float64, error) {
	b, err := r.Interval(level, m)
	if err != nil {
		return math.NaN(), err
	}
	return b.Margin, nil
}
