package retention

import (
	"context"
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
)

// SBG is the shifted-beta-geometric model of contract duration (Fader and
// Hardie 2007): each customer renews at the end of every period with a
// constant probability 1 − θ, and θ varies across customers as Beta(γ, δ).
// The share still active after t renewal opportunities is
//
//	S(t) = B(γ, δ + t)/B(γ, δ),   r(t) = S(t)/S(t − 1) = (δ + t − 1)/(γ + δ + t − 1),
//
// so the aggregate retention rate r(t) rises with tenure although no
// customer's own rate changes: the customers most likely to churn leave
// first. The zero value is not a model: Gamma and Delta must be positive
// and finite; the methods return NaN (or an error) otherwise.
//
// JSON keys: gamma, delta.
type SBG struct {
	Gamma float64 // γ > 0, first shape parameter of the churn probability's beta distribution
	Delta float64 // δ > 0, second shape parameter; mean churn probability γ/(γ + δ)
}

func (m SBG) valid() bool {
	return m.Gamma > 0 && m.Delta > 0 && !math.IsInf(m.Gamma, 0) && !math.IsInf(m.Delta, 0)
}

// Survival returns S(t), the expected share of a cohort still active after
// t ≥ 0 renewal opportunities; NaN for t < 0 or an invalid model.
func (m SBG) Survival(t int) float64 {
	if !m.valid() || t < 0 {
		return math.NaN()
	}
	return math.Exp(m.logSurvival(t))
}

func (m SBG) logSurvival(t int) float64 {
	ls := 0.0
	for i := 1; i <= t; i++ {
		ls += math.Log((m.Delta + float64(i) - 1) / (m.Gamma + m.Delta + float64(i) - 1))
	}
	return ls
}

// Retention returns r(t) = S(t)/S(t − 1), the expected share of the
// customers active after t − 1 renewals who renew at the t-th, t ≥ 1; NaN
// otherwise.
func (m SBG) Retention(t int) float64 {
	if !m.valid() || t < 1 {
		return math.NaN()
	}
	return (m.Delta + float64(t) - 1) / (m.Gamma + m.Delta + float64(t) - 1)
}

// Churn returns P(T = t) = S(t − 1) − S(t), the expected share of a cohort
// that churns at the t-th renewal opportunity, t ≥ 1; NaN otherwise.
func (m SBG) Churn(t int) float64 {
	if !m.valid() || t < 1 {
		return math.NaN()
	}
	return math.Exp(m.logSurvival(t-1)) * m.Gamma / (m.Gamma + m.Delta + float64(t) - 1)
}

// maxDERLTerms bounds the series of [SBG.DERL].
const maxDERLTerms = 50_000_000

// DERL returns the discounted expected residual lifetime of a customer who
// has made renewals ≥ 0 renewals and is about to decide on the next one
// (Fader and Hardie 2010, "Customer-Base Valuation in a Contractual
// Setting", eq. 6), at discount rate d > 0 per period:
//
//	DERL = Σ_{t≥n} S(t)/S(n − 1)/(1 + d)^{t−n}
//	     = (δ + n − 1)/(γ + δ + n − 1)·₂F₁(1, δ + n; γ + δ + n; 1/(1 + d)),  n − 1 = renewals,
//
// the expected number of further payments, the next one undiscounted. A
// customer's residual value is the margin per period times DERL; for a new
// customer who pays at once, 1 + DERL(0, d) is the expected discounted
// lifetime (DEL). A NaN, infinite, zero or negative d, negative renewals or
// an invalid model is an error; a series that needs more than 5·10⁷ terms
// (d below about 10⁻⁶) wraps [ErrNotConverged].
func (m SBG) DERL(renewals int, d float64) (float64, error) {
	switch {
	case !m.valid():
		return math.NaN(), badValue(-1, "model", fmt.Sprintf("%+v", m), fmt.Errorf("%w: γ and δ must be positive and finite", ErrOutOfRange))
	case renewals < 0:
		return math.NaN(), badValue(-1, "renewals", renewals, ErrNegative)
	case math.IsNaN(d) || math.IsInf(d, 0):
		return math.NaN(), badValue(-1, "discount rate", d, ErrNonFinite)
	case d <= 0:
		return math.NaN(), badValue(-1, "discount rate", d, fmt.Errorf("%w: must be above 0", ErrOutOfRange))
	}
	n := float64(renewals) + 1
	b, c, z := m.Delta+n, m.Gamma+m.Delta+n, 1/(1+d)
	sum, term := 1.0, 1.0
	for k := 0; k < maxDERLTerms; k++ {
		term *= (b + float64(k)) / (c + float64(k)) * z
		sum += term
		// The remaining terms fall faster than a geometric series of ratio z.
		if term/d <= 1e-17*sum {
			return (m.Delta + n - 1) / (m.Gamma + m.Delta + n - 1) * sum, nil
		}
	}
	return math.NaN(), fmt.Errorf("retention: DERL at discount rate %v: %w", d, ErrNotConverged)
}

