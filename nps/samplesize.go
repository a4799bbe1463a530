package nps

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
)

// SampleSizeSettings configures [SampleSize]. A nil pointer, and zero
// fields, mean the documented defaults.
//
// JSON keys: level, promoters, detractors.
type SampleSizeSettings struct {
	// Level is the confidence level; 0 means 0.95.
	Level float64
	// Promoters and Detractors are the expected shares (0–1). When both are
	// 0 the worst case p = d = 0.5 (V = 1) is used.
	Promoters, Detractors float64
}

// SampleSizeResult is the number of respondents needed for a margin of error.
//
// JSON keys: level, variance, n_raw, wald, adjusted_wald.
type SampleSizeResult struct {
	Level    float64 // the confidence level used
	Variance float64 // V = p + d − (p − d)² of the expected shares
	NRaw     float64 // z²V/(E/100)², before rounding up
	// Wald is ⌈NRaw⌉: respondents for the Wald interval.
	Wald int
	// AdjustedWald is ⌈NRaw − 3⌉ (at least 1): the adjusted-Wald interval
	// adds 3 pseudo-respondents.
	AdjustedWald int
}

// SampleSize returns the number of respondents for a margin of error of
// ±margin NPS points (for example 5) at the settings' level and expected
// shares; a nil s means level 0.95 and the worst case. ±5 points at 95 % in
// the worst case needs 1,537. A margin that is NaN, infinite or not
// positive, one so small that more than 10¹⁵ respondents would be needed,
// a bad level or bad shares return an error (an *[InputError] for a bad
// value).
func SampleSize(margin float64, s *SampleSizeSettings) (SampleSizeResult, error) {
	var set SampleSizeSettings
	if s != nil {
		set = *s
	}
	level, err := resolveLevel(set.Level)
	if err != nil {
		return SampleSizeResult{}, err
	}
	if err := checkPositive(-1, "margin", margin); err != nil {
		return SampleSizeResult{}, err
	}
	p, d := set.Promoters, set.Detractors
	for _, f := range [2]struct {
		name string
		v    float64
	}{{"promoters", p}, {"detractors", d}} {
		switch {
		case math.IsNaN(f.v) || math.IsInf(f.v, 0):
			return SampleSizeResult{}, badValue(-1, f.name, f.v, ErrNonFinite)
		case f.v < 0 || f.v > 1:
			return SampleSizeResult{}, badValue(-1, f.name, f.v, fmt.Errorf("%w: a share must lie in [0, 1]", ErrOutOfRange))
		}
	}
	if p+d > 1 {
		return SampleSizeResult{}, badValue(-1, "promoters + detractors", p+d, fmt.Errorf("%w: the shares sum to more than 1", ErrOutOfRange))
	}
	if p == 0 && d == 0 {
		p, d = 0.5, 0.5
	}
	z := dist.ZCritical(level)
	e := margin / 100
	r := SampleSizeResult{Level: level, Variance: trinomialVariance(p, d)}
	r.NRaw = math.Pow(z*math.Sqrt(r.Variance)/e, 2) // no underflow of e² for tiny e
	if !(r.NRaw <= maxN) {
		return SampleSizeResult{}, badValue(-1, "margin", margin,
			fmt.Errorf("%w: it needs more than %g respondents", ErrOutOfRange, maxN))
	}
	r.Wald = max(1, ceil(r.NRaw))
	r.AdjustedWald = max(1, ceil(r.NRaw-3))
	return r, nil
}

// checkPositive returns an *InputError unless x is finite and > 0.
func checkPositive(index int, field string, x float64) error {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return badValue(index, field, x, ErrNonFinite)
	case x < 0:
		return badValue(index, field, x, ErrNegative)
	case x == 0:
		return badValue(index, field, x, fmt.Errorf("%w: must be positive", ErrOutOfRange))
	}
	return nil
}

// maxN bounds the sample sizes returned, so that they convert to int exactly.
const maxN = 1e15

// ceil rounds up, but treats values within a few ulps above an integer as
// that integer, so that a result that is an integer in exact arithmetic is
// not pushed up by one by rounding error.
func ceil(x float64) int {
	if r := math.Round(x); math.Abs(x-r) <= 4*math.Abs(x)*0x1p-52 {
		return int(r)
	}
	return int(math.Ceil(x))
}
