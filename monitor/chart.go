package monitor

import (
	"fmt"
	"math"
	"time"

	"github.com/cxkit/cxkit/internal/settings"
)

// Kind names a Shewhart chart ([EWMAChart] and [CUSUMChart] are types of
// their own).
type Kind int

const (
	// PKind is the p-chart ("p").
	PKind Kind = iota
	// LaneyPKind is Laney's p′-chart ("laney-p").
	LaneyPKind
	// NPSKind is the NPS chart with trinomial limits ("nps").
	NPSKind
	// XBarKind is the X̄ chart of period means ("xbar").
	XBarKind
	// SKind is the S chart of period standard deviations ("s").
	SKind
	// LaneyNPSKind is the NPS chart widened by Laney's σ_z ("laney-nps").
	LaneyNPSKind
)

// Settings tunes the Shewhart charts ([PChart], [LaneyPChart], [NPSChart],
// [LaneyNPSChart], [XBarSChart]). A nil *Settings means all defaults.
//
// JSON keys: baseline, standard, l, rules.
type Settings struct {
	// Baseline is the window the centre line and spread are estimated on;
	// the zero value is the whole series. Ignored when Standard is set.
	Baseline Window
	// Standard, when not nil, gives a known centre and variance instead.
	Standard *Standard
	// L is the width of the limits in standard errors; 0 means 3. It must
	// be finite and positive.
	L float64
	// Rules is the set of run rules applied; the zero value is
	// [WesternElectric].
	Rules Rules
}

func (s *Settings) resolve() (Settings, error) {
	r := settings.Of(s)
	if r.L == 0 {
		r.L = 3
	}
	if !(r.L > 0) || math.IsInf(r.L, 0) {
		return r, badValue(-1, "L", r.L, fmt.Errorf("%w: limits need 0 < L < ∞", ErrOutOfRange))
	}
	if err := r.Rules.check(); err != nil {
		return r, err
	}
	return r, nil
}

// Point is one period on a Shewhart chart. StdErr is the standard error
// that sets the limits (Laney's includes σ_z); the run rules read
// (Value − Center)/StdErr. Out is true when Value is beyond a limit.
//
// JSON keys: label, date, n, value, center, std_err, lcl, ucl, out.
type Point struct {
	Label  string
	Date   time.Time
	N      int
	Value  float64
	Center float64
	StdErr float64
	LCL    float64
	UCL    float64
	Out    bool
}

// Chart is a Shewhart control chart with limits for each period's n.
//
// Center is the centre parameter (p̄, the NPS of the pooled baseline, x̄̄,
// s̄ — or the standard's); Variance the per-response variance behind the
// limits (σ̂² for the X̄ and S charts); SigmaZ Laney's σ_z (1 on other
// charts); Baseline the window used (the whole series when a standard was
// given). Alarms lists every run-rule alarm in order of index.
//
// JSON keys: kind, metric, center, variance, l, sigma_z, baseline, rules,
// points, alarms.
type Chart struct {
	Kind     Kind
	Metric   Metric
	Center   float64
	Variance float64
	L        float64
	SigmaZ   float64
	Baseline Window
	Rules    Rules
	Points   []Point
	Alarms   []Alarm
}

// PChart returns the p-chart of the share Successes/N: centre p̄ = Σx/Σn on
// the baseline, limits p̄ ± L·√(p̄(1 − p̄)/nᵢ) for each period, clipped to
// [0, 1] (Montgomery, Introduction to Statistical Quality Control, §7.2).
func PChart(periods []Period, s *Settings) (Chart, error) {
	return shewhart(periods, Proportion, PKind, s)
}

