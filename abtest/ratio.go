package abtest

import (
	"fmt"
	"iter"
	"math"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/dist"
)

// RatioSummary accumulates per-unit pairs (numerator, denominator) of a
// ratio metric such as revenue per session or clicks per page view, where
// the unit of randomisation (a user) contributes to both sums. It keeps the
// count, both means, both M2 sums and the co-moment C = Σ(n − n̄)(d − d̄)
// with one-pass updates, and merges shards exactly (Chan et al. 1979). The
// zero value is empty and ready to use. Not safe for concurrent use: give
// each goroutine its own and Merge them.
//
// JSON keys: n, mean_num, mean_den, m2_num, m2_den, co_moment.
type RatioSummary struct {
	N                int
	MeanNum, MeanDen float64
	M2Num, M2Den     float64
	CoMoment         float64
}

// Add includes one unit with numerator num and denominator den. A NaN or
// ±Inf is an error wrapping ErrNonFinite and leaves r unchanged.
func (r *RatioSummary) Add(num, den float64) error {
	if math.IsNaN(num) || math.IsInf(num, 0) {
		return inputErr(ErrNonFinite, "num", -1, num)
	}
	if math.IsNaN(den) || math.IsInf(den, 0) {
		return inputErr(ErrNonFinite, "den", -1, den)
	}
	if r.N == math.MaxInt {
		return fmt.Errorf("%w: ratio summary count", ErrTooLarge)
	}
	r.add(num, den)
	return nil
}

// AddAll includes every (numerator, denominator) pair of seq, stopping at
// the first NaN or ±Inf, whose 0-based position the *InputError reports.
func (r *RatioSummary) AddAll(seq iter.Seq2[float64, float64]) error {
	return addall.Seq2(seq, r.Add, atIndex)
}

// add is Add without the checks.
func (r *RatioSummary) add(num, den float64) {
	r.N++
	fn := float64(r.N)
	dn := num - r.MeanNum
	dd := den - r.MeanDen
	r.MeanNum += dn / fn
	r.MeanDen += dd / fn
	r.M2Num += dn * (num - r.MeanNum)
	r.M2Den += dd * (den - r.MeanDen)
	r.CoMoment += dn * (den - r.MeanDen)
}

// Merge includes every unit summarised by o. A summary no data can
// produce (N < 0, a non-finite field, a negative M2) or a total count that
// overflows is an error; r is then unchanged.
func (r *RatioSummary) Merge(o RatioSummary) error {
	if err := mergeable("ratio summary", r.check("receiver"), o.check("summary"), r.N, o.N); err != nil {
		return err
	}
	if o.N == 0 {
		return nil
	}
	if r.N == 0 {
		*r = o
		return nil
	}
	na, nb := float64(r.N), float64(o.N)
	n := na + nb
	dn := o.MeanNum - r.MeanNum
	dd := o.MeanDen - r.MeanDen
	w := na * nb / n
	r.M2Num += o.M2Num + dn*dn*w
	r.M2Den += o.M2Den + dd*dd*w
	r.CoMoment += o.CoMoment + dn*dd*w
	r.MeanNum += dn * nb / n
	r.MeanDen += dd * nb / n
	r.N += o.N
	return nil
}

// check validates a summary's state.
func (r RatioSummary) check(arg string) error {
	if r.N < 0 {
		return inputErr(ErrNegative, arg+".n", -1, r.N)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"mean_num", r.MeanNum}, {"mean_den", r.MeanDen}, {"m2_num", r.M2Num}, {"m2_den", r.M2Den}, {"co_moment", r.CoMoment}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return inputErr(ErrNonFinite, arg+"."+f.name, -1, f.v)
		}
	}
	if r.M2Num < 0 {
		return inputErr(ErrNegative, arg+".m2_num", -1, r.M2Num)
	}
	if r.M2Den < 0 {
		return inputErr(ErrNegative, arg+".m2_den", -1, r.M2Den)
	}
	return nil
}

// Ratio returns the ratio of means Σnum/Σden = MeanNum/MeanDen.
func (r RatioSummary) Ratio() float64 { return r.MeanNum / r.MeanDen }

// Variance returns the delta-method variance of Ratio (Deng, Knoblich & Lu
// 2018, "Applying the delta method in metric analytics"):
//
//	Var(R̂) ≈ (s²_N/μ_D² − 2·μ_N·s_ND/μ_D³ + μ_N²·s²_D/μ_D⁴)/n,
//
// with sample (co)variances of divisor n − 1. NaN when N < 2 or the mean
// denominator is 0.
func (r RatioSummary) Variance() float64 {
	if r.N < 2 || r.MeanDen == 0 {
		return math.NaN()
	}
	n := float64(r.N)
	vn, vd, c := r.M2Num/(n-1), r.M2Den/(n-1), r.CoMoment/(n-1)
	mn, md := r.MeanNum, r.MeanDen
	v := (vn/(md*md) - 2*mn*c/(md*md*md) + mn*mn*vd/(md*md*md*md)) / n
	return math.Max(0, v)
}

