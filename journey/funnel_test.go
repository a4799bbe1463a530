package journey

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// ev builds an event at t0 + sec seconds.
func ev(cust string, sec int, name string) Event {
	return Event{Customer: cust, Time: t0.Add(time.Duration(sec) * time.Second), Name: name, Channel: "web"}
}

func counts(r FunnelResult) []int {
	out := make([]int, len(r.Steps))
	for i, s := range r.Steps {
		out[i] = s.Count
	}
	return out
}

func TestFunnelByHand(t *testing.T) {
	events := []Event{
		// a: visit, noise, view, cart: 3 steps; gaps 10 s and 20 s.
		ev("a", 0, "visit"), ev("a", 5, "search"), ev("a", 10, "view"), ev("a", 30, "cart"),
		// b: visit, cart, view: ordered reaches 2 (no cart after view); unordered 3.
		ev("b", 0, "visit"), ev("b", 10, "cart"), ev("b", 20, "view"),
		// c: view before visit: ordered and strict 1; unordered counts 2 from the view.
		ev("c", 0, "view"), ev("c", 10, "visit"),
		// d: visit, view after the window (100 s).
		ev("d", 0, "visit"), ev("d", 101, "view"),
		// e: two attempts; the second is faster to step 2 (gap 5 s vs 50 s).
		ev("e", 0, "visit"), ev("e", 45, "visit"), ev("e", 50, "view"),
	}
	l := NewLog(events)
	steps := []string{"visit", "view", "cart"}
	for _, tc := range []struct {
		order StepOrder
		want  []int
	}{
		{Ordered, []int{5, 3, 1}},
		{Strict, []int{5, 1, 0}}, // only e's second attempt is visit>view back to back; a has "search" between
		{Unordered, []int{5, 4, 2}},
	} {
		t.Run(tc.order.String(), func(t *testing.T) {
			r, err := (&Funnel{Steps: steps, Order: tc.order, Window: 100 * time.Second}).Run(bg, l)
			require.NoError(t, err)
			assert.Equal(t, tc.want, counts(r))
		})
	}
	r, err := (&Funnel{Steps: steps, Window: 100 * time.Second}).Run(bg, l)
	require.NoError(t, err)
	// Step 2 gaps: a 10, b 20, e 5 (the faster attempt) → median 10, mean 35/3.
	assert.InDelta(t, 10, r.Steps[1].MedianSeconds, 1e-12)
	assert.InDelta(t, 35.0/3, r.Steps[1].MeanSeconds, 1e-12)
	assert.InDelta(t, 20, r.Steps[2].MedianSeconds, 1e-12)
	assert.InDelta(t, 30, r.MedianSecondsToConvert, 1e-12)
	assert.False(t, r.Steps[0].TimeDefined)
	assert.True(t, math.IsNaN(r.Steps[0].MedianSeconds))
	assert.InDelta(t, 0.6, r.Steps[1].ConversionFromFirst, 1e-15)
	assert.Equal(t, 2, r.Steps[1].DropOff)
	assert.InDelta(t, 2.0/3, r.Steps[2].DropOffRate, 1e-15)

	// A per-step window of 15 s between visit and view drops b (20 s)... b's
	// view is 20 s after its visit; a's 10 s and e's 5 s pass.
	r, err = (&Funnel{Steps: steps, Window: 100 * time.Second, StepWindows: []time.Duration{0, 15 * time.Second, 0}}).Run(bg, l)
	require.NoError(t, err)
	assert.Equal(t, []int{5, 2, 1}, counts(r))
}

func TestFunnelExclusionByHand(t *testing.T) {
	events := []Event{
		ev("a", 0, "visit"), ev("a", 10, "view"), ev("a", 15, "chat"), ev("a", 20, "cart"), // excluded
		ev("b", 0, "visit"), ev("b", 10, "view"), ev("b", 20, "cart"), ev("b", 25, "chat"), // chat after cart: kept
		ev("c", 0, "visit"), ev("c", 10, "view"), ev("c", 50, "chat"), // no cart: interval ends at 0+100 s
		ev("d", 0, "visit"), ev("d", 5, "chat"), ev("d", 10, "view"), // chat before view: kept
	}
	f := Funnel{Steps: []string{"visit", "view", "cart"}, Window: 100 * time.Second,
		Exclusions: []Exclusion{{Event: "chat", From: 1, To: 2}}}
	r, err := f.Run(bg, NewLog(events))
	require.NoError(t, err)
	assert.Equal(t, []int{2, 2, 1}, counts(r))
	assert.Equal(t, 2, r.CustomersExcluded)
}

