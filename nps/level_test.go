package nps

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/leveltest"
)

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a level.
func TestLevels(t *testing.T) {
	ctx := context.Background()
	c := Counts{55, 25, 20}
	r, err := FromCounts(c)
	require.NoError(t, err)
	w, err := Weighted([]float64{10, 9, 7, 3, 2, 9}, nil)
	require.NoError(t, err)
	post, err := Bayes(c, UniformPrior)
	require.NoError(t, err)
	mc := func(level float64) *MonteCarloSettings {
		return &MonteCarloSettings{Draws: 500, Level: level, Src: rand.NewPCG(1, 2)}
	}
	// Each call returns the level it used.
	calls := map[string]func(level float64) (float64, error){
		"Result.Interval": func(l float64) (float64, error) {
			b, err := r.Interval(l, AdjustedWald)
			assert.Equal(t, b.CI.Level, b.Raw.Level)
			return b.CI.Level, err
		},
		"Result.MarginOfError": func(l float64) (float64, error) {
			m, err := r.MarginOfError(l, Wald)
			if err != nil {
				return 0, err
			}
			want, err := r.Interval(l, Wald)
			require.NoError(t, err)
			assert.Equal(t, want.Margin, m)
			return want.CI.Level, nil
		},
		"Compare": func(l float64) (float64, error) {
			cmp, err := Compare(c, c, &Settings{Level: l})
			assert.Equal(t, cmp.Level, cmp.CI.Level)
			return cmp.Level, err
		},
		"CompareBenchmark": func(l float64) (float64, error) {
			bt, err := CompareBenchmark(c, 10, &Settings{Level: l})
			assert.Equal(t, bt.Level, bt.CI.Level)
			return bt.Level, err
		},
		"SampleSize": func(l float64) (float64, error) {
			s, err := SampleSize(5, &SampleSizeSettings{Level: l})
			return s.Level, err
		},
		"WeightedResult.Interval": func(l float64) (float64, error) {
			b, err := w.Interval(l, KishSE)
			return b.CI.Level, err
		},
		"Posterior.CredibleInterval": func(l float64) (float64, error) {
			iv, err := post.CredibleInterval(l)
			return iv.Level, err
		},
		"Posterior.Simulate": func(l float64) (float64, error) {
			m, err := post.Simulate(ctx, mc(l))
			return m.Credible.Level, err
		},
		"ProbGreater": func(l float64) (float64, error) {
			_, err := ProbGreater(ctx, post, post, mc(l))
			return math.NaN(), err // reports no level
		},
	}
	leveltest.Check(t, calls, ErrLevel, "nps: ")
}
