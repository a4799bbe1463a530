package retention

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cxkit/cxkit/internal/leveltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSurvivalInputErrors(t *testing.T) {
	var ie *InputError
	_, err := KaplanMeier(context.Background(), []float64{1, 2, -3}, nil, nil)
	require.ErrorIs(t, err, ErrNegative)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Index)
	assert.Equal(t, "retention: tenure -3 at index 2: negative", err.Error())
	_, err = KaplanMeier(context.Background(), []float64{1, math.NaN()}, nil, nil)
	require.ErrorIs(t, err, ErrNonFinite)
	_, err = KaplanMeier(context.Background(), []float64{1, math.Inf(1)}, nil, nil)
	require.ErrorIs(t, err, ErrNonFinite)
	_, err = KaplanMeier(context.Background(), []float64{1, 2, 3, 4, 5}, []int{1, 0, 1, 0, 2}, nil)
	require.ErrorIs(t, err, ErrOutOfRange)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "retention: event 2 at index 4: out of range {0, 1}", err.Error())
	_, err = KaplanMeier(context.Background(), []float64{1, 2}, []int{1}, nil)
	require.ErrorIs(t, err, ErrLength)
	_, err = KaplanMeier(context.Background(), nil, nil, nil)
	require.ErrorIs(t, err, ErrEmpty)
	_, err = NewRiskSet(context.Background(), []float64{1, 2}, nil, []float64{0, 2})
	require.ErrorIs(t, err, ErrOutOfRange, "entry not below its tenure")
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 1, ie.Index)
	_, err = NewRiskSet(context.Background(), []float64{1, 2}, nil, []float64{0, -1})
	require.ErrorIs(t, err, ErrNegative)
	_, err = NewRiskSet(context.Background(), []float64{1, 2}, nil, []float64{0})
	require.ErrorIs(t, err, ErrLength)
	_, err = KaplanMeier(context.Background(), []float64{1}, nil, &Settings{Transform: 5})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = LogRank(context.Background(), []float64{1, 2}, []int{1, 1}, []int{0}, nil, nil)
	require.ErrorIs(t, err, ErrLength)
	_, err = LogRank(context.Background(), []float64{1, -2}, []int{1, 1}, []int{0, 1}, nil, nil)
	require.ErrorIs(t, err, ErrNegative)
	_, err = LogRank(context.Background(), nil, nil, nil, nil, nil)
	require.ErrorIs(t, err, ErrEmpty)
	c, err := KaplanMeier(context.Background(), []float64{1, 2}, nil, nil)
	require.NoError(t, err)
	_, err = c.RMST(-1)
	require.ErrorIs(t, err, ErrNegative)
	_, err = c.RMST(math.NaN())
	require.ErrorIs(t, err, ErrNonFinite)
	_, err = Curve{}.RMST(1)
	require.ErrorIs(t, err, ErrEmpty)
	groups := make([]int, MaxGroups+1)
	for i := range groups {
		groups[i] = i
	}
	_, err = LogRank(context.Background(), make([]float64, len(groups)), nil, groups, nil, nil)
	require.ErrorIs(t, err, ErrOutOfRange)
}

// TestZeroAndTies covers zero-length tenures (a churn at time 0 counts
// among all n at risk) and ties (events before censoring at the same
// time).
func TestZeroAndTies(t *testing.T) {
	c, err := KaplanMeier(context.Background(), []float64{0, 0, 2, 2, 2, 5}, []int{1, 0, 1, 0, 1, 0}, nil)
	require.NoError(t, err)
	require.Len(t, c.Steps, 3)
	assert.Equal(t, Step{Time: 0, AtRisk: 6, Events: 1, Censored: 1}, Step{Time: c.Steps[0].Time, AtRisk: c.Steps[0].AtRisk, Events: c.Steps[0].Events, Censored: c.Steps[0].Censored})
	assert.InDelta(t, 5.0/6, c.Steps[0].Survival, 1e-15)
	assert.Equal(t, int64(4), c.Steps[1].AtRisk, "the censored tenure at 2 is at risk at 2")
	assert.InDelta(t, 5.0/6*2/4, c.Steps[1].Survival, 1e-15)
	assert.Equal(t, c.Steps[1], c.At(3))
	assert.Equal(t, 1.0, c.At(-1).Survival)
}

