package nps

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLevels feeds level 0, 1, −0.1 and NaN to every call that takes a
// level: 0 works and reports 0.95, the others wrap ErrLevel (api.md §3).
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
			return 0.95, err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			got, err := call(0)
			require.NoError(t, err, "level 0 means 0.95")
			assert.Equal(t, 0.95, got)
			got, err = call(0.9)
			require.NoError(t, err)
			if name != "ProbGreater" {
				assert.Equal(t, 0.9, got)
			}
			for _, bad := range []float64{1, -0.1, math.NaN(), 1.5, math.Inf(1)} {
				_, err := call(bad)
				assert.True(t, errors.Is(err, ErrLevel), "level %v: %v", bad, err)
				if err != nil {
					assert.Regexp(t, `^nps: `, err.Error())
				}
			}
		})
	}
}
