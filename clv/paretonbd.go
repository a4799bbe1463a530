package clv

import (
	"context"
	"math"

	"github.com/cxkit/cxkit/internal/hyper"
)

// ParetoNBD is the Pareto/NBD model of Schmittlein, Morrison & Colombo
// (1987). While alive, a customer buys as a Poisson process with rate
// λ ~ Gamma(shape R, rate Alpha); the customer's unobserved lifetime is
// exponential with rate μ ~ Gamma(shape S, rate Beta), independent of λ (a
// Pareto distribution of lifetimes across customers). Unlike the [BGNBD],
// a customer can drop out at any time, also before the first repeat
// purchase. Rates are per time unit of the data (weeks for CDNOW).
//
// The likelihood, P(alive) and the conditional expectation follow Fader &
// Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
// Expressions" (brucehardie.com/notes/009). Fader, Hardie & Lee (2005)
// report R = 0.55, Alpha = 10.58, S = 0.61, Beta = 11.67 on CDNOW (weeks),
// log-likelihood −9595.0.
//
// The zero value is not a usable model: all fields must be positive and
// finite ([ParetoNBD.Validate]). On invalid parameters the prediction
// methods return NaN and LogLikelihood an error; they never panic. Methods
// are safe for concurrent use.
//
// JSON keys: r, alpha, s, beta.
type ParetoNBD struct {
	R     float64 // shape of the purchase-rate gamma mixing distribution, > 0
	Alpha float64 // rate (inverse scale) of the purchase-rate gamma, in time units, > 0
	S     float64 // shape of the dropout-rate gamma mixing distribution, > 0
	Beta  float64 // rate (inverse scale) of the dropout-rate gamma, in time units, > 0
}

// paretoNBDParams names the parameters of a Pareto/NBD fit, in FitResult
// order.
var paretoNBDParams = []string{"r", "alpha", "s", "beta"}

// Validate returns an [*InputError] naming the first parameter of m that
// is not positive and finite, or nil.
func (m ParetoNBD) Validate() error {
	return validParams("ParetoNBD", []string{"R", "Alpha", "S", "Beta"}, m.params()...)
}

// params returns m's parameters in the order of [FitParetoNBD]'s FitResult.Params.
func (m ParetoNBD) params() []float64 { return []float64{m.R, m.Alpha, m.S, m.Beta} }

// ok reports whether m's parameters are valid, without allocating.
func (m ParetoNBD) ok() bool {
	return positive(m.R) && positive(m.Alpha) && positive(m.S) && positive(m.Beta)
}

// FitParetoNBD fits a Pareto/NBD model to calibration summaries by maximum
// likelihood (see [FitSettings] for the method, defaults and penalty). Time
// is in the unit of the summaries.
//
// The likelihood is evaluated in log space with its analytic gradient on
// the distinct (x, t_x, T) rows of data; see [ParetoNBD.LogLikelihood] for
// how the hypergeometric term is kept accurate. The default starting point is
// r = 1, α = ΣT/Σx (the mean purchase rate of customers who never leave),
// s = 1, β = mean T. Above 20,000 distinct rows the fit starts from fits
// on nested subsamples, as described at [FitSettings]. Standard errors come
// from the Hessian of the log-likelihood (finite differences of the
// analytic gradient).
//
// Weights are as for [FitBGNBD]: weights[i] customers share the pattern of
// data[i] (nil means 1 each), and a pattern table fits like the customers it
// counts.
//
// Errors: [ErrEmpty] for empty data; an [*InputError] naming the first
// invalid customer or weight; [ErrLength] for weights of the wrong length;
// ctx.Err() when ctx is cancelled; a wrapped [ErrNotConverged] with the
// best point found (model and FitResult are then filled); a wrapped
// [ErrSettings].
func FitParetoNBD(ctx context.Context, data []Customer, weights []float64, s *FitSettings) (ParetoNBD, FitResult, error) {
	return fitKernel(ctx, data, weights, s, paretoNBDParams, newPNBDKernel, func(th []float64) ParetoNBD {
		return ParetoNBD{R: th[0], Alpha: th[1], S: th[2], Beta: th[3]}
	})
}

