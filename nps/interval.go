package nps

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

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
	Interval         // the interval clipped to [−100, 100]: report this one
	Raw     Interval // the same interval before clipping
	Margin  float64  // the margin of error z·SE (half the raw width)
	Centre  float64  // the centre of Raw: Score (Wald) or AdjustedScore (adjusted-Wald)
	Method  Method
	Level   float64
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
