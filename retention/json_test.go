package retention

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/wiretest"
)

// aml is R's survival::aml, maintained arm first (x = 1), then not (x = 2).
var (
	amlTime  = []float64{9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45}
	amlEvent = []int{1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}
	amlGroup = []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
)

// TestJSONRoundTrip sends every value the package returns or accepts
// through JSON, on ordinary and degenerate inputs: a curve that falls to
// 0 (NaN bands), one tenure, a log-rank test with one group (undefined),
// a fit without a covariance.
func TestJSONRoundTrip(t *testing.T) {
	for _, s := range []*Settings{nil, {Level: 0.9, Transform: Log}, {Transform: Plain, Hazard: Smoothed, Median: FirstBelow}, {Hazard: Binomial}} {
		c, err := KaplanMeier(context.Background(), amlTime, amlEvent, s)
		require.NoError(t, err)
		wiretest.RoundTrip(t, c)
		wiretest.RoundTrip(t, c.Median())
		r, err := c.RMST(100)
		require.NoError(t, err)
		wiretest.RoundTrip(t, r)
		if s != nil {
			wiretest.RoundTrip(t, *s)
		}
	}
	one, err := KaplanMeier(context.Background(), []float64{3}, []int{1}, nil)
	require.NoError(t, err)
	b := wiretest.RoundTrip(t, one)
	assert.Contains(t, string(b), `"std_err":null`)
	m := one.Median()
	wiretest.RoundTrip(t, m)
	censored, err := KaplanMeier(context.Background(), []float64{3, 4}, []int{0, 0}, nil)
	require.NoError(t, err)
	assert.False(t, censored.Median().Defined)
	wiretest.RoundTrip(t, censored.Median())

	rs, err := NewRiskSet(context.Background(), []float64{0, 2, 5, 5}, []int{1, 0, 1, 1}, []float64{0, 1, 0, 4})
	require.NoError(t, err)
	wiretest.RoundTrip(t, rs)
	wiretest.RoundTrip(t, RiskSet{})
	wiretest.RoundTrip(t, Tenure{Time: 4, Event: true, Entry: 1})
	wiretest.RoundTrip(t, RiskRow{Time: 1, Events: 2})

	lr, err := LogRank(context.Background(), amlTime, amlEvent, amlGroup, nil, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, lr)
	wiretest.RoundTrip(t, lr.Groups[0])
	undefined, err := LogRank(context.Background(), []float64{1, 2}, nil, []int{0, 0}, nil, nil)
	require.NoError(t, err)
	require.False(t, undefined.Defined)
	b = wiretest.RoundTrip(t, undefined)
	assert.Contains(t, string(b), `"statistic":null`)

	model, fit, err := FitSBG(context.Background(), [][]int64{fhRegular}, &FitSettings{Tolerance: 1e-9, MaxIterations: 50})
	require.NoError(t, err)
	wiretest.RoundTrip(t, model)
	wiretest.RoundTrip(t, fit)
	wiretest.RoundTrip(t, FitSettings{Tolerance: 1e-9, MaxIterations: 50})
	// A model and a fit back from JSON predict exactly what the originals predict.
	back, fitBack := viaJSON(t, model), viaJSON(t, fit)
	d1, err1 := model.DERL(2, 0.1)
	d2, err2 := back.DERL(2, 0.1)
	require.NoError(t, errors.Join(err1, err2))
	assert.Equal(t, d1, d2)
	assert.Equal(t, model.Survival(9), back.Survival(9))
	p1, err1 := fit.Project(5, 0.8)
	p2, err2 := fitBack.Project(5, 0.8)
	require.NoError(t, errors.Join(err1, err2))
	assert.Equal(t, p1, p2)
	wiretest.RoundTrip(t, p1[0])
	noCov := FitResult{Estimate: []float64{1, 2}, StdErr: []float64{math.NaN(), math.NaN()}}
	wiretest.RoundTrip(t, noCov)
	pn, err := noCov.Project(2, 0)
	require.NoError(t, err)
	wiretest.RoundTrip(t, pn[1])

	cs, ts, ns := smallLog()
	counts, err := Cohorts(context.Background(), cs, ts, ns, &CohortSettings{WeekStart: time.Monday, StartEvent: "signup", ReturnEvent: "purchase"})
	require.NoError(t, err)
	wiretest.RoundTrip(t, counts)
	wiretest.RoundTrip(t, counts.Cohorts[0])
	wiretest.RoundTrip(t, CohortCounts{})
	paris := CohortCounts{Period: Month, Location: "Europe/Paris", Recurring: true}
	require.NoError(t, paris.Add(Customer{Starts: []time.Time{day(3, 31)}, Returns: []time.Time{day(5, 1)}}))
	wiretest.RoundTrip(t, paris)
	for _, s := range []*TableSettings{nil, {Definition: Unbounded, Level: 0.8, Periods: 1}} {
		tab, err := counts.Table(s)
		require.NoError(t, err)
		wiretest.RoundTrip(t, tab)
		wiretest.RoundTrip(t, tab.Cohorts[0])
		wiretest.RoundTrip(t, tab.Overall[0])
		wiretest.RoundTrip(t, tab.Churn[0])
		if s != nil {
			wiretest.RoundTrip(t, *s)
		}
	}
	wiretest.RoundTrip(t, Customer{Starts: []time.Time{day(1, 1)}, Returns: []time.Time{}})
	wiretest.RoundTrip(t, CohortSettings{Period: Day, Location: "Asia/Tokyo", WeekStart: time.Monday, StartEvent: "a", ReturnEvent: "b", Recurring: true, End: day(2, 1)})
	wiretest.RoundTrip(t, Interval{Lower: math.NaN(), Upper: math.Inf(1), Level: 0.95})
}

