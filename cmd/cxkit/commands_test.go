package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
	"github.com/cxkit/cxkit/journey/funnel"
	"github.com/cxkit/cxkit/nps"
	"github.com/cxkit/cxkit/segment"
)

type journeyCase struct {
	Name   string `json:"name"`
	Inputs struct {
		Steps         []string `json:"steps"`
		WindowSeconds float64  `json:"window_seconds"`
		Order         any      `json:"order"`
		PathsCSV      string   `json:"paths_csv"`
		Model         string   `json:"model"`
		ValueFunction string   `json:"value_function"`
		Collapse      *bool    `json:"collapse_consecutive_repeats"`
		Depth         int      `json:"depth"`
		Top           int      `json:"top"`
		Exclusion     *struct {
			Event string `json:"event"`
			From  int    `json:"from_step"`
			To    int    `json:"to_step"`
		} `json:"exclusion"`
	} `json:"inputs"`
	Expected struct {
		StepCounts     []int              `json:"step_counts"`
		RemovalEffects map[string]float64 `json:"removal_effects"`
		Attributed     map[string]float64 `json:"attributed_conversions"`
		Value          map[string]float64 `json:"attributed_value"`
		TopPaths       []struct {
			Path      string `json:"path"`
			Customers int    `json:"customers"`
		} `json:"top_paths"`
	} `json:"expected"`
	Tolerance float64 `json:"tolerance"`
}

func loadJourneyCases(t *testing.T) []journeyCase {
	t.Helper()
	data, err := os.ReadFile("testdata/journey_reference.json")
	require.NoError(t, err)
	var ref struct {
		Cases []journeyCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(data, &ref))
	return ref.Cases
}

// jsonValue runs the CLI with --format json and decodes the table name
// (the library's own value: api.md §1) into v.
func jsonValue(t *testing.T, name string, v any, args ...string) {
	t.Helper()
	code, out, errs := cli(t, "", append(args, "--format", "json")...)
	require.Equal(t, 0, code, errs)
	var got map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	require.NoError(t, json.Unmarshal(got[name], v), string(got[name]))
}

// TestJourneyFunnelReference runs every public funnel case through the CLI
// and compares the step counts.
func TestJourneyFunnelReference(t *testing.T) {
	n := 0
	for _, c := range loadJourneyCases(t) {
		if c.Expected.StepCounts == nil {
			continue
		}
		order, _ := c.Inputs.Order.(string)
		t.Run(c.Name, func(t *testing.T) {
			args := []string{"journey", "funnel", "--steps", joinComma(c.Inputs.Steps),
				"--window", fmt.Sprintf("%gs", c.Inputs.WindowSeconds), "--order", order, "testdata/events_public.csv"}
			if x := c.Inputs.Exclusion; x != nil {
				args = append(args, "--exclude", x.Event+":"+c.Inputs.Steps[x.From]+":"+c.Inputs.Steps[x.To])
			}
			var got funnel.Result // --format json prints the library's result
			jsonValue(t, "funnel", &got, args...)
			require.Len(t, got.Steps, len(c.Expected.StepCounts))
			for i, want := range c.Expected.StepCounts {
				assert.Equal(t, want, got.Steps[i].Count, "step %d", i)
			}
		})
		n++
	}
	assert.Equal(t, 5, n, "the five public funnel cases")
}

// cliModels maps the reference's attribution model names to --model values.
var cliModels = map[string]string{
	"first_touch": "first", "last_touch": "last", "linear": "linear",
	"position_based": "position", "time_decay": "time-decay",
}

