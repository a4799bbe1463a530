package csat

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/settings"
)

// SampleSizeSettings configures [SampleSize]. A nil pointer, and zero
// fields, mean the defaults. JSON keys: level, share, population.
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
// JSON keys: n_raw, n, nfpc_raw, nfpc, level.
type SampleSizeResult struct {
	NRaw float64 // z²p(1 − p)/E², before rounding up
	N    int     // ⌈NRaw⌉
	// NFPCRaw = NRaw/(1 + (NRaw − 1)/Population) and NFPC = ⌈NFPCRaw⌉ apply
	// the finite population correction; both equal NRaw and N when
	// Population is 0 (infinite).
	NFPCRaw float64
	NFPC    int
	Level   float64 // the confidence level used
}

// SampleSize returns the responses needed for a CSAT margin of error of
// ±margin percentage points (for example 5). The worst case p = 0.5 at 95 %
// and ±5 needs 385. Errors: a NaN or infinite margin ([ErrNonFinite]), a
// margin that is not positive or needs more than 10¹⁵ responses
// ([ErrOutOfRange]), a bad level ([ErrLevel]), a share outside [0, 1]
// ([ErrOutOfRange]), a negative population ([ErrNegative]).
func SampleSize(margin float64, s *SampleSizeSettings) (SampleSizeResult, error) {
	set := settings.Of(s)
	level, err := errs.Level(set.Level)
	if err != nil {
		return SampleSizeResult{}, err
	}
	if !(set.Share >= 0 && set.Share <= 1) {
		return SampleSizeResult{}, fmt.Errorf("%w: expected share %v, not in [0, 1]", ErrOutOfRange, set.Share)
	}
	if set.Population < 0 {
		return SampleSizeResult{}, fmt.Errorf("%w: population %d", ErrNegative, set.Population)
	}
	p := set.Share
	if p == 0 {
		p = 0.5
	}
	r := SampleSizeResult{Level: level}
	if r.NRaw, err = errs.SampleSize(margin, level, p*(1-p)); err != nil {
		return SampleSizeResult{}, err
	}
	r.N = max(1, likert.Ceil(r.NRaw))
	r.NFPCRaw, r.NFPC = r.NRaw, r.N
	if set.Population > 0 {
		r.NFPCRaw = r.NRaw / (1 + (r.NRaw-1)/float64(set.Population))
		r.NFPC = min(r.N, max(1, likert.Ceil(r.NFPCRaw))) // the correction never adds respondents
	}
	return r, nil
}
