package clv

import (
	"context"
	"math"
	"sync"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mathext"
)

// BGNBD is the beta-geometric/negative-binomial distribution model of Fader,
// Hardie & Lee (2005). While alive, a customer buys as a Poisson process
// with rate λ ~ Gamma(shape R, rate Alpha); after each repeat purchase the
// customer drops out for good with probability p ~ Beta(A, B). Rates are per
// time unit of the data (weeks for CDNOW).
//
// The zero value is not a usable model: all fields must be positive and
// finite ([BGNBD.Validate]). On invalid parameters the prediction methods
// return NaN and LogLikelihood an error; they never panic. Methods are safe
// for concurrent use.
//
// JSON keys: r, alpha, a, b.
type BGNBD struct {
	R     float64 // shape of the purchase-rate gamma mixing distribution, > 0
	Alpha float64 // rate (inverse scale) of the purchase-rate gamma, in time units, > 0
	A     float64 // first shape of the beta distribution of the dropout probability, > 0
	B     float64 // second shape of the beta distribution of the dropout probability, > 0
}

// bgnbdParams names the parameters of a BG/NBD or MBG/NBD fit, in FitResult
// order.
var bgnbdParams = []string{"r", "alpha", "a", "b"}

// FitBGNBD fits a BG/NBD model to calibration summaries by maximum
// likelihood (see [FitSettings] for the method, defaults and penalty). Time
// is in the unit of the summaries.
//
// Each row of data is one customer, or one pattern of customers when
// weights is not nil: weights[i] is the number of customers who share the
// (Frequency, Recency, T) of data[i] (nil means 1 each). A table of
// distinct patterns with their counts, such as [Patterns] or
// [PatternTable] makes, gives the same fit as the customers it counts,
// standard errors included: weights are frequency weights, and the
// log-likelihood is Σ weights[i]·log L(data[i]). Weights must be finite
// and ≥ 0 (an [*InputError] with field "weight" otherwise) with a positive
// total ([ErrEmpty] otherwise); rows of weight 0 are validated and then
// ignored; a weights slice whose length differs from data's gives an
// error wrapping [ErrLength]. Fractional weights are allowed, but the
// standard errors then describe a sample of Σ weights customers.
//
// The default starting point is r = 1, α = r·ΣT/Σx (the mean purchase rate
// matched), a = 1, b = 1.
//
// Errors: [ErrEmpty] for empty data; an [*InputError] naming the first
// invalid customer; ctx.Err() when ctx is cancelled; a wrapped
// [ErrNotConverged] with the best point found (model and FitResult are then
// filled); a wrapped [ErrSettings].
func FitBGNBD(ctx context.Context, data []Customer, weights []float64, s *FitSettings) (BGNBD, FitResult, error) {
	return fitKernel(ctx, data, weights, s, bgnbdParams, bgnbdKernel, bgnbdFromParams)
}

// bgnbdFromParams is the inverse of [BGNBD.params].
func bgnbdFromParams(th []float64) BGNBD { return BGNBD{R: th[0], Alpha: th[1], A: th[2], B: th[3]} }

// bgnbdKernel is the likelihood kernel of the BG/NBD on rows.
func bgnbdKernel(r rows) *nbdKernel { return newNBDKernel(r, 0) }

// LogLikelihood returns the total log-likelihood of the customers under m (the
// published likelihood of Fader, Hardie & Lee 2005, eq. 6, with all
// constants), Σ weights[i]·log L(data[i]) with optional weights as for
// [FitBGNBD] (nil means 1 each). It returns an [*InputError] for an invalid
// customer, weight or parameter of m and [ErrEmpty] for an empty slice.
func (m BGNBD) LogLikelihood(data []Customer, weights []float64) (float64, error) {
	return kernelLogLik(m, data, weights, bgnbdKernel)
}

// Validate returns an [*InputError] naming the first parameter of m that
// is not positive and finite (wrapping [ErrOutOfRange] or [ErrNonFinite]),
// or nil.
func (m BGNBD) Validate() error {
	return validParams("BGNBD", bgnbdFields, m.params()...)
}

// params returns m's parameters in the order of [FitBGNBD]'s FitResult.Params.
func (m BGNBD) params() []float64 { return []float64{m.R, m.Alpha, m.A, m.B} }

// ok reports whether m's parameters are valid, without allocating.
func (m BGNBD) ok() bool { return positive(m.R) && positive(m.Alpha) && positive(m.A) && positive(m.B) }

// bgnbdFields names the fields of BGNBD and MBGNBD in errors.
var bgnbdFields = []string{"R", "Alpha", "A", "B"}

