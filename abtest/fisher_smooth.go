package abtest

import (
	"math"
	"math/bits"
)

// Sums over X by integrals, for distributions wider than smoothMin
// standard deviations (issue 17, point 5).
//
// Walking the terms one by one costs about 18 standard deviations of X per
// sum: 0.1 s at 10⁹ in each cell, minutes at 10¹⁵. When X's standard
// deviation σ is large, the weights w(k) = P(k)ψ^k extend to a function of
// a real k (through Γ) that is smooth on the scale of σ, and three classical
// results turn every sum into a few hundred evaluations of that function,
// whatever the counts:
//
//   - The whole sum: Σₖ w(k) = Σᵥ ŵ(ν) (Poisson summation), where ŵ is the
//     Fourier transform of w. The ν = 0 term is ∫ w; the others are of order
//     exp(−2π²σ²) relative (the pmf is Gaussian within a strip whose width
//     is σ² ≥ 256σ here, where the support's ends are). The integral itself
//     is the trapezoid rule with step σ/4, exact to exp(−2π²·16) ≈ 1e-137
//     relative by the same argument (Trefethen & Weideman 2014, SIAM Review
//     56, §5). The mean is the same sum of k·w(k).
//   - A tail Σ_{j≥k} w(j) beyond the mode: where the terms fall by more
//     than 1% a step (slope s ≥ sWalk), walked term by term (fewer than
//     4,000 terms to 1e-17); nearer the mode, Euler–Maclaurin:
//     ∫_k^∞ w + w(k)/2 − Σ_p B₂ₚ/(2p)! w^(2p−1)(k), with the derivatives
//     from the polygamma series at k. The remainder after p = 3 is below
//     2ζ(8)(s/2π)⁸·7!! + O(σ⁻⁸) ≈ 1e-20 relative. The integral is the
//     exp-sinh rule (Tanaka, Sugihara, Murota & Mori 2009), refined until
//     two levels agree to 1e-9, which leaves an error near 1e-18 since the
//     rule's error squares with each level; if it does not settle, the tail
//     is walked.
//
// Accuracy rests on evaluating log w(k + v) − log w(k) without cancellation
// when the cells are near 2⁵³: each lnΓ(z + e + 1) − lnΓ(z + 1) is written
// as e·ln z + z·φ(e/z) + ½·log1p(e/z) + stirlerr(z + e) − stirlerr(z) with
// φ(r) = (1 + r)·log1p(r) − r (Loader 2000), and the four e·ln z terms add up
// to v·ln(z₁z₄/(z₂z₃)), whose argument is computed from the exact 128-bit
// difference z₂z₃ − z₁z₄. Rounding ψ^k or ln z alone would cost 1e-7 at
// 10¹⁵ per cell.

// smoothMin is the standard deviation of X from which sums are integrals.
const smoothMin = 256

// sWalk is the slope of log w from which a tail is walked term by term.
const sWalk = 0.01

// anchor holds what log w(k + v) − log w(k) needs at an integer k inside
// the support whose cells are all positive.
type anchor struct {
	z     [4]float64 // the cells at k: x = k, r1 − k, c1 − k, r2 − c1 + k
	slope float64    // t + ln(z₂z₃/(z₁z₄)), the linear part of the log weight
}

// cellSign is the sign with which each cell moves when X does.
var cellSign = [4]float64{1, -1, -1, 1}

// cells returns the four cells of the table with X = k.
func (h *hyper) cells(k int) [4]int {
	return [4]int{k, h.ir1 - k, h.ic1 - k, h.ir2 - h.ic1 + k}
}

// anchorAt returns the anchor at k for the odds ratio e^t, and false when a
// cell at k is 0.
func (h *hyper) anchorAt(k int, t float64) (anchor, bool) {
	c := h.cells(k)
	var a anchor
	for i, v := range c {
		if v < 1 {
			return a, false
		}
		a.z[i] = float64(v)
	}
	a.slope = t + lnCross(c)
	return a, true
}

