package nps

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/wiretest"
)

// TestJSONRoundTrip sends every value the package returns or accepts
// through JSON, on ordinary and degenerate inputs: one response, everyone a
// promoter (Wald comparison undefined: NaN statistic and p), zero weights,
// one positive weight (linearised SE NaN), empty rolling periods.
func TestJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, c := range []Counts{{55, 25, 20}, {1, 0, 0}, {40, 0, 0}, {0, 0, 7}, {math.MaxInt / 4, 3, math.MaxInt / 4}} {
		wiretest.RoundTrip(t, c)
		r, err := FromCounts(c)
		require.NoError(t, err)
		wiretest.RoundTrip(t, r)
		roundTripBounds(t, r.Interval, AdjustedWald, Wald)
		for _, s := range []*Settings{nil, {Method: Wald, Level: 0.9, Alternative: Greater}} {
			cmp, err := Compare(c, Counts{40, 0, 0}, s)
			require.NoError(t, err)
			wiretest.RoundTrip(t, cmp)
			bt, err := CompareBenchmark(c, 100, s)
			require.NoError(t, err)
			wiretest.RoundTrip(t, bt)
		}
		post, err := Bayes(c, JeffreysPrior)
		require.NoError(t, err)
		wiretest.RoundTrip(t, post)
	}
	undefined, err := Compare(Counts{10, 0, 0}, Counts{20, 0, 0}, &Settings{Method: Wald})
	require.NoError(t, err)
	require.False(t, undefined.Defined)
	b := wiretest.RoundTrip(t, undefined)
	assert.Contains(t, string(b), `"statistic":null`)
	assert.Contains(t, string(b), `"alternative":"two-sided"`)
	assert.Contains(t, string(b), `"method":"wald"`)
	// The limit of two constant groups that differ: z = +Inf encodes as
	// "Infinity" and comes back as +Inf.
	limit, err := Compare(Counts{Detractors: 1}, Counts{Promoters: 2}, &Settings{Method: Wald})
	require.NoError(t, err)
	require.True(t, limit.Defined)
	b = wiretest.RoundTrip(t, limit)
	assert.Contains(t, string(b), `"statistic":"Infinity"`)
	assert.Contains(t, string(b), `"p":0`)
	bench, err := CompareBenchmark(Counts{Passives: 3}, 50, &Settings{Method: Wald})
	require.NoError(t, err)
	b = wiretest.RoundTrip(t, bench)
	assert.Contains(t, string(b), `"statistic":"-Infinity"`)

	for _, s := range []Settings{{}, {Method: Wald, Level: 0.8, Alternative: Less}} {
		wiretest.RoundTrip(t, s)
	}
	wiretest.RoundTrip(t, SampleSizeSettings{})
	wiretest.RoundTrip(t, SampleSizeSettings{Level: 0.9, Promoters: 0.4, Detractors: 0.2})
	ss, err := SampleSize(5, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, ss)
	wiretest.RoundTrip(t, GroupSettings{Workers: 3})
	wiretest.RoundTrip(t, Prior{})
	wiretest.RoundTrip(t, JeffreysPrior)
	wiretest.RoundTrip(t, Posterior{}) // the invalid zero value still encodes
	wiretest.RoundTrip(t, Interval{Lower: math.Inf(-1), Upper: math.NaN(), Level: 0.95})
	mcs := MonteCarloSettings{Draws: 10, Level: 0.9, Src: rand.NewPCG(1, 2), Progress: func(int, int) {}}
	back := wiretest.RoundTrip(t, mcs)
	assert.JSONEq(t, `{"draws":10,"level":0.9}`, string(back), "Src and Progress are not encoded")

	post, err := Bayes(Counts{3, 1, 1}, UniformPrior)
	require.NoError(t, err)
	mc, err := post.Simulate(ctx, &MonteCarloSettings{Draws: 1000, Src: rand.NewPCG(1, 2)})
	require.NoError(t, err)
	wiretest.RoundTrip(t, mc)
	one, err := post.Simulate(ctx, &MonteCarloSettings{Draws: 1, Src: rand.NewPCG(1, 2)})
	require.NoError(t, err)
	wiretest.RoundTrip(t, one)

	pts, err := Rolling([]Counts{{2, 0, 0}, {}, {0, 0, 1}, {5, 1, 1}, {1, 1, 1}}, 2)
	require.NoError(t, err)
	for _, p := range pts {
		wiretest.RoundTrip(t, p)
	}

	for _, ws := range [][]float64{nil, {1, 0, 0, 0}, {2, 0.5, 1, 3}} {
		w, err := Weighted([]float64{10, 9, 4, 7}, ws)
		require.NoError(t, err)
		wiretest.RoundTrip(t, w)
		roundTripBounds(t, w.Interval, KishSE, LinearizedSE)
	}
}

// roundTripBounds sends the Bounds of interval at the default level by
// each method through JSON.
func roundTripBounds[M any](t *testing.T, interval func(level float64, m M) (Bounds, error), methods ...M) {
	t.Helper()
	for _, m := range methods {
		b, err := interval(0, m)
		require.NoError(t, err)
		wiretest.RoundTrip(t, b)
	}
}

