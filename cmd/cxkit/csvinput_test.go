package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/journey/funnel"
)

// writeCSV writes a test's CSV file and returns its path.
func writeCSV(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

const bom = "\ufeff"

// Issue 15 point 1: a blank or NA in the first data row of a feature column
// is an error with file, line, column and value; the column is never dropped.
func TestSegmentBlankInFirstRowIsAnError(t *testing.T) {
	for _, blank := range []string{"", "NA"} {
		path := writeCSV(t, "seg.csv", "id,spend,visits\n1,"+blank+",3\n2,20,4\n3,30,5\n4,35,9\n")
		code, out, errs := cli(t, "", "segment", "--k", "2", "--id", "id", path)
		assert.Equal(t, 1, code, errs)
		assert.Empty(t, out)
		assert.Contains(t, errs, path+`:2: column "spend": value "`+blank+`": a number is missing`)
	}
	// A column that is text in every row is left out, and the inference is
	// printed; a numeric column with one stray text value is an error.
	path := writeCSV(t, "seg.csv", "id,spend,visits,tier\n1,10,3,gold\n2,20,4,silver\n3,30,5,gold\n4,35,9,bronze\n")
	code, _, errs := cli(t, "", "segment", "--k", "2", "--id", "id", path)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "features (numeric in every row): spend, visits; left out (text): tier")
	path = writeCSV(t, "seg.csv", "id,spend,visits\n1,10,3\n2,20,4\n3,thirty,5\n4,35,9\n")
	code, _, errs = cli(t, "", "segment", "--k", "2", "--id", "id", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, path+`:4: column "spend": value "thirty" is not a number`)
}

// Issue 15 point 1: one stray value never switches the A/B analysis from
// proportions to means; the inference is printed; --type declares it.
func TestABTestStrayValue(t *testing.T) {
	var b strings.Builder
	b.WriteString("variant,converted\n")
	for i := range 40 {
		v := "control"
		if i%2 == 1 {
			v = "treatment"
		}
		c := "0"
		if i%5 == 0 {
			c = "1"
		}
		b.WriteString(v + "," + c + "\n")
	}
	clean := writeCSV(t, "ab.csv", b.String())
	code, _, errs := cli(t, "", "abtest", clean)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, `column "converted" is 0/1 in every row: testing proportions`)

	stray := writeCSV(t, "ab.csv", b.String()+"treatment,2\n")
	code, out, errs := cli(t, "", "abtest", stray)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, stray+`:42: column "converted": value "2" does not fit a 0/1 column`)
	assert.Contains(t, errs, "--type mean")

	code, _, errs = cli(t, "", "abtest", "--type", "proportion", stray)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, stray+`:42: column "converted": value "2" is not 0 or 1`)

	got := jsonTables(t, "abtest", "--type", "mean", stray)
	assert.Len(t, decodeAs[[]meanArm](t, got["arms"]), 2, "declared: a test of means")

	// Revenue (mostly 0, other amounts) is inferred as a mean, and said so.
	rev := writeCSV(t, "rev.csv", "variant,converted\ncontrol,0\ncontrol,12.5\ncontrol,0\ntreatment,30\ntreatment,0\ntreatment,7\n")
	code, _, errs = cli(t, "", "abtest", rev)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "comparing means")

	// Two rows: the error names the variant and its line.
	two := writeCSV(t, "two.csv", "variant,revenue\ncontrol,3.5\nnew,4.5\n")
	code, _, errs = cli(t, "", "abtest", "--metric", "revenue", two)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, two+`:2: variant "control" has 1 value(s)`)
}

