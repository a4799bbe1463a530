package nps

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// Alternative names the alternative hypothesis of a test. The zero value is
// TwoSided.
type Alternative = dist.Alternative

// The alternatives of a two-sample comparison: Less and Greater ask whether
// the first group's NPS is below or above the second's.
const (
	TwoSided = dist.TwoSided
	Less     = dist.Less
	Greater  = dist.Greater
)

// CompareSettings configures [Compare]. A nil *CompareSettings, and every
// zero field, means the documented default.
type CompareSettings struct {
	// Method is AdjustedWald (the zero value, MeasuringU's recommendation)
	// or Wald (the unadjusted test of Rocks' R package NPS).
	Method Method
	// Level is the confidence level of the interval of the difference;
	// 0 means 0.95.
	Level float64
	// Alternative is the alternative hypothesis; the zero value is TwoSided.
	Alternative Alternative
}

func (s *CompareSettings) resolve() (CompareSettings, error) {
	var c CompareSettings
	if s != nil {
		c = *s
	}
	if c.Level == 0 {
		c.Level = 0.95
	}
	if err := checkLevel(c.Level); err != nil {
		return c, err
	}
	if err := c.Method.check(); err != nil {
		return c, err
	}
	if !c.Alternative.Valid() {
		return c, fmt.Errorf("%w: alternative %v", ErrMethod, c.Alternative)
	}
	return c, nil
}

// Comparison is the test of the difference between two independent NPS.
// Scores and standard errors are in NPS points.
type Comparison struct {
	Settings CompareSettings // the settings used, defaults filled in
	// Diff is NPS_A − NPS_B, using the adjusted scores for AdjustedWald.
	Diff float64
	// StdErr is √(V_A/n_A + V_B/n_B)·100, adjusted for AdjustedWald.
	StdErr float64
	// Z is Diff/StdErr; NaN when Defined is false.
	Z float64
	// P is the p-value of Z under Settings.Alternative; NaN when Defined is false.
	P float64
	// CI is the interval Diff ± z_c·StdErr at Settings.Level (two-sided,
	// whatever the alternative), clipped to [−200, 200].
	CI Interval
	// Defined is false when StdErr = 0 (possible only with Wald, when both
	// groups have all respondents in one category): Z and P are then absent.
	Defined bool
}

// Compare tests whether two independent groups differ in NPS (MeasuringU,
// "How to Statistically Compare Two Net Promoter Scores", 2021):
//
//	diff = NPS_A − NPS_B,  SE = √(V_A/n_A + V_B/n_B),  z = diff/SE
//
// with the adjusted-Wald n′, p′, d′ by default. It is not valid for paired
// data (the same panel measured twice), which needs a covariance term.
// Invalid counts, level, method or alternative return an error.
func Compare(a, b Counts, s *CompareSettings) (Comparison, error) {
	set, err := s.resolve()
	if err != nil {
		return Comparison{}, err
	}
	if err := a.check(); err != nil {
		return Comparison{}, fmt.Errorf("%w (group A)", err)
	}
	if err := b.check(); err != nil {
		return Comparison{}, fmt.Errorf("%w (group B)", err)
	}
	sa, va := scoreVar(a, set.Method)
	sb, vb := scoreVar(b, set.Method)
	c := Comparison{Settings: set, Diff: 100 * (sa - sb), StdErr: 100 * math.Sqrt(va+vb), Z: math.NaN(), P: math.NaN()}
	c.CI = interval.Around(c.Diff, dist.ZCritical(set.Level)*c.StdErr).Clip(-200, 200)
	if c.StdErr > 0 {
		c.Z = c.Diff / c.StdErr
		c.P = dist.NormalP(c.Z, set.Alternative)
		c.Defined = true
	}
	return c, nil
}

// scoreVar returns the score p − d (share units) and the variance of its
// estimate V/n, plain or adjusted.
func scoreVar(c Counts, m Method) (score, v float64) {
	if m == AdjustedWald {
		p, d, n := adjusted(c)
		return p - d, trinomialVariance(p, d) / n
	}
	n := float64(c.N())
	p, d := float64(c.Promoters)/n, float64(c.Detractors)/n
	return p - d, trinomialVariance(p, d) / n
}

// BenchmarkTest compares one NPS with a fixed benchmark score.
type BenchmarkTest struct {
	Benchmark float64 // the benchmark, in NPS points
	Diff      float64 // adjusted NPS′ − benchmark (or NPS − benchmark with Wald)
	StdErr    float64 // adjusted (or plain) standard error, in points
	Z         float64 // Diff/StdErr; NaN when Defined is false
	// PAbove is the one-sided p-value for "the NPS is above the benchmark",
	// 1 − Φ(z); PBelow is the one for "below", Φ(z). NaN when Defined is false.
	PAbove, PBelow float64
	Defined        bool // false when StdErr = 0 (Wald with one category only)
}

// CompareBenchmark tests one NPS against a benchmark score (MeasuringU, "How
// to Compare a Net Promoter Score with a Benchmark"): z = (NPS′ − B)/SE′ with
// the adjusted-Wald NPS′ and SE′ (or the plain ones for m = Wald), and
// one-sided p-values in both directions. A benchmark outside [−100, 100]
// returns an error wrapping [ErrBenchmark].
func CompareBenchmark(c Counts, benchmark float64, m Method) (BenchmarkTest, error) {
	if err := c.check(); err != nil {
		return BenchmarkTest{}, err
	}
	if err := m.check(); err != nil {
		return BenchmarkTest{}, err
	}
	if !(benchmark >= -100 && benchmark <= 100) {
		return BenchmarkTest{}, fmt.Errorf("%w: got %v", ErrBenchmark, benchmark)
	}
	s, v := scoreVar(c, m)
	t := BenchmarkTest{Benchmark: benchmark, Diff: 100*s - benchmark, StdErr: 100 * math.Sqrt(v),
		Z: math.NaN(), PAbove: math.NaN(), PBelow: math.NaN()}
	if t.StdErr > 0 {
		t.Z = t.Diff / t.StdErr
		t.PAbove = dist.NormalSF(t.Z)
		t.PBelow = dist.NormalCDF(t.Z)
		t.Defined = true
	}
	return t, nil
}
