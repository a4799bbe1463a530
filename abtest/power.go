package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/settings"
)

// PowerMethod selects the formula of a power or sample-size calculation.
// The zero value, PowerAuto, is PowerCohenH for proportions and PowerTTest
// for means.
type PowerMethod int

const (
	// PowerAuto is the default of each call: PowerCohenH for proportions,
	// PowerTTest for means.
	PowerAuto PowerMethod = iota
	// PowerCohenH (proportions) works on Cohen's effect size
	// h = 2·asin√p₂ − 2·asin√p₁ with the normal power function (statsmodels'
	// NormalIndPower, R's pwr.2p.test).
	PowerCohenH
	// PowerPooled (proportions) is the normal approximation with the pooled rate
	// p̄ = (p₁ + r·p₂)/(1 + r) in the null standard deviation and the
	// unpooled one under the alternative (Fleiss, without continuity
	// correction): n₁ = (z_α·√(p̄q̄(1 + 1/r)) + z_β·√(p₁q₁ + p₂q₂/r))²/Δ².
	PowerPooled
	// PowerPooledBaseline (proportions) is Pooled with the baseline rate p₁ in
	// place of p̄ in the null standard deviation: the formula of Evan
	// Miller's online sample-size calculator.
	PowerPooledBaseline
	// PowerUnpooled (proportions) uses √(p₁q₁ + p₂q₂/r) under both hypotheses:
	// n₁ = (z_α + z_β)²(p₁q₁ + p₂q₂/r)/Δ².
	PowerUnpooled
	// PowerTTest (means) is the exact power of the two-sample t-test through the
	// noncentral t distribution, df = n₁ + n₂ − 2, noncentrality
	// d·√(n₁n₂/(n₁ + n₂)) (statsmodels' TTestIndPower, R's pwr.t.test).
	PowerTTest
	// PowerNormal (means) replaces the t by the normal distribution.
	PowerNormal
)

// PowerSettings holds the design parameters of a power calculation. A nil
// pointer or a zero field means the documented default.
//
// JSON keys: alpha, power, ratio, alternative, method.
type PowerSettings struct {
	// Alpha is the significance level of the planned test; 0 means 0.05.
	Alpha float64
	// Power is the probability of detecting the effect; 0 means 0.8.
	Power float64
	// Ratio is n₂/n₁, the size of the treatment arm relative to the
	// control; 0 means 1 (equal arms).
	Ratio float64
	// Alternative of the planned test. Greater (or Less) plans a one-sided
	// test of p₂ > p₁ (p₂ < p₁); TwoSided counts both rejection tails in the
	// power, as statsmodels does (the formula methods use z_{α/2} and one
	// tail, as the textbook formulas do).
	Alternative Alternative
	// Method: see PowerMethod. Zero is PowerAuto.
	Method PowerMethod
}

// resolve applies the defaults; means selects the default method for
// means.
func (s *PowerSettings) resolve(means bool) (PowerSettings, error) {
	r := settings.Of(s)
	var err error
	if r.Alpha, err = alphaOf(r.Alpha); err != nil {
		return r, err
	}
	if r.Power, err = powerOf(r.Power); err != nil {
		return r, err
	}
	if r.Ratio == 0 {
		r.Ratio = 1
	}
	if !(r.Ratio > 0) || math.IsInf(r.Ratio, 0) {
		return r, inputErr(ErrOutOfRange, "ratio", -1, r.Ratio)
	}
	if err := r.Alternative.check(); err != nil {
		return r, err
	}
	if r.Method == PowerAuto {
		r.Method = PowerCohenH
		if means {
			r.Method = PowerTTest
		}
	}
	switch {
	case means && r.Method != PowerTTest && r.Method != PowerNormal,
		!means && (r.Method < PowerCohenH || r.Method > PowerUnpooled):
		return r, inputErr(ErrOutOfRange, "power method", -1, r.Method)
	}
	return r, nil
}

// zAlpha returns the critical value: z_{1−α/2} two-sided, z_{1−α} one-sided.
func (s PowerSettings) zAlpha() float64 {
	if s.Alternative == TwoSided {
		return dist.NormalQuantile(1 - s.Alpha/2)
	}
	return dist.NormalQuantile(1 - s.Alpha)
}

