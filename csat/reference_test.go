package csat

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
)

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
	likerttest.TallyAgrees(t, Tally{Scale: sc}, in.Ratings, r)
	got := map[string]any{
		"n": r.N, "satisfied_count": r.Satisfied, "satisfied_pct": r.CSAT, "csat": r.CSAT,
		"mean": r.Mean, "sd": r.SD, "se_mean": r.StdErr,
	}
	likerttest.Intervals(t, r, "satisfied", got)
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
	return map[string]any{"diff_pct": s.Diff, "z_pooled": s.Statistic, "p_two_sided": s.P, "diff_wald_ci_95_unpooled": likerttest.Ends(s.CI)}, nil
}

// TestReference runs the csat cases of the shared file (nps* and ces*
// belong to those packages, key_drivers to journey).
func TestReference(t *testing.T) {
	likerttest.Reference(t, "csat", map[string]likerttest.Runner{
		"csat": scoreCase, "csat_sample_size": sampleSizeCase, "csat_compare": compareCase,
	}, 11)
}
