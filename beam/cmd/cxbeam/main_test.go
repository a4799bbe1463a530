package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
	"github.com/cxkit/cxkit/journey/funnel"
)

// The tests run cxbeam's jobs on prism, in process, as main does.
func TestMain(m *testing.M) {
	coder.RequireAllFieldsExported(true)
	ptest.Main(m)
}

// setFlags sets command-line flags for one test and restores them after.
func setFlags(t *testing.T, values map[string]string) {
	t.Helper()
	for name, v := range values {
		f := flag.Lookup(name)
		if f == nil {
			t.Fatalf("no flag %q", name)
		}
		old := f.Value.String()
		if err := f.Value.Set(v); err != nil {
			t.Fatalf("--%s=%s: %v", name, v, err)
		}
		t.Cleanup(func() { _ = f.Value.Set(old) })
	}
}

// The bad rows of writeEvents' last file, with the line numbers of the
// rows set aside.
const badRows = `customer_id,timestamp,event,channel,value
c1,yesterday,visit,web,0
,2026-03-02T10:00:00Z,visit,web,0
c2,2026-03-02T10:00:00Z,buy,web,ten
c3,2026-03-02T10:00:00Z,visit
c4,1066-10-14T00:00:00Z,visit,web,0
`

var badLines = []int{2, 3, 4, 5, 6}

// writeEvents writes a journey event log of customers × about 8 events over
// files CSV files in dir (a customer's events spread over several files,
// times to the minute so that some of a customer's events tie), a file of
// bad rows and a file without the required columns, and returns the glob
// of all of them and the good events as journey.ReadEvents reads them, file
// after file in name order.
func writeEvents(t *testing.T, dir string, files, customers int) (string, []journey.Event) {
	t.Helper()
	r := rand.New(rand.NewPCG(18, 2026))
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	bufs := make([]strings.Builder, files)
	for i := range bufs {
		bufs[i].WriteString("customer_id,timestamp,event,channel,value\n")
	}
	names := []string{"visit", "visit", "visit", "view", "view", "cart", "buy", "chat"}
	channels := []string{"web", "web", "app", "email", "social", ""}
	for c := range customers {
		start := base.Add(time.Duration(r.IntN(14*24*60)) * time.Minute)
		for range 1 + r.IntN(15) {
			at := start.Add(time.Duration(r.IntN(36*60)) * time.Minute)
			name := names[r.IntN(len(names))]
			value := 0
			if name == "buy" {
				value = 10 + r.IntN(90)
			}
			fmt.Fprintf(&bufs[r.IntN(files)], "c%04d,%s,%s,%s,%d\n", c, at.Format(time.RFC3339), name, channels[r.IntN(len(channels))], value)
		}
	}
	var events []journey.Event
	for i := range bufs {
		name := filepath.Join(dir, fmt.Sprintf("events-%02d.csv", i))
		if err := os.WriteFile(name, []byte(bufs[i].String()), 0o644); err != nil {
			t.Fatal(err)
		}
		evs, err := journey.ReadEvents(strings.NewReader(bufs[i].String()))
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, evs...)
	}
	if err := os.WriteFile(filepath.Join(dir, "events-99-bad.csv"), []byte(badRows), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "events-xx.csv"), []byte("customer,when\nc1,2026-03-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "events-*.csv"), events
}

// readLines returns the lines of a file the job wrote, sorted.
func readLines(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	slices.Sort(lines)
	return lines
}

// resultLine is the line a job writes for the library's result r computed
// under the settings spec.
func resultLine(t *testing.T, key string, spec, r any) string {
	t.Helper()
	s, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{key: json.RawMessage(s), "result": r})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestJobsMatchLibrary runs --job=funnel and --job=markov end to end on
