package nps

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDegenerate checks every row of the table of degenerate cases in the
// package documentation (doc_degenerate.go), one subtest per row, in its
// order. The expected values are exact: counts in one category make p − d
// and V = p + d − (p − d)² exact in floating point, and the limits of
// z = Diff/SE as SE → 0⁺ are ±∞ with the normal tail probabilities 0 and 1.
func TestDegenerate(t *testing.T) {
	isNaN := func(t *testing.T, xs ...float64) {
		t.Helper()
		for i, x := range xs {
			assert.True(t, math.IsNaN(x), "value %d is %v, want NaN", i, x)
		}
	}

	t.Run("no responses", func(t *testing.T) {
		_, err := Score(nil)
		assert.ErrorIs(t, err, ErrEmpty)
		_, err = Score([]float64{})
		assert.ErrorIs(t, err, ErrEmpty)
		_, err = FromCounts(Counts{})
		assert.ErrorIs(t, err, ErrEmpty)
		var tl Tally
		_, err = tl.Result()
		assert.ErrorIs(t, err, ErrEmpty)
	})

	t.Run("one response", func(t *testing.T) {
		for _, tc := range []struct {
			rating float64
			score  float64
		}{{10, 100}, {9, 100}, {8, 0}, {7, 0}, {6, -100}, {0, -100}} {
			r, err := Score([]float64{tc.rating})
			require.NoError(t, err)
			assert.Equal(t, 1, r.N)
			assert.Equal(t, tc.score, r.Score, "rating %v", tc.rating)
			assert.Equal(t, 0.0, r.Variance)
			assert.Equal(t, 0.0, r.StdErr)
		}
	})

	t.Run("all in one category", func(t *testing.T) {
		for _, tc := range []struct {
			c     Counts
			score float64
		}{{Counts{Promoters: 2}, 100}, {Counts{Passives: 2}, 0}, {Counts{Detractors: 2}, -100},
			{Counts{Promoters: 1000}, 100}, {Counts{Detractors: 7}, -100}} {
			r, err := FromCounts(tc.c)
			require.NoError(t, err)
			assert.Equal(t, tc.score, r.Score, "%+v", tc.c)
			assert.Equal(t, 0.0, r.Variance, "%+v", tc.c)
			assert.Equal(t, 0.0, r.StdErr, "%+v", tc.c)
		}
	})

	t.Run("two responses, promoter and detractor", func(t *testing.T) {
		r, err := Score([]float64{10, 0})
		require.NoError(t, err)
		assert.Equal(t, 0.0, r.Score)
		assert.Equal(t, 1.0, r.Variance) // p + d − (p − d)² = ½ + ½ − 0
		assert.InDelta(t, 100*math.Sqrt(0.5), r.StdErr, 1e-12)
	})

	t.Run("Wald interval with StdErr 0", func(t *testing.T) {
		for _, c := range []Counts{{Promoters: 1}, {Passives: 2}, {Detractors: 5}} {
			r, err := FromCounts(c)
			require.NoError(t, err)
			b, err := r.Interval(0, Wald)
			require.NoError(t, err)
			assert.Equal(t, Interval{r.Score, r.Score, 0.95}, b.CI, "%+v", c)
			assert.Equal(t, b.CI, b.Raw)
			assert.Equal(t, 0.0, b.Margin)
		}
	})

	t.Run("adjusted-Wald interval of one response", func(t *testing.T) {
		// n′ = 4, p′ = 1.75/4, d′ = 0.75/4: centre 25, V′ = 0.625 − 0.0625,
		// SE′ = 100·√(V′/4) = 37.5, half-width z·37.5.
		r, err := FromCounts(Counts{Promoters: 1})
		require.NoError(t, err)
		b, err := r.Interval(0, AdjustedWald)
		require.NoError(t, err)
		z := 1.959963984540054
		assert.InDelta(t, 25, b.Centre, 1e-12)
		assert.InDelta(t, 37.5, r.AdjustedStdErr, 1e-12)
		assert.InDelta(t, 25-z*37.5, b.CI.Lower, 1e-9)
		assert.InDelta(t, 25+z*37.5, b.CI.Upper, 1e-9)
		// All detractors, many of them: clipped at −100, never wider than the scale.
		r, err = FromCounts(Counts{Detractors: 3})
		require.NoError(t, err)
		b, err = r.Interval(0, AdjustedWald)
		require.NoError(t, err)
		assert.Equal(t, -100.0, b.CI.Lower)
		assert.Greater(t, b.CI.Width(), 0.0)
	})

	t.Run("Wald comparison of two constant groups that differ", func(t *testing.T) {
		a, b := Counts{Detractors: 1}, Counts{Promoters: 1} // also n = 1 each
		for _, tc := range []struct {
			alt Alternative
			p   float64
		}{{TwoSided, 0}, {Greater, 0}, {Less, 1}} {
			c, err := Compare(a, b, &Settings{Method: Wald, Alternative: tc.alt})
			require.NoError(t, err)
			assert.True(t, c.Defined)
			assert.Equal(t, 200.0, c.Diff)
			assert.Equal(t, 0.0, c.StdErr)
			assert.True(t, math.IsInf(c.Statistic, 1), "z %v", c.Statistic)
			assert.Equal(t, tc.p, c.P, "%v", tc.alt)
			assert.Equal(t, Interval{200, 200, 0.95}, c.CI)
		}
		c, err := Compare(Counts{Promoters: 4}, Counts{Passives: 3}, &Settings{Method: Wald, Alternative: Less})
		require.NoError(t, err)
		assert.True(t, c.Defined)
		assert.True(t, math.IsInf(c.Statistic, -1), "z %v", c.Statistic)
		assert.Equal(t, 0.0, c.P, "b below a: the Less p is 0")
	})

	t.Run("Wald comparison of two equal constant groups", func(t *testing.T) {
		for _, c := range []Counts{{Promoters: 1}, {Passives: 3}, {Detractors: 2}} {
			cmp, err := Compare(c, Counts{Promoters: 2 * c.Promoters, Passives: 2 * c.Passives, Detractors: 2 * c.Detractors}, &Settings{Method: Wald})
			require.NoError(t, err)
			assert.False(t, cmp.Defined)
			assert.Equal(t, 0.0, cmp.Diff)
			isNaN(t, cmp.Statistic, cmp.P)
			assert.Equal(t, Interval{0, 0, 0.95}, cmp.CI)
		}
	})

	t.Run("adjusted-Wald comparison is always defined", func(t *testing.T) {
		for _, pair := range [][2]Counts{
			{{Promoters: 1}, {Promoters: 1}}, {{Detractors: 1}, {Promoters: 1}},
			{{Passives: 1}, {Passives: 2}}, {{Promoters: 1, Detractors: 1}, {Promoters: 2}},
		} {
			c, err := Compare(pair[0], pair[1], nil)
			require.NoError(t, err)
			assert.True(t, c.Defined, "%+v", pair)
			assert.Greater(t, c.StdErr, 0.0)
			assert.False(t, math.IsInf(c.Statistic, 0) || math.IsNaN(c.Statistic))
		}
	})

	t.Run("a group without responses", func(t *testing.T) {
		_, err := Compare(Counts{}, Counts{Promoters: 1}, nil)
		assert.ErrorIs(t, err, ErrEmpty)
		_, err = Compare(Counts{Promoters: 1}, Counts{}, &Settings{Method: Wald})
		assert.ErrorIs(t, err, ErrEmpty)
		_, err = CompareBenchmark(Counts{}, 0, nil)
		assert.ErrorIs(t, err, ErrEmpty)
	})

	t.Run("Wald benchmark test, one category, score differs", func(t *testing.T) {
		for _, tc := range []struct {
			alt Alternative
			p   float64
		}{{TwoSided, 0}, {Greater, 0}, {Less, 1}} {
			bt, err := CompareBenchmark(Counts{Promoters: 3}, 40, &Settings{Method: Wald, Alternative: tc.alt})
			require.NoError(t, err)
			assert.True(t, bt.Defined)
			assert.Equal(t, 60.0, bt.Diff)
			assert.True(t, math.IsInf(bt.Statistic, 1))
			assert.Equal(t, tc.p, bt.P, "%v", tc.alt)
		}
		bt, err := CompareBenchmark(Counts{Detractors: 1}, 0, &Settings{Method: Wald, Alternative: Greater})
		require.NoError(t, err)
		assert.True(t, math.IsInf(bt.Statistic, -1))
		assert.Equal(t, 1.0, bt.P)
	})

	t.Run("Wald benchmark test, one category, score equals benchmark", func(t *testing.T) {
		for _, tc := range []struct {
			c     Counts
			bench float64
		}{{Counts{Promoters: 5}, 100}, {Counts{Passives: 1}, 0}, {Counts{Detractors: 2}, -100}} {
			bt, err := CompareBenchmark(tc.c, tc.bench, &Settings{Method: Wald})
			require.NoError(t, err)
			assert.False(t, bt.Defined)
			isNaN(t, bt.Statistic, bt.P)
			assert.Equal(t, Interval{0, 0, 0.95}, bt.CI)
		}
	})

	t.Run("weighted, one response or one positive weight", func(t *testing.T) {
		for _, tc := range []struct {
			ratings, weights []float64
			score            float64
		}{
			{[]float64{9}, nil, 100},
			{[]float64{3}, []float64{2.5}, -100},
			{[]float64{10, 0, 7, 4}, []float64{0, 0, 0.3, 0}, 0},
			{[]float64{10, 0}, []float64{0, 7}, -100},
		} {
			w, err := Weighted(tc.ratings, tc.weights)
			require.NoError(t, err)
			assert.Equal(t, len(tc.ratings), w.N)
			assert.Equal(t, 1, w.NPositive)
			assert.Equal(t, tc.score, w.Score)
			assert.InDelta(t, 1, w.NEff, 1e-15)
			assert.Equal(t, 0.0, w.StdErr)
			assert.False(t, w.LinearizedDefined)
			isNaN(t, w.StdErrLinearized)
		}
	})

	t.Run("weighted, all weights equal", func(t *testing.T) {
		ratings := []float64{10, 9, 8, 3, 0, 10, 7}
		r, err := Score(ratings)
		require.NoError(t, err)
		for _, c := range []float64{1, 0.25, 3, 1e6} {
			ws := make([]float64, len(ratings))
			for i := range ws {
				ws[i] = c
			}
			w, err := Weighted(ratings, ws)
			require.NoError(t, err)
			assert.InDelta(t, r.Score, w.Score, 1e-12, "weight %v", c)
			assert.InDelta(t, float64(len(ratings)), w.NEff, 1e-12)
			assert.InDelta(t, 1, w.DesignEffect, 1e-12)
			assert.InDelta(t, r.StdErr, w.StdErr, 1e-12)
			assert.True(t, w.LinearizedDefined)
		}
	})

	t.Run("weighted, all in one category", func(t *testing.T) {
		w, err := Weighted([]float64{9, 10, 9}, []float64{1, 2, 0.5})
		require.NoError(t, err)
		assert.Equal(t, 100.0, w.Score)
		assert.Equal(t, 0.0, w.StdErr)
		assert.True(t, w.LinearizedDefined)
		assert.Equal(t, 0.0, w.StdErrLinearized)
		for _, se := range []WeightedSE{KishSE, LinearizedSE} {
			b, err := w.Interval(0, se)
			require.NoError(t, err)
			assert.Equal(t, Interval{100, 100, 0.95}, b.CI, "%v", se)
		}
	})

	t.Run("weighted, no ratings or zero total weight", func(t *testing.T) {
		_, err := Weighted(nil, nil)
		assert.ErrorIs(t, err, ErrEmpty)
		_, err = Weighted([]float64{9, 3}, []float64{0, 0})
		assert.ErrorIs(t, err, ErrEmpty)
		var wt WeightedTally
		_, err = wt.Result()
		assert.ErrorIs(t, err, ErrEmpty)
	})

	t.Run("weighted linearized interval with one positive weight", func(t *testing.T) {
		w, err := Weighted([]float64{9, 2}, []float64{1, 0})
		require.NoError(t, err)
		b, err := w.Interval(0, LinearizedSE)
		require.NoError(t, err)
		isNaN(t, b.CI.Lower, b.CI.Upper, b.Raw.Lower, b.Raw.Upper, b.Margin)
		b, err = w.Interval(0, KishSE)
		require.NoError(t, err)
		assert.Equal(t, Interval{100, 100, 0.95}, b.CI, "Kish: NEff 1, V 0, zero width")
	})

	t.Run("Bayes without responses", func(t *testing.T) {
		for _, prior := range []Prior{{}, JeffreysPrior, {2, 3, 4}} {
			p, err := Bayes(Counts{}, prior)
			require.NoError(t, err)
			want := prior
			if want == (Prior{}) {
				want = UniformPrior
			}
			assert.Equal(t, Posterior(want), p)
			iv, err := p.CredibleInterval(0)
			require.NoError(t, err)
			assert.True(t, iv.Lower > -100 && iv.Upper < 100 && iv.Lower < iv.Upper, "%+v", iv)
		}
		// Uniform prior, no data: E[NPS] = 0 and the posterior is symmetric.
		p, _ := Bayes(Counts{}, UniformPrior)
		assert.InDelta(t, 0, p.Mean(), 1e-12)
		assert.InDelta(t, 0.5, p.ProbPositive(), 1e-9)
	})

	t.Run("sample size for shares in one category", func(t *testing.T) {
		for _, s := range []*SampleSizeSettings{{Promoters: 1}, {Detractors: 1}} {
			r, err := SampleSize(5, s)
			require.NoError(t, err)
			assert.Equal(t, 0.0, r.Variance)
			assert.Equal(t, 0.0, r.NRaw)
			assert.Equal(t, 1, r.Wald)
			assert.Equal(t, 1, r.AdjustedWald)
		}
	})

	t.Run("rolling window without responses", func(t *testing.T) {
		periods := []Counts{{}, {}, {Promoters: 1}, {}, {Passives: 1}}
		pts, err := Rolling(periods, 2)
		require.NoError(t, err)
		assert.False(t, pts[0].Full)
		assert.Nil(t, pts[1].Pooled, "window of two empty periods")
		assert.Nil(t, pts[1].VsPrevious)
		isNaN(t, pts[1].MeanOfPeriods)
		require.NotNil(t, pts[2].Pooled, "one response in the window")
		assert.Equal(t, 100.0, pts[2].Pooled.Score)
		isNaN(t, pts[2].MeanOfPeriods) // period 1 has no score
		assert.Nil(t, pts[3].VsPrevious, "the previous window is empty")
		require.NotNil(t, pts[3].Pooled)
	})

	t.Run("byte counts without ratings", func(t *testing.T) {
		c, err := CountBytes(nil)
		require.NoError(t, err)
		assert.Equal(t, Counts{}, c)
		gs, err := CountByGroup(context.Background(), []uint8{10, 0}, []int32{0, 2}, 4, nil)
		require.NoError(t, err)
		assert.Equal(t, []Counts{{Promoters: 1}, {}, {Detractors: 1}, {}}, gs)
		gs, err = CountByGroup(context.Background(), nil, nil, 2, nil)
		require.NoError(t, err)
		assert.Equal(t, []Counts{{}, {}}, gs)
	})
}
