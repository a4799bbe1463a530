package retention

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
)

// Transform is the scale on which a Kaplan–Meier confidence band is
// computed from the Greenwood standard error before it is mapped back to a
// survival probability.
type Transform int

const (
	// LogLog is the interval exp(−exp(log(−log Ŝ) ± z·σ/log Ŝ)), σ² the
	// Greenwood sum: it always lies in [0, 1] and keeps its coverage close
	// to the nominal level in small samples and in the tails (Borgan and
	// Liestøl 1990; Kalbfleisch and Prentice 2002), which is why it is the
	// default here, as in lifelines and in SAS PROC LIFETEST. R's survfit
	// defaults to Log: pass conf.type = "log-log" to R to compare.
	LogLog Transform = iota
	// Log is the interval Ŝ·exp(±z·σ), upper end capped at 1; R's default
	// conf.type = "log".
	Log
	// Plain is the interval Ŝ ± z·Ŝ·σ clipped to [0, 1]; R's
	// conf.type = "plain".
	Plain
)

// Settings control the survival estimates. A nil *Settings means all
// defaults.
//
// JSON keys: level, transform.
type Settings struct {
	// Level is the confidence level of the intervals; 0 means 0.95.
	Level float64
	// Transform is the scale of the Kaplan–Meier band; the zero value is
	// LogLog.
	Transform Transform
}

// resolve returns the level and transform s stands for.
func (s *Settings) resolve() (float64, Transform, error) {
	if s == nil {
		return 0.95, LogLog, nil
	}
	l, err := resolveLevel(s.Level)
	if err != nil {
		return 0, 0, err
	}
	if s.Transform < LogLog || s.Transform > Plain {
		return 0, 0, badValue(-1, "transform", int(s.Transform), ErrOutOfRange)
	}
	return l, s.Transform, nil
}

// Step is the Kaplan–Meier and Nelson–Aalen estimate at one time at which
// at least one tenure ended (in churn or censoring).
//
// JSON keys: time, at_risk, events, censored, survival, std_err, ci,
// cum_hazard, cum_hazard_std_err.
type Step struct {
	Time     float64 // the time
	AtRisk   int64   // customers at risk just before Time
	Events   int64   // churn events at Time
	Censored int64   // tenures censored at Time
	// Survival is the Kaplan–Meier estimate Ŝ(Time) = Π (1 − d/n) over the
	// event times up to Time.
	Survival float64
	// StdErr is Greenwood's standard error of Survival, Ŝ·√Σ d/(n(n − d));
	// NaN once Ŝ = 0.
	StdErr float64
	// CI is the pointwise confidence interval of Survival on the curve's
	// Transform; [1, 1] before the first event, NaN ends once Ŝ = 0 (R
	// reports NA there, and NA before the first event for log-log).
	CI Interval
	// CumHazard is the Nelson–Aalen estimate Ĥ(Time) = Σ d/n.
	CumHazard float64
	// CumHazardStdErr is its standard error √Σ d/n² (R's std.chaz).
	CumHazardStdErr float64
}

// Curve is a Kaplan–Meier survival curve with its Greenwood band and the
// Nelson–Aalen cumulative hazard, as R's survfit computes them.
//
// JSON keys: steps, n, events, level, transform.
type Curve struct {
	Steps     []Step    // one per distinct time at which a tenure ended, ascending
	N         int64     // tenures counted
	Events    int64     // churn events
	Level     float64   // confidence level of the band
	Transform Transform // scale of the band
}

// KaplanMeier estimates the survival curve of tenures times[i] with event
// flags events[i] (1 churned, 0 still active at times[i]; nil means all
// churned). Ties follow R: all events at a time come before the censored
// tenures at that time. Times are compared exactly: R's survfit and
// survdiff by default (timefix = TRUE) merge times closer than about 1e-8
// relative, which can move their results in the ninth digit on continuous
// times with near-ties. For late entry, build the counts with
// [NewRiskSet] and call [RiskSet.KaplanMeier]. Bad input returns an
// *[InputError] with its index; no tenures wraps [ErrEmpty].
func KaplanMeier(times []float64, events []int, s *Settings) (Curve, error) {
	if _, _, err := s.resolve(); err != nil {
		return Curve{}, err
	}
	rs, err := NewRiskSet(times, events, nil)
	if err != nil {
		return Curve{}, err
	}
	return rs.KaplanMeier(s)
}

