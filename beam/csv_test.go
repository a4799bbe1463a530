package cxbeam

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/cxkit/cxkit/nps"
)

func TestReadResponses(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.csv": "id,segment,score,note\n" +
			"1,web,9,ok\n" +
			"2,web,10,\"two\nlines\"\n" + // a quoted newline: the next record starts at line 5
			"3,app,6,x\n" +
			"4,app,11,off the scale\n" +
			"5,app,x,not a number\n" +
			"6,web,9.5,half\n" +
			"7,web\n" +
			"8,app,7.0,whole\n",
		"b.csv":    "segment,score\nweb,0\n\"bad,quote\n",
		"c.csv":    "segment,other\nweb,1\n",
		"d.csv":    "",
		"skip.txt": "segment,score\nweb,1\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a, b, c, d := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv"), filepath.Join(dir, "d.csv")
	var web, app nps.Tally
	for _, r := range []int{9, 10, 0} {
		_ = web.Add(r)
	}
	for _, r := range []int{6, 7} {
		_ = app.Add(r)
	}
	p, s := beam.NewPipelineWithRoot()
	rows, bad := ReadResponses(s, filepath.Join(dir, "*.csv"), Columns{Key: "segment", Rating: "score"})
	tallies, bad2 := NPS(s, rows)
	assertLines(s, beam.ParDo(s, npsLine, tallies), []string{npsLine("app", app), npsLine("web", web)})
	assertLines(s, beam.ParDo(s, rejectedLine, beam.Flatten(s, bad, bad2)), []string{
		a + ":6 rating=11: nps: rating 11 at line 6: out of range 0..10",
		a + ":7 rating=x: cxbeam: rating x at line 7: not a number",
		a + ":8 rating=9.5: cxbeam: rating 9.5 at line 8: not a whole number",
		a + ":9 record=7,web: cxbeam: line 9 has 2 fields, fewer than the header's 4",
		b + ":3 record=: cxbeam: parse error on line 3, column 12: extraneous or missing \" in quoted-field",
		c + `:1 header=segment,other: cxbeam: no column "score" in the header: the file is set aside`,
		d + ":1 header=: cxbeam: empty file: no header row",
	})
	passert.Equals(s, CountRejected(s, beam.Flatten(s, bad, bad2)), 7)
	passert.Equals(s, CountRejected(s, bad2), 1)
	passert.Equals(s, CountRejected(s, beam.ParDo(s, rejectedOnlyFn, bad)), 0)
	runMerging(t, p)
}

// rejectedOnlyFn drops everything: CountRejected of nothing is 0.
func rejectedOnlyFn(Rejected, func(Rejected)) {}

func init() {
	beam.RegisterFunction(rejectedOnlyFn)
}
