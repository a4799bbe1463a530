package retention

import (
	"context"
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

// Hazard is the way the cumulative hazard counts d tied churn events among
// n customers at risk, and its variance. R and lifelines differ here; the
// default follows R.
type Hazard int

const (
	// NelsonAalen adds d/n with variance d/n² (Aalen): R's survfit
	// (cumhaz, std.chaz); the zero value.
	NelsonAalen Hazard = iota
	// Smoothed adds Σ_{i<d} 1/(n − i), as if the tied events came one
	// after the other, with variance Σ_{i<d} 1/(n − i)²: lifelines'
	// NelsonAalenFitter default (nelson_aalen_smoothing=True). Without ties
	// it equals NelsonAalen.
	Smoothed
	// Binomial adds d/n with variance d(n − d)/n³ (the Greenwood-type
	// estimator of Klein 1991): lifelines' NelsonAalenFitter with
	// nelson_aalen_smoothing=False.
	Binomial
)

// MedianRule says which time is the median when the curve (or an end of
// its band) sits exactly at ½ over an interval.
type MedianRule int

const (
	// Midpoint takes the midpoint between the time Ŝ reaches ½ and the next
	// event time, as R's print.survfit and quantile.survfit do; the zero
	// value.
	Midpoint MedianRule = iota
	// FirstBelow takes the first time at which Ŝ ≤ ½, as lifelines'
	// median_survival_time_ and median_survival_times do.
	FirstBelow
)

// Settings control the survival estimates. A nil *Settings means all
// defaults, which follow R's survival package except the band's
// Transform, LogLog as in lifelines.
//
// JSON keys: level, transform, hazard, median (Progress is not encoded).
type Settings struct {
	// Level is the confidence level of the intervals; 0 means 0.95.
	Level float64
	// Transform is the scale of the Kaplan–Meier band; the zero value is
	// LogLog.
	Transform Transform
	// Hazard is the cumulative hazard's treatment of ties and its
	// variance; the zero value is NelsonAalen (R).
	Hazard Hazard
	// Median is the median's rule at a flat ½; the zero value is Midpoint (R).
	Median MedianRule
	// Progress, when not nil, is called from the caller's goroutine with
	// the work done so far and its total (units of tenures handled), the
	// last call with done = total. Not encoded.
	Progress func(done, total int)
}

// resolved are the settings with their defaults applied.
type resolved struct {
	level    float64
	tr       Transform
	hazard   Hazard
	median   MedianRule
	progress func(done, total int)
}

// resolve returns the settings s stands for.
func (s *Settings) resolve() (resolved, error) {
	if s == nil {
		return resolved{level: 0.95}, nil
	}
	l, err := resolveLevel(s.Level)
	if err != nil {
		return resolved{}, err
	}
	switch {
	case s.Transform < LogLog || s.Transform > Plain:
		return resolved{}, badValue(-1, "transform", int(s.Transform), ErrOutOfRange)
	case s.Hazard < NelsonAalen || s.Hazard > Binomial:
		return resolved{}, badValue(-1, "hazard", int(s.Hazard), ErrOutOfRange)
	case s.Median < Midpoint || s.Median > FirstBelow:
		return resolved{}, badValue(-1, "median rule", int(s.Median), ErrOutOfRange)
	}
	return resolved{level: l, tr: s.Transform, hazard: s.Hazard, median: s.Median, progress: s.Progress}, nil
}

// Step is the Kaplan–Meier and Nelson–Aalen estimate at one time at which
// at least one tenure ended (in churn or censoring).
//
// JSON keys: time, at_risk, events, censored, survival, std_err, ci,
// cum_hazard, cum_hazard_std_err, cum_hazard_ci.
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
	// CumHazard is the Nelson–Aalen estimate Ĥ(Time) = Σ d/n (or its
	// Smoothed form, see [Hazard]).
	CumHazard float64
	// CumHazardStdErr is its standard error σ, √Σ d/n² for NelsonAalen
	// (R's std.chaz).
	CumHazardStdErr float64
	// CumHazardCI is the interval Ĥ·exp(±z·σ/Ĥ), on the log scale so that
	// it stays positive, as lifelines' NelsonAalenFitter computes it; [0, 0]
	// before the first event. R's survfit gives no interval for Ĥ.
	CumHazardCI Interval
}

