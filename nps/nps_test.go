package nps

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/likert/likerttest"
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
	assert.Equal(t, "nps.Category(9)", Category(9).String())
	var ie *InputError
	_, err := Classify(12)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, -1, ie.Index)
	assert.Equal(t, "nps: rating 12: out of range 0..10", err.Error())
}

func TestScoreErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ratings []float64
		want    error
		index   int
		message string
	}{
		{"empty", nil, ErrEmpty, -1, "nps: no responses: all counts are zero"},
		{"eleven", []float64{9, 10, 10, 11}, ErrOutOfRange, 3, "nps: rating 11 at index 3: out of range 0..10"},
		{"negative", []float64{-1}, ErrOutOfRange, 0, "nps: rating -1 at index 0: out of range 0..10"},
		{"half", []float64{8, 8.5, 9}, ErrNotInteger, 1, "nps: rating 8.5 at index 1: not a whole number"},
		{"just above 10", []float64{10.000001}, ErrNotInteger, 0, ""},
		{"NaN", []float64{9, math.NaN()}, ErrNonFinite, 1, "nps: rating NaN at index 1: not finite"},
		{"+Inf", []float64{math.Inf(1)}, ErrNonFinite, 0, ""},
		{"-Inf", []float64{9, 9, math.Inf(-1)}, ErrNonFinite, 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Score(tc.ratings)
			require.ErrorIs(t, err, tc.want)
			if tc.index >= 0 {
				var re *InputError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tc.index, re.Index)
				assert.Equal(t, "rating", re.Field)
				assert.Equal(t, fmt.Sprint(tc.ratings[tc.index]), re.Value)
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
	assert.ErrorIs(t, err, ErrNegative)
	assert.EqualError(t, err, "nps: passives -1: negative")
	_, err = FromCounts(Counts{})
	assert.ErrorIs(t, err, ErrEmpty)
	r, err := FromCounts(Counts{1, 0, 0})
	require.NoError(t, err)
	_, err = r.Interval(0.95, Method(7))
	assert.ErrorIs(t, err, ErrOutOfRange)
	assert.EqualError(t, err, "nps: method nps.Method(7): out of range (want adjusted-wald or wald)")
}

func TestTally(t *testing.T) {
	var tl Tally
	_, err := tl.Result()
	require.ErrorIs(t, err, ErrEmpty)
	for _, r := range []int{10, 9, 8, 7, 6, 0} {
		require.NoError(t, tl.Add(r))
	}
	err = tl.Add(12)
	var re *InputError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 6, re.Index, "index is the number of ratings added before")
	assert.Equal(t, 6, tl.N(), "a bad rating is not counted")
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
	require.NoError(t, a.Merge(b))
	assert.Equal(t, tl, a)
	assert.True(t, tl == a, "Tally is comparable")
	a.Reset()
	assert.Equal(t, Tally{}, a)

	bad := Tally{}
	bad.Ratings[3] = -2
	_, err = bad.Result()
	assert.ErrorIs(t, err, ErrNegative)
	assert.ErrorIs(t, a.Merge(bad), ErrNegative)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.EqualError(t, err, "nps: count -2 at index 3: negative")
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
		assert.True(t, b.CI.Contains(r.AdjustedScore))
	}
}

