package clv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mathext"
)

// BGBB is the beta-geometric/beta-Bernoulli (BG/BB) model of repeat
// transactions in discrete time (Fader, Hardie & Shang 2010, "Customer-Base
// Analysis in a Discrete-Time Noncontractual Setting", Marketing Science
// 29(6) 1086–1108).
//
// Customers have discrete transaction opportunities 1, 2, … (yearly
// donation drives, weekly issues, scheduled events). While alive, a customer
// transacts at each opportunity with probability p; before each opportunity
// an alive customer dies with probability θ, for good. Across customers
// p ~ Beta(Alpha, Beta) and θ ~ Beta(Gamma, Delta), independently.
//
// # Data
//
// BG/BB uses the [Customer] type with time counted in opportunities:
//
//   - Frequency is x, the number of opportunities (after the first
//     transaction) with a transaction;
//   - Recency is t_x, the opportunity of the last of them (1 … n), 0 if x = 0;
//   - T is n, the number of opportunities observed after the first
//     transaction.
//
// All three are whole numbers with 0 ≤ x ≤ t_x ≤ n (x ≥ 1 ⇔ t_x ≥ 1);
// Monetary is ignored by the model. The predictions' t is a number of future
// opportunities. Many customers share a pattern (x, t_x, n) — the 11,104
// donors of the paper's data have 22 — so [FitBGBB] takes optional weights,
// one per row, and fits once per distinct pattern.
//
// The zero value is not a valid model: all fields must be positive and
// finite ([BGBB.Validate]). On invalid parameters the prediction methods
// return NaN and LogLikelihood an error; they never panic. BGBB is a small
// value type; its methods are safe for concurrent use. It implements
// [TransactionModel].
//
// JSON keys: alpha, beta, gamma, delta.
type BGBB struct {
	// Alpha and Beta are the shapes of the beta distribution of the
	// transaction probability p across customers, > 0.
	Alpha, Beta float64
	// Gamma and Delta are the shapes of the beta distribution of the
	// dropout probability θ across customers, > 0.
	Gamma, Delta float64
}

var _ TransactionModel = BGBB{}

// bbNames are the parameter names of [BGBB] in the order of
// [FitResult.Params] and of the parameter vectors of [DeltaMethod].
var bbNames = []string{"alpha", "beta", "gamma", "delta"}

// Validate returns an [*InputError] naming the first parameter of m that
// is not positive and finite, or nil.
func (m BGBB) Validate() error {
	return validParams("BGBB", []string{"Alpha", "Beta", "Gamma", "Delta"}, m.Alpha, m.Beta, m.Gamma, m.Delta)
}

// ok reports whether m's parameters are valid, without allocating.
func (m BGBB) ok() bool {
	return positive(m.Alpha) && positive(m.Beta) && positive(m.Gamma) && positive(m.Delta)
}

// params returns the parameters as a vector in [bbNames] order.
func (m BGBB) params() []float64 { return []float64{m.Alpha, m.Beta, m.Gamma, m.Delta} }

// bbFromParams is the inverse of [BGBB.params].
func bbFromParams(th []float64) BGBB {
	return BGBB{Alpha: th[0], Beta: th[1], Gamma: th[2], Delta: th[3]}
}

// bbCheck validates c as a discrete-opportunity pattern (see [BGBB]).
func bbCheck(c Customer) *InputError {
	if err := c.check(); err != nil {
		return err
	}
	switch {
	case c.Recency != math.Trunc(c.Recency):
		return inputErr("recency", c.Recency, fmt.Errorf("%w (opportunities)", ErrNotInteger))
	case c.T != math.Trunc(c.T):
		return inputErr("T", c.T, fmt.Errorf("%w (opportunities)", ErrNotInteger))
	case c.Frequency > c.Recency:
		return inputErr("frequency", c.Frequency, fmt.Errorf("%w: greater than recency %v (at most one transaction per opportunity)",
			ErrOutOfRange, c.Recency))
	case c.T > bbMaxOpportunities:
		return inputErr("T", c.T, fmt.Errorf("%w: above the limit of %d opportunities", ErrOutOfRange, bbMaxOpportunities))
	}
	return nil
}

// bbMaxOpportunities bounds n: the likelihood of a pattern sums n − t_x
// terms, so a huge n would make a fit arbitrarily slow.
const bbMaxOpportunities = 1 << 20