// KaplanMeier estimates the survival curve from the counts. Rows that
// [RiskSet.Add] cannot produce return an error; an empty risk set wraps
// [ErrEmpty].
func (r RiskSet) KaplanMeier(s *Settings) (Curve, error) {
	level, tr, err := s.resolve()
	if err != nil {
		return Curve{}, err
	}
	if err := r.check(); err != nil {
		return Curve{}, err
	}
	// at[i] = tenures ending at Rows[i] or later − late entries at Rows[i] or later.
	var out Curve
	out.Level, out.Transform = level, tr
	nSteps := 0
	for _, row := range r.Rows {
		if row.Events+row.Censored > 0 {
			nSteps++
		}
		out.N += row.Events + row.Censored
		out.Events += row.Events
	}
	if out.N == 0 {
		return Curve{}, fmt.Errorf("retention: %w: no tenures", ErrEmpty)
	}
	z := dist.ZCritical(level)
	out.Steps = make([]Step, 0, nSteps)
	var atRisk int64
	// Walk forward: at risk at t = (exits ≥ t) − (entries ≥ t).
	var entriesAfter int64
	for _, row := range r.Rows {
		entriesAfter += row.Entries
	}
	exitsAfter := out.N
	surv, green, haz, hazVar := 1.0, 0.0, 0.0, 0.0
	for _, row := range r.Rows {
		atRisk = exitsAfter - entriesAfter
		if row.Events+row.Censored > 0 {
			d, n := float64(row.Events), float64(atRisk)
			if row.Events > 0 {
				surv *= 1 - d/n
				if n > d {
					green += d / (n * (n - d))
				} else {
					green = math.Inf(1)
				}
				haz += d / n
				hazVar += d / (n * n)
			}
			st := Step{
				Time: row.Time, AtRisk: atRisk, Events: row.Events, Censored: row.Censored,
				Survival: surv, StdErr: surv * math.Sqrt(green),
				CumHazard: haz, CumHazardStdErr: math.Sqrt(hazVar),
			}
			if surv == 0 {
				st.StdErr = math.NaN()
			}
			st.CI = band(surv, math.Sqrt(green), z, tr)
			st.CI.Level = level
			out.Steps = append(out.Steps, st)
		}
		exitsAfter -= row.Events + row.Censored
		entriesAfter -= row.Entries
	}
	return out, nil
}

// band returns the confidence interval of the survival p with standard
// error se of log p, as R's survfit_confint computes it.
func band(p, se, z float64, tr Transform) Interval {
	switch {
	case p == 0:
		return Interval{Lower: math.NaN(), Upper: math.NaN()}
	case se == 0:
		return Interval{Lower: p, Upper: p}
	}
	switch tr {
	case Plain:
		h := z * se * p
		return Interval{Lower: math.Max(p-h, 0), Upper: math.Min(p+h, 1)}
	case Log:
		h := z * se
		return Interval{Lower: math.Exp(math.Log(p) - h), Upper: math.Min(math.Exp(math.Log(p)+h), 1)}
	default:
		if p == 1 {
			return Interval{Lower: 1, Upper: 1}
		}
		h := z * se / math.Log(p)
		ll := math.Log(-math.Log(p))
		return Interval{Lower: math.Exp(-math.Exp(ll - h)), Upper: math.Exp(-math.Exp(ll + h))}
	}
}

// Median is the median survival time with its confidence interval.
//
// JSON keys: time, ci, defined.
type Median struct {
	// Time is the first time at which Ŝ ≤ ½; when Ŝ is exactly ½ over an
	// interval, the midpoint between its start and the next event time
	// (R's print.survfit). NaN, with Defined false, when the curve never
	// falls to ½.
	Time float64
	// CI is the Brookmeyer–Crowley interval: the first times at which the
	// lower and the upper ends of the pointwise band fall to ½ (so it
	// depends on the curve's Transform, as in R); an end the band never
	// reaches is NaN.
	CI      Interval
	Defined bool // false when the curve never reaches ½
}

