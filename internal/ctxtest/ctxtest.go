// Package ctxtest holds the helpers of the cancellation tests (api.md §6):
// cancel a long call, and check that it returned context.Canceled soon
// after.
package ctxtest

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Margin is how long after the cancel a call may return: 100 ms is the
// goal; the margin is for -race and a loaded machine.
const Margin = time.Second

// CancelAfter runs f with a context cancelled after d and returns how long
// after the cancel it returned (0 when f returned first) and its error.
func CancelAfter(d time.Duration, f func(ctx context.Context) error) (time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fired := make(chan time.Time, 1)
	timer := time.AfterFunc(d, func() { fired <- time.Now(); cancel() })
	err := f(ctx)
	done := time.Now()
	if timer.Stop() {
		return 0, err
	}
	return done.Sub(<-fired), err
}

// CancelOnProgress returns a context and a Progress callback that cancels
// it at the call-th report, and a function giving the time since then.
func CancelOnProgress(call int) (context.Context, func(done, total int), func() time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	var at time.Time
	n := 0
	progress := func(done, total int) {
		if n++; n == call {
			at = time.Now()
			cancel()
		}
	}
	return ctx, progress, func() time.Duration { return time.Since(at) }
}

// AssertCancelled fails t unless err wraps context.Canceled and came less
// than Margin after the cancel.
func AssertCancelled(t testing.TB, err error, after time.Duration) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want context.Canceled")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if after >= Margin {
		t.Errorf("returned %v after the cancel, want < %v", after, Margin)
	}
}
