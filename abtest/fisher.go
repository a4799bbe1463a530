package abtest

import (
	"context"
	"math"

	"github.com/cxkit/cxkit/internal/settings"
)

// FisherResult is the outcome of [FisherExact] on a 2 × 2 table
// [[a₁, a₂], [b₁, b₂]]: row 0 is the control a, row 1 the treatment b,
// columns are the outcomes (e.g. converted, not converted).
//
// # Degenerate cases
//
// Tested in degenerate_test.go, as SciPy's fisher_exact and odds_ratio and
// R's fisher.test give them.
//
//	input                                 result
//	all-zero table, row or column         P 1; OddsRatio, MLE NaN; CI [0, +Inf];
//	                                      Defined false (R: estimate 0)
//	a zero cell, b₁ at the top of its     OddsRatio and MLE +Inf, CI [L, +Inf]
//	support (a₁ = 0 or b₂ = 0)
//	b₁ at the bottom (b₁ = 0 or a₂ = 0)   OddsRatio and MLE 0, CI [0, U]
//	one count in each row, [[1,0],[0,1]]  P 1 two-sided; one-sided 0.5 on the
//	                                      observed side, 1 on the other
//
// JSON keys: table, na, nb, odds_ratio, mle, ci, level, p, alternative,
// solver, defined.
type FisherResult struct {
	Table  [2][2]int // the counts used
	NA, NB int       // the row totals a₁ + a₂ and b₁ + b₂

	// OddsRatio, the test's statistic, is the sample odds ratio of b over a,
	// (b₁/b₂)/(a₁/a₂) = a₂·b₁/(a₁·b₂): above 1 when the treatment has the
	// higher odds of the first column. It is +Inf when a₁·b₂ = 0 < a₂·b₁,
	// NaN when both products are 0.
	OddsRatio float64
	// MLE is the conditional maximum-likelihood estimate of the same odds
	// ratio (the estimate of R's fisher.test and of SciPy's
	// odds_ratio(kind="conditional")). It is 0 or +Inf when the table is at
	// an end of the support given its margins.
	MLE float64
	// CI is the exact conditional confidence interval of the odds ratio at
	// Level: two-sided, or one-sided [0, U] for Less and [L, +Inf] for
	// Greater (as R's fisher.test and SciPy's odds_ratio report it), unless
	// FisherSettings.TwoSidedCI asks for the two-sided one.
	CI    Interval
	Level float64

	// P is the exact p-value under Alternative. Two-sided sums the
	// probabilities of all tables no more likely than the observed one,
	// with R's relative tolerance: every k with P(k) ≤ P(x)·(1 + 1e-7).
	// (SciPy 1.10's fisher_exact takes x's own tail and the k beyond the
	// mode on the other side with P(k) < P(x)·(1 + 1e-14), and 1 when P(x)
	// is within 1e-14 of the mode's. The two differ only when some P(k)
	// ties P(x) within 1e-7: when x is near the mode of a wide
	// distribution, or beyond about 10¹⁴ per cell. testdata/fisher_huge.json
	// holds both: they differ by 5e-5 relative on a table of 1.3·10¹⁵ with
	// x near the mode, by 1e-7 at 10¹⁵ per cell.) Greater tests an odds
	// ratio above 1 (b's odds of the first column above a's), Less one
	// below 1.
	P           float64
	Alternative Alternative
	// Solver is the root finder used for MLE and CI.
	Solver FisherSolver

	// Defined is false when a row or a column is all zero. Only one table
	// has those margins, so P is 1 (as in SciPy and R), but the odds ratio
	// and MLE are NaN, and CI is [0, +Inf]: the data say nothing about the
	// odds ratio.
	Defined bool
}

// FisherSolver selects how [FisherExact] solves the equations of the
// conditional MLE and of the ends of its interval. The zero value is
// SolvePrecise.
type FisherSolver int

