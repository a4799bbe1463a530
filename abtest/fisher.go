package abtest

import (
	"context"
	"fmt"
	"math"
)

// FisherResult is the outcome of [FisherExact] on a 2 × 2 table
// [[a₁, a₂], [b₁, b₂]]: row 0 is the control a, row 1 the treatment b,
// columns are the outcomes (e.g. converted, not converted).
//
// JSON keys: table, na, nb, odds_ratio, mle, ci, level, p, alternative,
// defined.
type FisherResult struct {
	Table  [2][2]int // the counts used
	NA, NB int       // the row totals a₁ + a₂ and b₁ + b₂

	// OddsRatio, the test's statistic, is the sample odds ratio of b over a,
	// (b₁/b₂)/(a₁/a₂) = a₂·b₁/(a₁·b₂): above 1 when the treatment has the
	// higher odds of the first column. It is +Inf when a₁·b₂ = 0 < a₂·b₁,
	// NaN when both products are 0.
	OddsRatio float64
	// MLE is the conditional maximum-likelihood estimate of the same odds
	// ratio (the estimate R's fisher.test reports). It is 0 or +Inf when the
	// table is at an end of the support given its margins.
	MLE float64
	// CI is the exact conditional confidence interval of the odds ratio at
	// Level (R's fisher.test conf.int): two-sided, or one-sided [0, U] for
	// Less and [L, +Inf] for Greater.
	CI    Interval
	Level float64

	// P is the exact p-value under Alternative. Two-sided sums the
	// probabilities of all tables no more likely than the observed one,
	// with R's relative tolerance 1e-7; Greater tests an odds ratio above
	// 1 (b's odds of the first column above a's), Less one below 1.
	P           float64
	Alternative Alternative

	// Defined is false when a column is all zero (no successes, or no
	// failures, in both groups). Only one table has those margins, so P is
	// 1, but the odds ratio, MLE and CI are NaN.
	Defined bool
}

// FisherSettings holds the options of [FisherExact]. A nil pointer means
// all defaults.
//
// JSON keys: alternative, level (Progress is not encoded).
type FisherSettings struct {
	// Alternative: Greater tests an odds ratio of b over a above 1. The
	// zero value is TwoSided.
	Alternative Alternative
	// Level of the interval of the odds ratio, in (0, 1); 0 means 0.95.
	Level float64
	// Progress, when not nil, is called from the caller's goroutine after
	// each of the test's five passes (the distribution, the p-value, the
	// estimate, the two ends of the interval) with done = 1..5 and
	// total = 5; on a table near MaxFisherSupport each pass takes up to a
	// few seconds.
	Progress func(done, total int)
}

// MaxFisherSupport is the largest number of tables with the observed
// margins (min(row total, column total) + 1, roughly) that [FisherExact]
// accepts: its memory is about 16 bytes per table, 64 MiB at this limit,
// and its time a few seconds. Larger tables are an error wrapping
// ErrTooLarge before anything is allocated; for them the chi-square test
// ([ChiSquareIndependence]) or the z-test ([TwoProportionZ]) is
// indistinguishable from the exact test.
const MaxFisherSupport = 1 << 22

// hyper holds the log-probabilities of the (central) hypergeometric
// distribution of cell a given the margins of a 2 × 2 table.
type hyper struct {
	lo, hi int
	logp   []float64 // logp[k − lo] = log P(X = k)
	buf    []float64 // scratch for dn, as long as logp
	ctx    context.Context
	err    error // ctx.Err() once the context is done; results are then NaN
}

