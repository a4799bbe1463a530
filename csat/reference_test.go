package csat

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/reftest"
)

func iv(i Interval) [2]float64 { return [2]float64{i.Lower, i.Upper} }

// scoreCase runs one "csat" case through Score, and checks that a Tally fed
// the same ratings gives the same Result.
func scoreCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct {
		Ratings   []float64
		ScaleMin  int `json:"scale_min"`
		ScaleMax  int `json:"scale_max"`
		TopBoxMin int `json:"top_box_min"`
	}
	require.NoError(t, c.Decode(&in))
	sc := Scale{Min: in.ScaleMin, Max: in.ScaleMax, TopBoxMin: in.TopBoxMin}
	r, err := Score(in.Ratings, sc)
	if err != nil {
		return nil, err
	}
	tl := Tally{Scale: sc}
	for _, x := range in.Ratings {
		require.NoError(t, tl.Add(int(x)))
	}
	tr, err := tl.Result()
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(r), fmt.Sprint(tr), "Tally agrees with Score") // Sprint: NaN ≠ NaN under ==
	got := map[string]any{
		"n": r.N, "satisfied_count": r.Satisfied, "satisfied_pct": r.CSAT, "csat": r.CSAT,
		"mean": r.Mean, "sd": r.SD, "se_mean": r.StdErr,
	}
	for _, lv := range []int{90, 95, 99} {
		level := float64(lv) / 100
		for name, m := range map[string]Method{"wilson": Wilson, "clopper_pearson": ClopperPearson, "agresti_coull": AgrestiCoull} {
			ci, err := r.Interval(level, m)
			require.NoError(t, err)
			got[fmt.Sprintf("satisfied_%s_ci_%d", name, lv)] = iv(ci)
		}
		mi, ok, err := r.MeanInterval(level)
		require.NoError(t, err)
		assert.Equal(t, r.MeanDefined, ok)
		got[fmt.Sprintf("mean_t_ci_%d", lv)] = reftest.Absent{}
		if ok {
			got[fmt.Sprintf("mean_t_ci_%d", lv)] = iv(mi)
		}
	}
	dist := map[string]float64{}
	for i := range sc.Points() {
		dist[strconv.Itoa(sc.Min+i)] = float64(r.Distribution[i])
	}
	got["distribution"] = dist
	return got, nil
}

func sampleSizeCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct {
		MoePct     float64 `json:"moe_pct"`
		Conf       float64
		P          float64
		Population int
	}
	require.NoError(t, c.Decode(&in))
	s, err := SampleSize(in.MoePct, &SampleSizeSettings{Level: in.Conf, Share: in.P, Population: in.Population})
	if err != nil {
		return nil, err
	}
	got := map[string]any{"n_raw": s.NRaw, "n": s.N}
	if in.Population > 0 {
		got["n_fpc_raw"], got["n_fpc"] = s.NFPCRaw, s.NFPC
	}
	return got, nil
}

func compareCase(t *testing.T, c reftest.Case) (map[string]any, error) {
	var in struct {
		SatA int `json:"satisfied_a"`
		NA   int `json:"n_a"`
		SatB int `json:"satisfied_b"`
		NB   int `json:"n_b"`
	}
	require.NoError(t, c.Decode(&in))
	// The reference reports A − B; CompareShares reports its second group
	// minus its first (api.md §2), so B goes first.
	s, err := CompareShares(in.SatB, in.NB, in.SatA, in.NA, nil)
	if err != nil {
		return nil, err
	}
	assert.True(t, s.Defined)
	return map[string]any{"diff_pct": s.Diff, "z_pooled": s.Statistic, "p_two_sided": s.P, "diff_wald_ci_95_unpooled": iv(s.CI)}, nil
}

func TestReference(t *testing.T) {
	f, err := reftest.Load("testdata/public_reference.json")
	require.NoError(t, err)
	run := map[string]func(*testing.T, reftest.Case) (map[string]any, error){
		"csat": scoreCase, "csat_sample_size": sampleSizeCase, "csat_compare": compareCase,
	}
	passed, total := 0, 0
	for _, c := range f.Cases {
		fn, ok := run[c.Metric]
		if !ok {
			continue // nps* and ces* belong to the nps and ces packages, key_drivers to journey
		}
		total++
		t.Run(c.Metric+"/"+c.Name, func(t *testing.T) {
			got, err := fn(t, c)
			problems := reftest.Check(c, got, err, "csat: ")
			assert.Empty(t, problems)
			if len(problems) == 0 && !t.Failed() {
				passed++
			}
		})
	}
	t.Logf("csat reference cases passed: %d/%d", passed, total)
	assert.Equal(t, total, passed)
	assert.Equal(t, 11, total, "the public file has 11 csat cases")
}
