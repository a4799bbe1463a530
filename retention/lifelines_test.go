package retention

import (
	"context"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/csvtest"
)

// readCSV reads a data set of testdata/lifelines as columns of strings
// keyed by header.
func readCSV(t *testing.T, name string) map[string][]string {
	t.Helper()
	tab := csvtest.Read(t, "testdata/lifelines/"+name)
	cols := map[string][]string{}
	for _, r := range tab.Records {
		for j, h := range tab.Header {
			cols[h] = append(cols[h], r[j])
		}
	}
	return cols
}

func parseFloats(t *testing.T, xs []string) []float64 {
	t.Helper()
	out := make([]float64, len(xs))
	for i, x := range xs {
		v, err := strconv.ParseFloat(x, 64)
		require.NoError(t, err)
		out[i] = v
	}
	return out
}

// g3 returns lifelines' g3 data set: times, events and groups (0
// Control, 1 RIT).
func g3(t *testing.T) ([]float64, []int, []int) {
	d := readCSV(t, "g3.csv")
	times := parseFloats(t, d["time"])
	events := make([]int, len(times))
	groups := make([]int, len(times))
	for i := range times {
		if d["event"][i] == "True" {
			events[i] = 1
		}
		if d["group"][i] == "RIT" {
			groups[i] = 1
		}
	}
	return times, events, groups
}

// subset returns the times and events of group g.
func subset(times []float64, events, groups []int, g int) ([]float64, []int) {
	var ts []float64
	var es []int
	for i := range times {
		if groups[i] == g {
			ts = append(ts, times[i])
			es = append(es, events[i])
		}
	}
	return ts, es
}

// published asserts that got rounds to want at the digits lifelines
// published: |got − want| ≤ half a unit in the last published place.
func published(t *testing.T, want, got, unit float64, msg string, args ...any) {
	t.Helper()
	assert.InDelta(t, want, got, unit/2*(1+1e-9), append([]any{msg}, args...)...)
}

// TestLifelinesKaplanMeier checks the values lifelines' test suite
// (lifelines/tests/test_estimation.py, test_kmf_survival_curve_output_against_R,
// test_kmf_confidence_intervals_output_against_R and the late-entry tests)
// publishes, to the digits published. The default band is lifelines'
// log(−log) one.
func TestLifelinesKaplanMeier(t *testing.T) {
	ctx := context.Background()
	times, events, groups := g3(t)
	rt, re := subset(times, events, groups, 1)
	rit, err := KaplanMeier(ctx, rt, re, nil)
	require.NoError(t, err)
	published(t, 0.909, rit.At(25).Survival, 1e-3, "RIT S(25)")
	published(t, 0.779, rit.At(53).Survival, 1e-3, "RIT S(53)")

	ct, ce := subset(times, events, groups, 0)
	control, err := KaplanMeier(ctx, ct, ce, nil)
	require.NoError(t, err)
	for i, at := range []float64{9, 19, 32, 34} {
		s := control.At(at)
		published(t, []float64{0.833, 0.667, 0.5, 0.333}[i], s.Survival, 1e-3, "control S(%v)", at)
		published(t, []float64{0.2731, 0.1946, 0.1109, 0.0461}[i], s.CI.Lower, 1e-4, "control lower(%v)", at)
		published(t, []float64{0.975, 0.904, 0.804, 0.676}[i], s.CI.Upper, 1e-3, "control upper(%v)", at)
	}
	// The control curve is ½ from 32 to 34: lifelines' median is the first
	// time Ŝ ≤ ½, R's the midpoint (33, survival_reference.json).
	assert.Equal(t, 33.0, control.Median().Time)
	first, err := KaplanMeier(ctx, ct, ce, &Settings{Median: FirstBelow})
	require.NoError(t, err)
	assert.Equal(t, 32.0, first.Median().Time)

	// Late entry: survival_function_ after the entry rows (timeline 0 and
	// the first entry, both 1).
	for _, c := range []struct {
		entry []float64
		want  []float64
		unit  float64
	}{
		{[]float64{1.9, 0, 0, 0, 0}, []float64{0.8, 0.6, 0.4, 0.2, 0}, 0},
		{[]float64{1, 2, 4, 0, 0}, []float64{0.667, 0.444, 0.222, 0.111, 0}, 1e-3},
	} {
		rs, err := NewRiskSet(ctx, []float64{2, 10, 5, 4, 3}, nil, c.entry)
		require.NoError(t, err)
		curve, err := rs.KaplanMeier(nil)
		require.NoError(t, err)
		require.Len(t, curve.Steps, len(c.want))
		for i, s := range curve.Steps {
			if c.unit == 0 {
				assert.InDelta(t, c.want[i], s.Survival, 1e-15, "entry %v step %d", c.entry, i)
			} else {
				published(t, c.want[i], s.Survival, c.unit, "entry %v step %d", c.entry, i)
			}
		}
	}
}

