package abtest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDirection: every two-group call on data where the treatment b
// clearly beats the control a reports a positive difference (or a lift
// above 0, an odds ratio above 1), a positive statistic, a small p-value
// for Greater and a large one for Less (api.md §2: b − a everywhere).
func TestDirection(t *testing.T) {
	ctx := context.Background()
	type outcome struct {
		effect, statistic float64 // effect > 0 (or > 1 for ratios) when b wins
		pGreater          float64 // P under the alternative the call was given
		ratio             bool
	}
	a := []float64{10, 11, 9, 10.5, 9.5, 10.2, 9.8, 10.1, 10.4, 9.6}
	b := []float64{12, 13, 11, 12.5, 11.5, 12.2, 11.8, 12.1, 12.4, 11.6}
	pa := Proportion{Successes: 100, Trials: 1000}
	pb := Proportion{Successes: 160, Trials: 1000}
	sa, sb := must[Summary](t)(Describe(a)), must[Summary](t)(Describe(b))
	ra := must[RatioSummary](t)(DescribeRatio(a, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}))
	rb := must[RatioSummary](t)(DescribeRatio(b, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}))
	pre := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	fromT := func(r TTestResult, err error) outcome {
		require.NoError(t, err)
		return outcome{effect: r.Diff, statistic: r.Statistic, pGreater: r.P}
	}
	calls := map[string]func(Alternative) outcome{
		"WelchT":          func(alt Alternative) outcome { return fromT(WelchT(a, b, &Settings{Alternative: alt})) },
		"StudentT":        func(alt Alternative) outcome { return fromT(StudentT(a, b, &Settings{Alternative: alt})) },
		"WelchTSummary":   func(alt Alternative) outcome { return fromT(WelchTSummary(sa, sb, &Settings{Alternative: alt})) },
		"StudentTSummary": func(alt Alternative) outcome { return fromT(StudentTSummary(sa, sb, &Settings{Alternative: alt})) },
		"MannWhitney": func(alt Alternative) outcome {
			r := must[MannWhitneyResult](t)(MannWhitney(a, b, &MannWhitneySettings{Alternative: alt}))
			return outcome{effect: r.Effect - 0.5, statistic: r.Statistic, pGreater: r.P}
		},
		"MannWhitneyAsymptotic": func(alt Alternative) outcome {
			r := must[MannWhitneyResult](t)(MannWhitney(a, b, &MannWhitneySettings{Alternative: alt, Method: RankAsymptotic}))
			return outcome{effect: r.Effect - 0.5, statistic: r.Statistic, pGreater: r.P}
		},
		"TwoProportionZ": func(alt Alternative) outcome {
			r := must[ProportionResult](t)(TwoProportionZ(pa, pb, &Settings{Alternative: alt}))
			return outcome{effect: r.Diff, statistic: r.Statistic, pGreater: r.P}
		},
		"FisherExact": func(alt Alternative) outcome {
			table := [2][2]int{{pa.Successes, pa.Trials - pa.Successes}, {pb.Successes, pb.Trials - pb.Successes}}
			r := must[FisherResult](t)(FisherExact(ctx, table, &FisherSettings{Alternative: alt}))
			assert.Greater(t, r.MLE, 1.0)
			if alt == Greater {
				assert.Greater(t, r.CI.Lower, 1.0)
			}
			return outcome{effect: r.OddsRatio, statistic: r.OddsRatio, pGreater: r.P, ratio: true}
		},
		"RatioTest": func(alt Alternative) outcome {
			r := must[RatioResult](t)(RatioTest(ra, rb, &Settings{Alternative: alt}))
			assert.Positive(t, r.Lift)
			return outcome{effect: r.Diff, statistic: r.Statistic, pGreater: r.P}
		},
		"CUPED": func(alt Alternative) outcome {
			r := must[CUPEDResult](t)(CUPED(pre, a, pre, b, &Settings{Alternative: alt}))
			assert.Positive(t, r.Diff)
			return outcome{effect: r.AdjustedDiff, statistic: r.Adjusted.Statistic, pGreater: r.Adjusted.P}
		},
		"CompareProportionsToControl": func(alt Alternative) outcome {
			r := must[[]ArmComparison](t)(CompareProportionsToControl(pa, []Proportion{pb}, &MultiArmSettings{Alternative: alt}))
			return outcome{effect: r[0].Diff, statistic: r[0].Statistic, pGreater: r[0].P}
		},
		"CompareMeansToControl": func(alt Alternative) outcome {
			r := must[[]ArmComparison](t)(CompareMeansToControl(sa, []Summary{sb}, &MultiArmSettings{Alternative: alt}))
			return outcome{effect: r[0].Diff, statistic: r[0].Statistic, pGreater: r[0].P}
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			g := call(Greater)
			l := call(Less)
			if g.ratio {
				assert.Greater(t, g.effect, 1.0, "odds ratio b over a")
				assert.Greater(t, g.statistic, 1.0)
			} else {
				assert.Positive(t, g.effect, "b − a")
				assert.Positive(t, g.statistic, "the statistic follows b − a")
			}
			assert.Less(t, g.pGreater, 0.5, "Greater means b > a")
			assert.Greater(t, l.pGreater, 0.5, "Less means b < a")
		})
	}

	// The other b-over-a quantities.
	lift := must[LiftResult](t)(RelativeLift(pa, pb, 0))
	assert.InDelta(t, 0.6, lift.Lift, 1e-12, "lift = b/a − 1")
	bayes := must[BayesResult](t)(BetaBinomial(pa, pb, nil))
	assert.Greater(t, bayes.ProbBBeatsA, 0.99)
	m := must[*MSPRT](t)(NewMSPRT(1e-3, 0))
	look := must[Look](t)(m.ObserveProportions(pa, pb))
	assert.InDelta(t, 0.06, look.Diff, 1e-12)
	mde := must[MDE](t)(MDEProportions(0.1, 5000, nil))
	assert.InDelta(t, mde.Rate/0.1-1, mde.Lift, 1e-12, "an MDE's Lift is relative")
	assert.InDelta(t, mde.Rate-0.1, mde.Diff, 1e-12)
	require.Positive(t, mde.Diff)
}
