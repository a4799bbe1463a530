package clv

import (
	"testing"

	"github.com/cxkit/cxkit/internal/leveltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a confidence level, and checks that level 0 gives the
// result of 0.95 and that 0.9 gives a narrower interval.
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
	levels := map[string]func(float64) (float64, error){}
	for name, call := range calls {
		levels[name] = func(l float64) (float64, error) { p, err := call(l); return p.CI.Level, err }
		t.Run(name+"/default and width", func(t *testing.T) {
			p, err := call(0)
			require.NoError(t, err)
			want, err := call(0.95)
			require.NoError(t, err)
			assert.Equal(t, want, p, "level 0 means 0.95")
			p90, err := call(0.9)
			require.NoError(t, err)
			assert.LessOrEqual(t, p90.CI.Upper-p90.CI.Lower, p.CI.Upper-p.CI.Lower)
		})
	}
	leveltest.Check(t, levels, ErrLevel, "clv: ")
}