// SampleSize is the result of a sample-size calculation.
//
// JSON keys: na, nb, exact_na, exact_nb, effect.
type SampleSize struct {
	// NA and NB are the units to plan for in control and treatment
	// (rounded up); ExactNA and ExactNB the unrounded solutions
	// (ExactNB = Ratio·ExactNA).
	NA, NB           int
	ExactNA, ExactNB float64
	// Effect is the standardised effect used: Cohen's h or d, or the
	// absolute difference p₂ − p₁ for the formula methods.
	Effect float64
}

// newSampleSize rounds the solution up; a size beyond MaxInt is an error.
func newSampleSize(n1, ratio, effect float64) (SampleSize, error) {
	n2 := n1 * ratio
	c1, c2 := math.Ceil(n1-1e-9), math.Ceil(n2-1e-9)
	if !(c1 < math.MaxInt64 && c2 < math.MaxInt64) {
		return SampleSize{}, fmt.Errorf("%w: %v units per arm do not fit in an int", ErrTooLarge, math.Max(n1, n2))
	}
	return SampleSize{ExactNA: n1, ExactNB: n2, NA: int(c1), NB: int(c2), Effect: effect}, nil
}

// CohenH returns Cohen's effect size for two proportions,
// h = 2·asin√p₂ − 2·asin√p₁ (the arcsine transformation makes the
// variance independent of p). NaN outside [0, 1].
func CohenH(p1, p2 float64) float64 {
	return 2*math.Asin(math.Sqrt(p2)) - 2*math.Asin(math.Sqrt(p1))
}

// normalPower is the power of a z-test of a standardised effect e with
// effective size m = n₁n₂/(n₁ + n₂) (statsmodels' normal_power).
func normalPower(e, m float64, s PowerSettings) float64 {
	crit := s.zAlpha()
	shift := e * math.Sqrt(m)
	switch s.Alternative {
	case Greater:
		return dist.NormalSF(crit - shift)
	case Less:
		return dist.NormalCDF(-crit - shift)
	}
	return dist.NormalSF(crit-shift) + dist.NormalCDF(-crit-shift)
}

// tPower is the power of the two-sample t-test of a standardised effect d
// with n1 and n2 = ratio·n1 observations, by the noncentral t.
func tPower(d, n1 float64, s PowerSettings) float64 {
	n2 := n1 * s.Ratio
	df := n1 + n2 - 2
	nc := d * math.Sqrt(n1*n2/(n1+n2))
	switch s.Alternative {
	case Greater:
		return nctSF(dist.TQuantile(1-s.Alpha, df), df, nc)
	case Less:
		return nctCDF(dist.TQuantile(s.Alpha, df), df, nc)
	}
	crit := dist.TQuantile(1-s.Alpha/2, df)
	return nctSF(crit, df, nc) + nctCDF(-crit, df, nc)
}

// checkRate validates a planned conversion rate.
func checkRate(arg string, p float64) error {
	if !(p > 0 && p < 1) {
		return inputErr(fmt.Errorf("%w: a rate must lie in (0, 1)", ErrOutOfRange), arg, -1, p)
	}
	return nil
}

// proportionPower returns the power with n1 control units for the design.
func proportionPower(p1, p2, n1 float64, s PowerSettings) float64 {
	r := s.Ratio
	if s.Method == PowerCohenH {
		return normalPower(CohenH(p1, p2), n1*r/(1+r), s)
	}
	sd0, sd1 := proportionSDs(p1, p2, s)
	z := (math.Abs(p2-p1)*math.Sqrt(n1) - s.zAlpha()*sd0) / sd1
	return dist.NormalCDF(z)
}

// proportionSDs returns the per-unit standard deviations of the difference
// under the null and the alternative for the formula methods.
func proportionSDs(p1, p2 float64, s PowerSettings) (sd0, sd1 float64) {
	r := s.Ratio
	sd1 = math.Sqrt(p1*(1-p1) + p2*(1-p2)/r)
	switch s.Method {
	case PowerPooled:
		pbar := (p1 + r*p2) / (1 + r)
		sd0 = math.Sqrt(pbar * (1 - pbar) * (1 + 1/r))
	case PowerPooledBaseline:
		sd0 = math.Sqrt(p1 * (1 - p1) * (1 + 1/r))
	default:
		sd0 = sd1
	}
	return sd0, sd1
}

