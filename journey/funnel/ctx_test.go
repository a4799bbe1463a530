package funnel

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/logtest"
)

// The long calls stop soon after their context is cancelled (api.md §6).
// Each test cancels a call on an input that takes far longer than the
// cancellation delay, and checks that it returns context.Canceled within a
// second of the cancel (100 ms is the goal; the margin is for -race and a
// loaded machine).

var (
	cancelAfter      = ctxtest.CancelAfter
	cancelOnProgress = ctxtest.CancelOnProgress
	assertCancelled  = ctxtest.AssertCancelled
)

// repeatLog is one customer with n events "a": an ordered funnel a, b, a
// (a repeated step) follows every attempt literally, each scanning to the
// end: quadratic in n.
func repeatLog(n int) *journey.Log {
	l := &journey.Log{Customers: []string{"c"}, Names: []string{"a", "b"}}
	for i := range n {
		l.Customer, l.Time, l.Name = append(l.Customer, 0), append(l.Time, int64(i)*1e9), append(l.Name, 0)
	}
	l.Customer, l.Time, l.Name = append(l.Customer, 0), append(l.Time, int64(n)*1e9), append(l.Name, 1)
	return l
}

func TestCancelFunnel(t *testing.T) {
	// The per-customer path, inside one customer's attempts.
	l := repeatLog(200_000)
	f := Funnel{Steps: []string{"a", "c", "a"}, Window: 1000 * time.Hour}
	l.Names = append(l.Names, "c")
	after, err := cancelAfter(20*time.Millisecond, func(ctx context.Context) error {
		_, err := f.Run(ctx, l)
		return err
	})
	assertCancelled(t, err, after)

	// The fast kernels: cancelled as the run starts, they stop at their
	// next chunk instead of finishing.
	big := logtest.Sorted(2_000_000, 50_000)
	for _, g := range []int{1, 2} {
		ctx, progress, since := cancelOnProgress(1)
		fn := Funnel{Steps: []string{"a", "b", "c"}, Window: time.Hour, Goroutines: g, Progress: progress}
		_, err := fn.Run(ctx, big)
		assertCancelled(t, err, since())
	}
	// And an unsorted log (the radix sort path).
	shuffled := logtest.Sorted(2_000_000, 50_000)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled.Customer), func(i, j int) {
		shuffled.Customer[i], shuffled.Customer[j] = shuffled.Customer[j], shuffled.Customer[i]
	})
	ctx, progress, since := cancelOnProgress(1)
	_, err = (&Funnel{Steps: []string{"a", "b"}, Window: time.Hour, Progress: progress}).Run(ctx, shuffled)
	assertCancelled(t, err, since())
}
