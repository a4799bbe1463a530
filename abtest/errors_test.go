package abtest

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadInput: every kind of bad input gives an error wrapping the named
// sentinel, and an *InputError with the argument and index where there is one.
func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	ok := Proportion{Successes: 5, Trials: 50}
	ctx := context.Background()
	type tc struct {
		name  string
		run   func() error
		want  error
		arg   string // expected InputError.Field, "" when not an InputError
		index int
	}
	e := func(_ any, err error) error { return err }
	cases := []tc{
		{"z negative successes", func() error { return e(TwoProportionZ(Proportion{-1, 10}, ok, nil)) }, ErrNegative, "a.successes", -1},
		{"z negative trials", func() error { return e(TwoProportionZ(ok, Proportion{0, -3}, nil)) }, ErrNegative, "b.trials", -1},
		{"z successes > trials", func() error { return e(TwoProportionZ(ok, Proportion{11, 10}, nil)) }, ErrOutOfRange, "b.successes", -1},
		{"z empty arm", func() error { return e(TwoProportionZ(Proportion{}, ok, nil)) }, ErrEmpty, "a.trials", -1},
		{"z level 1", func() error { return e(TwoProportionZ(ok, ok, &Settings{Level: 1})) }, ErrLevel, "", 0},
		{"z level NaN", func() error { return e(TwoProportionZ(ok, ok, &Settings{Level: nan})) }, ErrLevel, "", 0},
		{"z level negative", func() error { return e(TwoProportionZ(ok, ok, &Settings{Level: -0.5})) }, ErrLevel, "", 0},
		{"z alternative", func() error { return e(TwoProportionZ(ok, ok, &Settings{Alternative: 9})) }, ErrOutOfRange, "alternative", -1},
		{"lift level", func() error { return e(RelativeLift(ok, ok, 1.5)) }, ErrLevel, "", 0},
		{"interval method", func() error { return e(ProportionInterval(ok, 0.9, 42)) }, ErrOutOfRange, "interval method", -1},
		{"interval empty", func() error { return e(ProportionInterval(Proportion{}, 0.9, Wilson)) }, ErrEmpty, "p.trials", -1},
		{"welch NaN", func() error { return e(WelchT([]float64{1, 2, nan}, []float64{1, 2}, nil)) }, ErrNonFinite, "a", 2},
		{"welch Inf in y", func() error { return e(WelchT([]float64{1, 2}, []float64{1, inf, 3}, nil)) }, ErrNonFinite, "b", 1},
		{"welch one value", func() error { return e(WelchT([]float64{1}, []float64{1, 2}, nil)) }, ErrTooFew, "", 0},
		{"welch empty", func() error { return e(WelchT(nil, []float64{1, 2}, nil)) }, ErrEmpty, "", 0},
		{"student one value", func() error { return e(StudentT([]float64{1, 2}, []float64{1}, nil)) }, ErrTooFew, "", 0},
		{"summary n=1", func() error { return e(WelchTSummary(Summary{N: 1}, Summary{N: 5, M2: 1}, nil)) }, ErrTooFew, "", 0},
		{"summary NaN mean", func() error { return e(WelchTSummary(Summary{N: 3, Mean: nan}, Summary{N: 5, M2: 1}, nil)) }, ErrNonFinite, "a.mean", -1},
		{"summary negative M2", func() error { return e(StudentTSummary(Summary{N: 3}, Summary{N: 5, M2: -1}, nil)) }, ErrNegative, "b.m2", -1},
		{"new summary sd", func() error { return e(NewSummary(5, 1, -2)) }, ErrNegative, "sd", -1},
		{"new summary n", func() error { return e(NewSummary(0, 1, 2)) }, ErrEmpty, "", 0},
		{"describe empty", func() error { return e(Describe(nil)) }, ErrEmpty, "", 0},
		{"describe NaN", func() error { return e(Describe([]float64{0, nan})) }, ErrNonFinite, "x", 1},
		{"mwu empty", func() error { return e(MannWhitney([]float64{1}, nil, nil)) }, ErrEmpty, "", 0},
		{"mwu NaN", func() error { return e(MannWhitney([]float64{1, nan}, []float64{2}, nil)) }, ErrNonFinite, "a", 1},
		{"mwu -Inf in y", func() error { return e(MannWhitney([]float64{1}, []float64{2, 3, -inf}, nil)) }, ErrNonFinite, "b", 2},
		{"mwu exact ties", func() error {
			return e(MannWhitney([]float64{1, 2}, []float64{2, 3}, &MannWhitneySettings{Method: RankExact}))
		}, ErrTies, "", 0},
		{"mwu alternative", func() error { return e(MannWhitney([]float64{1}, []float64{2}, &MannWhitneySettings{Alternative: -1})) }, ErrOutOfRange, "alternative", -1},
		{"chi2 zero row", func() error { return e(ChiSquareIndependence([][]int{{1, 2}, {0, 0}}, nil)) }, ErrEmpty, "", 0},
		{"chi2 negative", func() error { return e(ChiSquareIndependence([][]int{{1, 2}, {3, -4}}, nil)) }, ErrNegative, "table row 1", 1},
		{"chi2 ragged", func() error { return e(ChiSquareIndependence([][]int{{1, 2}, {3}}, nil)) }, ErrLength, "", 0},
		{"chi2 one row", func() error { return e(ChiSquareIndependence([][]int{{1, 2}}, nil)) }, ErrTooFew, "", 0},
		{"fisher negative", func() error { return e(FisherExact(ctx, [2][2]int{{1, -2}, {3, 4}}, nil)) }, ErrNegative, "table row 0", 1},
		{"srm negative", func() error { return e(SampleRatioMismatch([]int{5, -1}, nil)) }, ErrNegative, "observed", 1},
		{"srm empty", func() error { return e(SampleRatioMismatch([]int{0, 0, 0}, nil)) }, ErrEmpty, "", 0},
		{"srm weight zero", func() error { return e(SampleRatioMismatch([]int{5, 5}, []float64{1, 0})) }, ErrOutOfRange, "weights", 1},
		{"srm weight NaN", func() error { return e(SampleRatioMismatch([]int{5, 5}, []float64{nan, 1})) }, ErrNonFinite, "weights", 0},
		{"srm lengths", func() error { return e(SampleRatioMismatch([]int{5, 5}, []float64{1})) }, ErrLength, "", 0},
		{"adjust empty", func() error { return e(Adjust(nil, Holm)) }, ErrEmpty, "", 0},
		{"adjust p>1", func() error { return e(Adjust([]float64{0.1, 1.2}, Holm)) }, ErrOutOfRange, "p", 1},
		{"adjust NaN", func() error { return e(Adjust([]float64{nan}, Sidak)) }, ErrOutOfRange, "p", 0},
		{"adjust method", func() error { return e(Adjust([]float64{0.1}, 99)) }, ErrOutOfRange, "correction", -1},
		{"reject alpha", func() error { _, _, err := Reject([]float64{0.1}, 1, Holm); return err }, ErrLevel, "", 0},
		{"arms none", func() error { return e(CompareProportionsToControl(ok, nil, nil)) }, ErrEmpty, "", 0},
		{"arms bad variant", func() error { return e(CompareProportionsToControl(ok, []Proportion{ok, {9, 3}}, nil)) }, ErrOutOfRange, "b.successes", -1},
		{"means arms", func() error { return e(CompareMeansToControl(Summary{N: 1}, []Summary{{N: 3}}, nil)) }, ErrTooFew, "", 0},
		{"bayes prior", func() error { return e(BetaBinomial(ok, ok, &BayesSettings{PriorB: Beta{0, 2}})) }, ErrOutOfRange, "prior_b", -1},
		{"bayes prior inf", func() error { return e(BetaBinomial(ok, ok, &BayesSettings{PriorA: Beta{inf, 2}})) }, ErrOutOfRange, "prior_a", -1},
		{"bayes counts", func() error { return e(BetaBinomial(Proportion{3, 2}, ok, nil)) }, ErrOutOfRange, "a.successes", -1},
		{"msprt tau", func() error { return e(NewMSPRT(0, 0.05)) }, ErrOutOfRange, "tau2", -1},
		{"msprt alpha", func() error { return e(NewMSPRT(1e-4, 1)) }, ErrLevel, "", 0},
		{"cuped lengths", func() error { return e(CUPED([]float64{1, 2}, []float64{1}, []float64{1, 2}, []float64{1, 2}, nil)) }, ErrLength, "", 0},
		{"cuped NaN", func() error {
			return e(CUPED([]float64{1, 2}, []float64{1, 2}, []float64{1, 2}, []float64{1, nan}, nil))
		}, ErrNonFinite, "postB", 1},
		{"cuped one unit", func() error { return e(CUPED([]float64{1}, []float64{1}, []float64{1, 2}, []float64{1, 2}, nil)) }, ErrTooFew, "", 0},
		{"ratio lengths", func() error { return e(DescribeRatio([]float64{1, 2}, []float64{1})) }, ErrLength, "", 0},
		{"ratio den NaN", func() error { return e(DescribeRatio([]float64{1, 2}, []float64{1, nan})) }, ErrNonFinite, "den", 1},
		{"ratio n", func() error { return e(RatioTest(RatioSummary{N: 1}, RatioSummary{N: 5}, nil)) }, ErrTooFew, "", 0},
		{"power p1", func() error { return e(SampleSizeProportions(0, 0.1, nil)) }, ErrOutOfRange, "p1", -1},
		{"power equal", func() error { return e(SampleSizeProportions(0.1, 0.1, nil)) }, ErrOutOfRange, "", 0},
		{"power direction", func() error {
			return e(SampleSizeProportions(0.1, 0.08, &PowerSettings{Alternative: Greater}))
		}, ErrOutOfRange, "", 0},
		{"power power", func() error { return e(SampleSizeMeans(0.3, &PowerSettings{Power: 1})) }, ErrLevel, "", 0},
		{"power alpha", func() error { return e(SampleSizeMeans(0.3, &PowerSettings{Alpha: 2})) }, ErrLevel, "", 0},
		{"power ratio", func() error { return e(SampleSizeMeans(0.3, &PowerSettings{Ratio: -1})) }, ErrOutOfRange, "ratio", -1},
		{"power d", func() error { return e(SampleSizeMeans(0, nil)) }, ErrOutOfRange, "d", -1},
		{"power method means", func() error { return e(SampleSizeMeans(0.3, &PowerSettings{Method: PowerUnpooled})) }, ErrOutOfRange, "power method", -1},
		{"power n1", func() error { return e(PowerMeans(0.3, 1, nil)) }, ErrOutOfRange, "n1", -1},
		{"mde n1", func() error { _, err := MDEProportions(0.1, -5, nil); return err }, ErrOutOfRange, "n1", -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			require.Error(t, err)
			assert.ErrorIs(t, err, c.want)
			assert.Contains(t, err.Error(), "abtest: ")
			var ie *InputError
			if c.arg == "" {
				return
			}
			require.True(t, errors.As(err, &ie), "%v", err)
			assert.Equal(t, c.arg, ie.Field)
			assert.Equal(t, c.index, ie.Index)
		})
	}
}