func TestFunnelBreakdown(t *testing.T) {
	events := []Event{
		ev("a", 0, "visit"), ev("a", 10, "view"),
		ev("b", 0, "visit"),
		ev("c", 0, "visit"), ev("c", 10, "view"),
	}
	events[2].Channel = "email"
	events[2].Properties = map[string]string{"plan": "pro"}
	r, err := (&Funnel{Steps: []string{"visit", "view"}, Window: time.Minute, BreakdownBy: "channel"}).Run(bg, NewLog(events))
	require.NoError(t, err)
	require.Len(t, r.Breakdown, 2)
	assert.Equal(t, "email", r.Breakdown[0].Value)
	assert.Equal(t, []int{1, 0}, counts(r.Breakdown[0].Result))
	assert.Equal(t, "web", r.Breakdown[1].Value)
	assert.Equal(t, []int{2, 2}, counts(r.Breakdown[1].Result))
	assert.Equal(t, []int{3, 2}, counts(r))

	r, err = (&Funnel{Steps: []string{"visit", "view"}, Window: time.Minute, BreakdownBy: "plan"}).Run(bg, NewLog(events))
	require.NoError(t, err)
	require.Len(t, r.Breakdown, 2)
	assert.Equal(t, "", r.Breakdown[0].Value)
	assert.Equal(t, "pro", r.Breakdown[1].Value)
}

func TestFunnelErrors(t *testing.T) {
	l := NewLog([]Event{ev("a", 0, "visit"), ev("a", 1, "view")})
	for _, tc := range []struct {
		name string
		f    Funnel
		err  error
		msg  string
	}{
		{"no steps", Funnel{Window: time.Hour}, ErrEmpty, "no steps"},
		{"unknown step", Funnel{Steps: []string{"visit", "buy"}, Window: time.Hour}, ErrUnknown, `step buy at index 1`},
		{"zero window", Funnel{Steps: []string{"visit"}}, ErrOutOfRange, "0s"},
		{"negative window", Funnel{Steps: []string{"visit"}, Window: -time.Second}, ErrOutOfRange, "-1s"},
		{"bad order", Funnel{Steps: []string{"visit"}, Window: time.Hour, Order: 7}, ErrUnknown, "order 7"},
		{"step windows length", Funnel{Steps: []string{"visit", "view"}, Window: time.Hour, StepWindows: []time.Duration{0}}, ErrLength, "1 step windows"},
		{"negative step window", Funnel{Steps: []string{"visit", "view"}, Window: time.Hour, StepWindows: []time.Duration{0, -1}}, ErrOutOfRange, "step window -1ns at index 1"},
		{"exclusion range", Funnel{Steps: []string{"visit", "view"}, Window: time.Hour, Exclusions: []Exclusion{{"visit", 1, 1}}}, ErrOutOfRange, "exclusion steps 1..1 at index 0"},
		{"exclusion event", Funnel{Steps: []string{"visit", "view"}, Window: time.Hour, Exclusions: []Exclusion{{"chat", 0, 1}}}, ErrUnknown, `exclusion event chat`},
		{"unordered duplicate", Funnel{Steps: []string{"visit", "visit"}, Window: time.Hour, Order: Unordered}, ErrUnsupported, "distinct"},
		{"unordered exclusion", Funnel{Steps: []string{"visit", "view"}, Window: time.Hour, Order: Unordered, Exclusions: []Exclusion{{"visit", 0, 1}}}, ErrUnsupported, "exclusions"},
		{"breakdown", Funnel{Steps: []string{"visit"}, Window: time.Hour, BreakdownBy: "region"}, ErrUnknown, `region`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.f.Run(bg, l)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.err)
			assert.Contains(t, err.Error(), tc.msg)
			assert.True(t, strings.HasPrefix(err.Error(), "journey: "), err.Error())
		})
	}
}

// randomLog makes a log of nc customers with up to 12 events each from a
// small alphabet, times drawn from a small range so that ties occur, in a
// shuffled order.
func randomLog(rng *rand.Rand, nc int, ties bool) *Log {
	names := []string{"a", "b", "c", "d", "x"}
	var events []Event
	for c := 0; c < nc; c++ {
		n := rng.IntN(12)
		used := map[int]bool{}
		for range n {
			sec := rng.IntN(60)
			if !ties {
				for used[sec] {
					sec = rng.IntN(600)
				}
				used[sec] = true
			}
			events = append(events, ev(string(rune('A'+c%26))+string(rune('a'+c/26)), sec, names[rng.IntN(len(names))]))
		}
	}
	rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
	return NewLog(events)
}

