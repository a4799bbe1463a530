package cxbeam

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/funnel"
)

func eventLine(e Event) string { return jsonLine("", e) }

func init() {
	register.Function1x1(eventLine)
}

// TestReadEvents reads event files with good and bad rows: the good rows
// are the events journey.ReadEvents reads from the files without the bad
// ones, each bad row is set aside with the library's message, and a funnel
// over what was read equals funnel.Run on journey.ReadLog of the good rows.
func TestReadEvents(t *testing.T) {
	dir := t.TempDir()
	good := map[string][]string{
		"a.csv": {
			"Customer_ID,Timestamp,Event,channel,value,plan",
			"u1,2024-03-10T09:00:00Z,visit,web,,pro",
			"u1,2024-03-10T09:05:00Z,cart,web,12.5,",
			"u2,2024-03-10 09:00:00,visit,app,,free",
			"u1,2024-03-10T09:05:00Z,buy,web,3,pro", // the same instant as the cart
		},
		"b.csv": {
			"customer,time,name,touchpoint",
			"u2,2024-03-10T10:30:00+01:00,cart,checkout",
			"u2,2024-03-10T10:00:00Z,buy,checkout",
			"u3,2024-03-10,visit,home",
		},
	}
	badRows := map[string][]string{
		"a.csv": {
			"u4,2024-03-10T09:00:00Z,visit,web,x,pro",     // a value that is not a number
			",2024-03-10T09:00:00Z,visit,web,,",           // no customer
			"u4,yesterday,visit,web,,",                    // a time that does not parse
			"u4,2024-03-10T09:00:00Z,,web,,",              // no event
			"u4,2024-03-10T09:00:00Z,visit",               // too few fields
			"u4,2024-03-10T09:00:00Z,visit,web,Inf,",      // not finite
			"u4,2400-03-10T09:00:00Z,visit,web,,",         // beyond a Log's times
			"u5,2024-03-10T09:00:00Z,visit,web,1,\"x\"y,", // a bad quote
		},
	}
	var want []string
	var lib []journey.Event
	for _, name := range []string{"a.csv", "b.csv"} {
		body := strings.Join(good[name], "\n") + "\n"
		evs, err := journey.ReadEvents(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		lib = append(lib, evs...)
		full := append(slices.Clone(good[name]), badRows[name]...)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(full, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		for i, e := range evs {
			want = append(want, eventLine(Event{Event: e, Source: filepath.Join(dir, name), Line: i + 2}))
		}
	}
	for name, body := range map[string]string{"c.csv": "customer,event\nu1,visit\n", "d.csv": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a, c, d := filepath.Join(dir, "a.csv"), filepath.Join(dir, "c.csv"), filepath.Join(dir, "d.csv")
	f := funnel.Funnel{Steps: []string{"visit", "cart", "buy"}, Window: 2 * time.Hour, BreakdownBy: "plan"}
	res, err := f.Run(context.Background(), journey.NewLog(lib))
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps[2].Count != 1 { // u2; u1 buys at the instant of the cart, not after it
		t.Fatalf("the library's funnel: %+v", res.Steps)
	}

	p, s := beam.NewPipelineWithRoot()
	events, rejected := ReadEvents(s, filepath.Join(dir, "*.csv"))
	assertLines(s, beam.ParDo(s, eventLine, events), want)
	assertLines(s, beam.ParDo(s, rejectedLine, rejected), []string{
		a + ":6 value=x: journey: value x at line 6: malformed input",
		a + ":7 customer_id=: journey: customer_id at line 7: missing",
		a + ":8 timestamp=yesterday: journey: timestamp yesterday at line 8: malformed input",
		a + ":9 event=: journey: event at line 9: missing",
		a + ":10 row=u4,2024-03-10T09:00:00Z,visit: journey: row at line 10: malformed input: wrong number of fields",
		a + ":11 value=Inf: journey: value Inf at line 11: not a finite number",
		a + ":12 timestamp=2400-03-10T09:00:00Z: journey: timestamp 2400-03-10T09:00:00Z at line 12: out of range: outside 1678–2262 (Unix nanoseconds)",
		a + `:13 row=: journey: row at line 13: malformed input: extraneous or missing " in quoted-field`,
		c + ":1 header=customer,event: journey: header customer,event at line 1: missing: column timestamp: the file is set aside",
		d + ":1 header=: journey: header at line 1: missing: empty file",
	})
	result, _, rejected2, err := Funnel(s, f, events)
	if err != nil {
		t.Fatal(err)
	}
	assertLines(s, beam.ParDo(s, funnelResultLine, result), []string{funnelResultLine(res)})
	passert.Equals(s, CountRejected(s, beam.Flatten(s, rejected, rejected2)), 10)
	runMerging(t, p)
}

func TestEventCoders(t *testing.T) {
	at := time.Date(2024, 3, 10, 9, 0, 0, 123, time.FixedZone("x", 3600))
	for _, e := range []journey.Event{
		{Customer: "ü", Time: at, Name: "visit", Touchpoint: "home", Channel: "web", Value: 12.5, Properties: map[string]string{"plan": "pro", "b": ""}},
		{Time: time.Unix(0, 0)},
	} {
		got, _ := roundTrip(t, e)
		g := got.(journey.Event)
		if !g.Time.Equal(e.Time) {
			t.Errorf("time %v, want %v", g.Time, e.Time)
		}
		g.Time = e.Time
		if !reflect.DeepEqual(g, e) {
			t.Errorf("journey.Event: got %+v, want %+v", g, e)
		}
		pe := Event{Event: e, Source: "gs://b/x.csv", Line: 7}
		got, _ = roundTrip(t, pe)
		gp := got.(Event)
		gp.Event.Time = e.Time
		if !reflect.DeepEqual(gp, pe) {
			t.Errorf("Event: got %+v, want %+v", gp, pe)
		}
	}
	// The properties are written in key order: one encoding per event.
	e := journey.Event{Properties: map[string]string{"a": "1", "b": "2", "c": "3", "d": "4"}}
	first := encJourneyEvent(e)
	for range 20 {
		if !bytes.Equal(encJourneyEvent(e), first) {
			t.Fatal("two encodings of one event")
		}
	}
	good := encEvent(Event{Event: e, Source: "s", Line: 3})
	for name, b := range map[string][]byte{
		"empty":     nil,
		"version":   append([]byte{9}, good[1:]...),
		"truncated": good[:len(good)-1],
		"trailing":  append(slices.Clone(good), 0),
	} {
		if _, err := decEvent(b); err == nil {
			t.Errorf("decEvent took %s bytes", name)
		}
		if _, err := decJourneyEvent(b); err == nil && name != "trailing" {
			t.Errorf("decJourneyEvent took %s bytes", name)
		}
	}
	huge := []byte{layoutVersion, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}
	if _, err := decJourneyEvent(huge); err == nil {
		t.Error("decJourneyEvent took 2^32 properties in no bytes")
	}
}

func TestFunnelCoders(t *testing.T) {
	tl := funnel.Tally{Steps: []string{"visit", "view", "buy"}}
	for _, o := range []funnel.Outcome{
		{Level: 3, Times: []int64{0, 5e9, 9e9}}, {Level: 2, Times: []int64{1, 5e9 + 1}}, {Level: 2, Times: []int64{1, 2}},
		{Level: 1, Times: []int64{7}}, {Excluded: true}, {Level: 3, Times: []int64{-4e18, 0, 4e18}},
	} {
		if err := tl.Add(o); err != nil {
			t.Fatal(err)
		}
	}
	sorted := tl
	sorted.Gaps = [][]int64{nil, slices.Sorted(slices.Values(tl.Gaps[1])), slices.Sorted(slices.Values(tl.Gaps[2]))}
	sorted.ToConvert = slices.Sorted(slices.Values(tl.ToConvert))
	for _, v := range []any{
		sorted, funnel.Tally{}, funnel.Tally{Steps: []string{"a"}, Excluded: 3},
		groupTally{Value: "web", Tally: sorted},
		funnelGroups{Groups: []groupTally{{Value: "a", Tally: sorted}, {Value: "", Tally: funnel.Tally{Steps: []string{"x"}}}}},
		funnelEvent{Time: -5, Step: -1, Key: "web", Source: "a.csv", Line: 3},
		funnel.Outcome{Level: 2, Times: []int64{1, 2}, Breakdown: "pro"},
	} {
		got, _ := roundTrip(t, v)
		if !reflect.DeepEqual(got, v) {
			t.Errorf("%T: got %+v, want %+v", v, got, v)
		}
	}
	// The Result travels as JSON: NaN and all.
	r, err := tl.Result()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := roundTrip(t, r)
	if jsonLine("", got) != jsonLine("", r) {
		t.Errorf("funnel.Result: got %s, want %s", jsonLine("", got), jsonLine("", r))
	}
	// A tally of one repeated gap is a few bytes, whatever its count.
	var many funnel.Tally
	many.Steps = []string{"a", "b"}
	for range 10000 {
		_ = many.Add(funnel.Outcome{Level: 2, Times: []int64{0, 60e9}})
	}
	if n := len(encTally(many)); n > 40 {
		t.Errorf("10,000 equal gaps take %d bytes", n)
	}
	good := encTally(sorted)
	for name, b := range map[string][]byte{
		"empty":     nil,
		"version":   append([]byte{2}, good[1:]...),
		"truncated": good[:len(good)-1],
		"trailing":  append(slices.Clone(good), 0),
		"rising":    encTally(funnel.Tally{Steps: []string{"a", "b"}, Counts: []int{1, 2}, Gaps: make([][]int64, 2)}),
		"negative":  encTally(funnel.Tally{Steps: []string{"a"}, Excluded: -1}),
		"gaps":      encTally(funnel.Tally{Steps: []string{"a", "b"}, Counts: []int{1, 1}, Gaps: [][]int64{nil, {1, 2}}}),
	} {
		if _, err := decTally(b); err == nil {
			t.Errorf("decTally took %s bytes % x", name, b)
		}
	}
	if _, err := decFunnelGroups([]byte{layoutVersion, 0xff, 0xff, 0x03}); err == nil {
		t.Error("decFunnelGroups took 65535 groups in no bytes")
	}
}
