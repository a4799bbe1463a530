package clv

import (
	"context"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/stretchr/testify/require"
)

// cancelledWithin runs call with a context cancelled after 20 ms and
// asserts that it returns context.Canceled soon after the cancel (the
// calls here take seconds uncancelled).
func cancelledWithin(t *testing.T, call func(ctx context.Context) error) {
	t.Helper()
	after, err := ctxtest.CancelAfter(20*time.Millisecond, call)
	ctxtest.AssertCancelled(t, err, after)
}

// cancelOnProgress fits with a Progress that cancels the fit's context at
// the first report (after passing it to report, when not nil) and
// requires context.Canceled, no report after the cancel, and a return
// within latency of the cancel.
func cancelOnProgress(t *testing.T, fit fitFn, data []Customer, w []float64, latency time.Duration, report func(done, total int)) {
	t.Helper()
	ctx, progress, since := ctxtest.CancelOnProgress(1)
	calls := 0
	_, err := fit(ctx, data, w, &FitSettings{Progress: func(done, total int) {
		calls++
		if report != nil {
			report(done, total)
		}
		progress(done, total)
	}})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 1, calls, "no iteration after the cancel")
	require.Less(t, since(), latency)
}

// slowModel is a TransactionModel and CountModel that takes 100 µs per
// call, so that loops over customers or periods take seconds.
type slowModel struct{ m BGNBD }

func (s slowModel) ExpectedPurchases(t float64) float64 {
	time.Sleep(100 * time.Microsecond)
	return s.m.ExpectedPurchases(t)
}

func (s slowModel) ConditionalExpectedPurchases(c Customer, t float64) float64 {
	time.Sleep(100 * time.Microsecond)
	return s.m.ConditionalExpectedPurchases(c, t)
}

func (s slowModel) ProbAlive(c Customer) float64 { return s.m.ProbAlive(c) }

func (s slowModel) ProbPurchases(n int, t float64) float64 {
	time.Sleep(100 * time.Microsecond)
	return s.m.ProbPurchases(n, t)
}

// hidden hides ParetoNBD's shortcut for CLV, so that CLV evaluates the
// conditional expectation per customer and period (the general path).
type hidden struct{ ParetoNBD }

func TestCancelCLV(t *testing.T) {
	data := synthetic100k(t)
	weekly := Discounting{Period: 1, Rate: 0.002}
	cancelledWithin(t, func(ctx context.Context) error {
		_, err := CLV(ctx, hidden{cdnowPNBD}, FixedSpend(1), data, weekly, Window{0, 260})
		return err
	})
	cancelledWithin(t, func(ctx context.Context) error {
		_, err := CLV(ctx, slowModel{cdnowBGNBD}, FixedSpend(1), data, weekly, Window{0, 260})
		return err
	})
}

func TestCancelDiscountedPurchases(t *testing.T) {
	c := Customer{Frequency: 2, Recency: 30, T: 38}
	cancelledWithin(t, func(ctx context.Context) error {
		_, err := DiscountedPurchases(ctx, slowModel{cdnowBGNBD}, c, Discounting{Period: 1, Rate: 0.001}, Window{0, 50000})
		return err
	})
}

func TestCancelChecks(t *testing.T) {
	data := synthetic100k(t)
	cancelledWithin(t, func(ctx context.Context) error {
		_, err := HoldoutByFrequency(ctx, slowModel{cdnowBGNBD}, data, make([]Holdout, len(data)), 39, 7)
		return err
	})
	cancelledWithin(t, func(ctx context.Context) error {
		_, err := RepeatCounts(ctx, slowModel{cdnowBGNBD}, data, 1000)
		return err
	})
}

// TestCancelFits cancels every fit from its first progress report: the
// fit must return context.Canceled and stop at once. A timed cancel on
// the largest data checks the latency too.
func TestCancelFits(t *testing.T) {
	data := cdnowWithSpend(t)
	donors, w := bbDonations(t)
	for name, c := range map[string]struct {
		fit  fitFn
		data []Customer
		w    []float64
	}{
		"BGNBD": {fitOf(FitBGNBD), data, nil}, "MBGNBD": {fitOf(FitMBGNBD), data, nil},
		"ParetoNBD": {fitOf(FitParetoNBD), data, nil}, "BGBB": {fitOf(FitBGBB), donors, w},
		"GammaGamma": {fitOf(FitGammaGamma), data, nil},
	} {
		t.Run(name, func(t *testing.T) {
			calls := 0
			cancelOnProgress(t, c.fit, c.data, c.w, ctxtest.Margin, func(done, total int) {
				calls++
				require.Equal(t, calls, done)
				require.Equal(t, 500, total)
			})
		})
	}
	big := synthetic100k(t)
	cancelledWithin(t, func(ctx context.Context) error {
		_, _, err := FitParetoNBD(ctx, big, nil, &FitSettings{Tolerance: 1e-300})
		return err
	})
}
