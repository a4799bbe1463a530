package monitor

import (
	"fmt"
	"math"
	"time"

	"github.com/cxkit/cxkit/internal/settings"
)

// EWMASettings tunes [EWMA]. A nil *EWMASettings means all defaults:
// λ = 0.1 and L = 2.814, whose in-control average run length with limits at
// their asymptotic width is 500 periods (Lucas & Saccucci 1990, Table 3;
// Montgomery Table 9.11).
//
// JSON keys: baseline, standard, lambda, l, laney, restart.
type EWMASettings struct {
	// Baseline is the window the centre and variance are estimated on; the
	// zero value is the whole series. Ignored when Standard is set.
	Baseline Window
	// Standard, when not nil, gives a known centre and variance instead.
	Standard *Standard
	// Lambda is the weight λ of the newest period, in (0, 1]; 0 means 0.1.
	// λ = 1 is a Shewhart chart of the standardised values.
	Lambda float64
	// L is the width of the limits in standard deviations of the EWMA,
	// finite and positive; 0 means 2.814.
	L float64
	// Laney, when true, divides each standardised value by Laney's σ_z
	// (the mean moving range of the z over the baseline / d₂), for
	// overdispersed series from large samples ([LaneyPChart]); the run
	// lengths of [EWMAARL] then hold only approximately.
	Laney bool
	// Restart, when true, starts the EWMA afresh (w = 0, limits from their
	// first-period width) after each alarm, as when the cause is found and
	// removed; the false-alarm rate is then 1/ARL₀.
	Restart bool
}

func (s *EWMASettings) resolve() (EWMASettings, error) {
	r := settings.Of(s)
	if r.Lambda == 0 {
		r.Lambda = 0.1
	}
	if r.L == 0 {
		r.L = 2.814
	}
	if err := checkEWMA(r.Lambda, r.L); err != nil {
		return r, err
	}
	return r, nil
}

func checkEWMA(lambda, l float64) error {
	if !(lambda > 0 && lambda <= 1) {
		return badValue(-1, "lambda", lambda, fmt.Errorf("%w: 0 < λ ≤ 1", ErrOutOfRange))
	}
	if !(l > 0) || math.IsInf(l, 0) {
		return badValue(-1, "L", l, fmt.Errorf("%w: 0 < L < ∞", ErrOutOfRange))
	}
	return nil
}

// EWMAPoint is one period on an EWMA chart: the metric's Value, its
// standardised Z = (Value − centre)/(SEᵢ·σ_z) (σ_z = 1 unless Laney), the EWMA Statistic of the Z and
// its limits ±L·√(λ/(2 − λ)·(1 − (1 − λ)^(2j))) after j periods.
//
// JSON keys: label, date, n, value, z, statistic, lcl, ucl, out.
type EWMAPoint struct {
	Label     string
	Date      time.Time
	N         int
	Value     float64
	Z         float64
	Statistic float64
	LCL       float64
	UCL       float64
	Out       bool
}

// EWMAChart is an EWMA chart of standardised period values. SigmaZ is
// Laney's σ_z when EWMASettings.Laney is set, else 1.
//
// JSON keys: metric, center, variance, lambda, l, restart, sigma_z,
// baseline, points, alarms.
type EWMAChart struct {
	Metric   Metric
	Center   float64
	Variance float64
	Lambda   float64
	L        float64
	Restart  bool
	SigmaZ   float64
	Baseline Window
	Points   []EWMAPoint
	Alarms   []Alarm
}

// EWMA returns the exponentially weighted moving average chart (Roberts
// 1959; Lucas & Saccucci, Technometrics 32(1), 1990) of the metric m. Each
// period is standardised first, zᵢ = (xᵢ − centre)/SEᵢ with SEᵢ from the
// baseline (or standard) variance and the period's nᵢ, so that periods of
// any size weigh in on one scale; then
//
//	wᵢ = λzᵢ + (1 − λ)wᵢ₋₁,  w₀ = 0,  alarm when |wᵢ| > L·√(λ/(2−λ)·(1 − (1−λ)^(2i)))
//
// with the exact time-varying limits. Small persistent shifts (0.5–1 SE)
// are caught much sooner than by a Shewhart chart; [EWMAARL] gives the
// average run lengths. Alarms carry the rule [BeyondLimits].
func EWMA(periods []Period, m Metric, s *EWMASettings) (EWMAChart, error) {
	set, err := s.resolve()
	if err != nil {
		return EWMAChart{}, err
	}
	w, q, sz, err := zParams(periods, m, set.Baseline, set.Standard, set.Laney)
	if err != nil {
		return EWMAChart{}, err
	}
	c := EWMAChart{Metric: m, Center: q.center, Variance: q.variance, Lambda: set.Lambda, L: set.L,
		Restart: set.Restart, SigmaZ: sz, Baseline: w, Points: make([]EWMAPoint, len(periods))}
	lam, keep := set.Lambda, 1-set.Lambda
	asym := lam / (2 - lam)
	stat, decay := 0.0, 1.0 // decay = (1 − λ)^(2j)
	for i, p := range periods {
		x := m.value(p)
		z := (x - q.center) / (q.stdErr(m, p.N) * sz)
		stat = lam*z + keep*stat
		decay *= keep * keep
		lim := set.L * math.Sqrt(asym*(1-decay))
		out := stat > lim || stat < -lim
		c.Points[i] = EWMAPoint{Label: p.Label, Date: p.Date, N: p.N, Value: x, Z: z, Statistic: stat,
			LCL: -lim, UCL: lim, Out: out}
		if out {
			c.Alarms = append(c.Alarms, Alarm{Index: i, Label: p.Label, Rule: BeyondLimits})
			if set.Restart {
				stat, decay = 0, 1
			}
		}
	}
	return c, nil
}