// TestJourneyAttributionReference runs every public attribution case that
// (heuristic rules, Markov removal effects of order 1–3, Shapley with both
// coalition values) through the CLI and compares the attributed
// conversions and value.
func TestJourneyAttributionReference(t *testing.T) {
	n := 0
	for _, c := range loadJourneyCases(t) {
		in := c.Inputs
		if in.PathsCSV == "" || c.Expected.Attributed == nil || in.Collapse != nil {
			continue
		}
		var args []string
		var col string
		switch {
		case in.Model != "":
			col = cliModels[in.Model]
			args = []string{"--model", col}
		case in.ValueFunction != "":
			col = "shapley"
			args = []string{"--model", col, "--shapley-value", strings.ReplaceAll(in.ValueFunction, "_", "-")}
		default:
			order, ok := in.Order.(float64)
			if !ok {
				continue
			}
			col = fmt.Sprintf("markov%d", int(order))
			args = []string{"--model", "markov", "--order", fmt.Sprint(order)}
		}
		t.Run(c.Name, func(t *testing.T) {
			tol := max(c.Tolerance, 1e-9)
			var got map[string]json.RawMessage // model → the library's result
			jsonValue(t, "attribution", &got, append(append([]string{"journey", "attribution"}, args...), "testdata/"+in.PathsCSV)...)
			var a attribution.Shares
			var re []float64
			switch {
			case col == "shapley":
				var r attribution.ShapleyResult
				require.NoError(t, json.Unmarshal(got[col], &r))
				a = r.Attribution
			case strings.HasPrefix(col, "markov"):
				var r attribution.MarkovResult
				require.NoError(t, json.Unmarshal(got[col], &r))
				a, re = r.Attribution, r.RemovalEffects
			default:
				require.NoError(t, json.Unmarshal(got[col], &a))
			}
			require.Len(t, a.Channels, len(c.Expected.Attributed))
			for i, ch := range a.Channels {
				if c.Expected.RemovalEffects != nil {
					assert.InDelta(t, c.Expected.RemovalEffects[ch], re[i], tol, ch)
				}
				assert.InDelta(t, c.Expected.Attributed[ch], a.Conversions[i], tol, ch)
				if c.Expected.Value != nil {
					assert.InDelta(t, c.Expected.Value[ch], a.Value[i], tol*max(1, c.Expected.Value[ch]), ch)
				}
			}
		})
		n++
	}
	assert.Equal(t, 16, n, "5 + 5 heuristic, 1 + 3 Markov and 2 Shapley cases")
}

// TestJourneyTopPathsReference checks the public top-paths case.
func TestJourneyTopPathsReference(t *testing.T) {
	for _, c := range loadJourneyCases(t) {
		if c.Expected.TopPaths == nil {
			continue
		}
		var got struct{ Paths []journey.PathCount }
		jsonValue(t, "paths", &got, "journey", "paths", "--depth", fmt.Sprint(c.Inputs.Depth), "--top", fmt.Sprint(c.Inputs.Top), "testdata/events_public.csv")
		require.Len(t, got.Paths, len(c.Expected.TopPaths))
		for i, want := range c.Expected.TopPaths {
			assert.Equal(t, want.Path, got.Paths[i].String())
			assert.Equal(t, want.Customers, got.Paths[i].Customers)
		}
		return
	}
	t.Fatal("no top-paths case in the reference")
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

func TestJourneyPathsAndHeuristics(t *testing.T) {
	var got struct {
		Paths     []journey.PathCount
		Switching journey.Switching
	}
	jsonValue(t, "paths", &got, "journey", "paths", "--depth", "3", "--top", "5", "testdata/events_public.csv")
	require.Len(t, got.Paths, 5)
	for i := 1; i < 5; i++ {
		assert.GreaterOrEqual(t, got.Paths[i-1].Customers, got.Paths[i].Customers)
	}
	assert.Positive(t, got.Switching.Customers)
	var att map[string]json.RawMessage
	jsonValue(t, "attribution", &att, "journey", "attribution", "--model", "all", "--goal", "purchase", "testdata/events_public.csv")
	sums := map[string]float64{}
	for model, raw := range att {
		var r struct {
			Conversions []float64
			Attribution attribution.Shares
		}
		require.NoError(t, json.Unmarshal(raw, &r))
		if r.Conversions == nil {
			r.Conversions = r.Attribution.Conversions
		}
		for _, c := range r.Conversions {
			sums[model+"_conversions"] += c
		}
	}
	require.Len(t, sums, 6)
	first := sums["first_conversions"]
	assert.Positive(t, first)
	for k, s := range sums {
		assert.InDelta(t, first, s, 1e-9, "every model splits the same conversions: %s", k)
	}
}

func TestABTest(t *testing.T) {
	got := jsonTables(t, "abtest", "testdata/ab.csv")
	arms := decodeAs[[]propArm](t, got["arms"])
	require.Len(t, arms, 3)
	assert.Equal(t, "control", arms[0].Variant)
	cmps := decodeAs[[]propComparison](t, got["comparisons"])
	require.Len(t, cmps, 2)
	for _, c := range cmps {
		assert.GreaterOrEqual(t, c.Comparison.Adjusted, c.Comparison.P)
		require.NotNil(t, c.Bayes)
		pb := c.Bayes.ProbBBeatsA
		assert.True(t, pb > 0 && pb < 1)
		assert.Equal(t, c.Comparison.Diff > 0, pb > 0.5, "the posterior leans the way of the difference")
		// The library's own comparison of these arms, b − a.
		want, err := abtest.CompareProportionsToControl(arms[0].Proportion, []abtest.Proportion{arms[1].Proportion, arms[2].Proportion},
			&abtest.MultiArmSettings{Correction: abtest.Holm, Alpha: 0.05, Level: 0.95})
		require.NoError(t, err)
		assert.Equal(t, want[c.Comparison.Arm], c.Comparison)
	}
	srm := decodeAs[srmData](t, got["srm"])
	require.Len(t, srm.Variants, 3)
	assert.Equal(t, 2, srm.Result.DF)

	means := jsonTables(t, "abtest", "--metric", "revenue", "testdata/ab.csv")
	ma := decodeAs[[]meanArm](t, means["arms"])
	require.Len(t, ma, 3)
	assert.Positive(t, ma[0].SD)
	assert.Positive(t, ma[0].Summary.N)

	code, out, errs := cli(t, "", "abtest", "--weights", "90,5,5", "testdata/ab.csv")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "MISMATCH")

	pw := decodeAs[powerData](t, jsonTables(t, "abtest", "power", "--baseline", "0.1", "--mde", "0.02")["power"])
	require.NotNil(t, pw.SampleSize)
	assert.InDelta(t, 3835, pw.SampleSize.NA, 0, "statsmodels NormalIndPower with Cohen's h gives 3834.5")
	assert.InDelta(t, 0.12, pw.Target, 1e-12)
}

