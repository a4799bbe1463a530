package clv

import (
	"math"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistoric(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	log := []journey.Purchase{pur("a", t0, 10), pur("b", t0, 4), pur("a", t0, 30)}
	got, err := Historic(log, 0.25)
	require.NoError(t, err)
	assert.Equal(t, []HistoricValue{{ID: "a", Purchases: 2, Revenue: 40, Value: 10}, {ID: "b", Purchases: 1, Revenue: 4, Value: 1}}, got)
	_, err = Historic(log, 1.5)
	assertInvalid(t, err)
	_, err = Historic(nil, 1)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Historic([]journey.Purchase{pur("a", t0, math.NaN())}, 1)
	assertInvalid(t, err)
}

func TestAverageValue(t *testing.T) {
	// Order value $50, 4 orders a year, 3-year lifespan: $600.
	v, err := AverageValue(50, 4, 3)
	require.NoError(t, err)
	assert.InDelta(t, 600, v, 1e-12)
	_, err = AverageValue(-1, 4, 3)
	assertInvalid(t, err)
	_, err = AverageValue(1, math.Inf(1), 3)
	assertInvalid(t, err)
}

func TestRetentionValue(t *testing.T) {
	// Gupta & Lehmann (2003): m = 100, r = 0.8, d = 0.12 gives
	// 100·0.8/0.32 = 250.
	v, err := RetentionValue(100, 0.8, 0.12)
	require.NoError(t, err)
	assert.InDelta(t, 250, v, 1e-9)
	// The finite sum approaches the limit and matches a direct sum.
	for _, n := range []int{0, 1, 5, 30} {
		got, err := RetentionValueN(100, 0.8, 0.12, n)
		require.NoError(t, err)
		want := 0.0
		for k := 1; k <= n; k++ {
			want += 100 * math.Pow(0.8/1.12, float64(k))
		}
		assert.InDelta(t, want, got, 1e-9, "n=%d", n)
	}
	far, _ := RetentionValueN(100, 0.8, 0.12, 2000)
	assert.InDelta(t, 250, far, 1e-9)
	same, _ := RetentionValueN(10, 1, 0, 7)
	assert.InDelta(t, 70, same, 1e-12)

	_, err = RetentionValue(100, 1, 0)
	assertInvalid(t, err, "diverges")
	_, err = RetentionValue(100, 1.2, 0.1)
	assertInvalid(t, err)
	_, err = RetentionValue(math.NaN(), 0.5, 0.1)
	assertInvalid(t, err)
	_, err = RetentionValueN(100, 0.5, -1, 3)
	assertInvalid(t, err)
	_, err = RetentionValueN(100, 0.5, 0.1, -3)
	assertInvalid(t, err)
}

func TestCohortRetention(t *testing.T) {
	r, err := CohortRetention([]float64{1000, 800, 640, 512})
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0.8, 0.8, 0.8}, r.Rates, 1e-12)
	assert.InDelta(t, 0.8, r.Mean, 1e-12)
	assert.InDelta(t, 0.2, r.Churn, 1e-12)
	assert.InDelta(t, 5, r.Lifespan, 1e-9)

	r, err = CohortRetention([]float64{10, 10})
	require.NoError(t, err)
	assert.True(t, math.IsInf(r.Lifespan, 1))

	_, err = CohortRetention([]float64{10})
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = CohortRetention([]float64{0, 0})
	assertInvalid(t, err)
	_, err = CohortRetention([]float64{10, 12})
	assertInvalid(t, err)

	rr, err := RetentionRate(200, 210, 30) // (210−30)/200
	require.NoError(t, err)
	assert.InDelta(t, 0.9, rr, 1e-12)
	_, err = RetentionRate(0, 1, 0)
	assertInvalid(t, err)
	_, err = RetentionRate(10, 50, 5)
	assertInvalid(t, err)
}