// Curve is a Kaplan–Meier survival curve with its Greenwood band and the
// Nelson–Aalen cumulative hazard, as R's survfit computes them.
//
// JSON keys: steps, n, events, level, transform, hazard, median_rule.
type Curve struct {
	Steps      []Step     // one per distinct time at which a tenure ended, ascending
	N          int64      // tenures counted
	Events     int64      // churn events
	Level      float64    // confidence level of the band
	Transform  Transform  // scale of the band
	Hazard     Hazard     // the cumulative hazard's estimator
	MedianRule MedianRule // the rule [Curve.Median] applies
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
//
// The tenures are sorted once, by a radix sort on the bits of the times
// (O(n)), and the ties counted in one pass. It looks at ctx every 65,536
// tenures and returns ctx.Err() once it is cancelled.
func KaplanMeier(ctx context.Context, times []float64, events []int, s *Settings) (Curve, error) {
	rs, err := s.resolve()
	if err != nil {
		return Curve{}, err
	}
	n := len(times)
	if events != nil && len(events) != n {
		return Curve{}, fmt.Errorf("retention: %w: %d tenures, %d event flags", ErrLength, n, len(events))
	}
	if n == 0 {
		return Curve{}, fmt.Errorf("retention: %w: no tenures", ErrEmpty)
	}
	m := &meter{ctx: ctx, f: rs.progress, total: n + sortWork(n) + n}
	keys, err := exitKeys(m, times, events)
	if err != nil {
		return Curve{}, err
	}
	if err := sortKeys(keys, m); err != nil {
		return Curve{}, err
	}
	// One pass to count the distinct times, to allocate the steps once.
	distinct := 0
	for i, k := range keys {
		if i == 0 || k>>1 != keys[i-1]>>1 {
			distinct++
		}
	}
	b := newKMBuilder(rs, distinct)
	atRisk := int64(n)
	reported := 0
	for lo := 0; lo < n; {
		t := keys[lo] >> 1
		hi := lo
		var d int64
		for hi < n && keys[hi]>>1 == t {
			d += int64(1 - keys[hi]&1)
			hi++
		}
		e := int64(hi - lo)
		b.add(math.Float64frombits(t), atRisk, d, e-d)
		atRisk -= e
		if hi-reported >= chunk {
			if err := m.step(hi - reported); err != nil {
				return Curve{}, err
			}
			reported = hi
		}
		lo = hi
	}
	m.finish()
	return b.curve, nil
}

// exitKeys validates the tenures and returns their sort keys,
// timeKey(t)<<1 | censored, reporting n units to m.
func exitKeys(m *meter, times []float64, events []int) ([]uint64, error) {
	n := len(times)
	if n > math.MaxInt32 {
		return nil, fmt.Errorf("retention: %w: more than 2³¹ tenures", ErrOutOfRange)
	}
	keys := make([]uint64, n)
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		for i := lo; i < hi; i++ {
			x := times[i]
			var flag uint64
			if events != nil {
				switch events[i] {
				case 0:
					flag = 1
				case 1:
				default:
					return nil, badValue(i, "event", events[i], fmt.Errorf("%w {0, 1}", ErrOutOfRange))
				}
			}
			if !(x >= 0 && x <= math.MaxFloat64) {
				return nil, Tenure{Time: x}.check(i)
			}
			keys[i] = timeKey(x)<<1 | flag
		}
		if err := m.step(hi - lo); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// KaplanMeier estimates the survival curve from the counts. Rows that
// [RiskSet.Add] cannot produce return an error; an empty risk set wraps
// [ErrEmpty]. Its cost is linear in the rows; Settings.Progress is not
// called.
func (r RiskSet) KaplanMeier(s *Settings) (Curve, error) {
	rs, err := s.resolve()
	if err != nil {
		return Curve{}, err
	}
	if err := r.check(); err != nil {
		return Curve{}, err
	}
	nSteps := 0
	var total, entriesAfter int64
	for _, row := range r.Rows {
		if row.Events+row.Censored > 0 {
			nSteps++
		}
		total += row.Events + row.Censored
		entriesAfter += row.Entries
	}
	if total == 0 {
		return Curve{}, fmt.Errorf("retention: %w: no tenures", ErrEmpty)
	}
	b := newKMBuilder(rs, nSteps)
	// Walk forward: at risk at t = (exits ≥ t) − (entries ≥ t).
	exitsAfter := total
	for _, row := range r.Rows {
		if row.Events+row.Censored > 0 {
			b.add(row.Time, exitsAfter-entriesAfter, row.Events, row.Censored)
		}
		exitsAfter -= row.Events + row.Censored
		entriesAfter -= row.Entries
	}
	return b.curve, nil
}

// kmBuilder accumulates a curve step by step.
type kmBuilder struct {
	curve                    Curve
	z                        float64
	surv, green, haz, hazVar float64
}

func newKMBuilder(rs resolved, steps int) *kmBuilder {
	return &kmBuilder{
		curve: Curve{Steps: make([]Step, 0, steps), Level: rs.level, Transform: rs.tr, Hazard: rs.hazard, MedianRule: rs.median},
		z:     dist.ZCritical(rs.level), surv: 1,
	}
}

// add appends the step at time t with atRisk customers at risk, d churn
// events and c censored tenures.
func (b *kmBuilder) add(t float64, atRisk, d, c int64) {
	b.curve.N += d + c
	b.curve.Events += d
	if d > 0 {
		dd, n := float64(d), float64(atRisk)
		b.surv *= 1 - dd/n
		if n > dd {
			b.green += dd / (n * (n - dd))
		} else {
			b.green = math.Inf(1)
		}
		switch b.curve.Hazard {
		case Smoothed:
			for i := range d {
				r := 1 / (n - float64(i))
				b.haz += r
				b.hazVar += r * r
			}
		case Binomial:
			b.haz += dd / n
			b.hazVar += dd * (n - dd) / (n * n * n)
		default:
			b.haz += dd / n
			b.hazVar += dd / (n * n)
		}
	}
	k := len(b.curve.Steps)
	b.curve.Steps = append(b.curve.Steps, Step{}) // filled in place
	st := &b.curve.Steps[k]
	*st = Step{
		Time: t, AtRisk: atRisk, Events: d, Censored: c,
		Survival: b.surv, StdErr: b.surv * math.Sqrt(b.green),
		CumHazard: b.haz, CumHazardStdErr: math.Sqrt(b.hazVar),
	}
	if b.surv == 0 {
		st.StdErr = math.NaN()
	}
	if d == 0 && k > 0 {
		// Censoring only: the estimates and their intervals are unchanged.
		prev := &b.curve.Steps[k-1]
		st.StdErr, st.CI, st.CumHazardCI = prev.StdErr, prev.CI, prev.CumHazardCI
	} else {
		st.CI = band(b.surv, math.Sqrt(b.green), b.z, b.curve.Transform)
		st.CI.Level = b.curve.Level
		st.CumHazardCI = Interval{Level: b.curve.Level}
		if b.haz > 0 {
			f := math.Exp(b.z * st.CumHazardStdErr / b.haz)
			st.CumHazardCI.Lower, st.CumHazardCI.Upper = b.haz/f, b.haz*f
		}
	}
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
		h := math.Exp(z * se)
		return Interval{Lower: p / h, Upper: math.Min(p*h, 1)}
	default:
		if p == 1 {
			return Interval{Lower: 1, Upper: 1}
		}
		// exp(−exp(log(−log p) ∓ h)) with h = z·se/log p, written as
		// exp(−L·e^{∓h}) with L = −log p: one log and three exps.
		l := math.Log(p)
		e := math.Exp(z * se / l)
		return Interval{Lower: math.Exp(l / e), Upper: math.Exp(l * e)}
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
// (1982) interval at the curve's level, as R's print.survfit computes them
// (or as lifelines does, with the curve's MedianRule FirstBelow).
func (c Curve) Median() Median {
	surv := func(s *Step) float64 { return s.Survival }
	lo := func(s *Step) float64 { return s.CI.Lower }
	hi := func(s *Step) float64 { return s.CI.Upper }
	m := Median{Time: c.crossing(surv), CI: Interval{Lower: c.crossing(lo), Upper: c.crossing(hi), Level: c.Level}}
	m.Defined = !math.IsNaN(m.Time)
	return m
}

// crossing is R's minmin: the first time at which y < ½ + √ε, with R's
// midpoint rule when y is ½ there; NaN values are skipped. With the
// FirstBelow rule, it is the first time at which y ≤ ½.
func (c Curve) crossing(y func(*Step) float64) float64 {
	tol := math.Sqrt(0x1p-52)
	if c.MedianRule == FirstBelow {
		tol = 0
	}
	first := -1
	for i := range c.Steps {
		if v := y(&c.Steps[i]); v < 0.5+tol || (tol == 0 && v == 0.5) {
			first = i
			break
		}
	}
	if first < 0 {
		return math.NaN()
	}
	if yf := y(&c.Steps[first]); tol > 0 && math.Abs(yf-0.5) < tol {
		for j := first + 1; j < len(c.Steps); j++ {
			if v := y(&c.Steps[j]); v < yf {
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
