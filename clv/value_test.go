package clv

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiscountedPurchases(t *testing.T) {
	m := cdnowBGNBD
	c := Customer{ID: "1", Frequency: 2, Recency: 30.43, T: 38.86}
	// Without discounting, the windows add up to the conditional expectation.
	got, err := DiscountedPurchases(context.Background(), m, c, Discounting{Period: 4, Rate: 0}, Window{0, 52}, Window{52, 104}, Window{0, 104})
	require.NoError(t, err)
	assert.InEpsilon(t, m.ConditionalExpectedPurchases(c, 52), got[0], 1e-12)
	assert.InEpsilon(t, got[0]+got[1], got[2], 1e-12)

	// With one period covering the window, the value is E/(1+d).
	one, err := DiscountedPurchases(context.Background(), m, c, Discounting{Period: 52, Rate: 0.1}, Window{0, 52})
	require.NoError(t, err)
	assert.InEpsilon(t, m.ConditionalExpectedPurchases(c, 52)/1.1, one[0], 1e-12)

	// Period-by-period sum, checked by hand: a window not aligned with the
	// periods is cut at its ends.
	d := Discounting{Period: 10, Rate: 0.05}
	got, err = DiscountedPurchases(context.Background(), m, c, d, Window{5, 25})
	require.NoError(t, err)
	e := func(t float64) float64 { return m.ConditionalExpectedPurchases(c, t) }
	want := (e(10)-e(5))/1.05 + (e(20)-e(10))/math.Pow(1.05, 2) + (e(25)-e(20))/math.Pow(1.05, 3)
	assert.InEpsilon(t, want, got[0], 1e-12)

	// Discounting lowers the value; longer windows raise it.
	lo, _ := DiscountedPurchases(context.Background(), m, c, Discounting{Period: 1, Rate: 0.01}, Window{0, 52})
	hi, _ := DiscountedPurchases(context.Background(), m, c, Discounting{Period: 1, Rate: 0}, Window{0, 52})
	assert.Less(t, lo[0], hi[0])

	for name, tc := range map[string]struct {
		d Discounting
		w Window
	}{
		"zero period":   {Discounting{Period: 0}, Window{0, 1}},
		"negative rate": {Discounting{Period: 1, Rate: -0.1}, Window{0, 1}},
		"empty window":  {Discounting{Period: 1}, Window{2, 2}},
		"negative from": {Discounting{Period: 1}, Window{-1, 2}},
		"NaN":           {Discounting{Period: math.NaN()}, Window{0, 1}},
	} {
		_, err := DiscountedPurchases(context.Background(), m, c, tc.d, tc.w)
		assertInvalid(t, err, name)
	}
	_, err = DiscountedPurchases(context.Background(), m, c, d)
	assert.ErrorIs(t, err, ErrEmpty, "no window")
	_, err = DiscountedPurchases(context.Background(), m, Customer{Frequency: -1}, d, Window{0, 1})
	assertInvalid(t, err)
}

func TestCLV(t *testing.T) {
	m := cdnowBGNBD
	data := cdnowWithSpend(t)[:300]
	d := Discounting{Period: 52, Rate: 0.1}
	ws := []Window{{0, 52}, {52, 156}}
	// CLV shares work between customers (P(alive) times a curve of (x, T)
	// for these three models); DiscountedPurchases does not.
	for _, m := range []TransactionModel{cdnowBGNBD, cdnowMBGNBD, cdnowPNBD, hidden{cdnowPNBD}} {
		got, err := CLV(context.Background(), m, FixedSpend(20), data, d, ws...)
		require.NoError(t, err)
		require.Len(t, got, len(data))
		for i, c := range data {
			want, err := DiscountedPurchases(context.Background(), m, c, d, ws...)
			require.NoError(t, err)
			assert.InEpsilon(t, 20*want[0], got[i][0], 1e-12, "%T", m)
			assert.InEpsilon(t, 20*want[1], got[i][1], 1e-12, "%T", m)
		}
	}
	_, err := CLV(context.Background(), m, FixedSpend(math.NaN()), data, d, ws...)
	assertInvalid(t, err)
	_, err = CLV(context.Background(), m, FixedSpend(1), nil, d, ws...)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = CLV(context.Background(), m, FixedSpend(1), data, d)
	assert.ErrorIs(t, err, ErrEmpty, "no window")
}