const (
	// SolvePrecise solves each equation to about 1e-13 relative in the
	// odds ratio (Brent's method on log ψ): the exact conditional estimate
	// and interval, as SciPy's odds_ratio(kind="conditional") reports them
	// (it solves with brentq at xtol 1e-13). The default, because the
	// numbers are the roots themselves: with large counts an interval is
	// narrow and a loose root can move its ends by a visible share of its
	// width.
	SolvePrecise FisherSolver = iota
	// SolveLikeR repeats R's fisher.test step by step, including its root
	// finder (uniroot, Brent's zeroin at tolerance eps^¼ ≈ 1.22e-4 on a
	// search variable t in [0, 1] with ψ = t or 1/t), so that the numbers
	// agree with R's printout to ~1e-12. They differ from the exact roots
	// by up to uniroot's tolerance (the fourth or fifth significant digit
	// on small tables). Choose it to reproduce an R analysis.
	SolveLikeR
)

// FisherSettings holds the options of [FisherExact]. A nil pointer means
// all defaults.
//
// JSON keys: alternative, level, solver, two_sided_ci (Progress is not
// encoded).
type FisherSettings struct {
	// Alternative: Greater tests an odds ratio of b over a above 1. The
	// zero value is TwoSided.
	Alternative Alternative
	// Level of the interval of the odds ratio, in (0, 1); 0 means 0.95.
	Level float64
	// Solver selects the root finder of the MLE and the interval; the zero
	// value is SolvePrecise (SciPy's numbers); SolveLikeR gives R's.
	Solver FisherSolver
	// TwoSidedCI reports the two-sided interval whatever the Alternative,
	// as every other abtest call does. false, the zero value, follows R's
	// fisher.test and SciPy's odds_ratio: a one-sided test gets the
	// one-sided interval [0, U] or [L, +Inf] at Level.
	TwoSidedCI bool
	// Progress, when not nil, is called from the caller's goroutine after
	// each of the test's five steps (the distribution, the p-value, the
	// estimate, the two ends of the interval) with done = 1..5 and
	// total = 5.
	Progress func(done, total int)
}

// The hypergeometric distribution of X = b₁ given the margins: r1 = b₁ + b₂
// (the treatment's row), r2 = a₁ + a₂, c1 = a₁ + b₁ (the first column). The
// noncentral (Fisher) distribution at odds ratio ψ has weights
// P(X = k)·ψ^k. Nothing is stored per table. When X's standard deviation at
// the mode is below smoothMin (256), every sum starts at a term whose
// log-probability comes from Loader's (2000) saddle-point form (R's dhyper)
// and walks outward by the ratio of consecutive terms, one multiplication
// and one division per term, until the rest of the sum is below 1e-17 of
// it: at most about 18 standard deviations, under 5,000 terms. Wider
// distributions are summed by integrals of the weights extended to real k
// (fisher_smooth.go): a few hundred evaluations whatever the counts.
type hyper struct {
	r1, r2, c1    float64 // margins
	ir1, ir2, ic1 int     // the same, exact
	lo, hi        int     // support of X
	plain         bool    // walk every sum term by term (tests compare)
	ctx           context.Context
	err           error // ctx.Err() once the context is done; results are then NaN
	steps         int   // terms walked since the last context check

	// t0 and step start the precise solver's bracket search: the log of
	// the sample odds ratio with ½ added to each cell, and its standard
	// error √Σ1/(cell + ½).
	t0, step float64
}

// sumCut is the relative size below which the rest of a sum is dropped.
const sumCut = 1e-17

func newHyper(ctx context.Context, r1, r2, c1 int) *hyper {
	return &hyper{r1: float64(r1), r2: float64(r2), c1: float64(c1), ir1: r1, ir2: r2, ic1: c1, lo: max(0, c1-r2), hi: min(r1, c1), ctx: ctx}
}

// cancelled records and reports whether h's context is done.
func (h *hyper) cancelled() bool {
	if h.err == nil {
		h.err = h.ctx.Err()
	}
	return h.err != nil
}