func TestSegment(t *testing.T) {
	got := jsonTables(t, "segment", "--k", "3", "--seed", "7", "testdata/iris.csv")
	// --format json prints the library's []segment.Profile (its JSON schema).
	profiles := decodeAs[[]segment.Profile](t, got["profiles"])
	require.Len(t, profiles, 3)
	total := 0
	for _, p := range profiles {
		total += p.Size
	}
	assert.Equal(t, 150, total)
	assert.Len(t, profiles[0].Mean, 4)
	assert.Contains(t, string(got["profiles"]), `"smd"`)
	q := decodeAs[qualityData](t, got["quality"])
	require.NotNil(t, q.Silhouette)
	assert.Greater(t, q.Silhouette.Mean, 0.3)
	assert.Len(t, q.Result.Labels, 150)

	ck := decodeAs[chooseKData](t, jsonTables(t, "segment", "--choose-k", "2-5", "testdata/iris.csv")["choose_k"])
	require.Equal(t, []int{2, 3, 4, 5}, ck.K)
	assert.Len(t, ck.Silhouette, 4)

	labels := t.TempDir() + "/labels.csv"
	code, _, errs := cli(t, "", "segment", "--k", "2", "--labels", labels, "testdata/iris.csv")
	require.Equal(t, 0, code, errs)
	data, err := os.ReadFile(labels)
	require.NoError(t, err)
	assert.Equal(t, 151, len(splitLines(string(data))))

	rfm := jsonTables(t, "segment", "rfm", "testdata/sample_purchases.csv")
	n := 0
	for _, r := range decodeAs[[]segment.RFMSummary](t, rfm["rfm_segments"]) { // the library's summaries
		assert.Positive(t, r.N, r.Segment)
		n += r.N
	}
	assert.Positive(t, n)
	code, out, errs := cli(t, "", "segment", "rfm", "testdata/sample_purchases.csv")
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `Champions|Loyal Customers|Hibernating|At Risk`, out) // display names in the text table
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range s {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func TestCLV(t *testing.T) {
	sum := jsonTables(t, "clv", "summary", "testdata/sample_purchases.csv")
	require.NotEmpty(t, rowsOf(t, sum["summary"]))
	for _, model := range []string{"bgnbd", "mbgnbd", "pnbd", "gg"} {
		t.Run(model, func(t *testing.T) {
			preds := t.TempDir() + "/p.csv"
			got := jsonTables(t, "clv", "fit", "--model", model, "--unit", "day", "--horizon", "90", "--discount-period", "365", "--predictions", preds, "testdata/sample_purchases.csv")
			fit := decodeAs[clvFit](t, got["parameters"])
			require.NotEmpty(t, fit.Fit.Estimate)
			for _, p := range fit.Fit.Estimate {
				assert.Positive(t, p)
			}
			assert.Contains(t, []string{"converged", "boundary", "not converged", "failed"}, fit.Status)
			assert.Equal(t, fit.Fit.LogLik, fit.LogLik)
			assert.Equal(t, model, fit.Model)
			data, err := os.ReadFile(preds)
			require.NoError(t, err)
			assert.Contains(t, splitLines(string(data))[0], "expected_spend")
		})
	}
}

// TestCLVPublished fits BG/NBD and Pareto/NBD on the CDNOW summary through
// the CLI and checks the published estimates (Fader, Hardie & Lee 2005).
func TestCLVPublished(t *testing.T) {
	data, err := os.ReadFile("testdata/clv_reference.json")
	require.NoError(t, err)
	var ref struct {
		Published map[string]struct {
			Params    map[string]float64 `json:"params"`
			LogLik    float64            `json:"loglik"`
			Tolerance struct {
				Abs float64 `json:"params_abs"`
				Rel float64 `json:"params_rel"`
			} `json:"tolerance"`
		} `json:"published"`
	}
	require.NoError(t, json.Unmarshal(data, &ref))
	for _, model := range []string{"bgnbd", "pnbd"} {
		t.Run(model, func(t *testing.T) {
			want, ok := ref.Published[model+".cdnow"]
			require.True(t, ok)
			got := jsonTables(t, "clv", "fit", "--model", model, "--id", "ID", "--top", "0", "testdata/cdnow_customers_summary.csv")
			fit := decodeAs[clvFit](t, got["parameters"])
			require.Len(t, fit.Fit.Params, len(want.Params))
			assert.Equal(t, "converged", fit.Status)
			for i, name := range fit.Fit.Params {
				w, ok := want.Params[name]
				require.True(t, ok, name)
				tol := max(want.Tolerance.Abs, want.Tolerance.Rel*w)
				assert.InDelta(t, w, fit.Fit.Estimate[i], tol, name)
				assert.Positive(t, fit.Fit.StdErr[i], name)
				iv := fit.Intervals[i]
				assert.True(t, iv.Lower > 0 && iv.Lower < w && w < iv.Upper, "log-scale interval of %s: %v", name, iv)
			}
		})
	}
}

// TestSurveyPeriods scores the sample's relationship NPS per month and
// checks that each month is compared with the one before only, and that the
// monthly counts add up to the overall count.
func TestSurveyPeriods(t *testing.T) {
	got := jsonTables(t, "nps", "--where", "kind=nps", "--period", "month", "testdata/sample_surveys.csv")
	months := decodeAs[[]npsGroup](t, got["nps"])
	require.Greater(t, len(months), 3)
	overall := months[len(months)-1]
	assert.Equal(t, "(all)", overall.Group, "the table ends with the overall row")
	months = months[:len(months)-1]
	total := 0
	for i, m := range months {
		total += m.Result.N
		if i > 0 {
			assert.Less(t, months[i-1].Group, m.Group, "months in order")
		}
	}
	all := decodeAs[[]npsGroup](t, jsonTables(t, "nps", "--where", "kind=nps", "testdata/sample_surveys.csv")["nps"])
	assert.Equal(t, all[0].Result.N, total)
	assert.Equal(t, all[0].Result, overall.Result, "the overall row scores every response")
	pairs := decodeAs[[]pairRow[nps.Comparison]](t, got["nps_pairs"])
	require.Len(t, pairs, len(months)-1)
	for i, p := range pairs {
		// a is the earlier month, b the later: diff = b − a is the change.
		assert.Equal(t, months[i].Group, p.A)
		assert.Equal(t, months[i+1].Group, p.B)
		want, err := nps.Compare(months[i].Result.Counts(), months[i+1].Result.Counts(), nil)
		require.NoError(t, err)
		assert.InDelta(t, want.Diff, p.Comparison.Diff, 1e-9, "the change from a to b")
	}

	byTP := jsonTables(t, "csat", "--where", "kind=csat", "--by", "touchpoint", "--period", "quarter", "testdata/sample_surveys.csv")
	for _, p := range decodeAs[[]pairRow[csat.Comparison]](t, byTP["csat_pairs"]) {
		a, b := p.A, p.B
		assert.Equal(t, a[:strings.LastIndex(a, " ")], b[:strings.LastIndex(b, " ")], "periods are compared within a touchpoint")
	}
	code, _, errs := cli(t, "", "nps", "--period", "fortnight", "testdata/sample_surveys.csv")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `unknown --period "fortnight"`)
}
