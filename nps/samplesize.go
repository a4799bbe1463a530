package nps

import (
	"math"

	"github.com/cxkit/cxkit/internal/likert"
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
// the worst case needs 1,537. Errors: a NaN or infinite margin
// ([ErrNonFinite]); a margin that is not positive, or so small that more
// than 10¹⁵ respondents would be needed ([ErrOutOfRange]); a bad level
// ([ErrLevel]); a share that is not finite or outside [0, 1], or shares that
// sum to more than 1 (an *[InputError]).
func SampleSize(margin float64, s *SampleSizeSettings) (SampleSizeResult, error) {
	var set SampleSizeSettings
	if s != nil {
		set = *s
	}
	level, err := errs.Level(set.Level)
	if err != nil {
		return SampleSizeResult{}, err
	}
	p, d := set.Promoters, set.Detractors
	for _, f := range [2]struct {
		name string
		v    float64
	}{{"promoters", p}, {"detractors", d}} {
		switch {
		case math.IsNaN(f.v) || math.IsInf(f.v, 0):
			return SampleSizeResult{}, badValue(-1, f.name, f.v, ErrNonFinite, "")
		case f.v < 0 || f.v > 1:
			return SampleSizeResult{}, badValue(-1, f.name, f.v, ErrOutOfRange, "(a share lies in [0, 1])")
		}
	}
	if p+d > 1 {
		return SampleSizeResult{}, badValue(-1, "promoters + detractors", p+d, ErrOutOfRange, "(the shares sum to more than 1)")
	}
	if p == 0 && d == 0 {
		p, d = 0.5, 0.5
	}
	r := SampleSizeResult{Level: level, Variance: trinomialVariance(p, d)}
	if r.NRaw, err = errs.SampleSize(margin, level, r.Variance); err != nil {
		return SampleSizeResult{}, err
	}
	r.Wald = max(1, likert.Ceil(r.NRaw))
	r.AdjustedWald = max(1, likert.Ceil(r.NRaw-3))
	return r, nil
}
