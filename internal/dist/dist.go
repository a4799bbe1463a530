// Package dist holds the distribution functions that cxkit's packages share:
// normal and Student-t quantiles and tail probabilities, computed so that
// small p-values keep their relative accuracy (survival functions, never 1 − CDF).
package dist

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrLevel reports a confidence level outside the open interval (0, 1).
var ErrLevel = errors.New("level must lie strictly between 0 and 1")

// CheckLevel returns an error wrapping [ErrLevel] unless 0 < level < 1.
// NaN is rejected.
func CheckLevel(level float64) error {
	if !(level > 0 && level < 1) {
		return fmt.Errorf("%w: got %v", ErrLevel, level)
	}
	return nil
}

// Alternative names the alternative hypothesis of a test.
// The zero value is TwoSided.
type Alternative int

const (
	// TwoSided tests for a difference in either direction.
	TwoSided Alternative = iota
	// Less tests whether the statistic is below its null value.
	Less
	// Greater tests whether the statistic is above its null value.
	Greater
)

// String returns "two-sided", "less" or "greater".
func (a Alternative) String() string {
	switch a {
	case TwoSided:
		return "two-sided"
	case Less:
		return "less"
	case Greater:
		return "greater"
	}
	return fmt.Sprintf("Alternative(%d)", int(a))
}

// Valid reports whether a is one of the three defined alternatives.
func (a Alternative) Valid() bool { return a >= TwoSided && a <= Greater }

// NormalQuantile returns Φ⁻¹(p), the standard normal quantile.
func NormalQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// NormalCDF returns Φ(x), accurate in the lower tail.
func NormalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// NormalSF returns 1 − Φ(x), accurate in the upper tail.
func NormalSF(x float64) float64 { return 0.5 * math.Erfc(x/math.Sqrt2) }

// ZCritical returns the two-sided critical value Φ⁻¹(1 − (1 − level)/2):
// 1.959963984540054 for level 0.95. The caller checks level with [CheckLevel].
func ZCritical(level float64) float64 { return NormalQuantile(1 - (1-level)/2) }

// NormalP returns the p-value of the standard normal statistic z under alt.
// NaN z gives NaN.
func NormalP(z float64, alt Alternative) float64 {
	switch alt {
	case Less:
		return NormalCDF(z)
	case Greater:
		return NormalSF(z)
	}
	return math.Min(1, math.Erfc(math.Abs(z)/math.Sqrt2))
}

// TQuantile returns the p quantile of Student's t with df degrees of freedom
// (df may be fractional, as in Welch's test). An infinite df gives the normal quantile.
func TQuantile(p, df float64) float64 {
	switch {
	case math.IsInf(df, 1):
		return NormalQuantile(p)
	case df > largeDF:
		return tQuantileLarge(p, df)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// TSF returns P(T > t) for Student's t with df degrees of freedom, through the
// regularised incomplete beta function so that far tails keep their accuracy
// (relative error about 1e-11 or better at any df; see largeDF).
func TSF(t, df float64) float64 {
	switch {
	case math.IsNaN(t) || math.IsNaN(df):
		return math.NaN()
	case math.IsInf(df, 1):
		return NormalSF(t)
	case t < 0:
		return 1 - TSF(-t, df)
	case df > largeDF:
		return tSFLarge(t, df)
	}
	tail := 0.5 * mathext.RegIncBeta(df/2, 0.5, df/(df+t*t))
	return tail
}

// TP returns the p-value of the t statistic with df degrees of freedom under alt.
func TP(t, df float64, alt Alternative) float64 {
	switch alt {
	case Less:
		return TSF(-t, df)
	case Greater:
		return TSF(t, df)
	}
	return math.Min(1, 2*TSF(math.Abs(t), df))
}

// Level returns the confidence level that level stands for: 0 means the
// default 0.95 (api.md §3); any other value must lie in (0, 1), or the error
// wraps [ErrLevel].
func Level(level float64) (float64, error) { return orDefault("confidence level", level, 0.95) }

// Alpha returns the significance level that alpha stands for: 0 means 0.05.
func Alpha(alpha float64) (float64, error) { return orDefault("alpha", alpha, 0.05) }

// Power returns the power that power stands for: 0 means 0.8.
func Power(power float64) (float64, error) { return orDefault("power", power, 0.8) }

func orDefault(what string, v, def float64) (float64, error) {
	if v == 0 {
		return def, nil
	}
	if !(v > 0 && v < 1) {
		return 0, fmt.Errorf("%w: %s %v", ErrLevel, what, v)
	}
	return v, nil
}
