package hyper

import "math"

// Series evaluates ₂F₁(a, b; a+1; z) for fixed a and b at many z, as a
// fitting loop needs (the Pareto/NBD terms of all customers with the same
// frequency share a and b). It stores the power-series coefficients of the
// value and of its three partial derivatives once, so each evaluation is a
// division-free polynomial sum; z above the coefficients' range, or above
// SeriesLimit (or too far for the series), go to [Log2F1].
//
// The zero Series is empty; call Reset before use. After Reset a Series is
// read-only and safe for concurrent use.
type Series struct {
	a, b, la float64
	zmax     float64
	co       []coef
}

// coef holds the coefficients of zᵏ in H = F/a and in ∂H/∂a, ∂H/∂b, ∂H/∂z,
// and rb, a bound on the ratio of later coefficients to earlier ones
// (divided by z), for the tail bound.
type coef struct {
	c, ca, cb, cz, rb float64
}

// Reset prepares s for ₂F₁(a, b; a+1; z) with a > 0, b > 0 and z up to
// zmax (capped at SeriesLimit), reusing s's memory. It panics if a or b is
// not positive and finite.
func (s *Series) Reset(a, b, zmax float64) {
	if !(a > 0) || math.IsInf(a, 0) || !(b > 0) || math.IsInf(b, 0) {
		panic("hyper: Series parameters must be positive and finite")
	}
	if !(zmax >= 0) {
		zmax = 0
	}
	zmax = math.Min(zmax, SeriesLimit)
	// Keep to where the series is used at all (b·z/(1−z) ≤ maxPeak).
	zmax = math.Min(zmax, maxPeak/(b+maxPeak))
	s.a, s.b, s.la, s.zmax = a, b, math.Log(a), zmax
	s.co = s.co[:0]
	g := 1.0   // (b)ₖ/k!
	sum := 0.0 // Σ_{j<k} 1/(b+j)
	h := 0.0   // the value series at zmax, for the stopping rule
	pz := 1.0  // zmaxᵏ
	for k := 0; k < maxTerms; k++ {
		fk := float64(k)
		inv := 1 / (a + fk)
		t := g * inv
		r := 1.0
		if b > 1 {
			r = (b + fk) / (fk + 1)
		}
		s.co = append(s.co, coef{c: t, ca: -t * inv, cb: t * sum, cz: (b + fk) * g / (a + fk + 1), rb: r})
		h += t * pz
		sum += 1 / (b + fk)
		g *= (b + fk) / (fk + 1)
		pz *= zmax
		rho := r * zmax
		// Stop once the rest of the series is negligible at zmax, with a
		// margin for the derivative series' slowly growing factors.
		if pz == 0 || rho < 1 && g/(a+fk+1)*pz*(b+fk+2)*(sum+1) <= 1e-18*h*(1-rho) {
			return
		}
		if g > 1e250 {
			break
		}
	}
	// The coefficients would overflow (b in the hundreds with zmax near
	// the limit): leave every z to the rescaled Log2F1.
	s.zmax = -1
}

// LogA returns log a, saved by Reset.
func (s *Series) LogA() float64 { return s.la }

// Log2F1 returns log ₂F₁(a, b; a+1; z) and its derivatives, as the
// package-level [Log2F1] does, with zc = 1 − z.
func (s *Series) Log2F1(z, zc float64) Value {
	if !(z >= 0 && z <= s.zmax) || len(s.co) == 0 {
		return Log2F1(s.a, s.b, z, zc)
	}
	// Even and odd terms in separate sums, with the power stepping by z²,
	// so that the additions do not wait on each other.
	var h0, h1, a0, a1, b0, b1, z0, z1 float64
	co := s.co
	z2 := z * z
	p := 1.0
	k := 0
	for ; k+1 < len(co); k += 2 {
		e, o := &co[k], &co[k+1]
		q := p * z
		h0 += e.c * p
		h1 += o.c * q
		a0 += e.ca * p
		a1 += o.ca * q
		b0 += e.cb * p
		b1 += o.cb * q
		z0 += e.cz * p
		z1 += o.cz * q
		p *= z2
		// Geometric tail bound from term k+2 on (checked every fourth
		// term): later coefficients shrink by at most o.rb each.
		if k&2 == 2 {
			t := p * o.rb
			rho := 1 - o.rb*z
			if o.c*t <= 1e-17*(h0+h1)*rho && o.cb*t <= 1e-17*(b0+b1)*rho && o.cz*t <= 1e-17*(z0+z1)*rho {
				k = len(co) // done
				break
			}
		}
	}
	if k < len(co) { // the last, odd-numbered term
		e := &co[k]
		h0 += e.c * p
		a0 += e.ca * p
		b0 += e.cb * p
		z0 += e.cz * p
	}
	h := h0 + h1
	return Value{
		Log: math.Log(h) + s.la,
		DA:  (a0+a1)/h + 1/s.a,
		DB:  (b0 + b1) / h,
		DZ:  (z0 + z1) / h,
	}
}

// LogValue returns log ₂F₁(a, b; a+1; z) alone, as [LogValue] does.
func (s *Series) LogValue(z, zc float64) float64 {
	if !(z >= 0 && z <= s.zmax) || len(s.co) == 0 {
		return LogValue(s.a, s.b, z, zc)
	}
	var h float64
	p := 1.0
	for k := range s.co {
		e := &s.co[k]
		h += e.c * p
		p *= z
		if k&3 == 3 && e.c*p*e.rb <= 1e-17*h*(1-e.rb*z) {
			break
		}
	}
	return math.Log(h) + s.la
}