func sameResult(t *testing.T, want, got FunnelResult, msg string) {
	t.Helper()
	require.Equal(t, counts(want), counts(got), msg)
	for k := range want.Steps {
		w, g := want.Steps[k], got.Steps[k]
		assert.Equal(t, w.TimeDefined, g.TimeDefined, msg)
		if w.TimeDefined {
			assert.InDelta(t, w.MedianSeconds, g.MedianSeconds, 1e-9, msg)
			assert.InDelta(t, w.MeanSeconds, g.MeanSeconds, 1e-9, msg)
		}
	}
	if math.IsNaN(want.MedianSecondsToConvert) {
		assert.True(t, math.IsNaN(got.MedianSecondsToConvert), msg)
	} else {
		assert.InDelta(t, want.MedianSecondsToConvert, got.MedianSecondsToConvert, 1e-9, msg)
	}
	assert.Equal(t, want.CustomersExcluded, got.CustomersExcluded, msg)
}

// TestFunnelPathsAgree checks the one-pass kernel and the per-customer
// dynamic programme against the literal scan of every attempt, on random
// logs with and without equal timestamps, sorted and shuffled.
func TestFunnelPathsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 150 {
		l := randomLog(rng, 40, trial%2 == 0)
		f := Funnel{Steps: []string{"a", "b", "c"}, Window: time.Duration(5+rng.IntN(300)) * time.Second}
		if trial%3 == 0 {
			f.StepWindows = []time.Duration{0, time.Duration(1+rng.IntN(100)) * time.Second, 0}
		}
		want, err := f.run(bg, l, modeBrute)
		require.NoError(t, err)
		for _, mode := range []int{modeFast, modeGeneral} {
			got, err := f.run(bg, l, mode)
			require.NoError(t, err)
			sameResult(t, want, got, "mode")
		}
		for _, g := range []int{2, 3} {
			fg := f
			fg.Goroutines = g
			got, err := fg.Run(bg, l)
			require.NoError(t, err)
			sameResult(t, want, got, "goroutines")
		}
		require.NoError(t, l.Sort())
		for _, g := range []int{1, 2, 3} {
			fg := f
			fg.Goroutines = g
			got, err := fg.Run(bg, l)
			require.NoError(t, err)
			sameResult(t, want, got, "sorted")
		}
	}
}

// TestFunnelInvariants checks, on random logs and every order, that counts
// never rise from step to step, that drop-offs add up, and that rates lie in
// [0, 1].
func TestFunnelInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 60 {
		l := randomLog(rng, 30, true)
		for _, order := range []StepOrder{Ordered, Strict, Unordered} {
			r, err := (&Funnel{Steps: []string{"a", "b", "c", "d"}, Order: order, Window: 200 * time.Second}).Run(bg, l)
			require.NoError(t, err)
			total := 0
			for k, s := range r.Steps {
				if k > 0 {
					assert.LessOrEqual(t, s.Count, r.Steps[k-1].Count, "trial %d", trial)
					total += s.DropOff
				}
				if s.Count > 0 {
					assert.True(t, s.ConversionFromFirst >= 0 && s.ConversionFromFirst <= 1)
				}
			}
			assert.Equal(t, r.Steps[0].Count-r.Steps[3].Count, total)
		}
	}
}

func TestGroupAndSort(t *testing.T) {
	events := []Event{ev("b", 5, "x"), ev("a", 3, "y"), ev("b", 1, "z"), ev("a", 3, "w"), ev("a", 1, "v")}
	l := NewLog(events)
	js := must(l.Journeys("w"))
	require.Len(t, js, 2)
	assert.Equal(t, "b", js[0].Customer)
	assert.Equal(t, []string{"z", "x"}, names(js[0].Events))
	assert.Equal(t, []string{"v", "y", "w"}, names(js[1].Events)) // tie at 3 s keeps input order
	assert.Equal(t, OutcomeConverted, js[1].Outcome)
	assert.Equal(t, OutcomeOpen, js[0].Outcome)
	require.NoError(t, l.Sort())
	assert.True(t, slices.IsSortedFunc(l.Customer, func(a, b int32) int { return int(a - b) }))
	bj := BuildJourneys(events, "w")
	assert.Equal(t, "a", bj[0].Customer)
	assert.Equal(t, []string{"v", "y", "w"}, names(bj[0].Events))
	assert.Equal(t, js[1].Outcome, bj[0].Outcome)
}

