package nps

import (
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
	"github.com/cxkit/cxkit/internal/settings"
)

// Alternative names the alternative hypothesis of a test. The zero value is
// TwoSided. It encodes in JSON by its name: "two-sided", "less" or
// "greater".
type Alternative int

// The alternatives of a comparison of b with a (in [CompareBenchmark], of the
// score with the benchmark): Greater asks whether b's NPS is above a's,
// Less whether it is below.
const (
	// TwoSided tests for a difference in either direction (the default).
	TwoSided Alternative = iota
	// Less tests whether b's NPS is below a's.
	Less
	// Greater tests whether b's NPS is above a's.
	Greater
)

func (a Alternative) check() error {
	return checkEnum("alternative", a, int(a), int(Greater), "(want two-sided, less or greater)")
}

// Settings configures [Compare] and [CompareBenchmark]. A nil *Settings, and
// every zero field, means the documented default.
//
// JSON keys: method, level, alternative.
type Settings struct {
	// Method is AdjustedWald (the zero value, MeasuringU's recommendation)
	// or Wald (the unadjusted test of Rocks' R package NPS).
	Method Method
	// Level is the confidence level of the interval of the difference;
	// 0 means 0.95.
	Level float64
	// Alternative is the alternative hypothesis; the zero value is TwoSided.
	Alternative Alternative
}

func (s *Settings) resolve() (Settings, error) {
	c := settings.Of(s)
	var err error
	if c.Level, err = errs.Level(c.Level); err != nil {
		return c, err
	}
	if err := c.Method.check(); err != nil {
		return c, err
	}
	return c, c.Alternative.check()
}

// Comparison is the test of the difference between the NPS of two
// independent groups a (control) and b (treatment). Scores and standard
// errors are in NPS points. A positive Diff means b scored higher.
//
// JSON keys: diff, std_err, statistic, p, alternative, level, ci, defined,
// method, na, nb.
type Comparison struct {
	// Diff is NPS_b − NPS_a, of the adjusted scores for AdjustedWald.
	Diff float64
	// StdErr is 100·√(V_a/n_a + V_b/n_b), adjusted for AdjustedWald.
	StdErr float64
	// Statistic is z = Diff/StdErr: ±Inf when StdErr = 0 and Diff ≠ 0 (the
	// limit), NaN when Defined is false.
	Statistic float64
	// P is the p-value of z under Alternative (the limit 0 or 1 when z is
	// infinite); NaN when Defined is false.
	P float64
	// Alternative is the alternative hypothesis tested: Greater is b > a.
	Alternative Alternative
	// Level is the confidence level of CI.
	Level float64
	// CI is the interval Diff ± z_c·StdErr at Level (two-sided, whatever
	// the alternative), clipped to [−200, 200].
	CI Interval
	// Defined is false when StdErr = 0 and Diff = 0 (possible only with
	// Wald, when both groups have all respondents in the same category):
	// Statistic and P are then NaN. The degenerate cases are listed in the
	// package documentation.
	Defined bool
	// Method is the method used.
	Method Method
	// NA and NB are the numbers of respondents in a and b.
	NA, NB int
}

// Compare tests whether two independent groups differ in NPS (MeasuringU,
// "How to Statistically Compare Two Net Promoter Scores", 2021): a is the
// control (or the earlier period), b the treatment (or the later one), and
//
//	diff = NPS_b − NPS_a,  SE = √(V_a/n_a + V_b/n_b),  z = diff/SE
//
// with the adjusted-Wald n′, p′, d′ by default. A nil s means all defaults
// (adjusted-Wald, level 0.95, two-sided). It is not valid for paired data
// (the same panel measured twice), which needs a covariance term. Invalid
// counts (see [FromCounts]), level, method or alternative return an error.
func Compare(a, b Counts, s *Settings) (Comparison, error) {
	set, err := s.resolve()
	if err != nil {
		return Comparison{}, err
	}
	if err := a.check("a"); err != nil {
		return Comparison{}, err
	}
	if err := b.check("b"); err != nil {
		return Comparison{}, err
	}
	sa, va := scoreVar(a, set.Method)
	sb, vb := scoreVar(b, set.Method)
	c := Comparison{Diff: 100 * (sb - sa), StdErr: 100 * math.Sqrt(va+vb),
		Alternative: set.Alternative, Level: set.Level, Method: set.Method, NA: a.N(), NB: b.N()}
	c.CI, c.Statistic, c.P, c.Defined = set.test(c.Diff, c.StdErr)
	return c, nil
}