func TestCompareUndefined(t *testing.T) {
	// Wald with every respondent a promoter in both groups: SE = 0, z undefined.
	c, err := Compare(Counts{10, 0, 0}, Counts{20, 0, 0}, &Settings{Method: Wald})
	require.NoError(t, err)
	assert.False(t, c.Defined)
	assert.True(t, math.IsNaN(c.Statistic) && math.IsNaN(c.P))
	// The adjusted-Wald default is defined for the same data.
	c, err = Compare(Counts{10, 0, 0}, Counts{20, 0, 0}, nil)
	require.NoError(t, err)
	assert.True(t, c.Defined)
	assert.Equal(t, 0.95, c.Level)
	assert.Equal(t, 0.95, c.CI.Level)
	assert.Equal(t, 10, c.NA)
	assert.Equal(t, 20, c.NB)

	_, err = Compare(Counts{1, 1, 1}, Counts{1, 1, 1}, &Settings{Level: 2})
	assert.ErrorIs(t, err, ErrLevel)
	_, err = Compare(Counts{1, 1, 1}, Counts{1, 1, 1}, &Settings{Alternative: Alternative(5)})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Compare(Counts{}, Counts{1, 1, 1}, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	assert.EqualError(t, err, "nps: no responses of group a: all counts are zero")
	_, err = Compare(Counts{1, 1, 1}, Counts{1, -1, 1}, nil)
	assert.EqualError(t, err, "nps: b.passives -1: negative")

	// One-sided: greater and less p-values add to 1.
	g, err := Compare(Counts{55, 25, 20}, Counts{45, 30, 25}, &Settings{Alternative: Greater})
	require.NoError(t, err)
	l, err := Compare(Counts{55, 25, 20}, Counts{45, 30, 25}, &Settings{Alternative: Less})
	require.NoError(t, err)
	assert.InDelta(t, 1, g.P+l.P, 1e-12)
}

func TestCompareBenchmark(t *testing.T) {
	// Adjusted NPS′ 33.98, SE′ 7.80 against a benchmark of 20: z ≈ 1.79.
	bt, err := CompareBenchmark(Counts{55, 25, 20}, 20, &Settings{Alternative: Greater})
	require.NoError(t, err)
	r, _ := FromCounts(Counts{55, 25, 20})
	assert.InDelta(t, (r.AdjustedScore-20)/r.AdjustedStdErr, bt.Statistic, 1e-12)
	assert.InDelta(t, r.AdjustedScore-20, bt.Diff, 1e-12)
	assert.InDelta(t, r.AdjustedScore, bt.Score, 1e-12)
	assert.Less(t, bt.P, 0.05)
	assert.True(t, bt.CI.Contains(bt.Diff))
	assert.Equal(t, 100, bt.N)
	for _, b := range []float64{120, -100.5, math.NaN(), math.Inf(1)} {
		_, err = CompareBenchmark(Counts{55, 25, 20}, b, nil)
		var ie *InputError
		require.ErrorAs(t, err, &ie, "benchmark %v", b)
		assert.Equal(t, "benchmark", ie.Field)
	}
	bt, err = CompareBenchmark(Counts{5, 0, 0}, 100, &Settings{Method: Wald})
	require.NoError(t, err)
	assert.False(t, bt.Defined)
	assert.True(t, math.IsNaN(bt.P) && math.IsNaN(bt.Statistic))
}

func TestWeightedErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ratings []float64
		weights []float64
		want    error
	}{
		{"negative", []float64{9, 5}, []float64{1, -0.5}, ErrNegative},
		{"NaN", []float64{9, 5}, []float64{1, math.NaN()}, ErrNonFinite},
		{"Inf", []float64{9, 5}, []float64{math.Inf(1), 1}, ErrNonFinite},
		{"length", []float64{9, 5}, []float64{1}, ErrLength},
		{"all zero", []float64{9, 5}, []float64{0, 0}, ErrEmpty},
		{"empty", nil, nil, ErrEmpty},
		{"huge", []float64{9, 5}, []float64{1e300, 1e300}, ErrOutOfRange},
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
	b, err := w.Interval(0.95, LinearizedSE)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(b.CI.Lower) && math.IsNaN(b.CI.Upper) && math.IsNaN(b.Margin))
	_, err = w.Interval(0.95, WeightedSE(4))
	assert.ErrorIs(t, err, ErrOutOfRange)
	// A few large weights: the two SEs differ.
	w, err = Weighted([]float64{10, 10, 0, 0, 8, 9, 2, 7}, []float64{10, 0.1, 0.1, 10, 0.1, 0.1, 0.1, 0.1})
	require.NoError(t, err)
	assert.NotEqual(t, w.StdErr, w.StdErrLinearized)
	var ie *InputError
	_, err = Weighted([]float64{9, 5, 3}, []float64{1, 1, -2})
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Index)
	assert.EqualError(t, err, "nps: weight -2 at index 2: negative")
}