// TestLifelinesLogRank checks the log-rank results lifelines' test suite
// (lifelines/tests/test_statistics.py) publishes against R, to the digits
// published.
func TestLifelinesLogRank(t *testing.T) {
	ctx := context.Background()
	times, events, groups := g3(t)
	r, err := LogRank(ctx, times, events, groups, nil, nil)
	require.NoError(t, err)
	published(t, 0.0138, r.P, 1e-4, "g3 p") // test_logrank_test_output_against_R_1

	// test_logrank_test_output_against_R_2 (data from an ETH Zürich
	// seminar): p 4.17e-05, statistic 16.8.
	ethz := []float64{1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23,
		6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 25}
	ethzE := make([]int, len(ethz))
	ethzG := make([]int, len(ethz))
	for i := range ethz {
		ethzE[i] = 1
		if i >= 21 {
			ethzG[i] = 1
			if i >= 30 {
				ethzE[i] = 0
			}
		}
	}
	r, err = LogRank(ctx, ethz, ethzE, ethzG, nil, nil)
	require.NoError(t, err)
	published(t, 4.17e-05, r.P, 1e-7, "ethz p")
	published(t, 16.8, r.Statistic, 0.1, "ethz statistic")

	// test_rank_test_output_against_R_no_censorship / _with_censorship.
	six := []float64{10, 20, 30, 10, 20, 50}
	sixG := []int{1, 1, 1, 0, 0, 0}
	r, err = LogRank(ctx, six, nil, sixG, nil, nil)
	require.NoError(t, err)
	published(t, 0.254237, r.Statistic, 1e-6, "six statistic")
	published(t, 0.614107, r.P, 1e-6, "six p")
	r, err = LogRank(ctx, six, []int{1, 0, 1, 1, 0, 1}, sixG, nil, nil)
	require.NoError(t, err)
	published(t, 0.384615, r.Statistic, 1e-6, "six censored statistic")
	published(t, 0.535143, r.P, 1e-6, "six censored p")

	// test_load_lymphoma_logrank (from StatsDirect): 6.70971, p 0.0096.
	d := readCSV(t, "lymphoma.csv")
	lt := parseFloats(t, d["Time"])
	le := make([]int, len(lt))
	lg := make([]int, len(lt))
	for i := range lt {
		le[i], _ = strconv.Atoi(d["Censor"][i])
		lg[i], _ = strconv.Atoi(d["Stage_group"][i])
	}
	r, err = LogRank(ctx, lt, le, lg, nil, nil)
	require.NoError(t, err)
	published(t, 6.70971, r.Statistic, 1e-5, "lymphoma statistic")
	published(t, 0.0096, r.P, 1e-4, "lymphoma p")
}

// TestLifelinesNelsonAalen checks test_nelson_aalen_smoothing of lifelines'
// test suite: 10⁴ exponential tenures, 90% observed (numpy's legacy
// generator, seed 1, regenerated into testdata), the last cumulative
// hazard 8.545665 with the log-scale 95% interval [6.4537448, 11.315662],
// to 1e-6 as published. Without ties the smoothed estimator equals R's.
func TestLifelinesNelsonAalen(t *testing.T) {
	d := readCSV(t, "nelson_aalen_seed1.csv")
	times := parseFloats(t, d["t"])
	events := make([]int, len(times))
	for i := range times {
		events[i], _ = strconv.Atoi(d["c"][i])
	}
	for _, h := range []Hazard{Smoothed, NelsonAalen} {
		c, err := KaplanMeier(context.Background(), times, events, &Settings{Hazard: h})
		require.NoError(t, err)
		last := c.Steps[len(c.Steps)-1]
		assert.InDelta(t, 8.545665, last.CumHazard, 1e-6, "%v", h)
		assert.InDelta(t, 11.315662, last.CumHazardCI.Upper, 1e-6, "%v", h)
		assert.InDelta(t, 6.4537448, last.CumHazardCI.Lower, 1e-6, "%v", h)
	}
}

// TestHazardTies checks the three cumulative hazards on tied events
// against their formulas: at n = 5 with d = 2, then n = 3 with d = 1.
func TestHazardTies(t *testing.T) {
	times := []float64{1, 1, 2, 3, 3}
	events := []int{1, 1, 1, 0, 0}
	for _, c := range []struct {
		h        Hazard
		haz, v   float64 // after the two steps
		nameWant string
	}{
		{NelsonAalen, 2.0/5 + 1.0/3, 2.0/25 + 1.0/9, "nelson-aalen"},
		{Smoothed, 1.0/5 + 1.0/4 + 1.0/3, 1.0/25 + 1.0/16 + 1.0/9, "smoothed"},
		{Binomial, 2.0/5 + 1.0/3, 2.0*3/125 + 1.0*2/27, "binomial"},
	} {
		curve, err := KaplanMeier(context.Background(), times, events, &Settings{Hazard: c.h})
		require.NoError(t, err)
		s := curve.Steps[1]
		assert.InDelta(t, c.haz, s.CumHazard, 1e-15, c.nameWant)
		assert.InDelta(t, math.Sqrt(c.v), s.CumHazardStdErr, 1e-15, c.nameWant)
		f := math.Exp(1.959963984540054 * s.CumHazardStdErr / s.CumHazard)
		assert.InDelta(t, s.CumHazard*f, s.CumHazardCI.Upper, 1e-12, c.nameWant)
		assert.Equal(t, c.nameWant, c.h.String())
	}
	_, err := KaplanMeier(context.Background(), times, events, &Settings{Hazard: 7})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = KaplanMeier(context.Background(), times, events, &Settings{Median: 7})
	require.ErrorIs(t, err, ErrOutOfRange)
}
