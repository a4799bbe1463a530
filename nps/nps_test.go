package nps

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		rating int
		want   Category
	}{{0, Detractor}, {6, Detractor}, {7, Passive}, {8, Passive}, {9, Promoter}, {10, Promoter}} {
		got, err := Classify(tc.rating)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "rating %d", tc.rating)
	}
	for _, bad := range []int{-1, 11} {
		_, err := Classify(bad)
		assert.ErrorIs(t, err, ErrOutOfRange, "rating %d", bad)
	}
	assert.Equal(t, "promoter", Promoter.String())
	assert.Equal(t, "Category(9)", Category(9).String())
}

func TestScoreErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ratings []float64
		want    error
		index   int
		message string
	}{
		{"empty", nil, ErrNoResponses, -1, "nps: no responses: all counts are zero"},
		{"eleven", []float64{9, 10, 10, 11}, ErrOutOfRange, 3, "nps: rating 11 at index 3: rating is outside the scale (scale 0 to 10)"},
		{"negative", []float64{-1}, ErrOutOfRange, 0, ""},
		{"half", []float64{8, 8.5, 9}, ErrNotInteger, 1, ""},
		{"just above 10", []float64{10.000001}, ErrNotInteger, 0, ""},
		{"NaN", []float64{9, math.NaN()}, ErrNotFinite, 1, ""},
		{"+Inf", []float64{math.Inf(1)}, ErrNotFinite, 0, ""},
		{"-Inf", []float64{9, 9, math.Inf(-1)}, ErrNotFinite, 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Score(tc.ratings)
			require.ErrorIs(t, err, tc.want)
			if tc.index >= 0 {
				var re *RatingError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tc.index, re.Index)
				if v := tc.ratings[tc.index]; !math.IsNaN(v) {
					assert.Equal(t, v, re.Value)
				} else {
					assert.True(t, math.IsNaN(re.Value))
				}
			}
			if tc.message != "" {
				assert.Equal(t, tc.message, err.Error())
			}
		})
	}
	// 9.0 is an integer-valued float and is accepted.
	r, err := Score([]float64{9.0, 10.0, 0.0})
	require.NoError(t, err)
	assert.InDelta(t, 100.0/3, r.Score, 1e-12)
}

func TestFromCountsErrors(t *testing.T) {
	_, err := FromCounts(Counts{5, -1, 2})
	assert.ErrorIs(t, err, ErrNegativeCount)
	_, err = FromCounts(Counts{})
	assert.ErrorIs(t, err, ErrNoResponses)
	r, err := FromCounts(Counts{1, 0, 0})
	require.NoError(t, err)
	for _, level := range []float64{0, 1, -0.1, 1.5, math.NaN()} {
		_, err := r.Interval(level, AdjustedWald)
		assert.ErrorIs(t, err, ErrLevel, "level %v", level)
		_, err = r.MarginOfError(level, Wald)
		assert.ErrorIs(t, err, ErrLevel, "level %v", level)
	}
	_, err = r.Interval(0.95, Method(7))
	assert.ErrorIs(t, err, ErrMethod)
}

func TestTally(t *testing.T) {
	var tl Tally
	_, err := tl.Result()
	require.ErrorIs(t, err, ErrNoResponses)
	for _, r := range []int{10, 9, 8, 7, 6, 0} {
		require.NoError(t, tl.Add(r))
	}
	err = tl.Add(12)
	var re *RatingError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 6, re.Index, "index is the number of ratings added before")
	assert.Equal(t, int64(6), tl.N(), "a bad rating is not counted")
	assert.Equal(t, Counts{2, 2, 2}, tl.Counts())

	// Merge of parts equals one pass; Reset empties.
	var a, b Tally
	for i, r := range []int{10, 9, 8, 7, 6, 0} {
		if i%2 == 0 {
			require.NoError(t, a.Add(r))
		} else {
			require.NoError(t, b.Add(r))
		}
	}
	a.Merge(b)
	assert.Equal(t, tl, a)
	assert.True(t, tl == a, "Tally is comparable")
	a.Reset()
	assert.Equal(t, Tally{}, a)

	bad := Tally{}
	bad.Ratings[3] = -2
	_, err = bad.Result()
	assert.ErrorIs(t, err, ErrNegativeCount)
}

func TestIntervalsContainEstimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 200 {
		c := Counts{rng.IntN(50), rng.IntN(50), rng.IntN(50)}
		if c.N() == 0 {
			continue
		}
		r, err := FromCounts(c)
		require.NoError(t, err)
		checkResult(t, r)
		b, err := r.Interval(0.95, AdjustedWald)
		require.NoError(t, err)
		assert.True(t, b.Contains(r.AdjustedScore))
	}
}

func TestCompareUndefined(t *testing.T) {
	// Wald with every respondent a promoter in both groups: SE = 0, z undefined.
	c, err := Compare(Counts{10, 0, 0}, Counts{20, 0, 0}, &CompareSettings{Method: Wald})
	require.NoError(t, err)
	assert.False(t, c.Defined)
	assert.True(t, math.IsNaN(c.Z) && math.IsNaN(c.P))
	// The adjusted-Wald default is defined for the same data.
	c, err = Compare(Counts{10, 0, 0}, Counts{20, 0, 0}, nil)
	require.NoError(t, err)
	assert.True(t, c.Defined)
	assert.Equal(t, 0.95, c.Settings.Level)

	_, err = Compare(Counts{1, 1, 1}, Counts{1, 1, 1}, &CompareSettings{Level: 2})
	assert.ErrorIs(t, err, ErrLevel)
	_, err = Compare(Counts{1, 1, 1}, Counts{1, 1, 1}, &CompareSettings{Alternative: Alternative(5)})
	assert.ErrorIs(t, err, ErrMethod)
	_, err = Compare(Counts{}, Counts{1, 1, 1}, nil)
	assert.ErrorIs(t, err, ErrNoResponses)

	// One-sided: greater and less p-values add to 1.
	g, err := Compare(Counts{55, 25, 20}, Counts{45, 30, 25}, &CompareSettings{Alternative: Greater})
	require.NoError(t, err)
	l, err := Compare(Counts{55, 25, 20}, Counts{45, 30, 25}, &CompareSettings{Alternative: Less})
	require.NoError(t, err)
	assert.InDelta(t, 1, g.P+l.P, 1e-12)
}

func TestCompareBenchmark(t *testing.T) {
	// Adjusted NPS′ 33.98, SE′ 7.80 against a benchmark of 20: z ≈ 1.79.
	bt, err := CompareBenchmark(Counts{55, 25, 20}, 20, AdjustedWald)
	require.NoError(t, err)
	r, _ := FromCounts(Counts{55, 25, 20})
	assert.InDelta(t, (r.AdjustedScore-20)/r.AdjustedStdErr, bt.Z, 1e-12)
	assert.Less(t, bt.PAbove, 0.05)
	_, err = CompareBenchmark(Counts{55, 25, 20}, 120, AdjustedWald)
	assert.ErrorIs(t, err, ErrBenchmark)
	bt, err = CompareBenchmark(Counts{5, 0, 0}, 100, Wald)
	require.NoError(t, err)
	assert.False(t, bt.Defined)
}

func TestWeightedErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ratings []float64
		weights []float64
		want    error
	}{
		{"negative", []float64{9, 5}, []float64{1, -0.5}, ErrWeights},
		{"NaN", []float64{9, 5}, []float64{1, math.NaN()}, ErrWeights},
		{"Inf", []float64{9, 5}, []float64{math.Inf(1), 1}, ErrWeights},
		{"length", []float64{9, 5}, []float64{1}, ErrWeights},
		{"all zero", []float64{9, 5}, []float64{0, 0}, ErrWeights},
		{"empty", nil, nil, ErrNoResponses},
		{"bad rating", []float64{9, 11}, []float64{1, 1}, ErrOutOfRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Weighted(tc.ratings, tc.weights)
			assert.ErrorIs(t, err, tc.want)
		})
	}
	// One positive weight: the linearised SE is undefined (m − 1 = 0).
	w, err := Weighted([]float64{9, 5}, []float64{1, 0})
	require.NoError(t, err)
	assert.False(t, w.LinearizedDefined)
	_, ok, err := w.Interval(0.95, LinearizedSE)
	require.NoError(t, err)
	assert.False(t, ok)
	// A few large weights: the two SEs differ.
	w, err = Weighted([]float64{10, 10, 0, 0, 8, 9, 2, 7}, []float64{10, 0.1, 0.1, 10, 0.1, 0.1, 0.1, 0.1})
	require.NoError(t, err)
	assert.NotEqual(t, w.StdErrKish, w.StdErrLinearized)
}

func TestBayes(t *testing.T) {
	post, err := Bayes(Counts{55, 25, 20}, Prior{})
	require.NoError(t, err)
	assert.Equal(t, Posterior{56, 26, 21}, post, "the zero Prior is uniform")
	_, err = Bayes(Counts{1, 1, 1}, Prior{0, 1, 1})
	assert.ErrorIs(t, err, ErrPrior)
	_, err = Bayes(Counts{-1, 1, 1}, UniformPrior)
	assert.ErrorIs(t, err, ErrNegativeCount)

	// The CDF at 0 (through the integral, just off 0) matches the closed form.
	assert.InDelta(t, 1-post.ProbPositive(), post.CDF(1e-9), 1e-7)
	// The exact CDF agrees with Monte Carlo at a few points.
	mc, err := post.Simulate(rand.NewPCG(3, 4), 100_000, 0.9)
	require.NoError(t, err)
	assert.InDelta(t, post.Mean(), mc.Mean, 0.2)
	ci, err := post.CredibleInterval(0.9)
	require.NoError(t, err)
	assert.InDelta(t, ci.Lower, mc.Credible.Lower, 0.5)
	assert.InDelta(t, ci.Upper, mc.Credible.Upper, 0.5)
	assert.True(t, ci.Contains(post.Mean()))

	// Same seed, same draws.
	m1, _ := post.Simulate(rand.NewPCG(9, 9), 1000, 0.95)
	m2, _ := post.Simulate(rand.NewPCG(9, 9), 1000, 0.95)
	assert.Equal(t, m1, m2)
	_, err = post.Simulate(rand.NewPCG(9, 9), 0, 0.95)
	assert.ErrorIs(t, err, ErrDraws)

	// A passive-free Jeffreys posterior exercises the t^(a0−1) substitution.
	j, err := Bayes(Counts{3, 0, 1}, JeffreysPrior)
	require.NoError(t, err)
	lo, hi := j.CDF(-50), j.CDF(50)
	assert.True(t, lo < hi && lo > 0 && hi < 1)
	jm, _ := j.Simulate(rand.NewPCG(5, 6), 200_000, 0.95)
	assert.InDelta(t, hi, fractionBelow(j, 50, rand.NewPCG(5, 6)), 0.01)
	assert.InDelta(t, 1-j.ProbPositive(), 1-jm.ProbPositive, 0.01)

	// P(NPS_A > NPS_B): clearly better A, and a group against itself.
	a, _ := Bayes(Counts{80, 10, 10}, UniformPrior)
	b, _ := Bayes(Counts{30, 20, 50}, UniformPrior)
	p, err := ProbGreater(a, b, rand.NewPCG(1, 1), 20_000)
	require.NoError(t, err)
	assert.Greater(t, p, 0.999)
	p, err = ProbGreater(a, a, rand.NewPCG(1, 1), 20_000)
	require.NoError(t, err)
	assert.InDelta(t, 0.5, p, 0.02)
}

