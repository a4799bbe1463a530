package nps

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
)

type countsIn struct {
	Promoters  *int      `json:"promoters"`
	Passives   int       `json:"passives"`
	Detractors int       `json:"detractors"`
	Ratings    []float64 `json:"ratings"`
}

func (c countsIn) counts() Counts {
	return Counts{Promoters: *c.Promoters, Passives: c.Passives, Detractors: c.Detractors}
}

// scoreCase runs one "nps" case: ratings through Score (and through a Tally
// and Weighted with nil weights, which must agree), counts through FromCounts.
func scoreCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in countsIn
	require.NoError(t, c.Decode(&in))
	var r Result
	var err error
	if in.Promoters != nil {
		r, err = FromCounts(in.counts())
	} else {
		r, err = Score(in.Ratings)
		if err == nil {
			likerttest.TallyAgrees(t, Tally{}, in.Ratings, r)
		}
	}
	if err != nil {
		return nil, err
	}
	got := map[string]any{
		"n": r.N, "promoters": r.Promoters, "passives": r.Passives, "detractors": r.Detractors,
		"pct_promoters": r.PctPromoters, "pct_passives": r.PctPassives, "pct_detractors": r.PctDetractors,
		"nps": r.Score, "variance": r.Variance, "se": r.StdErr,
		"nps_adjusted": r.AdjustedScore, "se_adjusted": r.AdjustedStdErr,
	}
	for _, lv := range []int{90, 95, 99} {
		for _, m := range []Method{Wald, AdjustedWald} {
			b, err := r.Interval(float64(lv)/100, m)
			require.NoError(t, err)
			name := map[Method]string{Wald: "wald", AdjustedWald: "adjusted_wald"}[m]
			got[fmt.Sprintf("%s_ci_%d_raw", name, lv)] = likerttest.Ends(b.Raw)
			got[fmt.Sprintf("%s_ci_%d", name, lv)] = likerttest.Ends(b.CI)
			got[fmt.Sprintf("moe_%s_%d", name, lv)] = b.Margin
		}
	}
	return got, nil
}

func compareCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct{ A, B countsIn }
	require.NoError(t, c.Decode(&in))
	got := map[string]any{}
	for _, m := range []Method{Wald, AdjustedWald} {
		// The file's diff is s1 − s2 (its a minus its b); Compare reports
		// b − a, so the file's a is passed second.
		cmp, err := Compare(in.B.counts(), in.A.counts(), &Settings{Method: m})
		if err != nil {
			return nil, err
		}
		assert.True(t, cmp.Defined)
		name := map[Method]string{Wald: "wald", AdjustedWald: "adjusted_wald"}[m]
		got[name+"_diff"] = cmp.Diff
		got[name+"_se_diff"] = cmp.StdErr
		got[name+"_z"] = cmp.Statistic
		got[name+"_p_two_sided"] = cmp.P
		got[name+"_diff_ci_95"] = likerttest.Ends(cmp.CI)
	}
	return got, nil
}

func weightedCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct{ Ratings, Weights []float64 }
	require.NoError(t, c.Decode(&in))
	w, err := Weighted(in.Ratings, in.Weights)
	if err != nil {
		return nil, err
	}
	b, err := w.Interval(0.95, KishSE)
	require.NoError(t, err)
	return map[string]any{
		"sum_weights": w.SumWeights, "n": w.N, "n_positive_weight": w.NPositive,
		"pct_promoters": w.PctPromoters, "pct_passives": w.PctPassives, "pct_detractors": w.PctDetractors,
		"nps": w.Score, "kish_n_eff": w.NEff, "design_effect": w.DesignEffect,
		"se_kish": w.StdErr, "wald_ci_95_kish": likerttest.Ends(b.Raw), "se_linearized": w.StdErrLinearized,
	}, nil
}

func bayesCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct {
		countsIn
		Prior struct{ Promoters, Passives, Detractors float64 }
	}
	require.NoError(t, c.Decode(&in))
	post, err := Bayes(in.counts(), Prior(in.Prior))
	if err != nil {
		return nil, err
	}
	ci, err := post.CredibleInterval(0.95)
	require.NoError(t, err)
	// The Monte Carlo route must agree within the file's looser tolerances.
	mc, err := post.Simulate(context.Background(), &MonteCarloSettings{Src: rand.NewPCG(1, 2), Draws: 200_000})
	require.NoError(t, err)
	assert.InDelta(t, c.Expected["prob_nps_positive"], mc.ProbPositive, c.Tol("monte_carlo_prob_nps_positive"))
	want := c.Expected["credible_interval_95"].([]any)
	assert.InDelta(t, want[0], mc.Credible.Lower, c.Tol("monte_carlo_credible_interval_95"))
	assert.InDelta(t, want[1], mc.Credible.Upper, c.Tol("monte_carlo_credible_interval_95"))
	return map[string]any{
		"posterior_alpha":      []float64{post.Promoters, post.Passives, post.Detractors},
		"posterior_mean_nps":   post.Mean(),
		"posterior_sd_nps":     post.SD(),
		"credible_interval_95": likerttest.Ends(ci),
		"prob_nps_positive":    post.ProbPositive(),
	}, nil
}

func sampleSizeCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct {
		MoePoints float64 `json:"moe_points"`
		Conf      float64
		P, D      float64
	}
	require.NoError(t, c.Decode(&in))
	s, err := SampleSize(in.MoePoints, &SampleSizeSettings{Level: in.Conf, Promoters: in.P, Detractors: in.D})
	if err != nil {
		return nil, err
	}
	return map[string]any{"variance": s.Variance, "n_raw": s.NRaw, "n_wald": s.Wald, "n_adjusted_wald": s.AdjustedWald}, nil
}

func rollingCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct {
		Periods [][]float64
		Window  int
	}
	require.NoError(t, c.Decode(&in))
	periods := make([]Counts, len(in.Periods))
	for i, p := range in.Periods {
		r, err := Score(p)
		require.NoError(t, err)
		periods[i] = r.Counts()
	}
	pts, err := Rolling(periods, in.Window)
	if err != nil {
		return nil, err
	}
	pooled := make([]any, len(pts))
	means := make([]any, len(pts))
	for i, p := range pts {
		pooled[i], means[i] = reftest.Absent{}, reftest.Absent{}
		if p.Full {
			require.NotNil(t, p.Pooled)
			pooled[i], means[i] = p.Pooled.Score, p.MeanOfPeriods
		}
	}
	return map[string]any{"rolling_pooled_nps": pooled, "mean_of_period_nps": means}, nil
}

// TestReference runs the nps cases of the shared file (csat* and ces*
// belong to those packages, key_drivers to journey).
func TestReference(t *testing.T) {
	likerttest.Reference(t, "nps", map[string]likerttest.Runner{
		"nps": scoreCase, "nps_compare": compareCase, "nps_weighted": weightedCase,
		"nps_bayes": bayesCase, "nps_sample_size": sampleSizeCase, "nps_rolling": rollingCase,
	}, 26)
}
