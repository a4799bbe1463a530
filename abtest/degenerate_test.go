package abtest

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDegenerate checks every row of the "Degenerate cases" tables on
// TTestResult, MannWhitneyResult, FisherResult, ChiSquareResult,
// ProportionResult, LiftResult and ProportionInterval: sizes 1 and 2,
// all-equal values, all in one category, zero counts. Limits are SciPy's
// and R's (issue 16, point 1).
func TestDegenerate(t *testing.T) {
	ctx := context.Background()
	nan := math.IsNaN
	inf := math.Inf(1)
	alts := []Alternative{TwoSided, Less, Greater}

	t.Run("t-test", func(t *testing.T) {
		for _, equalVar := range []bool{false, true} {
			run := func(a, b []float64, alt Alternative) (TTestResult, error) {
				if equalVar {
					return StudentT(a, b, &Settings{Alternative: alt})
				}
				return WelchT(a, b, &Settings{Alternative: alt})
			}
			_, err := run(nil, []float64{1, 2}, TwoSided)
			assert.ErrorIs(t, err, ErrEmpty)
			_, err = run([]float64{1}, []float64{1, 2}, TwoSided)
			assert.ErrorIs(t, err, ErrTooFew)
			_, err = WelchTSummary(Summary{N: 1, Mean: 1}, Summary{N: 2, Mean: 1, M2: 1}, nil)
			assert.ErrorIs(t, err, ErrTooFew)
			r, err := run([]float64{1, 2}, []float64{3, 5}, TwoSided)
			require.NoError(t, err)
			assert.True(t, r.Defined && r.DF >= 1 && r.P > 0 && r.P < 1)
			r, err = run([]float64{2, 2, 2}, []float64{3, 5}, TwoSided)
			require.NoError(t, err)
			assert.True(t, r.Defined && r.P > 0 && r.P < 1)
			// Both constant, different means: SciPy ttest_ind([5, 5], [3, 3, 3])
			// = (inf, 0.0); alternative greater 0.0, less 1.0.
			wantP := map[Alternative]float64{TwoSided: 0, Greater: 0, Less: 1}
			for _, alt := range alts {
				r, err = run([]float64{3, 3, 3}, []float64{5, 5}, alt)
				require.NoError(t, err)
				assert.True(t, r.Defined)
				assert.Equal(t, inf, r.Statistic)
				assert.Equal(t, wantP[alt], r.P, "%v", alt)
				assert.Equal(t, Interval{Lower: 2, Upper: 2, Level: 0.95}, r.CI)
				assert.Equal(t, !equalVar, nan(r.DF))
				r, err = run([]float64{5, 5}, []float64{3, 3, 3}, alt)
				require.NoError(t, err)
				assert.Equal(t, -inf, r.Statistic)
				assert.Equal(t, map[Alternative]float64{TwoSided: 0, Greater: 1, Less: 0}[alt], r.P, "%v", alt)
			}
			s, err := WelchTSummary(Summary{N: 4, Mean: 1}, Summary{N: 2, Mean: 1.5}, nil)
			require.NoError(t, err)
			assert.True(t, s.Defined && math.IsInf(s.Statistic, 1) && s.P == 0)
			r, err = run([]float64{3, 3}, []float64{3, 3, 3}, TwoSided)
			require.NoError(t, err)
			assert.False(t, r.Defined)
			assert.True(t, nan(r.Statistic) && nan(r.P) && nan(r.CI.Lower) && nan(r.CI.Upper))
		}
	})

	t.Run("ratio", func(t *testing.T) {
		// Every user of a has 2 clicks in 4 views, every user of b 3 in 4.
		a := RatioSummary{N: 3, MeanNum: 2, MeanDen: 4}
		b := RatioSummary{N: 3, MeanNum: 3, MeanDen: 4}
		for alt, p := range map[Alternative]float64{TwoSided: 0, Greater: 0, Less: 1} {
			r, err := RatioTest(a, b, &Settings{Alternative: alt})
			require.NoError(t, err)
			assert.True(t, r.Defined)
			assert.Equal(t, inf, r.Statistic)
			assert.Equal(t, p, r.P)
			assert.Equal(t, Interval{Lower: 0.25, Upper: 0.25, Level: 0.95}, r.CI)
			assert.Equal(t, Interval{Lower: 0.5, Upper: 0.5, Level: 0.95}, r.LiftCI)
		}
		r, err := RatioTest(a, a, nil)
		require.NoError(t, err)
		assert.False(t, r.Defined)
		assert.True(t, nan(r.P) && nan(r.CI.Lower))
	})

	t.Run("mann-whitney", func(t *testing.T) {
		_, err := MannWhitney(nil, []float64{1}, nil)
		assert.ErrorIs(t, err, ErrEmpty)
		// SciPy mannwhitneyu([3], [2]): p = 1.0; one-sided 0.5 and 1.
		want := map[Alternative]float64{TwoSided: 1, Greater: 0.5, Less: 1}
		for _, alt := range alts {
			r, err := MannWhitney([]float64{2}, []float64{3}, &MannWhitneySettings{Alternative: alt})
			require.NoError(t, err)
			assert.True(t, r.Exact)
			assert.InDelta(t, want[alt], r.P, 1e-15, "%v", alt)
			for _, m := range []RankMethod{RankAuto, RankAsymptotic} {
				for _, nc := range []bool{false, true} {
					r, err = MannWhitney([]float64{2, 2, 2}, []float64{2, 2}, &MannWhitneySettings{Alternative: alt, Method: m, NoContinuity: nc})
					require.NoError(t, err)
					assert.True(t, r.Defined)
					assert.Equal(t, 0.0, r.Statistic)
					assert.Equal(t, 1.0, r.P)
				}
			}
			r, err = MannWhitney([]float64{7}, []float64{7}, &MannWhitneySettings{Alternative: alt})
			require.NoError(t, err)
			assert.Equal(t, 1.0, r.P)
		}
		_, err = MannWhitney([]float64{2, 2}, []float64{3}, &MannWhitneySettings{Method: RankExact})
		assert.ErrorIs(t, err, ErrTies)
	})

	t.Run("fisher", func(t *testing.T) {
		for _, table := range [][2][2]int{{{0, 0}, {3, 4}}, {{3, 4}, {0, 0}}, {{0, 5}, {0, 3}}, {{5, 0}, {3, 0}}, {{0, 0}, {0, 0}}} {
			for _, alt := range alts {
				r, err := FisherExact(ctx, table, &FisherSettings{Alternative: alt})
				require.NoError(t, err, "%v", table)
				assert.False(t, r.Defined)
				assert.Equal(t, 1.0, r.P)
				assert.True(t, nan(r.OddsRatio) && nan(r.MLE))
				assert.Equal(t, Interval{Lower: 0, Upper: inf, Level: 0.95}, r.CI)
			}
		}
		// b₁ at the top of the support: a₁ = 0.
		r, err := FisherExact(ctx, [2][2]int{{0, 10}, {4, 6}}, nil)
		require.NoError(t, err)
		assert.True(t, r.Defined)
		assert.Equal(t, inf, r.OddsRatio)
		assert.Equal(t, inf, r.MLE)
		assert.Equal(t, inf, r.CI.Upper)
		assert.Greater(t, r.CI.Lower, 0.0)
		// b₁ = 0: at the bottom.
		r, err = FisherExact(ctx, [2][2]int{{4, 6}, {0, 10}}, nil)
		require.NoError(t, err)
		assert.Equal(t, 0.0, r.OddsRatio)
		assert.Equal(t, 0.0, r.MLE)
		assert.Equal(t, 0.0, r.CI.Lower)
		assert.Less(t, r.CI.Upper, inf)
		// [[1, 0], [0, 1]]: b₁ = 0, the bottom; SciPy fisher_exact: p 1,
		// less 0.5, greater 1.
		want := map[Alternative]float64{TwoSided: 1, Less: 0.5, Greater: 1}
		for _, alt := range alts {
			r, err = FisherExact(ctx, [2][2]int{{1, 0}, {0, 1}}, &FisherSettings{Alternative: alt})
			require.NoError(t, err)
			assert.InDelta(t, want[alt], r.P, 1e-15, "%v", alt)
		}
	})

	t.Run("chi-square", func(t *testing.T) {
		_, err := ChiSquareIndependence([][]int{{0, 0}, {3, 4}}, nil)
		assert.ErrorIs(t, err, ErrEmpty)
		r, err := ChiSquareIndependence([][]int{{0, 5}, {0, 3}}, nil)
		require.NoError(t, err)
		assert.False(t, r.Defined)
		assert.True(t, nan(r.Statistic) && nan(r.P))
		s, err := SampleRatioMismatch([]int{100, 0}, nil)
		require.NoError(t, err)
		assert.InDelta(t, 100, s.Statistic, 1e-12)
		_, err = SampleRatioMismatch([]int{0, 0}, nil)
		assert.ErrorIs(t, err, ErrEmpty)
	})

	t.Run("proportions", func(t *testing.T) {
		_, err := TwoProportionZ(Proportion{0, 0}, Proportion{1, 2}, nil)
		assert.ErrorIs(t, err, ErrEmpty)
		for _, arms := range [][2]Proportion{{{0, 10}, {0, 20}}, {{10, 10}, {20, 20}}} {
			r, err := TwoProportionZ(arms[0], arms[1], nil)
			require.NoError(t, err)
			assert.False(t, r.Defined)
			assert.True(t, nan(r.Statistic) && nan(r.P))
			assert.Equal(t, Interval{Lower: 0, Upper: 0, Level: 0.95}, r.Wald)
			assert.Less(t, r.CI.Lower, 0.0)
			assert.Greater(t, r.CI.Upper, 0.0)
		}
		r, err := TwoProportionZ(Proportion{1, 1}, Proportion{0, 1}, nil)
		require.NoError(t, err)
		assert.True(t, r.Defined)
		assert.InDelta(t, -math.Sqrt2, r.Statistic, 1e-12)

		l, err := RelativeLift(Proportion{0, 10}, Proportion{3, 10}, 0)
		require.NoError(t, err)
		assert.False(t, l.Defined)
		assert.True(t, nan(l.Lift) && nan(l.StdErr) && nan(l.Delta.Lower) && nan(l.Fieller.Upper))
		l, err = RelativeLift(Proportion{3, 10}, Proportion{0, 10}, 0)
		require.NoError(t, err)
		assert.Equal(t, -1.0, l.Lift)
		assert.Equal(t, 0.0, l.StdErr)
		assert.Equal(t, Interval{Lower: -1, Upper: -1, Level: 0.95}, l.Delta)
		l, err = RelativeLift(Proportion{10, 10}, Proportion{5, 5}, 0)
		require.NoError(t, err)
		assert.Equal(t, 0.0, l.Lift)
		assert.Equal(t, Interval{Lower: 0, Upper: 0, Level: 0.95}, l.Delta)
	})
}