// Issue 15 point 3: BOM, CRLF, ; with decimal commas, tab, quoted fields,
// all through the one reader that every command uses.
func TestCSVDialects(t *testing.T) {
	rows := []string{"channel,rating", "web,10", "web,9", "\"app, mobile\",3", "web,7", "\"app, mobile\",9"}
	plain := jsonTables(t, "nps", "--by", "channel", writeCSV(t, "plain.csv", strings.Join(rows, "\n")+"\n"))
	bomCRLF := jsonTables(t, "nps", "--by", "channel", writeCSV(t, "bom.csv", bom+strings.Join(rows, "\r\n")+"\r\n"))
	assert.JSONEq(t, string(plain["nps"]), string(bomCRLF["nps"]), "BOM and CRLF read like plain CSV")
	groups := decodeAs[[]npsGroup](t, plain["nps"])
	require.Len(t, groups, 3, "two channels and the overall row")
	assert.Equal(t, "app, mobile", groups[0].Group, "a quoted field keeps its comma")

	semi := strings.ReplaceAll(strings.Join(rows, "\n"), ",", ";")
	semi = strings.ReplaceAll(semi, "\"app; mobile\"", "\"app, mobile\"")
	code, out, errs := cli(t, "", "nps", "--by", "channel", "--format", "json", writeCSV(t, "semi.csv", semi+"\n"))
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "reading ';'-separated fields (detected")
	assert.JSONEq(t, string(plain["nps"]), string(jsonOf(t, out)["nps"]))

	tab := strings.ReplaceAll(strings.Join(rows, "\n"), ",", "\t")
	tab = strings.ReplaceAll(tab, "\"app\t mobile\"", "\"app, mobile\"")
	code, out, errs = cli(t, "", "nps", "--by", "channel", "--format", "json", writeCSV(t, "tab.tsv", bom+tab+"\n"))
	require.Equal(t, 0, code, errs)
	assert.JSONEq(t, string(plain["nps"]), string(jsonOf(t, out)["nps"]))

	// A ;-separated European export with decimal commas: declared.
	eu := "variant;revenue\r\ncontrol;12,5\r\ncontrol;0\r\ncontrol;3,25\r\ntreatment;30\r\ntreatment;\"7,75\"\r\ntreatment;0\r\n"
	euPath := writeCSV(t, "eu.csv", bom+eu)
	got := jsonTables(t, "abtest", "--metric", "revenue", "--decimal-comma", euPath)
	arms := decodeAs[[]meanArm](t, got["arms"])
	require.Len(t, arms, 2)
	want, err := abtest.Describe([]float64{12.5, 0, 3.25})
	require.NoError(t, err)
	assert.Equal(t, want, arms[0].Summary)
	// Without the flag: an error that says what to add, never a silent drop.
	code, _, errs = cli(t, "", "abtest", "--metric", "revenue", euPath)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, euPath+`:2: column "revenue": value "12,5" is not a finite number (a decimal comma? add --decimal-comma)`)
	code, _, errs = cli(t, "", "segment", "--k", "2", euPath)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, `value "12,5" is a number with a decimal comma: add --decimal-comma`)

	// A wrong --delimiter: the error hints at the right one.
	code, _, errs = cli(t, "", "abtest", "--delimiter", ",", "--metric", "revenue", euPath)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "try --delimiter ';'")
	code, _, errs = cli(t, "", "abtest", "--delimiter", "colon", euPath)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `unknown --delimiter "colon"`)

	// The journey commands read through the same reader: BOM, CRLF and ;.
	ev, err := os.ReadFile("testdata/events_public.csv")
	require.NoError(t, err)
	args := []string{"journey", "funnel", "--steps", "visit,purchase"}
	var base, crlf, semiEv funnel.Result
	jsonValue(t, "funnel", &base, append(args, "testdata/events_public.csv")...)
	jsonValue(t, "funnel", &crlf, append(args, writeCSV(t, "ev.csv", bom+strings.ReplaceAll(string(ev), "\n", "\r\n")))...)
	assert.Equal(t, base.Steps[1].Count, crlf.Steps[1].Count)
	if !strings.Contains(string(ev), ";") {
		jsonValue(t, "funnel", &semiEv, append(args, writeCSV(t, "ev.csv", strings.ReplaceAll(string(ev), ",", ";")))...)
		assert.Equal(t, base.Steps[1].Count, semiEv.Steps[1].Count)
	}
}

