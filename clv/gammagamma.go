package clv

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// GammaGamma is the Gamma-Gamma model of spend per transaction (Fader,
// Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
// Analysis", JMR 42(4); Fader & Hardie 2013, "The Gamma-Gamma Model of
// Monetary Value", note 025 on brucehardie.com).
//
// Each transaction of a customer is worth z ~ Gamma(shape P, rate ν), so the
// customer's mean transaction value is E[z | ν] = P/ν; across customers
// ν ~ Gamma(shape Q, rate V). The mean z̄ of x transactions is then
// Gamma(shape P·x, rate ν·x), and integrating ν out gives the likelihood of
// one customer,
//
//	L(P, Q, V | z̄, x) = Γ(Px+Q) / (Γ(Px) Γ(Q)) · V^Q x^(Px) z̄^(Px−1) / (V + x z̄)^(Px+Q).
//
// The model assumes that spend is independent of the purchase process, so it
// combines with any [TransactionModel] to give a customer's value.
//
// The zero value is not a valid model: all fields must be positive and
// finite ([GammaGamma.Validate]). On invalid parameters MeanSpend and
// ConditionalExpectedSpend return NaN and the methods that return an error
// return one; they never panic. GammaGamma is a small value type; its
// methods are safe for concurrent use.
//
// JSON keys: p, q, v.
type GammaGamma struct {
	// P is the shape of the spend distribution of one transaction, > 0.
	P float64
	// Q is the shape of the gamma distribution of the rate ν across
	// customers, > 0. The mean spend exists only when Q > 1.
	Q float64
	// V is the rate (γ in the papers) of the gamma distribution of ν
	// across customers, > 0, in units of 1/currency.
	V float64
}

// ggNames are the parameter names of [GammaGamma] in the order of
// [FitResult.Params] and of the parameter vectors of [DeltaMethod].
var ggNames = []string{"p", "q", "v"}

// Validate returns an [*InputError] naming the first parameter of m that
// is not positive and finite, or nil.
func (m GammaGamma) Validate() error {
	return validParams("GammaGamma", []string{"P", "Q", "V"}, m.P, m.Q, m.V)
}

// ok reports whether m's parameters are valid, without allocating.
func (m GammaGamma) ok() bool { return positive(m.P) && positive(m.Q) && positive(m.V) }

// params returns the parameters as a vector in [ggNames] order.
func (m GammaGamma) params() []float64 { return []float64{m.P, m.Q, m.V} }

// ggFromParams is the inverse of [GammaGamma.params].
func ggFromParams(th []float64) GammaGamma { return GammaGamma{P: th[0], Q: th[1], V: th[2]} }

// MeanSpend returns the population mean spend per transaction,
// E[P/ν] = P·V/(Q − 1). It is +Inf when Q ≤ 1: the mean spend of the
// population is then infinite (the heavy tail of the gamma mixture). It is
// NaN if m's parameters are invalid.
func (m GammaGamma) MeanSpend() float64 {
	if !m.ok() {
		return math.NaN()
	}
	if m.Q <= 1 {
		return math.Inf(1)
	}
	return m.P * m.V / (m.Q - 1)
}

// ConditionalExpectedSpend returns the expected spend per transaction of
// customer c given x = c.Frequency transactions with mean value
// z̄ = c.Monetary (Fader, Hardie & Lee 2005, JMR; Fader & Hardie 2013):
//
//	E[Z | x, z̄] = (P·V + P·x·z̄) / (P·x + Q − 1)
//	           = w·MeanSpend + (1 − w)·z̄,  w = (Q − 1)/(P·x + Q − 1),
//
// a weighted average of the population mean and the customer's own mean that
// moves towards the customer's mean as x grows. A customer with x = 0 gets
// the population mean [GammaGamma.MeanSpend].
//
// It returns NaN when m's parameters are invalid, when Q ≤ 1 (the population mean and hence the expectation are
// not finite) or when c is not a valid summary for spend: a negative or
// non-finite Frequency or Monetary, or x > 0 with Monetary ≤ 0. Use
// [GammaGamma.ConditionalExpectedSpends] to get errors that name the customer.
func (m GammaGamma) ConditionalExpectedSpend(c Customer) float64 {
	x, z := c.Frequency, c.Monetary
	if !m.ok() || !ggValidSpend(x, z) || m.Q <= 1 {
		return math.NaN()
	}
	if x == 0 {
		return m.P * m.V / (m.Q - 1)
	}
	return m.P * (m.V + x*z) / (m.P*x + m.Q - 1)
}