// SampleSizeProportions returns the number of units per arm needed to
// detect a change of the conversion rate from p1 (control) to p2
// (treatment) with the settings' power, alpha, ratio and method. The
// formula methods have closed forms; PowerCohenH (two-sided, both tails counted)
// is solved numerically, like statsmodels.
//
// Errors: p1 or p2 outside (0, 1), p1 = p2, p2 on the wrong side of p1 for a
// one-sided Alternative, a ratio or method out of range (ErrOutOfRange);
// Alpha or Power outside (0, 1) (ErrLevel); no size below 10¹⁵ reaching
// the power (ErrNotConverged).
func SampleSizeProportions(p1, p2 float64, s *PowerSettings) (SampleSize, error) {
	set, err := s.resolve(false)
	if err != nil {
		return SampleSize{}, err
	}
	if err := checkEffectDirection(p1, p2, set); err != nil {
		return SampleSize{}, err
	}
	if set.Method != PowerCohenH {
		sd0, sd1 := proportionSDs(p1, p2, set)
		zb := dist.NormalQuantile(set.Power)
		n := (set.zAlpha()*sd0 + zb*sd1) / (p2 - p1)
		return newSampleSize(n*n, set.Ratio, p2-p1)
	}
	h := CohenH(p1, p2)
	n, err := solveN(func(n float64) float64 { return proportionPower(p1, p2, n, set) }, set, 1e-9)
	if err != nil {
		return SampleSize{}, err
	}
	return newSampleSize(n, set.Ratio, h)
}

func checkEffectDirection(p1, p2 float64, set PowerSettings) error {
	if err := checkRate("p1", p1); err != nil {
		return err
	}
	if err := checkRate("p2", p2); err != nil {
		return err
	}
	if p1 == p2 ||
		set.Alternative == Greater && p2 < p1 || set.Alternative == Less && p2 > p1 {
		return fmt.Errorf("%w: no effect in the tested direction (p1 = %v, p2 = %v, %v)", ErrOutOfRange, p1, p2, set.Alternative)
	}
	return nil
}

// solveN finds n1 with power(n1) = set.Power, where power increases with n1.
func solveN(power func(float64) float64, set PowerSettings, lo float64) (float64, error) {
	f := func(n float64) float64 { return power(n) - set.Power }
	if f(lo) >= 0 {
		return lo, nil
	}
	lo, hi, ok := expandBracket(f, lo, math.Max(2*lo, 4), 1e15)
	if !ok {
		return math.NaN(), fmt.Errorf("%w: power %v not reached below n = 1e15", ErrNotConverged, set.Power)
	}
	n, ok := findRoot(f, lo, hi, 1e-10)
	if !ok {
		return math.NaN(), fmt.Errorf("%w: sample size search failed", ErrNotConverged)
	}
	return n, nil
}

// PowerProportions returns the power of the planned test with n1 control
// units (and Ratio·n1 treatment units) to detect p1 → p2.
// Errors: as [SampleSizeProportions], and n1 not positive and finite.
func PowerProportions(p1, p2, n1 float64, s *PowerSettings) (float64, error) {
	set, err := s.resolve(false)
	if err != nil {
		return 0, err
	}
	if err := checkEffectDirection(p1, p2, set); err != nil {
		return 0, err
	}
	if !(n1 > 0) || math.IsInf(n1*(1+set.Ratio), 0) {
		return 0, inputErr(ErrOutOfRange, "n1", -1, n1)
	}
	return proportionPower(p1, p2, n1, set), nil
}

// MDE is a minimum detectable effect of a conversion rate: see
// [MDEProportions].
//
// JSON keys: rate, diff, lift.
type MDE struct {
	Rate float64 // the treatment rate p₂ detected with the planned power
	Diff float64 // p₂ − p₁, the absolute difference
	Lift float64 // p₂/p₁ − 1, the relative lift
}

