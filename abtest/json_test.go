package abtest

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/wiretest"
)

// must returns v, failing t on err.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		require.NoError(t, err)
		return v
	}
}

// TestJSONRoundTrip marshals every result, summary, settings value and
// accumulator on ordinary and degenerate inputs (zero variance, no
// conversions, all in one category, exact Mann–Whitney, one-sided Fisher
// with an infinite bound) and checks that it comes back equal.
func TestJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	ok := Proportion{Successes: 100, Trials: 1000}
	ok2 := Proportion{Successes: 130, Trials: 1000}
	none := Proportion{Successes: 0, Trials: 100}
	all := Proportion{Successes: 100, Trials: 100}
	x := []float64{1, 2, 3, 4, 5.5}
	y := []float64{2.5, 3.5, 4.5, 6, 7}
	flat := []float64{3, 3, 3}

	// Ordinary and degenerate test results.
	wiretest.RoundTrip(t, must[TTestResult](t)(WelchT(x, y, nil)))
	wiretest.RoundTrip(t, must[TTestResult](t)(WelchT(flat, flat, nil))) // zero variance: NaN statistic, DF
	wiretest.RoundTrip(t, must[TTestResult](t)(StudentT(flat, []float64{4, 4}, &Settings{Alternative: Greater})))
	wiretest.RoundTrip(t, must[ProportionResult](t)(TwoProportionZ(ok, ok2, nil)))
	wiretest.RoundTrip(t, must[ProportionResult](t)(TwoProportionZ(none, none, nil))) // 0/100 vs 0/100
	wiretest.RoundTrip(t, must[ProportionResult](t)(TwoProportionZ(all, all, nil)))
	wiretest.RoundTrip(t, must[LiftResult](t)(RelativeLift(ok, ok2, 0)))
	wiretest.RoundTrip(t, must[LiftResult](t)(RelativeLift(none, ok, 0))) // undefined lift
	wiretest.RoundTrip(t, must[MannWhitneyResult](t)(MannWhitney(x, y, nil)))
	wiretest.RoundTrip(t, must[MannWhitneyResult](t)(MannWhitney(x, y, &MannWhitneySettings{Method: RankExact})))
	wiretest.RoundTrip(t, must[MannWhitneyResult](t)(MannWhitney(flat, flat, nil))) // all tied
	wiretest.RoundTrip(t, must[ChiSquareResult](t)(ChiSquareIndependence([][]int{{10, 90}, {20, 80}}, &ChiSquareSettings{Yates: true})))
	wiretest.RoundTrip(t, must[ChiSquareResult](t)(ChiSquareIndependence([][]int{{0, 90}, {0, 80}}, nil))) // no conversions
	wiretest.RoundTrip(t, must[ChiSquareResult](t)(SampleRatioMismatch([]int{500, 480}, nil)))
	wiretest.RoundTrip(t, must[FisherResult](t)(FisherExact(ctx, [2][2]int{{4, 46}, {12, 38}}, nil)))
	wiretest.RoundTrip(t, must[FisherResult](t)(FisherExact(ctx, [2][2]int{{4, 46}, {12, 38}}, &FisherSettings{Alternative: Greater}))) // CI upper +Inf
	wiretest.RoundTrip(t, must[FisherResult](t)(FisherExact(ctx, [2][2]int{{0, 46}, {0, 38}}, nil)))                                    // a zero column
	wiretest.RoundTrip(t, must[FisherResult](t)(FisherExact(ctx, [2][2]int{{0, 46}, {12, 38}}, nil)))                                   // odds ratio +Inf
	wiretest.RoundTrip(t, must[CUPEDResult](t)(CUPED(x, y, y, x, nil)))
	wiretest.RoundTrip(t, must[CUPEDResult](t)(CUPED(flat, flat, flat, flat, nil))) // constant covariate
	ra := must[RatioSummary](t)(DescribeRatio(x, y))
	rb := must[RatioSummary](t)(DescribeRatio(y, x))
	wiretest.RoundTrip(t, ra)
	wiretest.RoundTrip(t, must[RatioResult](t)(RatioTest(ra, rb, nil)))
	wiretest.RoundTrip(t, must[RatioResult](t)(RatioTest(RatioSummary{N: 3, MeanNum: 1, MeanDen: 1}, RatioSummary{N: 3, MeanNum: 1, MeanDen: 1}, nil)))
	wiretest.RoundTrip(t, must[BayesResult](t)(BetaBinomial(ok, ok2, nil)))
	wiretest.RoundTrip(t, must[BayesResult](t)(BetaBinomial(Proportion{}, Proportion{}, nil))) // no data: the prior
	wiretest.RoundTrip(t, must[SampleSize](t)(SampleSizeProportions(0.1, 0.12, nil)))
	wiretest.RoundTrip(t, must[MDE](t)(MDEProportions(0.1, 5000, nil)))
	wiretest.RoundTrip(t, must[[]ArmComparison](t)(CompareProportionsToControl(ok, []Proportion{ok2, none}, nil)))
	wiretest.RoundTrip(t, must[[]ArmComparison](t)(CompareProportionsToControl(none, []Proportion{none}, nil))) // undefined
	wiretest.RoundTrip(t, must[Interval](t)(ProportionInterval(ok, 0, Wilson)))

	// Summaries and accumulators.
	wiretest.RoundTrip(t, must[Summary](t)(Describe(x)))
	wiretest.RoundTrip(t, must[Summary](t)(Describe([]float64{7}))) // one value
	wiretest.RoundTrip(t, Summary{})
	wiretest.RoundTrip(t, RatioSummary{})

	// Settings, with every enumeration.
	wiretest.RoundTrip(t, Settings{Alternative: Less, Level: 0.9})
	wiretest.RoundTrip(t, ChiSquareSettings{Yates: true})
	wiretest.RoundTrip(t, FisherSettings{Alternative: Greater, Level: 0.9, Solver: SolveLikeR, TwoSidedCI: true, Progress: func(int, int) {}})
	wiretest.RoundTrip(t, MannWhitneySettings{Alternative: Greater, Method: RankAsymptotic, NoContinuity: true})
	wiretest.RoundTrip(t, PowerSettings{Alpha: 0.01, Power: 0.9, Ratio: 2, Alternative: Greater, Method: PowerPooledBaseline})
	wiretest.RoundTrip(t, MultiArmSettings{Correction: BenjaminiYekutieli, Alpha: 0.1, Alternative: Less, Level: 0.8})
	wiretest.RoundTrip(t, BayesSettings{PriorA: Beta{Alpha: 0.5, Beta: 0.5}, Level: 0.9})
	wiretest.RoundTrip(t, Proportion{Successes: 3, Trials: 7})

	// MSPRT before and after looks, including one without evidence.
	m := must[*MSPRT](t)(NewMSPRT(4e-4, 0))
	wiretest.RoundTrip(t, *m)
	_ = must[Look](t)(m.ObserveProportions(none, none))
	wiretest.RoundTrip(t, *m)
	l := must[Look](t)(m.ObserveProportions(ok, ok2))
	wiretest.RoundTrip(t, *m)
	wiretest.RoundTrip(t, l)
	wiretest.RoundTrip(t, MSPRT{})
}