// ConditionalExpectedSpends returns [GammaGamma.ConditionalExpectedSpend]
// for every customer in data, in order. Every customer is validated with
// [Customer.Validate], and a customer with Frequency > 0 must have a positive
// Monetary; the first failure is returned as an [*InputError]. When the data
// are valid but Q ≤ 1, the expectations are not finite and the error wraps
// [ErrUndefined]. Invalid parameters of m give the error of
// [GammaGamma.Validate]. An empty data set gives an empty slice.
func (m GammaGamma) ConditionalExpectedSpends(data []Customer) ([]float64, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	out := make([]float64, len(data))
	mean := m.P * m.V / (m.Q - 1)
	for i, c := range data {
		if err := ggCheckCustomer(i, c); err != nil {
			return nil, err
		}
		if c.Frequency == 0 {
			out[i] = mean
			continue
		}
		out[i] = m.P * (m.V + c.Frequency*c.Monetary) / (m.P*c.Frequency + m.Q - 1)
	}
	if m.Q <= 1 {
		return nil, fmt.Errorf("%w: Gamma-Gamma q = %v ≤ 1 has no finite mean spend", ErrUndefined, m.Q)
	}
	return out, nil
}

// LogLikelihood returns the total log-likelihood of data under m, summed over
// the customers with Frequency > 0 (customers with x = 0 carry no spend
// information and add 0). The constants of the density are included, so the
// value is comparable with the published −4055.92 on CDNOW. Weights are
// optional, as for [FitGammaGamma]. Errors are as for [FitGammaGamma].
func (m GammaGamma) LogLikelihood(data []Customer, weights []float64) (float64, error) {
	return logLikelihood(m, data, weights, ggCompress, (*ggData).negLogLik)
}

// FitGammaGamma fits the Gamma-Gamma spend model to data by maximum
// likelihood (BFGS on the log-parameters with the analytic gradient; see
// [FitSettings]).
//
// Only customers with Frequency x > 0 enter the likelihood: a customer
// without a repeat purchase has no observed spend (Monetary is 0 by
// definition), so those rows are validated and then skipped; they still get
// predictions from [GammaGamma.ConditionalExpectedSpend] (the population
// mean). The data must hold at least one customer with x > 0.
//
// Every customer must pass [Customer.Validate], and a customer with x > 0
// must have Monetary > 0 (a zero or negative mean spend is impossible under a
// gamma model); the first failure is returned as an [*InputError] at the
// customer's index. An empty data set, or one without repeat buyers, gives an
// error wrapping [ErrEmpty]. Recency and T are not used. Customers sharing
// (x, z̄) are fitted once with a weight.
//
// Each row of data is one customer, or one pattern of customers when
// weights is not nil: weights[i] is the number of customers who share the
// (Frequency, Monetary) of data[i] (nil means 1 each), exactly as for
// [FitBGNBD]; a table that keeps Monetary ([PatternTable] with Monetary
// set) fits like the customers it counts, standard errors included.
// Weights must be finite and ≥ 0 with a positive total over the repeat
// buyers; a weight slice of the wrong length gives [ErrLength].
//
// The default starting point is P = 1, Q = 2, V = the mean of z̄, where the
// population mean spend equals the sample mean. FitResult.Params is
// ["p", "q", "v"]; FitResult.StdErr and Cov come from the observed
// information. On a fit that stops early the best point is returned with an
// error wrapping [ErrNotConverged]; a cancelled ctx returns ctx.Err().
//
// The fit assumes that spend is independent of purchase frequency; check
// the correlation of x and z̄ among repeat buyers first (0.11 on CDNOW).
func FitGammaGamma(ctx context.Context, data []Customer, weights []float64, s *FitSettings) (GammaGamma, FitResult, error) {
	d, err := ggCompress(data, weights)
	if err != nil {
		return GammaGamma{}, FitResult{Params: append([]string(nil), ggNames...)}, err
	}
	mean := 0.0
	for i, z := range d.z {
		mean += d.w[i] * z
	}
	mean /= d.n
	est, res, err := fit(ctx, d.negLogLik, []float64{1, 2, mean}, ggNames, s)
	if est == nil {
		return GammaGamma{}, res, err
	}
	m := ggFromParams(est)
	if err != nil && !errors.Is(err, ErrNotConverged) {
		return GammaGamma{}, res, err
	}
	return m, res, err
}

