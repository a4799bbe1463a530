package dist

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
		got := TSF(tc.t, tc.df)
		assert.InEpsilon(t, tc.want, got, 5e-11, "t=%v df=%v", tc.t, tc.df)
		assert.InEpsilon(t, 1-tc.want, TSF(-tc.t, tc.df), 1e-12)
	}
	// Continuity at the switch to tSFLarge.
	assert.InEpsilon(t, TSF(2.5, largeDF), TSF(2.5, largeDF*1.0000001), 1e-9)
	require.True(t, math.IsNaN(TSF(math.NaN(), 1e6)))
	assert.InDelta(t, 0.5, TSF(0, 1e7), 1e-15)
}

// TestTQuantileLarge checks the large-df quantile against mpmath (30
// digits, root of ½·betainc(ν/2, ½, 0, ν/(ν + t²)) = 0.025).
func TestTQuantileLarge(t *testing.T) {
	assert.InEpsilon(t, 1.9599758459667685132141643521, TQuantile(0.975, 2e5), 1e-14)
	assert.InEpsilon(t, 1.95996410315366269579199414797, TQuantile(0.975, 19999993.27411238), 1e-14)
	assert.InEpsilon(t, -1.95996410315366269579199414797, TQuantile(0.025, 19999993.27411238), 1e-14)
	assert.InEpsilon(t, 2.0166921992278243886352128364, TQuantile(0.975, 43), 1e-14)
}
