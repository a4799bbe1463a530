package abtest

import (
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// ProportionResult is the outcome of [TwoProportionZ]: the pooled z-test of
// p_B − p_A and two intervals of that difference.
//
// # Degenerate cases
//
// Tested in degenerate_test.go (statsmodels' proportions_ztest gives NaN
// where Defined is false).
//
//	input                                 result
//	an arm with 0 trials                  ErrEmpty
//	no successes in either arm, or only   Defined false; Statistic, P NaN; Wald
//	successes                             [0, 0] (zero width); Newcombe CI
//	                                      informative
//	1 trial per arm, 1 success vs 0       an ordinary test (z = ±1.41)
//
// JSON keys: a, b, na, nb, rate_a, rate_b, diff, pooled_rate, std_err,
// std_err_pooled, statistic, p, alternative, level, ci, wald, defined.
type ProportionResult struct {
	A, B   Proportion // the counts used (a = control, b = treatment)
	NA, NB int        // A.Trials and B.Trials

	RateA, RateB float64 // observed rates x/n
	Diff         float64 // RateB − RateA
	PooledRate   float64 // (x_A + x_B)/(n_A + n_B), the rate under H0

	// StdErr = √(p_A q_A/n_A + p_B q_B/n_B) is the standard error of Diff,
	// used by the Wald interval; StdErrPooled = √(p̄(1 − p̄)(1/n_A + 1/n_B))
	// is the standard error under H0, used by the test.
	StdErr, StdErrPooled float64

	Statistic   float64     // z = Diff/StdErrPooled
	P           float64     // p-value of Statistic under Alternative
	Alternative Alternative // the alternative tested; Greater is p_B > p_A
	Level       float64     // the level of both intervals

	// CI is Newcombe's hybrid score interval of Diff (Newcombe 1998,
	// method 10) built from the two Wilson intervals; it behaves well for
	// small counts and rates near 0 or 1. Wald is Diff ± z·StdErr.
	CI, Wald Interval

	// Defined is false when the pooled rate is 0 or 1 (no conversions, or
	// only conversions, in both arms): the test has no information, so
	// Statistic and P are NaN. The intervals are still reported (Wald
	// collapses to a point, Newcombe stays informative).
	Defined bool
}

// TwoProportionZ tests whether the conversion rate of treatment b differs
// from that of control a with the pooled two-proportion z-test
//
//	z = (p_B − p_A) / √(p̄(1 − p̄)(1/n_A + 1/n_B)),  p̄ = (x_A + x_B)/(n_A + n_B),
//
// and reports the Newcombe and Wald intervals of p_B − p_A at s.Level.
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
	if err := checkArms(a, b, false); err != nil {
		return ProportionResult{}, err
	}
	na, nb := float64(a.Trials), float64(b.Trials)
	xa, xb := float64(a.Successes), float64(b.Successes)
	r := ProportionResult{A: a, B: b, NA: a.Trials, NB: b.Trials, Alternative: alt, Level: level}
	r.RateA, r.RateB = xa/na, xb/nb
	r.Diff = r.RateB - r.RateA
	r.PooledRate = (xa + xb) / (na + nb)
	r.StdErrPooled = math.Sqrt(r.PooledRate * (1 - r.PooledRate) * (1/na + 1/nb))
	r.StdErr = math.Sqrt(r.RateA*(1-r.RateA)/na + r.RateB*(1-r.RateB)/nb)
	z := dist.ZCritical(level)
	r.Wald = around(r.Diff, z*r.StdErr, level)
	r.CI = newcombe(xa, na, xb, nb, z, level)
	r.Defined = r.StdErrPooled > 0
	if r.Defined {
		r.Statistic = r.Diff / r.StdErrPooled
		r.P = pValue(r.Statistic, alt)
	} else {
		r.Statistic, r.P = math.NaN(), math.NaN()
	}
	return r, nil
}

// newcombe returns Newcombe's hybrid score interval of p_B − p_A from the
// Wilson intervals of each arm.
func newcombe(xa, na, xb, nb, z, level float64) Interval {
	pa, pb := xa/na, xb/nb
	wa := interval.Wilson(xa, na, z)
	wb := interval.Wilson(xb, nb, z)
	d := pb - pa
	return Interval{
		Lower: d - math.Hypot(pb-wb.Lower, wa.Upper-pa),
		Upper: d + math.Hypot(wb.Upper-pb, pa-wa.Lower),
		Level: level,
	}
}

// LiftResult is the relative lift p_B/p_A − 1 of treatment over control
// with two intervals; see [RelativeLift].
//
// # Degenerate cases
//
// Tested in degenerate_test.go.
//
//	input                                 result
//	control rate 0                        Defined false; every number NaN
//	treatment rate 0                      Lift −1, StdErr 0, Delta [−1, −1]
//	both rates 1                          Lift 0, StdErr 0, Delta [0, 0]
//
// JSON keys: lift, std_err, level, delta, fieller, fieller_bounded, defined.
type LiftResult struct {
	Lift   float64 // p_B/p_A − 1
	StdErr float64 // delta-method standard error of the lift
	Level  float64 // level of both intervals

	// Delta is Lift ± z·StdErr, symmetric and possibly below −1 for small counts.
	Delta Interval
	// Fieller is the Fieller (1954) interval of the ratio p_B/p_A, minus 1.
	// It is asymmetric and respects the skew of a ratio. FiellerBounded is
	// false (and Fieller NaN) when p_A is not significantly above zero at
	// Level (p_A² ≤ z²·v_A), where the Fieller set is unbounded.
	Fieller        Interval
	FiellerBounded bool

	// Defined is false when the control rate is 0: the lift is then
	// undefined and every field above is NaN. When the treatment rate is 0
	// the lift is −1 with StdErr 0 and both intervals collapse to −1 (the
	// plug-in variance of p_B is 0); prefer the Newcombe interval of the
	// difference from [TwoProportionZ] in that case.
	Defined bool
}