// logP returns log P(X = k) under independence (ψ = 1), R's dhyper: the
// product of two binomial densities over a third, each in Loader's form.
func (h *hyper) logP(k int) float64 {
	if k < h.lo || k > h.hi {
		return math.Inf(-1)
	}
	n := h.r1 + h.r2
	p := h.c1 / n
	q := (n - h.c1) / n
	x := float64(k)
	return logDbinom(x, h.r1, p, q) + logDbinom(h.c1-x, h.r2, p, q) - logDbinom(h.c1, n, p, q)
}

// up returns P(k + 1)/P(k) at ψ = 1.
func (h *hyper) up(k float64) float64 {
	return (h.r1 - k) * (h.c1 - k) / ((k + 1) * (h.r2 - h.c1 + k + 1))
}

// mode returns the mode of X at odds ratio e^t: the first k with
// P(k + 1)ψ^(k+1) < P(k)ψ^k, found by bisection on the log of the ratio.
func (h *hyper) mode(t float64) int {
	lo, hi := h.lo, h.hi
	for lo < hi {
		k := lo + (hi-lo)/2
		fk := float64(k)
		if t+math.Log(h.r1-fk)+math.Log(h.c1-fk) > math.Log(fk+1)+math.Log(h.r2-h.c1+fk+1) {
			lo = k + 1
		} else {
			hi = k
		}
	}
	return lo
}

// walk sums the terms w_k = P(k)ψ^k/(P(k0)ψ^k0) for k = k0, k0 + dir, ...
// (dir = ±1) until the rest is below sumCut of the sum, and returns the sum
// and Σ (k − k0)·w_k. The terms must decrease from k0 in direction dir
// (k0 at or beyond the mode on that side).
func (h *hyper) walk(k0, dir int, psi float64) (s, s1 float64) {
	w := 1.0
	k := float64(k0)
	end := float64(h.hi)
	if dir < 0 {
		end = float64(h.lo)
	}
	d := float64(dir)
	var j float64
	for {
		s += w
		s1 += j * w
		if k == end {
			return s, s1
		}
		var r float64
		if dir > 0 {
			r = psi * h.up(k)
		} else {
			r = 1 / (psi * h.up(k-1))
		}
		w *= r
		k += d
		j += d
		// The terms decrease at least geometrically with ratio r from here
		// on (the distribution is log-concave), so the rest is at most
		// w/(1 − r).
		if w < sumCut*s*(1-r) || w == 0 {
			return s, s1
		}
		if h.steps++; h.steps&(1<<16-1) == 0 && h.cancelled() {
			return math.NaN(), math.NaN()
		}
	}
}

// ncDist holds the normalising sum of the distribution at odds ratio ψ = e^t,
// relative to its mode's term, and its mean.
type ncDist struct {
	t, psi   float64
	m        int     // mode
	logPm    float64 // log P(m) (the reference of every weight when walked)
	z        float64 // Σ_k P(k)ψ^k / (P(m)ψ^m)
	dmean    float64 // the mean minus m (kept apart: m can be near 2⁵³)
	smooth   bool    // the sums are integrals (fisher_smooth.go)
	anchored bool    // a holds the mode's anchor (no cell is 0 there)
	a        anchor  // the mode's anchor, for the weights relative to it
}

// logRel returns log(P(k)ψ^k / (P(m)ψ^m)), the weight of k relative to the
// mode's.
//
// From the mode's anchor where it has one: log P(k) and k·log ψ can each be
// of order 10¹⁵ when ψ is far from 1 on a large table, and their sum would
// lose everything to rounding.
func (h *hyper) logRel(d ncDist, k int) float64 {
	if d.anchored {
		return d.a.logW(float64(k - d.m))
	}
	return h.logP(k) + float64(k-d.m)*d.t - d.logPm
}

// meanMinus returns the mean minus x, without rounding the mean itself to
// the ulp of m (0.5 near 2⁵¹, which would move the MLE by 0.5/σ²).
func (d ncDist) meanMinus(x int) float64 { return float64(d.m-x) + d.dmean }

