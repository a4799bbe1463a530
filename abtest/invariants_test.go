package abtest

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/summary"
)

func randProportion(rng *rand.Rand) Proportion {
	n := 1 + rng.IntN(5000)
	return Proportion{Successes: rng.IntN(n + 1), Trials: n}
}

func randSample(rng *rand.Rand, n int, mu, sd float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = mu + sd*rng.NormFloat64()
	}
	return xs
}

func inUnit(t *testing.T, p float64, what string) {
	t.Helper()
	assert.True(t, p >= 0 && p <= 1, "%s p = %v", what, p)
}

// TestSwapMirrors: exchanging the groups negates the statistic, keeps the
// two-sided p-value, exchanges Less and Greater and mirrors the intervals.
func TestSwapMirrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		a, b := randProportion(rng), randProportion(rng)
		ab, err := TwoProportionZ(a, b, nil)
		require.NoError(t, err)
		ba, err := TwoProportionZ(b, a, nil)
		require.NoError(t, err)
		if !ab.Defined {
			assert.False(t, ba.Defined)
			continue
		}
		inUnit(t, ab.P, "z")
		assert.InDelta(t, -ab.Statistic, ba.Statistic, 1e-12)
		assert.InDelta(t, ab.P, ba.P, 1e-14)
		assert.InDelta(t, -ab.Wald.Upper, ba.Wald.Lower, 1e-14)
		assert.InDelta(t, -ab.CI.Lower, ba.CI.Upper, 1e-14)
		g, _ := TwoProportionZ(a, b, &Settings{Alternative: Greater})
		l, _ := TwoProportionZ(b, a, &Settings{Alternative: Less})
		assert.InDelta(t, g.P, l.P, 1e-14)

		x := randSample(rng, 2+rng.IntN(50), 0, 1+rng.Float64())
		y := randSample(rng, 2+rng.IntN(50), rng.Float64(), 1)
		for _, run := range []func(x, y []float64, s *Settings) (TTestResult, error){WelchT, StudentT} {
			xy, err := run(x, y, nil)
			require.NoError(t, err)
			yx, err := run(y, x, nil)
			require.NoError(t, err)
			inUnit(t, xy.P, "t")
			assert.InDelta(t, -xy.Statistic, yx.Statistic, 1e-12)
			assert.InDelta(t, xy.P, yx.P, 1e-12)
			assert.InDelta(t, xy.DF, yx.DF, 1e-9)
			assert.InDelta(t, -xy.CI.Lower, yx.CI.Upper, 1e-12)
		}

		u, err := MannWhitney(x, y, nil)
		require.NoError(t, err)
		v, err := MannWhitney(y, x, nil)
		require.NoError(t, err)
		inUnit(t, u.P, "mwu")
		assert.InDelta(t, float64(u.NA*u.NB)-u.U, v.U, 0)
		assert.InDelta(t, u.P, v.P, 1e-12)

		table := [2][2]int{{a.Successes, a.Trials - a.Successes}, {b.Successes, b.Trials - b.Successes}}
		f1, err := FisherExact(context.Background(), table, nil)
		require.NoError(t, err)
		f2, err := FisherExact(context.Background(), [2][2]int{table[1], table[0]}, nil)
		require.NoError(t, err)
		inUnit(t, f1.P, "fisher")
		assert.InDelta(t, f1.P, f2.P, 1e-9)
		if f1.OddsRatio > 0 && !math.IsInf(f1.OddsRatio, 0) {
			assert.InEpsilon(t, 1/f1.OddsRatio, f2.OddsRatio, 1e-12)
		}

		bb, err := BetaBinomial(a, b, nil)
		require.NoError(t, err)
		cc, err := BetaBinomial(b, a, nil)
		require.NoError(t, err)
		assert.InDelta(t, bb.ProbBBeatsA, cc.ProbABeatsB, 1e-12)
		assert.InDelta(t, bb.LossA, cc.LossB, 1e-12)
		assert.InDelta(t, 1, bb.ProbBBeatsA+bb.ProbABeatsB, 1e-9)
		inUnit(t, bb.ProbBBeatsA, "bayes")
	}
}

