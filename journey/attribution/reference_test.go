package attribution

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/cases"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReferenceCases checks the attribution cases of
// journey/testdata/public_reference.json (all but the funnel and path
// utility cases) on the path tables of journey/testdata.
func TestReferenceCases(t *testing.T) {
	n, passed := 0, 0
	for _, c := range cases.Load(t, "../testdata") {
		if strings.Contains(c.Name, "/funnel/") || strings.HasSuffix(c.Name, "/paths/top5") ||
			strings.HasSuffix(c.Name, "/paths/next_step_transitions") || strings.HasSuffix(c.Name, "/journey/channel_switching") {
			continue
		}
		n++
		if t.Run(c.Name, func(t *testing.T) { checkPathCase(t, &c) }) {
			passed++
		}
	}
	t.Logf("reference cases passed: %d/%d", passed, n)
	assert.Equal(t, n, passed)
	assert.Equal(t, cases.Total-5-3, n, "attribution cases")
}

// readPaths reads a path table in CSV with ">" between channels, the
// format of the reference cases and of the peer workload.
func readPaths(r io.Reader) (*journey.PathTable, error) { return journey.ReadPaths(r, ">") }

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
	pt := cases.ReadFile(t, filepath.Join("../testdata", file), readPaths)
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
		m := map[string]Rule{"first_touch": FirstTouch, "last_touch": LastTouch, "linear": Linear,
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