// RelativeLift estimates the relative lift p_B/p_A − 1 of treatment b over
// control a. With v = p(1 − p)/n for each arm, the delta-method standard
// error is √(v_B/p_A² + p_B²·v_A/p_A⁴); the Fieller interval solves
// (p_B − R·p_A)² = z²(v_B + R²·v_A) for the ratio R. level 0 means 0.95.
// (The lift has no test of its own: [TwoProportionZ] tests p_B = p_A.)
//
// Errors: as [TwoProportionZ].
func RelativeLift(a, b Proportion, level float64) (LiftResult, error) {
	level, err := levelOf(level)
	if err != nil {
		return LiftResult{}, err
	}
	if err := checkArms(a, b, false); err != nil {
		return LiftResult{}, err
	}
	pa, pb := a.Rate(), b.Rate()
	r := LiftResult{Level: level}
	if pa == 0 {
		nan := math.NaN()
		r.Lift, r.StdErr, r.Delta, r.Fieller = nan, nan, nanInterval(level), nanInterval(level)
		return r, nil
	}
	r.Defined = true
	va := pa * (1 - pa) / float64(a.Trials)
	vb := pb * (1 - pb) / float64(b.Trials)
	z := dist.ZCritical(level)
	r.Lift = pb/pa - 1
	r.StdErr = math.Sqrt(vb/(pa*pa) + pb*pb*va/(pa*pa*pa*pa))
	r.Delta = around(r.Lift, z*r.StdErr, level)
	r.Fieller, r.FiellerBounded = fieller(pa, va, pb, vb, z, level)
	return r, nil
}

// fieller returns the Fieller interval of pb/pa minus 1, or NaN and false
// when the confidence set is unbounded.
func fieller(pa, va, pb, vb, z, level float64) (Interval, bool) {
	z2 := z * z
	qa := pa*pa - z2*va // coefficient of R²
	if !(qa > 0) {
		return nanInterval(level), false
	}
	// Roots of qa·R² − 2·pa·pb·R + (pb² − z²·vb) = 0; the discriminant
	// /4 simplifies to z²(pa²·vb + pb²·va − z²·va·vb) ≥ 0 when qa > 0.
	disc := z2 * (pa*pa*vb + pb*pb*va - z2*va*vb)
	h := math.Sqrt(math.Max(disc, 0))
	return Interval{Lower: (pa*pb-h)/qa - 1, Upper: (pa*pb+h)/qa - 1, Level: level}, true
}

// IntervalMethod selects a confidence interval for a single proportion. The
// zero value is Wilson.
//
// # Degenerate cases
//
// Of [ProportionInterval], tested in degenerate_test.go:
//
//	input                     result
//	0 trials                  ErrEmpty
//	x = 0 (none converted)    lower end 0 for every method but JeffreysPlain
//	                          (> 0); Normal is the point [0, 0]
//	x = n (all converted)     upper end 1 for every method but JeffreysPlain
//	                          (< 1); Normal is the point [1, 1]
//	n = 1                     an ordinary interval (wide); Normal [0, 0] or [1, 1]
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
	// posterior, with lower = 0 at x = 0 and upper = 1 at x = n: the
	// boundary rule of Brown, Cai & DasGupta (2001, Statistical Science
	// 16(2), §4.1.2). cxkit's Jeffreys, because without the rule the
	// interval at x = 0 excludes the small p for which x = 0 is the
	// likeliest outcome, and its coverage falls to 0 as p → 0. The plain
	// quantiles are JeffreysPlain.
	Jeffreys
	// Normal is the Wald interval p̂ ± z√(p̂(1 − p̂)/n) clipped to [0, 1]
	// (statsmodels' "normal"). It collapses to a point at x = 0 or x = n.
	Normal
	// NormalUnclipped is the Wald interval without clipping.
	NormalUnclipped
	// JeffreysPlain is the Jeffreys interval without the boundary rule:
	// the Beta quantiles at every x, also at 0 and n (statsmodels'
	// proportion_confint method "jeffreys", R's binom.confint "bayes"
	// central). Choose it to reproduce those numbers.
	JeffreysPlain
)

// ProportionInterval returns the two-sided confidence interval of the
// success rate p = Successes/Trials at level (0 means 0.95) by method.
//
// Errors: negative counts, successes above trials, zero trials, a level
// outside (0, 1) other than 0 (ErrLevel) or an unknown method (ErrOutOfRange).
func ProportionInterval(p Proportion, level float64, method IntervalMethod) (Interval, error) {
	level, err := levelOf(level)
	if err != nil {
		return Interval{}, err
	}
	if err := p.check("p", false); err != nil {
		return Interval{}, err
	}
	x, n := float64(p.Successes), float64(p.Trials)
	z := dist.ZCritical(level)
	var iv interval.Interval
	switch method {
	case Wilson:
		iv = interval.Wilson(x, n, z)
	case AgrestiCoull, AgrestiCoullUnclipped:
		iv = interval.AgrestiCoull(x, n, z)
	case ClopperPearson:
		iv = interval.ClopperPearson(x, n, level)
	case Jeffreys:
		iv = interval.Jeffreys(x, n, level)
	case JeffreysPlain:
		iv = interval.JeffreysPlain(x, n, level)
	case Normal, NormalUnclipped:
		iv = interval.Wald(x, n, z)
	default:
		return Interval{}, inputErr(ErrOutOfRange, "interval method", -1, int(method))
	}
	if method == AgrestiCoull || method == Normal {
		iv = iv.Clip(0, 1)
	}
	return fromInternal(iv, level), nil
}