// jsonOf decodes the CLI's JSON output.
func jsonOf(t *testing.T, out string) map[string]json.RawMessage {
	t.Helper()
	var got map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	return got
}

// Issue 15 point 3 (and 6): an empty file, with or without a BOM, gives the
// same message in every command.
func TestEmptyInputSameEverywhere(t *testing.T) {
	for _, content := range []string{"", bom} {
		path := writeCSV(t, "empty.csv", content)
		for _, args := range [][]string{
			{"nps"}, {"csat"}, {"abtest"}, {"segment", "--k", "2"}, {"segment", "rfm"}, {"clv", "summary"},
			{"clv", "fit"}, {"journey", "funnel", "--steps", "a,b"}, {"journey", "paths"}, {"journey", "attribution"},
		} {
			code, out, errs := cli(t, "", append(args, path)...)
			assert.Equal(t, 1, code, "%v", args)
			assert.Empty(t, out)
			assert.Contains(t, errs, path+": empty input: want a CSV header row", "%v", args)
		}
	}
}

// A file with only a header (every column a command needs) gives the same
// message in every command too.
func TestHeaderOnlySameEverywhere(t *testing.T) {
	path := writeCSV(t, "hdr.csv", bom+"customer_id,timestamp,event,rating,variant,converted,amount,tenure,churned\r\n")
	for _, args := range [][]string{
		{"nps"}, {"csat"}, {"ces"}, {"abtest"}, {"segment", "--k", "2"}, {"segment", "rfm"}, {"clv", "summary"},
		{"clv", "fit"}, {"journey", "funnel", "--steps", "a,b"}, {"journey", "paths"}, {"journey", "attribution"},
	} {
		code, out, errs := cli(t, "", append(args, path)...)
		assert.Equal(t, 1, code, "%v", args)
		assert.Empty(t, out)
		assert.Contains(t, errs, path+": no data rows: the file has only a header", "%v", args)
	}
	code, _, errs := cli(t, "", "nps", "--where", "rating=11", writeCSV(t, "r.csv", "rating\n3\n"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no rows where rating=11")
}

// Issue 15 point 6: help on standard output with the subcommand's flags;
// errors that do not stutter; a failed write names the file, not a temp.
func TestHelpAndErrors(t *testing.T) {
	for _, args := range [][]string{{"help", "clv", "fit"}, {"clv", "fit", "--help"}, {"clv", "fit", "-h"}} {
		code, out, errs := cli(t, "", args...)
		assert.Equal(t, 0, code, errs)
		assert.Empty(t, errs)
		assert.Contains(t, out, "usage: cxkit clv fit")
		assert.Contains(t, out, "-model string")
		assert.Contains(t, out, "-delimiter string")
	}
	for _, args := range [][]string{{"--help"}, {"help"}, {"clv", "--help"}, {"journey", "--help"}, {"help", "journey", "funnel"}, {"help", "abtest", "power"}} {
		code, out, errs := cli(t, "", args...)
		assert.Equal(t, 0, code, "%v: %s", args, errs)
		assert.NotEmpty(t, out, "%v", args)
		assert.Empty(t, errs, "%v", args)
	}
	code, out, errs := cli(t, "", "clv", "fit", "--bogus")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "cxkit clv fit: flag provided but not defined: -bogus")
	assert.Contains(t, errs, "run 'cxkit clv fit --help' for the flags")

	path := writeCSV(t, "p.csv", "customer_id,timestamp,amount\nc1,2024-01-01,10\nc2,2024-01-03,20\n")
	code, _, errs = cli(t, "", "clv", "fit", "--model", "gg", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "cxkit clv fit: gamma-gamma: no data")
	assert.NotContains(t, errs, "clv: clv")
	assert.Equal(t, "gamma-gamma: no data", destutter("clv: gamma-gamma: clv: no data"))
	assert.Equal(t, `unknown step: nps`, destutter(`journey: unknown step: nps`), "a value that is a package name stays")

	code, _, errs = cli(t, "", "nps", "--where", "kind=nps", "-o", filepath.Join(t.TempDir(), "no", "such", "out.json"), "testdata/survey.csv")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "cannot write ")
	assert.Contains(t, errs, "out.json")
	assert.NotContains(t, errs, ".tmp")
}