func TestBayes(t *testing.T) {
	ctx := context.Background()
	post, err := Bayes(Counts{55, 25, 20}, Prior{})
	require.NoError(t, err)
	assert.Equal(t, Posterior{56, 26, 21}, post, "the zero Prior is uniform")
	_, err = Bayes(Counts{1, 1, 1}, Prior{0, 1, 1})
	assert.ErrorIs(t, err, ErrOutOfRange)
	assert.EqualError(t, err, "nps: prior.promoters 0: out of range (must be positive)")
	_, err = Bayes(Counts{1, 1, 1}, Prior{1, math.NaN(), 1})
	assert.ErrorIs(t, err, ErrNonFinite)
	_, err = Bayes(Counts{-1, 1, 1}, UniformPrior)
	assert.ErrorIs(t, err, ErrNegative)

	// The CDF at 0 (through the integral, just off 0) matches the closed form.
	assert.InDelta(t, 1-post.ProbPositive(), post.CDF(1e-9), 1e-7)
	// The exact CDF agrees with Monte Carlo at a few points.
	mc, err := post.Simulate(ctx, &MonteCarloSettings{Src: rand.NewPCG(3, 4), Draws: 100_000, Level: 0.9})
	require.NoError(t, err)
	assert.InDelta(t, post.Mean(), mc.Mean, 0.2)
	ci, err := post.CredibleInterval(0.9)
	require.NoError(t, err)
	assert.InDelta(t, ci.Lower, mc.Credible.Lower, 0.5)
	assert.InDelta(t, ci.Upper, mc.Credible.Upper, 0.5)
	assert.True(t, ci.Contains(post.Mean()))

	// Same seed, same draws.
	m1, _ := post.Simulate(ctx, &MonteCarloSettings{Src: rand.NewPCG(9, 9), Draws: 1000})
	m2, _ := post.Simulate(ctx, &MonteCarloSettings{Src: rand.NewPCG(9, 9), Draws: 1000})
	assert.Equal(t, m1, m2)
	assert.Equal(t, 0.95, m1.Credible.Level)
	_, err = post.Simulate(ctx, &MonteCarloSettings{Draws: -1})
	assert.ErrorIs(t, err, ErrNegative)
	_, err = post.Simulate(ctx, &MonteCarloSettings{Draws: MaxDraws + 1})
	assert.ErrorIs(t, err, ErrOutOfRange)
	def, err := post.Simulate(ctx, &MonteCarloSettings{Src: rand.NewPCG(9, 9)})
	require.NoError(t, err)
	assert.Equal(t, 200_000, def.Draws, "0 draws means the default")

	// A passive-free Jeffreys posterior exercises the t^(a0−1) substitution.
	j, err := Bayes(Counts{3, 0, 1}, JeffreysPrior)
	require.NoError(t, err)
	lo, hi := j.CDF(-50), j.CDF(50)
	assert.True(t, lo < hi && lo > 0 && hi < 1)
	jm, _ := j.Simulate(ctx, &MonteCarloSettings{Src: rand.NewPCG(5, 6), Draws: 200_000})
	assert.InDelta(t, hi, fractionBelow(j, 50, rand.NewPCG(5, 6)), 0.01)
	assert.InDelta(t, 1-j.ProbPositive(), 1-jm.ProbPositive, 0.01)

	// P(NPS_b > NPS_a): clearly better b, and a group against itself.
	a, _ := Bayes(Counts{30, 20, 50}, UniformPrior)
	b, _ := Bayes(Counts{80, 10, 10}, UniformPrior)
	p, err := ProbGreater(ctx, a, b, &MonteCarloSettings{Src: rand.NewPCG(1, 1), Draws: 20_000})
	require.NoError(t, err)
	assert.Greater(t, p, 0.999)
	p, err = ProbGreater(ctx, b, b, &MonteCarloSettings{Src: rand.NewPCG(1, 1), Draws: 20_000})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, p, 0.02)
	_, err = ProbGreater(ctx, Posterior{}, b, nil)
	assert.ErrorIs(t, err, ErrOutOfRange, "the zero Posterior has no distribution")
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
	sampleSize := func(margin float64, s *SampleSizeSettings) error { _, err := SampleSize(margin, s); return err }
	likerttest.SampleSizeErrors(t, sampleSize, ErrOutOfRange, ErrNonFinite, []likerttest.BadSettings[SampleSizeSettings]{
		{Settings: SampleSizeSettings{Level: 1}, Err: ErrLevel},
		{Settings: SampleSizeSettings{Promoters: 0.7, Detractors: 0.5}, Err: ErrOutOfRange},
		{Settings: SampleSizeSettings{Promoters: -0.1}, Err: ErrOutOfRange},
		{Settings: SampleSizeSettings{Detractors: math.NaN()}, Err: ErrNonFinite},
	})
	// An exact-integer n_raw is not rounded up: z²V/E² = 1 with E = 100·z.
	s, err := SampleSize(100*1.959963984540054, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Wald)
}

