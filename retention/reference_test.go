package retention

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rnum is a number of the R reference file: null is NA.
type rnum struct{ v float64 }

func (n *rnum) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "null":
		n.v = math.NaN()
		return nil
	case `"Infinity"`:
		n.v = math.Inf(1)
		return nil
	}
	return json.Unmarshal(b, &n.v)
}

func floats(xs []rnum) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x.v
	}
	return out
}

func ints(xs []rnum) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x.v)
	}
	return out
}

type survivalReference struct {
	RVersion        string `json:"r_version"`
	SurvivalVersion string `json:"survival_version"`
	KaplanMeier     []struct {
		Name     string
		ConfType string `json:"conf_type"`
		Level    float64
		Time     []rnum
		Event    []rnum
		Entry    []rnum
		Steps    struct {
			Time, NRisk, NEvent, NCensor, Surv, StdErr, Lower, Upper, Cumhaz, StdChaz []rnum
		}
		Median      rnum
		MedianLower rnum `json:"median_lower"`
		MedianUpper rnum `json:"median_upper"`
		RMST        []struct{ Horizon, Mean, StdErr rnum }
	} `json:"kaplan_meier"`
	LogRank []struct {
		Name                         string
		Time, Event, Group, Strata   []rnum
		Groups, N                    []rnum
		Chisq, DF, P                 rnum
		Observed, Expected, Variance []rnum
	} `json:"log_rank"`
}

func loadSurvivalReference(t *testing.T) survivalReference {
	b, err := os.ReadFile("testdata/survival_reference.json")
	require.NoError(t, err)
	// The file's keys are R's (n_risk); map them to the struct fields.
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &raw))
	var ref survivalReference
	require.NoError(t, json.Unmarshal(b, &ref))
	var km []struct {
		Steps map[string][]rnum
	}
	require.NoError(t, json.Unmarshal(raw["kaplan_meier"], &km))
	for i := range km {
		s := &ref.KaplanMeier[i].Steps
		s.NRisk, s.NEvent, s.NCensor = km[i].Steps["n_risk"], km[i].Steps["n_event"], km[i].Steps["n_censor"]
		s.StdErr, s.StdChaz = km[i].Steps["std_err"], km[i].Steps["std_chaz"]
	}
	var rm []struct {
		RMST []map[string]rnum
	}
	require.NoError(t, json.Unmarshal(raw["kaplan_meier"], &rm))
	for i := range rm {
		for j, m := range rm[i].RMST {
			ref.KaplanMeier[i].RMST[j].StdErr = m["std_err"]
		}
	}
	return ref
}

// near asserts |got − want| ≤ tol·max(1, |want|), NaN equal to NaN.
func near(t *testing.T, want, got, tol float64, msg string, args ...any) {
	t.Helper()
	if math.IsNaN(want) || math.IsNaN(got) {
		assert.True(t, math.IsNaN(want) && math.IsNaN(got), append([]any{msg + ": want %v, got %v"}, append(args, want, got)...)...)
		return
	}
	assert.InDelta(t, want, got, tol*math.Max(1, math.Abs(want)), append([]any{msg}, args...)...)
}

