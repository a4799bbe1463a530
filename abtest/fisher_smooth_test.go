package abtest

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFisherSmoothMatchesWalk: the sums by integrals (fisher_smooth.go)
// against the same sums walked term by term, on tables whose standard
// deviation of X is from 300 to 5,000, where both run: the normalising sum,
// the mean, tails on both sides of the mode at several odds ratios, the
// two-sided p-value and the MLE and interval ends, to 1e-10 relative. The
// walk is the less accurate of the two: with ψ far from 1 its log tails
// drift by up to 3e-10 (Loader's log-densities at 10⁸ and 10⁴ products of
// rounded ratios), where the integrals stay within 4e-12 of a long-double
// sum over the whole support (checked for the fourth table at
// log ψ = −1.4878: log P(X ≥ 1003152) = −10.3766818945759 exact,
// −10.3766818945724 here, −10.3766818945001 walked), so the tails are
// compared at 5e-10 absolute.
func TestFisherSmoothMatchesWalk(t *testing.T) {
	ctx := context.Background()
	for _, table := range [][2][2]int{
		{{300_000, 300_000}, {301_000, 299_000}},
		{{10_000_000, 10_000_000}, {10_005_000, 9_995_000}},
		{{3_000_000, 70_000_000}, {3_010_000, 69_990_000}},
		{{400_000, 9_000_000}, {1_000_000, 100_000_000}},
		{{50_000_000, 50_000_000}, {49_990_000, 50_010_000}},
	} {
		t.Run(fmt.Sprint(table), func(t *testing.T) {
			a, b, c, d := table[1][0], table[1][1], table[0][0], table[0][1]
			fast, plain := newHyper(ctx, a+b, c+d, a+c), newHyper(ctx, a+b, c+d, a+c)
			plain.plain = true
			for _, h := range []*hyper{fast, plain} {
				h.t0 = math.Log((float64(a) + 0.5) * (float64(d) + 0.5) / ((float64(b) + 0.5) * (float64(c) + 0.5)))
				h.step = math.Sqrt(1/(float64(a)+0.5) + 1/(float64(b)+0.5) + 1/(float64(c)+0.5) + 1/(float64(d)+0.5))
			}
			tol := refTol{Rel: 1e-10}
			for _, tt := range []float64{0, fast.t0, fast.t0 - 3*fast.step, fast.t0 + 2*fast.step} {
				df, dp := fast.at(tt), plain.at(tt)
				require.True(t, df.smooth, "σ ≥ smoothMin: the fast path runs")
				require.False(t, dp.smooth)
				require.Equal(t, dp.m, df.m)
				near(t, tol, "normalising sum", df.z, f(dp.z))
				near(t, refTol{Abs: 1e-10 * float64(a)}, "mean", df.dmean, f(dp.dmean))
				sd := 1 / math.Sqrt(1/float64(a)+1/float64(b)+1/float64(c)+1/float64(d))
				for _, z := range []float64{-9, -4, -1.5, -0.3, 0, 0.3, 1.5, 4, 9} {
					k := df.m + int(z*sd)
					for _, up := range []bool{true, false} {
						near(t, refTol{Abs: 5e-10}, fmt.Sprintf("log tail t=%g k=%d upper=%v", tt, k, up),
							fast.logTail(df, k, up), f(plain.logTail(dp, k, up)))
					}
				}
			}
			x := a
			c0f, c0p := fast.at(0), plain.at(0)
			near(t, tol, "two-sided p", fast.twoSided(c0f, x), f(plain.twoSided(c0p, x)))
			near(t, tol, "mle", fast.mle(x, c0f), f(plain.mle(x, c0p)))
			near(t, tol, "lower", fast.lower(x, 0.025), f(plain.lower(x, 0.025)))
			near(t, tol, "upper", fast.upper(x, 0.025), f(plain.upper(x, 0.025)))
		})
	}
}

