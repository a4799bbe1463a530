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
	// Coefficients of zᵏ in H = F/a and in ∂H/∂a, ∂H/∂b, ∂H/∂z, and rb[k],
	// a bound on the ratio of later coefficients to earlier ones (divided
	// by z), for the tail bound.
	c, ca, cb, cz, rb []float64
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
	s.c, s.ca, s.cb, s.cz, s.rb = s.c[:0], s.ca[:0], s.cb[:0], s.cz[:0], s.rb[:0]
	g := 1.0   // (b)ₖ/k!
	sum := 0.0 // Σ_{j<k} 1/(b+j)
	h := 0.0   // the value series at zmax, for the stopping rule
	pz := 1.0  // zmaxᵏ
	for k := 0; k < maxTerms; k++ {
		fk := float64(k)
		inv := 1 / (a + fk)
		t := g * inv
		s.c = append(s.c, t)
		s.ca = append(s.ca, -t*inv)
		s.cb = append(s.cb, t*sum)
		s.cz = append(s.cz, (b+fk)*g/(a+fk+1))
		r := 1.0
		if b > 1 {
			r = (b + fk) / (fk + 1)
		}
		s.rb = append(s.rb, r)
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
	if !(z >= 0 && z <= s.zmax) || len(s.c) == 0 {
		return Log2F1(s.a, s.b, z, zc)
	}
	var h, ha, hb, hz float64
	p := 1.0
	n := len(s.c)
	for k := 0; k < n; k++ {
		h += s.c[k] * p
		ha += s.ca[k] * p
		hb += s.cb[k] * p
		hz += s.cz[k] * p
		p *= z
		// Geometric tail bound from the next term on: later coefficients
		// shrink by at most rb[k] each (checked every fourth term).
		rho := s.rb[k] * z
		if k&3 == 3 && s.c[k]*p*s.rb[k] <= 1e-17*h*(1-rho) && s.cb[k]*p*s.rb[k] <= 1e-17*hb*(1-rho) && s.cz[k]*p*s.rb[k] <= 1e-17*hz*(1-rho) {
			break
		}
	}
	return Value{
		Log: math.Log(h) + s.la,
		DA:  ha/h + 1/s.a,
		DB:  hb / h,
		DZ:  hz / h,
	}
}

// LogValue returns log ₂F₁(a, b; a+1; z) alone, as [LogValue] does.
func (s *Series) LogValue(z, zc float64) float64 {
	if !(z >= 0 && z <= s.zmax) || len(s.c) == 0 {
		return LogValue(s.a, s.b, z, zc)
	}
	var h float64
	p := 1.0
	for k, c := range s.c {
		h += c * p
		p *= z
		if k&3 == 3 && c*p*s.rb[k] <= 1e-17*h*(1-s.rb[k]*z) {
			break
		}
	}
	return math.Log(h) + s.la
}