// ExpectedPurchases returns E[X(t)], the expected number of repeat purchases
// in (0, t] of a customer whose first purchase is at 0 (FHL 2005, eq. 7):
//
//	E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))].
//
// At a = 1 the limit is taken numerically. It returns 0 for t = 0 and NaN
// for a negative or NaN t or invalid parameters.
func (m BGNBD) ExpectedPurchases(t float64) float64 {
	if !m.ok() {
		return math.NaN()
	}
	return nbdExpected(m.R, m.Alpha, m.A, m.B, t)
}

// ConditionalExpectedPurchases returns the expected number of purchases in
// (T, T+t] of customer c (FHL 2005, eq. 10), as lifetimes'
// conditional_expected_number_of_purchases_up_to_time computes it:
//
//	(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
//	/ [1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)].
//
// It returns NaN if c is invalid, t is negative or NaN, or m's parameters
// are invalid.
func (m BGNBD) ConditionalExpectedPurchases(c Customer, t float64) float64 {
	if !m.ok() || c.check() != nil {
		return math.NaN()
	}
	return m.aliveExpected(c.Frequency, c.T, t) * m.ProbAlive(c)
}

// ProbAlive returns the probability that customer c is alive at T
// (FHL 2005 and the note "Computing P(alive) using the BG/NBD model"):
//
//	P(alive) = 1 / (1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)),
//
// which is 1 for x = 0 (under the BG/NBD a customer can only drop out right
// after a repeat purchase). NaN if c or m's parameters are invalid.
func (m BGNBD) ProbAlive(c Customer) float64 {
	if !m.ok() || c.check() != nil {
		return math.NaN()
	}
	x := c.Frequency
	if x == 0 {
		return 1
	}
	lt := math.Log(m.A) - math.Log(m.B+x-1) + (m.R+x)*(math.Log(m.Alpha+c.T)-math.Log(m.Alpha+c.Recency))
	return 1 / (1 + math.Exp(lt))
}

// ProbPurchases returns P(X(t) = n), the probability that a new customer
// makes exactly n repeat purchases in (0, t] (FHL 2005, eq. 8):
//
//	P(X(t)=n) = B(a, b+n)/B(a, b) · Γ(r+n)/(Γ(r) n!) · (α/(α+t))^r (t/(α+t))^n
//	          + δ(n>0)·B(a+1, b+n−1)/B(a, b) · [1 − (α/(α+t))^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j].
//
// It returns 0 for n < 0 and NaN for a negative or NaN t or invalid
// parameters.
func (m BGNBD) ProbPurchases(n int, t float64) float64 { return m.nbdProb(0, n, t) }

// nbdProb is P(X(t) = n) of the BG/NBD (k = 0) or the MBG/NBD (k = 1) with
// m's parameters: 0 for n < 0, NaN for a negative or NaN t or invalid
// parameters, else
//
//	B(a, b+n+k)/B(a, b)·NB(n) + δ·B(a+1, b+n−1+k)/B(a, b)·[1 − Σ_{j<n} NB(j)],
//
// where NB(j) = Γ(r+j)/(Γ(r) j!)·(α/(α+t))^r (t/(α+t))^j and δ = 1 if n > 0
// or k = 1. The second term is the probability of dropping out right after
// the n-th purchase (for the MBG/NBD also at time 0) when the purchase
// process would have reached n.
func (m BGNBD) nbdProb(k float64, n int, t float64) float64 {
	if !m.ok() || !(t >= 0) || math.IsInf(t, 0) {
		return math.NaN()
	}
	if n < 0 {
		return 0
	}
	r, al, a, b := m.R, m.Alpha, m.A, m.B
	fn := float64(n)
	lbab := lbeta(a, b)
	lq := r * (math.Log(al) - math.Log(al+t)) // log (α/(α+t))^r
	lz := math.Log(t) - math.Log(al+t)        // log t/(α+t)
	p := math.Exp(lbeta(a, b+fn+k) - lbab + lnbTerm(r, n, lq, lz))
	if n > 0 || k == 1 {
		// 1 − Σ_{j<n} NB(j) = P(NB ≥ n); the terms are positive, so the
		// sum has no cancellation until the tail is below rounding.
		cdf := 0.0
		if q := math.Exp(lq); q > 1e-250 {
			// NB(j+1) = NB(j)·(r+j)/(j+1)·z, from NB(0) = q.
			z, term := math.Exp(lz), q
			for j := range n {
				cdf += term
				term *= (r + float64(j)) / float64(j+1) * z
			}
		} else {
			for j := range n {
				cdf += math.Exp(lnbTerm(r, j, lq, lz))
			}
		}
		p += math.Exp(lbeta(a+1, b+fn-1+k)-lbab) * math.Max(0, 1-cdf)
	}
	return p
}

