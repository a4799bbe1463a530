package clv

import (
	"math"

	"github.com/cxkit/cxkit/internal/hyper"
	"gonum.org/v1/gonum/integrate/quad"
)

// The Pareto/NBD likelihood needs F(a, b; z) = ₂F₁(a, b; a+1; z) with
// a = r+s+x and b = s+1 (α ≥ β) or b = r+x (α < β). Its power series,
// Σ (b)ₙ zⁿ a/(n!(a+n)), has terms that grow until n ≈ b·z/(1−z): with b in
// the thousands (a large r+x, or a large s, as when the fit runs to a
// boundary on data without dropout) it would need tens of thousands of
// terms, and internal/hyper then integrates numerically, row by row, which
// made one likelihood evaluation take half a second on 20,000 customers
// (issue 17). Euler's transformation,
//
//	₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z),
//
// with c = a+1 gives
//
//	F(a, b; z) = (1−z)^(1−b) · Σₙ (a+1−b)ₙ/(a+1)ₙ · zⁿ,
//
// a series of positive terms whose ratio, (a+1−b+n)/(a+1+n)·z, is below z
// from the first term on (b > 0): it converges at least as fast as a
// geometric series in z whatever a and b are, and the faster the larger
// b is — exactly where the original series is slow. It is used where the
// original series needs several times more terms (its terms peak near
// n = b·z/(1−z)) or is not used at all, provided it converges within
// eulerMaxTerms terms; otherwise the tabulated original series or the
// numerical integral remains.

// eulerMaxTerms bounds the Euler series.
const eulerMaxTerms = 4096

// useEuler reports whether log F(a, b; z) is computed by eulerLog2F1. The
// Euler terms tₙ shrink by ρₖ = (1 − b/(a+1+k))·z ≤ z·e^(−b/(a+1+k)), so
// log tₙ ≤ n·log z − b·log(1 + n/(a+1)); the series is taken when that
// bound is below e⁻⁴⁰ at some n ≤ eulerMaxTerms that is less than a
// quarter of the terms of the original series (a tabulated polynomial,
// several times cheaper per term), or when the original is not used.
func useEuler(a, b, z, zc float64) bool {
	if !(z > 0) {
		return false
	}
	nlz := -math.Log1p(-zc) // −log z
	orig := b*z/zc + 40/nlz
	if z > hyper.SeriesLimit || b*z > 1000*zc {
		orig = math.Inf(1)
	}
	for n := 8.0; n <= eulerMaxTerms && 4*n < orig; n *= 2 {
		if n*nlz+b*math.Log1p(n/(a+1)) >= 40 {
			return true
		}
	}
	return false
}

// eulerLog2F1 returns log F(a, b; z) = log ₂F₁(a, b; a+1; z) with its
// derivatives in a, b and z (when deriv), for a > 0, b > 0, 0 < z < 1 and
// zc = 1 − z, by the Euler-transformed series above, and whether the
// series converged within eulerMaxTerms terms (if not, the value is not
// to be used). The
// derivatives of the sum are summed term by term with it: for
// tₙ = Πₖ<ₙ (p+k)/(q+k)·z (p = a+1−b, q = a+1),
//
//	∂tₙ/∂p = tₙ Σₖ<ₙ 1/(p+k),  ∂tₙ/∂q = −tₙ Σₖ<ₙ 1/(q+k),  ∂tₙ/∂z = n·tₙ/z.
func eulerLog2F1(a, b, z, zc float64, deriv bool) (hyper.Value, bool) {
	p, q := a+1-b, a+1
	s, sp, sq, sz := 1.0, 0.0, 0.0, 0.0 // Σtₙ, Σtₙ·hpₙ, Σtₙ·hqₙ, Σn·tₙ
	t, hp, hq := 1.0, 0.0, 0.0          // tₙ, Σₖ<ₙ 1/(p+k), Σₖ<ₙ 1/(q+k)
	ok := false
	// Every later ratio is below z, so the rest of the sum after tₙ is at
	// most tₙ·z/(1−z); the derivative sums carry the factors n and hpₙ ≥ hqₙ
	// (p < q).
	zr := z / zc
	for n := 0; n < eulerMaxTerms; n++ {
		fn := float64(n)
		t *= (p + fn) / (q + fn) * z
		s += t
		f := fn + 2
		if deriv {
			hp += 1 / (p + fn)
			hq += 1 / (q + fn)
			sp += t * hp
			sq += t * hq
			sz += (fn + 1) * t
			f += hp
		}
		if t*zr*f <= 1e-17*s {
			ok = true
			break
		}
	}
	lz := math.Log(zc)
	v := hyper.Value{Log: (1-b)*lz + math.Log(s)}
	if deriv {
		v.DA = (sp - sq) / s
		v.DB = -lz - sp/s
		v.DZ = (b-1)/zc + sz/(z*s)
	}
	return v, ok
}