// TestJSONUndefinedIsNull: the cases that encoding/json refused before
// (NaN, +Inf) encode, with null for undefined numbers.
func TestJSONUndefinedIsNull(t *testing.T) {
	w := must[TTestResult](t)(WelchT([]float64{3, 3, 3}, []float64{3, 3}, nil))
	b, err := json.Marshal(w)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"statistic":null`)
	assert.Contains(t, string(b), `"alternative":"two-sided"`)
	f := must[FisherResult](t)(FisherExact(context.Background(), [2][2]int{{4, 46}, {12, 38}}, &FisherSettings{Alternative: Greater}))
	b, err = json.Marshal(f)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"upper":"Infinity"`)
}

// TestJSONGolden fixes the schema of the main result types.
func TestJSONGolden(t *testing.T) {
	ctx := context.Background()
	a := Proportion{Successes: 1000, Trials: 10000}
	b := Proportion{Successes: 1105, Trials: 10050}
	x := []float64{42.5, 38.0, 55.2, 61.0, 35.9, 47.3, 50.1, 44.8}
	y := []float64{49.9, 58.3, 61.2, 45.0, 66.7, 52.4, 57.8, 63.1}
	wiretest.Golden(t, "two_proportion_z", must[ProportionResult](t)(TwoProportionZ(a, b, nil)))
	wiretest.Golden(t, "relative_lift", must[LiftResult](t)(RelativeLift(a, b, 0)))
	wiretest.Golden(t, "welch_t", must[TTestResult](t)(WelchT(x, y, nil)))
	wiretest.Golden(t, "welch_t_zero_variance", must[TTestResult](t)(WelchT([]float64{3, 3}, []float64{3, 3}, nil)))
	wiretest.Golden(t, "mann_whitney_exact", must[MannWhitneyResult](t)(MannWhitney(x, y, nil)))
	wiretest.Golden(t, "chi_square", must[ChiSquareResult](t)(ChiSquareIndependence([][]int{{1000, 9000}, {1105, 8945}}, nil)))
	wiretest.Golden(t, "sample_ratio_mismatch", must[ChiSquareResult](t)(SampleRatioMismatch([]int{9300, 700}, []float64{90, 10})))
	wiretest.Golden(t, "fisher_greater", must[FisherResult](t)(FisherExact(ctx, [2][2]int{{4, 46}, {12, 38}}, &FisherSettings{Alternative: Greater})))
	wiretest.Golden(t, "beta_binomial", must[BayesResult](t)(BetaBinomial(a, b, nil)))
	wiretest.Golden(t, "cuped", must[CUPEDResult](t)(CUPED(x, y, y, x, nil)))
	ra := must[RatioSummary](t)(DescribeRatio(x, y))
	rb := must[RatioSummary](t)(DescribeRatio(y, x))
	wiretest.Golden(t, "ratio_test", must[RatioResult](t)(RatioTest(ra, rb, nil)))
	wiretest.Golden(t, "sample_size", must[SampleSize](t)(SampleSizeProportions(0.1, 0.11, nil)))
	wiretest.Golden(t, "mde", must[MDE](t)(MDEProportions(0.1, 5000, nil)))
	wiretest.Golden(t, "compare_to_control", must[[]ArmComparison](t)(CompareProportionsToControl(a, []Proportion{b}, nil)))
	m := must[*MSPRT](t)(NewMSPRT(4e-4, 0))
	l := must[Look](t)(m.ObserveProportions(a, b))
	wiretest.Golden(t, "msprt", *m)
	wiretest.Golden(t, "msprt_look", l)
	wiretest.Golden(t, "power_settings", PowerSettings{Alternative: Greater, Method: PowerCohenH})
}

