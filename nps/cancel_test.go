package nps

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/ctxtest"
)

// The long calls stop soon after their context is cancelled (api.md §6):
// each test cancels a call on an input that takes far longer than the
// delay, and checks that it returns context.Canceled within
// ctxtest.Margin of the cancel.

func TestCancelProbGreater(t *testing.T) {
	a, err := Bayes(Counts{55, 25, 20}, UniformPrior)
	require.NoError(t, err)
	b, err := Bayes(Counts{45, 30, 25}, UniformPrior)
	require.NoError(t, err)
	// MaxDraws pairs take about 12 s.
	after, err := ctxtest.CancelAfter(20*time.Millisecond, func(ctx context.Context) error {
		_, err := ProbGreater(ctx, a, b, &MonteCarloSettings{Draws: MaxDraws, Src: rand.NewPCG(1, 2)})
		return err
	})
	ctxtest.AssertCancelled(t, err, after)
}

func TestCancelSimulate(t *testing.T) {
	post, err := Bayes(Counts{55, 25, 20}, UniformPrior)
	require.NoError(t, err)
	// 2²³ draws take about a second (and 64 MB).
	after, err := ctxtest.CancelAfter(20*time.Millisecond, func(ctx context.Context) error {
		_, err := post.Simulate(ctx, &MonteCarloSettings{Draws: 1 << 23, Src: rand.NewPCG(1, 2)})
		return err
	})
	ctxtest.AssertCancelled(t, err, after)

	// A context cancelled before the call: no work at all.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = post.Simulate(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCancelCountByGroup(t *testing.T) {
	// 16 million ratings over a million groups on one goroutine: the
	// scattered table updates take a few hundred milliseconds.
	const n = 1 << 24
	ratings := make([]uint8, n)
	groups := make([]int32, n)
	for i := range ratings {
		ratings[i] = uint8(i % 11)
		groups[i] = int32(uint32(i*2654435761) % MaxGroups) // scattered over the groups
	}
	after, err := ctxtest.CancelAfter(5*time.Millisecond, func(ctx context.Context) error {
		_, err := CountByGroup(ctx, ratings, groups, MaxGroups, &GroupSettings{Workers: 1})
		return err
	})
	ctxtest.AssertCancelled(t, err, after)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = CountByGroup(ctx, ratings[:10], groups[:10], MaxGroups, nil)
	assert.ErrorIs(t, err, context.Canceled)

	if testing.Verbose() {
		start := time.Now()
		_, err := CountByGroup(context.Background(), ratings, groups, MaxGroups, &GroupSettings{Workers: 1})
		require.NoError(t, err)
		t.Logf("uncancelled: %v; cancelled call returned %v after the cancel", time.Since(start), after)
	}
}

// TestProgress checks that the Monte Carlo calls report progress from the
// caller's goroutine, in order, ending at the total.
func TestProgress(t *testing.T) {
	post, err := Bayes(Counts{5, 2, 1}, UniformPrior)
	require.NoError(t, err)
	var got []int
	s := &MonteCarloSettings{Draws: 200_000, Src: rand.NewPCG(1, 2), Progress: func(done, total int) {
		assert.Equal(t, 200_000, total)
		got = append(got, done)
	}}
	_, err = post.Simulate(context.Background(), s)
	require.NoError(t, err)
	require.NotEmpty(t, got)
	assert.IsIncreasing(t, got)
	assert.Equal(t, 200_000, got[len(got)-1])
	assert.Len(t, got, 200_000/progressEvery+1)

	got = nil
	_, err = ProbGreater(context.Background(), post, post, s)
	require.NoError(t, err)
	assert.Equal(t, 200_000, got[len(got)-1])
}
