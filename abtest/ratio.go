package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// RatioSummary accumulates per-unit pairs (numerator, denominator) of a
// ratio metric such as revenue per session or clicks per page view, where
// the unit of randomisation (a user) contributes to both sums. It keeps the
// count, both means, both M2 sums and the co-moment C = Σ(n − n̄)(d − d̄)
// with one-pass updates, and merges shards exactly (Chan et al. 1979). The
// zero value is empty and ready to use. Not safe for concurrent use.
type RatioSummary struct {
	N                int
	MeanNum, MeanDen float64
	M2Num, M2Den     float64
	CoM              float64
}

// Add includes one unit with numerator num and denominator den (not checked;
// see [DescribeRatio] for validated input).
func (r *RatioSummary) Add(num, den float64) {
	r.N++
	fn := float64(r.N)
	dn := num - r.MeanNum
	dd := den - r.MeanDen
	r.MeanNum += dn / fn
	r.MeanDen += dd / fn
	r.M2Num += dn * (num - r.MeanNum)
	r.M2Den += dd * (den - r.MeanDen)
	r.CoM += dn * (den - r.MeanDen)
}

// Merge includes every unit summarised by o.
func (r *RatioSummary) Merge(o RatioSummary) {
	if o.N == 0 {
		return
	}
	if r.N == 0 {
		*r = o
		return
	}
	na, nb := float64(r.N), float64(o.N)
	n := na + nb
	dn := o.MeanNum - r.MeanNum
	dd := o.MeanDen - r.MeanDen
	w := na * nb / n
	r.M2Num += o.M2Num + dn*dn*w
	r.M2Den += o.M2Den + dd*dd*w
	r.CoM += o.CoM + dn*dd*w
	r.MeanNum += dn * nb / n
	r.MeanDen += dd * nb / n
	r.N += o.N
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
	vn, vd, c := r.M2Num/(n-1), r.M2Den/(n-1), r.CoM/(n-1)
	mn, md := r.MeanNum, r.MeanDen
	v := (vn/(md*md) - 2*mn*c/(md*md*md) + mn*mn*vd/(md*md*md*md)) / n
	return math.Max(0, v)
}

// DescribeRatio returns the RatioSummary of paired per-unit values.
// Errors: empty input (ErrEmpty), different lengths (ErrShape), a NaN or
// ±Inf (*InputError naming "num" or "den" and the index).
func DescribeRatio(num, den []float64) (RatioSummary, error) {
	if len(num) != len(den) {
		return RatioSummary{}, fmt.Errorf("%w: %d numerators, %d denominators", ErrShape, len(num), len(den))
	}
	if err := checkSample("num", num, 1); err != nil {
		return RatioSummary{}, err
	}
	if err := checkFinite("den", den); err != nil {
		return RatioSummary{}, err
	}
	var r RatioSummary
	for i, x := range num {
		r.Add(x, den[i])
	}
	return r, nil
}

// RatioResult compares a ratio metric between control A and treatment B.
type RatioResult struct {
	A, B           RatioSummary // the summaries used
	RatioA, RatioB float64      // MeanNum/MeanDen per arm
	SEA, SEB       float64      // delta-method standard errors
	Diff           float64      // RatioB − RatioA
	SE             float64      // √(SEA² + SEB²)
	Z, P           float64      // Diff/SE and its p-value under Alternative
	CI             Interval     // Diff ± z·SE at Level
	Lift           float64      // RatioB/RatioA − 1
	LiftSE         float64      // delta-method standard error of Lift
	LiftCI         Interval     // Lift ± z·LiftSE
	Alternative    Alternative
	Level          float64
	// Defined is false when SE is 0 (no variation in either arm) or a
	// mean denominator is 0; then Z, P and the intervals are NaN.
	Defined bool
}

// RatioTest compares the ratio metric of treatment b with that of control
// a by the delta method: each arm's ratio of means is asymptotically normal
// with the variance of [RatioSummary.Variance], and the arms are
// independent, so z = (R_B − R_A)/√(Var_A + Var_B). Greater tests R_B > R_A.
//
// Errors: an arm with N < 2 (ErrTooFew), non-finite sums (ErrNotFinite),
// a bad level or alternative.
func RatioTest(a, b RatioSummary, s *Settings) (RatioResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return RatioResult{}, err
	}
	for _, arm := range []struct {
		name string
		r    RatioSummary
	}{{"a", a}, {"b", b}} {
		if arm.r.N < 2 {
			return RatioResult{}, fmt.Errorf("%w: %s has N = %d", ErrTooFew, arm.name, arm.r.N)
		}
		for _, v := range []float64{arm.r.MeanNum, arm.r.MeanDen, arm.r.M2Num, arm.r.M2Den, arm.r.CoM} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return RatioResult{}, inputErr(ErrNotFinite, arm.name, -1, v)
			}
		}
	}
	r := RatioResult{A: a, B: b, Alternative: alt, Level: level}
	r.RatioA, r.RatioB = a.Ratio(), b.Ratio()
	va, vb := a.Variance(), b.Variance()
	r.SEA, r.SEB = math.Sqrt(va), math.Sqrt(vb)
	r.Diff = r.RatioB - r.RatioA
	r.SE = math.Sqrt(va + vb)
	r.Lift = r.RatioB/r.RatioA - 1
	ra := r.RatioA
	r.LiftSE = math.Sqrt(vb/(ra*ra) + r.RatioB*r.RatioB*va/(ra*ra*ra*ra))
	r.Defined = r.SE > 0 && !math.IsNaN(r.SE) && !math.IsInf(r.SE, 0)
	if !r.Defined {
		r.Z, r.P, r.CI, r.LiftCI = math.NaN(), math.NaN(), nanInterval(), nanInterval()
		return r, nil
	}
	z := dist.ZCritical(level)
	r.Z = r.Diff / r.SE
	r.P = pValue(r.Z, alt)
	r.CI = interval.Around(r.Diff, z*r.SE)
	r.LiftCI = interval.Around(r.Lift, z*r.LiftSE)
	return r, nil
}
