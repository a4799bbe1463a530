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
// Create one with [NewMSPRT] or as a struct literal: the zero value has no
// mixing variance, and every method returns an error wrapping
// ErrOutOfRange until Tau2 is set. An MSPRT holds the running state in
// exported fields, so it survives JSON and can be continued after a round
// trip; it is not safe for concurrent use, and can be copied to fork the
// state.
//
// JSON keys: tau2, alpha, looks, evidence, p, cs.
type MSPRT struct {
	// Tau2 is the mixing variance τ² (> 0, finite), on the squared scale
	// of θ: for conversion rates around 10% a lift of ±2 points is
	// Tau2 = 0.02² = 0.0004. The test is most powerful for |θ| ≈ τ.
	Tau2 float64
	// Alpha is the significance level in (0, 1); 0 means 0.05. The
	// confidence sequences have coverage 1 − Alpha.
	Alpha float64
	// Looks is the number of looks so far; Evidence the number of them
	// that carried evidence (Look.Defined).
	Looks, Evidence int
	// P is the always-valid p-value and CS the confidence sequence after
	// the last look with evidence; before any (Evidence = 0) they are
	// taken as 1 and (−Inf, +Inf) whatever the fields hold. The running
	// intersection can become empty (CS.Lower > CS.Upper) when the looks
	// disagree, which happens with probability below Alpha if θ is fixed.
	P  float64
	CS Interval
}

// NewMSPRT returns a test with mixing variance tau2 (> 0, on the squared
// scale of θ) and significance alpha in (0, 1), 0 meaning 0.05 (the
// confidence sequences have coverage 1 − alpha). Choose tau2 near the
// square of the effects you expect: the test is most powerful for |θ| ≈ τ.
//
// Errors: tau2 not positive and finite (ErrOutOfRange, ErrNonFinite), alpha
// outside [0, 1) or NaN (ErrLevel).
func NewMSPRT(tau2, alpha float64) (*MSPRT, error) {
	m := &MSPRT{Tau2: tau2, Alpha: alpha}
	a, err := m.check()
	if err != nil {
		return nil, err
	}
	m.Alpha = a
	return m, nil
}

// check validates the settings and state and returns alpha with its
// default applied.
func (m *MSPRT) check() (float64, error) {
	if m == nil {
		return 0, fmt.Errorf("%w: nil *MSPRT", ErrOutOfRange)
	}
	switch {
	case math.IsNaN(m.Tau2) || math.IsInf(m.Tau2, 0):
		return 0, inputErr(ErrNonFinite, "tau2", -1, m.Tau2)
	case !(m.Tau2 > 0):
		return 0, inputErr(fmt.Errorf("%w: the mixing variance must be positive (the zero MSPRT has none: set Tau2)", ErrOutOfRange), "tau2", -1, m.Tau2)
	case m.Looks < 0 || m.Evidence < 0 || m.Evidence > m.Looks:
		return 0, inputErr(fmt.Errorf("%w: %d looks with evidence out of %d", ErrOutOfRange, m.Evidence, m.Looks), "looks", -1, m.Looks)
	case m.Evidence > 0 && !(m.P >= 0 && m.P <= 1):
		return 0, inputErr(ErrOutOfRange, "p", -1, m.P)
	case m.Evidence > 0 && (math.IsNaN(m.CS.Lower) || math.IsNaN(m.CS.Upper)):
		return 0, inputErr(ErrOutOfRange, "cs", -1, m.CS)
	}
	return alphaOf(m.Alpha)
}

// state returns P and CS, with their values before any evidence.
func (m *MSPRT) state(alpha float64) (float64, Interval) {
	if m.Evidence == 0 {
		inf := math.Inf(1)
		return 1, Interval{Lower: -inf, Upper: inf, Level: 1 - alpha}
	}
	return m.P, m.CS
}