func newHyper(ctx context.Context, r1, r2, c1 int) *hyper {
	h := &hyper{lo: max(0, c1-r2), hi: min(r1, c1), ctx: ctx}
	h.logp = make([]float64, h.hi-h.lo+1)
	h.buf = make([]float64, len(h.logp))
	n := r1 + r2
	base := lchoose(n, c1)
	// log P(X = k) = log C(r1, k) + log C(r2, c1 − k) − log C(n, c1):
	// exactly (three Lgamma calls) at every 64th k and by the ratio
	// P(k + 1)/P(k) = (r1 − k)(c1 − k)/((k + 1)(r2 − c1 + k + 1)) (one Log)
	// in between, which keeps the rounding error at a few ulps.
	f1, f2, fc := float64(r1), float64(r2), float64(c1)
	for k := h.lo; k <= h.hi; k++ {
		i := k - h.lo
		if i&(1<<16-1) == 0 && h.cancelled() {
			break
		}
		if i&63 == 0 {
			h.logp[i] = lchoose(r1, k) + lchoose(r2, c1-k) - base
			continue
		}
		fk := float64(k - 1)
		h.logp[i] = h.logp[i-1] + math.Log((f1-fk)*(fc-fk)/((fk+1)*(f2-fc+fk+1)))
	}
	return h
}

// lchoose returns log C(n, k).
func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n) + 1)
	b, _ := math.Lgamma(float64(k) + 1)
	c, _ := math.Lgamma(float64(n-k) + 1)
	return a - b - c
}

// tail returns log Σ_{k in [from, to]} P(X = k) · ψ^k / Σ_k P(X = k) ψ^k,
// with logPsi = log ψ (0 for the central distribution).
func (h *hyper) tail(from, to int, logPsi float64) float64 {
	from, to = max(from, h.lo), min(to, h.hi)
	if h.cancelled() {
		return math.NaN()
	}
	if from > to {
		return math.Inf(-1)
	}
	num := math.Inf(-1)
	den := math.Inf(-1)
	// Two streaming log-sum-exps: one over the range, one over the support.
	for k := h.lo; k <= h.hi; k++ {
		if (k-h.lo)&(1<<16-1) == 0 && h.cancelled() {
			return math.NaN()
		}
		v := h.logp[k-h.lo] + float64(k)*logPsi
		den = logAddExp(den, v)
		if k >= from && k <= to {
			num = logAddExp(num, v)
		}
	}
	return num - den
}

