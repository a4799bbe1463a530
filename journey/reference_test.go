package journey

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refCase is one case of testdata/public_reference.json.
type refCase struct {
	Name      string                     `json:"name"`
	Inputs    map[string]json.RawMessage `json:"inputs"`
	Expected  map[string]json.RawMessage `json:"expected"`
	Tolerance float64                    `json:"tolerance"`
}

func loadRefCases(t *testing.T) []refCase {
	t.Helper()
	b, err := os.ReadFile("testdata/public_reference.json")
	require.NoError(t, err)
	var f struct {
		Cases []refCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	require.Len(t, f.Cases, 30)
	return f.Cases
}

func (c *refCase) in(t *testing.T, key string, v any) {
	t.Helper()
	raw, ok := c.Inputs[key]
	require.True(t, ok, "input %q", key)
	require.NoError(t, json.Unmarshal(raw, v))
}

func (c *refCase) want(t *testing.T, key string, v any) {
	t.Helper()
	raw, ok := c.Expected[key]
	require.True(t, ok, "expected %q", key)
	require.NoError(t, json.Unmarshal(raw, v))
}

// near asserts |got-want| ≤ tol·max(1, |want|) (1e-9 relative/absolute, as
// SOURCE.md states), with nil (JSON null) meaning NaN.
func near(t *testing.T, want *float64, got float64, tol float64, msg string) {
	t.Helper()
	if want == nil {
		assert.True(t, math.IsNaN(got), "%s: got %v, want null", msg, got)
		return
	}
	assert.InDelta(t, *want, got, tol*math.Max(1, math.Abs(*want)), msg)
}

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

func TestReferenceCases(t *testing.T) {
	cases := loadRefCases(t)
	for _, c := range cases {
		ok := t.Run(c.Name, func(t *testing.T) {
			switch {
			case strings.Contains(c.Name, "/funnel/"):
				checkFunnelCase(t, &c)
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
	t.Logf("reference cases passed: %d/%d", n, len(cases))
	assert.Equal(t, len(cases), n)
}

func checkFunnelCase(t *testing.T, c *refCase) {
	var steps []string
	var window float64
	var order string
	c.in(t, "steps", &steps)
	c.in(t, "window_seconds", &window)
	c.in(t, "order", &order)
	f := Funnel{Steps: steps, Window: time.Duration(window) * time.Second}
	switch order {
	case "ordered":
		f.Order = Ordered
	case "strict":
		f.Order = Strict
	case "unordered":
		f.Order = Unordered
	default:
		t.Fatalf("order %q", order)
	}
	if _, ok := c.Inputs["exclusion"]; ok {
		var ex struct {
			Event    string `json:"event"`
			FromStep int    `json:"from_step"`
			ToStep   int    `json:"to_step"`
		}
		c.in(t, "exclusion", &ex)
		f.Exclusions = []Exclusion{{Event: ex.Event, From: ex.FromStep, To: ex.ToStep}}
	}
	var file string
	c.in(t, "events_csv", &file)
	res, err := f.Run(bg, loadTestLog(t, file))
	require.NoError(t, err)
	var counts, drop []int
	var fromFirst, fromPrev, dropRate []float64
	var median, mean []*float64
	var toConvert *float64
	var excluded int
	c.want(t, "step_counts", &counts)
	c.want(t, "conversion_from_first", &fromFirst)
	c.want(t, "conversion_from_previous", &fromPrev)
	c.want(t, "drop_off", &drop)
	c.want(t, "drop_off_rate", &dropRate)
	c.want(t, "median_seconds_from_previous", &median)
	c.want(t, "mean_seconds_from_previous", &mean)
	c.want(t, "median_seconds_to_convert", &toConvert)
	c.want(t, "customers_excluded", &excluded)
	require.Len(t, res.Steps, len(steps))
	for k, s := range res.Steps {
		assert.Equal(t, counts[k], s.Count, "count %d", k)
		assert.Equal(t, drop[k], s.DropOff, "drop-off %d", k)
		near(t, &fromFirst[k], s.ConversionFromFirst, c.Tolerance, "from first")
		near(t, &fromPrev[k], s.ConversionFromPrevious, c.Tolerance, "from previous")
		near(t, &dropRate[k], s.DropOffRate, c.Tolerance, "drop-off rate")
		near(t, median[k], s.MedianSeconds, c.Tolerance, "median seconds")
		near(t, mean[k], s.MeanSeconds, c.Tolerance, "mean seconds")
		assert.Equal(t, median[k] != nil, s.TimeDefined)
	}
	near(t, toConvert, res.MedianSecondsToConvert, c.Tolerance, "median to convert")
	assert.Equal(t, excluded, res.CustomersExcluded)
}

func checkTopPathsCase(t *testing.T, c *refCase) {
	var depth, top int
	var file string
	c.in(t, "depth", &depth)
	c.in(t, "top", &top)
	c.in(t, "events_csv", &file)
	var want []struct {
		Path      string `json:"path"`
		Customers int    `json:"customers"`
	}
	c.want(t, "top_paths", &want)
	got := must(TopPaths(bg, loadTestLog(t, file), depth, top))
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Path, got[i].String())
		assert.Equal(t, want[i].Customers, got[i].Customers)
	}
}

func checkNextStepsCase(t *testing.T, c *refCase) {
	var file, end string
	c.in(t, "events_csv", &file)
	c.in(t, "end_token", &end)
	require.Equal(t, EndMarker, end)
	var want map[string]map[string]int
	c.want(t, "next_counts", &want)
	got := map[string]map[string]int{}
	for _, tr := range must(NextSteps(bg, loadTestLog(t, file))) {
		if got[tr.From] == nil {
			got[tr.From] = map[string]int{}
		}
		got[tr.From][tr.To] = tr.Count
	}
	assert.Equal(t, want, got)
}

func checkSwitchingCase(t *testing.T, c *refCase) {
	var file string
	c.in(t, "events_csv", &file)
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
	near(t, &want.SwitchRate, got.SwitchRate, c.Tolerance, "switch rate")
	near(t, &want.MeanSwitches, got.MeanSwitches, c.Tolerance, "mean switches")
	near(t, &want.ShareMultichannel, got.ShareMultichannel, c.Tolerance, "share multichannel")
	near(t, &want.MeanChannels, got.MeanChannels, c.Tolerance, "mean channels")
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
func checkPerChannel(t *testing.T, c *refCase, key string, channels []string, got []float64) {
	t.Helper()
	var want map[string]float64
	c.want(t, key, &want)
	require.Len(t, got, len(want), key)
	for i, ch := range channels {
		w, ok := want[ch]
		require.True(t, ok, "%s: channel %q", key, ch)
		near(t, &w, got[i], c.Tolerance, key+" "+ch)
	}
}

func checkPathCase(t *testing.T, c *refCase) {
	var file string
	c.in(t, "paths_csv", &file)
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
		near(t, &want.Value, value, c.Tolerance, "value")
		assert.Equal(t, want.Null, null)
		assert.Len(t, pt.Rows, want.NPaths)
		assert.Equal(t, want.Channels, pt.Channels)
	case strings.Contains(c.Name, "/heuristic/"):
		var model string
		var half float64
		var pw [3]float64
		c.in(t, "model", &model)
		c.in(t, "half_life_days", &half)
		c.in(t, "position_based_weights", &pw)
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
		c.in(t, "order", &order)
		c.in(t, "collapse_consecutive_repeats", &collapse)
		got, err := TransitionMatrix(bg, pt, &MarkovSettings{Order: order, KeepRepeats: !collapse})
		require.NoError(t, err)
		var want []struct {
			From  string  `json:"from"`
			To    string  `json:"to"`
			Count float64 `json:"count"`
			Prob  float64 `json:"prob"`
		}
		c.want(t, "transitions", &want)
		require.Len(t, got, len(want))
		byPair := map[[2]string]StateTransition{}
		for _, g := range got {
			byPair[[2]string{g.From, g.To}] = g
		}
		for _, w := range want {
			g, ok := byPair[[2]string{w.From, w.To}]
			require.True(t, ok, "%s -> %s", w.From, w.To)
			assert.Equal(t, w.Count, g.Count)
			near(t, &w.Prob, g.Prob, c.Tolerance, w.From+"->"+w.To)
		}
	case strings.Contains(c.Name, "/markov/"):
		var order int
		c.in(t, "order", &order)
		r, err := Markov(bg, pt, &MarkovSettings{Order: order})
		require.NoError(t, err)
		require.True(t, r.Defined)
		var nStates int
		var p float64
		c.want(t, "n_states", &nStates)
		c.want(t, "p_conversion", &p)
		assert.Equal(t, nStates, r.States)
		near(t, &p, r.PConversion, c.Tolerance, "p_conversion")
		checkPerChannel(t, c, "p_conversion_removed", pt.Channels, r.PRemoved)
		checkPerChannel(t, c, "removal_effects", pt.Channels, r.RemovalEffects)
		checkPerChannel(t, c, "attributed_conversions", pt.Channels, r.Attribution.Conversions)
		checkPerChannel(t, c, "attributed_value", pt.Channels, r.Attribution.Value)
		checkPerChannel(t, c, "attributed_value_last_state_weighted", pt.Channels, r.ValueLastState)
	case strings.Contains(c.Name, "/shapley/"):
		var vf string
		c.in(t, "value_function", &vf)
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