// Look is the state of an [MSPRT] after one look.
//
// JSON keys: looks, diff, variance, log_lambda, lambda, p_instant, p, ci,
// cs, reject, defined.
type Look struct {
	Looks     int     // number of looks so far, including this one
	Diff      float64 // the estimate d of θ = B − A
	Variance  float64 // V, the variance of d
	LogLambda float64 // log Λ, the log mixture likelihood ratio (the statistic)
	Lambda    float64 // Λ
	PInstant  float64 // min(1, 1/Λ) at this look
	P         float64 // always-valid p-value: min of PInstant over all looks
	// CI is this look's confidence set and CS the confidence sequence, the
	// running intersection of all CIs (valid at any stopping time), both at
	// level 1 − Alpha.
	CI, CS Interval
	// Reject reports P ≤ Alpha: stop and declare a difference.
	Reject bool
	// Defined is false when V = 0 (e.g. no conversions yet in either arm):
	// the look carries no evidence, LogLambda, Lambda, PInstant and CI are
	// NaN, and P and CS carry over from the previous look.
	Defined bool
}

// Observe records a look at an estimate d of θ = B − A with variance v ≥ 0
// (for means, d = mean_B − mean_A and v = s²_A/n_A + s²_B/n_B).
//
// Errors: d or v NaN or infinite (ErrNonFinite), v negative (ErrNegative),
// an MSPRT without Tau2 or with impossible state (ErrOutOfRange), a bad
// Alpha (ErrLevel); the state is then unchanged.
func (m *MSPRT) Observe(d, v float64) (Look, error) {
	alpha, err := m.check()
	if err != nil {
		return Look{}, err
	}
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return Look{}, inputErr(ErrNonFinite, "d", -1, d)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Look{}, inputErr(ErrNonFinite, "v", -1, v)
	}
	if v < 0 {
		return Look{}, inputErr(ErrNegative, "v", -1, v)
	}
	if m.Looks == math.MaxInt {
		return Look{}, fmt.Errorf("%w: look count", ErrTooLarge)
	}
	p, cs := m.state(alpha)
	m.Looks++
	l := Look{Looks: m.Looks, Diff: d, Variance: v}
	if v == 0 {
		nan := math.NaN()
		l.LogLambda, l.Lambda, l.PInstant, l.CI = nan, nan, nan, nanInterval(1-alpha)
	} else {
		l.Defined = true
		s := v + m.Tau2
		l.LogLambda = 0.5*math.Log(v/s) + m.Tau2*d*d/(2*v*s)
		l.Lambda = math.Exp(l.LogLambda)
		l.PInstant = math.Min(1, math.Exp(-l.LogLambda))
		half := math.Sqrt(v * s / m.Tau2 * (math.Log(s/v) - 2*math.Log(alpha)))
		l.CI = Interval{Lower: d - half, Upper: d + half, Level: 1 - alpha}
		p = math.Min(p, l.PInstant)
		cs = Interval{Lower: math.Max(cs.Lower, l.CI.Lower), Upper: math.Min(cs.Upper, l.CI.Upper), Level: 1 - alpha}
		m.Evidence++
		m.P, m.CS = p, cs
	}
	l.P, l.CS = p, cs
	l.Reject = l.P <= alpha
	return l, nil
}

// ObserveProportions records a look at the cumulative counts of control a
// and treatment b, with d = p_B − p_A and the plug-in variance
// V = p_A(1 − p_A)/n_A + p_B(1 − p_B)/n_B.
//
// Errors: as [TwoProportionZ] for the counts, as [MSPRT.Observe] for the
// test's state; the state is then unchanged.
func (m *MSPRT) ObserveProportions(a, b Proportion) (Look, error) {
	if _, err := m.check(); err != nil {
		return Look{}, err
	}
	if err := checkArms(a, b, false); err != nil {
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
	if _, err := m.check(); err != nil {
		return Look{}, err
	}
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
	alpha, err := m.check()
	if err != nil {
		return fmt.Sprintf("mSPRT(invalid: %v)", err)
	}
	p, _ := m.state(alpha)
	return fmt.Sprintf("mSPRT(tau2=%g, alpha=%g): %d looks, p=%.4g", m.Tau2, alpha, m.Looks, p)
}