// TestKaplanMeierR matches R's survfit (survival 3.5-3, R 4.2.2) on aml,
// lung, ovarian and heart (late entry) to 1e-10: the curve, Greenwood's
// standard error, the band on each transform, the Nelson–Aalen hazard and
// its standard error, the median with its Brookmeyer–Crowley limits and the
// restricted mean with its standard error.
func TestKaplanMeierR(t *testing.T) {
	const tol = 1e-10
	ref := loadSurvivalReference(t)
	transforms := map[string]Transform{"log-log": LogLog, "log": Log, "plain": Plain}
	for _, c := range ref.KaplanMeier {
		t.Run(c.Name, func(t *testing.T) {
			var entries []float64
			if c.Entry != nil {
				entries = floats(c.Entry)
			}
			rs, err := NewRiskSet(context.Background(), floats(c.Time), ints(c.Event), entries)
			require.NoError(t, err)
			curve, err := rs.KaplanMeier(&Settings{Level: c.Level, Transform: transforms[c.ConfType]})
			require.NoError(t, err)
			st := c.Steps
			require.Len(t, curve.Steps, len(st.Time))
			for i, s := range curve.Steps {
				near(t, st.Time[i].v, s.Time, tol, "time[%d]", i)
				assert.Equal(t, int64(st.NRisk[i].v), s.AtRisk, "n.risk[%d]", i)
				assert.Equal(t, int64(st.NEvent[i].v), s.Events, "n.event[%d]", i)
				assert.Equal(t, int64(st.NCensor[i].v), s.Censored, "n.censor[%d]", i)
				near(t, st.Surv[i].v, s.Survival, tol, "surv[%d]", i)
				if s.Survival > 0 {
					near(t, st.StdErr[i].v, s.StdErr, tol, "std.err[%d]", i)
				}
				lo, hi := st.Lower[i].v, st.Upper[i].v
				if s.Survival == 1 && math.IsNaN(lo) { // R's NA before the first event (log-log)
					lo, hi = 1, 1
				}
				near(t, lo, s.CI.Lower, tol, "lower[%d]", i)
				near(t, hi, s.CI.Upper, tol, "upper[%d]", i)
				near(t, st.Cumhaz[i].v, s.CumHazard, tol, "cumhaz[%d]", i)
				near(t, st.StdChaz[i].v, s.CumHazardStdErr, tol, "std.chaz[%d]", i)
			}
			m := curve.Median()
			near(t, c.Median.v, m.Time, tol, "median")
			near(t, c.MedianLower.v, m.CI.Lower, tol, "median LCL")
			near(t, c.MedianUpper.v, m.CI.Upper, tol, "median UCL")
			for _, want := range c.RMST {
				got, err := curve.RMST(want.Horizon.v)
				require.NoError(t, err)
				near(t, want.Mean.v, got.Mean, tol, "rmean(%v)", want.Horizon.v)
				near(t, want.StdErr.v, got.StdErr, tol, "se(rmean(%v))", want.Horizon.v)
			}
		})
	}
}

// TestLogRankR matches R's survdiff (rho = 0) on aml, lung (two and four
// groups, stratified) and ovarian (stratified) to 1e-10; every case also
// runs through LogRankRiskSets on per-group risk sets.
func TestLogRankR(t *testing.T) {
	const tol = 1e-10
	ref := loadSurvivalReference(t)
	for _, c := range ref.LogRank {
		t.Run(c.Name, func(t *testing.T) {
			var strata []int
			if c.Strata != nil {
				strata = ints(c.Strata)
			}
			got, err := LogRank(context.Background(), floats(c.Time), ints(c.Event), ints(c.Group), strata, nil)
			require.NoError(t, err)
			require.True(t, got.Defined)
			near(t, c.Chisq.v, got.Statistic, tol, "chisq")
			near(t, c.P.v, got.P, tol, "p")
			assert.Equal(t, int(c.DF.v), got.DF)
			require.Len(t, got.Groups, len(c.Groups))
			for i, g := range got.Groups {
				assert.Equal(t, int(c.Groups[i].v), g.Group)
				assert.Equal(t, int64(c.N[i].v), g.N)
				near(t, c.Observed[i].v, g.Observed, tol, "observed[%d]", i)
				near(t, c.Expected[i].v, g.Expected, tol, "expected[%d]", i)
			}
			for i, v := range got.Variance {
				near(t, c.Variance[i].v, v, tol, "var[%d]", i)
			}

			// The same test from per-(stratum, group) risk sets.
			sIDs := []int{0}
			if strata != nil {
				sIDs = sortedDistinct(strata)
			}
			gIDs := sortedDistinct(ints(c.Group))
			sets := make([][]RiskSet, len(sIDs))
			for i := range sets {
				sets[i] = make([]RiskSet, len(gIDs))
			}
			ev := ints(c.Event)
			for i, x := range floats(c.Time) {
				si := 0
				if strata != nil {
					si = slices.Index(sIDs, strata[i])
				}
				gi := slices.Index(gIDs, int(c.Group[i].v))
				require.NoError(t, sets[si][gi].Add(Tenure{Time: x, Event: ev[i] == 1}))
			}
			fromSets, err := LogRankRiskSets(context.Background(), sets, nil)
			require.NoError(t, err)
			near(t, c.Chisq.v, fromSets.Statistic, tol, "chisq from risk sets")
		})
	}
}

// sortedDistinct returns the sorted distinct values of xs.
func sortedDistinct(xs []int) []int {
	return slices.Compact(slices.Sorted(slices.Values(xs)))
}
