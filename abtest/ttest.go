package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
	"github.com/cxkit/cxkit/internal/summary"
)

// TTestResult is the outcome of a two-sample t-test of mean(x) − mean(y).
type TTestResult struct {
	X, Y Summary // the summaries used (N, mean, M2)

	Diff float64 // mean(x) − mean(y)
	SE   float64 // standard error of Diff
	T    float64 // Diff/SE
	DF   float64 // degrees of freedom (Welch–Satterthwaite for Welch)
	P    float64 // p-value under Alternative; Greater tests mean(x) > mean(y)

	Alternative Alternative
	Level       float64
	CI          Interval // two-sided interval Diff ± t(DF, 1 − α/2)·SE

	// EqualVar reports Student's test (pooled variance); false is Welch's.
	EqualVar bool

	// Defined is false when both samples have zero variance, so SE = 0 and
	// the statistic is undefined; T, P and CI are then NaN (never a
	// misleading p = 0).
	Defined bool
}

// WelchT runs Welch's unequal-variance t-test of mean(x) − mean(y) on raw
// samples: SE = √(s²_x/n_x + s²_y/n_y), with the Welch–Satterthwaite
// degrees of freedom (s²_x/n_x + s²_y/n_y)² / (s⁴_x/(n_x²(n_x − 1)) +
// s⁴_y/(n_y²(n_y − 1))). It is the default choice for A/B tests on means
// (revenue per visitor, time on page). Each sample is read once. It matches
// scipy.stats.ttest_ind(x, y, equal_var=False).
//
// Errors: a sample with fewer than two values (ErrEmpty, ErrTooFew), a NaN
// or ±Inf (an *InputError naming "x" or "y" and the index), a bad level or
// alternative.
func WelchT(x, y []float64, s *Settings) (TTestResult, error) {
	return rawT(x, y, s, false)
}

// StudentT runs Student's pooled-variance t-test of mean(x) − mean(y) on
// raw samples, df = n_x + n_y − 2. Prefer [WelchT] unless the variances are
// known to be equal. Errors: as WelchT.
func StudentT(x, y []float64, s *Settings) (TTestResult, error) {
	return rawT(x, y, s, true)
}

func rawT(x, y []float64, s *Settings, equalVar bool) (TTestResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return TTestResult{}, err
	}
	sx, err := describeSample("x", x)
	if err != nil {
		return TTestResult{}, err
	}
	sy, err := describeSample("y", y)
	if err != nil {
		return TTestResult{}, err
	}
	return tFromSummaries(sx, sy, alt, level, equalVar), nil
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
			ie.Arg = arg
		}
		return Summary{}, err
	}
	return s, nil
}

// WelchTSummary runs Welch's t-test from the summaries of two samples
// (for example accumulated in shards with Summary.Add and Merge, or built
// with [NewSummary] from published n, mean and sd). It matches
// scipy.stats.ttest_ind_from_stats(equal_var=False).
//
// Errors: a summary with N < 2 (ErrTooFew), a NaN/Inf mean or a negative,
// NaN or infinite M2 (*InputError), a bad level or alternative.
func WelchTSummary(x, y Summary, s *Settings) (TTestResult, error) {
	return summaryT(x, y, s, false)
}

// StudentTSummary is [WelchTSummary] with Student's pooled variance.
func StudentTSummary(x, y Summary, s *Settings) (TTestResult, error) {
	return summaryT(x, y, s, true)
}

func summaryT(x, y Summary, s *Settings, equalVar bool) (TTestResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return TTestResult{}, err
	}
	if err := checkSummary("x", x); err != nil {
		return TTestResult{}, err
	}
	if err := checkSummary("y", y); err != nil {
		return TTestResult{}, err
	}
	return tFromSummaries(x, y, alt, level, equalVar), nil
}

// checkSummary validates a Summary used where a variance is needed.
func checkSummary(arg string, s Summary) error {
	switch {
	case s.N < 2:
		return fmt.Errorf("%w: %s has N = %d", ErrTooFew, arg, s.N)
	case math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0):
		return inputErr(ErrNotFinite, arg+".Mean", -1, s.Mean)
	case math.IsNaN(s.M2) || math.IsInf(s.M2, 0):
		return inputErr(ErrNotFinite, arg+".M2", -1, s.M2)
	case s.M2 < 0:
		return inputErr(ErrArgument, arg+".M2", -1, s.M2)
	}
	return nil
}