// bbAliveAtN returns the probability that a customer with pattern
// (x, t_x, n) is alive at opportunity n: the first term of the likelihood
// (Fader, Hardie & Shang 2010)
//
//	L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
//	  + Σ_{j=t_x}^{n−1} B(α+x, β+j−x)/B(α,β) · B(γ+1, δ+j)/B(γ,δ)
//
// over L. The first term is the customer alive through n, the others the
// customer dying just before opportunity j+1. Consecutive terms of the sum
// differ by the factor (β+j−x)/(α+β+j) · (δ+j)/(γ+δ+1+j), and the first term
// is (γ+δ+n)/γ times the sum's term for j = n, so the ratio needs no
// special function at all: a few multiplications per opportunity.
func bbAliveAtN(m BGBB, x, tx, n float64) float64 {
	a, b, g, d := m.Alpha, m.Beta, m.Gamma, m.Delta
	sum, r := 0.0, 1.0 // relative to the sum's first term, j = t_x
	for j := tx; j < n; j++ {
		sum += r
		r *= (b + j - x) / (a + b + j) * (d + j) / (g + d + 1 + j)
	}
	first := r * ((g + d + n) / g)
	// 1/(1 + sum/first) is 1 for first = +Inf and 0 for first = 0.
	return 1 / (1 + sum/first)
}

// bbLogAddExp returns ln(eᵘ + eᵛ).
func bbLogAddExp(u, v float64) float64 {
	hi, lo := math.Max(u, v), math.Min(u, v)
	return hi + math.Log1p(math.Exp(lo-hi))
}

// bbData is a compressed BG/BB data set: the distinct patterns with their
// total weights.
type bbData struct {
	x, tx, n, w []float64
	// sc is scratch space of negLogLik: a bbData is not safe for
	// concurrent use.
	sc bbScratch
}

// bbCompress validates data and weights and groups equal patterns.
// Weights: nil means 1 per row; otherwise len(weights) must equal len(data)
// (ErrLength otherwise) and every weight must be finite and ≥ 0.
func bbCompress(data []Customer, weights []float64) (*bbData, error) {
	if weights != nil && len(weights) != len(data) {
		return nil, fmt.Errorf("%w: %d customers, %d weights", ErrLength, len(data), len(weights))
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("clv: bg/bb: %w", ErrEmpty)
	}
	type key struct{ x, tx, n float64 }
	sum := make(map[key]float64)
	total := 0.0
	for i, c := range data {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		if err := bbCheck(c); err != nil {
			return nil, err.at(i)
		}
		switch {
		case math.IsNaN(w) || math.IsInf(w, 0):
			return nil, &InputError{Index: i, Field: "weight", Value: fmt.Sprint(w), Err: ErrNonFinite}
		case w < 0:
			return nil, &InputError{Index: i, Field: "weight", Value: fmt.Sprint(w), Err: ErrNegative}
		}
		if w > 0 {
			sum[key{c.Frequency, c.Recency, c.T}] += w
			total += w
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("clv: bg/bb: %w: total weight is 0", ErrEmpty)
	}
	keys := make([]key, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ki, kj := keys[i], keys[j]
		if ki.n != kj.n {
			return ki.n < kj.n
		}
		if ki.x != kj.x {
			return ki.x < kj.x
		}
		// Ascending t_x within (n, x), as negLogLik requires.
		return ki.tx < kj.tx
	})
	d := &bbData{}
	for _, k := range keys {
		d.x = append(d.x, k.x)
		d.tx = append(d.tx, k.tx)
		d.n = append(d.n, k.n)
		d.w = append(d.w, sum[k])
	}
	return d, nil
}

// negLogLik is the fit objective: the negative total weighted
// log-likelihood at log-parameters lp, with its gradient in lp when grad is
// not nil.
//
// The patterns are sorted by (n, x, t_x). The sum in the likelihood of
// (x, t_x, n) is the tail j = t_x … n−1 of one series that depends on (x, n)
// only, so each (x, n) group is handled in one pass over j: forward, the log
// of each term, the ratio of consecutive terms and the term's gradient
// (digammas advanced by ψ(z+1) = ψ(z) + 1/z); backward, the tail sums
// relative to their first term, which are ≥ 1 and cannot underflow. A group
// costs O(n) however many recencies it holds, instead of O(n) per pattern.
func (d *bbData) negLogLik(lp, grad []float64) float64 {
	m := BGBB{Alpha: math.Exp(lp[0]), Beta: math.Exp(lp[1]), Gamma: math.Exp(lp[2]), Delta: math.Exp(lp[3])}
	for _, v := range m.params() {
		if !(v > 0) || math.IsInf(v, 0) {
			return math.Inf(1)
		}
	}
	wantGrad := grad != nil
	if wantGrad {
		clear(grad)
	}
	var g [4]float64
	ll := 0.0
	for lo := 0; lo < len(d.x); {
		hi := lo + 1
		for hi < len(d.x) && d.x[hi] == d.x[lo] && d.n[hi] == d.n[lo] {
			hi++
		}
		ll += d.group(m, lo, hi, wantGrad, &g)
		if wantGrad {
			for j := range g {
				grad[j] += g[j]
			}
		}
		lo = hi
	}
	if wantGrad {
		for j, th := range m.params() {
			grad[j] = -grad[j] * th
		}
	}
	return -ll
}

