package monitor

import (
	"fmt"
	"math"
	"time"

	"github.com/cxkit/cxkit/internal/settings"
)

// CUSUMSettings tunes [CUSUM]. A nil *CUSUMSettings means all defaults:
// k = 0.5 and h = 5, whose two-sided in-control average run length is about
// 465 periods and which detects a shift of one standard error in about 10
// (Montgomery, Table 9.3).
//
// JSON keys: baseline, standard, k, h, laney, restart.
type CUSUMSettings struct {
	// Baseline is the window the centre and variance are estimated on; the
	// zero value is the whole series. Ignored when Standard is set.
	Baseline Window
	// Standard, when not nil, gives a known centre and variance instead.
	Standard *Standard
	// K is the reference value (allowance) in standard errors, usually half
	// the shift to detect; finite and ≥ 0; 0 means 0.5 (use a tiny
	// positive value for k ≈ 0).
	K float64
	// H is the decision interval in standard errors, finite and positive;
	// 0 means 5.
	H float64
	// Laney, when true, divides each standardised value by Laney's σ_z
	// (the mean moving range of the z over the baseline / d₂), for
	// overdispersed series from large samples ([LaneyPChart]); the run
	// lengths of [CUSUMARL] then hold only approximately.
	Laney bool
	// Restart, when true, sets both sums back to 0 after each alarm, as
	// when the cause is found and removed; the false-alarm rate is then
	// 1/ARL₀.
	Restart bool
}

func (s *CUSUMSettings) resolve() (CUSUMSettings, error) {
	r := settings.Of(s)
	if r.K == 0 {
		r.K = 0.5
	}
	if r.H == 0 {
		r.H = 5
	}
	if err := checkCUSUM(r.K, r.H); err != nil {
		return r, err
	}
	return r, nil
}

func checkCUSUM(k, h float64) error {
	if !(k >= 0) || math.IsInf(k, 0) {
		return badValue(-1, "k", k, fmt.Errorf("%w: 0 ≤ k < ∞", ErrOutOfRange))
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return badValue(-1, "h", h, fmt.Errorf("%w: 0 < h < ∞", ErrOutOfRange))
	}
	return nil
}

// CUSUMPoint is one period on a tabular CUSUM: the metric's Value, its
// standardised Z, the upper sum Upper = C⁺ and the lower sum Lower = C⁻
// (both ≥ 0; the lower chart is often drawn as −C⁻), and whether either
// passed H.
//
// JSON keys: label, date, n, value, z, upper, lower, out.
type CUSUMPoint struct {
	Label string
	Date  time.Time
	N     int
	Value float64
	Z     float64
	Upper float64
	Lower float64
	Out   bool
}

// CUSUMChart is a standardised tabular CUSUM. SigmaZ is Laney's σ_z when
// CUSUMSettings.Laney is set, else 1.
//
// JSON keys: metric, center, variance, k, h, restart, sigma_z, baseline,
// points, alarms.
type CUSUMChart struct {
	Metric   Metric
	Center   float64
	Variance float64
	K        float64
	H        float64
	Restart  bool
	SigmaZ   float64
	Baseline Window
	Points   []CUSUMPoint
	Alarms   []Alarm
}

// CUSUM returns the standardised tabular CUSUM (Page 1954; Montgomery §9.1)
// of the metric m: with zᵢ = (xᵢ − centre)/SEᵢ as in [EWMA],
//
//	C⁺ᵢ = max(0, zᵢ − k + C⁺ᵢ₋₁),  C⁻ᵢ = max(0, −zᵢ − k + C⁻ᵢ₋₁),  C₀ = 0,
//
// and an alarm [CUSUMUpper] when C⁺ᵢ > h, [CUSUMLower] when C⁻ᵢ > h.
// [CUSUMARL] gives the average run lengths.
func CUSUM(periods []Period, m Metric, s *CUSUMSettings) (CUSUMChart, error) {
	set, err := s.resolve()
	if err != nil {
		return CUSUMChart{}, err
	}
	w, q, sz, err := zParams(periods, m, set.Baseline, set.Standard, set.Laney)
	if err != nil {
		return CUSUMChart{}, err
	}
	c := CUSUMChart{Metric: m, Center: q.center, Variance: q.variance, K: set.K, H: set.H,
		Restart: set.Restart, SigmaZ: sz, Baseline: w, Points: make([]CUSUMPoint, len(periods))}
	up, lo := 0.0, 0.0
	for i, p := range periods {
		x := m.value(p)
		z := (x - q.center) / (q.stdErr(m, p.N) * sz)
		up = math.Max(0, z-set.K+up)
		lo = math.Max(0, -z-set.K+lo)
		pt := CUSUMPoint{Label: p.Label, Date: p.Date, N: p.N, Value: x, Z: z, Upper: up, Lower: lo}
		if up > set.H {
			c.Alarms = append(c.Alarms, Alarm{Index: i, Label: p.Label, Rule: CUSUMUpper})
			pt.Out = true
		}
		if lo > set.H {
			c.Alarms = append(c.Alarms, Alarm{Index: i, Label: p.Label, Rule: CUSUMLower})
			pt.Out = true
		}
		if pt.Out && set.Restart {
			up, lo = 0, 0
		}
		c.Points[i] = pt
	}
	return c, nil
}
