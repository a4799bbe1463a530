package abtest

import (
	"math"

	"gonum.org/v1/gonum/mathext"

	"github.com/cxkit/cxkit/internal/dist"
)

// maxNCTTerms bounds the series of nctCDF, and so its time (a few ms).
const maxNCTTerms = 20_000

// nctCDF returns P(T ≤ t) for the noncentral t distribution with df > 0
// degrees of freedom and noncentrality delta (gonum has no noncentral t).
//
// For t ≥ 0 it uses the series of Lenth (1989, Applied Statistics
// algorithm AS 243):
//
//	F(t) = Φ(−δ) + ½ Σ_{j≥0} [p_j·I_x(j + ½, ν/2) + q_j·I_x(j + 1, ν/2)],
//	x = t²/(t² + ν), p_j = e^{−δ²/2}(δ²/2)^j/j!, q_j = δ·e^{−δ²/2}(δ²/2)^j/(√2·Γ(j + 3/2)),
//
// with I_x the regularised incomplete beta function. As in AS 243 the sum
// starts at the Poisson mode j ≈ δ²/2, where the weights are largest, and
// runs outwards in both directions until a geometric bound on the weights
// left is below 1e-17 (the backward direction also stops at j = 0). Each weight is computed in log space, so large δ (hundreds) does
// not underflow. For t < 0, F(t; ν, δ) = 1 − F(−t; ν, −δ).
//
// Precision: absolute error ≈ 1e-15, which is what power calculations need;
// relative accuracy of probabilities far below 1e-15 is not promised. The
// series is cut at maxNCTTerms terms each way (enough for |δ| up to about
// 3,000, beyond which early exits answer unless t is about as large as δ);
// where it would need more, NaN is returned.
func nctCDF(t, df, delta float64) float64 {
	switch {
	case math.IsNaN(t) || math.IsNaN(df) || math.IsNaN(delta) || !(df > 0):
		return math.NaN()
	case math.IsInf(t, 1):
		return 1
	case math.IsInf(t, -1):
		return 0
	}
	if t < 0 {
		return math.Max(0, math.Min(1, 1-nctCDF(-t, df, -delta)))
	}
	if delta == 0 {
		return 1 - dist.TSF(t, df)
	}
	// Far from the centre the answer is 0 or 1 to within 1e-17, and the
	// series below would need O(δ) terms: for δ < −8.5, 1 − F ≤ Φ(δ);
	// for δ > 0, T ≤ t needs Z ≤ −δ/2 or t·√(V/ν) ≥ δ/2, so
	// F ≤ Φ(−δ/2) + P(χ²_ν ≥ ν(δ/2t)²).
	if delta < -8.5 {
		return 1
	}
	if delta > 0 {
		bound := dist.NormalCDF(-delta / 2)
		if t > 0 {
			bound += mathext.GammaIncRegComp(df/2, df*(delta/(2*t))*(delta/(2*t))/2)
		}
		if bound < 1e-17 {
			return 0
		}
	}
	x := t * t / (t*t + df)
	lambda := delta * delta / 2
	half := df / 2
	sum := 0.0
	if x > 0 {
		mode := math.Floor(lambda)
		logE := -lambda
		logL := math.Log(lambda)
		term := func(j float64) (w, v float64) {
			lgj1, _ := math.Lgamma(j + 1)
			lgj32, _ := math.Lgamma(j + 1.5)
			p := math.Exp(logE + j*logL - lgj1)
			q := delta / math.Sqrt2 * math.Exp(logE+j*logL-lgj32)
			return p + math.Abs(q), p*mathext.RegIncBeta(j+0.5, half, x) + q*mathext.RegIncBeta(j+1, half, x)
		}
		// Forward from the mode: past it the weights fall at least as fast
		// as a geometric series of ratio ρ = λ/(j + 2), so the rest is
		// bounded by w·ρ/(1 − ρ).
		converged := false
		for j := mode; j < mode+maxNCTTerms; j++ {
			w, v := term(j)
			sum += v
			rho := lambda / (j + 2)
			if rho < 1 && w*rho/(1-rho) < 1e-17 {
				converged = true
				break
			}
		}
		if !converged {
			return math.NaN()
		}
		// Backward from the mode: weights fall at least geometrically too.
		for j := mode - 1; j >= 0; j-- {
			if j < mode-maxNCTTerms {
				return math.NaN()
			}
			w, v := term(j)
			sum += v
			rho := j / lambda
			if rho < 1 && w*rho/(1-rho) < 1e-17 {
				break
			}
		}
	}
	f := dist.NormalCDF(-delta) + sum/2
	return math.Max(0, math.Min(1, f))
}

// nctSF returns P(T > t) = 1 − nctCDF(t) (absolute accuracy only).
func nctSF(t, df, delta float64) float64 {
	return math.Max(0, math.Min(1, nctCDF(-t, df, -delta)))
}