// TestJSONEnums: every enumeration encodes by a distinct kebab-case name,
// round-trips, and an unknown name is an error.
func TestJSONEnums(t *testing.T) {
	wiretest.Enum[Alternative](t, []string{"two-sided", "less", "greater"}, nil)
	wiretest.Enum[IntervalMethod](t, []string{"wilson", "agresti-coull", "agresti-coull-unclipped",
		"clopper-pearson", "jeffreys", "normal", "normal-unclipped", "jeffreys-plain"}, nil)
	wiretest.Enum[RankMethod](t, []string{"auto", "exact", "asymptotic"}, nil)
	wiretest.Enum[PowerMethod](t, []string{"auto", "cohen-h", "pooled", "pooled-baseline", "unpooled", "t-test", "normal"}, nil)
	wiretest.Enum[FisherSolver](t, []string{"precise", "like-r"}, nil)
	wiretest.Enum[Correction](t, []string{"holm", "bonferroni", "sidak", "benjamini-hochberg", "benjamini-yekutieli", "none"}, nil)
	_, err := Alternative(7).MarshalText()
	assert.Error(t, err, "an undefined value has no name")
	var s Settings
	require.Error(t, json.Unmarshal([]byte(`{"alternative":"sideways"}`), &s))
}

// TestMSPRTContinuesAfterJSON: an MSPRT sent through JSON between looks
// makes exactly the decisions of one that never left memory.
func TestMSPRTContinuesAfterJSON(t *testing.T) {
	looks := [][2]Proportion{
		{{0, 500}, {0, 500}},
		{{96, 1000}, {118, 1000}},
		{{201, 2000}, {236, 2000}},
		{{298, 3000}, {362, 3000}},
		{{395, 4000}, {489, 4000}},
		{{495, 5000}, {601, 5000}},
	}
	mem := must[*MSPRT](t)(NewMSPRT(4e-4, 0.05))
	var wire []byte
	{
		m := must[*MSPRT](t)(NewMSPRT(4e-4, 0.05))
		var err error
		wire, err = json.Marshal(m)
		require.NoError(t, err)
	}
	for i, lk := range looks {
		want := must[Look](t)(mem.ObserveProportions(lk[0], lk[1]))
		var m MSPRT
		require.NoError(t, json.Unmarshal(wire, &m))
		got := must[Look](t)(m.ObserveProportions(lk[0], lk[1]))
		assert.True(t, wiretest.Equal(want, got), "look %d: %+v vs %+v", i, want, got)
		var err error
		wire, err = json.Marshal(m)
		require.NoError(t, err)
	}
	assert.True(t, mem.Evidence > 0)
	// A state no sequence of looks produces is refused.
	var m MSPRT
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"tau2":0.0004,"looks":1,"evidence":2}`), &m), ErrOutOfRange)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"tau2":0.0004,"looks":2,"evidence":1,"p":1.5}`), &m), ErrOutOfRange)
	assert.True(t, math.IsInf(must[Look](t)(mem.Observe(0, 0)).CS.Upper, 0) == false)
}
