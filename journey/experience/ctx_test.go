package experience

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/simulate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The long calls stop soon after their context is cancelled (api.md §6).

var (
	cancelOnProgress = ctxtest.CancelOnProgress
	assertCancelled  = ctxtest.AssertCancelled
)

func TestCancelKeyDrivers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p := MaxExactDrivers
	names := make([]string, p)
	for j := range names {
		names[j] = "d" + strconv.Itoa(j)
	}
	var x [][]float64
	var y []float64
	for range 200 {
		row := make([]float64, p)
		s := 0.0
		for j := range row {
			row[j] = rng.NormFloat64()
			s += row[j]
		}
		x, y = append(x, row), append(y, s+rng.NormFloat64())
	}
	ctx, progress, since := cancelOnProgress(2)
	_, err := KeyDrivers(ctx, names, x, y, &KeyDriverSettings{Progress: progress})
	assertCancelled(t, err, since())
	var last [2]int
	_, err = KeyDrivers(bg, names[:3], colsOf(x, 3), y, &KeyDriverSettings{Progress: func(d, n int) { last = [2]int{d, n} }})
	require.NoError(t, err)
	assert.Equal(t, [2]int{7, 7}, last)
}

func colsOf(x [][]float64, p int) [][]float64 {
	out := make([][]float64, len(x))
	for i, r := range x {
		out[i] = r[:p]
	}
	return out
}

func TestCancelPainPoints(t *testing.T) {
	d, err := (&simulate.Simulator{Customers: 2000, Src: rand.NewPCG(1, 9)}).Run(bg)
	require.NoError(t, err)
	var js []journey.Journey
	for range 20 {
		js = append(js, d.Journeys...)
	}
	exp := ByTouchpoint(d.Map, d.Surveys)
	ctx, progress, since := cancelOnProgress(1)
	_, err = PainPoints(ctx, d.Map, js, exp, &PainPointSettings{Progress: progress})
	assertCancelled(t, err, since())
}
