package cxbeam

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
)

// markovLine formats a Markov result as JSON, every float in its shortest
// exact form: equal lines are equal results, bit for bit, with the channels
// in the same order.
func markovLine(r attribution.MarkovResult) string { return jsonLine("", r) }

// transitionsTotals sums the journeys, conversions and value the counts
// hold (order-free: the states' numbering depends on the merges).
func transitionsTotals(t attribution.Transitions) string {
	var starts, conv, value, nulls float64
	for s := range t.States {
		starts += t.Starts[s]
		conv += t.Conversions[s]
		value += t.Value[s]
		nulls += t.Nulls[s]
	}
	return fmt.Sprintf("order %d, %d states, %d edges, channels %q: %v journeys, %v conversions worth %v, %v nulls",
		t.Order, len(t.States), len(t.Edges), slices.Sorted(slices.Values(t.Channels)), starts, conv, value, nulls)
}

// keyedPath is a path under a key, for TestTransitionsMerge.
type keyedPath struct {
	Key  string
	Path customerPath
}

func splitKeyedPath(r keyedPath) (string, customerPath) { return r.Key, r.Path }

func keyedTotals(k string, t attribution.Transitions) string { return k + " " + transitionsTotals(t) }

func init() {
	register.Function1x1(markovLine)
	register.Function1x1(transitionsTotals)
	register.Function1x2(splitKeyedPath)
	register.Function2x1(keyedTotals)
	beam.RegisterType(reflect.TypeOf(keyedPath{}))
}

// pathLog is eventLog with whole-number values on the purchases, a fourth
// channel, and some events without a channel.
func pathLog(n, m int) []Event {
	rows := eventLog(n, m)
	r := rand.New(rand.NewPCG(7, 8))
	for i := range rows {
		e := &rows[i].Event
		switch {
		case e.Name == "buy":
			e.Value = float64(10 + r.IntN(90))
		case r.IntN(10) == 0:
			e.Channel = ""
		case r.IntN(10) == 0:
			e.Channel = "social"
		}
	}
	return rows
}

// TestMarkovPathsMatchesLibrary checks MarkovPaths on prism against
// attribution.Markov on journey.PathsFromJourneys of the same events,
// bit for bit, at orders 1 and 2, with and without Until and repeats.
func TestMarkovPathsMatchesLibrary(t *testing.T) {
	rows := pathLog(30000, 5000)
	evs := make([]journey.Event, len(rows))
	for i, r := range rows {
		evs[i] = r.Event
	}
	bad := Event{Event: journey.Event{Customer: "c9", Time: time.Date(1066, 10, 14, 0, 0, 0, 0, time.UTC), Name: "visit", Channel: "web"}, Source: "events.csv", Line: len(rows) + 2}
	settings := []PathSettings{
		{Goal: []string{"buy"}},
		{Goal: []string{"buy", "cart"}, Until: "buy", Order: 2, KeepRepeats: true},
		{Goal: []string{"buy"}, Order: 3},
	}
	p, s := beam.NewPipelineWithRoot()
	in := spread(s, append(slices.Clone(rows), bad), 6)
	for _, st := range settings {
		table := journey.PathsFromJourneys(journey.BuildJourneys(evs, st.Goal...), st.Until)
		want, err := attribution.Markov(context.Background(), table, &attribution.MarkovSettings{Order: st.Order, KeepRepeats: st.KeepRepeats})
		if err != nil {
			t.Fatal(err)
		}
		if !want.Defined || len(table.Channels) != 4 {
			t.Fatalf("%+v: a weak test: defined %v, channels %q", st, want.Defined, table.Channels)
		}
		wantT := attribution.Transitions{Order: st.Order, KeepRepeats: st.KeepRepeats}
		for _, r := range table.Rows {
			path := attribution.Path{Conversions: r.Conversions, Value: r.Value, Nulls: r.Nulls}
			for _, c := range r.Touches {
				path.Channels = append(path.Channels, table.Channels[c])
			}
			if err := wantT.Add(path); err != nil {
				t.Fatal(err)
			}
		}
		transitions, result, rejected, err := MarkovPaths(s, &st, in)
		if err != nil {
			t.Fatal(err)
		}
		assertLines(s, beam.ParDo(s, markovLine, result), []string{markovLine(want)})
		assertLines(s, beam.ParDo(s, transitionsTotals, transitions), []string{transitionsTotals(wantT)})
		assertLines(s, beam.ParDo(s, rejectedLine, rejected), []string{fmt.Sprintf(
			"events.csv:%d timestamp=1066-10-14 00:00:00 +0000 UTC: journey: timestamp 1066-10-14 00:00:00 +0000 UTC at line %d: out of range: outside 1678–2262 (Unix nanoseconds)", len(rows)+2, len(rows)+2)})
	}
	merges, counted := runMerging(t, p)
	t.Logf("%d merges", merges)
	if counted != int64(len(settings)) {
		t.Errorf("counter cxkit/rejected = %d, want %d", counted, len(settings))
	}
}

// TestTransitionsMerge combines paths per key over manyKeys keys with
// MarkovPaths' CombineFn, so that accumulators cross the coder and are
// merged after the shuffle, and checks each key's counts against one pass.
func TestTransitionsMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var rows []keyedPath
	want := map[string]*attribution.Transitions{}
	for range 12000 {
		k := fmt.Sprintf("k%d", r.IntN(manyKeys))
		n := 1 + r.IntN(5)
		p := attribution.Path{Conversions: float64(r.IntN(2)), Nulls: float64(r.IntN(2))}
		p.Value = 10 * p.Conversions
		for range n {
			p.Channels = append(p.Channels, []string{"web", "app", "email"}[r.IntN(3)])
		}
		rows = append(rows, keyedPath{k, customerPath{Customer: fmt.Sprintf("c%d", r.IntN(100)), Path: p}})
		if want[k] == nil {
			want[k] = &attribution.Transitions{Order: 2}
		}
		if err := want[k].Add(p); err != nil {
			t.Fatal(err)
		}
	}
	var lines []string
	for k, tr := range want {
		lines = append(lines, k+" "+transitionsTotals(*tr))
	}
	p, s := beam.NewPipelineWithRoot()
	kv := beam.ParDo(s, splitKeyedPath, beam.CreateList(s, rows))
	tr := beam.CombinePerKey(s, &transitionsFn{Order: 2}, kv)
	assertLines(s, beam.ParDo(s, keyedTotals, tr), lines)
	runMerged(t, p)
}
