package funnel

import (
	"github.com/cxkit/cxkit/journey"

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
func ev(cust string, sec int, name string) journey.Event {
	return journey.Event{Customer: cust, Time: t0.Add(time.Duration(sec) * time.Second), Name: name, Channel: "web"}
}

func counts(r Result) []int {
	out := make([]int, len(r.Steps))
	for i, s := range r.Steps {
		out[i] = s.Count
	}
	return out
}

func TestFunnelByHand(t *testing.T) {
	events := []journey.Event{
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
	l := journey.NewLog(events)
	steps := []string{"visit", "view", "cart"}
	for _, tc := range []struct {
		order Order
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
	events := []journey.Event{
		ev("a", 0, "visit"), ev("a", 10, "view"), ev("a", 15, "chat"), ev("a", 20, "cart"), // excluded
		ev("b", 0, "visit"), ev("b", 10, "view"), ev("b", 20, "cart"), ev("b", 25, "chat"), // chat after cart: kept
		ev("c", 0, "visit"), ev("c", 10, "view"), ev("c", 50, "chat"), // no cart: interval ends at 0+100 s
		ev("d", 0, "visit"), ev("d", 5, "chat"), ev("d", 10, "view"), // chat before view: kept
	}
	f := Funnel{Steps: []string{"visit", "view", "cart"}, Window: 100 * time.Second,
		Exclusions: []Exclusion{{Event: "chat", From: 1, To: 2}}}
	r, err := f.Run(bg, journey.NewLog(events))
	require.NoError(t, err)
	assert.Equal(t, []int{2, 2, 1}, counts(r))
	assert.Equal(t, 2, r.CustomersExcluded)
}

func TestFunnelBreakdown(t *testing.T) {
	events := []journey.Event{
		ev("a", 0, "visit"), ev("a", 10, "view"),
		ev("b", 0, "visit"),
		ev("c", 0, "visit"), ev("c", 10, "view"),
	}
	events[2].Channel = "email"
	events[2].Properties = map[string]string{"plan": "pro"}
	r, err := (&Funnel{Steps: []string{"visit", "view"}, Window: time.Minute, BreakdownBy: "channel"}).Run(bg, journey.NewLog(events))
	require.NoError(t, err)
	require.Len(t, r.Breakdown, 2)
	assert.Equal(t, "email", r.Breakdown[0].Value)
	assert.Equal(t, []int{1, 0}, counts(r.Breakdown[0].Result))
	assert.Equal(t, "web", r.Breakdown[1].Value)
	assert.Equal(t, []int{2, 2}, counts(r.Breakdown[1].Result))
	assert.Equal(t, []int{3, 2}, counts(r))

	r, err = (&Funnel{Steps: []string{"visit", "view"}, Window: time.Minute, BreakdownBy: "plan"}).Run(bg, journey.NewLog(events))
	require.NoError(t, err)
	require.Len(t, r.Breakdown, 2)
	assert.Equal(t, "", r.Breakdown[0].Value)
	assert.Equal(t, "pro", r.Breakdown[1].Value)
}

func TestFunnelErrors(t *testing.T) {
	l := journey.NewLog([]journey.Event{ev("a", 0, "visit"), ev("a", 1, "view")})
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
			// An *InputError says "funnel: …"; other errors wrap the
			// model's sentinels, "journey: …".
			assert.True(t, strings.HasPrefix(err.Error(), "funnel: ") || strings.HasPrefix(err.Error(), "journey: "), err.Error())
		})
	}
}

// randomLog makes a log of nc customers with up to 12 events each from a
// small alphabet, times drawn from a small range so that ties occur, in a
// shuffled order.
func randomLog(rng *rand.Rand, nc int, ties bool) *journey.Log {
	names := []string{"a", "b", "c", "d", "x"}
	var events []journey.Event
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
	return journey.NewLog(events)
}

func sameResult(t *testing.T, want, got Result, msg string) {
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
		for _, order := range []Order{Ordered, Strict, Unordered} {
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