// group returns the weighted log-likelihood of the patterns lo … hi−1,
// which share x and n and have ascending t_x, and stores its gradient with
// respect to (α, β, γ, δ) in g when wantGrad is set.
func (d *bbData) group(m BGBB, lo, hi int, wantGrad bool, g *[4]float64) float64 {
	a, b, gm, dl := m.Alpha, m.Beta, m.Gamma, m.Delta
	x, n := d.x[lo], d.n[lo]
	lbab, lbgd := mathext.Lbeta(a, b), mathext.Lbeta(gm, dl)
	s0 := mathext.Lbeta(a+x, b+n-x) - lbab + mathext.Lbeta(gm, dl+n) - lbgd
	*g = [4]float64{}
	var g0 [4]float64
	var psiab, psigd, psia, psib, psig, psid float64
	if wantGrad {
		psiab, psigd = mathext.Digamma(a+b), mathext.Digamma(gm+dl)
		psia, psib = mathext.Digamma(a), mathext.Digamma(b)
		psig, psid = mathext.Digamma(gm), mathext.Digamma(dl)
		pAB := mathext.Digamma(a + b + n)
		pCD := mathext.Digamma(gm + dl + n)
		g0 = [4]float64{
			mathext.Digamma(a+x) - pAB - psia + psiab,
			mathext.Digamma(b+n-x) - pAB - psib + psiab,
			psig - pCD - psig + psigd,
			mathext.Digamma(dl+n) - pCD - psid + psigd,
		}
	}
	// The series j = j0 … n−1, j0 the smallest recency of the group.
	j0 := d.tx[lo]
	terms := int(n - j0)
	sc := d.scratch(terms, wantGrad)
	if terms > 0 {
		lt := mathext.Lbeta(a+x, b+j0-x) - lbab + mathext.Lbeta(gm+1, dl+j0) - lbgd
		var pAB, pB, pCD, pD, psiax, psig1 float64
		if wantGrad {
			pAB, pB = mathext.Digamma(a+b+j0), mathext.Digamma(b+j0-x)
			pCD, pD = mathext.Digamma(gm+dl+1+j0), mathext.Digamma(dl+j0)
			psiax, psig1 = mathext.Digamma(a+x), mathext.Digamma(gm+1)
		}
		for k := range terms {
			j := j0 + float64(k)
			bj, dj := b+j-x, dl+j
			sc.logTerm[k] = lt
			ratio := bj / (a + b + j) * dj / (gm + dl + 1 + j)
			sc.ratio[k] = ratio
			lt += math.Log(ratio)
			if wantGrad {
				sc.grad[4*k] = psiax - pAB - psia + psiab
				sc.grad[4*k+1] = pB - pAB - psib + psiab
				sc.grad[4*k+2] = psig1 - pCD - psig + psigd
				sc.grad[4*k+3] = pD - pCD - psid + psigd
				pAB += 1 / (a + b + j)
				pB += 1 / bj
				pCD += 1 / (gm + dl + 1 + j)
				pD += 1 / dj
			}
		}
		// Tail sums relative to their first term, in place:
		// tail[k] = 1 + ratio[k]·tail[k+1], and the same for the gradient.
		sc.tail[terms-1] = 1
		for k := terms - 2; k >= 0; k-- {
			r := sc.ratio[k]
			sc.tail[k] = 1 + r*sc.tail[k+1]
			if wantGrad {
				for c := range 4 {
					sc.grad[4*k+c] += r * sc.grad[4*(k+1)+c]
				}
			}
		}
	}
	ll := 0.0
	for i := lo; i < hi; i++ {
		w := d.w[i]
		k := int(d.tx[i] - j0)
		if k == terms { // t_x = n: no sum
			ll += w * s0
			if wantGrad {
				for c := range 4 {
					g[c] += w * g0[c]
				}
			}
			continue
		}
		s1 := sc.logTerm[k]
		li := bbLogAddExp(s0, s1+math.Log(sc.tail[k]))
		ll += w * li
		if wantGrad {
			w0, ws := math.Exp(s0-li), math.Exp(s1-li)
			for c := range 4 {
				g[c] += w * (w0*g0[c] + ws*sc.grad[4*k+c])
			}
		}
	}
	return ll
}