// TestIntervalsNest: a higher level gives a wider interval that contains
// the narrower one.
func TestIntervalsNest(t *testing.T) {
	levels := []float64{0.5, 0.8, 0.9, 0.95, 0.99, 0.999}
	nested := func(t *testing.T, what string, ivs []Interval) {
		t.Helper()
		for k := 1; k < len(ivs); k++ {
			assert.True(t, ivs[k].Lower <= ivs[k-1].Lower && ivs[k].Upper >= ivs[k-1].Upper,
				"%s: level %v %v not inside %v %v", what, levels[k-1], ivs[k-1], levels[k], ivs[k])
		}
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 50 {
		a, b := randProportion(rng), randProportion(rng)
		for m := Wilson; m <= NormalUnclipped; m++ {
			var ivs []Interval
			for _, lv := range levels {
				iv, err := ProportionInterval(a, lv, m)
				require.NoError(t, err)
				assert.True(t, iv.Lower <= iv.Upper)
				ivs = append(ivs, iv)
			}
			nested(t, m.String(), ivs)
		}
		var wald, newc, delta, credA []Interval
		for _, lv := range levels {
			r, err := TwoProportionZ(a, b, &Settings{Level: lv})
			require.NoError(t, err)
			wald, newc = append(wald, r.Wald), append(newc, r.CI)
			assert.True(t, r.CI.Contains(r.Diff))
			if l, err := RelativeLift(a, b, lv); err == nil && l.Defined {
				delta = append(delta, l.Delta)
			}
			bb, err := BetaBinomial(a, b, &BayesSettings{Level: lv})
			require.NoError(t, err)
			credA = append(credA, bb.CredibleA)
		}
		nested(t, "wald", wald)
		nested(t, "newcombe", newc)
		if len(delta) == len(levels) {
			nested(t, "lift delta", delta)
		}
		nested(t, "credible", credA)

		x := randSample(rng, 3+rng.IntN(40), 0, 1)
		y := randSample(rng, 3+rng.IntN(40), 0.3, 2)
		var tci, fci []Interval
		for _, lv := range levels {
			r, err := WelchT(x, y, &Settings{Level: lv})
			require.NoError(t, err)
			tci = append(tci, r.CI)
			f, err := FisherExact(context.Background(), [2][2]int{{3 + a.Successes%20, 5 + a.Trials%30}, {2 + b.Successes%20, 7 + b.Trials%30}}, &FisherSettings{Level: lv})
			require.NoError(t, err)
			fci = append(fci, f.CI)
		}
		nested(t, "welch", tci)
		nested(t, "fisher", fci)
	}
}

// TestMergeEqualsOnePass: accumulators merged from shards equal one pass.
func TestMergeEqualsOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	num := randSample(rng, 1000, 50, 20)
	den := randSample(rng, 1000, 5, 1)
	all, err := DescribeRatio(num, den)
	require.NoError(t, err)
	var merged RatioSummary
	for k := 0; k < 1000; k += 137 {
		end := min(k+137, 1000)
		part, err := DescribeRatio(num[k:end], den[k:end])
		require.NoError(t, err)
		require.NoError(t, merged.Merge(part))
	}
	assert.Equal(t, all.N, merged.N)
	assert.InEpsilon(t, all.Ratio(), merged.Ratio(), 1e-13)
	assert.InEpsilon(t, all.Variance(), merged.Variance(), 1e-10)
	assert.InEpsilon(t, all.CoMoment, merged.CoMoment, 1e-10)

	// Describe (one shifted pass) agrees with the two-pass summary.
	for _, shift := range []float64{0, 1e6, -1e9} {
		xs := randSample(rng, 10001, shift, 3)
		got, err := Describe(xs)
		require.NoError(t, err)
		want := fromSummary(summary.Of(xs))
		assert.Equal(t, want.N, got.N)
		assert.InDelta(t, want.Mean, got.Mean, 1e-12*math.Max(1, math.Abs(shift)))
		assert.InEpsilon(t, want.M2, got.M2, 1e-8)
	}
}