// TestJSONAccumulators checks that a tally survives JSON with its state and
// that a decoded tally goes on counting and merging like the original.
func TestJSONAccumulators(t *testing.T) {
	var tl Tally
	wiretest.RoundTrip(t, tl)
	require.NoError(t, tl.AddAll(func(yield func(int) bool) {
		for _, r := range []int{10, 9, 9, 7, 3, 0} {
			if !yield(r) {
				return
			}
		}
	}))
	b := wiretest.RoundTrip(t, tl)
	assert.JSONEq(t, `{"ratings":[1,0,0,1,0,0,0,1,0,2,1]}`, string(b))
	var back Tally
	require.NoError(t, json.Unmarshal(b, &back))
	require.NoError(t, back.Add(8))
	require.NoError(t, tl.Add(8))
	assert.Equal(t, tl, back)
	r1, err := tl.Result()
	require.NoError(t, err)
	r2, err := back.Result()
	require.NoError(t, err)
	assert.Equal(t, r1, r2)

	// Impossible state is refused and leaves the target unchanged.
	likerttest.JSONDecodeErrors(t, back, []string{
		`{"ratings":[1,0,0,-1,0,0,0,1,0,2,1]}`,
		`{"ratings":[9223372036854775807,1,0,0,0,0,0,0,0,0,0]}`,
		`{"ratings":[1,2]}`,
	})

	var wt WeightedTally
	wiretest.RoundTrip(t, wt)
	require.NoError(t, wt.Add(9, 1.5))
	require.NoError(t, wt.Add(3, 0))
	b = wiretest.RoundTrip(t, wt)
	var wback WeightedTally
	require.NoError(t, json.Unmarshal(b, &wback))
	w1, err := wt.Result()
	require.NoError(t, err)
	w2, err := wback.Result()
	require.NoError(t, err)
	assert.True(t, wiretest.Equal(w1, w2))
	likerttest.JSONDecodeErrors(t, wback, []string{`{"n":[1,-1,0]}`, `{"n":[1,0,0],"n_positive":2}`, `{"n":[1,0,0],"sum":[null,0,0]}`, `{"n":[1,0,0],"sum_sq":[-1,0,0]}`})
}

// TestJSONEnums checks that every enumeration encodes by name, parses back,
// and refuses an unknown name.
func TestJSONEnums(t *testing.T) {
	wiretest.Enum[Category](t, []string{"detractor", "passive", "promoter"}, nil)
	wiretest.Enum[Method](t, []string{"adjusted-wald", "wald"}, nil)
	wiretest.Enum[Alternative](t, []string{"two-sided", "less", "greater"}, nil)
	wiretest.Enum[WeightedSE](t, []string{"kish", "linearized"}, nil)
	b, err := json.Marshal(struct{ C Category }{Promoter})
	require.NoError(t, err)
	assert.Equal(t, `{"C":"promoter"}`, string(b))
	var m Method
	assert.Error(t, json.Unmarshal([]byte(`"Wald"`), &m), "names are case-sensitive")
	_, err = json.Marshal(Method(9))
	assert.Error(t, err, "a value without a name does not encode")
}

// TestJSONGolden fixes the schema of the main results.
func TestJSONGolden(t *testing.T) {
	c := Counts{Promoters: 55, Passives: 25, Detractors: 20}
	r, err := FromCounts(c)
	require.NoError(t, err)
	wiretest.Golden(t, "result", r)
	b, err := r.Interval(0, AdjustedWald)
	require.NoError(t, err)
	wiretest.Golden(t, "bounds", b)
	cmp, err := Compare(Counts{45, 30, 25}, c, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "comparison", cmp)
	undefined, err := Compare(Counts{10, 0, 0}, Counts{20, 0, 0}, &Settings{Method: Wald})
	require.NoError(t, err)
	wiretest.Golden(t, "comparison_undefined", undefined)
	bt, err := CompareBenchmark(c, 20, &Settings{Alternative: Greater})
	require.NoError(t, err)
	wiretest.Golden(t, "benchmark_test", bt)
	w, err := Weighted([]float64{9, 5}, []float64{1, 0})
	require.NoError(t, err)
	wiretest.Golden(t, "weighted_result_one_positive_weight", w)
	var wt WeightedTally
	require.NoError(t, wt.Add(9, 1.5))
	wiretest.Golden(t, "weighted_tally", wt)
	var tl Tally
	require.NoError(t, tl.Add(10))
	wiretest.Golden(t, "tally", tl)
	post, err := Bayes(c, UniformPrior)
	require.NoError(t, err)
	wiretest.Golden(t, "posterior", post)
	mc, err := post.Simulate(context.Background(), &MonteCarloSettings{Draws: 1000, Src: rand.NewPCG(1, 2)})
	require.NoError(t, err)
	wiretest.Golden(t, "monte_carlo", mc)
	ss, err := SampleSize(5, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "sample_size", ss)
	pts, err := Rolling([]Counts{{2, 0, 1}, {1, 1, 0}, {3, 0, 1}, {0, 1, 0}}, 2)
	require.NoError(t, err)
	wiretest.Golden(t, "rolling", pts[3])
	wiretest.Golden(t, "rolling_not_full", pts[0])
	wiretest.Golden(t, "settings", Settings{})
	wiretest.Golden(t, "monte_carlo_settings", MonteCarloSettings{})
}
