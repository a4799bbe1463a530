package abtest

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/cxkit/cxkit/internal/settings"
)

// Correction names a multiple-testing correction. The zero value is Holm.
type Correction int

const (
	// Holm is Holm's (1979) step-down procedure: controls the family-wise
	// error rate like Bonferroni but rejects at least as often. The default.
	Holm Correction = iota
	// Bonferroni multiplies each p-value by the number of tests m.
	Bonferroni
	// Sidak adjusts p to 1 − (1 − p)^m; exact for independent tests.
	Sidak
	// BenjaminiHochberg controls the false discovery rate (Benjamini &
	// Hochberg 1995) for independent or positively dependent tests.
	BenjaminiHochberg
	// BenjaminiYekutieli controls the false discovery rate under any
	// dependence (Benjamini & Yekutieli 2001), at the price of the factor
	// Σ_{i=1}^{m} 1/i.
	BenjaminiYekutieli
	// NoCorrection leaves the p-values as they are.
	NoCorrection
)

// Adjust returns the adjusted p-values of p under the correction, in the
// order of p (statsmodels' multipletests). A hypothesis is rejected at
// family level alpha when its adjusted p-value is ≤ alpha (see [Reject]).
//
//   - Bonferroni: min(1, m·p).
//   - Holm: sort ascending; running maximum of (m − i)·p₍ᵢ₎ (i from 0), capped at 1.
//   - Sidak: 1 − (1 − p)^m, computed as −expm1(m·log1p(−p)).
//   - BH: sort ascending; running minimum from the top of m·p₍ᵢ₎/(i + 1), capped at 1.
//   - BY: BH multiplied by Σ_{k=1}^{m} 1/k.
//
// Errors: an empty p (ErrEmpty), a p-value that is NaN or outside [0, 1]
// (*InputError with its index, ErrOutOfRange), an unknown correction
// (ErrOutOfRange).
func Adjust(p []float64, c Correction) ([]float64, error) {
	if len(p) == 0 {
		return nil, fmt.Errorf("%w: no p-values", ErrEmpty)
	}
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return nil, inputErr(fmt.Errorf("%w: a p-value lies in [0, 1]", ErrOutOfRange), "p", i, v)
		}
	}
	m := float64(len(p))
	out := make([]float64, len(p))
	switch c {
	case NoCorrection:
		copy(out, p)
	case Bonferroni:
		for i, v := range p {
			out[i] = math.Min(1, m*v)
		}
	case Sidak:
		for i, v := range p {
			out[i] = -math.Expm1(m * math.Log1p(-v))
		}
	case Holm:
		order := ascending(p)
		run := 0.0
		for rank, i := range order {
			run = math.Max(run, math.Min(1, (m-float64(rank))*p[i]))
			out[i] = run
		}
	case BenjaminiHochberg, BenjaminiYekutieli:
		factor := 1.0
		if c == BenjaminiYekutieli {
			factor = 0
			for k := 1; k <= len(p); k++ {
				factor += 1 / float64(k)
			}
		}
		order := ascending(p)
		run := 1.0
		for rank := len(order) - 1; rank >= 0; rank-- {
			i := order[rank]
			run = math.Min(run, factor*m*p[i]/float64(rank+1))
			out[i] = math.Min(1, run)
		}
	default:
		return nil, inputErr(ErrOutOfRange, "correction", -1, int(c))
	}
	return out, nil
}

// ascending returns the indices of p sorted by value (stable for ties).
func ascending(p []float64) []int {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	return order
}

// Reject returns, for each p-value, whether its hypothesis is rejected at
// family-wise (or false-discovery) level alpha under the correction, with
// the adjusted p-values; alpha 0 means 0.05. Errors: as [Adjust], and
// alpha outside [0, 1) or NaN (ErrLevel).
func Reject(p []float64, alpha float64, c Correction) (reject []bool, adjusted []float64, err error) {
	alpha, err = alphaOf(alpha)
	if err != nil {
		return nil, nil, err
	}
	adjusted, err = Adjust(p, c)
	if err != nil {
		return nil, nil, err
	}
	reject = make([]bool, len(p))
	for i, a := range adjusted {
		reject[i] = a <= alpha
	}
	return reject, adjusted, nil
}