// bbScratch holds the per-group series of [bbData.group].
type bbScratch struct {
	logTerm, ratio, tail, grad []float64
}

// scratch returns buffers for a series of the given length.
func (d *bbData) scratch(terms int, wantGrad bool) *bbScratch {
	sc := &d.sc
	if cap(sc.logTerm) < terms {
		sc.logTerm = make([]float64, terms)
		sc.ratio = make([]float64, terms)
		sc.tail = make([]float64, terms)
	}
	sc.logTerm, sc.ratio, sc.tail = sc.logTerm[:terms], sc.ratio[:terms], sc.tail[:terms]
	if wantGrad {
		if cap(sc.grad) < 4*terms {
			sc.grad = make([]float64, 4*terms)
		}
		sc.grad = sc.grad[:4*terms]
	}
	return sc
}

// FitBGBB fits the BG/BB model to discrete-opportunity data by maximum
// likelihood (BFGS on the log-parameters with the analytic gradient; see
// [FitSettings]). Each row of data is one customer, or one pattern of
// customers when weights is not nil: weights[i] is the number of customers
// with the pattern of data[i] (nil means 1 each; lengths that differ give an
// error wrapping [ErrLength]). See [BGBB] for the meaning of Frequency,
// Recency and T.
//
// Every row must pass [Customer.Validate] and hold whole numbers with
// Frequency ≤ Recency ≤ T; weights must be finite and ≥ 0 with a positive
// total. The first failure is returned as an [*InputError] at the row's
// index (field "weight" for a weight).
// An empty data set gives an error wrapping [ErrEmpty].
//
// The default starting point is α = β = γ = δ = 1 (uniform p and θ).
// FitResult.Params is ["alpha", "beta", "gamma", "delta"]. On a fit that
// stops early the best point is returned with an error wrapping
// [ErrNotConverged]; a cancelled ctx returns ctx.Err().
func FitBGBB(ctx context.Context, data []Customer, weights []float64, s *FitSettings) (BGBB, FitResult, error) {
	d, err := bbCompress(data, weights)
	if err != nil {
		return BGBB{}, FitResult{Params: append([]string(nil), bbNames...)}, err
	}
	est, res, err := fit(ctx, d.negLogLik, []float64{1, 1, 1, 1}, bbNames, s)
	if est == nil || (err != nil && !errors.Is(err, ErrNotConverged)) {
		return BGBB{}, res, err
	}
	return bbFromParams(est), res, err
}

// LogLikelihood returns the total log-likelihood of data (with optional
// weights, as for [FitBGBB]) under m. Errors are as for [FitBGBB].
func (m BGBB) LogLikelihood(data []Customer, weights []float64) (float64, error) {
	return logLikelihood(m, data, weights, bbCompress, (*bbData).negLogLik)
}

// ProbAlive returns the probability that customer c is alive at
// opportunity n+1, the first opportunity after the observation (Fader,
// Hardie & Shang 2010):
//
//	P(alive at n+1 | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(x, t_x, n).
//
// This is the paper's "P(alive in 2002)" of its Table 6, the chance that
// the customer survives into the next opportunity; the chance of being alive
// at opportunity n itself is larger by the factor (γ+δ+n)/(δ+n). It returns
// NaN if c is not a valid pattern (see [BGBB]) or m's parameters are
// invalid.
func (m BGBB) ProbAlive(c Customer) float64 {
	if !m.ok() || bbCheck(c) != nil {
		return math.NaN()
	}
	// P(alive at n) times the chance of surviving one more opportunity,
	// B(γ, δ+n+1)/B(γ, δ+n) = (δ+n)/(γ+δ+n).
	n := c.T
	return bbAliveAtN(m, c.Frequency, c.Recency, n) * ((m.Delta + n) / (m.Gamma + m.Delta + n))
}

// ExpectedPurchases returns E[X(t)], the expected number of transactions
// of a new customer in the first t opportunities (Fader, Hardie & Shang
// 2010):
//
//	E[X(t)] = α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)/Γ(1+δ) · Γ(1+δ+t)/Γ(γ+δ+t)].
//
// For whole t this equals α/(α+β) · Σ_{s=1}^{t} B(γ, δ+s)/B(γ,δ); the closed
// form extends it smoothly to fractional t and is evaluated through its
// limit near γ = 1. NaN for a negative or non-finite t or invalid
// parameters.
func (m BGBB) ExpectedPurchases(t float64) float64 {
	if !m.ok() || !(t >= 0) || math.IsInf(t, 1) {
		return math.NaN()
	}
	return m.Alpha / (m.Alpha + m.Beta) * bbAliveSum(m.Gamma, m.Delta, t)
}

