package journey

import (
	"github.com/cxkit/cxkit/journey/internal/cases"

	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadTestLog(t *testing.T, name string) *Log {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	l, err := ReadLog(f)
	require.NoError(t, err)
	return l
}

// passed counts the reference cases that ran without a failure.
var passed = map[string]bool{}

// TestReferenceCases checks the cases of the model's path utilities and of
// attribution; the funnel cases are checked by journey/funnel.
func TestReferenceCases(t *testing.T) {
	all := cases.Load(t, "testdata")
	var mine []cases.Case
	for _, c := range all {
		if !strings.Contains(c.Name, "/funnel/") {
			mine = append(mine, c)
		}
	}
	for _, c := range mine {
		ok := t.Run(c.Name, func(t *testing.T) {
			switch {
			case strings.HasSuffix(c.Name, "/paths/top5"):
				checkTopPathsCase(t, &c)
			case strings.HasSuffix(c.Name, "/paths/next_step_transitions"):
				checkNextStepsCase(t, &c)
			case strings.HasSuffix(c.Name, "/journey/channel_switching"):
				checkSwitchingCase(t, &c)
			default:
				checkPathCase(t, &c)
			}
		})
		passed[c.Name] = ok
	}
	n := 0
	for _, ok := range passed {
		if ok {
			n++
		}
	}
	t.Logf("reference cases passed: %d/%d", n, len(mine))
	assert.Equal(t, len(mine), n)
}

func checkTopPathsCase(t *testing.T, c *cases.Case) {
	var depth, top int
	var file string
	c.In(t, "depth", &depth)
	c.In(t, "top", &top)
	c.In(t, "events_csv", &file)
	var want []struct {
		Path      string `json:"path"`
		Customers int    `json:"customers"`
	}
	c.Want(t, "top_paths", &want)
	got := must(TopPaths(bg, loadTestLog(t, file), depth, top))
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Path, got[i].String())
		assert.Equal(t, want[i].Customers, got[i].Customers)
	}
}

func checkNextStepsCase(t *testing.T, c *cases.Case) {
	var file, end string
	c.In(t, "events_csv", &file)
	c.In(t, "end_token", &end)
	require.Equal(t, EndMarker, end)
	var want map[string]map[string]int
	c.Want(t, "next_counts", &want)
	got := map[string]map[string]int{}
	for _, tr := range must(NextSteps(bg, loadTestLog(t, file))) {
		if got[tr.From] == nil {
			got[tr.From] = map[string]int{}
		}
		got[tr.From][tr.To] = tr.Count
	}
	assert.Equal(t, want, got)
}

func checkSwitchingCase(t *testing.T, c *cases.Case) {
	var file string
	c.In(t, "events_csv", &file)
	var want struct {
		Customers         int     `json:"customers"`
		TotalSwitches     int     `json:"total_switches"`
		SwitchRate        float64 `json:"switch_rate_per_transition"`
		MeanSwitches      float64 `json:"mean_switches_per_customer"`
		ShareMultichannel float64 `json:"share_multichannel_customers"`
		MeanChannels      float64 `json:"mean_distinct_channels"`
	}
	raw, err := json.Marshal(c.Expected)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &want))
	got := must(ChannelSwitching(bg, loadTestLog(t, file)))
	assert.Equal(t, want.Customers, got.Customers)
	assert.Equal(t, want.TotalSwitches, got.Switches)
	cases.Near(t, &want.SwitchRate, got.SwitchRate, c.Tolerance, "switch rate")
	cases.Near(t, &want.MeanSwitches, got.MeanSwitches, c.Tolerance, "mean switches")
	cases.Near(t, &want.ShareMultichannel, got.ShareMultichannel, c.Tolerance, "share multichannel")
	cases.Near(t, &want.MeanChannels, got.MeanChannels, c.Tolerance, "mean channels")
}

func loadTestPaths(t *testing.T, name string) *PathTable {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	pt, err := ReadPaths(f, ">")
	require.NoError(t, err)
	return pt
}

// checkPerChannel compares a map of per-channel expectations with a slice
// indexed like the table's channels.
func checkPerChannel(t *testing.T, c *cases.Case, key string, channels []string, got []float64) {
	t.Helper()
	var want map[string]float64
	c.Want(t, key, &want)
	require.Len(t, got, len(want), key)
	for i, ch := range channels {
		w, ok := want[ch]
		require.True(t, ok, "%s: channel %q", key, ch)
		cases.Near(t, &w, got[i], c.Tolerance, key+" "+ch)
	}
}

