package ces

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
)

// cesCase runs a "ces2" or "ces1" case through Score (and a Tally, which must
// agree) and names the outputs as the reference file does: the easy share is
// "agree" for CES 2.0 and "low_effort" for CES 1.0.
func cesCase(t *testing.T, c reftest.Case, v Version) (map[string]any, error) {
	var in struct{ Ratings []float64 }
	require.NoError(t, c.Decode(&in))
	r, err := Score(in.Ratings, v)
	if err != nil {
		return nil, err
	}
	likerttest.TallyAgrees(t, Tally{Version: v}, in.Ratings, r)
	easy := map[Version]string{V2: "agree", V1: "low_effort"}[v]
	got := map[string]any{
		"n": r.N, easy + "_count": r.Easy, easy + "_pct": r.PctEasy,
		"mean": r.Mean, "sd": r.SD, "se_mean": r.StdErr,
	}
	if v == V2 {
		got["ces_pct_agree"], got["pct_neutral"], got["pct_disagree"], got["net_ease"] = r.PctEasy, r.PctNeutral, r.PctHard, r.NetEase
	} else {
		got["pct_high_effort"] = r.PctHard
	}
	likerttest.Intervals(t, r, easy, got)
	return got, nil
}

// TestReference runs the ces cases of the shared file (nps* and csat*
// belong to those packages, key_drivers to journey).
func TestReference(t *testing.T) {
	likerttest.Reference(t, "ces", map[string]likerttest.Runner{
		"ces2": func(t *testing.T, c reftest.Case) (map[string]any, error) { return cesCase(t, c, V2) },
		"ces1": func(t *testing.T, c reftest.Case) (map[string]any, error) { return cesCase(t, c, V1) },
	}, 5)
}
