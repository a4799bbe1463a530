package attribution

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The long calls stop soon after their context is cancelled (api.md §6).

var (
	cancelAfter      = ctxtest.CancelAfter
	cancelOnProgress = ctxtest.CancelOnProgress
	assertCancelled  = ctxtest.AssertCancelled
)

func bigTable(channels, paths int) *journey.PathTable {
	rng := rand.New(rand.NewPCG(3, 1))
	pt := &journey.PathTable{}
	for range paths {
		p := make([]string, 1+rng.IntN(8))
		for j := range p {
			p[j] = "ch" + strconv.Itoa(rng.IntN(channels))
		}
		conv := float64(rng.IntN(2))
		_ = pt.Add(p, conv, 10*conv, 1-conv, nil)
	}
	return pt
}

func TestCancelMarkov(t *testing.T) {
	// Order 3 on 12 channels: 1,900 states. Cancelled after the first of
	// 13 solves, during the removals on their goroutines (calls 2 and 8),
	// and by time.
	pt := bigTable(12, 10_000)
	for _, call := range []int{1, 2, 8} {
		ctx, progress, since := cancelOnProgress(call)
		_, err := Markov(ctx, pt, &MarkovSettings{Order: 3, Progress: progress})
		assertCancelled(t, err, since())
	}
	after, err := cancelAfter(time.Millisecond, func(ctx context.Context) error {
		_, err := Markov(ctx, pt, &MarkovSettings{Order: 3})
		return err
	})
	assertCancelled(t, err, after)
	// The solves look at ctx every sweep: cancelled inside the first one.
	tr, err := tableTransitions(bg, pt, &MarkovSettings{Order: 3})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(bg)
	cancel()
	m, err := tr.system()
	require.NoError(t, err)
	_, err = m.solve(ctx, -1, m.newWorkspace())
	assert.ErrorIs(t, err, context.Canceled)
	// Progress: one solve, then one per channel.
	var calls [][2]int
	_, err = Markov(bg, tinyTable(t), &MarkovSettings{Progress: func(d, n int) { calls = append(calls, [2]int{d, n}) }})
	require.NoError(t, err)
	assert.Equal(t, [][2]int{{0, 4}, {1, 4}, {2, 4}, {3, 4}, {4, 4}}, calls)

	big := bigTable(20, 60_000)
	ctx, progress, since := cancelOnProgress(1)
	_, err = TransitionMatrix(ctx, big, &MarkovSettings{Order: 2, Progress: progress})
	if err == nil { // TransitionMatrix reports no progress: cancel by time
		after, err = cancelAfter(5*time.Millisecond, func(ctx context.Context) error {
			_, err := TransitionMatrix(ctx, big, &MarkovSettings{Order: 3})
			return err
		})
		assertCancelled(t, err, after)
	} else {
		assertCancelled(t, err, since())
	}
	ctx, progress, since = cancelOnProgress(1)
	_, err = Heuristic(ctx, big, Linear, &HeuristicSettings{Progress: progress})
	assertCancelled(t, err, since())
}

func TestCancelShapley(t *testing.T) {
	pt := bigTable(MaxShapleyChannels, 5_000)
	for _, call := range []int{2, MaxShapleyChannels + 3} { // in the zeta transform, in the values
		ctx, progress, since := cancelOnProgress(call)
		_, err := Shapley(ctx, pt, &ShapleySettings{Progress: progress})
		assertCancelled(t, err, since())
	}
}
