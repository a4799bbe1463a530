package journey

import (
	"context"
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func FuzzReadEvents(f *testing.F) {
	f.Add([]byte("customer_id,timestamp,event,channel\nA,2024-03-10T09:23:07Z,visit,web\nB,2024-03-10,view,\n"))
	f.Add([]byte("customer,time,name,value,plan\nA,2024-03-10 09:23:07,visit,2.5,pro\n"))
	f.Add([]byte("customer_id,timestamp,event\n\"A\"\"\",2024-03-10T09:23:07.123+02:00,visit\n"))
	f.Add([]byte("customer_id,timestamp,event\nA,2024-13-10T09:23:07Z,visit\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := ReadEvents(bytes.NewReader(data))
		l, errLog := ReadLog(bytes.NewReader(data))
		if (err == nil) != (errLog == nil) {
			t.Fatalf("ReadEvents error %v, ReadLog error %v", err, errLog)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if l.Len() != len(events) {
			t.Fatalf("%d events, log of %d", len(events), l.Len())
		}
		// Round trip through the writer.
		var b bytes.Buffer
		if err := WriteEvents(&b, events); err != nil {
			t.Fatal(err)
		}
		back, err := ReadEvents(&b)
		if err != nil {
			t.Fatalf("reading written events: %v\n%s", err, b.String())
		}
		if len(back) != len(events) {
			t.Fatalf("round trip: %d events, want %d", len(back), len(events))
		}
		for i := range back {
			if !back[i].Time.Equal(events[i].Time) || back[i].Customer != events[i].Customer || back[i].Name != events[i].Name {
				t.Fatalf("round trip event %d: %+v, want %+v", i, back[i], events[i])
			}
		}
		// Everything downstream runs without panicking.
		js := must(l.Journeys())
		_ = PathsFromJourneys(js, "")
		_ = must(TopPaths(bg, l, 3, 5))
		_ = must(NextSteps(bg, l))
		_ = must(ChannelSwitching(bg, l))
		if l.Len() > 0 {
			_, _ = (&Funnel{Steps: []string{l.Names[0]}, Window: time.Hour}).Run(bg, l)
		}
	})
}

func FuzzReadSurveys(f *testing.F) {
	f.Add([]byte("customer_id,timestamp,touchpoint,kind,rating\nA,2024-01-01,checkout,ces,5\nA,2024-01-02,,nps,9\n"))
	f.Add([]byte("customer_id,timestamp,amount\nA,2024-01-01,12.5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := ReadSurveys(bytes.NewReader(data))
		if err != nil && !strings.Contains(err.Error(), "line ") {
			t.Fatalf("error without a line: %v", err)
		}
		if err == nil {
			exp := Experience(DefaultMap(), rs)
			n := 0
			for _, e := range exp {
				n += len(e.Ratings)
			}
			rel := 0
			for _, r := range rs {
				if r.Touchpoint == "" {
					rel++
				}
			}
			if n+rel != len(rs) {
				t.Fatalf("experience holds %d ratings of %d", n, len(rs)-rel)
			}
		}
		ps, err := ReadPurchases(bytes.NewReader(data))
		if err != nil && !strings.Contains(err.Error(), "line ") {
			t.Fatalf("error without a line: %v", err)
		}
		for _, p := range ps {
			if !(p.Amount >= 0) {
				t.Fatalf("amount %v", p.Amount)
			}
		}
	})
}

func FuzzReadPaths(f *testing.F) {
	f.Add([]byte("path,total_conversions,total_conversion_value,total_null,touch_days_before_conversion\nC1 > C2 > C3,1,100.0,0,6>3>0\nC1,0,0.0,1,0\nC2 > C3,0,0.0,1,3>0\n"), uint8(1))
	f.Add([]byte("path,total_conversions,total_conversion_value,total_null\nA>A>B,2,5,1\nB,0,0,3\n"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, order uint8) {
		pt, err := ReadPaths(bytes.NewReader(data), ">")
		if err != nil {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if len(pt.Rows) == 0 || len(pt.Rows) > 200 {
			return
		}
		tc, _, _ := pt.Totals()
		a, err := Heuristic(bg, pt, Linear, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := sum(a.Conversions) - tc; math.Abs(d) > 1e-9*math.Max(1, tc) {
			t.Fatalf("linear attribution sums to %v, want %v", sum(a.Conversions), tc)
		}
		r, err := Markov(bg, pt, &MarkovSettings{Order: int(order%4) + 1})
		if err != nil {
			t.Fatal(err)
		}
		if r.Defined && math.Abs(sum(r.Attribution.Conversions)-tc) > 1e-6*math.Max(1, tc) {
			t.Fatalf("Markov attribution sums to %v, want %v", sum(r.Attribution.Conversions), tc)
		}
		if len(pt.Channels) <= 12 {
			if _, err := Shapley(bg, pt, nil); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzFunnel decodes events from bytes (customer, second, name: three bytes
// each) and checks the fast paths against the literal attempt scan in every
// order, plus the count invariants.
func FuzzFunnel(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 5, 1, 0, 9, 2, 1, 0, 0, 1, 3, 2, 1, 2, 1}, uint16(10), uint8(0), false)
	f.Add([]byte{0, 0, 0, 0, 0, 1, 0, 1, 2, 0, 1, 1}, uint16(1), uint8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, window uint16, order uint8, excl bool) {
		names := []string{"a", "b", "c", "x"}
		var events []Event
		for i := 0; i+2 < len(data) && len(events) < 300; i += 3 {
			events = append(events, Event{Customer: string('A' + rune(data[i]%8)),
				Time: t0.Add(time.Duration(data[i+1]) * time.Second), Name: names[data[i+2]%4]})
		}
		l := NewLog(events)
		for _, s := range []string{"a", "b", "c"} {
			if _, ok := l.NameCode(s); !ok {
				l.Names = append(l.Names, s) // a step may never occur
			}
		}
		if len(data) > 0 && data[0]&1 == 1 {
			_ = l.Sort() // in (customer, time) order: the level-by-level kernel's input
		}
		fn := Funnel{Steps: []string{"a", "b", "c"}, Order: StepOrder(order % 3), Window: time.Duration(window) * time.Second}
		if excl && fn.Order != Unordered {
			if _, ok := l.NameCode("x"); ok {
				fn.Exclusions = []Exclusion{{Event: "x", From: 0, To: 2}}
			}
		}
		want, err := fn.run(bg, l, modeBrute)
		if window == 0 {
			if err == nil {
				t.Fatal("window 0 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []int{modeFast, modeGeneral} {
			got, err := fn.run(bg, l, mode)
			if err != nil {
				t.Fatal(err)
			}
			for k := range want.Steps {
				if got.Steps[k].Count != want.Steps[k].Count {
					t.Fatalf("mode %d step %d: %d, literal scan %d", mode, k, got.Steps[k].Count, want.Steps[k].Count)
				}
				if want.Steps[k].TimeDefined && math.Abs(got.Steps[k].MedianSeconds-want.Steps[k].MedianSeconds) > 1e-9 {
					t.Fatalf("mode %d step %d median %v, literal scan %v", mode, k, got.Steps[k].MedianSeconds, want.Steps[k].MedianSeconds)
				}
			}
		}
		for k := 1; k < len(want.Steps); k++ {
			if want.Steps[k].Count > want.Steps[k-1].Count {
				t.Fatalf("counts rise: %v", counts(want))
			}
		}
	})
}

// bg is the context of the tests that do not cancel.
var bg = context.Background()

// must returns v, and panics (failing the test) if err is not nil.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