// FitSettings control [FitSBG]. A nil *FitSettings means all defaults.
//
// JSON keys: tolerance, max_iterations (Progress is not encoded).
type FitSettings struct {
	// Tolerance is the convergence threshold: the fit has converged when
	// both components of the gradient of the log-likelihood with respect
	// to (log γ, log δ) are at most Tolerance × max(1, |log-likelihood|).
	// 0 means 1e-10.
	Tolerance float64
	// MaxIterations bounds the Newton iterations; 0 means 200.
	MaxIterations int
	// Progress, when not nil, is called after each iteration with the
	// iteration and MaxIterations, from the caller's goroutine. Not encoded.
	Progress func(done, total int)
}

// FitResult describes a maximum-likelihood fit of the [SBG] model.
//
// JSON keys: log_lik, iterations, converged, n, params, estimate, std_err,
// cov, cov_log.
type FitResult struct {
	LogLik     float64 // the log-likelihood at the estimate
	Iterations int     // Newton iterations used
	Converged  bool    // whether the gradient test of FitSettings.Tolerance was met
	N          int64   // customers in all cohorts
	// Params names the parameters in order: "gamma", "delta".
	Params []string
	// Estimate holds γ̂ and δ̂.
	Estimate []float64
	// StdErr holds their asymptotic standard errors, the square roots of
	// the diagonal of Cov; NaN if the information is not positive definite.
	StdErr []float64
	// Cov is the inverse of the observed information (analytic Hessian) in
	// natural scale; nil if it is not positive definite.
	Cov [][]float64
	// CovLog is the same on (log γ, log δ), the scale of the projected
	// intervals; nil if Cov is.
	CovLog [][]float64
}