// at returns the distribution at odds ratio e^t.
func (h *hyper) at(t float64) ncDist {
	d := ncDist{t: t, psi: math.Exp(t), m: h.mode(t)}
	if !h.plain && h.smoothDist(&d) {
		return d
	}
	d.logPm = h.logP(d.m)
	sUp, s1Up := h.walk(d.m, 1, d.psi)
	var sDn, s1Dn float64
	if d.m > h.lo {
		// The term at m − 1 relative to m's, and the walk down from it.
		w := 1 / (d.psi * h.up(float64(d.m-1)))
		a, a1 := h.walk(d.m-1, -1, d.psi)
		sDn, s1Dn = w*a, w*(a1-a)
	}
	d.z = sUp + sDn
	d.dmean = (s1Up + s1Dn) / d.z
	return d
}

// logTail returns log P(X ≥ k) (upper) or log P(X ≤ k) at d's odds ratio.
func (h *hyper) logTail(d ncDist, k int, upper bool) float64 {
	if upper && k <= h.lo || !upper && k >= h.hi {
		return 0
	}
	if upper && k > h.hi || !upper && k < h.lo {
		return math.Inf(-1)
	}
	// The far side of the mode is summed from k outward; the near side as
	// one minus the far side of the complement.
	if upper && k < d.m {
		return math.Log1p(-math.Exp(h.logTail(d, k-1, false)))
	}
	if !upper && k > d.m {
		return math.Log1p(-math.Exp(h.logTail(d, k+1, true)))
	}
	dir := 1
	if !upper {
		dir = -1
	}
	var ls float64
	if d.smooth {
		ls = h.smoothFar(d, k, dir)
	} else {
		s, _ := h.walk(k, dir, d.psi)
		ls = math.Log(s)
	}
	return ls + h.logRel(d, k) - math.Log(d.z)
}

// twoSided sums P(X = k) over every k with P(X = k) ≤ P(X = x)·(1 + 1e-7)
// (R's rule): since the distribution is unimodal, the set is a lower tail
// up to k1 and an upper tail from k2, found by bisection on log P.
func (h *hyper) twoSided(d ncDist, x int) float64 {
	limit := h.logRel(d, x) + math.Log1p(1e-7)
	if limit >= 0 {
		return 1
	}
	// k1: the last k ≤ m with log P(k) ≤ limit (lo − 1 if none).
	k1, _ := bisect(h.lo-1, d.m, func(k int) bool { return h.logRel(d, k) <= limit })
	// k2: the first k ≥ m with log P(k) ≤ limit (hi + 1 if none).
	_, k2 := bisect(d.m, h.hi+1, func(k int) bool { return h.logRel(d, k) > limit })
	return math.Exp(h.logTail(d, k1, false)) + math.Exp(h.logTail(d, k2, true))
}

// bisect narrows lo < hi to neighbours lo, lo + 1 by bisection, moving lo
// up to each midpoint k where low(k) holds and hi down to the others; low
// is true below some point and false above it (lo and hi are not tested).
func bisect(lo, hi int, low func(k int) bool) (int, int) {
	for hi-lo > 1 {
		k := lo + (hi-lo)/2
		if low(k) {
			lo = k
		} else {
			hi = k
		}
	}
	return lo, hi
}