func TestRolling(t *testing.T) {
	_, err := Rolling([]Counts{{1, 0, 0}}, 0)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Rolling([]Counts{{1, 0, 0}, {1, -1, 0}}, 1)
	assert.ErrorIs(t, err, ErrNegative)
	assert.EqualError(t, err, "nps: passives -1 at index 1: negative")
	_, err = Rolling([]Counts{{math.MaxInt, 0, 0}, {1, 0, 0}}, 1)
	assert.ErrorIs(t, err, ErrOutOfRange)
	// An empty period: pooled is still defined, the mean of periods is not.
	pts, err := Rolling([]Counts{{2, 0, 0}, {}, {0, 0, 1}}, 2)
	require.NoError(t, err)
	assert.False(t, pts[0].Full)
	require.NotNil(t, pts[1].Pooled)
	assert.InDelta(t, 100, pts[1].Pooled.Score, 1e-12)
	assert.True(t, math.IsNaN(pts[1].MeanOfPeriods))
	assert.InDelta(t, -100, pts[2].Pooled.Score, 1e-12)
	pts, err = Rolling([]Counts{{}, {}}, 1)
	require.NoError(t, err)
	assert.Nil(t, pts[0].Pooled)
	assert.True(t, pts[0].Full)
}

// TestMaxGroups: nps states the grouped counter's bound as a plain number
// (go doc shows it); it must stay the bound the counter enforces.
func TestMaxGroups(t *testing.T) {
	assert.Equal(t, likert.MaxGroups, MaxGroups)
}