// logAddExp returns log(e^a + e^b) without overflow.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// FisherExact runs Fisher's exact test on the 2 × 2 table
// [[a₁, a₂], [b₁, b₂]]: row 0 is the control a, row 1 the treatment b,
// columns the outcomes (converted, not converted). Conditional on the
// margins, b₁ follows the hypergeometric distribution; Greater tests an
// odds ratio of b over a above 1 (the treatment has the higher odds of the
// first column). P-values, the conditional MLE and its exact interval match
// SciPy's fisher_exact and R's fisher.test given the rows in the order
// (b, a), which report the first row over the second. s.Level (0 means
// 0.95) sets the CI; s.Progress reports the passes.
//
// The cost grows with the number of tables with the observed margins (up
// to [MaxFisherSupport]); FisherExact checks ctx between passes over them
// and returns ctx.Err() when it is done.
//
// Errors: a negative count (*InputError, ErrNegative), an all-zero row
// (ErrEmpty), counts summing above 2⁵³ or a support above MaxFisherSupport
// (ErrTooLarge), an unknown alternative, a bad level, ctx.Err().
func FisherExact(ctx context.Context, table [2][2]int, s *FisherSettings) (FisherResult, error) {
	var set FisherSettings
	if s != nil {
		set = *s
	}
	alt, level, err := (&Settings{Alternative: set.Alternative, Level: set.Level}).resolve()
	if err != nil {
		return FisherResult{}, err
	}
	progress := func(done int) {
		if set.Progress != nil {
			set.Progress(done, 5)
		}
	}
	var total int
	for i, row := range table {
		for j, v := range row {
			if v < 0 {
				return FisherResult{}, inputErr(ErrNegative, fmt.Sprintf("table row %d", i), j, v)
			}
			if v > maxExactCount-total {
				return FisherResult{}, fmt.Errorf("%w: the table's total count exceeds 2^53", ErrTooLarge)
			}
			total += v
		}
		if row[0]+row[1] == 0 {
			return FisherResult{}, fmt.Errorf("%w: table row %d is all zero", ErrEmpty, i)
		}
	}
	// The computation below is R's on the table with the treatment first,
	// so that its "first row over second" odds ratio is b over a.
	a, b, c, d := table[1][0], table[1][1], table[0][0], table[0][1]
	r := FisherResult{Table: table, NA: c + d, NB: a + b, Level: level, Alternative: alt, Defined: true}
	if a+c == 0 || b+d == 0 {
		nan := math.NaN()
		r.P, r.OddsRatio, r.MLE, r.CI, r.Defined = 1, nan, nan, nanInterval(level), false
		return r, nil
	}
	if support := min(a+b, a+c) - max(0, a+c-(c+d)) + 1; support > MaxFisherSupport {
		return FisherResult{}, fmt.Errorf("%w: %d tables share the margins, above MaxFisherSupport = %d (use ChiSquareIndependence)",
			ErrTooLarge, support, MaxFisherSupport)
	}
	if err := ctx.Err(); err != nil {
		return FisherResult{}, err
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
	progress(1)
	switch alt {
	case Less:
		r.P = math.Exp(h.tail(h.lo, a, 0))
	case Greater:
		r.P = math.Exp(h.tail(a, h.hi, 0))
	default:
		r.P = h.twoSided(a)
	}
	r.P = math.Min(1, r.P)
	progress(2)
	r.MLE = h.mle(a)
	progress(3)
	r.CI = h.oddsInterval(a, level, alt, progress)
	if h.err != nil {
		return FisherResult{}, h.err
	}
	return r, nil
}

// cancelled records and reports whether h's context is done.
func (h *hyper) cancelled() bool {
	if h.err == nil {
		h.err = h.ctx.Err()
	}
	return h.err != nil
}

// twoSided sums P(X = k) over every k with P(X = k) ≤ P(X = a)·(1 + 1e-7).
func (h *hyper) twoSided(a int) float64 {
	limit := h.logp[a-h.lo] + math.Log1p(1e-7)
	s := math.Inf(-1)
	for i, lp := range h.logp {
		if i&(1<<16-1) == 0 && h.cancelled() {
			return math.NaN()
		}
		if lp <= limit {
			s = logAddExp(s, lp)
		}
	}
	return math.Exp(s)
}

// The conditional MLE and interval follow R's fisher.test (stats package)
// step by step, including its root finder (uniroot: Brent's zeroin with
// tolerance eps^¼ ≈ 1.22e-4 on a search variable t in [0, 1], where ψ = t or
// ψ = 1/t), so that the numbers agree with R to ~1e-12 rather than only to
// uniroot's tolerance. The true root of the estimating equation can differ
// from R's in the fourth or fifth significant digit.

// rTol is R's default uniroot tolerance, .Machine$double.eps^0.25.
var rTol = math.Pow(2.220446049250313e-16, 0.25)

// dn returns the noncentral hypergeometric probabilities for odds ratio psi
// (0 < psi < ∞), normalised as R's dnhyper does, in h's scratch buffer
// (valid until the next call), or nil once h's context is done.
func (h *hyper) dn(psi float64) []float64 {
	if h.cancelled() {
		return nil
	}
	lp := math.Log(psi)
	d := h.buf
	m := math.Inf(-1)
	for i, v := range h.logp {
		d[i] = v + lp*float64(h.lo+i)
		m = math.Max(m, d[i])
	}
	var s float64
	for i := range d {
		if i&(1<<16-1) == 0 && h.cancelled() {
			return nil
		}
		d[i] = math.Exp(d[i] - m)
		s += d[i]
	}
	for i := range d {
		d[i] /= s
	}
	return d
}

// rMean is R's mnhyper: the mean of X at odds ratio psi.
func (h *hyper) rMean(psi float64) float64 {
	switch {
	case psi == 0:
		return float64(h.lo)
	case math.IsInf(psi, 1):
		return float64(h.hi)
	}
	d := h.dn(psi)
	if d == nil {
		return math.NaN()
	}
	var m float64
	for i, p := range d {
		m += float64(h.lo+i) * p
	}
	return m
}

// rCDF is R's pnhyper: P(X ≤ q) or, with upper, P(X ≥ q) at odds ratio psi.
func (h *hyper) rCDF(q int, psi float64, upper bool) float64 {
	switch {
	case psi == 0:
		return b2f(upper && q <= h.lo || !upper && q >= h.lo)
	case math.IsInf(psi, 1):
		return b2f(upper && q <= h.hi || !upper && q >= h.hi)
	case psi == 1:
		if upper {
			return math.Exp(h.tail(q, h.hi, 0))
		}
		return math.Exp(h.tail(h.lo, q, 0))
	}
	d := h.dn(psi)
	if d == nil {
		return math.NaN()
	}
	var s float64
	for i, p := range d {
		if k := h.lo + i; upper && k >= q || !upper && k <= q {
			s += p
		}
	}
	return s
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// mle is R's conditional maximum-likelihood estimate of the odds ratio.
func (h *hyper) mle(a int) float64 {
	x := float64(a)
	switch a {
	case h.lo:
		return 0
	case h.hi:
		return math.Inf(1)
	}
	mu := h.rMean(1)
	switch {
	case mu > x:
		return rUniroot(func(t float64) float64 { return h.rMean(t) - x }, 0, 1)
	case mu < x:
		return 1 / rUniroot(func(t float64) float64 { return h.rMean(1/t) - x }, eps, 1)
	}
	return 1
}

const eps = 2.220446049250313e-16

// oddsInterval returns R's exact conditional interval of the odds ratio:
// the lower end solves P(X ≥ a; ψ) = α, the upper P(X ≤ a; ψ) = α, with
// α = (1 − level)/2 for TwoSided and 1 − level for one-sided tests.
func (h *hyper) oddsInterval(a int, level float64, alt Alternative, progress func(int)) Interval {
	alpha := 1 - level
	if alt == TwoSided {
		alpha /= 2
	}
	iv := Interval{Lower: 0, Upper: math.Inf(1), Level: level}
	if alt != Less {
		iv.Lower = h.rLower(a, alpha)
	}
	progress(4)
	if alt != Greater {
		iv.Upper = h.rUpper(a, alpha)
	}
	progress(5)
	return iv
}

// rUpper is R's ncp.U.
func (h *hyper) rUpper(a int, alpha float64) float64 {
	if a == h.hi {
		return math.Inf(1)
	}
	p := h.rCDF(a, 1, false)
	switch {
	case p < alpha:
		return rUniroot(func(t float64) float64 { return h.rCDF(a, t, false) - alpha }, 0, 1)
	case p > alpha:
		return 1 / rUniroot(func(t float64) float64 { return h.rCDF(a, 1/t, false) - alpha }, eps, 1)
	}
	return 1
}

// rLower is R's ncp.L.
func (h *hyper) rLower(a int, alpha float64) float64 {
	if a == h.lo {
		return 0
	}
	p := h.rCDF(a, 1, true)
	switch {
	case p > alpha:
		return rUniroot(func(t float64) float64 { return h.rCDF(a, t, true) - alpha }, 0, 1)
	case p < alpha:
		return 1 / rUniroot(func(t float64) float64 { return h.rCDF(a, 1/t, true) - alpha }, eps, 1)
	}
	return 1
}

// rUniroot is R's uniroot(f, c(lo, hi)) with its default tolerance and
// 1000 iterations: Brent's zeroin as written in R's zeroin.c (R_zeroin2).
// Where f does not change sign R stops with an error; here NaN is returned.
func rUniroot(f func(float64) float64, ax, bx float64) float64 {
	fa, fb := f(ax), f(bx)
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
		tolAct := 2*eps*math.Abs(b) + rTol/2
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
		if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
			c, fc = a, fa
		}
	}
	return b
}