// FitSBG fits the sBG model by maximum likelihood to one or more cohorts.
// cohorts[c][t] is the number of customers of cohort c still active after t
// renewal opportunities: cohorts[c][0] is the cohort's size, and counts
// never rise. Cohorts may be observed for different numbers of periods
// (one acquired each year, say). A customer who churned at period t
// contributes log P(T = t), one still active at the last period T log S(T)
// (Fader and Hardie 2007, eq. 7). The fit runs Newton's method on
// (log γ, log δ) from (0, 0) with the analytic Hessian and step halving,
// checking ctx at each iteration.
//
// A cohort with no customers, or no survivors data, wraps [ErrEmpty];
// negative counts [ErrNegative]; counts that rise [ErrOutOfRange], each in
// an *[InputError] whose Field names the cohort and Index the period.
// Without a churn event, or with no customer ever renewing, the
// likelihood has no maximum and the error wraps [ErrNotConverged].
func FitSBG(ctx context.Context, cohorts [][]int64, s *FitSettings) (SBG, FitResult, error) {
	tol, maxIt := 1e-10, 200
	var progress func(int, int)
	if s != nil {
		if math.IsNaN(s.Tolerance) || s.Tolerance < 0 || math.IsInf(s.Tolerance, 0) {
			return SBG{}, FitResult{}, badValue(-1, "tolerance", s.Tolerance, ErrOutOfRange)
		}
		if s.Tolerance > 0 {
			tol = s.Tolerance
		}
		if s.MaxIterations < 0 {
			return SBG{}, FitResult{}, badValue(-1, "max iterations", s.MaxIterations, ErrNegative)
		}
		if s.MaxIterations > 0 {
			maxIt = s.MaxIterations
		}
		progress = s.Progress
	}
	if len(cohorts) == 0 {
		return SBG{}, FitResult{}, fmt.Errorf("retention: %w: no cohorts", ErrEmpty)
	}
	var n int64
	churned, renewed := false, false
	for c, co := range cohorts {
		field := fmt.Sprintf("survivors of cohort %d", c)
		if len(co) == 0 {
			return SBG{}, FitResult{}, badValue(-1, field, "[]", ErrEmpty)
		}
		for t, x := range co {
			switch {
			case x < 0:
				return SBG{}, FitResult{}, badValue(t, field, x, ErrNegative)
			case t == 0 && x == 0:
				return SBG{}, FitResult{}, badValue(0, field, x, fmt.Errorf("%w: a cohort with no customers", ErrEmpty))
			case t > 0 && x > co[t-1]:
				return SBG{}, FitResult{}, badValue(t, field, x, fmt.Errorf("%w: survivors rise from %d", ErrOutOfRange, co[t-1]))
			case t > 0 && x < co[t-1]:
				churned = true
			}
			if t > 0 && x > 0 {
				renewed = true
			}
		}
		if co[0] > math.MaxInt64-n {
			return SBG{}, FitResult{}, overflow()
		}
		n += co[0]
	}
	res := FitResult{N: n, Params: []string{"gamma", "delta"}}
	if !churned || !renewed {
		return SBG{}, res, fmt.Errorf("retention: %w: the sBG likelihood has no maximum without both churn and renewal", ErrNotConverged)
	}
	x := [2]float64{1, 1}
	ll, g, h := sbgLogLik(cohorts, x[0], x[1])
	for res.Iterations = 0; res.Iterations < maxIt; res.Iterations++ {
		if err := ctx.Err(); err != nil {
			return SBG{}, res, err
		}
		gl := [2]float64{g[0] * x[0], g[1] * x[1]}
		if math.Abs(gl[0]) <= tol*math.Max(1, math.Abs(ll)) && math.Abs(gl[1]) <= tol*math.Max(1, math.Abs(ll)) {
			res.Converged = true
			break
		}
		// Hessian of the log-likelihood in (log γ, log δ).
		hl := [3]float64{h[0]*x[0]*x[0] + gl[0], h[1] * x[0] * x[1], h[2]*x[1]*x[1] + gl[1]}
		// Newton step for a maximum when −hl is positive definite, else a
		// gradient step.
		var step [2]float64
		det := hl[0]*hl[2] - hl[1]*hl[1]
		if hl[0] < 0 && det > 0 {
			step = [2]float64{-(hl[2]*gl[0] - hl[1]*gl[1]) / det, -(-hl[1]*gl[0] + hl[0]*gl[1]) / det}
		} else {
			step = [2]float64{gl[0] / math.Max(1, math.Abs(ll)), gl[1] / math.Max(1, math.Abs(ll))}
		}
		// Keep each step within a factor e of the current value.
		if m := math.Max(math.Abs(step[0]), math.Abs(step[1])); m > 1 {
			step[0], step[1] = step[0]/m, step[1]/m
		}
		improved := false
		for range 60 {
			nx := [2]float64{x[0] * math.Exp(step[0]), x[1] * math.Exp(step[1])}
			nll, ng, nh := sbgLogLik(cohorts, nx[0], nx[1])
			if nll >= ll && !math.IsNaN(nll) {
				x, ll, g, h = nx, nll, ng, nh
				improved = true
				break
			}
			step[0], step[1] = step[0]/2, step[1]/2
		}
		if progress != nil {
			progress(res.Iterations+1, maxIt)
		}
		if !improved {
			// No step increases the likelihood: floating point's limit.
			gl = [2]float64{g[0] * x[0], g[1] * x[1]}
			res.Converged = math.Abs(gl[0]) <= 100*tol*math.Max(1, math.Abs(ll)) && math.Abs(gl[1]) <= 100*tol*math.Max(1, math.Abs(ll))
			break
		}
	}
	m := SBG{Gamma: x[0], Delta: x[1]}
	res.LogLik = ll
	res.Estimate = []float64{x[0], x[1]}
	res.StdErr = []float64{math.NaN(), math.NaN()}
	// Observed information −H and its inverse.
	a, b, c := -h[0], -h[1], -h[2]
	if det := a*c - b*b; a > 0 && det > 0 {
		cov := [][]float64{{c / det, -b / det}, {-b / det, a / det}}
		res.Cov = cov
		res.CovLog = [][]float64{
			{cov[0][0] / (x[0] * x[0]), cov[0][1] / (x[0] * x[1])},
			{cov[1][0] / (x[0] * x[1]), cov[1][1] / (x[1] * x[1])},
		}
		res.StdErr = []float64{math.Sqrt(cov[0][0]), math.Sqrt(cov[1][1])}
	}
	if !res.Converged {
		return m, res, fmt.Errorf("retention: sBG fit after %d iterations: %w", res.Iterations, ErrNotConverged)
	}
	return m, res, nil
}