// bigA is the smallest a for which bigALog2F1 is used when the Euler series
// does not converge: z near 1 with a = r+s+x large, as when a Pareto/NBD
// fit runs to the boundary s, β → ∞ (a common dropout rate). There
//
//	F(a, b; z)/a = z^−b ∫₀¹ (1−u)^(a−1) (ε+u)^−b du,   ε = (1−z)/z,
//
// (u = 1 − e^−v in the integral of internal/hyper), whose integrand has
// two scales, ε (the peak of (ε+u)^−b at 0) and 1/a (the fall of
// (1−u)^(a−1)). With u = ε·(e^y − 1) both become smooth in y,
//
//	F/a = z^−b ε^(1−b) ∫₀^Y exp((1−b)·y + (a−1)·log(1−u)) dy,
//
// which a composite 12-point Gauss–Legendre rule integrates to near machine
// precision on panels graded from the width of the peak at y = 0 up to 1; Y is where (1−u)^(a−1) has fallen
// below e^−45 of the total (see internal/hyper). A few dozen nodes replace
// the adaptive quadrature's thousand.
const bigA = 200

// bigAN is the number of Gauss–Legendre nodes per panel of bigALog2F1.
const bigAN = 12

var bigANodes, bigAWeights = func() ([]float64, []float64) {
	x, w := make([]float64, bigAN), make([]float64, bigAN)
	quad.Legendre{}.FixedLocations(x, w, 0, 1)
	return x, w
}()

// bigALog2F1 returns log F(a, b; z) with its derivatives (when deriv) by
// the integral above, and false where it does not apply (a < bigA, or the
// cut-off beyond u = 1/2).
func bigALog2F1(a, b, z, zc float64, deriv bool) (hyper.Value, bool) {
	if a < bigA || !(z > 0.5) {
		return hyper.Value{}, false
	}
	eps := zc / z
	uCut := (45 + math.Log1p(b*z/(a*zc))) / a // v-cut of internal/hyper; u ≤ v
	if uCut > 0.5 {
		return hyper.Value{}, false
	}
	Y := math.Log1p(uCut / eps)
	// Panels graded from the scale of the peak at y = 0, where the
	// log-integrand falls at the rate |1−b| + (a−1)·ε, doubling up to 1.
	w := 1 / (1 + math.Abs(1-b) + (a-1)*eps)
	var lo, hi [128]float64
	np := 0
	for y := 0.0; y < Y; np++ {
		if np == len(lo) {
			return hyper.Value{}, false
		}
		lo[np], hi[np] = y, math.Min(Y, y+w)
		y = hi[np]
		w = math.Min(1, 2*w)
	}
	m := len(bigANodes)
	var phis, us, lus, ys [128 * bigAN]float64
	ref := math.Inf(-1)
	for p := range np {
		for i, x := range bigANodes {
			k := p*m + i
			y := lo[p] + x*(hi[p]-lo[p])
			u := eps * math.Expm1(y)
			lu := math.Log1p(-u)
			phi := (1-b)*y + (a-1)*lu
			phis[k], us[k], lus[k], ys[k] = phi, u, lu, y
			ref = math.Max(ref, phi)
		}
	}
	var s, sa, sb, sz float64
	for p := range np {
		h := hi[p] - lo[p]
		for i := range bigANodes {
			k := p*m + i
			w := h * bigAWeights[i] * math.Exp(phis[k]-ref)
			s += w
			if deriv {
				sa += w * lus[k]
				sb += w * ys[k]
				sz += w * (1 - us[k]) / (eps + us[k])
			}
		}
	}
	le := math.Log(eps)
	v := hyper.Value{Log: math.Log(a) - b*math.Log(z) + (1-b)*le + ref + math.Log(s)}
	if deriv {
		v.DA = 1/a + sa/s
		v.DB = -math.Log(z) - le - sb/s
		v.DZ = b / z * sz / s
	}
	return v, true
}

