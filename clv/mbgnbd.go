package clv

import (
	"context"
	"math"
)

// MBGNBD is the modified BG/NBD model of Batislam, Denizel & Filiztekin
// (2007). It is the [BGNBD] with one change: a customer may also drop out
// right after the first purchase (at time 0), not only after each repeat
// purchase. So customers with no repeat purchase are not certainly alive,
// which removes the BG/NBD's "x = 0 means alive" artefact. While alive, a
// customer buys as a Poisson process with rate λ ~ Gamma(shape R, rate
// Alpha); after every purchase (the first included) the customer drops out
// with probability p ~ Beta(A, B). Rates are per time unit of the data.
//
// The zero value is not a usable model: all fields must be positive and
// finite ([MBGNBD.Validate]). On invalid parameters the prediction methods
// return NaN and LogLikelihood an error; they never panic. Methods are safe
// for concurrent use.
//
// JSON keys: r, alpha, a, b.
type MBGNBD struct {
	R     float64 // shape of the purchase-rate gamma mixing distribution, > 0
	Alpha float64 // rate (inverse scale) of the purchase-rate gamma, in time units, > 0
	A     float64 // first shape of the beta distribution of the dropout probability, > 0
	B     float64 // second shape of the beta distribution of the dropout probability, > 0
}

// FitMBGNBD fits an MBG/NBD model to calibration summaries by maximum
// likelihood; see [FitBGNBD] for the weights, starting point, settings and
// errors.
// The likelihood (Batislam et al. 2007) of a customer is
//
//	L = B(a, b+x+1)/B(a, b)·Γ(r+x)α^r/(Γ(r)(α+T)^(r+x))
//	  + B(a+1, b+x)/B(a, b)·Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)).
func FitMBGNBD(ctx context.Context, data []Customer, weights []float64, s *FitSettings) (MBGNBD, FitResult, error) {
	return fitKernel(ctx, data, weights, s, bgnbdParams, mbgnbdKernel, func(th []float64) MBGNBD { return MBGNBD(bgnbdFromParams(th)) })
}

// mbgnbdKernel is the likelihood kernel of the MBG/NBD on rows.
func mbgnbdKernel(r rows) *nbdKernel { return newNBDKernel(r, 1) }

// LogLikelihood returns the total log-likelihood of the customers under m
// (see [FitMBGNBD]), with optional weights as for [FitBGNBD]. It returns an
// [*InputError] for an invalid customer, weight or parameter of m and
// [ErrEmpty] for an empty slice.
func (m MBGNBD) LogLikelihood(data []Customer, weights []float64) (float64, error) {
	return kernelLogLik(m, data, weights, mbgnbdKernel)
}

// Validate returns an [*InputError] naming the first parameter of m that
// is not positive and finite, or nil.
func (m MBGNBD) Validate() error {
	return validParams("MBGNBD", bgnbdFields, m.params()...)
}

// params returns m's parameters in the order of [FitMBGNBD]'s FitResult.Params,
// which are the BG/NBD's.
func (m MBGNBD) params() []float64 { return BGNBD(m).params() }

// ok reports whether m's parameters are valid, without allocating.
func (m MBGNBD) ok() bool { return BGNBD(m).ok() }

// ExpectedPurchases returns E[X(t)], the expected number of repeat purchases
// in (0, t] of a new customer (Batislam et al. 2007):
//
//	E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b+1; a+b; t/(α+t))].
//
// It returns 0 for t = 0 and NaN for a negative or NaN t or invalid
// parameters.
func (m MBGNBD) ExpectedPurchases(t float64) float64 {
	if !m.ok() {
		return math.NaN()
	}
	// b/(a+b) is the probability of surviving the drop-out chance at time 0;
	// after it the customer behaves as a BG/NBD customer with b+1.
	return m.B / (m.A + m.B) * nbdExpected(m.R, m.Alpha, m.A, m.B+1, t)
}

// ConditionalExpectedPurchases returns the expected number of purchases in
// (T, T+t] of customer c (Batislam et al. 2007; lifetimes' formula):
//
//	(a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive).
//
// It returns NaN if c is invalid, t is negative or NaN, or m's parameters
// are invalid.
func (m MBGNBD) ConditionalExpectedPurchases(c Customer, t float64) float64 {
	if !m.ok() || c.check() != nil {
		return math.NaN()
	}
	x := c.Frequency
	return m.aliveExpected(x, c.T, t) * m.ProbAlive(c)
}

// ProbAlive returns the probability that customer c is alive at T:
//
//	P(alive) = 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)),
//
// which is below 1 also for x = 0. NaN if c or m's parameters are invalid.
func (m MBGNBD) ProbAlive(c Customer) float64 {
	if !m.ok() || c.check() != nil {
		return math.NaN()
	}
	x := c.Frequency
	lt := math.Log(m.A) - math.Log(m.B+x) + (m.R+x)*(math.Log(m.Alpha+c.T)-math.Log(m.Alpha+c.Recency))
	return 1 / (1 + math.Exp(lt))
}

// ProbPurchases returns P(X(t) = n), the probability that a new customer
// makes exactly n repeat purchases in (0, t] (Batislam et al. 2007):
//
//	B(a, b+n+1)/B(a, b)·NB(n) + B(a+1, b+n)/B(a, b)·[1 − Σ_{j<n} NB(j)],
//
// with NB(j) = Γ(r+j)/(Γ(r) j!)·(α/(α+t))^r (t/(α+t))^j. It returns 0 for
// n < 0 and NaN for a negative or NaN t or invalid parameters.
func (m MBGNBD) ProbPurchases(n int, t float64) float64 { return BGNBD(m).nbdProb(1, n, t) }

// aliveExpected returns the expected purchases in (T, T+t] of a customer
// with frequency x who is alive at T: the conditional expectation divided
// by P(alive). It lets [CLV] share work between customers with the same
// (x, T).
func (m MBGNBD) aliveExpected(x, T, t float64) float64 {
	return nbdExpected(m.R+x, m.Alpha+T, m.A, m.B+x+1, t)
}
