package likert

import (
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// Iv is the shape of every package's Interval type (api.md §4), so that the
// comparisons below return the package's own types: csat.ShareComparison is
// declared with the fields of ShareComparison[csat.Interval, csat.Alternative]
// and converted with csat.ShareComparison(c).
type Iv interface {
	~struct{ Lower, Upper, Level float64 }
}

// ShareComparison is the two-proportion z-test of x_b/n_b against x_a/n_a,
// in percentage points, b − a (api.md §2).
type ShareComparison[I Iv, A ~int] struct {
	Diff         float64 // 100·(p_b − p_a)
	StdErr       float64 // unpooled 100·√(p_a(1−p_a)/n_a + p_b(1−p_b)/n_b): the interval's
	PooledStdErr float64 // 100·√(p̂(1 − p̂)(1/n_a + 1/n_b)), p̂ = (x_a + x_b)/(n_a + n_b): the test's, under H0
	Statistic    float64 // z = Diff/PooledStdErr; NaN when Defined is false
	P            float64 // p-value under Alternative; NaN when Defined is false
	Alternative  A
	Level        float64
	CI           I    // Diff ± z_c·StdErr, clipped to [−100, 100]
	Defined      bool // false when PooledStdErr = 0
	NA, NB       int
}

// CompareShares compares xb/nb with xa/na. The caller ensures na, nb > 0,
// 0 ≤ x ≤ n, and a resolved level and alternative.
func CompareShares[I Iv, A ~int](xa, na, xb, nb int64, level float64, alt A) ShareComparison[I, A] {
	pa, pb := float64(xa)/float64(na), float64(xb)/float64(nb)
	// p̂ from the float counts: xa + xb may not fit in an int64.
	pool := (float64(xa) + float64(xb)) / (float64(na) + float64(nb))
	c := ShareComparison[I, A]{
		Diff:         100 * (pb - pa),
		StdErr:       100 * math.Sqrt(pa*(1-pa)/float64(na)+pb*(1-pb)/float64(nb)),
		PooledStdErr: 100 * math.Sqrt(pool*(1-pool)*(1/float64(na)+1/float64(nb))),
		Statistic:    math.NaN(),
		P:            math.NaN(),
		Alternative:  alt,
		Level:        level,
		NA:           int(na), NB: int(nb),
	}
	c.CI = To[I](interval.Around(c.Diff, dist.ZCritical(level)*c.StdErr).Clip(-100, 100), level)
	if c.PooledStdErr > 0 {
		c.Statistic = c.Diff / c.PooledStdErr
		c.P = dist.NormalP(c.Statistic, dist.Alternative(alt))
		c.Defined = true
	}
	return c
}

// MeanComparison is Welch's unequal-variance t-test of two mean ratings,
// b − a.
type MeanComparison[I Iv, A ~int] struct {
	Diff        float64 // mean_b − mean_a
	StdErr      float64 // √(s_a²/n_a + s_b²/n_b); NaN when either n < 2
	DF          float64 // Welch–Satterthwaite degrees of freedom
	Statistic   float64 // t = Diff/StdErr; NaN when Defined is false
	P           float64 // p-value under Alternative; NaN when Defined is false
	Alternative A
	Level       float64
	CI          I    // Diff ± t(DF)·StdErr; both ends NaN when Defined is false
	Defined     bool // false when either group has n < 2, or StdErr = 0 and Diff = 0
	NA, NB      int
}

// CompareMeans runs Welch's t-test on the moments of two rating tables.
// The caller ensures a resolved level and alternative. When both groups
// have two or more ratings, each all the same, and the two ratings differ,
// it gives the limit SciPy's ttest_ind and R's t.test give: t = ±Inf, a
// two-sided p of 0, one-sided 0 (on the side of Diff) or 1, the interval
// the point Diff, DF NaN (0/0). When the ratings are equal too, no answer
// exists and the comparison stays undefined (NaN).
func CompareMeans[I Iv, A ~int](a, b Moments, level float64, alt A) MeanComparison[I, A] {
	nan := math.NaN()
	c := MeanComparison[I, A]{Diff: b.Mean - a.Mean, StdErr: nan, DF: nan, Statistic: nan, P: nan,
		Alternative: alt, Level: level, CI: I{Lower: nan, Upper: nan, Level: level}, NA: int(a.N), NB: int(b.N)}
	if a.N < 2 || b.N < 2 {
		return c
	}
	va := a.M2 / float64(a.N-1) / float64(a.N)
	vb := b.M2 / float64(b.N-1) / float64(b.N)
	c.StdErr = math.Sqrt(va + vb)
	if !(c.StdErr > 0) {
		if c.StdErr == 0 && c.Diff != 0 && !math.IsNaN(c.Diff) {
			c.Defined = true
			c.Statistic = math.Copysign(math.Inf(1), c.Diff)
			c.P = 0
			if d := dist.Alternative(alt); d == dist.Greater && c.Diff < 0 || d == dist.Less && c.Diff > 0 {
				c.P = 1
			}
			c.CI = I{Lower: c.Diff, Upper: c.Diff, Level: level}
		}
		return c
	}
	c.DF = (va + vb) * (va + vb) / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	c.Statistic = c.Diff / c.StdErr
	c.P = dist.TP(c.Statistic, c.DF, dist.Alternative(alt))
	c.CI = To[I](interval.Around(c.Diff, dist.TQuantile(1-(1-level)/2, c.DF)*c.StdErr), level)
	c.Defined = true
	return c
}

// To converts an internal interval to a package's Interval at level.
func To[I Iv](iv interval.Interval, level float64) I {
	return I{Lower: iv.Lower, Upper: iv.Upper, Level: level}
}
