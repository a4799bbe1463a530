package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// ProportionResult is the outcome of [TwoProportionZ]: the pooled z-test of
// p_B − p_A and two intervals of that difference.
type ProportionResult struct {
	A, B Proportion // the counts used (A = control, B = treatment)

	RateA, RateB float64 // observed rates x/n
	Diff         float64 // RateB − RateA
	PooledRate   float64 // (x_A + x_B)/(n_A + n_B), the rate under H0

	// SEPooled = √(p̄(1 − p̄)(1/n_A + 1/n_B)), the standard error under H0
	// used by the test; SEUnpooled = √(p_A q_A/n_A + p_B q_B/n_B), used by the
	// Wald interval.
	SEPooled, SEUnpooled float64

	Z           float64     // Diff/SEPooled
	P           float64     // p-value of Z under Alternative
	Alternative Alternative // the alternative tested
	Level       float64     // the level of both intervals

	// Wald is Diff ± z·SEUnpooled. Newcombe is the hybrid score interval
	// (Newcombe 1998, method 10) built from the two Wilson intervals; it
	// behaves well for small counts and rates near 0 or 1.
	Wald, Newcombe Interval

	// Defined is false when the pooled rate is 0 or 1 (no conversions, or
	// only conversions, in both arms): the test has no information, so Z and
	// P are NaN. The intervals are still reported (they collapse to a point
	// for Wald and stay informative for Newcombe).
	Defined bool
}

// TwoProportionZ tests whether the conversion rate of treatment b differs
// from that of control a with the pooled two-proportion z-test
//
//	z = (p_B − p_A) / √(p̄(1 − p̄)(1/n_A + 1/n_B)),  p̄ = (x_A + x_B)/(n_A + n_B),
//
// and reports the Wald and Newcombe intervals of p_B − p_A at s.Level.
// Greater tests p_B > p_A. It matches statsmodels' proportions_ztest (with
// prop_var=False) and confint_proportions_2indep (methods "wald", "newcomb").
//
// Errors: negative counts, successes above trials, an arm with no trials,
// an unknown alternative or a level outside (0, 1).
func TwoProportionZ(a, b Proportion, s *Settings) (ProportionResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return ProportionResult{}, err
	}
	if err := a.check("a", false); err != nil {
		return ProportionResult{}, err
	}
	if err := b.check("b", false); err != nil {
		return ProportionResult{}, err
	}
	na, nb := float64(a.Trials), float64(b.Trials)
	xa, xb := float64(a.Successes), float64(b.Successes)
	r := ProportionResult{A: a, B: b, Alternative: alt, Level: level}
	r.RateA, r.RateB = xa/na, xb/nb
	r.Diff = r.RateB - r.RateA
	r.PooledRate = (xa + xb) / (na + nb)
	r.SEPooled = math.Sqrt(r.PooledRate * (1 - r.PooledRate) * (1/na + 1/nb))
	r.SEUnpooled = math.Sqrt(r.RateA*(1-r.RateA)/na + r.RateB*(1-r.RateB)/nb)
	z := dist.ZCritical(level)
	r.Wald = interval.Around(r.Diff, z*r.SEUnpooled)
	r.Newcombe = newcombe(xa, na, xb, nb, z)
	r.Defined = r.SEPooled > 0
	if r.Defined {
		r.Z = r.Diff / r.SEPooled
		r.P = pValue(r.Z, alt)
	} else {
		r.Z, r.P = math.NaN(), math.NaN()
	}
	return r, nil
}

// newcombe returns Newcombe's hybrid score interval of p_B − p_A from the
// Wilson intervals of each arm.
func newcombe(xa, na, xb, nb, z float64) Interval {
	pa, pb := xa/na, xb/nb
	wa := interval.Wilson(xa, na, z)
	wb := interval.Wilson(xb, nb, z)
	d := pb - pa
	return Interval{
		Lower: d - math.Hypot(pb-wb.Lower, wa.Upper-pa),
		Upper: d + math.Hypot(wb.Upper-pb, pa-wa.Lower),
	}
}

// LiftResult is the relative lift p_B/p_A − 1 of treatment over control
// with two intervals; see [RelativeLift].
type LiftResult struct {
	Lift  float64 // p_B/p_A − 1
	SE    float64 // delta-method standard error of the lift
	Level float64 // level of both intervals

	// Delta is Lift ± z·SE, symmetric and possibly below −1 for small counts.
	Delta Interval
	// Fieller is the Fieller (1954) interval of the ratio p_B/p_A, minus 1.
	// It is asymmetric and respects the skew of a ratio. FiellerBounded is
	// false (and Fieller NaN) when p_A is not significantly above zero at
	// Level (p_A² ≤ z²·v_A), where the Fieller set is unbounded.
	Fieller        Interval
	FiellerBounded bool

	// Defined is false when the control rate is 0: the lift is then
	// undefined and every field above is NaN. When the treatment rate is 0
	// the lift is −1 with SE 0 and both intervals collapse to −1 (the
	// plug-in variance of p_B is 0); prefer the Newcombe interval of the
	// difference from [TwoProportionZ] in that case.
	Defined bool
}

