package likert

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// Method names an interval for a share (a binomial proportion).
// The zero value is Wilson, the recommended default.
type Method int

const (
	// Wilson is the Wilson (1927) score interval, the default: good coverage
	// at every n and never outside [0, 1].
	Wilson Method = iota
	// ClopperPearson is the exact Clopper–Pearson (1934) interval from beta
	// quantiles; conservative (coverage at least the level).
	ClopperPearson
	// AgrestiCoull is the Agresti–Coull (1998) "add z²/2 successes and
	// failures" interval, clipped to [0, 1].
	AgrestiCoull
	// Wald is the plain normal-approximation interval p̂ ± z√(p̂(1−p̂)/n),
	// clipped to [0, 1]. It collapses to a point at 0 % and 100 %; it is here
	// for comparison with textbooks, not as a recommendation.
	Wald
	// Jeffreys is the equal-tailed Jeffreys interval, the quantiles of
	// Beta(x + ½, n − x + ½).
	Jeffreys
)

// String returns the method's name.
func (m Method) String() string {
	switch m {
	case Wilson:
		return "Wilson"
	case ClopperPearson:
		return "Clopper-Pearson"
	case AgrestiCoull:
		return "Agresti-Coull"
	case Wald:
		return "Wald"
	case Jeffreys:
		return "Jeffreys"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ShareInterval returns the interval of the share x/n, on [0, 1], by method
// m at the given level. The caller ensures 0 ≤ x ≤ n and n > 0. It returns an
// error wrapping dist.ErrLevel for a bad level, and an error for an unknown
// method.
func ShareInterval(x, n int64, level float64, m Method) (interval.Interval, error) {
	if err := dist.CheckLevel(level); err != nil {
		return interval.Interval{}, err
	}
	fx, fn := float64(x), float64(n)
	switch m {
	case Wilson:
		iv := interval.Wilson(fx, fn, dist.ZCritical(level))
		// At x = 0 and x = n the bound is exactly 0 or 1 in exact arithmetic;
		// centre ± half-width can miss it by a rounding error.
		if x == 0 {
			iv.Lower = 0
		}
		if x == n {
			iv.Upper = 1
		}
		return iv, nil
	case ClopperPearson:
		return interval.ClopperPearson(fx, fn, level), nil
	case AgrestiCoull:
		return interval.AgrestiCoull(fx, fn, dist.ZCritical(level)).Clip(0, 1), nil
	case Wald:
		return interval.Wald(fx, fn, dist.ZCritical(level)).Clip(0, 1), nil
	case Jeffreys:
		return interval.Jeffreys(fx, fn, level), nil
	}
	return interval.Interval{}, fmt.Errorf("unknown interval method %d", int(m))
}