// ggValidSpend reports whether (x, z̄) is usable by the spend model.
func ggValidSpend(x, z float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || math.IsNaN(z) || math.IsInf(z, 0) || z < 0 {
		return false
	}
	return x == 0 || z > 0
}

// ggCheckCustomer validates one customer for the spend model and names it in
// the error.
func ggCheckCustomer(i int, c Customer) error {
	if ggQuickValid(c) {
		return nil
	}
	if err := c.check(); err != nil {
		return err.at(i)
	}
	if c.Frequency > 0 && c.Monetary <= 0 {
		return &InputError{Index: i, Field: "monetary", Value: fmt.Sprint(c.Monetary),
			Err: fmt.Errorf("%w: Gamma-Gamma needs positive spend with frequency %v", ErrOutOfRange, c.Frequency)}
	}
	return nil
}

// ggQuickValid is a fast sufficient test of a customer for the spend
// model: when it reports true, [Customer.Validate] accepts c and the spend
// is positive for x > 0. When it reports false, ggCheckCustomer runs the full
// checks to find and name the problem.
func ggQuickValid(c Customer) bool {
	const big = math.MaxFloat64
	x, tx, T, z := c.Frequency, c.Recency, c.T, c.Monetary
	if !(x >= 0 && x <= big && tx >= 0 && tx <= T && T <= big && z >= 0 && z <= big) || x != math.Trunc(x) {
		return false
	}
	if x == 0 {
		return tx == 0 && z == 0
	}
	return z > 0
}

// ggData holds the spend data compressed for fitting: the customers with
// x > 0 grouped by x, and within a group the distinct z̄ with their counts.
// The terms of the log-likelihood that depend on x only (the gamma functions)
// are evaluated once per group, so a fit costs one logarithm per distinct
// (x, z̄) row and evaluation.
type ggData struct {
	x    []float64 // distinct frequencies, ascending
	lnx  []float64 // ln x
	wx   []float64 // number of customers with this x
	slnz []float64 // Σ w ln z̄ over the group
	// rows, grouped by x: group g holds rows start[g] … start[g+1]−1.
	start []int
	z     []float64 // z̄
	w     []float64 // number of customers with this (x, z̄)
	n     float64   // total number of customers with x > 0
}

