package abtest

import (
	"context"
	"math"
	"testing"

	"github.com/cxkit/cxkit/internal/leveltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLevels runs the level test of api.md §3 (leveltest.Check) on every
// call that takes a confidence level, and feeds 0, 1, −0.1 and NaN to every
// alpha and power: 0 is the default (0.05, 0.8) and is reported as such,
// the rest are errors wrapping ErrLevel.
func TestLevels(t *testing.T) {
	ctx := context.Background()
	pa := Proportion{Successes: 100, Trials: 1000}
	pb := Proportion{Successes: 130, Trials: 1000}
	x := []float64{1, 2, 3, 4, 5.5}
	y := []float64{2.5, 3.5, 4.5, 6, 7}
	sx, sy := must[Summary](t)(Describe(x)), must[Summary](t)(Describe(y))
	rx, ry := must[RatioSummary](t)(DescribeRatio(x, y)), must[RatioSummary](t)(DescribeRatio(y, x))
	table := [2][2]int{{4, 46}, {12, 38}}

	// Each call takes the level under test and returns the level it used.
	levels := map[string]func(float64) (float64, error){
		"TwoProportionZ": func(l float64) (float64, error) {
			r, err := TwoProportionZ(pa, pb, &Settings{Level: l})
			assert.Equal(t, r.Level, r.Wald.Level)
			return r.Level, err
		},
		"RelativeLift": func(l float64) (float64, error) {
			r, err := RelativeLift(pa, pb, l)
			assert.Equal(t, r.Level, r.Delta.Level)
			return r.Level, err
		},
		"ProportionInterval": func(l float64) (float64, error) {
			r, err := ProportionInterval(pa, l, ClopperPearson)
			return r.Level, err
		},
		"WelchT": func(l float64) (float64, error) {
			r, err := WelchT(x, y, &Settings{Level: l})
			return r.CI.Level, err
		},
		"StudentT": func(l float64) (float64, error) { r, err := StudentT(x, y, &Settings{Level: l}); return r.Level, err },
		"WelchTSummary": func(l float64) (float64, error) {
			r, err := WelchTSummary(sx, sy, &Settings{Level: l})
			return r.Level, err
		},
		"StudentTSummary": func(l float64) (float64, error) {
			r, err := StudentTSummary(sx, sy, &Settings{Level: l})
			return r.Level, err
		},
		"FisherExact": func(l float64) (float64, error) {
			r, err := FisherExact(ctx, table, &FisherSettings{Level: l})
			return r.CI.Level, err
		},
		"CUPED": func(l float64) (float64, error) {
			r, err := CUPED(x, y, y, x, &Settings{Level: l})
			return r.Adjusted.Level, err
		},
		"RatioTest": func(l float64) (float64, error) {
			r, err := RatioTest(rx, ry, &Settings{Level: l})
			return r.LiftCI.Level, err
		},
		"BetaBinomial": func(l float64) (float64, error) {
			r, err := BetaBinomial(pa, pb, &BayesSettings{Level: l})
			return r.CredibleA.Level, err
		},
		"CompareProportionsToControl": func(l float64) (float64, error) {
			r, err := CompareProportionsToControl(pa, []Proportion{pb}, &MultiArmSettings{Level: l})
			if err != nil {
				return 0, err
			}
			return r[0].CI.Level, nil
		},
		"CompareMeansToControl": func(l float64) (float64, error) {
			r, err := CompareMeansToControl(sx, []Summary{sy}, &MultiArmSettings{Level: l})
			if err != nil {
				return 0, err
			}
			return r[0].Level, nil
		},
	}
	alphas := map[string]func(float64) (float64, error){
		"Reject": func(a float64) (float64, error) {
			rej, adj, err := Reject([]float64{0.04, 0.06}, a, NoCorrection)
			if err != nil {
				return 0, err
			}
			assert.Equal(t, []bool{true, false}, rej, "alpha 0 is 0.05")
			assert.Len(t, adj, 2)
			return 0.05, nil
		},
		"NewMSPRT": func(a float64) (float64, error) {
			m, err := NewMSPRT(1e-4, a)
			if err != nil {
				return 0, err
			}
			return m.Alpha, nil
		},
		"MultiArmSettings.Alpha": func(a float64) (float64, error) {
			_, err := CompareProportionsToControl(pa, []Proportion{pb}, &MultiArmSettings{Alpha: a})
			return 0.05, err
		},
		"PowerSettings.Alpha": func(a float64) (float64, error) {
			ss, err := SampleSizeProportions(0.1, 0.12, &PowerSettings{Alpha: a})
			if err == nil {
				def, _ := SampleSizeProportions(0.1, 0.12, &PowerSettings{Alpha: 0.05})
				assert.Equal(t, def, ss)
			}
			return 0.05, err
		},
	}
	powers := map[string]func(float64) (float64, error){
		"PowerSettings.Power": func(p float64) (float64, error) {
			ss, err := SampleSizeMeans(0.3, &PowerSettings{Power: p})
			if err == nil {
				def, _ := SampleSizeMeans(0.3, &PowerSettings{Power: 0.8})
				assert.Equal(t, def, ss)
			}
			return 0.8, err
		},
	}
	leveltest.Check(t, levels, ErrLevel, "abtest: ")
	for _, group := range []struct {
		calls map[string]func(float64) (float64, error)
		def   float64
	}{{alphas, 0.05}, {powers, 0.8}} {
		for name, call := range group.calls {
			t.Run(name, func(t *testing.T) {
				got, err := call(0)
				require.NoError(t, err, "0 means the default")
				assert.InDelta(t, group.def, got, 0, "the default is reported, never 0")
				for _, bad := range []float64{1, -0.1, math.NaN()} {
					_, err := call(bad)
					assert.ErrorIs(t, err, ErrLevel, "%v", bad)
				}
			})
		}
	}
}
