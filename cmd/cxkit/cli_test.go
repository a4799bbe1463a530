package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/wire"
	"github.com/cxkit/cxkit/nps"
)

// cli runs the program and returns its exit status, stdout and stderr.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// jsonTables runs a command with --format json and returns each table's
// JSON: the library's values (decode them with decodeAs) or, for tables
// without a library value, row objects (decode them with rowsOf).
func jsonTables(t *testing.T, args ...string) map[string]json.RawMessage {
	t.Helper()
	code, out, errs := cli(t, "", append(args, "--format", "json")...)
	require.Equal(t, 0, code, errs)
	var got map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	return got
}

// decodeAs decodes a table's JSON with the library's rules (the keys of the
// CLI's wrapper structs are snake_case, like the library's).
func decodeAs[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	require.NoError(t, wire.Unmarshal(raw, &v), string(raw))
	return v
}

// rowsOf decodes a table printed as row objects keyed by column name.
func rowsOf(t *testing.T, raw json.RawMessage) []map[string]any {
	t.Helper()
	var rows []map[string]any
	require.NoError(t, json.Unmarshal(raw, &rows), string(raw))
	return rows
}

func TestRunUsageAndErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "usage: cxkit"},
		{"help", []string{"help"}, 0, "Commands:"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"help for a command", []string{"help", "nps"}, 0, "-by"},
		{"bad format", []string{"nps", "--format", "xml", "testdata/survey.csv"}, 2, `unknown --format "xml"`},
		{"bad level", []string{"nps", "--level", "1.5", "testdata/survey.csv"}, 2, "outside (0, 1)"},
		{"two files", []string{"nps", "a.csv", "b.csv"}, 2, "want one input file"},
		{"missing file", []string{"nps", "testdata/nope.csv"}, 1, "nope.csv"},
		{"missing column", []string{"nps", "--rating", "score", "testdata/survey.csv"}, 1, `testdata/survey.csv:1: no column "score"`},
		{"rating off the scale", []string{"nps", "testdata/bad_rating.csv"}, 1, "testdata/bad_rating.csv:4: column \"rating\": rating 11"},
		{"not a number", []string{"nps", "--by", "channel", "testdata/bad_number.csv"}, 1, `testdata/bad_number.csv:3: column "rating": "ten" is not a number`},
		{"ragged row", []string{"csat", "testdata/ragged.csv"}, 1, "testdata/ragged.csv:3: wrong number of fields"},
		{"csat off its scale", []string{"csat", "--where", "kind=nps", "testdata/survey.csv"}, 1, "testdata/survey.csv:2:"},
		{"ces version", []string{"ces", "--version", "3", "testdata/survey.csv"}, 2, "unknown --version 3"},
		{"funnel without steps", []string{"journey", "funnel", "testdata/events_public.csv"}, 2, "--steps is required"},
		{"unknown funnel step", []string{"journey", "funnel", "--steps", "visit,teleport", "testdata/events_public.csv"}, 1, "teleport"},
		{"segment without k", []string{"segment", "testdata/iris.csv"}, 2, "--k"},
		{"unknown model", []string{"clv", "fit", "--model", "xyz", "testdata/ab.csv"}, 2, `unknown --model "xyz"`},
		{"purchase log without amount", []string{"clv", "summary", "testdata/ab.csv"}, 1, `testdata/ab.csv:1: no column "customer_id"`},
		{"bad event timestamp", []string{"journey", "funnel", "--steps", "visit,purchase", "testdata/bad_events.csv"}, 1, "testdata/bad_events.csv:3:"},
		{"negative amount", []string{"segment", "rfm", "testdata/bad_purchases.csv"}, 1, `testdata/bad_purchases.csv:3: column "amount": negative amount -5`},
		{"report takes no file", []string{"report", "x.csv"}, 2, "not \"x.csv\""},
		{"bgbb needs whole numbers", []string{"clv", "fit", "--model", "bgbb", "--id", "ID", "testdata/cdnow_customers_summary.csv"}, 1, "testdata/cdnow_customers_summary.csv:2: "},
		{"abtest one variant", []string{"abtest", "--where", "variant=b", "testdata/ab.csv"}, 1, "at least two variants"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := cli(t, "", tc.args...)
			assert.Equal(t, tc.code, code, errs)
			if tc.code == 0 {
				assert.Contains(t, out, tc.stderr, "help goes to standard output")
				return
			}
			assert.Contains(t, errs, tc.stderr)
			assert.Empty(t, out, "nothing is written on failure")
		})
	}
}