// lnbTerm is log of Γ(r+j)/(Γ(r) j!) · q · z^j given lq = log q and
// lz = log z (the negative binomial probability of j).
func lnbTerm(r float64, j int, lq, lz float64) float64 {
	fj := float64(j)
	v := lgamma(r+fj) - lgamma(r) - lgamma(fj+1) + lq
	if j > 0 {
		v += fj * lz
	}
	return v
}

// nbdExpected returns E[X(t)] of the BG/NBD with the given parameters,
//
//	(a+b−1)/(a−1)·[1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))],
//
// (ConditionalExpectedPurchases passes the posterior parameters r+x, α+T,
// b+x). The hypergeometric series is evaluated by gonum's mathext.Hypergeo.
// The closed form cancels badly when a+b−1 ≤ 0 (the series then has
// negative or tiny denominators) or a is near 1, and Hypergeo can overflow;
// so the result is checked against the bounds 0 ≤ E[X(t)] ≤ r·t/α (the
// expected count of a customer who never drops out) and, where the closed
// form is unsafe or fails the check, E[X(t)] is computed by quadrature of
// its defining integral instead (see nbdExpectedQuad).
func nbdExpected(r, al, a, b, t float64) float64 {
	if !(t >= 0) || math.IsInf(t, 0) {
		return math.NaN()
	}
	if t == 0 {
		return 0
	}
	bound := r * t / al
	c := a + b - 1
	if c > 0.05 && math.Abs(a-1) > 1e-3 {
		z := t / (al + t)
		q := math.Exp(r * (math.Log(al) - math.Log(al+t))) // (α/(α+t))^r
		e := c / (a - 1) * (1 - q*mathext.Hypergeo(r, b, c, z))
		// Accept unless it is outside the bounds or lost to cancellation
		// (relative error ≈ ε·|c/(a−1)|·max(1, q·F)/E).
		if e >= 0 && e <= bound*(1+1e-9) && math.Abs(c/(a-1))*(1+math.Abs(e*(a-1)/c-1)) < 1e6*e {
			return e
		}
	}
	return nbdExpectedQuad(r, al, a, b, t)
}

// quadN is the number of Gauss–Legendre nodes on each half of (0, 1).
const quadN = 256

var (
	legendreOnce    sync.Once
	legendreX, legW []float64 // nodes and weights on [0, 1]
)

// nbdExpectedQuad computes E[X(t)] = E_p[(1 − (α/(α+p·t))^r)/p] over
// p ~ Beta(a, b): given p, the expected number of purchases is
// E_λ[(1 − e^(−λpt))/p] with λ ~ Gamma(r, α). The integrand is bounded
// (its limit at p = 0 is r·t/α) and smooth; the beta density's endpoint
// singularities are removed by the substitutions p = v^k on (0, ½) and
// 1 − p = w^k on (½, 1) with integer k ≥ 3/a (3/b), after which
// Gauss–Legendre quadrature with quadN nodes per half is accurate to about
// 1e-9 relative for ordinary parameters and stays finite and within the
// bounds for extreme ones.
func nbdExpectedQuad(r, al, a, b, t float64) float64 {
	legendreOnce.Do(func() {
		legendreX = make([]float64, quadN)
		legW = make([]float64, quadN)
		quad.Legendre{}.FixedLocations(legendreX, legW, 0, 1)
	})
	g := func(p float64) float64 {
		if p <= 0 {
			return r * t / al
		}
		return -math.Expm1(-r*math.Log1p(p*t/al)) / p
	}
	// ∫_0^½ g(p)·p^(a−1)(1−p)^(b−1) dp and the same on (½, 1) with the
	// roles of p and 1−p (and of a and b) swapped.
	half := func(g func(p float64) float64, a, b float64) float64 {
		// p = v^k with an integer k ≥ 3/a: p^(a−1) dp = k·v^(ka−1) dv, and
		// ka−1 ≥ 2 keeps the integrand smooth enough at 0 for fast
		// convergence whatever a is.
		k := math.Max(1, math.Ceil(3/a))
		hi := math.Exp(-math.Ln2 / k) // v at p = ½
		s := 0.0
		for i, u := range legendreX {
			v := u * hi
			lv := math.Log(v)
			p := math.Exp(k * lv)
			s += legW[i] * g(p) * math.Exp((k*a-1)*lv+(b-1)*math.Log1p(-p))
		}
		return s * hi * k
	}
	s1 := half(g, a, b)
	s2 := half(func(q float64) float64 { return g(1 - q) }, b, a)
	return (s1 + s2) * math.Exp(-lbeta(a, b))
}

// aliveExpected returns the expected purchases in (T, T+t] of a customer
// with frequency x who is alive at T: the conditional expectation divided
// by P(alive). It lets [CLV] share work between customers with the same
// (x, T).
func (m BGNBD) aliveExpected(x, T, t float64) float64 {
	return nbdExpected(m.R+x, m.Alpha+T, m.A, m.B+x, t)
}