// ggCompress validates data and weights (nil means 1 each) and groups the
// customers with x > 0 and a positive weight.
func ggCompress(data []Customer, weights []float64) (*ggData, error) {
	if err := checkWeights(len(data), weights); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("clv: gamma-gamma: %w", ErrEmpty)
	}
	// Sorting the (x, z̄) pairs groups equal frequencies and equal rows;
	// it is faster than a map for data with few duplicates.
	type key struct{ x, z, w float64 }
	keys := make([]key, 0, len(data))
	for i, c := range data {
		if err := ggCheckCustomer(i, c); err != nil {
			return nil, err
		}
		w, werr := weightAt(weights, i)
		if werr != nil {
			return nil, werr
		}
		if c.Frequency > 0 && w > 0 {
			keys = append(keys, key{c.Frequency, c.Monetary, w})
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("clv: gamma-gamma: %w: no customer has a repeat purchase (frequency > 0)", ErrEmpty)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return cmp.Compare(a.z, b.z)
	})
	d := &ggData{}
	for i, k := range keys {
		if i > 0 && k.x == keys[i-1].x && k.z == keys[i-1].z {
			d.w[len(d.w)-1] += k.w
			continue
		}
		if i == 0 || k.x != keys[i-1].x {
			d.x = append(d.x, k.x)
			d.lnx = append(d.lnx, math.Log(k.x))
			d.wx = append(d.wx, 0)
			d.slnz = append(d.slnz, 0)
			d.start = append(d.start, len(d.z))
		}
		d.z = append(d.z, k.z)
		d.w = append(d.w, k.w)
	}
	d.start = append(d.start, len(d.z))
	// Group sums over the distinct rows, so that a table of (x, z̄) with
	// counts gives the same sums as the customers it counts.
	for g := range d.x {
		for i := d.start[g]; i < d.start[g+1]; i++ {
			d.wx[g] += d.w[i]
			d.slnz[g] += d.w[i] * math.Log(d.z[i])
		}
		d.n += d.wx[g]
	}
	if math.IsInf(d.n, 0) {
		return nil, fmt.Errorf("clv: gamma-gamma: %w: total weight %v", ErrOutOfRange, d.n)
	}
	return d, nil
}

// negLogLik returns the negative total log-likelihood at the log-parameters
// lp = (ln P, ln Q, ln V) and, when grad is not nil, stores its gradient with
// respect to lp in grad. With ψ the digamma function and ℓ one customer's
// log-likelihood,
//
//	∂ℓ/∂P = x [ψ(Px+Q) − ψ(Px) + ln x + ln z̄ − ln(V + x z̄)]
//	∂ℓ/∂Q = ψ(Px+Q) − ψ(Q) + ln V − ln(V + x z̄)
//	∂ℓ/∂V = Q/V − (Px+Q)/(V + x z̄)
//
// and the chain rule multiplies each by its parameter.
func (d *ggData) negLogLik(lp, grad []float64) float64 {
	p, q, v := math.Exp(lp[0]), math.Exp(lp[1]), math.Exp(lp[2])
	lgq, _ := math.Lgamma(q)
	lnv := math.Log(v)
	ll := d.n * (q*lnv - lgq)
	var gp, gq, gv float64
	wantGrad := grad != nil
	var psiq float64
	if wantGrad {
		psiq = mathext.Digamma(q)
		gq = d.n * (lnv - psiq)
		gv = d.n * q / v
	}
	for g, x := range d.x {
		px := p * x
		a, _ := math.Lgamma(px + q)
		b, _ := math.Lgamma(px)
		wx := d.wx[g]
		ll += wx*(a-b+px*d.lnx[g]) + (px-1)*d.slnz[g]
		// Σ w ln(V + x z̄) and, for the gradient, Σ w/(V + x z̄).
		var sl, sr float64
		for i := d.start[g]; i < d.start[g+1]; i++ {
			s := v + x*d.z[i]
			sl += d.w[i] * math.Log(s)
			if wantGrad {
				sr += d.w[i] / s
			}
		}
		ll -= (px + q) * sl
		if wantGrad {
			dpq := mathext.Digamma(px + q)
			gp += x * (wx*(dpq-mathext.Digamma(px)+d.lnx[g]) + d.slnz[g] - sl)
			gq += wx*dpq - sl
			gv -= (px + q) * sr
		}
	}
	if wantGrad {
		grad[0] = -gp * p
		grad[1] = -gq * q
		grad[2] = -gv * v
	}
	return -ll
}
