package nps

import (
	"math"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/settings"
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
	set, err := s.resolve()
	if err != nil {
		return SampleSizeResult{}, err
	}
	r := SampleSizeResult{Level: set.Level, Variance: trinomialVariance(set.Promoters, set.Detractors)}
	if r.NRaw, err = errs.SampleSize(margin, r.Level, r.Variance); err != nil {
		return SampleSizeResult{}, err
	}
	r.Wald = max(1, likert.Ceil(r.NRaw))
	r.AdjustedWald = max(1, likert.Ceil(r.NRaw-3))
	return r, nil
}

// resolve returns the settings s stands for (nil: all defaults) with the
// level resolved and the worst case p = d = 0.5 in place of two zero
// shares, or an error for a bad level or share.
func (s *SampleSizeSettings) resolve() (SampleSizeSettings, error) {
	set := settings.Of(s)
	var err error
	if set.Level, err = errs.Level(set.Level); err != nil {
		return set, err
	}
	for _, f := range [2]struct {
		name string
		v    float64
	}{{"promoters", set.Promoters}, {"detractors", set.Detractors}} {
		switch {
		case math.IsNaN(f.v) || math.IsInf(f.v, 0):
			return set, badValue(-1, f.name, f.v, ErrNonFinite, "")
		case f.v < 0 || f.v > 1:
			return set, badValue(-1, f.name, f.v, ErrOutOfRange, "(a share lies in [0, 1])")
		}
	}
	if sum := set.Promoters + set.Detractors; sum > 1 {
		return set, badValue(-1, "promoters + detractors", sum, ErrOutOfRange, "(the shares sum to more than 1)")
	}
	if set.Promoters == 0 && set.Detractors == 0 {
		set.Promoters, set.Detractors = 0.5, 0.5
	}
	return set, nil
}