// LogLikelihood returns the total log-likelihood of the customers under m,
// with all the constants of the published likelihood (Fader & Hardie 2005,
// note 009):
//
//	L(r, α, s, β | x, t_x, T) = Γ(r+x) αʳ βˢ / Γ(r) ·
//	    [ 1/((α+T)^(r+x) (β+T)ˢ) + s/(r+s+x) · A₀ ],
//	A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^(r+s+x)
//	   − ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+T)) / (α+T)^(r+s+x)        if α ≥ β,
//
// and with α and β, s+1 and r+x swapped in the ₂F₁ terms if α < β, so that
// the argument z is always in [0, 1). A₀/(r+s+x) is the integral
// ∫_{t_x}^T (α+τ)^−(r+x) (β+τ)^−(s+1) dτ. Each ₂F₁ term is evaluated as a
// logarithm (the textbook form overflows or underflows for large x or z
// near 1) by the package's internal/hyper: the power series for z ≤ 0.9,
// with positive terms only; closer to z = 1, where the series converges
// slowly and the value grows like (1−z)^−s, or where the series would need
// more than about a thousand terms, the Euler integral of ₂F₁ by adaptive
// Gauss–Legendre quadrature in log space. The difference A₀ is formed as
// log G(t_x) + log1p(−G(T)/G(t_x)), so it never cancels to a negative
// number. Where the series would need many terms (r+x or s in the
// hundreds or more, as when a fit runs towards a boundary on data without
// dropout), Euler's transformation of ₂F₁ gives a fast series instead,
// and for z near 1 with r+s+x large a smooth integral on a few dozen nodes
// replaces the adaptive quadrature (see pnbdeuler.go). The fit's gradient is analytic: the series is differentiated
// term by term in its parameters and the integral under the integral sign.
//
// Weights are optional, as for [FitParetoNBD]. It returns an [*InputError]
// for an invalid customer, weight or parameter of m and [ErrEmpty] for an
// empty slice.
func (m ParetoNBD) LogLikelihood(data []Customer, weights []float64) (float64, error) {
	return kernelLogLik(m, data, weights, newPNBDKernel)
}

// pnbdPrep holds what the per-row terms need from the parameters.
type pnbdPrep struct {
	r, al, s, be float64
	ls           float64 // log s
	alphaBase    bool    // α ≥ β: the ₂F₁ terms factor out α+t
	big, small   float64 // max(α, β), min(α, β)
}

func newPNBDPrep(r, al, s, be float64) pnbdPrep {
	p := pnbdPrep{r: r, al: al, s: s, be: be, ls: math.Log(s), alphaBase: al >= be}
	if p.alphaBase {
		p.big, p.small = al, be
	} else {
		p.big, p.small = be, al
	}
	return p
}

// logG returns log G(t) for a customer with frequency x, where
//
//	G(t) = ∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ
//	     = (M+t)^−(r+s+x) · ₂F₁(r+s+x, b; r+s+x+1; (M−m)/(M+t)) / (r+s+x),
//
// M = max(α, β), m = min(α, β), b = s+1 if α ≥ β else r+x; lMt is
// log(M+t). If d is not nil it receives ∂ log G/∂(r, α, s, β).
func (p *pnbdPrep) logG(x, t, lMt float64, d *[4]float64) float64 {
	a := p.r + p.s + x
	b := p.s + 1
	if !p.alphaBase {
		b = p.r + x
	}
	Mt := p.big + t
	z := (p.big - p.small) / Mt
	zc := (p.small + t) / Mt
	// Where the power series is slow: the Euler series, else for large a
	// the smooth integral, else internal/hyper's series or adaptive
	// quadrature (see pnbdeuler.go).
	var f hyper.Value
	ok := false
	if useEuler(a, b, z, zc) {
		f, ok = eulerLog2F1(a, b, z, zc, d != nil)
	}
	if !ok && (z > hyper.SeriesLimit || b*z > 1000*zc) {
		f, ok = bigALog2F1(a, b, z, zc, d != nil)
	}
	if ok {
		if d == nil {
			return -a*lMt + f.Log - math.Log(a)
		}
		return p.logGFrom(f, a, lMt, zc, Mt, d)
	}
	if d == nil {
		return -a*lMt + hyper.LogValue(a, b, z, zc) - math.Log(a)
	}
	return p.logGFrom(hyper.Log2F1(a, b, z, zc), a, lMt, zc, Mt, d)
}

