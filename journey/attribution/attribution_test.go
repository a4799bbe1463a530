package attribution

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/cases"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tinyTable is the three-journey textbook example of
// journey/testdata/SOURCE.md, read from paths_tiny.csv.
func tinyTable(t *testing.T) *journey.PathTable {
	return cases.ReadFile(t, "../testdata/paths_tiny.csv", readPaths)
}

// TestMarkovTextbookByHand works the three-journey example of SOURCE.md by
// hand. Transitions: start→C1 2/3, start→C2 1/3; C1→C2 1/2, C1→null 1/2;
// C2→C3 1; C3→conversion 1/2, C3→null 1/2. So
// P(conv) = (2/3·1/2 + 1/3)·1·1/2 = 1/3. Without C1 only start→C2 is left:
// 1/3·1/2 = 1/6, removal effect 1 − (1/6)/(1/3) = 1/2. C2 and C3 lie on the
// only converting path: removal effect 1. Shares 0.5 : 1 : 1 of 2.5 give
// 0.2, 0.4, 0.4 of the one conversion and of its value 100.
func TestMarkovTextbookByHand(t *testing.T) {
	r, err := Markov(bg, tinyTable(t), nil)
	require.NoError(t, err)
	require.True(t, r.Defined)
	assert.Equal(t, 3, r.States)
	assert.InDelta(t, 1.0/3, r.PConversion, 1e-15)
	want := map[string][3]float64{ // P removed, removal effect, conversions
		"C1": {1.0 / 6, 0.5, 0.2},
		"C2": {0, 1, 0.4},
		"C3": {0, 1, 0.4},
	}
	for i, ch := range r.Attribution.Channels {
		w := want[ch]
		assert.InDelta(t, w[0], r.PRemoved[i], 1e-15, ch)
		assert.InDelta(t, w[1], r.RemovalEffects[i], 1e-15, ch)
		assert.InDelta(t, w[2], r.Attribution.Conversions[i], 1e-15, ch)
		assert.InDelta(t, 100*w[2], r.Attribution.Value[i], 1e-12, ch)
		// One converting path ending in C3: both value conventions agree.
		assert.InDelta(t, 100*w[2], r.ValueLastState[i], 1e-12, ch)
	}
	// Self-loops change nothing in the removal effects.
	pt := tinyTable(t)
	require.NoError(t, pt.Add([]string{"C1", "C1", "C2", "C2", "C3"}, 0, 0, 0, nil))
	r2, err := Markov(bg, pt, &MarkovSettings{KeepRepeats: true})
	require.NoError(t, err)
	assert.InDeltaSlice(t, r.RemovalEffects, r2.RemovalEffects, 1e-14)
}

func TestMarkovDegenerate(t *testing.T) {
	// No conversions: documented as undefined, never a panic.
	pt := &journey.PathTable{}
	require.NoError(t, pt.Add([]string{"A", "B"}, 0, 0, 3, nil))
	require.NoError(t, pt.Add([]string{"B"}, 0, 0, 2, nil))
	r, err := Markov(bg, pt, nil)
	require.NoError(t, err)
	assert.False(t, r.Defined)
	assert.Equal(t, 0.0, r.PConversion)
	for i := range r.RemovalEffects {
		assert.True(t, math.IsNaN(r.RemovalEffects[i]))
		assert.Equal(t, 0.0, r.Attribution.Conversions[i])
	}
	// A channel on every path: removal effect 1 and no singular matrix.
	pt = &journey.PathTable{}
	require.NoError(t, pt.Add([]string{"A"}, 4, 40, 1, nil))
	require.NoError(t, pt.Add([]string{"A", "B", "A"}, 1, 10, 5, nil))
	for order := 1; order <= 3; order++ {
		r, err = Markov(bg, pt, &MarkovSettings{Order: order})
		require.NoError(t, err)
		require.True(t, r.Defined)
		a, _ := r.Attribution.Of("A")
		assert.InDelta(t, 1, r.RemovalEffects[0], 1e-15)
		assert.Greater(t, a, 0.0)
		var sum float64
		for _, c := range r.Attribution.Conversions {
			sum += c
		}
		assert.InDelta(t, 5, sum, 1e-12)
	}
	// A single channel: all credit to it.
	pt = &journey.PathTable{}
	require.NoError(t, pt.Add([]string{"A", "A"}, 2, 5, 1, nil))
	r, err = Markov(bg, pt, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{2}, r.Attribution.Conversions)
	assert.Equal(t, []float64{5}, r.ValueLastState)
}

