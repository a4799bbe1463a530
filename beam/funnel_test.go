package cxbeam

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/funnel"
)

// eventLog makes a log of n events by m customers over two hours at whole
// seconds (so that a customer has events at the same instant), with
// channels, touchpoints and a "plan" property of manyKeys values; event i
// comes from events.csv at line i+2 (after a header).
func eventLog(n, m int) []Event {
	r := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	names := []string{"visit", "visit", "view", "view", "cart", "buy", "chat", "search"}
	out := make([]Event, n)
	for i := range out {
		c := r.IntN(m)
		e := journey.Event{
			Customer:   fmt.Sprintf("c%d", c),
			Time:       start.Add(time.Duration(r.IntN(7200)) * time.Second),
			Name:       names[r.IntN(len(names))],
			Channel:    []string{"web", "app", "email"}[r.IntN(3)],
			Touchpoint: []string{"home", "pdp", "checkout", ""}[r.IntN(4)],
		}
		if r.IntN(10) > 0 {
			e.Properties = map[string]string{"plan": fmt.Sprintf("p%d", r.IntN(manyKeys))}
		}
		out[i] = Event{Event: e, Source: "events.csv", Line: i + 2}
	}
	return out
}

func funnelResultLine(r funnel.Result) string { return jsonLine("", r) }

func funnelTallyLine(k string, t funnel.Tally) string {
	r, err := t.Result()
	return jsonLine(k, struct {
		Result funnel.Result
		Err    error
	}{r, err})
}

func init() {
	register.Function1x1(funnelResultLine)
	register.Function2x1(funnelTallyLine)
}

// TestFunnelMatchesLibrary runs funnels of every order, with ties, a
// repeated step, step windows, exclusions and breakdowns (one of them over
// manyKeys values, so that tallies are merged after the shuffle) on prism
// and checks each Result against funnel.Run on the same events, bit for
// bit, and the per-value tallies against the Result's groups.
func TestFunnelMatchesLibrary(t *testing.T) {
	rows := eventLog(40000, 6000)
	evs := make([]journey.Event, len(rows))
	for i, r := range rows {
		evs[i] = r.Event
	}
	log := journey.NewLog(evs)
	funnels := []funnel.Funnel{
		{Steps: []string{"visit", "view", "cart", "buy"}, Window: 30 * time.Minute, BreakdownBy: "plan"},
		{Steps: []string{"visit", "view", "cart"}, Order: funnel.Strict, Window: time.Hour, BreakdownBy: "channel",
			Exclusions: []funnel.Exclusion{{Event: "chat", From: 0, To: 2}}},
		{Steps: []string{"visit", "view", "cart", "buy"}, Order: funnel.Unordered, Window: 20 * time.Minute, BreakdownBy: "touchpoint"},
		{Steps: []string{"visit", "view", "visit", "buy"}, Window: time.Hour,
			StepWindows: []time.Duration{0, 10 * time.Minute, 0, 15 * time.Minute}},
		{Steps: []string{"view", "cart", "buy"}, Window: 40 * time.Minute, Exclusions: []funnel.Exclusion{{Event: "search", From: 1, To: 2}}, BreakdownBy: "plan"},
	}
	bad := []Event{
		{Event: journey.Event{Customer: "c1", Time: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), Name: "visit"}, Source: "events.csv", Line: len(rows) + 2},
		{Event: journey.Event{Customer: "c2", Time: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), Name: "chat"}, Source: "events.csv", Line: len(rows) + 3},
	}
	p, s := beam.NewPipelineWithRoot()
	in := spread(s, append(slices.Clone(rows), bad...), 7)
	for i, f := range funnels {
		want, err := f.Run(context.Background(), log)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Breakdown) > 0 && i == 0 && len(want.Breakdown) < 2000 {
			t.Fatalf("only %d breakdown values: the tallies would not be merged", len(want.Breakdown))
		}
		if want.Steps[len(want.Steps)-1].Count == 0 {
			t.Fatalf("funnel %d: nobody converts: a weak test", i)
		}
		result, tallies, rejected, err := Funnel(s, f, in)
		if err != nil {
			t.Fatal(err)
		}
		assertLines(s, beam.ParDo(s, funnelResultLine, result), []string{funnelResultLine(want)})
		// The tallies: one per breakdown value, or one under "" for the
		// whole funnel.
		type line struct {
			Result funnel.Result
			Err    error
		}
		var groups []string
		if f.BreakdownBy == "" {
			groups = []string{jsonLine("", line{Result: want})}
		}
		for _, g := range want.Breakdown {
			groups = append(groups, jsonLine(g.Value, line{Result: g.Result}))
		}
		assertLines(s, beam.ParDo(s, funnelTallyLine, tallies), groups)
		assertLines(s, beam.ParDo(s, rejectedLine, rejected), []string{
			fmt.Sprintf("events.csv:%d timestamp=1500-01-01 00:00:00 +0000 UTC: journey: timestamp 1500-01-01 00:00:00 +0000 UTC at line %d: out of range: outside 1678–2262 (Unix nanoseconds)", len(rows)+2, len(rows)+2),
			fmt.Sprintf("events.csv:%d timestamp=2300-01-01 00:00:00 +0000 UTC: journey: timestamp 2300-01-01 00:00:00 +0000 UTC at line %d: out of range: outside 1678–2262 (Unix nanoseconds)", len(rows)+3, len(rows)+3),
		})
	}
	if counted := runMerged(t, p); counted != int64(len(bad)*len(funnels)) {
		t.Errorf("counter cxkit/rejected = %d, want %d", counted, len(bad)*len(funnels))
	}
}