// lnCross returns ln(z₂z₃/(z₁z₄)) for positive cells below 2⁵³ to a few
// ulps of 1 absolute: log1p of (z₂z₃ − z₁z₄)/(z₁z₄) with the difference of
// the exact 128-bit products, so that it keeps its relative accuracy when
// the ratio is near 1 (the log odds ratio of a table with 10¹⁵ per cell near
// independence is of order 1e-8); the log of the ratio of the rounded
// products when it is below ½. (The sum of the four logs would be off by
// up to 1e-14, which the weights multiply by the distance from k.)
func lnCross(c [4]int) float64 {
	ah, al := bits.Mul64(uint64(c[1]), uint64(c[2]))
	bh, bl := bits.Mul64(uint64(c[0]), uint64(c[3]))
	num := float64(ah)*0x1p64 + float64(al)
	den := float64(bh)*0x1p64 + float64(bl)
	if num < den/2 {
		return math.Log(num / den)
	}
	neg := ah < bh || ah == bh && al < bl
	if neg {
		ah, al, bh, bl = bh, bl, ah, al
	}
	lo, borrow := bits.Sub64(al, bl, 0)
	hi, _ := bits.Sub64(ah, bh, borrow)
	r := (float64(hi)*0x1p64 + float64(lo)) / den
	if neg {
		r = -r
	}
	return math.Log1p(r)
}

// logW returns log w(k + v) − log w(k) at a's odds ratio, for real v
// (−Inf outside the support).
func (a *anchor) logW(v float64) float64 {
	s := v * a.slope
	for i, z := range a.z {
		s -= lnGammaStep(z, cellSign[i]*v)
	}
	return s
}

// lnGammaStep returns lnΓ(z + e + 1) − lnΓ(z + 1) − e·ln z for z ≥ 1
// (+Inf when z + e < 0, where the weight is 0).
func lnGammaStep(z, e float64) float64 {
	ze := z + e
	switch {
	case ze < 0:
		return math.Inf(1)
	case ze >= 16 && z >= 16:
		r := e / z
		return z*phi(r) + 0.5*math.Log1p(r) + stirlerr(ze) - stirlerr(z)
	}
	// A small cell: lnΓ of small arguments is exact to a few ulps; where
	// the other argument is large the weight is astronomically far below
	// the anchor's, so a few ulps of its lnΓ do not matter.
	la, _ := math.Lgamma(ze + 1)
	lb, _ := math.Lgamma(z + 1)
	return la - lb - e*math.Log(z)
}

// phi returns (1 + r)·log1p(r) − r for r ≥ −1, by its series
// Σ_{n≥2} (−r)ⁿ/(n(n − 1)) when |r| < 0.1.
func phi(r float64) float64 {
	if math.Abs(r) >= 0.1 {
		if r == -1 {
			return 1
		}
		return (1+r)*math.Log1p(r) - r
	}
	p := r * r // (−r)ⁿ
	s := p / 2
	for n := 3.0; n < 40; n++ {
		p *= -r
		term := p / (n * (n - 1))
		s += term
		if math.Abs(term) <= 1e-17*s {
			break
		}
	}
	return s
}

// smoothDist fills d (mode d.m, odds ratio e^d.t) by the trapezoid rule
// when X's standard deviation at the mode is at least smoothMin, and
// reports whether it did.
func (h *hyper) smoothDist(d *ncDist) bool {
	a, ok := h.anchorAt(d.m, d.t)
	if !ok {
		return false
	}
	d.a, d.anchored = a, true
	var prec float64 // 1/σ² ≈ Σ 1/z (the curvature of log w at the mode)
	for _, z := range a.z {
		prec += 1 / z
	}
	sd := 1 / math.Sqrt(prec)
	if sd < smoothMin {
		return false
	}
	step := sd / 4
	s, s1 := 1.0, 0.0
	for _, dir := range [2]float64{1, -1} {
		for j := 1.0; ; j++ {
			v := dir * j * step
			w := math.Exp(a.logW(v))
			s += w
			s1 += v * w
			if w <= 1e-18*s {
				break
			}
		}
	}
	d.smooth = true
	d.z = step * s
	d.dmean = s1 / s
	return true
}

