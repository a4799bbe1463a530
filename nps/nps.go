package nps

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
	"github.com/cxkit/cxkit/internal/likert"
)

// Category is a respondent's group on the 0–10 scale.
type Category int

const (
	// Detractor is a rating of 0–6.
	Detractor Category = iota
	// Passive is a rating of 7–8.
	Passive
	// Promoter is a rating of 9–10.
	Promoter
)

// String returns "detractor", "passive" or "promoter".
func (c Category) String() string {
	switch c {
	case Detractor:
		return "detractor"
	case Passive:
		return "passive"
	case Promoter:
		return "promoter"
	}
	return fmt.Sprintf("Category(%d)", int(c))
}

// Classify returns the category of a rating: 9–10 promoter, 7–8 passive,
// 0–6 detractor. A rating outside 0–10 returns an error wrapping
// [ErrOutOfRange].
func Classify(rating int) (Category, error) {
	var t Tally
	if err := t.Add(rating); err != nil {
		return 0, err
	}
	switch {
	case rating >= 9:
		return Promoter, nil
	case rating >= 7:
		return Passive, nil
	}
	return Detractor, nil
}

// Counts holds the number of respondents in each category. Counts must be
// non-negative; [FromCounts] checks them.
type Counts struct {
	Promoters  int
	Passives   int
	Detractors int
}

// N returns the number of respondents, P + A + D.
func (c Counts) N() int { return c.Promoters + c.Passives + c.Detractors }

func (c Counts) check() error {
	if c.Promoters < 0 || c.Passives < 0 || c.Detractors < 0 {
		return fmt.Errorf("%w: promoters %d, passives %d, detractors %d",
			ErrNegativeCount, c.Promoters, c.Passives, c.Detractors)
	}
	if c.N() == 0 {
		return fmt.Errorf("%w: all counts are zero", ErrNoResponses)
	}
	return nil
}

// Result is an NPS with the numbers needed to judge it. Scores and standard
// errors are in NPS points on [−100, 100]; shares are percentages.
type Result struct {
	Counts                // respondents per category
	N             int     // number of respondents
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

// Score returns the NPS of ratings on the 0–10 scale. Integer-valued floats
// (9.0) are accepted. It returns an error wrapping [ErrNoResponses] for an
// empty slice and, for the first bad rating, a *[RatingError] wrapping
// [ErrNotFinite] (NaN, ±Inf), [ErrNotInteger] (8.5, 10.000001) or
// [ErrOutOfRange] (−1, 11).
func Score(ratings []float64) (Result, error) {
	var t Tally
	if err := likert.CountFloats(ratings, 0, 10, t.Ratings[:]); err != nil {
		return Result{}, wrap(err)
	}
	return t.Result()
}

// FromCounts returns the NPS of the given category counts. Negative counts
// return an error wrapping [ErrNegativeCount]; all-zero counts wrap
// [ErrNoResponses].
func FromCounts(c Counts) (Result, error) {
	if err := c.check(); err != nil {
		return Result{}, err
	}
	n := float64(c.N())
	p, a, d := float64(c.Promoters)/n, float64(c.Passives)/n, float64(c.Detractors)/n
	r := Result{
		Counts:        c,
		N:             c.N(),
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

// Interval is a closed interval [Lower, Upper] in NPS points.
type Interval = interval.Interval

// Method names how an interval or test treats the NPS. The zero value is
// AdjustedWald, the recommended default.
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

// String returns "adjusted-Wald" or "Wald".
func (m Method) String() string {
	switch m {
	case AdjustedWald:
		return "adjusted-Wald"
	case Wald:
		return "Wald"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

func (m Method) check() error {
	if m != AdjustedWald && m != Wald {
		return fmt.Errorf("%w: %v", ErrMethod, m)
	}
	return nil
}

// Bounds is a confidence interval for an NPS, with what produced it.
type Bounds struct {
	Interval          // the interval clipped to [−100, 100]: report this one
	Raw      Interval // the same interval before clipping
	Margin   float64  // the margin of error z·SE (half the raw width)
	Centre   float64  // the centre of Raw: Score (Wald) or AdjustedScore (adjusted-Wald)
	Method   Method
	Level    float64
}

// Interval returns the confidence interval of the NPS at the given level
// (for example 0.95) by method m. The centre is Score for Wald and
// AdjustedScore for AdjustedWald, and the half-width is z·SE with the exact
// normal quantile z = Φ⁻¹(1 − (1 − level)/2). A level outside (0, 1) returns
// an error wrapping [ErrLevel].
func (r Result) Interval(level float64, m Method) (Bounds, error) {
	if err := checkLevel(level); err != nil {
		return Bounds{}, err
	}
	if err := m.check(); err != nil {
		return Bounds{}, err
	}
	centre, se := r.Score, r.StdErr
	if m == AdjustedWald {
		centre, se = r.AdjustedScore, r.AdjustedStdErr
	}
	margin := dist.ZCritical(level) * se
	raw := interval.Around(centre, margin)
	return Bounds{Interval: raw.Clip(-100, 100), Raw: raw, Margin: margin, Centre: centre, Method: m, Level: level}, nil
}

// MarginOfError returns z·SE, the half-width of the unclipped interval at
// the given level by method m, in NPS points.
func (r Result) MarginOfError(level float64, m Method) (float64, error) {
	b, err := r.Interval(level, m)
	if err != nil {
		return math.NaN(), err
	}
	return b.Margin, nil
}