// fractionBelow estimates P(NPS ≤ x) from 200,000 draws.
func fractionBelow(p Posterior, x float64, src rand.Source) float64 {
	k := 0
	for range 200_000 {
		if p.Rand(src) <= x {
			k++
		}
	}
	return float64(k) / 200_000
}

func TestSampleSizeErrors(t *testing.T) {
	for _, tc := range []struct {
		margin float64
		s      *SampleSizeSettings
		want   error
	}{
		{0, nil, ErrMargin},
		{-5, nil, ErrMargin},
		{math.NaN(), nil, ErrMargin},
		{math.Inf(1), nil, ErrMargin},
		{1e-300, nil, ErrMargin},
		{5, &SampleSizeSettings{Level: 1}, ErrLevel},
		{5, &SampleSizeSettings{Promoters: 0.7, Detractors: 0.5}, ErrShares},
		{5, &SampleSizeSettings{Promoters: -0.1}, ErrShares},
	} {
		_, err := SampleSize(tc.margin, tc.s)
		assert.ErrorIs(t, err, tc.want, "margin %v settings %+v", tc.margin, tc.s)
	}
	// An exact-integer n_raw is not rounded up: z²V/E² = 1 with E = 100·z.
	s, err := SampleSize(100*1.959963984540054, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Wald)
}

func TestRolling(t *testing.T) {
	_, err := Rolling([]Counts{{1, 0, 0}}, 0)
	assert.ErrorIs(t, err, ErrWindow)
	_, err = Rolling([]Counts{{1, -1, 0}}, 1)
	assert.ErrorIs(t, err, ErrNegativeCount)
	// An empty period: pooled is still defined, the mean of periods is not.
	pts, err := Rolling([]Counts{{2, 0, 0}, {}, {0, 0, 1}}, 2)
	require.NoError(t, err)
	assert.False(t, pts[0].Full)
	assert.True(t, pts[1].PooledDefined)
	assert.InDelta(t, 100, pts[1].Pooled.Score, 1e-12)
	assert.True(t, math.IsNaN(pts[1].MeanOfPeriods))
	assert.InDelta(t, -100, pts[2].Pooled.Score, 1e-12)
	pts, err = Rolling([]Counts{{}, {}}, 1)
	require.NoError(t, err)
	assert.False(t, pts[0].PooledDefined)
}

func TestCountByGroupWorkers(t *testing.T) {
	// Large enough for several workers; the result must not depend on them.
	const n = 3 << 19
	rng := rand.New(rand.NewPCG(1, 2))
	ratings := make([]uint8, n)
	groups := make([]int32, n)
	for i := range ratings {
		ratings[i] = uint8(rng.IntN(11))
		groups[i] = int32(rng.IntN(37))
	}
	one, err := CountByGroup(ratings, groups, 37, &GroupSettings{Workers: 1})
	require.NoError(t, err)
	three, err := CountByGroup(ratings, groups, 37, &GroupSettings{Workers: 3})
	require.NoError(t, err)
	assert.Equal(t, one, three)
	total, err := CountBytes(ratings)
	require.NoError(t, err)
	var sum Counts
	for _, c := range one {
		sum.Promoters += c.Promoters
		sum.Passives += c.Passives
		sum.Detractors += c.Detractors
	}
	assert.Equal(t, total, sum)

	// Errors in the second worker's half still report the lowest index.
	ratings[n-5] = 11
	groups[n-3] = 99
	_, err = CountByGroup(ratings, groups, 37, &GroupSettings{Workers: 3})
	var re *RatingError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, n-5, re.Index)
	ratings[n-5] = 1
	_, err = CountByGroup(ratings, groups, 37, nil)
	var ge *GroupError
	require.ErrorAs(t, err, &ge)
	assert.Equal(t, n-3, ge.Index)
	assert.True(t, errors.Is(err, ErrGroup))

	_, err = CountByGroup(ratings, groups[:3], 37, nil)
	assert.ErrorIs(t, err, ErrLength)
	_, err = CountByGroup(nil, nil, 0, nil)
	assert.ErrorIs(t, err, ErrNumGroups)
}

