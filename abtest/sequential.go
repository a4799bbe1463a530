package abtest

import (
	"fmt"
	"math"
)

// MSPRT is the mixture sequential probability ratio test (Johari, Koomen,
// Pekelis & Walsh 2017, "Peeking at A/B tests", KDD; the basis of
// Optimizely's Stats Engine) for the difference θ = B − A of two arms,
// with a normal mixing distribution N(0, Tau2) on θ under the alternative.
// Feed it the cumulative data at each look (each "peek" at a running
// experiment); the always-valid p-value and the confidence sequence it
// returns keep their guarantees whenever you stop, so looking every day
// does not inflate the false-positive rate.
//
// At a look with estimate d and variance V of d, the mixture likelihood
// ratio against θ = 0 is
//
//	Λ = √(V/(V + τ²)) · exp(τ²·d² / (2V(V + τ²))),
//
// the instantaneous p-value is min(1, 1/Λ), the always-valid p-value is the
// running minimum, and the confidence set {θ₀ : Λ(θ₀) < 1/α} is
//
//	d ± √(V(V + τ²)/τ² · (log((V + τ²)/V) − 2 log α)),
//
// whose running intersection is the confidence sequence. The mixture is
// symmetric around 0, so the test is two-sided and takes no Alternative.
//
// Create one with [NewMSPRT]. An MSPRT holds the running state, is not safe
// for concurrent use, and can be copied to fork the state.
type MSPRT struct {
	tau2, alpha float64
	looks       int
	p           float64
	cs          Interval
}

// NewMSPRT returns a test with mixing variance tau2 (> 0, on the squared
// scale of θ: for conversion rates around 10% a lift of ±2 points is
// tau2 = 0.02² = 0.0004) and significance alpha in (0, 1) (the confidence
// sequences have coverage 1 − alpha). Choose tau2 near the square of the
// effects you expect: the test is most powerful for |θ| ≈ τ.
//
// Errors: tau2 not positive and finite, alpha outside (0, 1) (ErrArgument).
func NewMSPRT(tau2, alpha float64) (*MSPRT, error) {
	if !(tau2 > 0) || math.IsInf(tau2, 0) {
		return nil, inputErr(ErrArgument, "tau2", -1, tau2)
	}
	if !(alpha > 0 && alpha < 1) {
		return nil, inputErr(ErrArgument, "alpha", -1, alpha)
	}
	inf := math.Inf(1)
	return &MSPRT{tau2: tau2, alpha: alpha, p: 1, cs: Interval{Lower: -inf, Upper: inf}}, nil
}

// Look is the state of an [MSPRT] after one look.
type Look struct {
	N         int     // number of looks so far, including this one
	Diff      float64 // the estimate d of θ = B − A
	Variance  float64 // V, the variance of d
	LogLambda float64 // log Λ, the log mixture likelihood ratio
	Lambda    float64 // Λ
	PInstant  float64 // min(1, 1/Λ) at this look
	P         float64 // always-valid p-value: min of PInstant over all looks
	// CI is this look's confidence set and CS the confidence sequence, the
	// running intersection of all CIs (valid at any stopping time).
	CI, CS Interval
	// Reject reports P ≤ alpha: stop and declare a difference.
	Reject bool
	// Defined is false when V = 0 (e.g. no conversions yet in either arm):
	// the look carries no evidence, LogLambda, Lambda, PInstant and CI are
	// NaN, and P and CS carry over from the previous look.
	Defined bool
}

// Observe records a look at an estimate d of θ with variance v ≥ 0 (for
// means, d = mean_B − mean_A and v = s²_A/n_A + s²_B/n_B).
//
// Errors: d or v NaN or infinite, v negative (*InputError); the state is
// then unchanged.
func (m *MSPRT) Observe(d, v float64) (Look, error) {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return Look{}, inputErr(ErrNotFinite, "d", -1, d)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Look{}, inputErr(ErrNotFinite, "v", -1, v)
	}
	if v < 0 {
		return Look{}, inputErr(ErrArgument, "v", -1, v)
	}
	m.looks++
	l := Look{N: m.looks, Diff: d, Variance: v}
	if v == 0 {
		nan := math.NaN()
		l.LogLambda, l.Lambda, l.PInstant, l.CI = nan, nan, nan, nanInterval()
	} else {
		l.Defined = true
		s := v + m.tau2
		l.LogLambda = 0.5*math.Log(v/s) + m.tau2*d*d/(2*v*s)
		l.Lambda = math.Exp(l.LogLambda)
		l.PInstant = math.Min(1, math.Exp(-l.LogLambda))
		half := math.Sqrt(v * s / m.tau2 * (math.Log(s/v) - 2*math.Log(m.alpha)))
		l.CI = Interval{Lower: d - half, Upper: d + half}
		m.p = math.Min(m.p, l.PInstant)
		m.cs = Interval{Lower: math.Max(m.cs.Lower, l.CI.Lower), Upper: math.Min(m.cs.Upper, l.CI.Upper)}
	}
	l.P, l.CS = m.p, m.cs
	l.Reject = l.P <= m.alpha
	return l, nil
}

// ObserveProportions records a look at the cumulative counts of control a
// and treatment b, with d = p_B − p_A and the plug-in variance
// V = p_A(1 − p_A)/n_A + p_B(1 − p_B)/n_B.
//
// Errors: as [TwoProportionZ] for the counts; the state is then unchanged.
func (m *MSPRT) ObserveProportions(a, b Proportion) (Look, error) {
	if err := a.check("a", false); err != nil {
		return Look{}, err
	}
	if err := b.check("b", false); err != nil {
		return Look{}, err
	}
	pa, pb := a.Rate(), b.Rate()
	v := pa*(1-pa)/float64(a.Trials) + pb*(1-pb)/float64(b.Trials)
	return m.Observe(pb-pa, v)
}

// ObserveMeans records a look at the cumulative summaries of a metric in
// control a and treatment b, with d = mean_B − mean_A and
// V = s²_A/n_A + s²_B/n_B.
//
// Errors: a summary with N < 2 or non-finite fields (as [WelchTSummary]);
// the state is then unchanged.
func (m *MSPRT) ObserveMeans(a, b Summary) (Look, error) {
	if err := checkSummary("a", a); err != nil {
		return Look{}, err
	}
	if err := checkSummary("b", b); err != nil {
		return Look{}, err
	}
	return m.Observe(b.Mean-a.Mean, a.Variance()/float64(a.N)+b.Variance()/float64(b.N))
}

// String describes the test's settings and state.
func (m *MSPRT) String() string {
	return fmt.Sprintf("mSPRT(tau2=%g, alpha=%g): %d looks, p=%.4g", m.tau2, m.alpha, m.looks, m.p)
}
