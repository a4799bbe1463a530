package likert

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
)

// MaxN bounds the sample sizes returned, so that they convert to int exactly.
const MaxN = 1e15

// SampleSize returns the unrounded number of responses, (z·√variance/E)²
// with E = margin/100, for a margin of error of ±margin points (percentage
// or NPS points) at the two-sided confidence level (already resolved with
// [Errors.Level]). variance is the per-response variance of the estimate in
// share units: p(1 − p) for a share, p + d − (p − d)² for NPS. A NaN or
// infinite margin wraps e.NonFinite; a margin that is not positive, or one so
// small that more than [MaxN] responses are needed, wraps e.OutOfRange.
func (e *Errors) SampleSize(margin, level, variance float64) (float64, error) {
	switch {
	case math.IsNaN(margin) || math.IsInf(margin, 0):
		return 0, fmt.Errorf("%w: margin of error %v", e.NonFinite, margin)
	case !(margin > 0):
		return 0, fmt.Errorf("%w: margin of error %v must be positive", e.OutOfRange, margin)
	}
	z := dist.ZCritical(level)
	n := math.Pow(z*math.Sqrt(variance)/(margin/100), 2) // no underflow of E² for tiny E
	if !(n <= MaxN) {
		return 0, fmt.Errorf("%w: a margin of error of %v needs more than %g responses", e.OutOfRange, margin, MaxN)
	}
	return n, nil
}

// Ceil rounds up, but treats values within a few ulps above an integer as
// that integer, so that a result that is an integer in exact arithmetic is
// not pushed up by one by rounding error. x must be at most [MaxN].
func Ceil(x float64) int {
	if r := math.Round(x); math.Abs(x-r) <= 4*math.Abs(x)*0x1p-52 {
		return int(r)
	}
	return int(math.Ceil(x))
}