func checkPathCase(t *testing.T, c *cases.Case) {
	var file string
	c.In(t, "paths_csv", &file)
	pt := loadTestPaths(t, file)
	switch {
	case strings.HasSuffix(c.Name, "/totals"):
		var want struct {
			Conv     float64  `json:"total_conversions"`
			Value    float64  `json:"total_conversion_value"`
			Null     float64  `json:"total_null"`
			NPaths   int      `json:"n_paths"`
			Channels []string `json:"channels"`
		}
		raw, err := json.Marshal(c.Expected)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(raw, &want))
		conv, value, null := pt.Totals()
		assert.Equal(t, want.Conv, conv)
		cases.Near(t, &want.Value, value, c.Tolerance, "value")
		assert.Equal(t, want.Null, null)
		assert.Len(t, pt.Rows, want.NPaths)
		assert.Equal(t, want.Channels, pt.Channels)
	case strings.Contains(c.Name, "/heuristic/"):
		var model string
		var half float64
		var pw [3]float64
		c.In(t, "model", &model)
		c.In(t, "half_life_days", &half)
		c.In(t, "position_based_weights", &pw)
		m := map[string]HeuristicModel{"first_touch": FirstTouch, "last_touch": LastTouch, "linear": Linear,
			"position_based": PositionBased, "time_decay": TimeDecay}[model]
		require.Equal(t, strings.ReplaceAll(model, "_", "-"), m.String())
		a, err := Heuristic(bg, pt, m, &HeuristicSettings{PositionWeights: pw, HalfLifeDays: half})
		require.NoError(t, err)
		checkPerChannel(t, c, "attributed_conversions", a.Channels, a.Conversions)
		checkPerChannel(t, c, "attributed_value", a.Channels, a.Value)
	case strings.Contains(c.Name, "/transition_matrix"):
		var order int
		var collapse bool
		c.In(t, "order", &order)
		c.In(t, "collapse_consecutive_repeats", &collapse)
		got, err := TransitionMatrix(bg, pt, &MarkovSettings{Order: order, KeepRepeats: !collapse})
		require.NoError(t, err)
		var want []struct {
			From  string  `json:"from"`
			To    string  `json:"to"`
			Count float64 `json:"count"`
			Prob  float64 `json:"prob"`
		}
		c.Want(t, "transitions", &want)
		require.Len(t, got, len(want))
		byPair := map[[2]string]StateTransition{}
		for _, g := range got {
			byPair[[2]string{g.From, g.To}] = g
		}
		for _, w := range want {
			g, ok := byPair[[2]string{w.From, w.To}]
			require.True(t, ok, "%s -> %s", w.From, w.To)
			assert.Equal(t, w.Count, g.Count)
			cases.Near(t, &w.Prob, g.Prob, c.Tolerance, w.From+"->"+w.To)
		}
	case strings.Contains(c.Name, "/markov/"):
		var order int
		c.In(t, "order", &order)
		r, err := Markov(bg, pt, &MarkovSettings{Order: order})
		require.NoError(t, err)
		require.True(t, r.Defined)
		var nStates int
		var p float64
		c.Want(t, "n_states", &nStates)
		c.Want(t, "p_conversion", &p)
		assert.Equal(t, nStates, r.States)
		cases.Near(t, &p, r.PConversion, c.Tolerance, "p_conversion")
		checkPerChannel(t, c, "p_conversion_removed", pt.Channels, r.PRemoved)
		checkPerChannel(t, c, "removal_effects", pt.Channels, r.RemovalEffects)
		checkPerChannel(t, c, "attributed_conversions", pt.Channels, r.Attribution.Conversions)
		checkPerChannel(t, c, "attributed_value", pt.Channels, r.Attribution.Value)
		checkPerChannel(t, c, "attributed_value_last_state_weighted", pt.Channels, r.ValueLastState)
	case strings.Contains(c.Name, "/shapley/"):
		var vf string
		c.In(t, "value_function", &vf)
		v := map[string]ShapleyValue{"subset_sum": SubsetSum, "conversion_rate": ConversionRate}[vf]
		r, err := Shapley(bg, pt, &ShapleySettings{Value: v})
		require.NoError(t, err)
		checkPerChannel(t, c, "phi", pt.Channels, r.Phi)
		checkPerChannel(t, c, "attributed_conversions", pt.Channels, r.Attribution.Conversions)
	default:
		t.Fatalf("no checker for case %q", c.Name)
	}
}

func TestKeyDriversReference(t *testing.T) {
	b, err := os.ReadFile("testdata/key_drivers_reference.json")
	require.NoError(t, err)
	var f struct {
		Cases []struct {
			Name   string `json:"name"`
			Inputs struct {
				Drivers []string    `json:"drivers"`
				X       [][]float64 `json:"X"`
				Overall []float64   `json:"overall"`
			} `json:"inputs"`
			Expected struct {
				PearsonR map[string]float64 `json:"pearson_r"`
				Beta     map[string]float64 `json:"standardized_beta"`
				R2       float64            `json:"r_squared"`
				Shapley  map[string]float64 `json:"shapley_r2"`
				Share    map[string]float64 `json:"shapley_share_pct"`
			} `json:"expected"`
			Tolerance float64 `json:"tolerance"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	require.Len(t, f.Cases, 1)
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			r, err := KeyDrivers(bg, c.Inputs.Drivers, c.Inputs.X, c.Inputs.Overall, nil)
			require.NoError(t, err)
			require.True(t, r.Exact)
			assert.InDelta(t, c.Expected.R2, r.RSquared, c.Tolerance)
			var sumRW float64
			for j, d := range r.Drivers {
				assert.InDelta(t, c.Expected.PearsonR[d], r.PearsonR[j], c.Tolerance, d)
				assert.InDelta(t, c.Expected.Beta[d], r.Beta[j], c.Tolerance, d)
				assert.InDelta(t, c.Expected.Shapley[d], r.Shapley[j], c.Tolerance, d)
				assert.InDelta(t, c.Expected.Share[d], r.SharePct[j], c.Tolerance, d)
				sumRW += r.RelativeWeights[j]
			}
			// Johnson's weights also decompose R² exactly.
			assert.InDelta(t, r.RSquared, sumRW, 1e-12)
		})
	}
}