// DescribeRatio returns the RatioSummary of paired per-unit values.
// Errors: empty input (ErrEmpty), different lengths (ErrLength), a NaN or
// ±Inf (*InputError naming "num" or "den" and the index).
func DescribeRatio(num, den []float64) (RatioSummary, error) {
	if len(num) != len(den) {
		return RatioSummary{}, fmt.Errorf("%w: %d numerators, %d denominators", ErrLength, len(num), len(den))
	}
	if err := checkSample("num", num, 1); err != nil {
		return RatioSummary{}, err
	}
	if err := checkFinite("den", den); err != nil {
		return RatioSummary{}, err
	}
	var r RatioSummary
	for i, x := range num {
		r.add(x, den[i])
	}
	return r, nil
}

// RatioResult compares a ratio metric between control A and treatment B.
//
// JSON keys: a, b, na, nb, ratio_a, ratio_b, std_err_a, std_err_b, diff,
// std_err, statistic, p, ci, lift, lift_std_err, lift_ci, alternative,
// level, defined.
type RatioResult struct {
	A, B             RatioSummary // the summaries used
	NA, NB           int          // A.N and B.N
	RatioA, RatioB   float64      // MeanNum/MeanDen per arm
	StdErrA, StdErrB float64      // delta-method standard errors of each ratio
	Diff             float64      // RatioB − RatioA
	StdErr           float64      // √(StdErrA² + StdErrB²), the standard error of Diff
	Statistic, P     float64      // z = Diff/StdErr and its p-value under Alternative
	CI               Interval     // Diff ± z·StdErr at Level
	Lift             float64      // RatioB/RatioA − 1
	LiftStdErr       float64      // delta-method standard error of Lift
	LiftCI           Interval     // Lift ± z·LiftStdErr
	Alternative      Alternative  // Greater tests RatioB > RatioA
	Level            float64
	// Defined is false when a mean denominator is 0, or when StdErr is 0
	// (no variation in either arm) and the ratios are equal; then
	// Statistic, P and the intervals are NaN. StdErr 0 with different
	// ratios is the limit: Statistic ±Inf, P 0 (two-sided and on Diff's
	// side) or 1, CI [Diff, Diff], LiftCI [Lift, Lift].
	Defined bool
}

// RatioTest compares the ratio metric of treatment b with that of control
// a by the delta method: each arm's ratio of means is asymptotically normal
// with the variance of [RatioSummary.Variance], and the arms are
// independent, so z = (R_B − R_A)/√(Var_A + Var_B). Greater tests R_B > R_A.
//
// Errors: an arm with N < 2 (ErrTooFew), non-finite or negative sums
// (ErrNonFinite, ErrNegative), a bad level or alternative.
func RatioTest(a, b RatioSummary, s *Settings) (RatioResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return RatioResult{}, err
	}
	for _, arm := range []struct {
		name string
		r    RatioSummary
	}{{"a", a}, {"b", b}} {
		if err := arm.r.check(arm.name); err != nil {
			return RatioResult{}, err
		}
		if arm.r.N < 2 {
			return RatioResult{}, fmt.Errorf("%w: %s has N = %d, need 2", ErrTooFew, arm.name, arm.r.N)
		}
	}
	r := RatioResult{A: a, B: b, NA: a.N, NB: b.N, Alternative: alt, Level: level}
	r.RatioA, r.RatioB = a.Ratio(), b.Ratio()
	va, vb := a.Variance(), b.Variance()
	r.StdErrA, r.StdErrB = math.Sqrt(va), math.Sqrt(vb)
	r.Diff = r.RatioB - r.RatioA
	r.StdErr = math.Sqrt(va + vb)
	r.Lift = r.RatioB/r.RatioA - 1
	ra := r.RatioA
	r.LiftStdErr = math.Sqrt(vb/(ra*ra) + r.RatioB*r.RatioB*va/(ra*ra*ra*ra))
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if r.StdErr == 0 && r.Diff != 0 && finite(r.Diff) && finite(r.Lift) {
		// No variation in either arm but different ratios: the limit, as
		// for the t-test (z = ±Inf, P 0 or 1, point intervals).
		r.Defined = true
		r.Statistic = math.Copysign(math.Inf(1), r.Diff)
		r.P = limitP(r.Diff, alt)
		r.CI = Interval{Lower: r.Diff, Upper: r.Diff, Level: level}
		r.LiftCI = Interval{Lower: r.Lift, Upper: r.Lift, Level: level}
		return r, nil
	}
	r.Defined = r.StdErr > 0 && !math.IsNaN(r.StdErr) && !math.IsInf(r.StdErr, 0)
	if !r.Defined {
		r.Statistic, r.P, r.CI, r.LiftCI = math.NaN(), math.NaN(), nanInterval(level), nanInterval(level)
		return r, nil
	}
	z := dist.ZCritical(level)
	r.Statistic = r.Diff / r.StdErr
	r.P = pValue(r.Statistic, alt)
	r.CI = around(r.Diff, z*r.StdErr, level)
	r.LiftCI = around(r.Lift, z*r.LiftStdErr, level)
	return r, nil
}