// TestFunnelEmpty checks that a funnel over no events gives one Result of
// zero counts, and that bad settings fail before the pipeline runs.
func TestFunnelEmpty(t *testing.T) {
	f := funnel.Funnel{Steps: []string{"visit", "buy"}, Window: time.Hour}
	want, err := (&funnel.Tally{Steps: f.Steps}).Result()
	if err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	result, tallies, rejected, err := Funnel(s, f, beam.CreateList(s, []Event{}))
	if err != nil {
		t.Fatal(err)
	}
	assertLines(s, beam.ParDo(s, funnelResultLine, result), []string{funnelResultLine(want)})
	passert.Empty(s, tallies)
	passert.Empty(s, rejected)
	runMerging(t, p)

	for _, bad := range []funnel.Funnel{{Window: time.Hour}, {Steps: []string{"a"}}, {Steps: []string{"a", "b"}, Window: time.Hour, Order: funnel.Unordered, Exclusions: []funnel.Exclusion{{Event: "x", From: 0, To: 1}}}} {
		if _, _, _, err := Funnel(s, bad, result); err == nil {
			t.Errorf("Funnel took %+v", bad)
		}
	}
}

// synthEvent is event i of a synthetic log over m customers and one day:
// a fixed function of i (splitmix64), so that every worker and the
// library make the same events without reading any file.
func synthEvent(i, m int) Event {
	x := uint64(i)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	names := [...]string{"visit", "visit", "visit", "view", "view", "cart", "buy", "search"}
	return Event{Event: journey.Event{
		Customer: "c" + strconv.Itoa(int(x%uint64(m))),
		Time:     time.Unix(1709280000+int64(x>>20%86400), 0).UTC(),
		Name:     names[x>>40%8],
		Channel:  [...]string{"web", "app", "email"}[x>>50%3],
	}, Source: "synth", Line: i + 1}
}

// synthFn emits the events of one of Shards equal parts of N events.
type synthFn struct{ N, Shards, Customers int }

func (f *synthFn) ProcessElement(shard int, emit func(Event)) {
	for i := shard * f.N / f.Shards; i < (shard+1)*f.N/f.Shards; i++ {
		emit(synthEvent(i, f.Customers))
	}
}

func init() {
	register.DoFn2x0[int, func(Event)](&synthFn{})
}

// benchFunnel is the funnel of the benchmarks: four ordered steps in an
// hour, by channel.
var benchFunnel = funnel.Funnel{Steps: []string{"visit", "view", "cart", "buy"}, Window: time.Hour, BreakdownBy: "channel"}

// BenchmarkFunnelPrism runs benchFunnel on prism over a synthetic log of
// CXKIT_FUNNEL_EVENTS events (default 1,000,000; 10 events per customer)
// made by 64 workers' shards, and checks the result against the library.
// BenchmarkFunnelLibrary is the same on one machine: the log built in
// memory, then funnel.Run.
func BenchmarkFunnelPrism(b *testing.B) {
	n := benchEvents(b)
	want := libraryFunnel(b, n)
	for b.Loop() {
		p, s := beam.NewPipelineWithRoot()
		shards := make([]int, 64)
		for i := range shards {
			shards[i] = i
		}
		events := beam.ParDo(s, &synthFn{N: n, Shards: len(shards), Customers: n / 10}, beam.CreateList(s, shards))
		result, _, _, err := Funnel(s, benchFunnel, events)
		if err != nil {
			b.Fatal(err)
		}
		assertLines(s, beam.ParDo(s, funnelResultLine, result), []string{funnelResultLine(want)})
		if _, err := ptest.RunWithMetrics(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFunnelLibrary(b *testing.B) {
	n := benchEvents(b)
	for b.Loop() {
		libraryFunnel(b, n)
	}
}

func benchEvents(b *testing.B) int {
	n := 1_000_000
	if v := os.Getenv("CXKIT_FUNNEL_EVENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	return n
}

// libraryFunnel builds the synthetic log of n events and runs benchFunnel
// on it with the library, reporting the two times.
func libraryFunnel(b *testing.B, n int) funnel.Result {
	start := time.Now()
	var l journey.Log
	for i := range n {
		e := synthEvent(i, n/10).Event
		if err := l.Add(&e); err != nil {
			b.Fatal(err)
		}
	}
	built := time.Since(start)
	r, err := benchFunnel.Run(context.Background(), &l)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(built.Seconds(), "build-s")
	b.ReportMetric(time.Since(start).Seconds()-built.Seconds(), "run-s")
	return r
}

// TestFunnelShuffleBytes reports the bytes of a shuffled funnel event (the
// customer key and the funnelEvent, as Beam encodes them): the size of the
// one shuffle of Funnel, per event kept.
func TestFunnelShuffleBytes(t *testing.T) {
	var key, val bytes.Buffer
	n := 10000
	for i := range n {
		e := synthEvent(i, 1_000_000)
		if err := beam.NewElementEncoder(reflect.TypeOf("")).Encode(e.Event.Customer, &key); err != nil {
			t.Fatal(err)
		}
		fe := funnelEvent{Time: e.Event.Time.UnixNano(), Step: 1, Key: e.Event.Channel, Source: e.Source, Line: e.Line}
		if err := beam.NewElementEncoder(reflect.TypeOf(fe)).Encode(fe, &val); err != nil {
			t.Fatal(err)
		}
	}
	per := float64(key.Len()+val.Len()) / float64(n)
	t.Logf("a shuffled funnel event: %.1f bytes (key %.1f, value %.1f)", per, float64(key.Len())/float64(n), float64(val.Len())/float64(n))
	if per > 64 {
		t.Errorf("%.1f bytes per shuffled event", per)
	}
}