// logGFrom finishes logG from f = log ₂F₁(a, b; a+1; z) with derivatives.
func (p *pnbdPrep) logGFrom(f hyper.Value, a, lMt, zc, Mt float64, d *[4]float64) float64 {
	f.Log -= math.Log(a)
	da := -lMt + f.DA - 1/a
	db := f.DB
	dM := (-a + f.DZ*zc) / Mt
	dm := -f.DZ / Mt
	if p.alphaBase {
		*d = [4]float64{da, dM, da + db, dm}
	} else {
		*d = [4]float64{da + db, dm, da, dM}
	}
	return -a*lMt + f.Log
}

// gPart is log G(t) with its gradient in (r, α, s, β).
type gPart struct {
	lg float64
	d  [4]float64
}

// tPart holds the parts of a row's likelihood that depend on (x, T) only,
// shared by all rows with the same x and T.
type tPart struct {
	l1  float64    // log[(α+T)^−(r+x) (β+T)^−s], the alive-at-T term
	d1  [4]float64 // its gradient in (r, α, s, β)
	lgT float64    // log G(T)
	dT  [4]float64 // its gradient
}

// tpart fills tp for frequency x and age T; the gradients only if grad.
func (p *pnbdPrep) tpart(x, T float64, grad bool, tp *tPart) {
	laT, lbT := math.Log(p.al+T), math.Log(p.be+T)
	tp.l1 = -(p.r+x)*laT - p.s*lbT
	lMT := laT
	if !p.alphaBase {
		lMT = lbT
	}
	if !grad {
		tp.lgT = p.logG(x, T, lMT, nil)
		return
	}
	tp.d1 = [4]float64{-laT, -(p.r + x) / (p.al + T), -lbT, -p.s / (p.be + T)}
	tp.lgT = p.logG(x, T, lMT, &tp.dT)
}

// row returns, for one customer (x, t_x, T) with T-part tp, the
// row-dependent part of the log-likelihood,
// log[(α+T)^−(r+x)(β+T)^−s + s·(G(t_x) − G(T))], and P(alive), the first
// term's share. If g is not nil it receives the gradient of the log in
// natural scale (r, α, s, β) (tp must then hold gradients).
//
// g0, if not nil, holds log G(t_x) and its gradient already (the kernel
// computes G once per distinct (x, t)). The terms may all carry the same
// additive constant in their logarithms (and its gradient): ll then
// carries it too, and alive and the gradient of the rest are unchanged.
func (p *pnbdPrep) row(x, tx float64, tp *tPart, g0 *gPart, g *[4]float64) (ll, alive float64) {
	if g != nil {
		*g = tp.d1
	}
	var lgtx float64
	var dtx [4]float64
	if g0 != nil {
		lgtx, dtx = g0.lg, g0.d
	} else {
		var pdtx *[4]float64
		if g != nil {
			pdtx = &dtx
		}
		lgtx = p.logG(x, tx, math.Log(p.big+tx), pdtx)
	}
	rho := math.Exp(tp.lgT - lgtx) // G(T)/G(t_x) < 1
	if math.IsNaN(rho) {
		return math.NaN(), math.NaN()
	}
	if rho >= 1 { // t_x = T: no room to die unseen
		return tp.l1, 1
	}
	// e = s·D/e1 = q·(1−ρ) with q = s·G(t_x)/e1; ll = l1 + log1p(e).
	lq := p.ls + lgtx - tp.l1
	var k2 float64 // s·G(t_x)/(e1 + s·D)
	if lq < 700 {
		q := math.Exp(lq)
		e := q * (1 - rho)
		alive = 1 / (1 + e)
		ll = tp.l1 + math.Log1p(e)
		k2 = q * alive
	} else {
		// e1 is negligible next to s·D (extreme data): work from l2.
		l2 := p.ls + lgtx + math.Log1p(-rho)
		ll = l2 + math.Log1p(math.Exp(tp.l1-l2))
		alive = math.Exp(tp.l1 - ll)
		k2 = math.Exp(p.ls + lgtx - ll)
	}
	if g != nil {
		// ∂ log(e1 + sD) = w1·∂l1 + (s·G(t_x)/(e1+sD))·(∂G(t_x)/G(t_x) − ρ·∂G(T)/G(T)),
		// plus w2/s for s; written without dividing by 1−ρ.
		for i := range g {
			g[i] = alive*g[i] + k2*(dtx[i]-rho*tp.dT[i])
		}
		g[2] += (1 - alive) / p.s
	}
	return ll, alive
}