// TestDelta checks the delta-method variance of a ratio against the
// textbook formula written out from the raw data.
func TestDelta(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	num := randSample(rng, 500, 30, 10)
	den := randSample(rng, 500, 3, 0.5)
	r, err := DescribeRatio(num, den)
	require.NoError(t, err)
	n := 500.0
	var mx, my float64
	for i := range num {
		mx += num[i] / n
		my += den[i] / n
	}
	var sxx, syy, sxy float64
	for i := range num {
		sxx += (num[i] - mx) * (num[i] - mx) / (n - 1)
		syy += (den[i] - my) * (den[i] - my) / (n - 1)
		sxy += (num[i] - mx) * (den[i] - my) / (n - 1)
	}
	want := (sxx/(my*my) - 2*mx*sxy/(my*my*my) + mx*mx*syy/(my*my*my*my)) / n
	assert.InEpsilon(t, want, r.Variance(), 1e-10)
	assert.InEpsilon(t, mx/my, r.Ratio(), 1e-13)
	other, _ := DescribeRatio(num[:250], den[:250])
	res, err := RatioTest(other, r, &Settings{Alternative: Greater})
	require.NoError(t, err)
	assert.InDelta(t, res.Diff/res.StdErr, res.Statistic, 1e-12)
	assert.InDelta(t, dist.NormalSF(res.Statistic), res.P, 1e-15)
}

// TestMannWhitneyBruteForce compares the merge count with the O(n·m) pair
// count and the exact distribution with full enumeration.
func TestMannWhitneyBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for range 100 {
		x := make([]float64, 1+rng.IntN(300))
		y := make([]float64, 1+rng.IntN(300))
		for i := range x {
			x[i] = float64(rng.IntN(40)-20) / 4
		}
		for i := range y {
			y[i] = float64(rng.IntN(40)-18) / 4
		}
		if rng.IntN(3) == 0 {
			x[0] = math.Copysign(0, -1) // −0 ties with +0
			y[0] = 0
		}
		var u float64
		for _, a := range x {
			for _, b := range y {
				switch {
				case b > a: // U is of the second sample
					u++
				case a == b:
					u += 0.5
				}
			}
		}
		r, err := MannWhitney(x, y, &MannWhitneySettings{Parallel: rng.IntN(2) == 0})
		require.NoError(t, err)
		assert.InDelta(t, u, r.U, 0)
		inUnit(t, r.P, "mwu")
	}
	// Exact distribution for m = 4, n = 6 by enumerating all C(10, 4) rank sets.
	m, n := 4, 6
	counts := make([]float64, m*n+1)
	total := 0.0
	var rec func(start, left, sum int)
	rec = func(start, left, sum int) {
		if left == 0 {
			counts[sum-m*(m+1)/2]++
			total++
			return
		}
		for r := start; r <= m+n; r++ {
			rec(r+1, left-1, sum+r)
		}
	}
	rec(1, m, 0)
	pmf := uDistribution(m, n)
	for k := range counts {
		assert.InDelta(t, counts[k]/total, pmf[k], 1e-15, "U = %d", k)
	}
	// Larger exact distributions still sum to 1 and are symmetric.
	pmf = uDistribution(30, 40)
	var s float64
	for k, p := range pmf {
		s += p
		assert.InDelta(t, p, pmf[len(pmf)-1-k], 1e-15)
	}
	assert.InDelta(t, 1, s, 1e-12)
}

// TestMannWhitneyExactScipy: the exact p-values for 20 vs 25 values
// without ties match scipy.stats.mannwhitneyu(x, y, method="exact")
// (SciPy 1.10.1), U = 178. SciPy's U and "greater" are of its first sample
// x; with a = x, b = y ours are of b: U = 20·25 − 178 = 322, and SciPy's
// "greater" (x > y) is our Less.
func TestMannWhitneyExactScipy(t *testing.T) {
	x := []float64{-0.8019, -1.3244, -0.2484, 0.4204, 1.136, 0.1097, -0.5526, -0.7848, 0.7487, 1.6348,
		0.2728, -1.2333, -0.9583, 1.6, 0.2029, -1.7321, -0.0837, -1.1632, -0.6293, -0.488}
	y := []float64{-0.1133, 1.1534, 0.5369, 0.0106, 1.0096, 1.4299, -1.043, 0.3433, -0.3807, 0.4268,
		-0.6894, 0.6207, 0.5621, 0.2957, -0.4479, 0.2038, -0.4913, -0.7552, 0.8248, -0.5093, 1.7703,
		1.3166, -1.3978, 0.8721, -0.5017}
	for _, tc := range []struct {
		alt Alternative
		p   float64
	}{{TwoSided, 0.10283659677231784}, {Less, 0.9509879265475224}, {Greater, 0.05141829838615892}} {
		r, err := MannWhitney(x, y, &MannWhitneySettings{Alternative: tc.alt, Method: RankExact})
		require.NoError(t, err)
		assert.InDelta(t, 322, r.U, 0)
		assert.True(t, r.Exact)
		assert.InEpsilon(t, tc.p, r.P, 1e-12, "%v", tc.alt)
	}
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, n := range []int{0, 1, 5, 255, 256, 1000, 100000} {
		xs := make([]float64, n)
		for i := range xs {
			switch rng.IntN(4) {
			case 0:
				xs[i] = rng.NormFloat64() * 1e300
			case 1:
				xs[i] = float64(rng.IntN(100)) - 50
			case 2:
				xs[i] = math.Copysign(0, -1)
			default:
				xs[i] = rng.NormFloat64() * 1e-300
			}
		}
		ks, bad := keys(xs)
		require.Equal(t, -1, bad)
		radixSort(ks, make([]uint64, n))
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		for i := range ks {
			assert.Equal(t, floatKey(sorted[i]), ks[i])
		}
	}
	_, bad := keys([]float64{1, 2, math.Inf(-1)})
	assert.Equal(t, 2, bad)
}