// FisherExact runs Fisher's exact test on the 2 × 2 table
// [[a₁, a₂], [b₁, b₂]]: row 0 is the control a, row 1 the treatment b,
// columns the outcomes (converted, not converted). Conditional on the
// margins, b₁ follows the hypergeometric distribution; Greater tests an
// odds ratio of b over a above 1 (the treatment has the higher odds of the
// first column). P-values match SciPy's fisher_exact and R's fisher.test
// given the rows in the order (b, a), which report the first row over the
// second; the conditional MLE and its exact interval match SciPy's
// odds_ratio(kind="conditional") (or, with s.Solver = SolveLikeR, R's
// fisher.test). s.Level (0 means 0.95) sets the CI; s.Progress reports the
// steps.
//
// Nothing is allocated, and the time does not grow with the counts: the
// sums over b₁ are walked term by term while its standard deviation is
// below 256 (at most about 5,000 terms), and wider distributions are
// summed from integrals in a few hundred evaluations (Poisson summation,
// Euler–Maclaurin and the exp-sinh rule, exact to about 1e-13; see
// fisher_smooth.go). Measured on one core of a loaded machine
// (BenchmarkFisherExactSizes, BenchmarkFisherPValueSizes, 2026-12-07): the
// whole test (p-value, MLE, both ends of the interval) 0.1 ms at 10³ per
// cell and 1.3–2.6 ms at any size from 10⁷ to 10¹⁵ per cell; the two-sided
// p-value alone 0.01 ms at 10³ and 0.1–0.2 ms beyond (SciPy 1.10's
// fisher_exact, back to back: 2–5 ms at 10³, 1.9–2.6 ms at 10⁷, NaN from
// 10¹⁰; its odds_ratio(kind="conditional") interval 0.15–0.25 s at 10³
// per cell and not computable in 100 s at 10⁷).
// FisherExact checks ctx during its sums and between its steps and returns
// ctx.Err() when it is done.
//
// Errors: a negative count (*InputError, ErrNegative), counts summing above
// 2⁵³ (ErrTooLarge), an unknown alternative or solver, a bad level,
// ctx.Err().
func FisherExact(ctx context.Context, table [2][2]int, s *FisherSettings) (FisherResult, error) {
	set := settings.Of(s)
	alt, level, err := (&Settings{Alternative: set.Alternative, Level: set.Level}).resolve()
	if err != nil {
		return FisherResult{}, err
	}
	if set.Solver < SolvePrecise || set.Solver > SolveLikeR {
		return FisherResult{}, inputErr(ErrOutOfRange, "solver", -1, int(set.Solver))
	}
	progress := func(done int) {
		if set.Progress != nil {
			set.Progress(done, 5)
		}
	}
	var total int
	for i, row := range table {
		for j, v := range row {
			if err := addCell(&total, i, j, v); err != nil {
				return FisherResult{}, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return FisherResult{}, err
	}
	// The computation below is on the table with the treatment first,
	// so that its "first row over second" odds ratio is b over a.
	a, b, c, d := table[1][0], table[1][1], table[0][0], table[0][1]
	r := FisherResult{Table: table, NA: c + d, NB: a + b, Level: level, Alternative: alt, Solver: set.Solver, Defined: true}
	if a+b == 0 || c+d == 0 || a+c == 0 || b+d == 0 {
		// One table has these margins: P = 1, nothing is known of the odds
		// ratio (SciPy: NaN; R reports an estimate of 0 and [0, Inf]).
		nan := math.NaN()
		r.P, r.OddsRatio, r.MLE, r.Defined = 1, nan, nan, false
		r.CI = Interval{Lower: 0, Upper: math.Inf(1), Level: level}
		for i := 1; i <= 5; i++ {
			progress(i)
		}
		return r, nil
	}
	switch ad, bc := float64(a)*float64(d), float64(b)*float64(c); {
	case bc > 0:
		r.OddsRatio = ad / bc
	case ad > 0:
		r.OddsRatio = math.Inf(1)
	default:
		r.OddsRatio = math.NaN()
	}
	h := newHyper(ctx, a+b, c+d, a+c)
	fa, fb, fc, fd := float64(a)+0.5, float64(b)+0.5, float64(c)+0.5, float64(d)+0.5
	h.t0 = math.Log(fa) + math.Log(fd) - math.Log(fb) - math.Log(fc)
	h.step = math.Sqrt(1/fa + 1/fb + 1/fc + 1/fd)
	central := h.at(0)
	progress(1)
	switch alt {
	case Less:
		r.P = math.Exp(h.logTail(central, a, false))
	case Greater:
		r.P = math.Exp(h.logTail(central, a, true))
	default:
		r.P = h.twoSided(central, a)
	}
	r.P = math.Min(1, r.P)
	if h.cancelled() {
		return FisherResult{}, h.err
	}
	progress(2)
	ciAlt := alt
	if set.TwoSidedCI {
		ciAlt = TwoSided
	}
	alpha := 1 - level
	if ciAlt == TwoSided {
		alpha /= 2
	}
	r.CI = Interval{Lower: 0, Upper: math.Inf(1), Level: level}
	lower, upper := h.lower, h.upper // the ends of the interval by the solver asked for
	if set.Solver == SolveLikeR {
		rh := rFisher{h: h}
		r.MLE, lower, upper = rh.mle(a), rh.lower, rh.upper
	} else {
		r.MLE = h.mle(a, central)
	}
	progress(3)
	if ciAlt != Less {
		r.CI.Lower = lower(a, alpha)
	}
	progress(4)
	if ciAlt != Greater {
		r.CI.Upper = upper(a, alpha)
	}
	if h.cancelled() {
		return FisherResult{}, h.err
	}
	progress(5)
	return r, nil
}

// Precise solver: each equation in t = log ψ, bracketed by steps that
// double outward from a starting point and solved by Brent's method to a
// few ulps.

// solveT returns the root of the increasing function f of t, starting the
// bracket search at h's guess t0 with steps of h.step, doubling.
func (h *hyper) solveT(f func(t float64) float64) float64 {
	t0 := h.t0
	f0 := f(t0)
	switch {
	case math.IsNaN(f0):
		return math.NaN()
	case f0 == 0:
		return t0
	}
	a, b := t0, t0
	fa, fb := f0, f0
	step := h.step
	for range 200 {
		if f0 > 0 {
			a -= step
			fa = f(a)
			if math.IsNaN(fa) {
				return math.NaN()
			}
			if fa <= 0 {
				break
			}
			b, fb = a, fa
		} else {
			b += step
			fb = f(b)
			if math.IsNaN(fb) {
				return math.NaN()
			}
			if fb >= 0 {
				break
			}
			a, fa = b, fb
		}
		step *= 2
	}
	return zeroin2(f, a, b, fa, fb, 4*eps)
}

// mle is the conditional MLE: the ψ whose mean of X is the observed x.
func (h *hyper) mle(x int, central ncDist) float64 {
	switch x {
	case h.lo:
		return 0
	case h.hi:
		return math.Inf(1)
	}
	if central.meanMinus(x) == 0 {
		return 1
	}
	t := h.solveT(func(t float64) float64 {
		if h.cancelled() {
			return math.NaN()
		}
		return h.at(t).meanMinus(x)
	})
	return math.Exp(t)
}

// lower solves P(X ≥ x; ψ) = α (0 when x is the smallest value).
func (h *hyper) lower(x int, alpha float64) float64 {
	if x == h.lo {
		return 0
	}
	la := math.Log(alpha)
	t := h.solveT(func(t float64) float64 {
		if h.cancelled() {
			return math.NaN()
		}
		return h.logTail(h.at(t), x, true) - la
	})
	return math.Exp(t)
}

// upper solves P(X ≤ x; ψ) = α (+Inf when x is the largest value).
func (h *hyper) upper(x int, alpha float64) float64 {
	if x == h.hi {
		return math.Inf(1)
	}
	la := math.Log(alpha)
	t := h.solveT(func(t float64) float64 {
		if h.cancelled() {
			return math.NaN()
		}
		return la - h.logTail(h.at(t), x, false)
	})
	return math.Exp(t)
}

// R's solver: the conditional MLE and interval follow R's fisher.test
// (stats package) step by step, including its root finder (uniroot:
// Brent's zeroin with tolerance eps^¼ ≈ 1.22e-4 on a search variable t in
// [0, 1], where ψ = t or ψ = 1/t), so that the numbers agree with R to
// ~1e-12 rather than only to uniroot's tolerance.
type rFisher struct{ h *hyper }

// rTol is R's default uniroot tolerance, .Machine$double.eps^0.25.
var rTol = math.Pow(2.220446049250313e-16, 0.25)

const eps = 2.220446049250313e-16

// meanMinus is R's mnhyper(psi) − x: the mean of X at odds ratio psi minus
// x (computed apart from x rather than rounded to the ulp of the mean).
func (r rFisher) meanMinus(psi float64, x int) float64 {
	h := r.h
	switch {
	case h.cancelled():
		return math.NaN()
	case psi == 0:
		return float64(h.lo - x)
	case math.IsInf(psi, 1):
		return float64(h.hi - x)
	}
	return h.at(math.Log(psi)).meanMinus(x)
}

// cdf is R's pnhyper: P(X ≤ q) or, with upper, P(X ≥ q) at odds ratio psi.
func (r rFisher) cdf(q int, psi float64, upper bool) float64 {
	h := r.h
	switch {
	case h.cancelled():
		return math.NaN()
	case psi == 0:
		return b2f(upper && q <= h.lo || !upper && q >= h.lo)
	case math.IsInf(psi, 1):
		return b2f(upper && q <= h.hi || !upper && q >= h.hi)
	}
	return math.Exp(h.logTail(h.at(math.Log(psi)), q, upper))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// mle is R's conditional maximum-likelihood estimate of the odds ratio.
func (r rFisher) mle(a int) float64 {
	h := r.h
	switch a {
	case h.lo:
		return 0
	case h.hi:
		return math.Inf(1)
	}
	mu := r.meanMinus(1, a)
	switch {
	case mu > 0:
		return zeroin(func(t float64) float64 { return r.meanMinus(t, a) }, 0, 1, rTol)
	case mu < 0:
		return 1 / zeroin(func(t float64) float64 { return r.meanMinus(1/t, a) }, eps, 1, rTol)
	}
	return 1
}

// upper is R's ncp.U.
func (r rFisher) upper(a int, alpha float64) float64 {
	if a == r.h.hi {
		return math.Inf(1)
	}
	p := r.cdf(a, 1, false)
	switch {
	case p < alpha:
		return zeroin(func(t float64) float64 { return r.cdf(a, t, false) - alpha }, 0, 1, rTol)
	case p > alpha:
		return 1 / zeroin(func(t float64) float64 { return r.cdf(a, 1/t, false) - alpha }, eps, 1, rTol)
	}
	return 1
}

// lower is R's ncp.L.
func (r rFisher) lower(a int, alpha float64) float64 {
	if a == r.h.lo {
		return 0
	}
	p := r.cdf(a, 1, true)
	switch {
	case p > alpha:
		return zeroin(func(t float64) float64 { return r.cdf(a, t, true) - alpha }, 0, 1, rTol)
	case p < alpha:
		return 1 / zeroin(func(t float64) float64 { return r.cdf(a, 1/t, true) - alpha }, eps, 1, rTol)
	}
	return 1
}

// zeroin is Brent's root finder as written in R's zeroin.c (R_zeroin2),
// with tolerance tol and 1000 iterations; uniroot(f, c(lo, hi)) is
// zeroin(f, lo, hi, rTol). Where f does not change sign R stops with an
// error; here NaN is returned.
func zeroin(f func(float64) float64, ax, bx, tol float64) float64 {
	return zeroin2(f, ax, bx, f(ax), f(bx), tol)
}

// zeroin2 is zeroin given fa = f(ax) and fb = f(bx) (R_zeroin2 proper).
func zeroin2(f func(float64) float64, ax, bx, fa, fb, tol float64) float64 {
	if fa == 0 {
		return ax
	}
	if fb == 0 {
		return bx
	}
	if math.IsNaN(fa) || math.IsNaN(fb) || (fa > 0) == (fb > 0) {
		return math.NaN()
	}
	a, b := ax, bx
	c, fc := a, fa
	for range 1001 {
		prev := b - a
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tolAct := 2*eps*math.Abs(b) + tol/2
		step := (c - b) / 2
		if math.Abs(step) <= tolAct || fb == 0 {
			return b
		}
		if math.Abs(prev) >= tolAct && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			cb := c - b
			if a == c {
				t1 := fb / fa
				p = cb * t1
				q = 1 - t1
			} else {
				q = fa / fc
				t1 := fb / fc
				t2 := fb / fa
				p = t2 * (cb*q*(q-t1) - (b-a)*(t1-1))
				q = (q - 1) * (t1 - 1) * (t2 - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if p < 0.75*cb*q-math.Abs(tolAct*q)/2 && p < math.Abs(prev*q/2) {
				step = p / q
			}
		}
		if math.Abs(step) < tolAct {
			if step > 0 {
				step = tolAct
			} else {
				step = -tolAct
			}
		}
		a, fa = b, fb
		b += step
		fb = f(b)
		if math.IsNaN(fb) {
			return math.NaN()
		}
		if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
			c, fc = a, fa
		}
	}
	return b
}

// Loader's (2000) saddle-point form of the binomial density, as R's
// dbinom_raw computes it, in logs.

// logDbinom returns log of the binomial density of x successes in n trials
// with success probability p (q = 1 − p), for real x and n.
func logDbinom(x, n, p, q float64) float64 {
	switch {
	case p == 0:
		if x == 0 {
			return 0
		}
		return math.Inf(-1)
	case q == 0:
		if x == n {
			return 0
		}
		return math.Inf(-1)
	case x == 0:
		if n == 0 {
			return 0
		}
		if p < 0.1 {
			return -bd0(n, n*q) - n*p
		}
		return n * math.Log(q)
	case x == n:
		if q < 0.1 {
			return -bd0(n, n*p) - n*q
		}
		return n * math.Log(p)
	case x < 0 || x > n:
		return math.Inf(-1)
	}
	lc := stirlerr(n) - stirlerr(x) - stirlerr(n-x) - bd0(x, n*p) - bd0(n-x, n*q)
	lf := math.Log(2*math.Pi) + math.Log(x) + math.Log1p(-x/n)
	return lc - 0.5*lf
}

// sferr[n] = log(n!) − log(√(2πn)(n/e)^n), the Stirling error, for
// n = 0..15 (R's sferr_halves at the integers; checked with mpmath).
var sferr = [16]float64{
	0.0,
	0.0810614667953272582196702,
	0.0413406959554092940938221,
	0.02767792568499833914878929,
	0.02079067210376509311152277,
	0.01664469118982119216319487,
	0.01387612882307074799874573,
	0.01189670994589177009505572,
	0.010411265261972096497478567,
	0.009255462182712732917728637,
	0.008330563433362871256469318,
	0.007573675487951840794972024,
	0.006942840107209529865664152,
	0.006408994188004207068439631,
	0.005951370112758847735624416,
	0.005554733551962801371038690,
}

// stirlerr returns log(n!) − log(√(2πn)(n/e)^n), R's stirlerr for
// integer-valued n ≥ 0.
func stirlerr(n float64) float64 {
	const (
		s0 = 1.0 / 12
		s1 = 1.0 / 360
		s2 = 1.0 / 1260
		s3 = 1.0 / 1680
		s4 = 1.0 / 1188
	)
	if n <= 15 {
		if n == math.Trunc(n) {
			return sferr[int(n)]
		}
		lg, _ := math.Lgamma(n + 1)
		return lg - (n+0.5)*math.Log(n) + n - 0.5*math.Log(2*math.Pi)
	}
	nn := n * n
	switch {
	case n > 500:
		return (s0 - s1/nn) / n
	case n > 80:
		return (s0 - (s1-s2/nn)/nn) / n
	case n > 35:
		return (s0 - (s1-(s2-s3/nn)/nn)/nn) / n
	}
	return (s0 - (s1-(s2-(s3-s4/nn)/nn)/nn)/nn) / n
}

// bd0 returns the deviance term x·log(x/np) + np − x, by its series when x
// is near np (R's bd0).
func bd0(x, np float64) float64 {
	if math.Abs(x-np) < 0.1*(x+np) {
		v := (x - np) / (x + np)
		s := (x - np) * v
		if math.Abs(s) < math.SmallestNonzeroFloat64 {
			return s
		}
		ej := 2 * x * v
		v *= v
		for j := 1; j < 1000; j++ {
			ej *= v
			s1 := s + ej/float64(2*j+1)
			if s1 == s {
				return s1
			}
			s = s1
		}
	}
	return x*math.Log(x/np) + np - x
}