// LaneyPChart returns Laney's p′-chart, a p-chart whose limits are widened
// (or narrowed) by the observed spread of the standardised values between
// periods, for overdispersed shares from large samples where the p-chart
// flags nearly every period (Laney, "Improved control charts for
// attributes", Quality Engineering 14(4), 2002):
//
//	zᵢ = (pᵢ − p̄)/σᵢ,  σ_z = mean |zᵢ − zᵢ₋₁| / d₂ (over the baseline),
//	limits p̄ ± L·σᵢ·σ_z
//
// with d₂ = 2/√π ≈ 1.128, the mean range of two normal values. The
// baseline needs at least two periods (a standard gives the centre and
// σᵢ, σ_z is still estimated on the whole series).
func LaneyPChart(periods []Period, s *Settings) (Chart, error) {
	return shewhart(periods, Proportion, LaneyPKind, s)
}

// NPSChart returns the chart of the NPS in points with the trinomial
// standard error of each period: centre NPS̄ = 100(p̄ − d̄) from the pooled
// baseline counts, V = p̄ + d̄ − (p̄ − d̄)², limits NPS̄ ± L·100·√(V/nᵢ),
// clipped to [−100, 100] (Rocks, The American Statistician, 2016, for V).
func NPSChart(periods []Period, s *Settings) (Chart, error) {
	return shewhart(periods, NPS, NPSKind, s)
}

// LaneyNPSChart returns the NPS chart with Laney's adjustment
// ([LaneyPChart]): the trinomial standard errors times σ_z, the spread of
// the standardised scores between periods, for NPS series from large
// samples whose week-to-week variation exceeds the sampling error. Laney
// (2002) derived it for shares; the same z-scale argument carries over to
// any chart whose per-period standard error is known.
func LaneyNPSChart(periods []Period, s *Settings) (Chart, error) {
	return shewhart(periods, NPS, LaneyNPSKind, s)
}

// XBarS is the pair of X̄ and S charts of a series of means.
//
// JSON keys: x_bar, s.
type XBarS struct {
	XBar Chart
	S    Chart
}

// XBarSChart returns the X̄ and S charts of the period means and standard
// deviations sᵢ = √Varianceᵢ for varying nᵢ ≥ 2 (Montgomery, §6.3.3):
//
//	x̄̄ = Σnᵢx̄ᵢ/Σnᵢ,  s̄ = √(Σ(nᵢ − 1)sᵢ²/(Σnᵢ − m))  over the baseline,
//	X̄: x̄̄ ± A₃(nᵢ)s̄,   S: centre s̄, limits B₃(nᵢ)s̄ and B₄(nᵢ)s̄,
//	A₃ = L/(c₄√n), B₃,₄ = 1 ∓ L√(1 − c₄²)/c₄ (B₃ ≥ 0), c₄(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2).
//
// With a Standard (μ₀, σ²) the limits are μ₀ ± Lσ/√nᵢ and, for S, centre
// c₄σ with limits (c₄ ∓ L√(1 − c₄²))σ (B₅, B₆).
func XBarSChart(periods []Period, s *Settings) (XBarS, error) {
	xb, err := shewhart(periods, Mean, XBarKind, s)
	if err != nil {
		return XBarS{}, err
	}
	sc, err := shewhart(periods, Mean, SKind, s)
	if err != nil {
		return XBarS{}, err
	}
	return XBarS{XBar: xb, S: sc}, nil
}

// C4 returns the bias constant c₄(n) = E[s]/σ for samples of n ≥ 2 normal
// values, √(2/(n−1))·Γ(n/2)/Γ((n−1)/2); NaN for n < 2.
func C4(n int) float64 {
	if n < 2 {
		return math.NaN()
	}
	x := float64(n)
	lg1, _ := math.Lgamma(x / 2)
	lg2, _ := math.Lgamma((x - 1) / 2)
	return math.Sqrt(2/(x-1)) * math.Exp(lg1-lg2)
}