// sbgLogLik returns the log-likelihood of the cohorts at (γ, δ), its
// gradient and its Hessian (dγγ, dγδ, dδδ) in natural scale.
func sbgLogLik(cohorts [][]int64, gam, del float64) (float64, [2]float64, [3]float64) {
	var ll float64
	var g [2]float64
	var h [3]float64
	for _, co := range cohorts {
		// Running log S(t−1) with its derivatives.
		var ls float64
		var sg [2]float64
		var sh [3]float64
		for t := 1; t < len(co); t++ {
			a := gam + del + float64(t) - 1
			dd := del + float64(t) - 1
			if lost := float64(co[t-1] - co[t]); lost > 0 {
				// log P(t) = log S(t−1) + log γ − log a.
				ll += lost * (ls + math.Log(gam) - math.Log(a))
				g[0] += lost * (sg[0] + 1/gam - 1/a)
				g[1] += lost * (sg[1] - 1/a)
				h[0] += lost * (sh[0] - 1/(gam*gam) + 1/(a*a))
				h[1] += lost * (sh[1] + 1/(a*a))
				h[2] += lost * (sh[2] + 1/(a*a))
			}
			// log S(t) = log S(t−1) + log(δ + t − 1) − log a.
			ls += math.Log(dd) - math.Log(a)
			sg[0] += -1 / a
			sg[1] += 1/dd - 1/a
			sh[0] += 1 / (a * a)
			sh[1] += 1 / (a * a)
			sh[2] += -1/(dd*dd) + 1/(a*a)
		}
		if last := float64(co[len(co)-1]); last > 0 {
			ll += last * ls
			g[0] += last * sg[0]
			g[1] += last * sg[1]
			h[0] += last * sh[0]
			h[1] += last * sh[1]
			h[2] += last * sh[2]
		}
	}
	return ll, g, h
}

// Projection is the fitted sBG model's forecast for one period.
//
// JSON keys: period, survival, survival_ci, retention, retention_ci.
type Projection struct {
	Period int // renewal opportunity t ≥ 1
	// Survival is S(t), the expected share of a cohort still active.
	Survival float64
	// SurvivalCI is its interval from the parameters' uncertainty only
	// (delta method on logit S(t) with CovLog), not from the sampling of a
	// future cohort.
	SurvivalCI Interval
	// Retention is r(t), the expected renewal rate at period t.
	Retention float64
	// RetentionCI is its interval (delta method on logit r(t) =
	// log(δ + t − 1) − log γ).
	RetentionCI Interval
}

// Project returns the fitted model's survival and retention for periods
// 1 … periods with intervals at level (0 means 0.95) from the fit's
// covariance; the intervals are NaN when the fit has none. periods above
// 10⁶ is an error.
func (f FitResult) Project(periods int, level float64) ([]Projection, error) {
	lv, err := resolveLevel(level)
	if err != nil {
		return nil, err
	}
	if periods < 0 {
		return nil, badValue(-1, "periods", periods, ErrNegative)
	}
	if periods > 1_000_000 {
		return nil, badValue(-1, "periods", periods, fmt.Errorf("%w: at most 10⁶", ErrOutOfRange))
	}
	if len(f.Estimate) != 2 {
		return nil, badValue(-1, "estimate", fmt.Sprint(f.Estimate), fmt.Errorf("%w: want γ and δ", ErrLength))
	}
	m := SBG{Gamma: f.Estimate[0], Delta: f.Estimate[1]}
	if !m.valid() {
		return nil, badValue(-1, "estimate", fmt.Sprint(f.Estimate), ErrOutOfRange)
	}
	z := dist.ZCritical(lv)
	hasCov := len(f.CovLog) == 2 && len(f.CovLog[0]) == 2 && len(f.CovLog[1]) == 2
	se := func(d0, d1 float64) float64 {
		if !hasCov {
			return math.NaN()
		}
		c := f.CovLog
		return math.Sqrt(d0*d0*c[0][0] + 2*d0*d1*c[0][1] + d1*d1*c[1][1])
	}
	logitIv := func(p, s float64) Interval {
		if math.IsNaN(s) {
			return Interval{Lower: math.NaN(), Upper: math.NaN(), Level: lv}
		}
		l := math.Log(p / (1 - p))
		return Interval{Lower: 1 / (1 + math.Exp(-(l - z*s))), Upper: 1 / (1 + math.Exp(-(l + z*s))), Level: lv}
	}
	out := make([]Projection, periods)
	ls := 0.0
	var dg, dd float64 // d log S/d log γ, d log S/d log δ
	for t := 1; t <= periods; t++ {
		a := m.Gamma + m.Delta + float64(t) - 1
		b := m.Delta + float64(t) - 1
		ls += math.Log(b) - math.Log(a)
		dg += -m.Gamma / a
		dd += m.Delta/b - m.Delta/a
		sv := math.Exp(ls)
		r := b / a
		out[t-1] = Projection{
			Period:      t,
			Survival:    sv,
			SurvivalCI:  logitIv(sv, se(dg/(1-sv), dd/(1-sv))),
			Retention:   r,
			RetentionCI: logitIv(r, se(-1, m.Delta/b)),
		}
	}
	return out, nil
}