func names(es []Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

func TestPathsAndSwitchingByHand(t *testing.T) {
	events := []Event{
		ev("a", 0, "visit"), ev("a", 1, "visit"), ev("a", 2, "view"),
		ev("b", 0, "visit"), ev("b", 1, "view"),
		ev("c", 0, "email"),
	}
	events[1].Channel = "app"
	l := NewLog(events)
	top := must(TopPaths(bg, l, 0, 0))
	require.Len(t, top, 2)
	assert.Equal(t, "visit>view", top[0].String())
	assert.Equal(t, 2, top[0].Customers)
	prev := must(PreviousSteps(bg, l))
	assert.Contains(t, prev, Transition{From: StartMarker, To: "visit", Count: 2})
	assert.Contains(t, prev, Transition{From: "visit", To: "view", Count: 2})
	next := must(NextSteps(bg, l))
	assert.Contains(t, next, Transition{From: "email", To: EndMarker, Count: 1})
	sw := must(ChannelSwitching(bg, l))
	assert.Equal(t, 3, sw.Customers)
	assert.Equal(t, 3, sw.Transitions)
	assert.Equal(t, 2, sw.Switches) // web→app→web
	assert.Equal(t, 1, sw.Matrix["web"]["app"])
	assert.InDelta(t, 1.0/3, sw.ShareMultichannel, 1e-15)
	empty := must(ChannelSwitching(bg, NewLog(nil)))
	assert.True(t, math.IsNaN(empty.SwitchRate))
}

func TestReadEventsErrors(t *testing.T) {
	const head = "customer_id,timestamp,event,channel\n"
	for _, tc := range []struct {
		name, in, msg string
		err           error
	}{
		{"empty", "", "line 1", ErrMissing},
		{"no event column", "customer_id,timestamp\nA,2024-01-01\n", "line 1", ErrMissing},
		{"bad time", head + "A,2024-01-01T00:00:00Z,visit,web\nA,yesterday,visit,web\n", "line 3", ErrMalformed},
		{"31 February", head + "A,2024-02-31T00:00:00Z,visit,web\n", "line 2", ErrMalformed},
		{"field count", head + "A,2024-01-01T00:00:00Z,visit\n", "line 2", ErrMalformed},
		{"empty customer", head + ",2024-01-01T00:00:00Z,visit,web\n", "line 2", ErrMissing},
		{"empty event", head + "A,2024-01-01T00:00:00Z,,web\n", "line 2", ErrMissing},
		{"bad quote", head + "A,2024-01-01T00:00:00Z,\"vi\"sit,web\n", "line 2", ErrMalformed},
		{"bad value", "customer_id,timestamp,event,value\nA,2024-01-01,visit,NaN\n", "line 2", ErrNonFinite},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadEvents(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.err)
			var le *InputError
			require.True(t, errors.As(err, &le))
			assert.Contains(t, err.Error(), tc.msg)
			_, err2 := ReadLog(strings.NewReader(tc.in))
			assert.Equal(t, err.Error(), err2.Error())
		})
	}
	evs, err := ReadEvents(strings.NewReader("Customer,Time,Name,touchpoint,value,plan\nA,2024-01-01 10:00:00,visit,home,2.5,pro\nB,2024-01-02,visit,,,\n"))
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, Event{Customer: "A", Time: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC), Name: "visit",
		Touchpoint: "home", Value: 2.5, Properties: map[string]string{"plan": "pro"}}, evs[0])
	assert.Nil(t, evs[1].Properties)
}

