package ces

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/reftest"
)

func iv(i Interval) [2]float64 { return [2]float64{i.Lower, i.Upper} }

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
	tl := Tally{Version: v}
	for _, x := range in.Ratings {
		require.NoError(t, tl.Add(int(x)))
	}
	tr, err := tl.Result()
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(r), fmt.Sprint(tr), "Tally agrees with Score")
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
	for _, lv := range []int{90, 95, 99} {
		level := float64(lv) / 100
		for name, m := range map[string]Method{"wilson": Wilson, "clopper_pearson": ClopperPearson, "agresti_coull": AgrestiCoull} {
			ci, err := r.Interval(level, m)
			require.NoError(t, err)
			got[fmt.Sprintf("%s_%s_ci_%d", easy, name, lv)] = iv(ci)
		}
		mi, ok, err := r.MeanInterval(level)
		require.NoError(t, err)
		got[fmt.Sprintf("mean_t_ci_%d", lv)] = reftest.Absent{}
		if ok {
			got[fmt.Sprintf("mean_t_ci_%d", lv)] = iv(mi)
		}
	}
	return got, nil
}

func TestReference(t *testing.T) {
	f, err := reftest.Load("testdata/public_reference.json")
	require.NoError(t, err)
	versions := map[string]Version{"ces2": V2, "ces1": V1}
	passed, total := 0, 0
	for _, c := range f.Cases {
		v, ok := versions[c.Metric]
		if !ok {
			continue // nps* and csat* belong to those packages, key_drivers to journey
		}
		total++
		t.Run(c.Metric+"/"+c.Name, func(t *testing.T) {
			got, err := cesCase(t, c, v)
			problems := reftest.Check(c, got, err, "ces: ")
			assert.Empty(t, problems)
			if len(problems) == 0 && !t.Failed() {
				passed++
			}
		})
	}
	t.Logf("ces reference cases passed: %d/%d", passed, total)
	assert.Equal(t, total, passed)
	assert.Equal(t, 5, total, "the public file has 5 ces cases")
}