func TestBayesExactMatchesMonteCarlo(t *testing.T) {
	// Peaked (many responses), passive-free, empty and lopsided posteriors:
	// the exact credible interval and P(NPS > 0) agree with 100,000 draws.
	for _, c := range []Counts{{5000, 3000, 2000}, {202, 2, 244}, {1, 0, 0}, {0, 0, 0}, {40000, 1, 30000}} {
		post, err := Bayes(c, JeffreysPrior)
		require.NoError(t, err)
		ci, err := post.CredibleInterval(0.95)
		require.NoError(t, err)
		mc, err := post.Simulate(rand.NewPCG(1, 2), 100_000, 0.95)
		require.NoError(t, err)
		tol := 0.02*ci.Width() + 0.05
		assert.InDelta(t, mc.Credible.Lower, ci.Lower, tol, "%+v lower", c)
		assert.InDelta(t, mc.Credible.Upper, ci.Upper, tol, "%+v upper", c)
		assert.InDelta(t, mc.ProbPositive, post.ProbPositive(), 0.005, "%+v P(NPS > 0)", c)
	}
}

func TestRollingAlert(t *testing.T) {
	// Four quiet months, then two bad ones: with a 2-month window the last
	// point compares months 5–6 with months 3–4.
	months := []Counts{{50, 30, 20}, {52, 28, 20}, {49, 31, 20}, {51, 29, 20}, {20, 30, 50}, {22, 28, 50}}
	pts, err := Rolling(months, 2)
	require.NoError(t, err)
	for i, p := range pts {
		assert.Equal(t, i >= 3, p.HasPrevious, "month %d", i+1)
	}
	last := pts[5]
	want, err := Compare(Counts{42, 58, 100}, Counts{100, 60, 40}, nil)
	require.NoError(t, err)
	assert.Equal(t, want, last.VsPrevious)
	assert.Less(t, last.VsPrevious.P, 0.001)
	assert.Greater(t, pts[3].VsPrevious.P, 0.5, "no change between months 1–2 and 3–4")
}

func TestWeightedTally(t *testing.T) {
	ratings := []int{10, 9, 8, 7, 6, 3, 10, 9, 5, 8}
	weights := []float64{1.0, 2.0, 0.5, 1.0, 1.5, 1.0, 0.8, 1.2, 2.5, 0.5}
	var one, a, b WeightedTally
	xs := make([]float64, len(ratings))
	for i, r := range ratings {
		xs[i] = float64(r)
		require.NoError(t, one.Add(r, weights[i]))
		if i < 4 {
			require.NoError(t, a.Add(r, weights[i]))
		} else {
			require.NoError(t, b.Add(r, weights[i]))
		}
	}
	a.Merge(b)
	batch, err := Weighted(xs, weights)
	require.NoError(t, err)
	merged, err := a.Result()
	require.NoError(t, err)
	single, err := one.Result()
	require.NoError(t, err)
	assert.Equal(t, batch, single, "the batch function is one pass of the tally")
	assert.Equal(t, one.N, a.N, "counts merge exactly")
	assert.InDelta(t, batch.Score, merged.Score, 1e-12)
	assert.InDelta(t, batch.StdErrLinearized, merged.StdErrLinearized, 1e-12)
	assert.InDelta(t, batch.NEff, merged.NEff, 1e-12)

	err = one.Add(11, 1)
	var re *RatingError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 10, re.Index)
	assert.ErrorIs(t, one.Add(5, -1), ErrWeights)
	assert.ErrorIs(t, one.Add(5, math.NaN()), ErrWeights)
	assert.Equal(t, int64(10), one.N[0]+one.N[1]+one.N[2], "nothing counted on error")
	one.Reset()
	_, err = one.Result()
	assert.ErrorIs(t, err, ErrNoResponses)
	require.NoError(t, one.Add(9, 0))
	_, err = one.Result()
	assert.ErrorIs(t, err, ErrWeights, "zero total weight")
}
