package clv

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSentinels checks which sentinel each kind of bad input wraps.
func TestSentinels(t *testing.T) {
	for _, tc := range []struct {
		c     Customer
		field string
		want  error
	}{
		{Customer{Frequency: math.NaN(), T: 1}, "frequency", ErrNonFinite},
		{Customer{T: math.Inf(1)}, "T", ErrNonFinite},
		{Customer{Frequency: -1, T: 1}, "frequency", ErrNegative},
		{Customer{Frequency: 1.5, Recency: 1, T: 2}, "frequency", ErrNotInteger},
		{Customer{Frequency: 1, Recency: 3, T: 2}, "recency", ErrOutOfRange},
		{Customer{Monetary: 4, T: 2}, "monetary", ErrOutOfRange},
	} {
		err := tc.c.Validate()
		assert.ErrorIs(t, err, tc.want, "%+v", tc.c)
		var ie *InputError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, tc.field, ie.Field)
		assert.Equal(t, -1, ie.Index)
	}
	assert.NoError(t, Customer{Frequency: 1, Recency: 1, T: 2, Monetary: 3}.Validate())

	for _, m := range []interface{ Validate() error }{BGNBD{}, MBGNBD{}, ParetoNBD{}, BGBB{}, GammaGamma{}} {
		assert.ErrorIs(t, m.Validate(), ErrOutOfRange, "%T zero value", m)
	}
	err := ParetoNBD{R: 1, Alpha: 1, S: math.NaN(), Beta: 1}.Validate()
	assert.ErrorIs(t, err, ErrNonFinite)
	assert.Equal(t, "clv: ParetoNBD.S NaN: not finite: model parameters must be positive and finite", err.Error())

	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = Historic([]journey.Purchase{{Customer: "a", Time: t0, Amount: -2}}, 1)
	assert.ErrorIs(t, err, ErrNegative)
	_, err = Historic(nil, 1)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Historic([]journey.Purchase{{Customer: "a", Time: t0, Amount: 1}}, 2)
	assert.ErrorIs(t, err, ErrOutOfRange)
}

// TestNoOverflowOrHugeAllocation: counts and sizes that cannot fit are
// errors or are bounded before anything is allocated.
func TestNoOverflowOrHugeAllocation(t *testing.T) {
	ctx := context.Background()
	_, err := RetentionRate(math.MaxInt, math.MaxInt, math.MaxInt)
	assert.NoError(t, err)
	r, err := RetentionRate(10, math.MaxInt, math.MaxInt-5)
	require.NoError(t, err, "start + acquired overflows, but the input is valid")
	assert.Equal(t, 0.5, r)
	_, err = RetentionRate(10, math.MaxInt, math.MaxInt-20)
	assert.ErrorIs(t, err, ErrOutOfRange)

	c := Customer{Frequency: 1, Recency: 1, T: 2}
	rows, err := HoldoutByFrequency(ctx, cdnowBGNBD, []Customer{c}, []Holdout{{}}, 1, math.MaxInt)
	require.NoError(t, err, "a huge maxFrequency is bounded by the number of customers")
	assert.Len(t, rows, 1)
	_, err = RepeatCounts(ctx, cdnowBGNBD, []Customer{c}, math.MaxInt)
	assert.ErrorIs(t, err, ErrOutOfRange)

	for _, w := range []Window{{0, 1e300}, {0, MaxPeriods + 1}, {1e17, 1e17 + 5}} {
		_, err = DiscountedPurchases(ctx, cdnowBGNBD, c, Discounting{Period: 1}, w)
		assert.ErrorIs(t, err, ErrOutOfRange, "%+v", w)
		_, err = CLV(ctx, cdnowBGNBD, FixedSpend(1), []Customer{c}, Discounting{Period: 1}, w)
		assert.ErrorIs(t, err, ErrOutOfRange, "%+v", w)
	}
	_, err = DiscountedPurchases(ctx, cdnowPNBD, c, Discounting{Period: 1}, Window{0, MaxPeriods})
	assert.NoError(t, err, "MaxPeriods periods are allowed")

	_, err = DeltaMethod(nil, 0, FitResult{Estimate: []float64{1}, Cov: [][]float64{{1}}})
	assert.ErrorIs(t, err, ErrUndefined)
	_, err = CLV(ctx, nil, FixedSpend(1), []Customer{c}, Discounting{Period: 1}, Window{0, 1})
	assert.Error(t, err)
	_, err = CLV(ctx, cdnowBGNBD, nil, []Customer{c}, Discounting{Period: 1}, Window{0, 1})
	assert.Error(t, err)
}

// TestNilPointerModels: a nil pointer model is an error, not the panic of
// its value methods; so is a spend model with invalid parameters.
func TestNilPointerModels(t *testing.T) {
	ctx := context.Background()
	c := Customer{Frequency: 1, Recency: 1, T: 2}
	var nilBG *BGNBD
	_, err := DiscountedPurchases(ctx, nilBG, c, Discounting{Period: 1}, Window{0, 1})
	assert.EqualError(t, err, "clv: out of range: nil model (*clv.BGNBD)")
	_, err = HoldoutByFrequency(ctx, (*ParetoNBD)(nil), []Customer{c}, []Holdout{{}}, 1, 5)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = RepeatCounts(ctx, (*BGNBD)(nil), []Customer{c}, 5)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = CLV(ctx, nilBG, FixedSpend(1), []Customer{c}, Discounting{Period: 1}, Window{0, 1})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = CLV(ctx, cdnowBGNBD, (*GammaGamma)(nil), []Customer{c}, Discounting{Period: 1}, Window{0, 1})
	assert.EqualError(t, err, "clv: out of range: nil spend model (*clv.GammaGamma)")
	_, err = CLV(ctx, cdnowBGNBD, GammaGamma{P: -1, Q: 1, V: 1}, []Customer{c}, Discounting{Period: 1}, Window{0, 1})
	assert.ErrorIs(t, err, ErrOutOfRange)
}