// prism, reading CSV files with bad rows among them, and compares the lines
// written with the library's results on the same events (journey/funnel's
// Run, journey/attribution's Markov on journey.PathsFromJourneys), bit for
// bit: JSON writes every float in its shortest exact form, so equal lines
// mean equal values.
func TestJobsMatchLibrary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	glob, events := writeEvents(t, dir, 6, 3000)
	log := journey.NewLog(events)
	markov := func(goal []string, until string, order int, keep bool) string {
		table := journey.PathsFromJourneys(journey.BuildJourneys(events, goal...), until)
		r, err := attribution.Markov(ctx, table, &attribution.MarkovSettings{Order: order, KeepRepeats: keep})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Defined || len(r.Attribution.Channels) != 4 {
			t.Fatalf("a weak test: defined %v, channels %q", r.Defined, r.Attribution.Channels)
		}
		return resultLine(t, "paths", pathSettingsJSON{Goal: goal, Until: until, Order: order, KeepRepeats: keep}, r)
	}
	runFunnel := func(f funnel.Funnel) string {
		r, err := f.Run(ctx, log)
		if err != nil {
			t.Fatal(err)
		}
		if r.Steps[len(r.Steps)-1].Count == 0 {
			t.Fatalf("a weak test: no customer converts in %+v", r)
		}
		return resultLine(t, "funnel", f, r)
	}
	tests := []struct {
		name  string
		flags map[string]string
		want  func() string
	}{
		{"funnel ordered by channel", map[string]string{"job": "funnel", "steps": "visit,view,cart,buy", "funnel_window": "24h", "breakdown": "channel"},
			func() string {
				return runFunnel(funnel.Funnel{Steps: []string{"visit", "view", "cart", "buy"}, Window: 24 * time.Hour, BreakdownBy: "channel"})
			}},
		{"funnel strict with exclusions", map[string]string{"job": "funnel", "steps": "visit,cart,buy", "funnel_window": "36h",
			"funnel_order": "strict", "step_windows": "0,12h,0", "exclusions": "chat:1:2"},
			func() string {
				return runFunnel(funnel.Funnel{Steps: []string{"visit", "cart", "buy"}, Window: 36 * time.Hour, Order: funnel.Strict,
					StepWindows: []time.Duration{0, 12 * time.Hour, 0}, Exclusions: []funnel.Exclusion{{Event: "chat", From: 1, To: 2}}})
			}},
		{"markov order 1", map[string]string{"job": "markov", "goal": "buy"},
			func() string { return markov([]string{"buy"}, "", 1, false) }},
		{"markov order 2 until the goal, repeats kept", map[string]string{"job": "markov", "goal": "buy,cart", "until": "buy", "markov_order": "2", "keep_repeats": "true"},
			func() string { return markov([]string{"buy", "cart"}, "buy", 2, true) }},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprintf("out-%d.jsonl", i))
			rej := filepath.Join(dir, fmt.Sprintf("rejected-%d.jsonl", i))
			tc.flags["input"], tc.flags["output"], tc.flags["rejected"] = glob, out, rej
			setFlags(t, tc.flags)
			start := time.Now()
			if err := run(ctx); err != nil {
				t.Fatal(err)
			}
			t.Logf("%v on prism", time.Since(start).Round(time.Millisecond))
			want := []string{tc.want(), fmt.Sprintf(`{"rejected": %d}`, len(badLines)+1)}
			slices.Sort(want)
			got := readLines(t, out)
			if !slices.Equal(got, want) {
				t.Errorf("%s:\n got %q\nwant %q", out, got, want)
			}
			var where []string
			for _, l := range readLines(t, rej) {
				var r struct {
					Source string `json:"source"`
					Line   int    `json:"line"`
				}
				if err := json.Unmarshal([]byte(l), &r); err != nil {
					t.Fatal(err)
				}
				where = append(where, fmt.Sprintf("%s:%d", filepath.Base(r.Source), r.Line))
			}
			wantWhere := []string{"events-xx.csv:1"}
			for _, l := range badLines {
				wantWhere = append(wantWhere, fmt.Sprintf("events-99-bad.csv:%d", l))
			}
			slices.Sort(where)
			slices.Sort(wantWhere)
			if !slices.Equal(where, wantWhere) {
				t.Errorf("rejected rows at %q, want %q", where, wantWhere)
			}
		})
	}
}

// pathSettingsJSON is cxbeam.PathSettings as its JSON reads, written out
// here so that the test checks the settings in the line too.
type pathSettingsJSON struct {
	Goal        []string `json:"goal"`
	Until       string   `json:"until"`
	Order       int      `json:"order"`
	KeepRepeats bool     `json:"keep_repeats"`
}

// TestBadFlags checks that bad flags are errors before anything runs.
func TestBadFlags(t *testing.T) {
	tests := []struct {
		flags map[string]string
		want  string
	}{
		{map[string]string{"job": "nope"}, `unknown --job "nope"`},
		{map[string]string{"job": "markov", "input": ""}, "--input and --output are required"},
		{map[string]string{"job": "markov", "goal": " , "}, "--goal is required"},
		{map[string]string{"job": "markov", "markov_order": "0"}, "--markov_order 0"},
		{map[string]string{"job": "funnel", "steps": ""}, "--steps (or --funnel) is required"},
		{map[string]string{"job": "funnel", "steps": "a,b", "funnel_order": "sideways"}, "--funnel_order"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			flags := map[string]string{"input": "nothing-*.csv", "output": filepath.Join(t.TempDir(), "out.jsonl")}
			for k, v := range tc.flags {
				flags[k] = v
			}
			setFlags(t, flags)
			err := run(context.Background())
			var fe flagError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("run: %v, want a flag error with %q", err, tc.want)
			}
		})
	}
}
