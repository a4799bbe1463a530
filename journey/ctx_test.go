package journey

import (
	"github.com/cxkit/cxkit/internal/ctxtest"

	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The long calls stop soon after their context is cancelled (api.md §6).
// Each test cancels a call on an input that takes far longer than the
// cancellation delay, and checks that it returns context.Canceled within a
// second of the cancel (100 ms is the goal; the margin is for -race and a
// loaded machine).

var (
	cancelAfter     = ctxtest.CancelAfter
	assertCancelled = ctxtest.AssertCancelled
)

// randomSortedLog is n events of names a, b, c, x over ncust customers, in
// (customer, time) order.
func randomSortedLog(n, ncust int) *Log {
	rng := rand.New(rand.NewPCG(7, 8))
	l := &Log{Names: []string{"a", "b", "c", "x"}}
	for c := range ncust {
		l.Customers = append(l.Customers, strconv.Itoa(c))
	}
	per := n / ncust
	for c := range ncust {
		for k := range per {
			l.Customer = append(l.Customer, int32(c))
			l.Time = append(l.Time, int64(k)*int64(time.Minute))
			l.Name = append(l.Name, int32(rng.IntN(4)))
		}
	}
	return l
}

func TestCancelPaths(t *testing.T) {
	l := randomSortedLog(3_000_000, 300_000)
	for name, f := range map[string]func(ctx context.Context) error{
		"TopPaths":         func(ctx context.Context) error { _, err := TopPaths(ctx, l, 0, 0); return err },
		"NextSteps":        func(ctx context.Context) error { _, err := NextSteps(ctx, l); return err },
		"PreviousSteps":    func(ctx context.Context) error { _, err := PreviousSteps(ctx, l); return err },
		"ChannelSwitching": func(ctx context.Context) error { _, err := ChannelSwitching(ctx, l); return err },
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			assert.ErrorIs(t, f(ctx), context.Canceled)
			start := time.Now()
			after, err := cancelAfter(5*time.Millisecond, f)
			if err == nil {
				// Finished before the cancel: the input was too small for
				// this machine; the check above still covers the context.
				t.Logf("%s finished in %v", name, time.Since(start))
				return
			}
			assertCancelled(t, err, after)
		})
	}
}

// bigTable is paths of 1–8 touches over the channels.