// TestLbetaDiff checks log B(a, b) − log B(a, c) against mpmath (40 digits).
func TestLbetaDiff(t *testing.T) {
	for _, tc := range []struct{ a, b, c, want float64 }{
		{100001, 1800002, 900001, -66682.59308618265181873003},
		{30, 50, 40, -5.16656564159080232130152},
		{10001, 179802, 90001, -6658.042294141811262430605},
		{5e6, 9e7, 4.5e7, -3334096.166231256757062579},
	} {
		assert.InEpsilon(t, tc.want, lbetaDiff(tc.a, tc.b, tc.c), 1e-15, "%v", tc)
	}
	assert.InDelta(t, lbeta(3, 7)-lbeta(3, 5), lbetaDiff(3, 7, 5), 1e-14)
}

// TestBayesQuadrature: the numerical fallback for non-integer parameters
// agrees with the exact sum where both apply, and the dispatch is consistent.
func TestBayesQuadrature(t *testing.T) {
	for _, tc := range [][2]Beta{
		{{11, 91}, {13, 89}},
		{{201, 1801}, {251, 1751}},
		{{10001, 90001}, {10201, 89801}},
		{{1, 1}, {2, 1}},
		{{3, 50}, {400, 5000}},
	} {
		exact := millerSum(tc[0], tc[1])
		assert.InEpsilon(t, exact, probGreaterQuad(tc[0], tc[1]), 1e-10, "%v", tc)
		assert.InEpsilon(t, exact, probGreater(tc[0], tc[1]), 1e-11, "%v", tc)
	}
	// Jeffreys priors have no integer parameter: quadrature.
	r, err := BetaBinomial(Proportion{10, 100}, Proportion{12, 100}, &BayesSettings{PriorA: Beta{0.5, 0.5}, PriorB: Beta{0.5, 0.5}})
	require.NoError(t, err)
	assert.InDelta(t, 1, r.ProbBBeatsA+r.ProbABeatsB, 1e-10)
	// P(B > A) for Beta(10.5, 90.5) vs Beta(12.5, 88.5), scipy.integrate.quad of
	// beta.pdf_A·beta.sf_B (epsabs 1e-14, epsrel 1e-13): 0.6739329368224455.
	assert.InDelta(t, 0.6739329368224455, r.ProbBBeatsA, 1e-9)
}