// MDEProportions returns the minimum detectable effect: the treatment rate
// p2 that the planned test (baseline p1, n1 control units) detects with the
// settings' power, with its difference and relative lift over p1. The
// direction is upward for TwoSided and Greater, downward for Less.
//
// Errors: p1 outside (0, 1) or n1 not positive and finite (ErrOutOfRange),
// settings as [SampleSizeProportions], no rate in (0, 1) reaching the power
// (ErrNotConverged).
func MDEProportions(p1, n1 float64, s *PowerSettings) (MDE, error) {
	set, err := s.resolve(false)
	if err != nil {
		return MDE{}, err
	}
	if err := checkRate("p1", p1); err != nil {
		return MDE{}, err
	}
	if !(n1 > 0) || math.IsInf(n1*(1+set.Ratio), 0) {
		return MDE{}, inputErr(ErrOutOfRange, "n1", -1, n1)
	}
	end := 1 - 1e-12
	if set.Alternative == Less {
		end = 1e-12
	}
	f := func(q float64) float64 { return proportionPower(p1, q, n1, set) - set.Power }
	// Start just off p1 (power ≈ alpha < Power) towards the end.
	start := p1 + (end-p1)*1e-9
	if f(end) < 0 {
		return MDE{}, fmt.Errorf("%w: no rate reaches power %v with n1 = %v", ErrNotConverged, set.Power, n1)
	}
	q, ok := findRoot(f, start, end, 1e-13)
	if !ok {
		return MDE{}, fmt.Errorf("%w: minimum detectable effect search failed", ErrNotConverged)
	}
	return MDE{Rate: q, Diff: q - p1, Lift: q/p1 - 1}, nil
}

// SampleSizeMeans returns the units per arm needed to detect a standardised
// mean difference d (Cohen's d = (μ₂ − μ₁)/σ) with the planned t-test
// (Method PowerTTest, the default, via the noncentral t) or its normal
// approximation (Method PowerNormal).
//
// Errors: d zero, NaN or infinite, or of the wrong sign for a one-sided
// Alternative (ErrOutOfRange, ErrNonFinite); settings as
// [SampleSizeProportions].
func SampleSizeMeans(d float64, s *PowerSettings) (SampleSize, error) {
	set, err := s.resolve(true)
	if err != nil {
		return SampleSize{}, err
	}
	if err := checkD(d, set); err != nil {
		return SampleSize{}, err
	}
	power := meansPower(d, set)
	// The t-test needs df = n₁(1 + r) − 2 ≥ 1 (below it the critical value
	// explodes and the power is of no practical use).
	lo := 1e-9
	if set.Method == PowerTTest {
		lo = 3 / (1 + set.Ratio)
	}
	n, err := solveN(power, set, lo)
	if err != nil {
		return SampleSize{}, err
	}
	return newSampleSize(n, set.Ratio, d)
}

func checkD(d float64, set PowerSettings) error {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return inputErr(ErrNonFinite, "d", -1, d)
	}
	if d == 0 || set.Alternative == Greater && d < 0 || set.Alternative == Less && d > 0 {
		return inputErr(fmt.Errorf("%w: no effect in the tested direction", ErrOutOfRange), "d", -1, d)
	}
	return nil
}

func meansPower(d float64, set PowerSettings) func(float64) float64 {
	if set.Method == PowerNormal {
		return func(n1 float64) float64 { return normalPower(d, n1*set.Ratio/(1+set.Ratio), set) }
	}
	return func(n1 float64) float64 { return tPower(d, n1, set) }
}

// PowerMeans returns the power of the planned two-sample test with n1
// control units to detect the standardised difference d.
// Errors: as [SampleSizeMeans], n1 too small for the t-test's degrees of
// freedom (n1(1 + Ratio) < 3) or not finite (ErrOutOfRange), a
// noncentrality beyond the series' reach (|d|·√n1 in the thousands with an
// extreme Alpha; ErrNotConverged).
func PowerMeans(d, n1 float64, s *PowerSettings) (float64, error) {
	set, err := s.resolve(true)
	if err != nil {
		return 0, err
	}
	if err := checkD(d, set); err != nil {
		return 0, err
	}
	if !(n1 > 0) || math.IsInf(n1*(1+set.Ratio), 0) || set.Method == PowerTTest && n1*(1+set.Ratio) < 3 {
		return 0, inputErr(fmt.Errorf("%w: the t-test needs n1·(1 + Ratio) ≥ 3 (one degree of freedom)", ErrOutOfRange), "n1", -1, n1)
	}
	p := meansPower(d, set)(n1)
	if math.IsNaN(p) {
		return 0, fmt.Errorf("%w: the noncentral t series for d = %v, n1 = %v is too long", ErrNotConverged, d, n1)
	}
	return p, nil
}

