package retention

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigTenures returns n distinct continuous tenures, a quarter censored,
// from a cheap generator (xorshift), fast enough to build 10⁷ of them.
func bigTenures(n int) ([]float64, []int) {
	times := make([]float64, n)
	events := make([]int, n)
	x := uint64(88172645463325252)
	for i := range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		times[i] = -400 * math.Log(float64(x>>11+1)/(1<<53))
		if x>>3&3 != 0 { // censored: a quarter of them
			events[i] = 1
		}
	}
	return times, events
}

// cancelAfter runs f with a context cancelled after delay and checks that
// f returns context.Canceled soon after: within 100 ms of the cancel
// normally, ctxtest.Margin (1 s) under the race detector and a loaded
// machine.
func cancelAfter(t *testing.T, delay time.Duration, f func(ctx context.Context) error) {
	t.Helper()
	after, err := ctxtest.CancelAfter(delay, f)
	ctxtest.AssertCancelled(t, err, after)
}

// TestSurvivalCancel cancels KaplanMeier, NewRiskSet and LogRank on
// 5,000,000 distinct tenures (seconds to the end on the benchmark machine
// under load, much longer under -race) at two points of their work.
func TestSurvivalCancel(t *testing.T) {
	const n = 5_000_000
	times, events := bigTenures(n)
	groups := make([]int, n)
	for i := range groups {
		groups[i] = i % 3
	}
	for _, delay := range []time.Duration{20 * time.Millisecond, 150 * time.Millisecond} {
		cancelAfter(t, delay, func(ctx context.Context) error {
			_, err := KaplanMeier(ctx, times, events, nil)
			return err
		})
		cancelAfter(t, delay, func(ctx context.Context) error {
			_, err := NewRiskSet(ctx, times, events, nil)
			return err
		})
		cancelAfter(t, delay, func(ctx context.Context) error {
			_, err := LogRank(ctx, times, events, groups, nil, nil)
			return err
		})
	}
}

// TestLogRankCancelManyGroups cancels LogRank and LogRankRiskSets with
// 1,000 groups: the variance costs k² per event time, so 20,000 tenures
// take minutes to the end.
func TestLogRankCancelManyGroups(t *testing.T) {
	const n, k = 20_000, MaxGroups
	times, events := bigTenures(n)
	groups := make([]int, n)
	sets := make([]RiskSet, k)
	for i := range groups {
		groups[i] = i % k
		require.NoError(t, sets[i%k].Add(Tenure{Time: times[i], Event: events[i] == 1}))
	}
	cancelAfter(t, 20*time.Millisecond, func(ctx context.Context) error {
		_, err := LogRank(ctx, times, events, groups, nil, nil)
		return err
	})
	cancelAfter(t, 20*time.Millisecond, func(ctx context.Context) error {
		_, err := LogRankRiskSets(ctx, [][]RiskSet{sets}, nil)
		return err
	})
}

// TestProgress checks that Progress reports a growing count that ends at
// its total, and that a cancelled context stops the work at once.
func TestProgress(t *testing.T) {
	times, events := bigTenures(300_000)
	groups := make([]int, len(times))
	for i := range groups {
		groups[i] = i % 2
	}
	check := func(name string, run func(s *Settings) error) {
		var calls, last, total int
		s := &Settings{Progress: func(done, tot int) {
			assert.GreaterOrEqual(t, done, last, "%s: progress went back", name)
			last, total = done, tot
			calls++
		}}
		require.NoError(t, run(s))
		assert.Greater(t, calls, 3, name)
		assert.Equal(t, total, last, "%s: the last report is the total", name)
	}
	check("KaplanMeier", func(s *Settings) error {
		_, err := KaplanMeier(context.Background(), times, events, s)
		return err
	})
	check("LogRank", func(s *Settings) error {
		_, err := LogRank(context.Background(), times, events, groups, nil, s)
		return err
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := KaplanMeier(ctx, times, events, nil)
	require.ErrorIs(t, err, context.Canceled)
	_, err = LogRank(ctx, times, events, groups, nil, nil)
	require.ErrorIs(t, err, context.Canceled)
}