func TestReadSurveysAndPurchasesErrors(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"customer_id,timestamp,touchpoint,kind\n", "line 1"},
		{"customer_id,timestamp,touchpoint,kind,rating\nA,2024-01-01,checkout,nps,9\nA,2024-01-01,checkout,stars,4\n", "line 3"},
		{"customer_id,timestamp,touchpoint,kind,rating\nA,2024-01-01,checkout,csat,four\n", "line 2"},
		{"customer_id,timestamp,touchpoint,kind,rating\nA,soon,checkout,csat,4\n", "line 2"},
	} {
		_, err := ReadSurveys(strings.NewReader(tc.in))
		require.Error(t, err, tc.in)
		assert.Contains(t, err.Error(), tc.msg)
	}
	for _, tc := range []struct{ in, msg string }{
		{"customer_id,timestamp\n", "line 1"},
		{"customer_id,timestamp,amount\nA,2024-01-01,-3\n", "line 2"},
		{"customer_id,timestamp,amount\nA,2024-01-01,3\nB,x,3\n", "line 3"},
	} {
		_, err := ReadPurchases(strings.NewReader(tc.in))
		require.Error(t, err, tc.in)
		assert.Contains(t, err.Error(), tc.msg)
	}
}

// TestFunnelSortedKernel checks the column kernel (sorted logs) against the
// literal scan for one to four steps, with and without step windows, so that
// its step-2 shortcut (ladder.moveOn1) and the general advance both run.
// randomFunnel returns an ordered funnel over steps with a window of min
// to min+span−1 seconds and, if stepWindows, step windows below stepSpan
// seconds.
func randomFunnel(rng *rand.Rand, steps []string, min, span, stepSpan int, stepWindows bool) Funnel {
	f := Funnel{Steps: steps, Window: time.Duration(min+rng.IntN(span)) * time.Second}
	if stepWindows {
		f.StepWindows = make([]time.Duration, len(steps))
		for k := 1; k < len(steps); k++ {
			f.StepWindows[k] = time.Duration(rng.IntN(stepSpan)) * time.Second
		}
	}
	return f
}

func TestFunnelSortedKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	all := []string{"a", "b", "c", "d", "x"}
	for trial := range 200 {
		l := randomLog(rng, 60, trial%4 == 0)
		require.NoError(t, l.Sort())
		f := randomFunnel(rng, all[:1+trial%4], 5, 300, 120, trial%3 == 0)
		want, err := f.run(bg, l, modeBrute)
		require.NoError(t, err)
		got, err := f.run(bg, l, modeFast)
		require.NoError(t, err)
		sameResult(t, want, got, fmt.Sprintf("sorted kernel trial %d", trial))
	}
}

// TestMeanInt64 checks the exact-sum mean against big-integer arithmetic,
// on values whose sums overflow int64 too.
func TestMeanInt64(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := range 300 {
		x := make([]int64, 1+rng.IntN(2000))
		for i := range x {
			switch trial % 3 {
			case 0:
				x[i] = int64(rng.ExpFloat64() * 1e12)
			case 1:
				x[i] = rng.Int64() - rng.Int64()/2
			case 2:
				x[i] = []int64{math.MinInt64, math.MaxInt64, -1, 1}[rng.IntN(4)]
			}
		}
		sum := new(big.Int)
		for _, v := range x {
			sum.Add(sum, big.NewInt(v))
		}
		want, _ := new(big.Float).Quo(new(big.Float).SetInt(sum), big.NewFloat(float64(len(x)))).Float64()
		got := meanInt64(x)
		assert.InDelta(t, want, got, 4e-16*math.Abs(want)+1e-300, "trial %d", trial)
	}
}

// TestMedianInt64 checks the radix selection behind the funnel's medians
// against sorting, on wide, narrow, repeated and extreme values, and that
// it leaves its input as it is.
func TestMedianInt64(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	draw := []func() int64{
		func() int64 { return rng.Int64() - rng.Int64() },
		func() int64 { return int64(rng.IntN(5)) },
		func() int64 { return int64(rng.ExpFloat64() * 1e12) },
		func() int64 { return []int64{math.MinInt64, math.MaxInt64}[rng.IntN(2)] },
	}
	for trial := range 400 {
		x := make([]int64, 1+rng.IntN(5000))
		for i := range x {
			x[i] = draw[trial%len(draw)]()
		}
		orig := slices.Clone(x)
		s := slices.Clone(x)
		slices.Sort(s)
		n := len(s)
		want := float64(s[n/2])
		if n%2 == 0 {
			want = (float64(s[n/2-1]) + float64(s[n/2])) / 2
		}
		require.Equal(t, want, medianInt64(x), "trial %d, n %d", trial, n)
		k := rng.IntN(n)
		require.Equal(t, s[k], selectInt64(x, k), "trial %d, rank %d", trial, k)
		require.Equal(t, orig, x, "trial %d: input changed", trial)
	}
}