// smoothFar returns log(Σ_{j beyond k} w(j) / w(k)), the tail from k
// (inclusive) away from the mode in direction dir, for a distribution
// filled by smoothDist: walked when the terms fall fast, else by
// Euler–Maclaurin with the exp-sinh integral.
func (h *hyper) smoothFar(d ncDist, k, dir int) float64 {
	walk := func() float64 {
		s, _ := h.walk(k, dir, d.psi)
		return math.Log(s)
	}
	a, ok := h.anchorAt(k, d.t)
	if !ok || min(a.z[0], a.z[1], a.z[2], a.z[3]) < 16 {
		return walk()
	}
	// Derivatives of log w at k, from ψ(z + 1) ~ ln z + 1/(2z) − 1/(12z²),
	// ψ'(z + 1) ~ 1/z − 1/(2z²) + 1/(6z³), ψ''(z + 1) ~ −1/z² + 1/z³
	// (z ≥ σ²/2 here, so the next terms are below 1e-20).
	var c1, c2, c3 float64
	for i, z := range a.z {
		z2 := z * z
		c1 += cellSign[i] * (0.5/z - 1/(12*z2))
		c2 += 1/z - 0.5/z2 + 1/(6*z2*z)
		c3 += cellSign[i] * (-1/z2 + 1/(z2*z))
	}
	g1, g2, g3 := a.slope-c1, -c2, -c3
	if dir < 0 {
		g1, g3 = -g1, -g3
	}
	s := -g1
	if s >= sWalk {
		return walk()
	}
	ell := 1 / (max(s, 0) + math.Sqrt(c2))
	fd := float64(dir)
	integral, ok := expSinh(func(v float64) float64 { return math.Exp(a.logW(fd * v)) }, ell)
	if !ok {
		return walk()
	}
	// w^(n)(k)/w(k): complete Bell polynomials of g1, g2, g3 (the higher
	// derivatives of log w are O(σ⁻⁶) and below 1e-20 in the sum).
	y1 := g1
	y3 := g1*g1*g1 + 3*g1*g2 + g3
	y5 := g1*g1*g1*g1*g1 + 10*g1*g1*g1*g2 + 15*g1*g2*g2 + 10*g1*g1*g3 + 10*g2*g3
	return math.Log(integral + 0.5 - y1/12 + y3/720 - y5/30240)
}

// expSinh returns ∫₀^∞ f(v) dv by the exp-sinh rule: v = ℓ·exp(π/2·sinh τ)
// and the trapezoid rule in τ, halving the step until two levels agree to
// 1e-9 relative (the error of the finer one is then of order 1e-18). f
// must be bounded near 0 and decay at least exponentially on the scale ℓ.
// It reports false when the rule does not settle within 8 levels.
func expSinh(f func(v float64) float64, ell float64) (float64, bool) {
	const tMin = -4.5 // the weight at τ = −4.5 is below 1e-28·ℓ
	term := func(tau float64) float64 {
		e := math.Exp(math.Pi / 2 * math.Sinh(tau))
		return f(ell*e) * ell * math.Pi / 2 * math.Cosh(tau) * e
	}
	h := 0.5
	var sum float64
	n := 0 // points at level 0: τ = tMin + j·h, j < n
	for ; n < 40; n++ {
		w := term(tMin + float64(n)*h)
		sum += w
		if tMin+float64(n)*h > 0 && w <= 1e-20*sum {
			n++
			break
		}
	}
	integral := h * sum
	tMax := tMin + float64(n-1)*0.5
	for level := 1; level <= 8; level++ {
		h /= 2
		var s float64
		for j := 1; tMin+float64(j)*h < tMax; j += 2 {
			s += term(tMin + float64(j)*h)
		}
		next := integral/2 + h*s
		if level >= 2 && math.Abs(next-integral) <= 1e-9*next {
			return next, true
		}
		integral = next
	}
	return integral, false
}