// MDEMeans returns the smallest standardised difference |d| that the
// planned test with n1 control units detects with the settings' power
// (negative for Alternative Less).
// Errors: settings as [SampleSizeMeans], n1 too small (ErrOutOfRange), no
// effect reaching the power (ErrNotConverged).
func MDEMeans(n1 float64, s *PowerSettings) (float64, error) {
	set, err := s.resolve(true)
	if err != nil {
		return 0, err
	}
	if !(n1 > 0) || math.IsInf(n1*(1+set.Ratio), 0) || set.Method == PowerTTest && n1*(1+set.Ratio) < 3 {
		return 0, inputErr(fmt.Errorf("%w: the t-test needs n1·(1 + Ratio) ≥ 3 (one degree of freedom)", ErrOutOfRange), "n1", -1, n1)
	}
	sign := 1.0
	if set.Alternative == Less {
		sign = -1
	}
	f := func(d float64) float64 { return meansPower(sign*d, set)(n1) - set.Power }
	lo, hi, ok := expandBracket(f, 1e-9, 0.01, 1e6)
	if !ok {
		return math.NaN(), fmt.Errorf("%w: no effect reaches power %v", ErrNotConverged, set.Power)
	}
	d, ok := findRoot(f, lo, hi, 1e-13)
	if !ok {
		return math.NaN(), fmt.Errorf("%w: minimum detectable effect search failed", ErrNotConverged)
	}
	return sign * d, nil
}

// findRoot returns a root of f in [a, b], where f(a) and f(b) must have
// opposite signs (or one of them be zero), by Brent's (1973) method:
// inverse quadratic interpolation or secant steps guarded by bisection. It
// stops when the bracket is narrower than tol + 4·eps·|x| (tol is absolute), or
// after 300 iterations. ok is false when f(a) and f(b) do not bracket a root.
func findRoot(f func(float64) float64, a, b, tol float64) (root float64, ok bool) {
	fa, fb := f(a), f(b)
	switch {
	case fa == 0:
		return a, true
	case fb == 0:
		return b, true
	case math.IsNaN(fa) || math.IsNaN(fb) || (fa > 0) == (fb > 0):
		return math.NaN(), false
	}
	c, fc := a, fa
	d := b - a
	e := d
	for range 300 {
		if (fb > 0) == (fc > 0) {
			c, fc = a, fa
			d = b - a
			e = d
		}
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol1 := 2*2.220446049250313e-16*math.Abs(b) + 0.5*tol
		m := 0.5 * (c - b)
		if math.Abs(m) <= tol1 || fb == 0 {
			return b, true
		}
		if math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			s := fb / fa
			if a == c {
				p = 2 * m * s
				q = 1 - s
			} else {
				qq := fa / fc
				r := fb / fc
				p = s * (2*m*qq*(qq-r) - (b-a)*(r-1))
				q = (qq - 1) * (r - 1) * (s - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if 2*p < math.Min(3*m*q-math.Abs(tol1*q), math.Abs(e*q)) {
				e = d
				d = p / q
			} else {
				d, e = m, m
			}
		} else {
			d, e = m, m
		}
		a, fa = b, fb
		if math.Abs(d) > tol1 {
			b += d
		} else if m > 0 {
			b += tol1
		} else {
			b -= tol1
		}
		fb = f(b)
		if math.IsNaN(fb) {
			return math.NaN(), false
		}
	}
	return b, true
}

// expandBracket looks for a sign change of f starting from [lo, hi],
// doubling hi (hi > lo > 0 are sizes) up to limit. It returns the bracket
// and whether one was found.
func expandBracket(f func(float64) float64, lo, hi, limit float64) (float64, float64, bool) {
	flo := f(lo)
	for hi <= limit {
		fhi := f(hi)
		if (flo > 0) != (fhi > 0) || fhi == 0 {
			return lo, hi, true
		}
		lo, flo = hi, fhi
		hi *= 2
	}
	return lo, hi, false
}
