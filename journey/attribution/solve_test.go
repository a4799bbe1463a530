package attribution

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withDense runs f with every solve done by dense Gaussian elimination,
// the direct method the sweeps replace.
func withDense(f func()) {
	forceDense = true
	defer func() { forceDense = false }()
	f()
}

// near asserts got within 1e-12 relative (or 1e-15 absolute near 0) of
// want, element by element.
func near(t *testing.T, want, got []float64, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i := range want {
		if d := math.Abs(got[i] - want[i]); d > 1e-12*math.Abs(want[i]) && d > 1e-15 {
			t.Errorf("%s[%d] = %v, dense %v (relative error %.2g)", what, i, got[i], want[i], d/math.Abs(want[i]))
		}
	}
}

// TestMarkovSweepsMatchDense: the sweeps give the removal effects of the
// direct solve to 1e-12 relative at orders 1–3 on chains of 40 to 260
// states, on flows with long cycles (where a solve turns to elimination)
// and without.
func TestMarkovSweepsMatchDense(t *testing.T) {
	for _, c := range []struct {
		name   string
		pt     *journey.PathTable
		orders []int
	}{
		{"random 6 channels", bigTable(6, 2000), []int{2, 3}},
		{"random 70 channels", bigTable(70, 1500), []int{1}},
		{"cycles 80 channels", cyclicTable(80, 200), []int{1}},
		{"cycles 12 channels", cyclicTable(12, 300), []int{2}},
	} {
		name, pt := c.name, c.pt
		for _, order := range c.orders {
			for _, keep := range []bool{false, true} {
				if keep && order != 3 {
					continue // self-loops once: the solves are slow under -race
				}
				s := &MarkovSettings{Order: order, KeepRepeats: keep}
				got, err := Markov(bg, pt, s)
				require.NoError(t, err)
				var want MarkovResult
				withDense(func() { want, err = Markov(bg, pt, s) })
				require.NoError(t, err)
				what := name + " order " + strconv.Itoa(order)
				assert.Equal(t, want.States, got.States, what)
				assert.InEpsilon(t, want.PConversion, got.PConversion, 1e-12, what)
				near(t, want.PRemoved, got.PRemoved, what+" p_removed")
				near(t, want.RemovalEffects, got.RemovalEffects, what+" removal effects")
				near(t, want.Attribution.Conversions, got.Attribution.Conversions, what+" conversions")
				near(t, want.ValueLastState, got.ValueLastState, what+" value last state")
			}
		}
	}
}

// cyclicTable has long paths that cycle among few channels: the chain
// returns to its states with probability near 1.
func cyclicTable(channels, paths int) *journey.PathTable {
	rng := rand.New(rand.NewPCG(5, 5))
	pt := &journey.PathTable{}
	for range paths {
		p := make([]string, 20+rng.IntN(200))
		a, b := rng.IntN(channels), rng.IntN(channels)
		for j := range p {
			c := a
			if j%2 == 1 {
				c = b
			}
			if rng.IntN(10) == 0 {
				c = rng.IntN(channels)
			}
			p[j] = "c" + strconv.Itoa(c)
		}
		conv := float64(rng.IntN(2))
		_ = pt.Add(p, conv, 3*conv, 1-conv, nil)
	}
	return pt
}

// TestMarkovDeterministic: the result is the same bit for bit for one
// worker and for several, and whatever the order in which the counts were
// merged (whole counts).
func TestMarkovDeterministic(t *testing.T) {
	// 40,000 rows are counted in parts; fractional counts make the sums
	// depend on how they are grouped, which must not depend on the workers.
	pt := bigTable(12, countMinRows+7000)
	for i := range pt.Rows {
		pt.Rows[i].Nulls += 0.1 * float64(i%7)
		pt.Rows[i].Value *= 1.01
	}
	s := &MarkovSettings{Order: 2}
	many, err := Markov(bg, pt, s)
	require.NoError(t, err)
	prev := runtime.GOMAXPROCS(1)
	one, err := Markov(bg, pt, s)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err)
	assert.True(t, wiretest.Equal(many, one), "1 worker and %d", prev)

	ps := randomPaths(4, 2000, 8)
	a := countPaths(t, 3, false, ps[:900])
	b := countPaths(t, 3, false, ps[900:])
	ab, ba := clone(a), clone(b)
	require.NoError(t, ab.Merge(b))
	require.NoError(t, ba.Merge(a))
	require.NotEqual(t, ab.Channels, ba.Channels, "the merges number channels differently")
	r1, err := ab.Markov(bg, nil)
	require.NoError(t, err)
	r2, err := ba.Markov(bg, nil)
	require.NoError(t, err)
	for i, ch := range r1.Attribution.Channels {
		j := slices.Index(r2.Attribution.Channels, ch)
		assert.Equal(t, r1.RemovalEffects[i], r2.RemovalEffects[j], ch)
		assert.Equal(t, r1.Attribution.Conversions[i], r2.Attribution.Conversions[j], ch)
		assert.Equal(t, r1.ValueLastState[i], r2.ValueLastState[j], ch)
	}
	assert.Equal(t, r1.PConversion, r2.PConversion)
}

// TestMarkovOverRelaxed: without the fallback to elimination, long
// cycling journeys make the sweeps over-relax (ω about 1.5 here), and with
// ω made too large (about 2.5: the residual diverges) back off; the answer
// is still the direct solve's to 1e-12.
func TestMarkovOverRelaxed(t *testing.T) {
	defer func(d int, w float64) { maxDense, omegaDamp = d, w }(maxDense, omegaDamp)
	maxDense = 0
	for _, c := range []struct {
		pt    *journey.PathTable
		order int
		damp  float64
	}{{cyclicTable(12, 100), 2, 0.7}, {cyclicTable(30, 60), 1, 0.7}, {cyclicTable(12, 100), 2, 2}} {
		omegaDamp = c.damp
		got, err := Markov(bg, c.pt, &MarkovSettings{Order: c.order})
		require.NoError(t, err)
		var want MarkovResult
		withDense(func() { want, err = Markov(bg, c.pt, &MarkovSettings{Order: c.order}) })
		require.NoError(t, err)
		what := "order " + strconv.Itoa(c.order)
		assert.InEpsilon(t, want.PConversion, got.PConversion, 1e-12, what)
		near(t, want.PRemoved, got.PRemoved, what+" p_removed")
		near(t, want.RemovalEffects, got.RemovalEffects, what+" removal effects")
		near(t, want.ValueLastState, got.ValueLastState, what+" value last state")
	}
}
