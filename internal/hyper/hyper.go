// Package hyper evaluates, in log space and with its partial derivatives,
// the Gaussian hypergeometric function of the special form
//
//	F(a, b; z) = ₂F₁(a, b; a+1; z) = a ∫₀¹ u^(a−1) (1 − z·u)^(−b) du,   a > 0, 0 ≤ z < 1,
//
// which is the form of the Pareto/NBD likelihood (Schmittlein, Morrison &
// Colombo 1987; Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD
// Model and Related Expressions"). It also holds a small adaptive
// Gauss–Legendre integrator that works in log space.
//
// Why not a general ₂F₁: with c = a+1 the difference c − a − b = 1 − b is
// negative for the Pareto/NBD's b > 1, so the function grows like
// (1 − z)^(1−b) as z → 1, the power series converges slowly there, and the
// classical z → 1 − z connection formula has poles whenever b is a whole
// number. gonum's mathext.Hypergeo (Cephes) handles the general function but
// returns values, not logarithms, so it overflows for large a or b near
// z = 1, and it gives no derivatives in a and b. Here:
//
//   - for z ≤ 0.9 the power series Σ (b)ₖ zᵏ / (k! (a+k)) is summed with
//     positive terms only (no cancellation), rescaled to avoid overflow, and
//     differentiated term by term in a, b and z (exact derivatives of a
//     convergent series, not finite differences);
//
//   - for z > 0.9, or where the series would need more than about a
//     thousand terms before its terms start to shrink (b·z/(1−z) > 1000),
//     the integral itself is computed: with u = e^(−v),
//
//     H = F/a = ∫_0^∞ e^(−a·v) (1 − z·e^(−v))^(−b) dv,
//
//     whose integrand is largest at v = 0, where it equals (1−z)^(−b), and
//     falls at first at the rate κ = a + b·z/(1−z), then at the rate a.
//     For z > 1/2 the range is split at v₀ = log(2z): beyond it the
//     integral is e^(−a·v₀)·H(a, b, 1/2), a fast series, and only [0, v₀]
//     is integrated numerically.
//     The log-integrand is written relative to its value at 0 as
//     −a·v − b·log1p(z·(1 − e^(−v))/(1−z)), which is accurate however large
//     a and b are, and integrated by adaptive Gauss–Legendre quadrature
//     with panels graded from width 1/κ; the derivatives are the
//     integrand-weighted means of −v, −log(1 − z·e^(−v)) and
//     b·e^(−v)/(1 − z·e^(−v)) on the same nodes. The caller passes 1 − z
//     separately so that z within rounding of 1 loses nothing.
//
// Nothing here is part of cxkit's public API.
package hyper

import "math"

// Value is log F(a, b; z) with its partial derivatives.
type Value struct {
	Log float64 // log ₂F₁(a, b; a+1; z)
	DA  float64 // ∂Log/∂a
	DB  float64 // ∂Log/∂b
	DZ  float64 // ∂Log/∂z
}

// SeriesLimit is the largest z summed by the power series; larger z use
// the integral.
const SeriesLimit = 0.9

// maxPeak is the largest index of the largest series term, about
// b·z/(1−z), for which the series is used.
const maxPeak = 1000

// useSeries reports whether the power series is used at (b, z).
func useSeries(b, z, zc float64) bool { return z <= SeriesLimit && b*z <= maxPeak*zc }

// maxTerms is a safety bound on the power series (with useSeries it needs
// at most a few thousand terms); if it is reached the result is NaN.
const maxTerms = 1 << 21

// Log2F1 returns log ₂F₁(a, b; a+1; z) and its derivatives for a > 0,
// b > 0 and 0 ≤ z < 1, with zc = 1 − z computed by the caller as
// accurately as it can (for the Pareto/NBD, zc = (β+t)/(α+t) exactly, not
// 1 − (α−β)/(α+t)). Outside that domain every field is NaN.
func Log2F1(a, b, z, zc float64) Value {
	if !(a > 0) || math.IsInf(a, 0) || !(b > 0) || math.IsInf(b, 0) ||
		!(z >= 0) || !(zc > 0) || zc > 1 || z >= 1 {
		nan := math.NaN()
		return Value{nan, nan, nan, nan}
	}
	var v Value
	if useSeries(b, z, zc) {
		v = series(a, b, z, true)
	} else {
		v = integral(a, b, z, zc, true)
	}
	// F = a·H: add log a and its derivative.
	v.Log += math.Log(a)
	v.DA += 1 / a
	return v
}

// LogValue returns log ₂F₁(a, b; a+1; z) alone (no derivatives, so about
// half the work of [Log2F1]); arguments and domain as for Log2F1.
func LogValue(a, b, z, zc float64) float64 {
	if !(a > 0) || math.IsInf(a, 0) || !(b > 0) || math.IsInf(b, 0) ||
		!(z >= 0) || !(zc > 0) || zc > 1 || z >= 1 {
		return math.NaN()
	}
	if useSeries(b, z, zc) {
		return series(a, b, z, false).Log + math.Log(a)
	}
	return integral(a, b, z, zc, false).Log + math.Log(a)
}

