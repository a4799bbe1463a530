package likert

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// Method names an interval for a share (a binomial proportion).
// The zero value is Wilson, the recommended default.
type Method int

// The methods, numbered as every package's own Method constants: Wilson
// (1927) score interval, the default, good coverage at every n and never
// outside [0, 1]; the exact Clopper–Pearson (1934) interval from beta
// quantiles, conservative; Agresti–Coull (1998), "add z²/2 successes and
// failures", clipped to [0, 1]; Wald, p̂ ± z√(p̂(1−p̂)/n) clipped, which
// collapses to a point at 0 % and 100 % and is here for comparison with
// textbooks only; Jeffreys, the equal-tailed quantiles of
// Beta(x + ½, n − x + ½) with the boundary rule of Brown, Cai & DasGupta
// (2001, §4.1.2: 0 as the lower end at x = 0, 1 as the upper at x = n);
// JeffreysPlain, the same quantiles at every count (statsmodels'
// proportion_confint "jeffreys", R's binom.confint "bayes").
const Wilson, ClopperPearson, AgrestiCoull, Wald, Jeffreys, JeffreysPlain Method = 0, 1, 2, 3, 4, 5

// MethodNames are the JSON and String names of the methods, in the order of
// the constants; each package's Method enumeration uses them.
var MethodNames = []string{Wilson: "wilson", ClopperPearson: "clopper-pearson", AgrestiCoull: "agresti-coull", Wald: "wald",
	Jeffreys: "jeffreys", JeffreysPlain: "jeffreys-plain"}

// String returns the method's name from [MethodNames], e.g. "wilson", or
// "Method(99)" for a number that names none.
func (m Method) String() string {
	if m >= 0 && int(m) < len(MethodNames) {
		return MethodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Share returns the interval of the share x/n in percent (on [0, 100]) by
// method m at level, which 0 means 0.95, as the package's Interval type.
// n = 0 is an error wrapping e.Empty, x outside 0..n e.OutOfRange, a bad
// level wraps dist.ErrLevel, an unknown method e.Method.
func Share[I Iv](x, n int64, level float64, m int, e *Errors) (I, error) {
	if n <= 0 {
		return I{}, fmt.Errorf("%w: empty result", e.Empty)
	}
	if x < 0 || x > n {
		return I{}, fmt.Errorf("%w: %d of %d responses in the box", e.OutOfRange, x, n)
	}
	level, err := e.Level(level)
	if err != nil {
		return I{}, err
	}
	if m < 0 || m >= len(MethodNames) {
		return I{}, fmt.Errorf("%w: interval method %d", e.Method, m)
	}
	iv, err := ShareInterval(x, n, level, Method(m))
	return To[I](iv.Scale(100), level), err
}

// Mean returns the t interval of the mean of the table counts over ratings
// min, min+1, … at level (0 means 0.95) and whether it is defined (n ≥ 2):
// both ends are NaN when it is not.
func Mean[I Iv](m Moments, level float64, e *Errors) (I, bool, error) {
	nan := math.NaN()
	level, err := e.Level(level)
	if err != nil {
		return I{Lower: nan, Upper: nan}, false, err
	}
	iv, ok := m.TInterval(level)
	return To[I](iv, level), ok, nil
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
	case JeffreysPlain:
		return interval.JeffreysPlain(fx, fn, level), nil
	}
	return interval.Interval{}, fmt.Errorf("unknown interval method %d", int(m))
}