// customer returns the row terms for one customer, without tabulation.
func (p *pnbdPrep) customer(x, tx, T float64) (ll, alive float64) {
	var tp tPart
	p.tpart(x, T, false, &tp)
	return p.row(x, tx, &tp, nil, nil)
}

// ProbAlive returns the probability that customer c is alive at T (Fader &
// Hardie 2005, note 009):
//
//	P(alive) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)ˢ · A₀),
//
// with A₀ as in [ParetoNBD.LogLikelihood], evaluated in log space. It is 1
// when t_x = T (a purchase at the end of the period) and less than 1 for
// every other customer, also for x = 0. NaN if c or m's parameters are
// invalid.
func (m ParetoNBD) ProbAlive(c Customer) float64 {
	if !m.ok() || c.check() != nil {
		return math.NaN()
	}
	p := newPNBDPrep(m.R, m.Alpha, m.S, m.Beta)
	_, alive := p.customer(c.Frequency, c.Recency, c.T)
	return alive
}

// ExpectedPurchases returns E[X(t)], the expected number of repeat purchases
// in (0, t] of a new customer (Schmittlein et al. 1987; note 009):
//
//	E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^(s−1)],
//
// with the limit rβ/α · ln(1 + t/β) at s = 1 (evaluated without
// cancellation near s = 1). It returns 0 for t = 0, rβ/(α(s−1)) for
// t = +Inf if s > 1 (+Inf otherwise), and NaN for a negative or NaN t or
// invalid parameters.
func (m ParetoNBD) ExpectedPurchases(t float64) float64 {
	if !m.ok() || !(t >= 0) {
		return math.NaN()
	}
	return m.R / m.Alpha * powDiff(m.Beta, m.S, t)
}

// ConditionalExpectedPurchases returns the expected number of purchases in
// (T, T+t] of customer c (note 009):
//
//	E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive),
//
// with the s = 1 limit as in [ParetoNBD.ExpectedPurchases]. It returns NaN
// if c is invalid, t is negative or NaN, or m's parameters are invalid.
func (m ParetoNBD) ConditionalExpectedPurchases(c Customer, t float64) float64 {
	if !m.ok() || !(t >= 0) || c.check() != nil {
		return math.NaN()
	}
	p := newPNBDPrep(m.R, m.Alpha, m.S, m.Beta)
	_, alive := p.customer(c.Frequency, c.Recency, c.T)
	return (m.R + c.Frequency) / (m.Alpha + c.T) * powDiff(m.Beta+c.T, m.S, t) * alive
}

// powDiff returns ∫_0^t (b/(b+τ))^s dτ = b/(s−1)·[1 − (b/(b+t))^(s−1)]
// (b·ln(1+t/b) at s = 1), the expected lifetime within t of a customer
// whose dropout rate is Gamma(s, b), in a form without cancellation.
func powDiff(b, s, t float64) float64 {
	if math.IsInf(t, 1) { // the expected lifetime: finite only for s > 1
		if s > 1 {
			return b / (s - 1)
		}
		return math.Inf(1)
	}
	l := math.Log1p(t / b)
	y := (s - 1) * l
	if math.Abs(y) < 1e-8 {
		return b * l * (1 - y/2)
	}
	return b * l * -math.Expm1(-y) / y
}