// TestRiskSetMerge checks that merging the risk sets of random parts
// equals the risk set of the whole, and so the curves are identical.
func TestRiskSetMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 2000
	times := make([]float64, n)
	events := make([]int, n)
	entries := make([]float64, n)
	for i := range n {
		times[i] = float64(1 + rng.IntN(60))
		events[i] = rng.IntN(2)
		if rng.IntN(4) == 0 {
			entries[i] = float64(rng.IntN(int(times[i])))
		}
	}
	whole, err := NewRiskSet(context.Background(), times, events, entries)
	require.NoError(t, err)
	var parts [3]RiskSet
	for i := range n {
		require.NoError(t, parts[rng.IntN(3)].Add(Tenure{Time: times[i], Event: events[i] == 1, Entry: entries[i]}))
	}
	var merged RiskSet
	for _, p := range parts {
		require.NoError(t, merged.Merge(p))
	}
	assert.Equal(t, whole, merged)
	assert.Equal(t, int64(n), merged.N())
	a, err := whole.KaplanMeier(nil)
	require.NoError(t, err)
	b, err := merged.KaplanMeier(nil)
	require.NoError(t, err)
	assert.Equal(t, a, b)

	// AddAll reports the position of a bad tenure.
	var r RiskSet
	err = r.AddAll(slices.Values([]Tenure{{Time: 1}, {Time: 2, Event: true}, {Time: -1}}))
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Index)
	assert.Equal(t, int64(2), r.N())
	// A bad receiver or argument leaves r unchanged.
	bad := RiskSet{Rows: []RiskRow{{Time: 1, Events: -1}}}
	require.ErrorIs(t, r.Merge(bad), ErrNegative)
	assert.Equal(t, int64(2), r.N())
	over := RiskSet{Rows: []RiskRow{{Time: 1, Events: math.MaxInt64}}}
	require.Error(t, r.Merge(over))
}

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a level.
func TestLevels(t *testing.T) {
	ctx := context.Background()
	_, fit, err := FitSBG(ctx, [][]int64{fhRegular}, nil)
	require.NoError(t, err)
	cs, ts, ns := smallLog()
	counts, err := Cohorts(ctx, cs, ts, ns, &CohortSettings{StartEvent: "signup", ReturnEvent: "purchase"})
	require.NoError(t, err)
	calls := map[string]func(level float64) (float64, error){
		"KaplanMeier": func(l float64) (float64, error) {
			c, err := KaplanMeier(context.Background(), amlTime, amlEvent, &Settings{Level: l})
			return c.Level, err
		},
		"RMST": func(l float64) (float64, error) {
			c, err := KaplanMeier(context.Background(), amlTime, amlEvent, &Settings{Level: l})
			if err != nil {
				return 0, err
			}
			r, err := c.RMST(50)
			return r.CI.Level, err
		},
		"LogRank": func(l float64) (float64, error) {
			r, err := LogRank(context.Background(), amlTime, amlEvent, amlGroup, nil, &Settings{Level: l})
			return r.Level, err
		},
		"Project": func(l float64) (float64, error) {
			p, err := fit.Project(3, l)
			if err != nil {
				return 0, err
			}
			return p[0].SurvivalCI.Level, nil
		},
		"Table": func(l float64) (float64, error) {
			tab, err := counts.Table(&TableSettings{Level: l})
			return tab.Level, err
		},
		"CompareCohorts": func(l float64) (float64, error) {
			r, err := CompareCohorts(counts, counts, &Settings{Level: l})
			return r.Level, err
		},
	}
	leveltest.Check(t, calls, ErrLevel, "retention: ")
}

// TestDirection: with b (the larger group id) churning faster than a, the
// hazard ratio b/a is above 1 and its interval excludes 1.
func TestDirection(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var times []float64
	var groups []int
	for i := range 400 {
		g := i % 2
		rate := 1.0
		if g == 1 {
			rate = 2
		}
		times = append(times, rng.ExpFloat64()/rate)
		groups = append(groups, g)
	}
	r, err := LogRank(context.Background(), times, nil, groups, nil, nil)
	require.NoError(t, err)
	assert.Greater(t, r.HazardRatio, 1.5)
	assert.Greater(t, r.CI.Lower, 1.0)
	assert.Less(t, r.P, 1e-6)
	assert.Greater(t, r.Groups[1].Observed, r.Groups[1].Expected)
}

func TestLogRankRiskSetsErrors(t *testing.T) {
	_, err := LogRankRiskSets(context.Background(), nil, nil)
	require.ErrorIs(t, err, ErrEmpty)
	_, err = LogRankRiskSets(context.Background(), [][]RiskSet{{{}, {}}, {{}}}, nil)
	require.ErrorIs(t, err, ErrLength)
	_, err = LogRankRiskSets(context.Background(), [][]RiskSet{{{}, {}}}, nil)
	require.ErrorIs(t, err, ErrEmpty)
	bad := RiskSet{Rows: []RiskRow{{Time: 2, Events: 1}, {Time: 1, Events: 1}}}
	_, err = LogRankRiskSets(context.Background(), [][]RiskSet{{bad, bad}}, nil)
	require.ErrorIs(t, err, ErrOrder)
	// Late entries shrink the risk sets: the same tenures entered late give
	// a different, still defined, test.
	a, err := NewRiskSet(context.Background(), []float64{2, 4, 6, 8}, nil, nil)
	require.NoError(t, err)
	b, err := NewRiskSet(context.Background(), []float64{3, 5, 7, 9}, nil, []float64{0, 4, 6, 8})
	require.NoError(t, err)
	r, err := LogRankRiskSets(context.Background(), [][]RiskSet{{a, b}}, nil)
	require.NoError(t, err)
	assert.True(t, r.Defined)
	// n_a/n at the event times 2 … 9: b has one customer at risk at 2, 3, 5,
	// 7 and 9 (each entered just after the previous one left) and none at 4,
	// 6 and 8, the times of their late entries.
	want := 4.0/5 + 3.0/4 + 3.0/3 + 2.0/3 + 2.0/2 + 1.0/2 + 1.0/1 + 0
	assert.InDelta(t, want, r.Groups[0].Expected, 1e-12)
}
