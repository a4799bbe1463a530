package dist

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestZCritical(t *testing.T) {
	// Exact quantiles from the survey formula sheet (SciPy norm.ppf).
	for _, tc := range []struct{ level, want float64 }{
		{0.90, 1.6448536269514722},
		{0.95, 1.959963984540054},
		{0.99, 2.5758293035489004},
	} {
		assert.InDelta(t, tc.want, ZCritical(tc.level), 1e-15, "level %v", tc.level)
	}
}

func TestCheckLevel(t *testing.T) {
	for _, bad := range []float64{0, 1, -0.5, 1.5, math.NaN(), math.Inf(1)} {
		err := CheckLevel(bad)
		assert.True(t, errors.Is(err, ErrLevel), "level %v", bad)
	}
	assert.NoError(t, CheckLevel(0.95))
}

func TestNormalTails(t *testing.T) {
	// scipy.stats.norm.sf(10) = 7.61985302416047e-24; 1 − CDF would give 0.
	assert.InEpsilon(t, 7.61985302416047e-24, NormalSF(10), 1e-12)
	assert.InEpsilon(t, 7.61985302416047e-24, NormalCDF(-10), 1e-12)
	assert.InDelta(t, 0.05, NormalP(1.959963984540054, TwoSided), 1e-15)
	assert.InDelta(t, 0.025, NormalP(1.959963984540054, Greater), 1e-15)
	assert.InDelta(t, 0.975, NormalP(1.959963984540054, Less), 1e-15)
}

func TestT(t *testing.T) {
	// t.sf(2.5, 7) and t.sf(40, 5) from scipy.stats. SciPy 1.10's t.ppf(0.975, 10)
	// is 2.2281388519649385, whose own t.sf is 0.02500000000090; the quantile
	// below has t.sf = 0.025 to 1e-17 in SciPy, so we test against it.
	assert.InDelta(t, 2.2281388519862744, TQuantile(0.975, 10), 1e-14)
	assert.InDelta(t, -2.2281388519862744, TQuantile(0.025, 10), 1e-14)
	assert.InDelta(t, 0.020496109292876437, TSF(2.5, 7), 1e-14)
	assert.InEpsilon(t, 9.205981085886476e-08, TSF(40, 5), 1e-9)
	assert.InDelta(t, 1-0.020496109292876437, TSF(-2.5, 7), 1e-14)
	assert.InDelta(t, 2*0.020496109292876437, TP(2.5, 7, TwoSided), 1e-14)
	assert.InDelta(t, NormalSF(1.5), TSF(1.5, math.Inf(1)), 1e-16)
	assert.True(t, math.IsNaN(TSF(math.NaN(), 3)))
}

func TestAlternative(t *testing.T) {
	assert.Equal(t, "two-sided", TwoSided.String())
	assert.Equal(t, "less", Less.String())
	assert.Equal(t, "greater", Greater.String())
	assert.Equal(t, "Alternative(7)", Alternative(7).String())
	assert.False(t, Alternative(7).Valid())
	assert.True(t, Greater.Valid())
}