func TestCountByGroupWorkers(t *testing.T) {
	ctx := context.Background()
	// Large enough for several workers; the result must not depend on them.
	const n = 3 << 19
	rng := rand.New(rand.NewPCG(1, 2))
	ratings := make([]uint8, n)
	groups := make([]int32, n)
	for i := range ratings {
		ratings[i] = uint8(rng.IntN(11))
		groups[i] = int32(rng.IntN(37))
	}
	one, err := CountByGroup(ctx, ratings, groups, 37, &GroupSettings{Workers: 1})
	require.NoError(t, err)
	three, err := CountByGroup(ctx, ratings, groups, 37, &GroupSettings{Workers: 3})
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
	_, err = CountByGroup(ctx, ratings, groups, 37, &GroupSettings{Workers: 3})
	var re *InputError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, n-5, re.Index)
	assert.Equal(t, "rating", re.Field)
	ratings[n-5] = 1
	_, err = CountByGroup(ctx, ratings, groups, 37, nil)
	var ge *InputError
	require.ErrorAs(t, err, &ge)
	assert.Equal(t, n-3, ge.Index)
	assert.True(t, errors.Is(err, ErrOutOfRange))
	assert.EqualError(t, err, fmt.Sprintf("nps: group 99 at index %d: out of range 0..36", n-3))

	_, err = CountByGroup(ctx, ratings, groups[:3], 37, nil)
	assert.ErrorIs(t, err, ErrLength)
	assert.Equal(t, likert.MaxGroups, MaxGroups, "the shared counter accepts exactly MaxGroups")
	for _, ng := range []int{0, -1, MaxGroups + 1, math.MaxInt} {
		_, err = CountByGroup(ctx, nil, nil, ng, nil)
		assert.ErrorIs(t, err, ErrOutOfRange, "numGroups %d", ng)
	}
}

func TestBayesExactMatchesMonteCarlo(t *testing.T) {
	// Peaked (many responses), passive-free, empty and lopsided posteriors:
	// the exact credible interval and P(NPS > 0) agree with 100,000 draws.
	for _, c := range []Counts{{5000, 3000, 2000}, {202, 2, 244}, {1, 0, 0}, {0, 0, 0}, {40000, 1, 30000}} {
		post, err := Bayes(c, JeffreysPrior)
		require.NoError(t, err)
		ci, err := post.CredibleInterval(0.95)
		require.NoError(t, err)
		mc, err := post.Simulate(context.Background(), &MonteCarloSettings{Src: rand.NewPCG(1, 2), Draws: 100_000})
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
		assert.Equal(t, i >= 3, p.VsPrevious != nil, "month %d", i+1)
	}
	last := pts[5]
	want, err := Compare(Counts{100, 60, 40}, Counts{42, 58, 100}, nil)
	require.NoError(t, err)
	assert.Equal(t, want, *last.VsPrevious)
	assert.Less(t, last.VsPrevious.P, 0.001)
	assert.Less(t, last.VsPrevious.Diff, -50.0, "the score fell: the previous window is a, this one b")
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
	require.NoError(t, a.Merge(b))
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
	var re *InputError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 10, re.Index)
	assert.ErrorIs(t, one.Add(5, -1), ErrNegative)
	assert.ErrorIs(t, one.Add(5, math.NaN()), ErrNonFinite)
	assert.Equal(t, int64(10), one.N[0]+one.N[1]+one.N[2], "nothing counted on error")
	one.Reset()
	_, err = one.Result()
	assert.ErrorIs(t, err, ErrEmpty)
	require.NoError(t, one.Add(9, 0))
	_, err = one.Result()
	assert.ErrorIs(t, err, ErrEmpty, "zero total weight")
}