// eulerTable tabulates the Euler-transformed series of F(a, b; z) for fixed
// a and b, so that the Pareto/NBD kernel, which needs F at the z of every
// distinct age of the customers with one frequency, pays for the divisions
// of the coefficients once per frequency and then sums a division-free
// polynomial per age. The coefficients of the value and of its three
// derivative series,
//
//	cₙ = (p)ₙ/(q)ₙ,  cₙ·Σₖ<ₙ (q−p)/((p+k)(q+k)),  cₙ·Σₖ<ₙ 1/(p+k),  (n+1)·cₙ₊₁,
//
// (p = a+1−b, q = a+1) are positive, so nothing cancels, and the terms
// cₙzⁿ shrink at least like zⁿ (see above): the table reaches z close to 1
// with a few thousand terms whatever a and b are. Beyond its reach (z
// above zmax, or past eulerMaxTerms terms) eval reports false and the
// caller integrates.
type eulerTable struct {
	b, p, zmax float64
	done       bool // the series converged at zmax within the table
	co         []eulerCoef
}

// eulerCoef is one term of the four series of eulerTable, with hp, the
// sum Σₖ<ₙ 1/(p+k), for the tail bound.
type eulerCoef struct {
	c, ca, cb, cz, hp float64
}

// reset tabulates the series for a, b > 0 up to the term where the tail is
// negligible at zmax < 1 (at most eulerMaxTerms terms), reusing e's
// memory.
func (e *eulerTable) reset(a, b, zmax float64) {
	p, q := a+1-b, a+1
	e.b, e.p, e.zmax, e.done = b, p, zmax, false
	e.co = e.co[:0]
	c, hd, hp := 1.0, 0.0, 0.0
	zr := zmax / (1 - zmax)
	s, pz := 0.0, 1.0 // the value series at zmax and zmaxⁿ, for the stopping rule
	for n := 0; n < eulerMaxTerms; n++ {
		fn := float64(n)
		next := c * (p + fn) / (q + fn)
		e.co = append(e.co, eulerCoef{c: c, ca: c * hd, cb: c * hp, cz: (fn + 1) * next, hp: hp})
		s += c * pz
		if next == 0 || tailOK(c*pz, s, fn, hp, zmax, zr, p) {
			e.done = true
			return
		}
		hd += (q - p) / ((p + fn) * (q + fn))
		hp += 1 / (p + fn)
		c = next
		pz *= zmax
	}
}

// tailOK reports whether, after the term tₙ = cₙzⁿ (the n-th, with
// hp = Σₖ<ₙ 1/(p+k)) of a series of positive terms whose later ratios are
// at most z, the rest of the value series and of its three derivative
// series is below 1e-17 of the value s. With hpₘ ≤ hpₙ + (m−n)/p the tails
// are at most tₙ·(z/(1−z)·(n+2+hp) + z/(1−z)²·(1+1/p)).
func tailOK(t, s, n, hp, z, zr, p float64) bool {
	return t*(zr*(n+2+hp)+zr/(1-z)*(1+1/p)) <= 1e-17*s
}

// eval returns log F(a, b; z) with its derivatives from the table, for
// 0 ≤ z < 1 with zc = 1 − z, and false if the tabulated terms do not reach
// the precision at this z.
func (e *eulerTable) eval(z, zc float64) (hyper.Value, bool) {
	if !(z >= 0) || !(zc > 0) || len(e.co) == 0 {
		return hyper.Value{}, false
	}
	zr := z / zc
	var s, sa, sb, sz float64
	pz := 1.0
	ok := false
	last := len(e.co) - 1
	for n := range e.co {
		k := &e.co[n]
		t := k.c * pz
		s += t
		sa += k.ca * pz
		sb += k.cb * pz
		sz += k.cz * pz
		if n&3 == 3 || n == last {
			if tailOK(t, s, float64(n), k.hp, z, zr, e.p) {
				ok = true
				break
			}
		}
		pz *= z
	}
	if !ok && !(e.done && z <= e.zmax) {
		return hyper.Value{}, false
	}
	lz := math.Log(zc)
	return hyper.Value{
		Log: (1-e.b)*lz + math.Log(s),
		DA:  sa / s,
		DB:  -lz - sb/s,
		DZ:  (e.b-1)/zc + sz/s,
	}, true
}