func TestNPSMatchesLibrary(t *testing.T) {
	d, err := os.ReadFile("testdata/survey.csv")
	require.NoError(t, err)
	byChannel := map[string][]float64{}
	for i, line := range strings.Split(strings.TrimSpace(string(d)), "\n") {
		f := strings.Split(line, ",")
		if i == 0 || f[2] != "nps" {
			continue
		}
		var r float64
		require.NoError(t, json.Unmarshal([]byte(f[3]), &r))
		byChannel[f[1]] = append(byChannel[f[1]], r)
	}
	got := jsonTables(t, "nps", "--where", "kind=nps", "--by", "channel", "--level", "0.9", "testdata/survey.csv")
	// The CLI prints the library's values: each group's result and interval
	// are byte for byte what json.Marshal writes for them.
	var groups []struct {
		Group    string          `json:"group"`
		Result   json.RawMessage `json:"result"`
		Interval json.RawMessage `json:"interval"`
	}
	require.NoError(t, json.Unmarshal(got["nps"], &groups))
	require.Len(t, groups, 4, "three channels and the overall row")
	assert.Equal(t, "(all)", groups[3].Group)
	for _, ch := range []string{"app", "store", "web"} {
		byChannel["(all)"] = append(byChannel["(all)"], byChannel[ch]...)
	}
	for _, g := range groups {
		want, err := nps.Score(byChannel[g.Group])
		require.NoError(t, err)
		b, err := want.Interval(0.9, nps.AdjustedWald)
		require.NoError(t, err)
		wr, err := json.Marshal(want)
		require.NoError(t, err)
		wb, err := json.Marshal(b)
		require.NoError(t, err)
		assert.JSONEq(t, string(wr), string(g.Result), g.Group)
		assert.JSONEq(t, string(wb), string(g.Interval), g.Group)
	}
	pairs := decodeAs[[]pairRow[nps.Comparison]](t, got["nps_pairs"])
	require.Len(t, pairs, 3, "three pairs of three channels")
	for _, p := range pairs {
		assert.GreaterOrEqual(t, p.PAdjusted, p.Comparison.P, "Holm never lowers a p-value")
		want, err := nps.Compare(mustScore(t, byChannel[p.A]).Counts(), mustScore(t, byChannel[p.B]).Counts(), &nps.Settings{Level: 0.9})
		require.NoError(t, err)
		assert.Equal(t, want, p.Comparison, "b − a as the library computes it")
	}
}

func mustScore(t *testing.T, ratings []float64) nps.Result {
	t.Helper()
	r, err := nps.Score(ratings)
	require.NoError(t, err)
	return r
}

func TestStdinAndFormats(t *testing.T) {
	in, err := os.ReadFile("testdata/survey.csv")
	require.NoError(t, err)
	code, text, errs := cli(t, string(in), "csat", "--where", "kind=csat", "--by", "channel", "-")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, text, "CSAT (% satisfied")
	assert.Regexp(t, `(?m)^\s+web\s+2\s+2\s+100\s`, text)
	assert.Regexp(t, `(?m)^\s+\(all\)\s+5\s+3\s+60\s`, text, "--by tables end with the overall row")

	code, out, errs := cli(t, string(in), "ces", "--where", "kind=csat", "--format", "csv", "--no-pairs")
	require.Equal(t, 0, code, errs)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, []string{"group", "n", "pct_easy", "lower", "upper", "pct_hard", "net_ease", "mean", "mean_lower", "mean_upper"}, recs[0])
	assert.Equal(t, "5", recs[1][1])
}

func TestOutputFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	code, out, errs := cli(t, "", "nps", "--where", "kind=nps", "--format", "json", "-o", path, "testdata/survey.csv")
	require.Equal(t, 0, code, errs)
	assert.Empty(t, out)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, json.Valid(data))

	bad := filepath.Join(dir, "bad.json")
	code, _, _ = cli(t, "", "nps", "-o", bad, "testdata/bad_rating.csv")
	assert.Equal(t, 1, code)
	_, err = os.Stat(bad)
	assert.True(t, os.IsNotExist(err), "no output file after a failure")
	left, err := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary files left behind")
}

func TestRenderNaNAndNumbers(t *testing.T) {
	tb := &table{Name: "x", Columns: []string{"a", "b", "c"}}
	tb.add("row", nan(), 1e-9)
	for _, tc := range []struct{ format, want string }{
		{"table", "NA"},
		{"json", `"b": null`},
		{"csv", "row,NA,1e-09"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, render(&b, tc.format, []*table{tb}))
			assert.Contains(t, b.String(), tc.want)
		})
	}
	for v, want := range map[float64]string{0: "0", 0.12345: "0.1235", 12.345: "12.35", 123456: "123456", 2e-7: "2.00e-07"} {
		assert.Equal(t, want, fmtNum(v))
	}
}

func TestProgressOnlyOnTerminal(t *testing.T) {
	var b bytes.Buffer
	e := &env{stderr: &b}
	report, done := e.progress("k-means")
	assert.Nil(t, report, "no progress when stderr is not a terminal")
	done()
	e.tty = true
	report, done = e.progress("k-means")
	require.NotNil(t, report)
	report("iteration %d", 3)
	done()
	assert.Contains(t, b.String(), "k-means: iteration 3")
	assert.False(t, isTerminal(&b))
}