// TestLnCross: ln(z₂z₃/(z₁z₄)) against big.Float arithmetic on cells near
// 2⁵³ whose cross ratio is within 1e-15 of 1, and on a ratio far from 1.
func TestLnCross(t *testing.T) {
	const e = 1 << 51
	for _, c := range [][4]int{
		{e, e + 3, e + 5, e - 1},
		{e + 17, e, e, e + 17},
		{e, e - 1, e + 1, e},
		{1000, 3 * e, 2 * e, 7},
		{123_456_789, 987_654_321, 555_555_555, 444_444_444},
	} {
		prod := func(x, y int) *big.Float {
			return new(big.Float).SetPrec(400).Mul(new(big.Float).SetPrec(400).SetInt64(int64(x)), new(big.Float).SetPrec(400).SetInt64(int64(y)))
		}
		num, den := prod(c[1], c[2]), prod(c[0], c[3])
		// ln(num/den) = log1p((num − den)/den), exact to 1e-30 here.
		r, _ := new(big.Float).Quo(new(big.Float).Sub(num, den), den).Float64()
		want := math.Log1p(r)
		if math.Abs(r) > 0.5 {
			q, _ := new(big.Float).Quo(num, den).Float64()
			want = math.Log(q)
		}
		near(t, refTol{Rel: 1e-15, Abs: 1e-300}, fmt.Sprint(c), lnCross(c), f(want))
	}
}

// TestPhi: the series and the closed form of (1 + r)·log1p(r) − r meet at
// |r| = 0.1, and the series matches the closed form in big.Float.
func TestPhi(t *testing.T) {
	for _, r := range []float64{-0.0999999, 0.0999999, -1e-3, 2e-5, -3e-9, 0.1, -0.1, 0.5, -1, 3} {
		want := (1+r)*math.Log1p(r) - r
		if math.Abs(r) < 0.1 {
			// Σ (−r)ⁿ/(n(n−1)) in 200-bit arithmetic.
			s, p := new(big.Float).SetPrec(200), new(big.Float).SetPrec(200).SetFloat64(r*r)
			s.SetFloat64(0)
			for n := 2; n < 60; n++ {
				s.Add(s, new(big.Float).Quo(p, new(big.Float).SetFloat64(float64(n*(n-1)))))
				p.Mul(p, new(big.Float).SetFloat64(-r))
			}
			want, _ = s.Float64()
		}
		if r == -1 {
			want = 1
		}
		near(t, refTol{Rel: 2e-15}, fmt.Sprint(r), phi(r), f(want))
	}
}

// TestExpSinh: the exp-sinh rule on ∫₀^∞ exp(−sv − v²/(2σ²)) dv, whose
// value is σ√(π/2)·erfcx(sσ/√2), across the slopes and widths FisherExact
// meets, to 1e-14 relative, with fewer than 300 evaluations.
func TestExpSinh(t *testing.T) {
	for _, c := range []struct{ s, sd float64 }{{0, 300}, {0.001, 1000}, {0.0099, 1000}, {1e-5, 3e7}, {0.005, 3e7}, {-1e-4, 1e4}} {
		n := 0
		got, ok := expSinh(func(v float64) float64 { n++; return math.Exp(-c.s*v - v*v/(2*c.sd*c.sd)) }, 1/(max(c.s, 0)+1/c.sd))
		require.True(t, ok)
		x := c.s * c.sd / math.Sqrt2
		// erfcx(x) = exp(x²)·erfc(x), by its continued fraction for large x.
		var erfcx float64
		if x < 20 {
			erfcx = math.Exp(x*x) * math.Erfc(x)
		} else {
			erfcx = 1 / (x * math.SqrtPi) * (1 - 1/(2*x*x) + 3/(4*x*x*x*x) - 15/(8*math.Pow(x, 6)))
		}
		want := c.sd * math.Sqrt(math.Pi/2) * erfcx
		near(t, refTol{Rel: 1e-14}, fmt.Sprint(c), got, f(want))
		assert.Less(t, n, 300)
	}
}
