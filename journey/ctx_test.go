package journey_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/logtest"
)

// The long calls stop soon after their context is cancelled (api.md §6).
// Each test cancels a call on an input that takes far longer than the
// cancellation delay, and checks that it returns context.Canceled within a
// second of the cancel (100 ms is the goal; the margin is for -race and a
// loaded machine).

func TestCancelPaths(t *testing.T) {
	l := logtest.Sorted(3_000_000, 300_000)
	for name, f := range map[string]func(ctx context.Context) error{
		"TopPaths":         func(ctx context.Context) error { _, err := journey.TopPaths(ctx, l, 0, 0); return err },
		"NextSteps":        func(ctx context.Context) error { _, err := journey.NextSteps(ctx, l); return err },
		"PreviousSteps":    func(ctx context.Context) error { _, err := journey.PreviousSteps(ctx, l); return err },
		"ChannelSwitching": func(ctx context.Context) error { _, err := journey.ChannelSwitching(ctx, l); return err },
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			assert.ErrorIs(t, f(ctx), context.Canceled)
			start := time.Now()
			after, err := ctxtest.CancelAfter(5*time.Millisecond, f)
			if err == nil {
				// Finished before the cancel: the input was too small for
				// this machine; the check above still covers the context.
				t.Logf("%s finished in %v", name, time.Since(start))
				return
			}
			ctxtest.AssertCancelled(t, err, after)
		})
	}
}