func TestMarkovErrors(t *testing.T) {
	_, err := Markov(bg, &journey.PathTable{}, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Markov(bg, tinyTable(t), &MarkovSettings{Order: -1})
	assert.ErrorIs(t, err, ErrOutOfRange)
	assert.Contains(t, err.Error(), "-1")
	_, err = TransitionMatrix(bg, tinyTable(t), &MarkovSettings{Order: -2})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Heuristic(bg, &journey.PathTable{}, Linear, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Shapley(bg, &journey.PathTable{}, &ShapleySettings{Value: SubsetSum})
	assert.ErrorIs(t, err, ErrEmpty)
	pt := &journey.PathTable{}
	require.NoError(t, pt.Add([]string{"A"}, 1, 1, 0, nil))
	_, err = Heuristic(bg, pt, TimeDecay, nil)
	assert.ErrorIs(t, err, ErrMissing)
	_, err = Heuristic(bg, pt, TimeDecay, &HeuristicSettings{HalfLifeDays: -1})
	assert.ErrorIs(t, err, ErrNegative)
}

// TestAttributionInvariants: on random tables every model's attribution sums
// to the totals (Shapley and Markov when defined), heuristics are
// non-negative, and the subset-sum Shapley value equals linear attribution
// over distinct channels.
func TestAttributionInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	chans := []string{"a", "b", "c", "d", "e"}
	for trial := range 40 {
		pt := &journey.PathTable{}
		for range 1 + rng.IntN(25) {
			n := 1 + rng.IntN(6)
			path := make([]string, n)
			days := make([]float64, n)
			for i := range path {
				path[i] = chans[rng.IntN(len(chans))]
				days[i] = float64(3 * (n - 1 - i))
			}
			conv := float64(rng.IntN(4))
			require.NoError(t, pt.Add(path, conv, conv*float64(10+rng.IntN(50)), float64(rng.IntN(5)), days))
		}
		tc, tv, _ := pt.Totals()
		for m := FirstTouch; m <= TimeDecay; m++ {
			a, err := Heuristic(bg, pt, m, nil)
			require.NoError(t, err)
			assert.InDelta(t, tc, sum(a.Conversions), 1e-9, "trial %d %v", trial, m)
			assert.InDelta(t, tv, sum(a.Value), 1e-9)
			for _, v := range a.Conversions {
				assert.GreaterOrEqual(t, v, -1e-12)
			}
		}
		for order := 1; order <= 3; order++ {
			r, err := Markov(bg, pt, &MarkovSettings{Order: order})
			require.NoError(t, err)
			if r.Defined {
				assert.InDelta(t, tc, sum(r.Attribution.Conversions), 1e-9)
				assert.InDelta(t, tv, sum(r.ValueLastState), 1e-6)
				for _, re := range r.RemovalEffects {
					assert.True(t, re >= -1e-12 && re <= 1+1e-12, "removal effect %v", re)
				}
			}
		}
		s, err := Shapley(bg, pt, &ShapleySettings{Value: SubsetSum})
		require.NoError(t, err)
		lin := make([]float64, len(pt.Channels))
		for _, r := range pt.Rows {
			d := distinctCodes(r.Touches)
			for _, c := range d {
				lin[c] += r.Conversions / float64(len(d))
			}
		}
		assert.InDeltaSlice(t, lin, s.Phi, 1e-9)
		cr, err := Shapley(bg, pt, &ShapleySettings{Value: ConversionRate})
		require.NoError(t, err)
		if cr.Defined {
			assert.InDelta(t, tc, sum(cr.Attribution.Conversions), 1e-9)
		}
	}
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func TestShapleyTooManyChannels(t *testing.T) {
	pt := &journey.PathTable{}
	for i := range MaxShapleyChannels + 1 {
		require.NoError(t, pt.Add([]string{string(rune('A' + i))}, 1, 1, 1, nil))
	}
	_, err := Shapley(bg, pt, nil)
	assert.ErrorIs(t, err, ErrOutOfRange)
}
