package clv

import (
	"math"

	"github.com/cxkit/cxkit/internal/hyper"
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