// TestJSONGolden fixes the schema of the main results.
func TestJSONGolden(t *testing.T) {
	c, err := KaplanMeier(context.Background(), amlTime[:11], amlEvent[:11], nil)
	require.NoError(t, err)
	wiretest.Golden(t, "curve", c)
	wiretest.Golden(t, "median", c.Median())
	r, err := c.RMST(100)
	require.NoError(t, err)
	wiretest.Golden(t, "rmst", r)
	wiretest.Golden(t, "settings", Settings{Level: 0.9, Transform: Log, Hazard: Smoothed, Median: FirstBelow})
	rs, err := NewRiskSet(context.Background(), []float64{0, 2, 5, 5}, []int{1, 0, 1, 1}, []float64{0, 1, 0, 4})
	require.NoError(t, err)
	wiretest.Golden(t, "risk_set", rs)
	lr, err := LogRank(context.Background(), amlTime, amlEvent, amlGroup, nil, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "log_rank", lr)
	model, fit, err := FitSBG(context.Background(), [][]int64{fhRegular}, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "sbg", model)
	wiretest.Golden(t, "fit_result", fit)
	wiretest.Golden(t, "fit_settings", FitSettings{Tolerance: 1e-8, MaxIterations: 100})
	pr, err := fit.Project(2, 0)
	require.NoError(t, err)
	wiretest.Golden(t, "projection", pr[1])
	cs, ts, ns := smallLog()
	counts, err := Cohorts(context.Background(), cs, ts, ns, &CohortSettings{WeekStart: time.Monday, StartEvent: "signup", ReturnEvent: "purchase"})
	require.NoError(t, err)
	wiretest.Golden(t, "cohort_counts", counts)
	tab, err := counts.Table(nil)
	require.NoError(t, err)
	wiretest.Golden(t, "table", tab)
	wiretest.Golden(t, "table_settings", TableSettings{Definition: Unbounded, Level: 0.9, Periods: 12})
	wiretest.Golden(t, "cohort_settings", CohortSettings{Period: Month, Location: "Europe/Paris", WeekStart: time.Monday, StartEvent: "signup", ReturnEvent: "purchase"})
	wiretest.Golden(t, "customer", Customer{Starts: []time.Time{day(1, 1)}, Returns: []time.Time{day(1, 9)}})
}

// TestEnumNames checks that each enumeration encodes by a distinct
// kebab-case name, parses it back and refuses an unknown name.
func TestEnumNames(t *testing.T) {
	wiretest.Enum[Transform](t, []string{"log-log", "log", "plain"}, nil)
	wiretest.Enum[Period](t, []string{"week", "day", "month"}, nil)
	wiretest.Enum[Definition](t, []string{"classic", "unbounded"}, nil)
	wiretest.Enum[Hazard](t, []string{"nelson-aalen", "smoothed", "binomial"}, nil)
	wiretest.Enum[MedianRule](t, []string{"midpoint", "first-below"}, nil)
	assert.Equal(t, "nelson-aalen", NelsonAalen.String())
	// Impossible accumulator state is refused.
	var rs RiskSet
	require.Error(t, json.Unmarshal([]byte(`{"rows":[{"time":2,"events":1},{"time":1,"events":1}]}`), &rs))
	require.Error(t, json.Unmarshal([]byte(`{"rows":[{"time":1,"events":-1}]}`), &rs))
	var cc CohortCounts
	require.Error(t, json.Unmarshal([]byte(`{"location":"Nowhere/Land"}`), &cc))
}

// viaJSON returns v encoded with json.Marshal and decoded into a fresh T.
func viaJSON[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(b, &back))
	return back
}
