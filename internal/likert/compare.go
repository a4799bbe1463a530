package likert

import (
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// ShareComparison is the two-proportion z-test of x1/n1 against x2/n2.
// Differences and standard errors are in percentage points.
type ShareComparison struct {
	Diff     float64           // 100·(p1 − p2)
	SEPooled float64           // 100·√(p̂(1 − p̂)(1/n1 + 1/n2)) with p̂ = (x1 + x2)/(n1 + n2): the test's SE under H0
	SE       float64           // unpooled 100·√(p1(1−p1)/n1 + p2(1−p2)/n2): the interval's SE
	Z        float64           // Diff/SEPooled; NaN when Defined is false
	P        float64           // p-value under the alternative; NaN when Defined is false
	CI       interval.Interval // Diff ± z_c·SE (unpooled), clipped to [−100, 100]
	Defined  bool              // false when SEPooled = 0 (both groups all in the box or all out of it)
}

// CompareShares compares x1/n1 with x2/n2. The caller ensures n1, n2 > 0,
// 0 ≤ x ≤ n, a valid level and alternative.
func CompareShares(x1, n1, x2, n2 int64, level float64, alt dist.Alternative) ShareComparison {
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pool := float64(x1+x2) / float64(n1+n2)
	c := ShareComparison{
		Diff:     100 * (p1 - p2),
		SEPooled: 100 * math.Sqrt(pool*(1-pool)*(1/float64(n1)+1/float64(n2))),
		SE:       100 * math.Sqrt(p1*(1-p1)/float64(n1)+p2*(1-p2)/float64(n2)),
		Z:        math.NaN(),
		P:        math.NaN(),
	}
	c.CI = interval.Around(c.Diff, dist.ZCritical(level)*c.SE).Clip(-100, 100)
	if c.SEPooled > 0 {
		c.Z = c.Diff / c.SEPooled
		c.P = dist.NormalP(c.Z, alt)
		c.Defined = true
	}
	return c
}

// MeanComparison is Welch's unequal-variance t-test of two means.
type MeanComparison struct {
	Diff    float64           // mean1 − mean2
	SE      float64           // √(s1²/n1 + s2²/n2); NaN when either n < 2
	DF      float64           // Welch–Satterthwaite degrees of freedom
	T       float64           // Diff/SE; NaN when Defined is false
	P       float64           // p-value under the alternative; NaN when Defined is false
	CI      interval.Interval // Diff ± t(DF)·SE; both ends NaN when Defined is false
	Defined bool              // false when either group has n < 2 or SE = 0
}

// CompareMeans runs Welch's t-test on two rating tables' moments. The caller
// ensures a valid level and alternative.
func CompareMeans(a, b Moments, level float64, alt dist.Alternative) MeanComparison {
	nan := math.NaN()
	c := MeanComparison{Diff: a.Mean - b.Mean, SE: nan, DF: nan, T: nan, P: nan,
		CI: interval.Interval{Lower: nan, Upper: nan}}
	if a.N < 2 || b.N < 2 {
		return c
	}
	va := a.M2 / float64(a.N-1) / float64(a.N)
	vb := b.M2 / float64(b.N-1) / float64(b.N)
	c.SE = math.Sqrt(va + vb)
	if !(c.SE > 0) {
		return c
	}
	c.DF = (va + vb) * (va + vb) / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	c.T = c.Diff / c.SE
	c.P = dist.TP(c.T, c.DF, alt)
	c.CI = interval.Around(c.Diff, dist.TQuantile(1-(1-level)/2, c.DF)*c.SE)
	c.Defined = true
	return c
}
