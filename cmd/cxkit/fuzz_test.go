package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// fuzzCommands are the commands FuzzRun feeds arbitrary standard input to.
var fuzzCommands = [][]string{
	{"nps", "--by", "channel"},
	{"nps", "--by", "channel", "--period", "week", "--time", "channel"},
	{"csat", "--by", "channel", "--format", "json"},
	{"ces", "--format", "csv"},
	{"abtest"},
	{"abtest", "--metric", "revenue"},
	{"journey", "funnel", "--steps", "visit,view_product,purchase"},
	{"journey", "paths"},
	{"journey", "attribution", "--model", "all", "--order", "2"},
	{"segment", "--k", "2", "--restarts", "2"},
	{"segment", "rfm"},
	{"clv", "summary"},
}

// FuzzRun runs every command on arbitrary input: it must never panic, must
// exit 0 or 1, and must write nothing to standard output when it fails.
func FuzzRun(f *testing.F) {
	for _, name := range []string{"survey.csv", "bad_rating.csv", "ragged.csv", "ab.csv", "events_public.csv", "paths_public.csv", "sample_purchases.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 4096 {
			data = data[:4096]
		}
		for c := range fuzzCommands {
			f.Add(uint8(c), data)
		}
	}
	f.Add(uint8(0), []byte("channel,rating\nweb,NaN\n"))
	f.Add(uint8(3), []byte("variant,converted\na,1\nb,0\n"))
	f.Add(uint8(8), []byte("x,y\n1,2\n1,2\n1,2\n"))
	f.Fuzz(func(t *testing.T, c uint8, input []byte) {
		args := fuzzCommands[int(c)%len(fuzzCommands)]
		var out, errb bytes.Buffer
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("%v took %v on %d bytes", args, d, len(input))
			}
		}()
		code := run(append(append([]string{}, args...), "-"), bytes.NewReader(input), &out, &errb)
		if code != 0 && code != 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		if code != 0 && out.Len() > 0 {
			t.Fatalf("%v: failed but wrote output", args)
		}
		if code != 0 && !strings.HasPrefix(errb.String(), "cxkit ") {
			t.Fatalf("%v: error without the command name: %q", args, errb.String())
		}
	})
}

// FuzzReadCSV checks that every error of the CSV reader names the input and
// that every row it returns has as many fields as the header.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("a,b\n1,\"2\n"))
	f.Add([]byte("\ufeffa\n\n1\n"))
	f.Fuzz(func(t *testing.T, input []byte) {
		d, err := readCSV("in.csv", bytes.NewReader(input))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "in.csv:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for i, r := range d.Rows {
			if len(r) != len(d.Header) {
				t.Fatalf("row %d has %d fields, header %d", i, len(r), len(d.Header))
			}
			if d.Lines[i] < 2 {
				t.Fatalf("row %d on line %d", i, d.Lines[i])
			}
		}
	})
}
