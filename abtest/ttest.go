package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
)

// TTestResult is the outcome of a two-sample t-test of mean(b) − mean(a).
//
// # Degenerate cases
//
// Tested in degenerate_test.go; "limit" is what SciPy's ttest_ind and R's
// t.test give.
//
//	input                                 result
//	a sample with 0 values                ErrEmpty
//	a sample with 1 value (or N = 1)      ErrTooFew (SciPy, R: NaN)
//	2 values each, some spread            an ordinary test (DF ≥ 1)
//	one sample constant, the other not    an ordinary test
//	both constant, different means        limit: Statistic ±Inf, P 0 (two-sided
//	                                      and on Diff's side) or 1, CI [Diff, Diff],
//	                                      Welch DF NaN; Defined
//	both constant, equal means            Defined false; Statistic, P, CI NaN
//
// JSON keys: a, b, na, nb, diff, std_err, statistic, df, p, alternative,
// level, ci, equal_var, defined.
type TTestResult struct {
	A, B   Summary // the summaries used (N, mean, M2) of control a and treatment b
	NA, NB int     // A.N and B.N

	Diff      float64 // mean(b) − mean(a)
	StdErr    float64 // standard error of Diff
	Statistic float64 // t = Diff/StdErr
	DF        float64 // degrees of freedom (Welch–Satterthwaite for Welch)
	P         float64 // p-value under Alternative; Greater tests mean(b) > mean(a)

	Alternative Alternative
	Level       float64
	CI          Interval // two-sided interval Diff ± t(DF, 1 − α/2)·StdErr

	// EqualVar reports Student's test (pooled variance); false is Welch's.
	EqualVar bool

	// Defined is false when both samples are constant and equal (StdErr =
	// 0, Diff = 0): no answer exists, and Statistic, P and CI are NaN (SciPy
	// and R: NaN). Both constant with different means is the limit SciPy
	// and R give: Statistic ±Inf, P 0 (two-sided, and the one-sided
	// alternative b's mean is on), 1 (the other), CI the point Diff, and
	// for Welch DF NaN (0/0).
	Defined bool
}

// WelchT runs Welch's unequal-variance t-test of mean(b) − mean(a) on the
// raw samples of control a and treatment b: SE = √(s²_a/n_a + s²_b/n_b),
// with the Welch–Satterthwaite degrees of freedom (s²_a/n_a + s²_b/n_b)² /
// (s⁴_a/(n_a²(n_a − 1)) + s⁴_b/(n_b²(n_b − 1))). It is the default choice
// for A/B tests on means (revenue per visitor, time on page). Each sample
// is read once. It matches scipy.stats.ttest_ind(b, a, equal_var=False)
// (note the order: SciPy reports its first argument minus its second).
//
// Errors: a sample with fewer than two values (ErrEmpty, ErrTooFew), a NaN
// or ±Inf (an *InputError naming "a" or "b" and the index), a bad level or
// alternative.
func WelchT(a, b []float64, s *Settings) (TTestResult, error) {
	return rawT(a, b, s, false)
}

// StudentT runs Student's pooled-variance t-test of mean(b) − mean(a) on
// raw samples, df = n_a + n_b − 2. Prefer [WelchT] unless the variances are
// known to be equal. Errors: as WelchT.
func StudentT(a, b []float64, s *Settings) (TTestResult, error) {
	return rawT(a, b, s, true)
}

func rawT(a, b []float64, s *Settings, equalVar bool) (TTestResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return TTestResult{}, err
	}
	sa, err := describeSample("a", a)
	if err != nil {
		return TTestResult{}, err
	}
	sb, err := describeSample("b", b)
	if err != nil {
		return TTestResult{}, err
	}
	return tFromSummaries(sa, sb, alt, level, equalVar), nil
}

// describeSample returns the summary of a raw sample of at least two
// values, with errors naming the argument.
func describeSample(arg string, xs []float64) (Summary, error) {
	if len(xs) < 2 {
		return Summary{}, checkSample(arg, xs, 2)
	}
	s, err := Describe(xs)
	if err != nil {
		if ie, ok := err.(*InputError); ok {
			ie.Field = arg
		}
		return Summary{}, err
	}
	return s, nil
}

