package abtest

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFisherCancel: FisherExact stops when its context is cancelled
// between two of its steps (here from the Progress callback after the
// p-value: a table with 10¹³ in each cell now takes milliseconds, too
// little for a timer), and an already cancelled context returns at once.
func TestFisherCancel(t *testing.T) {
	const big = 10_000_000_000_000
	table := [2][2]int{{big, big}, {big + 7_000_000, big - 7_000_000}}
	for step := 1; step <= 4; step++ {
		ctx, cancel := context.WithCancel(context.Background())
		s := &FisherSettings{Progress: func(done, _ int) {
			if done == step {
				cancel()
			}
		}}
		_, err := FisherExact(ctx, table, s)
		require.ErrorIs(t, err, context.Canceled, "cancelled after step %d", step)
		cancel()
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := FisherExact(ctx, [2][2]int{{3, 4}, {5, 6}}, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestFisherProgress: the passes are reported in order, from the caller's
// goroutine, and the result is the same with or without a callback.
func TestFisherProgress(t *testing.T) {
	table := [2][2]int{{100, 900}, {130, 870}}
	var seen [][2]int
	s := &FisherSettings{Progress: func(done, total int) { seen = append(seen, [2]int{done, total}) }}
	with, err := FisherExact(context.Background(), table, s)
	require.NoError(t, err)
	assert.Equal(t, [][2]int{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}}, seen)
	without, err := FisherExact(context.Background(), table, nil)
	require.NoError(t, err)
	assert.Equal(t, without, with)
}

// TestFisherLarge: 10⁷ in each cell (once 33 s and 6 GB) is answered in
// well under a second with a handful of allocations, as many as for a
// small table; counts that overflow are errors.
func TestFisherLarge(t *testing.T) {
	ctx := context.Background()
	big := 10_000_000
	table := [2][2]int{{big, big}, {big + 5_000, big - 5_000}}
	start := time.Now()
	r, err := FisherExact(ctx, table, nil)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), time.Second)
	assert.True(t, r.Defined)
	small := testing.AllocsPerRun(3, func() { _, _ = FisherExact(ctx, [2][2]int{{12, 38}, {4, 46}}, nil) })
	large := testing.AllocsPerRun(3, func() { _, _ = FisherExact(ctx, table, nil) })
	assert.LessOrEqual(t, large, small, "memory must not grow with the counts")
	_, err = FisherExact(ctx, [2][2]int{{math.MaxInt, 1}, {1, 1}}, nil)
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = FisherExact(ctx, [2][2]int{{math.MaxInt / 2, math.MaxInt / 2}, {math.MaxInt / 2, 1}}, nil)
	assert.ErrorIs(t, err, ErrTooLarge)
}

// TestCountOverflow: counts near MaxInt are errors, never a made-up P.
func TestCountOverflow(t *testing.T) {
	m := math.MaxInt
	_, err := ChiSquareIndependence([][]int{{m, 1}, {1, m}}, nil)
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = ChiSquareIndependence([][]int{{m / 2, m / 2}, {m / 2, m / 2}}, nil)
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = SampleRatioMismatch([]int{m, m}, nil)
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = SampleRatioMismatch([]int{5, 5}, []float64{math.MaxFloat64, math.MaxFloat64})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = BetaBinomial(Proportion{m / 2, m}, Proportion{m / 2, m}, nil)
	assert.ErrorIs(t, err, ErrTooLarge)
	s := Summary{N: m, Mean: 1}
	assert.ErrorIs(t, s.Merge(Summary{N: 1, Mean: 1}), ErrTooLarge)
	assert.ErrorIs(t, s.Add(1), ErrTooLarge)
	r := RatioSummary{N: m}
	assert.ErrorIs(t, r.Merge(RatioSummary{N: 1}), ErrTooLarge)
}

// TestMSPRTZeroValue: the zero MSPRT errors from every method (no mixing
// variance) instead of rejecting on its first look; with Tau2 set, a
// struct literal works and starts from p = 1.
func TestMSPRTZeroValue(t *testing.T) {
	var m MSPRT
	_, err := m.Observe(0.1, 0.01)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = m.ObserveProportions(Proportion{1, 10}, Proportion{2, 10})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = m.ObserveMeans(Summary{N: 3, M2: 1}, Summary{N: 3, M2: 1})
	assert.ErrorIs(t, err, ErrOutOfRange)
	assert.Contains(t, m.String(), "invalid")
	var nilM *MSPRT
	_, err = nilM.Observe(0, 1)
	assert.ErrorIs(t, err, ErrOutOfRange)
	assert.Contains(t, nilM.String(), "invalid")

	lit := MSPRT{Tau2: 1e-4}
	l, err := lit.Observe(0.0001, 0.01)
	require.NoError(t, err)
	assert.False(t, l.Reject, "a tiny difference with a large variance is no evidence")
	assert.Greater(t, l.P, 0.5)
	made, err := NewMSPRT(1e-4, 0)
	require.NoError(t, err)
	l2, err := made.Observe(0.0001, 0.01)
	require.NoError(t, err)
	assert.Equal(t, l, l2)
}