// ArmComparison is one variant's comparison with the control in
// [CompareProportionsToControl] or [CompareMeansToControl].
//
// JSON keys: arm, diff, std_err, statistic, p, adjusted, reject,
// alternative, level, ci, defined.
type ArmComparison struct {
	Arm         int         // index of the variant in the input slice
	Diff        float64     // variant − control (rate or mean)
	StdErr      float64     // standard error of Diff
	Statistic   float64     // z (proportions) or Welch t (means)
	P           float64     // unadjusted p-value
	Adjusted    float64     // p-value adjusted across all variants
	Reject      bool        // Adjusted ≤ alpha
	Alternative Alternative // Greater tests variant > control
	Level       float64     // level of CI
	CI          Interval    // unadjusted interval of Diff at Level
	Defined     bool        // false when the underlying test is undefined
}

// MultiArmSettings holds the options of the every-variant-versus-control
// comparisons. A nil pointer means all defaults.
//
// JSON keys: correction, alpha, alternative, level.
type MultiArmSettings struct {
	// Correction applied across the variants; the zero value is Holm.
	Correction Correction
	// Alpha is the family-level significance; 0 means 0.05.
	Alpha float64
	// Alternative: Greater tests variant > control. Zero is TwoSided.
	Alternative Alternative
	// Level of the (unadjusted) intervals; 0 means 0.95.
	Level float64
}

func (s *MultiArmSettings) resolve() (MultiArmSettings, error) {
	r := settings.Of(s)
	var err error
	if r.Alpha, err = alphaOf(r.Alpha); err != nil {
		return r, err
	}
	if r.Level, err = levelOf(r.Level); err != nil {
		return r, err
	}
	if err := r.Alternative.check(); err != nil {
		return r, err
	}
	if r.Correction < Holm || r.Correction > NoCorrection {
		return r, inputErr(ErrOutOfRange, "correction", -1, int(r.Correction))
	}
	return r, nil
}

// CompareProportionsToControl compares every variant's conversion rate with
// the control's by [TwoProportionZ] (the Wald interval is reported) and
// applies the correction across the variants. An undefined comparison
// (no conversions anywhere) gets P = NaN, is not rejected and is left out
// of the correction's count.
//
// Errors: no variants (ErrEmpty), or any error of TwoProportionZ, wrapped
// with the variant's index.
func CompareProportionsToControl(control Proportion, variants []Proportion, s *MultiArmSettings) ([]ArmComparison, error) {
	return compareToControl(len(variants), s, func(i int, ts *Settings) (ArmComparison, error) {
		r, err := TwoProportionZ(control, variants[i], ts)
		return ArmComparison{Diff: r.Diff, StdErr: r.StdErr, Statistic: r.Statistic, P: r.P, CI: r.Wald, Defined: r.Defined}, err
	})
}

// CompareMeansToControl compares every variant's mean with the control's by
// Welch's t-test on summaries ([WelchTSummary](control, variant),
// difference variant − control) and applies the correction across the
// variants.
//
// Errors: no variants (ErrEmpty), or any error of WelchTSummary, wrapped
// with the variant's index.
func CompareMeansToControl(control Summary, variants []Summary, s *MultiArmSettings) ([]ArmComparison, error) {
	return compareToControl(len(variants), s, func(i int, ts *Settings) (ArmComparison, error) {
		r, err := WelchTSummary(control, variants[i], ts)
		return ArmComparison{Diff: r.Diff, StdErr: r.StdErr, Statistic: r.Statistic, P: r.P, CI: r.CI, Defined: r.Defined}, err
	})
}

// compareToControl runs test on each of n variants and applies the
// correction.
func compareToControl(n int, s *MultiArmSettings, test func(int, *Settings) (ArmComparison, error)) ([]ArmComparison, error) {
	set, err := s.resolve()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: no variants", ErrEmpty)
	}
	ts := &Settings{Alternative: set.Alternative, Level: set.Level}
	out := make([]ArmComparison, n)
	for i := range out {
		c, err := test(i, ts)
		if err != nil {
			return nil, fmt.Errorf("variant %d: %w", i, err)
		}
		c.Arm, c.Alternative, c.Level = i, set.Alternative, set.Level
		out[i] = c
	}
	return out, adjustArms(out, set)
}

// adjustArms fills Adjusted and Reject over the defined comparisons.
func adjustArms(arms []ArmComparison, set MultiArmSettings) error {
	var p []float64
	var idx []int
	for i, a := range arms {
		arms[i].Adjusted = math.NaN()
		if a.Defined {
			p = append(p, a.P)
			idx = append(idx, i)
		}
	}
	if len(p) == 0 {
		return nil
	}
	adj, err := Adjust(p, set.Correction)
	if err != nil {
		return err
	}
	for k, i := range idx {
		arms[i].Adjusted = adj[k]
		arms[i].Reject = adj[k] <= set.Alpha
	}
	return nil
}
