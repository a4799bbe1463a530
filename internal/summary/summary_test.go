package summary

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSummary(t *testing.T) {
	xs := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	var s Summary
	for _, x := range xs {
		s.Add(x)
	}
	assert.Equal(t, 8, s.N)
	assert.InDelta(t, 5.0, s.Mean, 1e-15)
	assert.InDelta(t, 32.0/7, s.Variance(), 1e-14)
	o := Of(xs)
	assert.Equal(t, s.N, o.N)
	assert.InDelta(t, s.Mean, o.Mean, 1e-15)
	assert.InDelta(t, s.M2, o.M2, 1e-13)
	assert.True(t, math.IsNaN(Summary{N: 1}.Variance()))
	assert.Equal(t, Summary{}, Of(nil))
}

func TestMergeEqualsOnePass(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 1001)
	for i := range xs {
		xs[i] = 1e6 + r.NormFloat64()
	}
	for _, cut := range []int{0, 1, 500, 1000, 1001} {
		a, b := Of(xs[:cut]), Of(xs[cut:])
		a.Merge(b)
		all := Of(xs)
		assert.Equal(t, all.N, a.N)
		assert.InEpsilon(t, all.Mean, a.Mean, 1e-14, "cut %d", cut)
		assert.InEpsilon(t, all.M2, a.M2, 1e-9, "cut %d", cut)
	}
}