// tFromSummaries computes the t-test from validated summaries.
func tFromSummaries(x, y Summary, alt Alternative, level float64, equalVar bool) TTestResult {
	nx, ny := float64(x.N), float64(y.N)
	vx, vy := x.Variance(), y.Variance()
	r := TTestResult{X: x, Y: y, Alternative: alt, Level: level, EqualVar: equalVar}
	r.Diff = x.Mean - y.Mean
	if equalVar {
		r.DF = nx + ny - 2
		pooled := (x.M2 + y.M2) / r.DF
		r.SE = math.Sqrt(pooled * (1/nx + 1/ny))
	} else {
		ax, ay := vx/nx, vy/ny
		r.SE = math.Sqrt(ax + ay)
		// Welch–Satterthwaite with the shares of each arm's variance, so
		// that tiny or huge variances neither underflow nor overflow.
		fx, fy := ax/(ax+ay), ay/(ax+ay)
		r.DF = 1 / (fx*fx/(nx-1) + fy*fy/(ny-1))
	}
	r.Defined = r.SE > 0 && !math.IsInf(r.SE, 0) && !math.IsNaN(r.Diff) && !math.IsInf(r.Diff, 0)
	if !r.Defined {
		r.T, r.P, r.CI = math.NaN(), math.NaN(), nanInterval()
		if !equalVar && r.SE == 0 {
			r.DF = math.NaN()
		}
		return r
	}
	r.T = r.Diff / r.SE
	r.P = dist.TP(r.T, r.DF, alt)
	r.CI = interval.Around(r.Diff, dist.TQuantile(1-(1-level)/2, r.DF)*r.SE)
	return r
}

// Summary is a mergeable one-pass accumulator of a sample's count N, mean
// and M2 = Σ(x − mean)² (Welford 1962; Chan, Golub & LeVeque 1979 for
// Merge). It is the shared type of internal/summary: the zero value is an
// empty summary, Add includes one value, Merge combines shards exactly, and
// Variance returns M2/(N − 1). It is not safe for concurrent use; give each
// goroutine its own and Merge them. Add does not check its argument: use
// [Describe] to validate raw data, or check values before adding them.
type Summary = summary.Summary

// NewSummary returns the Summary of a sample known only by its size n, mean
// and sample standard deviation sd (divisor n − 1), as published in a report.
//
// Errors: n < 1 (ErrEmpty), a NaN or infinite mean or sd, a negative sd.
func NewSummary(n int, mean, sd float64) (Summary, error) {
	switch {
	case n < 1:
		return Summary{}, fmt.Errorf("%w: n = %d", ErrEmpty, n)
	case math.IsNaN(mean) || math.IsInf(mean, 0):
		return Summary{}, inputErr(ErrNotFinite, "mean", -1, mean)
	case math.IsNaN(sd) || math.IsInf(sd, 0):
		return Summary{}, inputErr(ErrNotFinite, "sd", -1, sd)
	case sd < 0:
		return Summary{}, inputErr(ErrArgument, "sd", -1, sd)
	}
	return Summary{N: n, Mean: mean, M2: sd * sd * float64(n-1)}, nil
}

// Describe returns the Summary of xs in one pass, or an *InputError naming
// the index of the first NaN or ±Inf (ErrNotFinite). An empty xs gives
// ErrEmpty.
//
// The pass sums the values and their squares after subtracting a shift
// (the mean of the first few values), with eight independent accumulators
// so that the loop runs at memory speed; shifting keeps the cancellation
// error of Σ(x − s)² − n(x̄ − s)² at the level of Welford's update for
// data whose mean is not many standard deviations from the shift.
func Describe(xs []float64) (Summary, error) {
	if len(xs) == 0 {
		return Summary{}, ErrEmpty
	}
	s, ok := describe(xs)
	if !ok {
		if err := checkFinite("x", xs); err != nil {
			return Summary{}, err
		}
		// Finite values whose squares overflow: fall back to the two-pass
		// summary, which may still overflow to +Inf M2 for |x| ≳ 1e154.
		s = summary.Of(xs)
	}
	return s, nil
}

// describe is the unchecked one-pass kernel of Describe. ok is false when
// a sum is not finite (a NaN or ±Inf in xs, or overflow).
func describe(xs []float64) (Summary, bool) {
	n := len(xs)
	// Shift by the mean of up to 16 leading values.
	m := min(n, 16)
	var shift float64
	for _, x := range xs[:m] {
		shift += x
	}
	shift /= float64(m)
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	var q0, q1, q2, q3, q4, q5, q6, q7 float64
	i := 0
	for ; i+8 <= n; i += 8 {
		v := xs[i : i+8 : i+8]
		d0, d1, d2, d3 := v[0]-shift, v[1]-shift, v[2]-shift, v[3]-shift
		d4, d5, d6, d7 := v[4]-shift, v[5]-shift, v[6]-shift, v[7]-shift
		s0 += d0
		s1 += d1
		s2 += d2
		s3 += d3
		s4 += d4
		s5 += d5
		s6 += d6
		s7 += d7
		q0 += d0 * d0
		q1 += d1 * d1
		q2 += d2 * d2
		q3 += d3 * d3
		q4 += d4 * d4
		q5 += d5 * d5
		q6 += d6 * d6
		q7 += d7 * d7
	}
	for ; i < n; i++ {
		d := xs[i] - shift
		s0 += d
		q0 += d * d
	}
	sum := ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
	sq := ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7))
	if math.IsNaN(sum) || math.IsInf(sum, 0) || math.IsNaN(sq) || math.IsInf(sq, 0) {
		return Summary{}, false
	}
	fn := float64(n)
	dm := sum / fn
	m2 := math.Max(0, sq-sum*dm)
	return Summary{N: n, Mean: shift + dm, M2: m2}, true
}