// Median returns the median survival time and its Brookmeyer–Crowley
// (1982) interval at the curve's level, as R's print.survfit computes them.
func (c Curve) Median() Median {
	surv := make([]float64, len(c.Steps))
	lo := make([]float64, len(c.Steps))
	hi := make([]float64, len(c.Steps))
	for i, s := range c.Steps {
		surv[i], lo[i], hi[i] = s.Survival, s.CI.Lower, s.CI.Upper
	}
	m := Median{Time: c.crossing(surv), CI: Interval{Lower: c.crossing(lo), Upper: c.crossing(hi), Level: c.Level}}
	m.Defined = !math.IsNaN(m.Time)
	return m
}

// crossing is R's minmin: the first time at which y < ½ + √ε, with R's
// midpoint rule when y is ½ there; NaN values are skipped.
func (c Curve) crossing(y []float64) float64 {
	tol := math.Sqrt(0x1p-52)
	first := -1
	for i, v := range y {
		if !math.IsNaN(v) && v < 0.5+tol {
			first = i
			break
		}
	}
	if first < 0 {
		return math.NaN()
	}
	if math.Abs(y[first]-0.5) < tol {
		for j := first + 1; j < len(y); j++ {
			if !math.IsNaN(y[j]) && y[j] < y[first] {
				return (c.Steps[first].Time + c.Steps[j].Time) / 2
			}
		}
	}
	return c.Steps[first].Time
}

// RMST is the restricted mean survival time: the expected tenure within
// the first Horizon time units, the area under the Kaplan–Meier curve from
// 0 to Horizon.
//
// JSON keys: horizon, mean, std_err, ci.
type RMST struct {
	Horizon float64  // the horizon τ
	Mean    float64  // ∫₀^τ Ŝ(t) dt
	StdErr  float64  // √Σ A_j²·d_j/(n_j(n_j − d_j)), A_j = ∫_{t_j}^τ Ŝ (R's se(rmean))
	CI      Interval // Mean ± z·StdErr, at the curve's level
}

// RMST returns the restricted mean survival time up to horizon, as R's
// print.survfit(rmean = horizon) computes it (a step with n = d adds no
// variance). A negative, NaN or infinite horizon is an error.
func (c Curve) RMST(horizon float64) (RMST, error) {
	switch {
	case math.IsNaN(horizon) || math.IsInf(horizon, 0):
		return RMST{}, badValue(-1, "horizon", horizon, ErrNonFinite)
	case horizon < 0:
		return RMST{}, badValue(-1, "horizon", horizon, ErrNegative)
	case len(c.Steps) == 0:
		return RMST{}, fmt.Errorf("retention: %w: an empty curve", ErrEmpty)
	}
	// Areas of the rectangles between consecutive times up to horizon.
	k := 0
	for k < len(c.Steps) && c.Steps[k].Time <= horizon {
		k++
	}
	area := make([]float64, k+1) // area[j]: from time j−1 (0 for j = 0) to time j (horizon for j = k)
	prevT, prevS := 0.0, 1.0
	mean := 0.0
	for j := 0; j <= k; j++ {
		t := horizon
		if j < k {
			t = c.Steps[j].Time
		}
		area[j] = (t - prevT) * prevS
		mean += area[j]
		prevT = t
		if j < k {
			prevS = c.Steps[j].Survival
		}
	}
	v, tail := 0.0, 0.0
	for j := k - 1; j >= 0; j-- {
		tail += area[j+1]
		s := c.Steps[j]
		n, d := float64(s.AtRisk), float64(s.Events)
		if n > d {
			v += tail * tail * d / (n * (n - d))
		}
	}
	se := math.Sqrt(v)
	h := dist.ZCritical(c.Level) * se
	return RMST{Horizon: horizon, Mean: mean, StdErr: se, CI: Interval{Lower: mean - h, Upper: mean + h, Level: c.Level}}, nil
}

// At returns the step in force at time t: the last step at or before t,
// or a step with Survival 1 before the first.
func (c Curve) At(t float64) Step {
	lo, hi := 0, len(c.Steps)
	for lo < hi {
		m := (lo + hi) / 2
		if c.Steps[m].Time <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return Step{Time: t, Survival: 1, CI: Interval{Lower: 1, Upper: 1, Level: c.Level}}
	}
	return c.Steps[lo-1]
}