// TestUndefined: valid but uninformative data are marked, never p = 0.
func TestUndefined(t *testing.T) {
	r, err := TwoProportionZ(Proportion{0, 1000}, Proportion{0, 900}, nil)
	require.NoError(t, err)
	assert.False(t, r.Defined)
	assert.True(t, math.IsNaN(r.P))
	r, err = TwoProportionZ(Proportion{50, 50}, Proportion{70, 70}, nil)
	require.NoError(t, err)
	assert.False(t, r.Defined)

	l, err := RelativeLift(Proportion{0, 100}, Proportion{3, 100}, 0.95)
	require.NoError(t, err)
	assert.False(t, l.Defined)
	assert.True(t, math.IsNaN(l.Lift))

	w, err := WelchT([]float64{3, 3, 3}, []float64{5, 5}, nil)
	require.NoError(t, err)
	assert.True(t, w.Defined, "constant samples with different means: the limit (SciPy, R)")
	assert.True(t, math.IsInf(w.Statistic, 1) && w.P == 0)
	assert.InDelta(t, 2, w.Diff, 0) // b − a
	s, err := StudentT([]float64{3, 3, 3}, []float64{3, 3}, nil)
	require.NoError(t, err)
	assert.False(t, s.Defined)

	c, err := ChiSquareIndependence([][]int{{0, 10}, {0, 12}}, &ChiSquareSettings{Yates: true})
	require.NoError(t, err)
	assert.False(t, c.Defined)
	assert.True(t, math.IsNaN(c.P))

	f, err := FisherExact(context.Background(), [2][2]int{{0, 10}, {0, 12}}, nil)
	require.NoError(t, err)
	assert.False(t, f.Defined)
	assert.InDelta(t, 1, f.P, 0)

	u, err := MannWhitney([]float64{2, 2, 2}, []float64{2, 2}, &MannWhitneySettings{Method: RankAsymptotic})
	require.NoError(t, err)
	assert.True(t, u.Defined, "all equal: p = 1 (SciPy, R)")
	assert.InDelta(t, 1, u.P, 0)

	m, err := NewMSPRT(1e-4, 0.05)
	require.NoError(t, err)
	look, err := m.ObserveProportions(Proportion{0, 100}, Proportion{0, 100})
	require.NoError(t, err)
	assert.False(t, look.Defined)
	assert.InDelta(t, 1, look.P, 0)

	cu, err := CUPED([]float64{1, 1, 1}, []float64{2, 3, 4}, []float64{1, 1}, []float64{5, 6}, nil)
	require.NoError(t, err)
	assert.False(t, cu.Defined)
	assert.True(t, math.IsNaN(cu.Theta))
	assert.InDelta(t, cu.Unadjusted.Statistic, cu.Adjusted.Statistic, 1e-12)

	rr, err := RatioTest(RatioSummary{N: 3, MeanNum: 1, MeanDen: 1}, RatioSummary{N: 3, MeanNum: 1, MeanDen: 1}, nil)
	require.NoError(t, err)
	assert.False(t, rr.Defined)
}

// TestTails: tiny p-values come from survival functions, not 1 − CDF.
func TestTails(t *testing.T) {
	r, err := TwoProportionZ(Proportion{100, 10000}, Proportion{900, 10000}, nil)
	require.NoError(t, err)
	assert.True(t, r.P > 0 && r.P < 1e-140, "%v", r.P)
	assert.InEpsilon(t, 2*dist.NormalSF(math.Abs(r.Statistic)), r.P, 1e-12)

	x := []float64{1, 1.01, 0.99, 1.02, 0.98, 1, 1.01, 0.99}
	y := []float64{2, 2.01, 1.99, 2.02, 1.98, 2, 2.01, 1.99}
	w, err := WelchT(x, y, nil)
	require.NoError(t, err)
	// scipy.stats.ttest_ind(x, y, equal_var=False): t = −152.75252316519482,
	// p = 5.840856914245762e-24 (SciPy's cdflib tail; rel. accuracy ~1e-8).
	// SciPy reports x − y, we report y − x (b − a): the sign is the opposite.
	assert.InEpsilon(t, 152.75252316519482, w.Statistic, 1e-12)
	assert.InEpsilon(t, 5.840856914245762e-24, w.P, 1e-7)

	c, err := SampleRatioMismatch([]int{60000, 40000}, nil)
	require.NoError(t, err)
	// scipy.stats.chisquare([60000, 40000]).pvalue = 0 in double; the true
	// value 4000 → P(χ²₁ > 4000) ≈ 1e-872 underflows, so 0 is exact here.
	assert.GreaterOrEqual(t, c.P, 0.0)
	c, err = SampleRatioMismatch([]int{51000, 49000}, nil)
	require.NoError(t, err)
	// chi2 = 40: scipy.stats.chi2.sf(40, 1) = 2.5396285894708634e-10.
	assert.InEpsilon(t, 2.5396285894708634e-10, c.P, 1e-10)
}
