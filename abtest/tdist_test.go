package abtest

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTSFLarge checks the large-df Student tail against mpmath (30 digits:
// ½·betainc(ν/2, ½, 0, ν/(ν + t²), regularized=True)).
func TestTSFLarge(t *testing.T) {
	for _, tc := range []struct{ t, df, want float64 }{
		// The Welch test of the peer benchmark (2 × 10⁷ values).
		{4.8236835280904105, 19999993.27411238, 0.00000140932003094577177055741301149 / 2},
		{0.5, 2e5, 0.3085378137768107},
		{12, 1e6, 1.785842562382545e-33},
	} {
		got := tSF(tc.t, tc.df)
		assert.InEpsilon(t, tc.want, got, 5e-11, "t=%v df=%v", tc.t, tc.df)
		assert.InEpsilon(t, 1-tc.want, tSF(-tc.t, tc.df), 1e-12)
	}
	// Continuity at the switch from dist.TSF.
	assert.InEpsilon(t, tSF(2.5, largeDF), tSF(2.5, largeDF*1.0000001), 1e-9)
	require.True(t, math.IsNaN(tSF(math.NaN(), 1e6)))
	assert.InDelta(t, 0.5, tSF(0, 1e7), 1e-15)
}

// TestTQuantileLarge checks the large-df quantile against mpmath (30
// digits, root of ½·betainc(ν/2, ½, 0, ν/(ν + t²)) = 0.025).
func TestTQuantileLarge(t *testing.T) {
	assert.InEpsilon(t, 1.9599758459667685132141643521, tQuantile(0.975, 2e5), 1e-14)
	assert.InEpsilon(t, 1.95996410315366269579199414797, tQuantile(0.975, 19999993.27411238), 1e-14)
	assert.InEpsilon(t, -1.95996410315366269579199414797, tQuantile(0.025, 19999993.27411238), 1e-14)
	assert.InEpsilon(t, 2.0166921992278243886352128364, tQuantile(0.975, 43), 1e-14)
}

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