// series returns log H(a, b, z) = log Σₖ (b)ₖ zᵏ / (k! (a+k)) and, when
// deriv is set, the derivatives of log H. H = F/a.
func series(a, b, z float64, deriv bool) Value {
	const rescale = 1e250
	logScale := 0.0
	g := 1.0 // (b)ₖ zᵏ / k!, scaled by exp(−logScale)
	inv := 1 / a
	var h, ha, hb, hz, s float64 // s = Σ_{j<k} 1/(b+j) = ∂ log (b)ₖ / ∂b
	for k := 0; k < maxTerms; k++ {
		fk := float64(k)
		t := g * inv
		h += t
		invNext := 1 / (a + fk + 1)
		if deriv {
			ha -= t * inv
			hb += t * s
			// ∂/∂z of zᵏ(b)ₖ/k! is (b)ₖ₊₁ zᵏ / k! = (b+k)·g.
			hz += (b + fk) * g * invNext
			s += 1 / (b + fk)
		}
		ratio := (b + fk) * z / (fk + 1)
		g *= ratio
		inv = invNext
		if g > rescale {
			g /= rescale
			h /= rescale
			ha /= rescale
			hb /= rescale
			hz /= rescale
			logScale += math.Log(rescale)
		}
		if g == 0 {
			break
		}
		// Tail bound: later ratios are at most max(z, the next ratio)
		// (the ratio (b+k)z/(k+1) tends to z monotonically), so the rest
		// of the value series is at most next/(1−rmax). The derivative
		// terms are the value terms times s (slowly growing) or b+k; the
		// same geometric bound with those factors covers them.
		rmax := math.Max(z, (b+fk+1)*z/(fk+2))
		if rmax < 1 {
			bound := g * inv / (1 - rmax)
			if bound <= 1e-17*h && (!deriv ||
				bound*(s+1) <= 1e-17*hb && bound*(b+fk+2) <= 1e-17*hz) {
				break
			}
		}
		if k == maxTerms-1 {
			nan := math.NaN()
			return Value{nan, nan, nan, nan}
		}
	}
	v := Value{Log: math.Log(h) + logScale}
	if deriv {
		v.DA = ha / h
		v.DB = hb / h
		v.DZ = hz / h
	}
	return v
}

// integral evaluates log H = log ∫_0^∞ e^(−a·v) (1 − z·e^(−v))^(−b) dv by
// quadrature and, when deriv is set, its derivatives (see the package
// comment).
func integral(a, b, z, zc float64, deriv bool) Value {
	lzc := math.Log(zc)
	ref0 := -b * lzc // log-integrand at v = 0
	// log(1 − z·e^(−v)) − log(1 − z) = log1p(z·(1 − e^(−v))/(1 − z)).
	rel := func(v float64) float64 { return math.Log1p(z * -math.Expm1(-v) / zc) }
	phi := func(v float64, w []float64) float64 {
		l := rel(v)
		if w != nil {
			e := math.Exp(-v)
			w[0] = -v                              // ∂/∂a
			w[1] = -(lzc + l)                      // ∂/∂b
			w[2] = b * e / (zc*e - math.Expm1(-v)) // ∂/∂z: b·e^−v/(1 − z·e^−v)
		}
		return -a*v - b*l
	}
	kappa := a + b*z/zc
	var ebuf [3]float64
	var extra []float64
	if deriv {
		extra = ebuf[:]
	}
	// The integrand falls from its maximum at v = 0 at least at the rate a,
	// and the integral is at least 1/κ of its value there (the log-integrand
	// is ≥ −κ·v), so beyond vCut, where a·vCut = 45 + log(κ/a), the rest is
	// below e^−45 of the total. For large a (the Pareto/NBD with s in the
	// thousands, as when a fit runs to s, β → ∞) vCut is tiny, and
	// integrating only [0, vCut] saves the panels that would confirm that
	// the integrand is 0 on the rest of the range.
	vCut := (45 + math.Log1p(b*z/(a*zc))) / a
	if z <= 0.5 || b > maxPeak || vCut < math.Log(2*z) {
		// Beyond hi the integrand is below e^−40 of the total: the rate
		// is at least a, and (1 − z·e^−v)^−b is within e^(b·z·e^−v) of 1.
		hi := math.Min(40/a+math.Log1p(b*z)+40, vCut)
		l := LogIntegrate(phi, 0, hi, 0, 1/kappa, 0, extra)
		v := Value{Log: ref0 + l}
		if deriv {
			v.DA, v.DB, v.DZ = extra[0], extra[1], extra[2]
		}
		return v
	}
	// Split at v0 = log(2z), where z·e^−v = 1/2: the tail is
	// e^(−a·v0)·H(a, b, 1/2), a fast series; the head [0, v0] is short.
	v0 := math.Log(2 * z)
	head := ref0 + LogIntegrate(phi, 0, v0, 0, 1/kappa, 0, extra)
	ts := series(a, b, 0.5, deriv)
	tail := -a*v0 + ts.Log
	m := math.Max(head, tail)
	wh, wt := math.Exp(head-m), math.Exp(tail-m)
	v := Value{Log: m + math.Log(wh+wt)}
	if deriv {
		wh, wt = wh/(wh+wt), wt/(wh+wt)
		v.DA = wh*extra[0] + wt*(-v0+ts.DA)
		v.DB = wh*extra[1] + wt*ts.DB
		// ∂/∂z of the tail at fixed v0: H_z(1/2)·e^−v0 = H_z(1/2)/(2z).
		v.DZ = wh*extra[2] + wt*ts.DZ/(2*z)
	}
	return v
}