// TestMSPRTErrorKeepsState: a rejected look leaves the running state alone.
func TestMSPRTErrorKeepsState(t *testing.T) {
	m, err := NewMSPRT(4e-4, 0.05)
	require.NoError(t, err)
	a, err := m.ObserveProportions(Proportion{100, 1000}, Proportion{150, 1000})
	require.NoError(t, err)
	_, err = m.Observe(math.NaN(), 1)
	require.ErrorIs(t, err, ErrNonFinite)
	b, err := m.Observe(0.05, 1e-4)
	require.NoError(t, err)
	assert.Equal(t, 2, b.Looks)
	assert.LessOrEqual(t, b.P, a.P)
	assert.GreaterOrEqual(t, b.CS.Lower, a.CS.Lower)
	assert.Contains(t, m.String(), "2 looks")
	_, err = m.ObserveMeans(Summary{N: 1}, Summary{N: 4, M2: 1})
	require.ErrorIs(t, err, ErrTooFew)
	c, err := m.ObserveMeans(Summary{N: 400, Mean: 10, M2: 399 * 4}, Summary{N: 400, Mean: 10.5, M2: 399 * 4})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, c.Diff, 1e-12)
	assert.InDelta(t, 0.02, c.Variance, 1e-12)
	assert.Equal(t, 3, c.Looks)
}