// TestDegenerateProportionInterval checks the rows on IntervalMethod, and
// JeffreysPlain against SciPy 1.10.1's beta.ppf/isf(0.025, ½, 10.5)
// (statsmodels' formula): [4.7890433157581876e-05, 0.2171962675092106].
func TestDegenerateProportionInterval(t *testing.T) {
	_, err := ProportionInterval(Proportion{0, 0}, 0, Wilson)
	assert.ErrorIs(t, err, ErrEmpty)
	methods := []IntervalMethod{Wilson, AgrestiCoull, AgrestiCoullUnclipped, ClopperPearson, Jeffreys, Normal, NormalUnclipped}
	for _, n := range []int{1, 10} {
		for _, m := range methods {
			lo, err := ProportionInterval(Proportion{0, n}, 0, m)
			require.NoError(t, err)
			hi, err := ProportionInterval(Proportion{n, n}, 0, m)
			require.NoError(t, err)
			if m == AgrestiCoullUnclipped {
				assert.Less(t, lo.Lower, 0.0, "unclipped leaves [0, 1]")
				assert.Greater(t, hi.Upper, 1.0)
				continue
			}
			assert.Equal(t, 0.0, lo.Lower, "%v n=%d", m, n)
			assert.InDelta(t, 1.0, hi.Upper, 1e-15, "%v n=%d", m, n)
			if m == Normal || m == NormalUnclipped {
				assert.Equal(t, Interval{Lower: 0, Upper: 0, Level: 0.95}, lo)
				assert.Equal(t, Interval{Lower: 1, Upper: 1, Level: 0.95}, hi)
			}
		}
		lo, err := ProportionInterval(Proportion{0, n}, 0, JeffreysPlain)
		require.NoError(t, err)
		hi, err := ProportionInterval(Proportion{n, n}, 0, JeffreysPlain)
		require.NoError(t, err)
		assert.True(t, lo.Lower > 0 && hi.Upper < 1)
	}
	p, err := ProportionInterval(Proportion{0, 10}, 0, JeffreysPlain)
	require.NoError(t, err)
	assert.InEpsilon(t, 4.7890433157581876e-05, p.Lower, 1e-9)
	assert.InEpsilon(t, 0.2171962675092106, p.Upper, 1e-9)
	j, err := ProportionInterval(Proportion{0, 10}, 0, Jeffreys)
	require.NoError(t, err)
	assert.Equal(t, Interval{Lower: 0, Upper: p.Upper, Level: 0.95}, j)
}

// TestFisherTwoSidedCI: with TwoSidedCI a one-sided test reports the
// two-sided interval; without it, R's one-sided one.
func TestFisherTwoSidedCI(t *testing.T) {
	table := [2][2]int{{4, 46}, {12, 38}}
	two, err := FisherExact(context.Background(), table, nil)
	require.NoError(t, err)
	for _, alt := range []Alternative{Less, Greater} {
		r, err := FisherExact(context.Background(), table, &FisherSettings{Alternative: alt, TwoSidedCI: true})
		require.NoError(t, err)
		assert.Equal(t, two.CI, r.CI)
		one, err := FisherExact(context.Background(), table, &FisherSettings{Alternative: alt})
		require.NoError(t, err)
		assert.Equal(t, one.P, r.P)
		assert.NotEqual(t, two.CI, one.CI)
	}
}