// test returns the interval diff ± z_c·se at the settings' level, clipped
// to [−200, 200], and the z-test of diff under their alternative (see
// zTest).
func (s Settings) test(diff, se float64) (ci Interval, z, p float64, defined bool) {
	z, p, defined = zTest(diff, se, s.Alternative)
	return diffInterval(diff, se, s.Level), z, p, defined
}

// zTest returns z = diff/se and its p-value under alt. With se = 0 (Wald,
// every respondent of each group in one category) it returns the limit when
// diff ≠ 0, as SciPy and R do for constant samples that differ: z = ±∞,
// two-sided p = 0, one-sided p = 0 or 1. With se = 0 and diff = 0 there is
// no answer: NaN, NaN, false.
func zTest(diff, se float64, alt Alternative) (z, p float64, defined bool) {
	if se == 0 && diff == 0 {
		return math.NaN(), math.NaN(), false
	}
	if se == 0 {
		z = math.Inf(1)
		if diff < 0 {
			z = math.Inf(-1)
		}
	} else {
		z = diff / se
	}
	return z, dist.NormalP(z, dist.Alternative(alt)), true
}

// diffInterval is diff ± z·se at level, clipped to [−200, 200].
func diffInterval(diff, se, level float64) Interval {
	iv := interval.Around(diff, dist.ZCritical(level)*se).Clip(-200, 200)
	iv.Level = level
	return Interval(iv)
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

// BenchmarkTest compares one NPS with a fixed benchmark score. The
// benchmark plays the part of the reference group a: Diff is
// Score − Benchmark, and Greater means the NPS is above the benchmark.
//
// JSON keys: diff, std_err, statistic, p, alternative, level, ci, defined,
// method, n, score, benchmark.
type BenchmarkTest struct {
	// Diff is Score − Benchmark, in points.
	Diff float64
	// StdErr is the adjusted (or plain) standard error of Score, in points.
	StdErr float64
	// Statistic, P, Alternative, Level, CI and Defined are those of
	// [Comparison], with the benchmark in the place of group a: Greater is
	// "above the benchmark", and Defined is false only when StdErr = 0 (Wald,
	// every respondent in one category) and the benchmark equals the score.
	Statistic, P float64
	Alternative  Alternative
	Level        float64
	CI           Interval
	Defined      bool
	// Method is the method used, N the number of respondents.
	Method Method
	N      int
	// Score is the NPS tested: the adjusted NPS′ for AdjustedWald, the plain
	// NPS for Wald.
	Score float64
	// Benchmark is the benchmark, in NPS points.
	Benchmark float64
}

// CompareBenchmark tests one NPS against a benchmark score (MeasuringU, "How
// to Compare a Net Promoter Score with a Benchmark"): z = (NPS′ − B)/SE′
// with the adjusted-Wald NPS′ and SE′ (or the plain ones with Wald). The
// benchmark is the reference: the difference is score − benchmark, and
// Alternative Greater tests "above the benchmark" (MeasuringU's usual
// one-sided question). A nil s means adjusted-Wald, level 0.95, two-sided.
// A benchmark outside [−100, 100] or NaN returns an *[InputError].
func CompareBenchmark(c Counts, benchmark float64, s *Settings) (BenchmarkTest, error) {
	set, err := s.resolve()
	if err != nil {
		return BenchmarkTest{}, err
	}
	if err := c.check(""); err != nil {
		return BenchmarkTest{}, err
	}
	switch {
	case math.IsNaN(benchmark) || math.IsInf(benchmark, 0):
		return BenchmarkTest{}, badValue(-1, "benchmark", benchmark, ErrNonFinite, "")
	case benchmark < -100 || benchmark > 100:
		return BenchmarkTest{}, badValue(-1, "benchmark", benchmark, ErrOutOfRange, "-100..100")
	}
	sc, v := scoreVar(c, set.Method)
	t := BenchmarkTest{Diff: 100*sc - benchmark, StdErr: 100 * math.Sqrt(v), Alternative: set.Alternative,
		Level: set.Level, Method: set.Method, N: c.N(), Score: 100 * sc, Benchmark: benchmark}
	t.CI, t.Statistic, t.P, t.Defined = set.test(t.Diff, t.StdErr)
	return t, nil
}
