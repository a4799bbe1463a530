package monitor

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/wiretest"
)

// jsonSeries is a small dated series with a shift at week 7.
func jsonSeries() []Period {
	ps := weekly(50, 47, 52, 49, 51, 48, 60, 63, 61, 64)
	for i := range ps {
		ps[i].Label = ps[i].Date.Format("2006-01-02")
		ps[i].Promoters, ps[i].Detractors = ps[i].Successes, 20
		ps[i].Passives = 80 - ps[i].Successes
		ps[i].Mean, ps[i].Variance = float64(ps[i].Successes)/10, 2.25
	}
	return ps
}

func TestJSONRoundTrip(t *testing.T) {
	ps := jsonSeries()
	for _, p := range ps {
		wiretest.RoundTrip(t, p)
	}
	wiretest.RoundTrip(t, Period{})
	for _, s := range []Settings{{}, {Baseline: Window{0, 5}, L: 2.5, Rules: Nelson}, {Standard: &Standard{Center: 0.5}}} {
		wiretest.RoundTrip(t, s)
	}
	wiretest.RoundTrip(t, EWMASettings{Lambda: 0.2, L: 2.962, Restart: true, Standard: &Standard{Center: 10, Variance: 4}})
	wiretest.RoundTrip(t, CUSUMSettings{K: 0.5, H: 4, Baseline: Window{1, 4}})
	wiretest.RoundTrip(t, ChangeSettings{Level: 0.9, Lag: 2, Alternative: Greater})

	for _, f := range []func([]Period, *Settings) (Chart, error){PChart, LaneyPChart, NPSChart, LaneyNPSChart} {
		c, err := f(ps, &Settings{Baseline: Window{0, 6}, Rules: Nelson})
		require.NoError(t, err)
		wiretest.RoundTrip(t, c)
	}
	xs, err := XBarSChart(ps, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, xs)
	e, err := EWMA(ps, NPS, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, e)
	c, err := CUSUM(ps, Mean, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, c)
	ch, err := Change(ps, Proportion, 6, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, ch)
	ch, err = Change(ps, NPS, 6, &ChangeSettings{Errors: Classical, Weighted: true, Alternative: Less})
	require.NoError(t, err)
	wiretest.RoundTrip(t, ch)

	// Degenerate: one period on each chart; a perfect fit (NaN residual
	// autocorrelation, undefined tests: null in JSON).
	one, err := PChart(ps[:1], nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, one)
	flat := make([]Period, 6)
	for i := range flat {
		flat[i] = Period{N: 10, Mean: 3, Variance: 0}
	}
	deg, err := Change(flat, Mean, 3, nil)
	require.NoError(t, err)
	assert.False(t, deg.LevelChange.Defined)
	assert.False(t, deg.Comparison.Defined)
	b := wiretest.RoundTrip(t, deg)
	assert.Contains(t, string(b), `"residual_ar1":null`)
	assert.Contains(t, string(b), `"alternative":"two-sided"`)

	ac, err := CUSUMARL(0.5, 4, 0)
	require.NoError(t, err)
	wiretest.RoundTrip(t, ac)
	ae, err := EWMAARL(0.4, 3.054, 0)
	require.NoError(t, err)
	wiretest.RoundTrip(t, ae)
	// A chart that never alarms within the float range: ARL +Inf encodes.
	wiretest.RoundTrip(t, CUSUMRunLength{K: 0.5, H: 50, ARL: math.Inf(1), Upper: math.Inf(1), Lower: math.Inf(1)})
}

func TestJSONGolden(t *testing.T) {
	ps := jsonSeries()
	wiretest.Golden(t, "period", ps[0])
	wiretest.Golden(t, "settings", Settings{Baseline: Window{0, 6}, Standard: &Standard{Center: 0.5, Variance: 0.25}, L: 3, Rules: Nelson})
	wiretest.Golden(t, "ewma_settings", EWMASettings{Lambda: 0.2, L: 2.962, Restart: true})
	wiretest.Golden(t, "cusum_settings", CUSUMSettings{K: 0.5, H: 4, Laney: true})
	wiretest.Golden(t, "change_settings", ChangeSettings{Level: 0.9, Lag: 2, Alternative: Greater, Weighted: true})
	p, err := PChart(ps, &Settings{Baseline: Window{0, 6}})
	require.NoError(t, err)
	wiretest.Golden(t, "p_chart", p)
	xs, err := XBarSChart(ps[:3], nil)
	require.NoError(t, err)
	wiretest.Golden(t, "xbar_s", xs)
	e, err := EWMA(ps[:4], Proportion, &EWMASettings{Baseline: Window{0, 4}})
	require.NoError(t, err)
	wiretest.Golden(t, "ewma_chart", e)
	c, err := CUSUM(ps[:4], NPS, &CUSUMSettings{Baseline: Window{0, 4}})
	require.NoError(t, err)
	wiretest.Golden(t, "cusum_chart", c)
	ch, err := Change(ps[:6], Proportion, 3, &ChangeSettings{Lag: 1})
	require.NoError(t, err)
	wiretest.Golden(t, "segmented", ch)
	wiretest.Golden(t, "cusum_arl", CUSUMRunLength{K: 0.5, H: 4, Shift: 1, Upper: 8.38, Lower: 1e6, ARL: 8.38})
	wiretest.Golden(t, "ewma_arl", EWMARunLength{Lambda: 0.1, L: 2.814, Steady: 499.58, TimeVarying: 486.43})
}

func TestEnumNames(t *testing.T) {
	wiretest.Enum[Metric](t, metricNames, nil)
	wiretest.Enum[Kind](t, kindNames, nil)
	wiretest.Enum[Rules](t, rulesNames, nil)
	wiretest.Enum[Rule](t, ruleNames, nil)
	wiretest.Enum[Errors](t, errorsNames, nil)
	wiretest.Enum[Alternative](t, alternativeNames, nil)
	for i, n := range ruleNames {
		assert.Equal(t, n, Rule(i).String())
	}
	_, err := json.Marshal(Rule(99))
	require.Error(t, err)
	assert.Equal(t, "monitor.Rule(99)", Rule(99).String())
}
