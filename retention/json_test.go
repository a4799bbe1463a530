package retention

import (
	"context"
	"encoding/json"
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
	// A model back from JSON predicts exactly what the original predicts.
	var back SBG
	bb, err := json.Marshal(model)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bb, &back))
	d1, err := model.DERL(2, 0.1)
	require.NoError(t, err)
	d2, err := back.DERL(2, 0.1)
	require.NoError(t, err)
	assert.Equal(t, d1, d2)
	assert.Equal(t, model.Survival(9), back.Survival(9))
	var fitBack FitResult
	bb, err = json.Marshal(fit)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bb, &fitBack))
	p1, err := fit.Project(5, 0.8)
	require.NoError(t, err)
	p2, err := fitBack.Project(5, 0.8)
	require.NoError(t, err)
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

func TestEnumNames(t *testing.T) {
	for _, v := range []Transform{LogLog, Log, Plain} {
		wiretest.RoundTrip(t, v)
	}
	for _, v := range []Period{Week, Day, Month} {
		wiretest.RoundTrip(t, v)
	}
	for _, v := range []Definition{Classic, Unbounded} {
		wiretest.RoundTrip(t, v)
	}
	for _, v := range []Hazard{NelsonAalen, Smoothed, Binomial} {
		wiretest.RoundTrip(t, v)
	}
	for _, v := range []MedianRule{Midpoint, FirstBelow} {
		wiretest.RoundTrip(t, v)
	}
	assert.Equal(t, "nelson-aalen", NelsonAalen.String())
	assert.Equal(t, "first-below", FirstBelow.String())
	var h Hazard
	require.Error(t, h.UnmarshalText([]byte("breslow")))
	var mr MedianRule
	require.Error(t, mr.UnmarshalText([]byte("mean")))
	assert.Equal(t, "log-log", LogLog.String())
	assert.Equal(t, "month", Month.String())
	assert.Equal(t, "unbounded", Unbounded.String())
	var tr Transform
	require.Error(t, tr.UnmarshalText([]byte("logit")))
	var p Period
	require.Error(t, p.UnmarshalText([]byte("year")))
	var d Definition
	require.Error(t, d.UnmarshalText([]byte("rolling")))
	_, err := Transform(9).MarshalText()
	require.Error(t, err)
	// Impossible accumulator state is refused.
	var rs RiskSet
	require.Error(t, json.Unmarshal([]byte(`{"rows":[{"time":2,"events":1},{"time":1,"events":1}]}`), &rs))
	require.Error(t, json.Unmarshal([]byte(`{"rows":[{"time":1,"events":-1}]}`), &rs))
	var cc CohortCounts
	require.Error(t, json.Unmarshal([]byte(`{"location":"Nowhere/Land"}`), &cc))
}
