package interval

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/dist"
)

// Reference values: statsmodels 0.13 proportion_confint, as recorded in the
// abtest public reference file (binomial_ci cases 1_of_10 and 95_of_100).
func TestProportionIntervals(t *testing.T) {
	z := dist.ZCritical(0.95)
	for _, tc := range []struct {
		name                                    string
		x, n                                    float64
		wilson, ac, cp, jeffreys, waldUnclipped Interval
	}{
		{
			name: "1_of_10", x: 1, n: 10,
			wilson:        Interval{Lower: 0.017876213095072924, Upper: 0.40415002679523854},
			ac:            Interval{Lower: -0.00394149750452083, Upper: 0.4259677373948323},
			cp:            Interval{Lower: 0.0025285785444617848, Upper: 0.4450161170281953},
			jeffreys:      Interval{Lower: 0.011011673763161138, Upper: 0.3813147710666164},
			waldUnclipped: Interval{Lower: -0.08593850969136851, Upper: 0.2859385096913685},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, got, want Interval) {
				assert.InEpsilon(t, want.Lower, got.Lower, 1e-9, "%s lower", what)
				assert.InEpsilon(t, want.Upper, got.Upper, 1e-9, "%s upper", what)
			}
			check("wilson", Wilson(tc.x, tc.n, z), tc.wilson)
			check("agresti-coull", AgrestiCoull(tc.x, tc.n, z), tc.ac)
			check("clopper-pearson", ClopperPearson(tc.x, tc.n, 0.95), tc.cp)
			check("jeffreys", Jeffreys(tc.x, tc.n, 0.95), tc.jeffreys)
			check("wald", Wald(tc.x, tc.n, z), tc.waldUnclipped)
		})
	}
}

func TestBoundaries(t *testing.T) {
	assert.Equal(t, 0.0, ClopperPearson(0, 20, 0.95).Lower)
	assert.Equal(t, 1.0, ClopperPearson(20, 20, 0.95).Upper)
	assert.Equal(t, 0.0, Jeffreys(0, 20, 0.95).Lower)
	assert.Equal(t, 1.0, Jeffreys(20, 20, 0.95).Upper)
	w := Wilson(0, 20, 1.96)
	assert.Equal(t, 0.0, w.Lower)
	assert.Greater(t, w.Upper, 0.0)
}

func TestNesting(t *testing.T) {
	// Intervals widen as the level rises and contain the estimate.
	for _, f := range []func(level float64) Interval{
		func(l float64) Interval { return Wilson(7, 30, dist.ZCritical(l)) },
		func(l float64) Interval { return ClopperPearson(7, 30, l) },
		func(l float64) Interval { return Jeffreys(7, 30, l) },
		func(l float64) Interval { return AgrestiCoull(7, 30, dist.ZCritical(l)) },
	} {
		prev := Interval{Lower: 7.0 / 30, Upper: 7.0 / 30}
		for _, l := range []float64{0.5, 0.8, 0.9, 0.95, 0.99, 0.999} {
			iv := f(l)
			assert.True(t, iv.Contains(prev.Lower) && iv.Contains(prev.Upper), "level %v: %v does not contain %v", l, iv, prev)
			prev = iv
		}
	}
}

func TestTMean(t *testing.T) {
	_, ok := TMean(3, 1, 1, 0.95)
	assert.False(t, ok)
	iv, ok := TMean(10, 2, 11, 0.95)
	assert.True(t, ok)
	// mean ± t(10, .975)·2/√11 with t = 2.2281388519862744.
	half := 2.2281388519862744 * 2 / math.Sqrt(11)
	assert.InDelta(t, 10-half, iv.Lower, 1e-13)
	assert.InDelta(t, 10+half, iv.Upper, 1e-13)
}

func TestIntervalMethods(t *testing.T) {
	iv := Interval{Lower: -0.2, Upper: 0.5}
	assert.Equal(t, Interval{Lower: 0, Upper: 0.5}, iv.Clip(0, 1))
	assert.InDelta(t, 0.7, iv.Width(), 1e-15)
	assert.Equal(t, Interval{Lower: -20, Upper: 50}, iv.Scale(100))
	assert.False(t, iv.Contains(0.6))
}

// TestJeffreysConventions: the plain Beta quantiles (statsmodels' and R
// binom's convention) against SciPy 1.10.1's beta.ppf/beta.isf, which is
// statsmodels' own formula (proportion_confint, method "jeffreys"):
// /usr/bin/python3 -c "from scipy.stats import beta; print(beta.ppf(a/2, x+.5, n-x+.5), beta.isf(a/2, x+.5, n-x+.5))".
// Jeffreys differs from it only at x = 0 (lower 0) and x = n (upper 1), the
// Brown–Cai–DasGupta (2001) boundary rule.
func TestJeffreysConventions(t *testing.T) {
	for _, c := range []struct{ x, n, level, lo, hi float64 }{
		{0, 10, 0.95, 4.7890433157581876e-05, 0.2171962675092106},
		{10, 10, 0.95, 0.7828037324907894, 0.9999521095668424},
		{3, 10, 0.95, 0.09269459393815316, 0.6058183181486714},
		{0, 1, 0.95, 0.0003855809807559011, 0.8532536836904249},
		{1, 1, 0.90, 0.2285198138063288, 0.9984570806973271},
	} {
		p := JeffreysPlain(c.x, c.n, c.level)
		if math.Abs(p.Lower-c.lo) > 1e-9*c.lo || math.Abs(p.Upper-c.hi) > 1e-9*c.hi {
			t.Errorf("JeffreysPlain(%v, %v, %v) = %+v, want [%v, %v]", c.x, c.n, c.level, p, c.lo, c.hi)
		}
		j := Jeffreys(c.x, c.n, c.level)
		wantLo, wantHi := p.Lower, p.Upper
		if c.x == 0 {
			wantLo = 0
		}
		if c.x == c.n {
			wantHi = 1
		}
		if j.Lower != wantLo || j.Upper != wantHi {
			t.Errorf("Jeffreys(%v, %v, %v) = %+v, want [%v, %v]", c.x, c.n, c.level, j, wantLo, wantHi)
		}
	}
}