// TestBayesLarge: from a_p + a_d = 10,000 on the CDF and quantiles use the
// Edgeworth expansion. It must agree with the exact quadrature across the
// switch, with Monte Carlo, and stay fast and sane for counts near the int
// range, where the quadrature took minutes and drifted.
func TestBayesLarge(t *testing.T) {
	// Across the switch: a_p + a_d just below 10,000 (quadrature) and one
	// detractor more (Edgeworth).
	p := Posterior{5000, 3000, 4999.5}
	require.False(t, p.large())
	exact, err := p.CredibleInterval(0)
	require.NoError(t, err)
	q := Posterior{5000, 3000, 5000.5}
	require.True(t, q.large())
	approx, err := q.CredibleInterval(0)
	require.NoError(t, err)
	// The two posteriors differ by one detractor: their intervals by about
	// 100/13000.5 points; the rest is the expansion's error.
	shift := p.Mean() - q.Mean()
	assert.InDelta(t, exact.Lower, approx.Lower+shift, 2e-4)
	assert.InDelta(t, exact.Upper, approx.Upper+shift, 2e-4)

	mc, err := q.Simulate(context.Background(), &MonteCarloSettings{Src: rand.NewPCG(7, 8)})
	require.NoError(t, err)
	assert.InDelta(t, mc.Credible.Lower, approx.Lower, 0.02)
	assert.InDelta(t, mc.Credible.Upper, approx.Upper, 0.02)

	for _, post := range []Posterior{{1e6, 1e6, 1e6}, {3e9, 1e9, 2e9}, {1e18, 1, 1e18}, {1, 1e6, 1e6}, {1e300, 1, 1}} {
		start := time.Now()
		ci, err := post.CredibleInterval(0.95)
		require.NoError(t, err)
		// The bound is loose on purpose (a loaded machine, -race): before the
		// expansion these took 16 s to minutes.
		assert.Less(t, time.Since(start), time.Second, "%v", post)
		mu, sd := post.Mean(), post.SD()
		require.False(t, math.IsNaN(mu) || math.IsNaN(sd), "%v", post)
		assert.InDelta(t, mu-1.959964*sd, ci.Lower, 1e-3*sd+1e-12, "%v", post)
		assert.InDelta(t, mu+1.959964*sd, ci.Upper, 1e-3*sd+1e-12, "%v", post)
		if m := post.Quantile(0.5); m > -100 && m < 100 {
			assert.InDelta(t, 0.5, post.CDF(m), 1e-9, "%v", post)
		}
	}
}

// TestCDFSupport: off the open support (−100, 100) and at NaN, both routes
// of the CDF (quadrature and, from a_p + a_d = 10,000, Edgeworth) give the
// same values: NaN, 0 at and below −100, 1 at and above 100.
func TestCDFSupport(t *testing.T) {
	for _, post := range []Posterior{{3, 1, 1}, {5000, 3000, 5000.5}} {
		assert.True(t, math.IsNaN(post.CDF(math.NaN())), "%v", post)
		for x, want := range map[float64]float64{math.Inf(-1): 0, -200: 0, -100: 0, 100: 1, 150: 1, math.Inf(1): 1} {
			assert.Equal(t, want, post.CDF(x), "%v at %v", post, x)
		}
		assert.True(t, post.CDF(-99.9) >= 0 && post.CDF(99.9) <= 1, "%v", post)
	}
}

// TestAddAll: the iterator forms stop at the first bad value and report its
// position in the sequence; the values before it stay counted.
func TestAddAll(t *testing.T) {
	var tl Tally
	require.NoError(t, tl.Add(9)) // one rating already in the tally
	err := tl.AddAll(slices.Values([]int{10, 3, 11, 8}))
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Index, "position in the sequence")
	assert.Equal(t, 3, tl.N())

	var wt WeightedTally
	err = wt.AddAll(func(yield func(int, float64) bool) {
		for _, p := range [][2]float64{{10, 1}, {3, 2}, {7, -1}, {8, 1}} {
			if !yield(int(p[0]), p[1]) {
				return
			}
		}
	})
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Index)
	assert.Equal(t, "weight", ie.Field)
	assert.ErrorIs(t, err, ErrNegative)
	assert.Equal(t, int64(2), wt.N[Promoter]+wt.N[Detractor])

	// A count at math.MaxInt64 refuses one more rating instead of wrapping.
	var full Tally
	full.Ratings[10] = math.MaxInt64
	assert.ErrorIs(t, full.Add(10), ErrOutOfRange)
	assert.Equal(t, int64(math.MaxInt64), full.Ratings[10])
	_, err = full.Result()
	require.NoError(t, err, "MaxInt64 responses still score")
	full.Ratings[9] = 1
	_, err = full.Result()
	assert.ErrorIs(t, err, ErrOutOfRange, "but one more overflows the total")
}