// Issue 15 point 5: the fit status is one word, carried in the JSON with the
// log-likelihood and iterations; a degenerate fit says what it means.
func TestCLVFitStatus(t *testing.T) {
	path := writeCSV(t, "p.csv", "customer_id,timestamp,amount\nc1,2024-01-01,10\nc2,2024-01-03,20\n")
	code, out, errs := cli(t, "", "clv", "fit", "--model", "bgnbd", "--top", "0", path)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "status: boundary")
	assert.Contains(t, out, "too few repeat purchases")
	fit := decodeAs[clvFit](t, jsonTables(t, "clv", "fit", "--model", "bgnbd", "--top", "0", path)["parameters"])
	assert.Equal(t, "boundary", fit.Status)
	assert.Equal(t, fit.Fit.LogLik, fit.LogLik)
	assert.Equal(t, fit.Fit.Iterations, fit.Iterations)
	assert.Positive(t, fit.Iterations)
	for _, iv := range fit.Intervals {
		assert.False(t, iv.Lower < 0, "log-scale intervals never go below zero")
	}
}

// Issue 15 point 4: one table per stream in --format csv; --out-dir writes
// every table to its own file.
func TestCSVOneTablePerStream(t *testing.T) {
	code, out, errs := cli(t, "", "abtest", "--format", "csv", "testdata/ab.csv")
	require.Equal(t, 0, code, errs)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err, "one table: every row has the header's width")
	assert.Equal(t, "variant", recs[0][0])
	assert.Contains(t, recs[0], "p_adjusted", "the main table: the comparisons")
	assert.Len(t, recs, 3)
	assert.Contains(t, errs, "--out-dir DIR writes every table, adding srm, arms")

	dir := t.TempDir()
	code, out, errs = cli(t, "", "abtest", "--format", "csv", "--out-dir", dir, "testdata/ab.csv")
	require.Equal(t, 0, code, errs)
	assert.Empty(t, out)
	for name, rows := range map[string]int{"srm": 4, "arms": 4, "comparisons": 3} {
		data, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		require.NoError(t, err, name)
		recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		require.NoError(t, err, name)
		assert.Len(t, recs, rows, name)
	}
	code, _, errs = cli(t, "", "nps", "--format", "json", "--out-dir", dir, "--where", "kind=nps", "--by", "channel", "testdata/survey.csv")
	require.Equal(t, 0, code, errs)
	data, err := os.ReadFile(filepath.Join(dir, "nps_pairs.json"))
	require.NoError(t, err)
	assert.True(t, json.Valid(data))
}

// Issue 15 point 7: one number format per column; hours and minutes.
func TestNumberFormatPerColumn(t *testing.T) {
	tb := &table{Name: "x", Columns: []string{"group", "share", "mean", "n", "p"}}
	tb.add("a", 0.5, 12.345, 3.0, 2e-7)
	tb.add("b", 0.12345, 3.0, 10.0, 0.25)
	tb.add("c", 0.0, 0.5, 7.0, 0.04)
	var b strings.Builder
	require.NoError(t, render(&b, "table", []*table{tb}))
	out := b.String()
	for _, want := range []string{"0.5000", "0.1235", "0.0000", "12.35", "3.00", "0.50", "2.00e-07", "0.2500"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "10.00", "a column of whole numbers has no decimals")
	for h, want := range map[float64]string{0.1708: "10m", 4.1: "4h 06m", 26.5: "26h 30m", -1.5: "-1h 30m"} {
		assert.Equal(t, want, fmtHours(h))
	}
	assert.Equal(t, "NA", fmtHours(nan()))
}