// RelativeLift estimates the relative lift p_B/p_A − 1 of treatment b over
// control a. With v = p(1 − p)/n for each arm, the delta-method standard
// error is √(v_B/p_A² + p_B²·v_A/p_A⁴); the Fieller interval solves
// (p_B − R·p_A)² = z²(v_B + R²·v_A) for the ratio R. level 0 means 0.95.
//
// Errors: as [TwoProportionZ].
func RelativeLift(a, b Proportion, level float64) (LiftResult, error) {
	level, err := resolveLevel(level)
	if err != nil {
		return LiftResult{}, err
	}
	if err := a.check("a", false); err != nil {
		return LiftResult{}, err
	}
	if err := b.check("b", false); err != nil {
		return LiftResult{}, err
	}
	pa, pb := a.Rate(), b.Rate()
	r := LiftResult{Level: level}
	if pa == 0 {
		nan := math.NaN()
		r.Lift, r.SE, r.Delta, r.Fieller = nan, nan, nanInterval(), nanInterval()
		return r, nil
	}
	r.Defined = true
	va := pa * (1 - pa) / float64(a.Trials)
	vb := pb * (1 - pb) / float64(b.Trials)
	z := dist.ZCritical(level)
	r.Lift = pb/pa - 1
	r.SE = math.Sqrt(vb/(pa*pa) + pb*pb*va/(pa*pa*pa*pa))
	r.Delta = interval.Around(r.Lift, z*r.SE)
	r.Fieller, r.FiellerBounded = fieller(pa, va, pb, vb, z)
	return r, nil
}

// fieller returns the Fieller interval of pb/pa minus 1, or NaN and false
// when the confidence set is unbounded.
func fieller(pa, va, pb, vb, z float64) (Interval, bool) {
	z2 := z * z
	qa := pa*pa - z2*va // coefficient of R²
	if !(qa > 0) {
		return nanInterval(), false
	}
	// Roots of qa·R² − 2·pa·pb·R + (pb² − z²·vb) = 0; the discriminant
	// /4 simplifies to z²(pa²·vb + pb²·va − z²·va·vb) ≥ 0 when qa > 0.
	disc := z2 * (pa*pa*vb + pb*pb*va - z2*va*vb)
	h := math.Sqrt(math.Max(disc, 0))
	return Interval{Lower: (pa*pb-h)/qa - 1, Upper: (pa*pb+h)/qa - 1}, true
}

// IntervalMethod selects a confidence interval for a single proportion. The
// zero value is Wilson.
type IntervalMethod int

const (
	// Wilson is the Wilson (1927) score interval; always inside [0, 1]. The
	// default, recommended by Brown, Cai & DasGupta (2001).
	Wilson IntervalMethod = iota
	// AgrestiCoull is the Agresti–Coull (1998) "add z²/2 successes and
	// failures" interval, clipped to [0, 1] as statsmodels does.
	AgrestiCoull
	// AgrestiCoullUnclipped is AgrestiCoull without the clipping; it can
	// leave [0, 1] for counts near 0 or n.
	AgrestiCoullUnclipped
	// ClopperPearson is the exact (conservative) interval from Beta quantiles.
	ClopperPearson
	// Jeffreys is the equal-tailed interval of the Beta(x + ½, n − x + ½)
	// posterior, with lower = 0 at x = 0 and upper = 1 at x = n
	// (Brown, Cai & DasGupta 2001).
	Jeffreys
	// Normal is the Wald interval p̂ ± z√(p̂(1 − p̂)/n) clipped to [0, 1]
	// (statsmodels' "normal"). It collapses to a point at x = 0 or x = n.
	Normal
	// NormalUnclipped is the Wald interval without clipping.
	NormalUnclipped
)

// String returns the method's name.
func (m IntervalMethod) String() string {
	switch m {
	case Wilson:
		return "wilson"
	case AgrestiCoull:
		return "agresti-coull"
	case AgrestiCoullUnclipped:
		return "agresti-coull-unclipped"
	case ClopperPearson:
		return "clopper-pearson"
	case Jeffreys:
		return "jeffreys"
	case Normal:
		return "normal"
	case NormalUnclipped:
		return "normal-unclipped"
	}
	return fmt.Sprintf("IntervalMethod(%d)", int(m))
}

// ProportionInterval returns the two-sided confidence interval of the
// success rate p = Successes/Trials at level (0 means 0.95) by method.
//
// Errors: negative counts, successes above trials, zero trials, a level
// outside (0, 1) or an unknown method (ErrArgument).
func ProportionInterval(p Proportion, level float64, method IntervalMethod) (Interval, error) {
	level, err := resolveLevel(level)
	if err != nil {
		return Interval{}, err
	}
	if err := p.check("p", false); err != nil {
		return Interval{}, err
	}
	x, n := float64(p.Successes), float64(p.Trials)
	z := dist.ZCritical(level)
	switch method {
	case Wilson:
		return interval.Wilson(x, n, z), nil
	case AgrestiCoull:
		return interval.AgrestiCoull(x, n, z).Clip(0, 1), nil
	case AgrestiCoullUnclipped:
		return interval.AgrestiCoull(x, n, z), nil
	case ClopperPearson:
		return interval.ClopperPearson(x, n, level), nil
	case Jeffreys:
		return interval.Jeffreys(x, n, level), nil
	case Normal:
		return interval.Wald(x, n, z).Clip(0, 1), nil
	case NormalUnclipped:
		return interval.Wald(x, n, z), nil
	}
	return Interval{}, fmt.Errorf("%w: interval method %d", ErrArgument, int(method))
}