func shewhart(ps []Period, m Metric, kind Kind, s *Settings) (Chart, error) {
	set, err := s.resolve()
	if err != nil {
		return Chart{}, err
	}
	minN := 1
	if m == Mean {
		minN = 2
	}
	if err := checkPeriods(ps, m, minN); err != nil {
		return Chart{}, err
	}
	w, q, err := resolveParams(ps, m, set.Baseline, set.Standard)
	if err != nil {
		return Chart{}, err
	}
	if set.Standard != nil {
		w = Window{0, len(ps)}
	}
	c := Chart{Kind: kind, Metric: m, Center: q.center, Variance: q.variance, L: set.L, SigmaZ: 1,
		Baseline: w, Rules: set.Rules, Points: make([]Point, len(ps))}
	sigma := math.Sqrt(q.variance)
	known := set.Standard != nil
	if kind == SKind && !known {
		c.Center = sigma
	}
	if kind == LaneyPKind || kind == LaneyNPSKind {
		sz, err := laneySigmaZ(ps, m, q, w)
		if err != nil {
			return Chart{}, err
		}
		c.SigmaZ = sz
	}
	for i, p := range ps {
		pt := Point{Label: p.Label, Date: p.Date, N: p.N, Value: m.value(p), Center: q.center}
		switch kind {
		case XBarKind:
			pt.StdErr = sigma / math.Sqrt(float64(p.N))
			if !known {
				pt.StdErr /= C4(p.N)
			}
		case SKind:
			c4 := C4(p.N)
			pt.Value = math.Sqrt(p.Variance)
			spread := math.Sqrt(math.Max(0, 1-c4*c4)) // √(1 − c₄²), ≥ 0 even when rounding puts c₄ at 1
			if known {
				pt.Center = c4 * sigma
				pt.StdErr = sigma * spread
			} else {
				pt.Center = sigma
				pt.StdErr = sigma * spread / c4
			}
		default:
			pt.StdErr = q.stdErr(m, p.N) * c.SigmaZ
		}
		pt.LCL = pt.Center - set.L*pt.StdErr
		pt.UCL = pt.Center + set.L*pt.StdErr
		switch {
		case m == Proportion:
			pt.LCL, pt.UCL = math.Max(pt.LCL, 0), math.Min(pt.UCL, 1)
		case m == NPS:
			pt.LCL, pt.UCL = math.Max(pt.LCL, -100), math.Min(pt.UCL, 100)
		case kind == SKind:
			pt.LCL = math.Max(pt.LCL, 0)
		}
		pt.Out = pt.Value > pt.UCL || pt.Value < pt.LCL
		c.Points[i] = pt
	}
	c.Alarms = applyRules(c.Points, set.Rules)
	return c, nil
}

// zParams checks periods for a chart of the standardised values of m
// (EWMA, CUSUM) and returns its baseline window (the whole series when
// standard is given), the centre and variance, and Laney's σ_z that divides
// each standardised value (1 unless laney).
func zParams(periods []Period, m Metric, baseline Window, standard *Standard, laney bool) (Window, params, float64, error) {
	if err := checkPeriods(periods, m, 1); err != nil {
		return Window{}, params{}, 0, err
	}
	w, q, err := resolveParams(periods, m, baseline, standard)
	if err != nil {
		return Window{}, params{}, 0, err
	}
	if standard != nil {
		w = Window{0, len(periods)}
	}
	sz := 1.0
	if laney {
		if sz, err = laneySigmaZ(periods, m, q, w); err != nil {
			return Window{}, params{}, 0, err
		}
	}
	return w, q, sz, nil
}

// laneySigmaZ returns σ_z = mean moving range of zᵢ over w / 1.128 (d₂ for
// ranges of two).
func laneySigmaZ(ps []Period, m Metric, q params, w Window) (float64, error) {
	if w.To-w.From < 2 {
		return 0, badValue(-1, "baseline", fmt.Sprintf("[%d, %d)", w.From, w.To),
			fmt.Errorf("%w: Laney's σ_z needs at least 2 periods", ErrOutOfRange))
	}
	z := standardize(ps[w.From:w.To], m, q)
	var mr float64
	for i := 1; i < len(z); i++ {
		mr += math.Abs(z[i] - z[i-1])
	}
	mr /= float64(len(z) - 1)
	sz := mr / d2
	if !(sz > 0) {
		return 0, ErrNoVariation
	}
	return sz, nil
}

// d2 is the mean range of two standard normal values, 2/√π.
const d2 = 1.1283791670955126
