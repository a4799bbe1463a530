package nps

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
)

// SampleSizeSettings configures [SampleSize]. A nil pointer, and zero
// fields, mean the documented defaults.
type SampleSizeSettings struct {
	// Level is the confidence level; 0 means 0.95.
	Level float64
	// Promoters and Detractors are the expected shares (0–1). When both are
	// 0 the worst case p = d = 0.5 (V = 1) is used.
	Promoters, Detractors float64
}

// SampleSizeResult is the number of respondents needed for a margin of error.
type SampleSizeResult struct {
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
// shares. ±5 points at 95 % in the worst case needs 1,537. A margin that is
// not positive and finite, a bad level or bad shares return an error.
func SampleSize(margin float64, s *SampleSizeSettings) (SampleSizeResult, error) {
	var set SampleSizeSettings
	if s != nil {
		set = *s
	}
	if set.Level == 0 {
		set.Level = 0.95
	}
	if err := checkLevel(set.Level); err != nil {
		return SampleSizeResult{}, err
	}
	if !(margin > 0) || math.IsInf(margin, 0) {
		return SampleSizeResult{}, fmt.Errorf("%w: got %v", ErrMargin, margin)
	}
	p, d := set.Promoters, set.Detractors
	if !(p >= 0 && d >= 0 && p+d <= 1) {
		return SampleSizeResult{}, fmt.Errorf("%w: promoters %v, detractors %v", ErrShares, p, d)
	}
	if p == 0 && d == 0 {
		p, d = 0.5, 0.5
	}
	z := dist.ZCritical(set.Level)
	e := margin / 100
	r := SampleSizeResult{Variance: trinomialVariance(p, d)}
	r.NRaw = math.Pow(z*math.Sqrt(r.Variance)/e, 2) // no underflow of e² for tiny e
	if !(r.NRaw <= maxN) {
		return SampleSizeResult{}, fmt.Errorf("%w: %v needs more than %g respondents", ErrMargin, margin, maxN)
	}
	r.Wald = max(1, ceil(r.NRaw))
	r.AdjustedWald = max(1, ceil(r.NRaw-3))
	return r, nil
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
