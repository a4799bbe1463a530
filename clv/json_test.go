package clv

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/optimize"
)

// back round-trips v through encoding/json and returns the copy.
func back[T any](t *testing.T, v T) T {
	t.Helper()
	b := wiretest.RoundTrip(t, v)
	var out T
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// samePredictions asserts that two transaction models give bit-identical
// predictions for every customer of data.
func samePredictions(t *testing.T, a, b TransactionModel, data []Customer) {
	t.Helper()
	for i, c := range data {
		for _, v := range [][2]float64{
			{a.ProbAlive(c), b.ProbAlive(c)},
			{a.ConditionalExpectedPurchases(c, 39), b.ConditionalExpectedPurchases(c, 39)},
			{a.ExpectedPurchases(c.T), b.ExpectedPurchases(c.T)},
		} {
			if math.Float64bits(v[0]) != math.Float64bits(v[1]) {
				t.Fatalf("customer %d: %v before JSON, %v after", i, v[0], v[1])
			}
		}
	}
}

func TestJSONFittedModelsPredictTheSame(t *testing.T) {
	ctx := context.Background()
	data := cdnowSummary(t)
	some := data[:300]

	bg, res, err := FitBGNBD(ctx, data, nil, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, bg)
	wiretest.RoundTrip(t, res)
	samePredictions(t, bg, back(t, bg), some)
	p, err := ProbAliveInterval(bg, back(t, res), data[1], 0)
	require.NoError(t, err, "the fit result from JSON still matches the model")
	wiretest.RoundTrip(t, p)

	mbg, res, err := FitMBGNBD(ctx, data, nil, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, res)
	samePredictions(t, mbg, back(t, mbg), some)

	pn, res, err := FitParetoNBD(ctx, data, nil, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, pn)
	wiretest.RoundTrip(t, res)
	samePredictions(t, pn, back(t, pn), some)
	for n := range 5 {
		assert.Equal(t, pn.ProbPurchases(n, 39), back(t, pn).ProbPurchases(n, 39))
		assert.Equal(t, bg.ProbPurchases(n, 39), back(t, bg).ProbPurchases(n, 39))
	}

	donors, w := bbDonations(t)
	bb, res, err := FitBGBB(ctx, donors, w, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, bb)
	wiretest.RoundTrip(t, res)
	samePredictions(t, bb, back(t, bb), donors)

	spend := cdnowWithSpend(t)
	gg, res, err := FitGammaGamma(ctx, spend, nil, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, gg)
	wiretest.RoundTrip(t, res)
	gg2 := back(t, gg)
	for _, c := range spend[:300] {
		assert.Equal(t, math.Float64bits(gg.ConditionalExpectedSpend(c)), math.Float64bits(gg2.ConditionalExpectedSpend(c)))
	}
	assert.Equal(t, gg.MeanSpend(), gg2.MeanSpend())

	// CLV from the decoded models is the same, bit for bit.
	d := Discounting{Period: 52.0 / 12, Rate: 0.01}
	v1, err := CLV(ctx, bg, gg, spend[:500], d, Window{0, 52}, Window{52, 156})
	require.NoError(t, err)
	v2, err := CLV(ctx, back(t, bg), gg2, spend[:500], d, Window{0, 52}, Window{52, 156})
	require.NoError(t, err)
	assert.Equal(t, v1, v2)

	// A model's keys are its parameter names.
	b, err := json.Marshal(bg)
	require.NoError(t, err)
	var keys map[string]float64
	require.NoError(t, json.Unmarshal(b, &keys))
	assert.ElementsMatch(t, []string{"r", "alpha", "a", "b"}, mapKeys(keys))
}

// TestJSONGolden fixes the schema of the models and fit results with
// literal values (fitted values may differ in the last bit between
// processors).
func TestJSONGolden(t *testing.T) {
	wiretest.Golden(t, "bgnbd", BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426})
	wiretest.Golden(t, "mbgnbd", MBGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614})
	wiretest.Golden(t, "pareto_nbd", ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669})
	wiretest.Golden(t, "bgbb", BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783})
	wiretest.Golden(t, "gamma_gamma", GammaGamma{P: 6.25, Q: 3.74, V: 15.44})
	wiretest.Golden(t, "fit_result", FitResult{LogLik: -9582.43, Iterations: 21, Evaluations: 30, Converged: true,
		Status: "GradientThreshold", Params: []string{"p", "q", "v"}, Estimate: []float64{6.25, 3.74, 15.44},
		StdErr: []float64{0.5, 0.25, 3}, Cov: [][]float64{{0.25, 0, 0}, {0, 0.0625, 0}, {0, 0, 9}},
		CovLog: [][]float64{{0.0064, 0, 0}, {0, 0.0045, 0}, {0, 0, 0.0378}}})
	wiretest.Golden(t, "prediction", Prediction{Estimate: 0.5, StdErr: 0.1, CI: Interval{Lower: 0.304, Upper: 0.696, Level: 0.95}})
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestJSONDegenerate(t *testing.T) {
	// A fit whose information is singular: NaN standard errors, no
	// covariance. It must encode (null) and decode back to NaN.
	res := FitResult{LogLik: -3, Params: []string{"r", "alpha", "a", "b"}, Estimate: []float64{1, 2, 3, 4},
		StdErr: []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}, Status: "Failure"}
	wiretest.Golden(t, "fit_result_degenerate", res)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"std_err":[null,null,null,null]`)

	// A real degenerate fit: two identical customers.
	two := []Customer{{Frequency: 1, Recency: 1, T: 2, Monetary: 5}, {Frequency: 1, Recency: 1, T: 2, Monetary: 5}}
	_, r2, _ := FitGammaGamma(context.Background(), two, nil, &FitSettings{MaxIterations: 5})
	wiretest.RoundTrip(t, r2)
	_, r3, _ := FitBGNBD(context.Background(), two, nil, &FitSettings{MaxIterations: 5})
	wiretest.RoundTrip(t, r3)

	// Zero values and odd values of every type.
	wiretest.RoundTrip(t, FitSettings{})
	wiretest.Golden(t, "fit_settings", FitSettings{Tolerance: 1e-6, MaxIterations: 100, Initial: []float64{1, 2, 3, 4}, Penalty: 0.5})
	// Method and Progress are not data: they are left out.
	s := FitSettings{Method: &optimize.BFGS{}, Progress: func(int, int) {}}
	b, err = json.Marshal(s)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "progress")
	assert.NotContains(t, string(b), "method")

	wiretest.RoundTrip(t, SummarySettings{})
	wiretest.Golden(t, "summary_settings", SummarySettings{Period: Day, Unit: Week,
		Origin: time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC), RejectDuplicates: true})

	wiretest.RoundTrip(t, Customer{})
	wiretest.RoundTrip(t, Customer{ID: "x", Frequency: math.NaN(), T: math.Inf(1)})
	wiretest.Golden(t, "customer", Customer{ID: "c1", Frequency: 2, Recency: 30.43, T: 38.86, Monetary: 22.35})
	wiretest.RoundTrip(t, Holdout{})
	wiretest.RoundTrip(t, Split{})
	wiretest.RoundTrip(t, BGNBD{})
	wiretest.RoundTrip(t, MBGNBD{R: math.NaN()})
	wiretest.RoundTrip(t, ParetoNBD{})
	wiretest.RoundTrip(t, BGBB{})
	wiretest.RoundTrip(t, GammaGamma{Q: math.Inf(1)})
	wiretest.RoundTrip(t, Interval{})
	wiretest.RoundTrip(t, Interval{Lower: 0, Upper: math.Inf(1), Level: 0.95})
	wiretest.RoundTrip(t, Prediction{Estimate: math.NaN(), StdErr: math.NaN(), CI: Interval{math.NaN(), math.NaN(), 0.95}})
	wiretest.Golden(t, "discounting", Discounting{Period: 4.348, Rate: 0.01})
	wiretest.Golden(t, "window", Window{From: 52, To: 156})
	wiretest.RoundTrip(t, FrequencyRow{})
	wiretest.RoundTrip(t, CountRow{})
	wiretest.RoundTrip(t, HistoricValue{})
	wiretest.RoundTrip(t, Retention{})
	wiretest.RoundTrip(t, FixedSpend(35))
	wiretest.RoundTrip(t, FixedSpend(math.NaN()))
	wiretest.RoundTrip(t, struct{ S FixedSpend }{FixedSpend(math.Inf(1))})
}

func TestJSONResults(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	log := []journey.Purchase{pur("a", t0, 10), pur("a", t0.Add(3*Day), 5), pur("b", t0.Add(Day), 7), pur("a", t0.Add(10*Day), 2)}
	cs, err := Summarize(log, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "customers", cs)
	one, err := Summarize(log[:1], nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, one)

	split, err := SplitHoldout(log, t0.Add(5*Day), nil)
	require.NoError(t, err)
	wiretest.Golden(t, "split", split)

	hv, err := Historic(log, 0.3)
	require.NoError(t, err)
	wiretest.Golden(t, "historic", hv)

	ret, err := CohortRetention([]float64{100, 100, 100})
	require.NoError(t, err)
	assert.True(t, math.IsInf(ret.Lifespan, 1))
	wiretest.Golden(t, "retention_no_churn", ret)
	ret, err = CohortRetention([]float64{100, 0})
	require.NoError(t, err)
	wiretest.RoundTrip(t, ret)

	data := cdnowSummary(t)
	rows, err := RepeatCounts(ctx, cdnowBGNBD, data, 7)
	require.NoError(t, err)
	wiretest.RoundTrip(t, rows)
	wiretest.Golden(t, "count_row", CountRow{Repeat: 7, Observed: 113, Expected: 109.5})

	hs := make([]Holdout, len(data))
	fr, err := HoldoutByFrequency(ctx, cdnowBGNBD, data, hs, 39, 3)
	require.NoError(t, err)
	wiretest.RoundTrip(t, fr)
	wiretest.Golden(t, "frequency_row", FrequencyRow{Frequency: 3, N: 98, Actual: 1.5, Predicted: 1.25})
}

func TestInputErrorMessage(t *testing.T) {
	_, _, err := FitBGNBD(context.Background(), []Customer{{Frequency: 1, Recency: 1, T: 2}, {Frequency: -1, T: 2}}, nil, nil)
	var ie *InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, &InputError{Index: 1, Field: "frequency", Value: "-1", Err: ErrNegative}, ie)
	assert.Equal(t, "clv: frequency -1 at index 1: negative", err.Error())
	assert.ErrorIs(t, err, ErrNegative)
	wiretest.Golden(t, "input_error", *ie)
}
