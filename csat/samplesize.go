package csat

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
)

// SampleSizeSettings configures [SampleSize]. A nil pointer, and zero
// fields, mean the defaults.
type SampleSizeSettings struct {
	// Level is the confidence level; 0 means 0.95.
	Level float64
	// Share is the expected CSAT as a share in (0, 1]; 0 means 0.5, the
	// worst case.
	Share float64
	// Population is the number of customers who could answer; 0 means
	// infinite (no finite population correction).
	Population int
}

// SampleSizeResult is the number of responses for a margin of error.
type SampleSizeResult struct {
	NRaw float64 // z²p(1 − p)/E², before rounding up
	N    int     // ⌈NRaw⌉
	// NFPCRaw = NRaw/(1 + (NRaw − 1)/Population) and NFPC = ⌈NFPCRaw⌉ apply
	// the finite population correction; both equal NRaw and N when
	// Population is 0 (infinite).
	NFPCRaw float64
	NFPC    int
}

// SampleSize returns the responses needed for a CSAT margin of error of
// ±margin percentage points (for example 5). The worst case p = 0.5 at 95 %
// and ±5 needs 385. A margin that is not positive and finite, a bad level,
// share or population returns an error.
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
	if !(set.Share >= 0 && set.Share <= 1) {
		return SampleSizeResult{}, fmt.Errorf("%w: got %v", ErrShare, set.Share)
	}
	if set.Population < 0 {
		return SampleSizeResult{}, fmt.Errorf("%w: got %d", ErrPopulation, set.Population)
	}
	p := set.Share
	if p == 0 {
		p = 0.5
	}
	z, e := dist.ZCritical(set.Level), margin/100
	r := SampleSizeResult{NRaw: math.Pow(z*math.Sqrt(p*(1-p))/e, 2)} // no underflow of e² for tiny e
	if !(r.NRaw <= maxN) {
		return SampleSizeResult{}, fmt.Errorf("%w: %v needs more than %g respondents", ErrMargin, margin, maxN)
	}
	r.N = max(1, ceil(r.NRaw))
	r.NFPCRaw, r.NFPC = r.NRaw, r.N
	if set.Population > 0 {
		r.NFPCRaw = r.NRaw / (1 + (r.NRaw-1)/float64(set.Population))
		r.NFPC = min(r.N, max(1, ceil(r.NFPCRaw))) // the correction never adds respondents
	}
	return r, nil
}

// maxN bounds the sample sizes returned, so that they convert to int exactly.
const maxN = 1e15

// ceil rounds up, treating values within a few ulps above an integer as that
// integer so that exact results are not pushed up by rounding error.
func ceil(x float64) int {
	if r := math.Round(x); math.Abs(x-r) <= 4*math.Abs(x)*0x1p-52 {
		return int(r)
	}
	return int(math.Ceil(x))
}
