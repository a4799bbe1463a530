package clv

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLevels feeds level 0 (the default 0.95), 1, −0.1 and NaN to every call
// that takes a confidence level.
func TestLevels(t *testing.T) {
	data, bg, bres, gg, gres := cdnowSpendFits(t)
	c := data[1]
	calls := map[string]func(level float64) (Prediction, error){
		"DeltaMethod": func(level float64) (Prediction, error) {
			return DeltaMethod(func(th []float64) float64 { return th[0] * th[1] }, level, bres)
		},
		"ProbAliveInterval": func(level float64) (Prediction, error) { return ProbAliveInterval(bg, bres, c, level) },
		"ConditionalPurchasesInterval": func(level float64) (Prediction, error) {
			return ConditionalPurchasesInterval(bg, bres, c, 39, level)
		},
		"SpendInterval": func(level float64) (Prediction, error) { return SpendInterval(gg, gres, c, level) },
		"ValueInterval": func(level float64) (Prediction, error) {
			return ValueInterval(bg, bres, gg, gres, func(m BGNBD, s GammaGamma) float64 {
				return m.ConditionalExpectedPurchases(c, 52) * s.ConditionalExpectedSpend(c)
			}, level)
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			p, err := call(0)
			require.NoError(t, err)
			assert.Equal(t, 0.95, p.CI.Level, "level 0 means 0.95")
			want, err := call(0.95)
			require.NoError(t, err)
			assert.Equal(t, want, p)
			p90, err := call(0.9)
			require.NoError(t, err)
			assert.Equal(t, 0.9, p90.CI.Level)
			assert.LessOrEqual(t, p90.CI.Upper-p90.CI.Lower, p.CI.Upper-p.CI.Lower)
			for _, bad := range []float64{1, -0.1, math.NaN(), 1.5} {
				_, err := call(bad)
				assert.ErrorIs(t, err, ErrLevel, "level %v", bad)
			}
		})
	}
}
