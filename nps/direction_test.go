package nps

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The two groups of every direction test: b (the treatment) clearly beats a.
var (
	dirA = Counts{Promoters: 30, Passives: 30, Detractors: 40} // NPS −10
	dirB = Counts{Promoters: 60, Passives: 25, Detractors: 15} // NPS +45
)

// TestDirectionCompare: Diff, the statistic and the CI are b − a, and
// Greater means b > a (api.md §2), for both methods.
func TestDirectionCompare(t *testing.T) {
	for _, m := range []Method{AdjustedWald, Wald} {
		c, err := Compare(dirA, dirB, &Settings{Method: m})
		require.NoError(t, err)
		assert.Greater(t, c.Diff, 50.0, "%v: diff is b − a", m)
		assert.Greater(t, c.Statistic, 0.0, "%v", m)
		assert.Greater(t, c.CI.Lower, 0.0, "%v: the CI is on b − a", m)
		g, err := Compare(dirA, dirB, &Settings{Method: m, Alternative: Greater})
		require.NoError(t, err)
		assert.Less(t, g.P, 0.5, "%v: Greater is b > a", m)
		l, err := Compare(dirA, dirB, &Settings{Method: m, Alternative: Less})
		require.NoError(t, err)
		assert.Greater(t, l.P, 0.5, "%v", m)
		assert.Equal(t, 100, c.NA)
		assert.Equal(t, 100, c.NB)
		// Swapping the groups flips every sign.
		s, err := Compare(dirB, dirA, &Settings{Method: m})
		require.NoError(t, err)
		assert.InDelta(t, -c.Diff, s.Diff, 1e-12)
		assert.InDelta(t, -c.Statistic, s.Statistic, 1e-12)
	}
	// The plain difference is exactly NPS_b − NPS_a.
	c, err := Compare(dirA, dirB, &Settings{Method: Wald})
	require.NoError(t, err)
	assert.InDelta(t, 45.0-(-10.0), c.Diff, 1e-12)
}

// TestDirectionBenchmark: the benchmark is the reference a, so Diff is
// score − benchmark and Greater means "above the benchmark".
func TestDirectionBenchmark(t *testing.T) {
	bt, err := CompareBenchmark(dirB, 0, &Settings{Method: Wald, Alternative: Greater})
	require.NoError(t, err)
	assert.InDelta(t, 45.0, bt.Diff, 1e-12)
	assert.Greater(t, bt.Statistic, 0.0)
	assert.Less(t, bt.P, 0.5)
	assert.Greater(t, bt.CI.Lower, 0.0)
	l, err := CompareBenchmark(dirB, 0, &Settings{Method: Wald, Alternative: Less})
	require.NoError(t, err)
	assert.Greater(t, l.P, 0.5)
}

// TestDirectionProbGreater: ProbGreater(a, b) is P(NPS_b > NPS_a).
func TestDirectionProbGreater(t *testing.T) {
	a, err := Bayes(dirA, UniformPrior)
	require.NoError(t, err)
	b, err := Bayes(dirB, UniformPrior)
	require.NoError(t, err)
	p, err := ProbGreater(context.Background(), a, b, &MonteCarloSettings{Draws: 20_000, Src: rand.NewPCG(4, 5)})
	require.NoError(t, err)
	assert.Greater(t, p, 0.99)
	q, err := ProbGreater(context.Background(), b, a, &MonteCarloSettings{Draws: 20_000, Src: rand.NewPCG(4, 5)})
	require.NoError(t, err)
	assert.Less(t, q, 0.01)
}

// TestDirectionRolling: VsPrevious compares the previous window (a) with the
// current one (b), so a rise is a positive Diff.
func TestDirectionRolling(t *testing.T) {
	pts, err := Rolling([]Counts{dirA, dirB}, 1)
	require.NoError(t, err)
	require.NotNil(t, pts[1].VsPrevious)
	assert.Greater(t, pts[1].VsPrevious.Diff, 50.0)
	assert.Greater(t, pts[1].VsPrevious.Statistic, 0.0)
}
