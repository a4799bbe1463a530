package clv

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cancelledWithin runs call with a context cancelled after 20 ms and
// asserts that it returns context.Canceled well before it would have
// finished (the calls here take seconds uncancelled).
func cancelledWithin(t *testing.T, call func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(20*time.Millisecond, cancel)
	defer timer.Stop()
	start := time.Now()
	err := call(ctx)
	elapsed := time.Since(start)
	assert.True(t, errors.Is(err, context.Canceled), "err = %v", err)
	// 100 ms after the cancel is the contract; the margin is for -race and
	// a loaded machine.
	assert.Less(t, elapsed, time.Second, "returned %v after the start", elapsed)
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
	fits := map[string]func(ctx context.Context, s *FitSettings) error{
		"BGNBD":  func(ctx context.Context, s *FitSettings) error { _, _, err := FitBGNBD(ctx, data, nil, s); return err },
		"MBGNBD": func(ctx context.Context, s *FitSettings) error { _, _, err := FitMBGNBD(ctx, data, nil, s); return err },
		"ParetoNBD": func(ctx context.Context, s *FitSettings) error {
			_, _, err := FitParetoNBD(ctx, data, nil, s)
			return err
		},
		"BGBB": func(ctx context.Context, s *FitSettings) error { _, _, err := FitBGBB(ctx, donors, w, s); return err },
		"GammaGamma": func(ctx context.Context, s *FitSettings) error {
			_, _, err := FitGammaGamma(ctx, data, nil, s)
			return err
		},
	}
	for name, fit := range fits {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			calls := 0
			err := fit(ctx, &FitSettings{Progress: func(done, total int) {
				calls++
				require.Equal(t, calls, done)
				require.Equal(t, 500, total)
				cancel()
			}})
			assert.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, 1, calls, "no iteration after the cancel")
		})
	}
	big := synthetic100k(t)
	cancelledWithin(t, func(ctx context.Context) error {
		_, _, err := FitParetoNBD(ctx, big, nil, &FitSettings{Tolerance: 1e-300})
		return err
	})
}