// WelchTSummary runs Welch's t-test of mean(b) − mean(a) from the
// summaries of the two samples (for example accumulated in shards with
// Summary.Add and Merge, or built with [NewSummary] from published n, mean
// and sd). It matches scipy.stats.ttest_ind_from_stats(b…, a…,
// equal_var=False).
//
// Errors: a summary with N < 2 (ErrTooFew), a NaN or infinite mean or M2
// (ErrNonFinite) or a negative M2 (ErrNegative) in an *InputError, a bad
// level or alternative.
func WelchTSummary(a, b Summary, s *Settings) (TTestResult, error) {
	return summaryT(a, b, s, false)
}

// StudentTSummary is [WelchTSummary] with Student's pooled variance.
func StudentTSummary(a, b Summary, s *Settings) (TTestResult, error) {
	return summaryT(a, b, s, true)
}

func summaryT(a, b Summary, s *Settings, equalVar bool) (TTestResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return TTestResult{}, err
	}
	if err := checkSummary("a", a); err != nil {
		return TTestResult{}, err
	}
	if err := checkSummary("b", b); err != nil {
		return TTestResult{}, err
	}
	return tFromSummaries(a, b, alt, level, equalVar), nil
}

// checkSummary validates a Summary used where a variance is needed.
func checkSummary(arg string, s Summary) error {
	if err := s.check(arg); err != nil {
		return err
	}
	if s.N < 2 {
		return fmt.Errorf("%w: %s has N = %d, need 2", ErrTooFew, arg, s.N)
	}
	return nil
}

// tFromSummaries computes the t-test of b − a from validated summaries.
func tFromSummaries(a, b Summary, alt Alternative, level float64, equalVar bool) TTestResult {
	na, nb := float64(a.N), float64(b.N)
	va, vb := a.Variance(), b.Variance()
	r := TTestResult{A: a, B: b, NA: a.N, NB: b.N, Alternative: alt, Level: level, EqualVar: equalVar}
	r.Diff = b.Mean - a.Mean
	if equalVar {
		r.DF = na + nb - 2
		pooled := (a.M2 + b.M2) / r.DF
		r.StdErr = math.Sqrt(pooled * (1/na + 1/nb))
	} else {
		aa, ab := va/na, vb/nb
		r.StdErr = math.Sqrt(aa + ab)
		// Welch–Satterthwaite with the shares of each arm's variance, so
		// that tiny or huge variances neither underflow nor overflow.
		fa, fb := aa/(aa+ab), ab/(aa+ab)
		r.DF = 1 / (fa*fa/(na-1) + fb*fb/(nb-1))
	}
	if r.StdErr == 0 && r.Diff != 0 && !math.IsInf(r.Diff, 0) && !math.IsNaN(r.Diff) {
		// Both samples constant, means different: the limit SciPy and R
		// give, t = ±Inf, a two-sided p of 0, one-sided 0 and 1, and the
		// interval the point Diff.
		r.Defined = true
		r.Statistic = math.Copysign(math.Inf(1), r.Diff)
		r.P = limitP(r.Diff, alt)
		r.CI = Interval{Lower: r.Diff, Upper: r.Diff, Level: level}
		if !equalVar {
			r.DF = math.NaN()
		}
		return r
	}
	r.Defined = r.StdErr > 0 && !math.IsInf(r.StdErr, 0) && !math.IsNaN(r.Diff) && !math.IsInf(r.Diff, 0)
	if !r.Defined {
		r.Statistic, r.P, r.CI = math.NaN(), math.NaN(), nanInterval(level)
		if !equalVar && r.StdErr == 0 {
			r.DF = math.NaN()
		}
		return r
	}
	r.Statistic = r.Diff / r.StdErr
	r.P = tP(r.Statistic, r.DF, alt)
	r.CI = around(r.Diff, dist.TQuantile(1-(1-level)/2, r.DF)*r.StdErr, level)
	return r
}

// limitP is the p-value of an infinite statistic with the sign of diff
// under alt: 0 two-sided and on diff's side, 1 on the other side.
func limitP(diff float64, alt Alternative) float64 {
	switch {
	case alt == Greater && diff < 0, alt == Less && diff > 0:
		return 1
	}
	return 0
}