// ProbPurchases returns P(X(t) = n), the probability that a new customer
// makes exactly n repeat purchases in (0, t]. Conditioning on whether and
// when (τ) the customer dies before t gives the integral that Fader & Hardie
// (2006, "Deriving an Expression for P(X(t) = x) Under the Pareto/NBD
// Model", note 012) go on to solve in closed form:
//
//	P(X(t)=n) = NB(n; t)·(β/(β+t))ˢ + ∫_0^t s βˢ (β+τ)^−(s+1) NB(n; τ) dτ,
//	NB(n; τ)  = Γ(r+n)/(Γ(r) n!) · (α/(α+τ))ʳ (τ/(α+τ))ⁿ,
//
// the probability of being alive at t with n purchases plus that of dying at
// τ < t after n purchases. The integral is computed by adaptive
// Gauss–Legendre quadrature in log space (its integrand is unimodal with a
// known mode), which avoids the alternating sum of ₂F₁ terms of the closed
// form. It returns 0 for n < 0 and NaN for a negative or NaN t or invalid
// parameters.
func (m ParetoNBD) ProbPurchases(n int, t float64) float64 {
	if !m.ok() || !(t >= 0) || math.IsInf(t, 1) {
		return math.NaN()
	}
	if n < 0 {
		return 0
	}
	if t == 0 {
		if n == 0 {
			return 1
		}
		return 0
	}
	r, al, s, be := m.R, m.Alpha, m.S, m.Beta
	fn := float64(n)
	// Constants apart, and log1p for the τ-dependent parts, so that the
	// integrand is accurate relative to its own size even when r or s is
	// huge.
	lal, lbe := math.Log(al), math.Log(be)
	c := lgamma(r+fn) - lgamma(r) - lgamma(fn+1) - fn*lal // NB constant
	lnb := func(tau float64) float64 {                    // log NB(n; τ) − c
		v := -(r + fn) * math.Log1p(tau/al)
		if n > 0 {
			v += fn * math.Log(tau)
		}
		return v
	}
	alive := c + lnb(t) - s*math.Log1p(t/be)
	cd := c + math.Log(s) - lbe // constant of the death integrand
	phi := func(tau float64, _ []float64) float64 {
		return lnb(tau) - (s+1)*math.Log1p(tau/be)
	}
	// The mode of the integrand: the positive root of
	// −(r+s+1)τ² + (nα − rβ − (s+1)α)τ + nαβ = 0 (0 when n = 0).
	// (The root is taken in the form without cancellation.)
	mode := 0.0
	if n > 0 {
		qa, qb, qc := r+s+1, -(fn*al - r*be - (s+1)*al), -fn*al*be
		d := math.Sqrt(qb*qb - 4*qa*qc)
		if qb > 0 {
			mode = -2 * qc / (qb + d)
		} else {
			mode = (d - qb) / (2 * qa)
		}
	}
	// Width of the peak: 1/√(−phi″) at an interior mode, 1/|phi′| at an end.
	peak := math.Min(mode, t)
	var width float64
	if n > 0 && mode < t {
		width = 1 / math.Sqrt(fn/(mode*mode)-(r+fn)/((al+mode)*(al+mode))-(s+1)/((be+mode)*(be+mode)))
	} else {
		slope := -(r+fn)/(al+peak) - (s+1)/(be+peak)
		if n > 0 {
			slope += fn / peak
		}
		width = 1 / math.Abs(slope)
	}
	ref := phi(peak, nil)
	if math.IsInf(ref, -1) { // the integrand underflows everywhere
		return math.Exp(alive)
	}
	dead := cd + hyper.LogIntegrate(phi, 0, t, peak, width, ref, nil)
	return math.Exp(alive) + math.Exp(dead)
}

// aliveExpected returns the expected purchases in (T, T+t] of a customer
// with frequency x who is alive at T, (r+x)/(α+T)·∫_0^t ((β+T)/(β+T+τ))^s dτ:
// the conditional expectation divided by P(alive). It lets [CLV] compute
// P(alive), the costly part, once per customer instead of once per period.
func (m ParetoNBD) aliveExpected(x, T, t float64) float64 {
	return (m.R + x) / (m.Alpha + T) * powDiff(m.Beta+T, m.S, t)
}
