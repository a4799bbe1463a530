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
//   - for z > 0.9 the integral is split at u = z′/z with z′ = 1/2: the part
//     on [0, z′/z] is (z′/z)ᵃ times the series at z′ = 1/2, and the part
//     near u = 1, where the integrand peaks, is integrated numerically after
//     the substitution 1 − z·u = e^η, which turns the near-singularity into
//     a smooth function on a finite η-interval; its derivatives are
//     integrals of the same kind on the same nodes. The caller passes
//     1 − z separately so that z within rounding of 1 loses nothing.
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
// the split integral.
const SeriesLimit = 0.9

// splitZ is the z′ of the split: the series part is evaluated there.
const splitZ = 0.5

// maxTerms bounds the power series. It is reached only for b in the
// millions; the result is then NaN.
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
	if z <= SeriesLimit {
		v = series(a, b, z, true)
	} else {
		v = split(a, b, z, zc, true)
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
	if z <= SeriesLimit {
		return series(a, b, z, false).Log + math.Log(a)
	}
	return split(a, b, z, zc, false).Log + math.Log(a)
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

// split evaluates log H for z > SeriesLimit as
//
//	H = (z′/z)ᵃ H(a, b, z′) + z^(−a) J,  J = ∫_{log(1−z)}^{log(1−z′)} (1−e^η)^(a−1) e^((1−b)η) dη,
//
// and, when deriv is set, the derivatives of log H (∂H/∂z through the
// identity ∂H/∂z = b·H(a+1, b+1, z)).
func split(a, b, z, zc float64, deriv bool) Value {
	lz := math.Log1p(-zc) // log z, accurate near z = 1
	if z < 0.5 {
		lz = math.Log(z)
	}
	lc := math.Log(splitZ) - lz // log(z′/z) < 0
	head := series(a, b, splitZ, deriv)
	// In y = η − log(1−z) ∈ [0, log((1−z′)/(1−z))], so that the nodes near
	// the peak at y = 0 carry no rounding error from log(1−z):
	// log-integrand = (a−1)·log(1 − (1−z)e^y) + (1−b)·y + (1−b)·log(1−z).
	lzc := math.Log(zc)
	hi := math.Log1p(-splitZ) - lzc
	phi := func(y float64, w []float64) float64 {
		l1 := math.Log1p(-zc * math.Exp(y)) // log(1 − e^η)
		if w != nil {
			w[0] = l1         // ∂/∂a of the log-integrand
			w[1] = -(y + lzc) // ∂/∂b
		}
		return (a-1)*l1 + (1-b)*y
	}
	// The log-integrand is concave for a ≥ 1 (maximum at an end or at the
	// stationary point e^η = k/(1+k), k = (1−b)/(a−1)) and convex for
	// a < 1 (maximum at an end); its maximum is the integrator's scale.
	ref := math.Max(phi(0, nil), phi(hi, nil))
	if a > 1 && b < 1 {
		k := (1 - b) / (a - 1)
		if y := math.Log(k/(1+k)) - lzc; y > 0 && y < hi {
			ref = math.Max(ref, phi(y, nil))
		}
	}
	var ebuf [2]float64
	var extra []float64
	if deriv {
		extra = ebuf[:]
	}
	lj := LogIntegrate(phi, 0, hi, ref, extra) + (1-b)*lzc

	// Combine the two parts in log space.
	l1 := a*lc + head.Log // log of (z′/z)ᵃ H(z′)
	l2 := -a*lz + lj      // log of z^(−a) J
	m := math.Max(l1, l2)
	w1, w2 := math.Exp(l1-m), math.Exp(l2-m)
	sum := w1 + w2
	v := Value{Log: m + math.Log(sum)}
	if !deriv {
		return v
	}
	w1, w2 = w1/sum, w2/sum
	v.DA = w1*(lc+head.DA) + w2*(-lz+extra[0])
	v.DB = w1*head.DB + w2*extra[1]
	up := split(a+1, b+1, z, zc, false)
	v.DZ = b * math.Exp(up.Log-v.Log)
	return v
}
