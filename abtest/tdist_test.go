package abtest

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNoncentralT checks nctCDF against scipy.stats.nct (SciPy 1.10.1,
// whose cdflib routine is itself accurate to about 1e-10 here).
func TestNoncentralT(t *testing.T) {
	for _, tc := range []struct{ t, df, delta, cdf float64 }{
		{2.0, 10, 1.5, 0.6591540724421909},
		{1.0, 5, -1.0, 0.9691926467392498},
		{-1.5, 20, 0.5, 0.026837823388023933},
		{3.0, 43, 2.8, 0.568784948934268},
		{40, 30, 35.0, 0.8120106006133077},
		{-2, 8, 2, 0.0001719965275088775},
	} {
		got := nctCDF(tc.t, tc.df, tc.delta)
		assert.InDelta(t, tc.cdf, got, 1e-9, "cdf(%v; %v, %v)", tc.t, tc.df, tc.delta)
		assert.InDelta(t, 1-tc.cdf, nctSF(tc.t, tc.df, tc.delta), 1e-9)
	}
	// δ = 0 is the central t.
	assert.InDelta(t, 1-0.020496109292876437, nctCDF(2.5, 7, 0), 1e-14)
	// Far left tail of a large noncentrality: tiny, not negative.
	v := nctCDF(2.0, 118, 35)
	assert.True(t, v >= 0 && v < 1e-200, "%v", v)
	assert.True(t, math.IsNaN(nctCDF(1, 0, 1)))
}