// TestPowerFast: power and effect calculations with a huge
// noncentrality or a tiny sample return at once.
func TestPowerFast(t *testing.T) {
	start := time.Now()
	p, err := PowerMeans(1000, 1e8, nil)
	require.NoError(t, err)
	assert.InDelta(t, 1, p, 0)
	p, err = PowerMeans(1e6, 3, nil)
	require.NoError(t, err)
	assert.InDelta(t, 1, p, 1e-12)
	_, err = MDEMeans(1.01, nil)
	assert.ErrorIs(t, err, ErrOutOfRange)
	// A huge effect used to be evaluated at a fraction of a degree of
	// freedom, where the series needed millions of terms (4 minutes).
	ss, err := SampleSizeMeans(1e6, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, ss.NA)
	_, err = SampleSizeMeans(1e4, &PowerSettings{Ratio: 1e-6})
	require.NoError(t, err)
	// Beyond the series' reach: an error, not a number.
	_, err = PowerMeans(5000, 1e6, &PowerSettings{Alpha: 1e-300})
	if err != nil {
		assert.ErrorIs(t, err, ErrNotConverged)
	}
	assert.Less(t, time.Since(start), time.Second)
}

// TestBayesLarge: posteriors too large for the exact sum use the normal
// approximation, which agrees with the sum where both apply.
func TestBayesLarge(t *testing.T) {
	A := Beta{4200001.5, 37800001.5}
	B := Beta{4200401.5, 37799601.5}
	exact := millerSum(Beta{4200001, 37800001}, Beta{4200401, 37799601})
	assert.InDelta(t, exact, probGreater(A, B), 1e-4)
	n := 1 << 44
	r, err := BetaBinomial(Proportion{n / 10, n}, Proportion{n/10 + n/1000, n}, nil)
	require.NoError(t, err)
	assert.InDelta(t, 1, r.ProbBBeatsA, 1e-12)
	assert.InDelta(t, 1, r.ProbBBeatsA+r.ProbABeatsB, 1e-12)
	assert.InEpsilon(t, 0.001, r.LossA, 1e-6)

	// Where the quadrature cannot be trusted the answer is an error, not
	// a probability.
	j := &BayesSettings{PriorA: Beta{0.5, 0.5}, PriorB: Beta{0.5, 0.5}}
	_, err = BetaBinomial(Proportion{1, 1e12}, Proportion{3, 1e12}, j)
	assert.ErrorIs(t, err, ErrNotConverged)
	_, err = BetaBinomial(Proportion{1, 10}, Proportion{3, 10}, &BayesSettings{PriorA: Beta{1e300, 1e300}})
	assert.ErrorIs(t, err, ErrOutOfRange)
	r, err = BetaBinomial(Proportion{1, 1e9}, Proportion{3, 1e9}, j)
	require.NoError(t, err)
	assert.InDelta(t, 1, r.ProbBBeatsA+r.ProbABeatsB, 1e-6)
}

// TestAccumulatorErrors: Add, AddAll and Merge refuse what would corrupt
// the state and report where.
func TestAccumulatorErrors(t *testing.T) {
	var s Summary
	err := s.AddAll(func(yield func(float64) bool) {
		for _, x := range []float64{1, 2, math.NaN(), 4} {
			if !yield(x) {
				return
			}
		}
	})
	var ie *InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, 2, ie.Index)
	assert.ErrorIs(t, err, ErrNonFinite)
	assert.Equal(t, 2, s.N)
	assert.ErrorIs(t, s.Merge(Summary{N: -1}), ErrNegative)
	assert.ErrorIs(t, s.Merge(Summary{N: 2, M2: -1}), ErrNegative)
	assert.ErrorIs(t, s.Merge(Summary{N: 0, Mean: 3}), ErrOutOfRange)
	assert.Equal(t, 2, s.N, "a failed Merge leaves the state")

	var r RatioSummary
	err = r.AddAll(func(yield func(float64, float64) bool) {
		_ = yield(1, 2) && yield(3, math.Inf(1))
	})
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, 1, ie.Index)
	assert.Equal(t, "den", ie.Field)
	assert.ErrorIs(t, r.Merge(RatioSummary{N: 1, MeanNum: math.NaN()}), ErrNonFinite)
	assert.Equal(t, 1, r.N)
}
