// Package interval holds the confidence-interval type that cxkit's packages
// share and the classic intervals for a binomial proportion and for a mean.
//
// Proportion intervals take x successes out of n trials (x and n may be
// fractional, as with weighted counts) and a confidence level or its
// two-sided critical value z, and return bounds on the scale of a share
// in [0, 1]. Callers validate their inputs: 0 ≤ x ≤ n, n > 0, 0 < level < 1.
package interval

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cxkit/cxkit/internal/dist"
)

// Interval is a closed interval [Lower, Upper] at confidence Level. The
// zero value is the degenerate interval [0, 0]. Each package exports its own
// Interval with the same fields (api.md §4), converted from this one.
type Interval struct {
	Lower, Upper float64
	Level        float64
}

// Contains reports whether Lower ≤ x ≤ Upper.
func (iv Interval) Contains(x float64) bool { return iv.Lower <= x && x <= iv.Upper }

// Width returns Upper − Lower.
func (iv Interval) Width() float64 { return iv.Upper - iv.Lower }

// Clip returns iv with both ends limited to [lo, hi].
func (iv Interval) Clip(lo, hi float64) Interval {
	return Interval{Lower: clamp(iv.Lower, lo, hi), Upper: clamp(iv.Upper, lo, hi), Level: iv.Level}
}

// Scale returns iv with both ends multiplied by f (f ≥ 0), for example 100
// to turn a share into a percentage.
func (iv Interval) Scale(f float64) Interval {
	return Interval{Lower: iv.Lower * f, Upper: iv.Upper * f, Level: iv.Level}
}

// Around returns the interval centre ± half.
func Around(centre, half float64) Interval {
	return Interval{Lower: centre - half, Upper: centre + half}
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// Wald returns the normal-approximation interval p̂ ± z·√(p̂(1 − p̂)/n),
// unclipped: it can leave [0, 1] and collapses to a point at x = 0 or x = n.
func Wald(x, n, z float64) Interval {
	p := x / n
	return Around(p, z*math.Sqrt(p*(1-p)/n))
}

// Wilson returns the Wilson (1927) score interval: centre
// (x + z²/2)/(n + z²), half-width z/(n + z²)·√(x(n − x)/n + z²/4).
// It always lies within [0, 1], and reaches 0 at x = 0 and 1 at x = n.
func Wilson(x, n, z float64) Interval {
	z2 := z * z
	centre := (x + z2/2) / (n + z2)
	half := z / (n + z2) * math.Sqrt(x*(n-x)/n+z2/4)
	// At x = 0 and x = n the end is exactly 0 or 1; centre ± half can miss
	// it by a rounding error.
	return boundaryRule(Around(centre, half).Clip(0, 1), x, n)
}

// boundaryRule returns iv with its lower end 0 when x = 0 and its upper
// end 1 when x = n.
func boundaryRule(iv Interval, x, n float64) Interval {
	if x == 0 {
		iv.Lower = 0
	}
	if x == n {
		iv.Upper = 1
	}
	return iv
}

// AgrestiCoull returns the Agresti–Coull (1998) interval, unclipped:
// ñ = n + z², p̃ = (x + z²/2)/ñ, p̃ ± z·√(p̃(1 − p̃)/ñ).
func AgrestiCoull(x, n, z float64) Interval {
	nt := n + z*z
	pt := (x + z*z/2) / nt
	return Around(pt, z*math.Sqrt(pt*(1-pt)/nt))
}

// ClopperPearson returns the exact Clopper–Pearson (1934) interval at the
// given level: the α/2 quantile of Beta(x, n − x + 1) and the 1 − α/2
// quantile of Beta(x + 1, n − x), with 0 at x = 0 and 1 at x = n.
func ClopperPearson(x, n, level float64) Interval {
	alpha := 1 - level
	iv := Interval{Lower: 0, Upper: 1}
	if x > 0 {
		iv.Lower = distuv.Beta{Alpha: x, Beta: n - x + 1}.Quantile(alpha / 2)
	}
	if x < n {
		iv.Upper = distuv.Beta{Alpha: x + 1, Beta: n - x}.Quantile(1 - alpha/2)
	}
	return iv
}

// Jeffreys returns the equal-tailed Jeffreys interval, the α/2 and 1 − α/2
// quantiles of Beta(x + ½, n − x + ½), with the boundary rule of Brown, Cai
// & DasGupta (2001, "Interval estimation for a binomial proportion",
// Statistical Science 16(2), §4.1.2): lower = 0 at x = 0 and upper = 1 at
// x = n. Without the rule the interval at x = 0 excludes every p below its
// lower quantile, although x = 0 is then the likeliest outcome, so the
// coverage falls to 0 as p → 0 (and as p → 1 at x = n).
func Jeffreys(x, n, level float64) Interval {
	return boundaryRule(JeffreysPlain(x, n, level), x, n)
}

// JeffreysPlain returns the plain equal-tailed Jeffreys interval, the α/2
// and 1 − α/2 quantiles of Beta(x + ½, n − x + ½) at every x, including
// x = 0 and x = n: the convention of statsmodels' proportion_confint
// (method "jeffreys", beta.ppf and beta.isf) and of R's binom package
// (binom.confint, method "bayes", type "central", prior ½, ½).
func JeffreysPlain(x, n, level float64) Interval {
	alpha := 1 - level
	b := distuv.Beta{Alpha: x + 0.5, Beta: n - x + 0.5}
	return Interval{Lower: b.Quantile(alpha / 2), Upper: b.Quantile(1 - alpha/2)}
}

// TMean returns the t interval mean ± t(n−1, 1 − α/2)·sd/√n of a mean
// estimated from n observations with sample standard deviation sd (divisor
// n − 1). It reports ok = false when n < 2, where the interval is undefined.
func TMean(mean, sd float64, n int, level float64) (iv Interval, ok bool) {
	if n < 2 {
		return Interval{}, false
	}
	t := dist.TQuantile(1-(1-level)/2, float64(n-1))
	return Around(mean, t*sd/math.Sqrt(float64(n))), true
}