// ConditionalExpectedPurchases returns the expected number of transactions
// of customer c in the next t opportunities, n+1 … n+t (Fader, Hardie &
// Shang 2010):
//
//	E[X(n, n+t) | x, t_x, n] = B(α+x+1, β+n−x)/B(α,β) / L(x, t_x, n)
//	    · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+t)/Γ(γ+δ+n+t)].
//
// It is computed in the equivalent form P(alive at n) · (α+x)/(α+β+n) ·
// Σ_{s=1}^{t} B(γ, δ+n+s)/B(γ, δ+n): given that the customer is alive at n,
// p and θ have the posterior distributions Beta(α+x, β+n−x) and
// Beta(γ, δ+n). It returns NaN for a negative or non-finite t, an invalid
// pattern c or invalid parameters.
func (m BGBB) ConditionalExpectedPurchases(c Customer, t float64) float64 {
	if !m.ok() || !(t >= 0) || math.IsInf(t, 1) || bbCheck(c) != nil {
		return math.NaN()
	}
	x, n := c.Frequency, c.T
	return bbAliveAtN(m, x, c.Recency, n) * ((m.Alpha + x) / (m.Alpha + m.Beta + n)) * bbAliveSum(m.Gamma, m.Delta+n, t)
}

// bbAliveSum returns Σ_{s=1}^{t} B(γ, δ+s)/B(γ,δ), the expected number of
// the next t opportunities at which a customer alive now (with dropout
// probability θ ~ Beta(γ, δ)) is still alive, through its closed form in
// gamma functions, valid for real t ≥ 0:
//
//	δ/(γ−1) · [1 − Γ(γ+δ)/Γ(1+δ) · Γ(1+δ+t)/Γ(γ+δ+t)].
//
// Near γ = 1 the bracket and γ − 1 vanish together; there (|γ − 1| < 10⁻⁷)
// the limit δ·[ψ(1+δ+t) − ψ(1+δ)] is used, with a relative error below 10⁻⁶.
func bbAliveSum(g, d, t float64) float64 {
	if t == 0 {
		return 0
	}
	lg := func(z float64) float64 { v, _ := math.Lgamma(z); return v }
	if e := g - 1; math.Abs(e) >= 1e-7 {
		h := lg(1+d+t) - lg(g+d+t) - lg(1+d) + lg(g+d)
		return d * -math.Expm1(h) / e
	}
	return d * (mathext.Digamma(1+d+t) - mathext.Digamma(1+d))
}

// ProbPurchases returns P(X(n) = x), the probability that a new customer
// transacts at exactly x of the first n opportunities (Fader, Hardie &
// Shang 2010); n is a whole number of opportunities (a float64, like
// the t of the continuous-time models):
//
//	P(X(n) = x) = C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
//	            + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
//
// It returns 0 for x > n, and NaN for a negative x or an n that is negative,
// not whole or greater than 2²⁰, or invalid parameters.
func (m BGBB) ProbPurchases(x int, n float64) float64 {
	if !m.ok() || x < 0 || !(n >= 0) || n != math.Trunc(n) || n > bbMaxOpportunities {
		return math.NaN()
	}
	if float64(x) > n {
		return 0
	}
	a, b, g, d := m.Alpha, m.Beta, m.Gamma, m.Delta
	lbab, lbgd := mathext.Lbeta(a, b), mathext.Lbeta(g, d)
	fx, fn := float64(x), n
	p := math.Exp(bbLogChoose(fn, fx) + mathext.Lbeta(a+fx, b+fn-fx) - lbab + mathext.Lbeta(g, d+fn) - lbgd)
	for i := x; i < int(n); i++ {
		fi := float64(i)
		p += math.Exp(bbLogChoose(fi, fx) + mathext.Lbeta(a+fx, b+fi-fx) - lbab + mathext.Lbeta(g+1, d+fi) - lbgd)
	}
	return math.Min(1, p)
}

// bbLogChoose returns ln C(n, k) for whole 0 ≤ k ≤ n.
func bbLogChoose(n, k float64) float64 {
	a, _ := math.Lgamma(n + 1)
	b, _ := math.Lgamma(k + 1)
	c, _ := math.Lgamma(n - k + 1)
	return a - b - c
}
