package funnel

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// byCustomer returns each customer's events of the log, in log order.
func byCustomer(t *testing.T, l *journey.Log) [][]journey.Event {
	t.Helper()
	out := make([][]journey.Event, len(l.Customers))
	for i := range l.Customer {
		e, err := l.Event(i)
		require.NoError(t, err)
		out[l.Customer[i]] = append(out[l.Customer[i]], e)
	}
	return out
}

// stepped computes the funnel per customer with a Stepper, tallies the
// outcomes per breakdown value in parts merged in a shuffled order, and
// assembles the Result as Run does.
func stepped(t *testing.T, rng *rand.Rand, f Funnel, custs [][]journey.Event) Result {
	t.Helper()
	st, err := f.Stepper()
	require.NoError(t, err)
	parts := make([]map[string]*Tally, 3)
	for i := range parts {
		parts[i] = map[string]*Tally{}
	}
	for _, evs := range custs {
		o, err := st.Customer(bg, evs)
		require.NoError(t, err)
		if o.Level == 0 && !o.Excluded {
			continue // in no breakdown value, as in Run
		}
		p := parts[rng.IntN(len(parts))]
		if p[o.Breakdown] == nil {
			p[o.Breakdown] = &Tally{Steps: f.Steps}
		}
		require.NoError(t, p[o.Breakdown].Add(o))
	}
	rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	groups := map[string]*Tally{}
	total := Tally{}
	for _, p := range parts {
		for k, tl := range p {
			if groups[k] == nil {
				groups[k] = &Tally{}
			}
			require.NoError(t, groups[k].Merge(*tl))
			require.NoError(t, total.Merge(*tl))
		}
	}
	if total.Steps == nil {
		total.Steps = f.Steps
	}
	res, err := total.Result()
	require.NoError(t, err)
	if f.BreakdownBy != "" {
		for _, k := range slices.Sorted(maps.Keys(groups)) {
			r, err := groups[k].Result()
			require.NoError(t, err)
			res.Breakdown = append(res.Breakdown, Group{Value: k, Result: r})
		}
	}
	return res
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestStepperMatchesRun checks that per-customer outcomes, tallied and
// merged in any grouping, give Run's result bit for bit (compared as JSON,
// which writes every float exactly), for every order, with ties, step
// windows, exclusions and breakdowns.
func TestStepperMatchesRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	ran := 0
	for trial := range 120 {
		l := randomLog(rng, 50, trial%2 == 0)
		plans := []string{"", "pro", "free"}
		l.Props = map[string][]string{"plan": make([]string, l.Len())}
		l.Channels = []string{"web", "email", "app"}
		for i := range l.Channel {
			l.Channel[i] = int32(rng.IntN(3))
			l.Props["plan"][i] = plans[rng.IntN(3)]
		}
		f := Funnel{Steps: []string{"a", "b", "c"}, Order: Order(trial % 3), Window: time.Duration(5+rng.IntN(300)) * time.Second}
		if trial%4 == 1 {
			f.Steps = []string{"a", "b", "a", "c"} // a repeated step
			f.Order = Ordered + Order(trial%8/4)
		}
		if f.Order != Unordered && trial%5 == 0 {
			f.StepWindows = make([]time.Duration, len(f.Steps))
			f.StepWindows[1] = time.Duration(1+rng.IntN(100)) * time.Second
		}
		if f.Order != Unordered && trial%3 == 1 {
			f.Exclusions = []Exclusion{{Event: "x", From: 0, To: len(f.Steps) - 1}}
		}
		f.BreakdownBy = []string{"", "channel", "plan"}[trial%3]
		want, err := f.Run(bg, l)
		if errors.Is(err, ErrUnknown) {
			continue // a step or the exclusion event is not in this log
		}
		require.NoError(t, err)
		got := stepped(t, rng, f, byCustomer(t, l))
		require.Equal(t, jsonOf(t, want), jsonOf(t, got), "trial %d: %+v", trial, f)
		ran++
	}
	require.Greater(t, ran, 100, "too few trials had every step in the log")
}

func TestStepperUnsortedAndErrors(t *testing.T) {
	f := Funnel{Steps: []string{"visit", "view"}, Window: time.Minute, BreakdownBy: "channel"}
	st, err := f.Stepper()
	require.NoError(t, err)
	evs := []journey.Event{ev("a", 20, "view"), ev("a", 10, "visit"), ev("a", 5, "visit")}
	evs[2].Channel = "email"
	o, err := st.Customer(bg, evs)
	require.NoError(t, err)
	assert.Equal(t, Outcome{Level: 2, Times: []int64{evs[1].Time.UnixNano(), evs[0].Time.UnixNano()}, Breakdown: "email"}, o)
	_, err = st.Customer(bg, []journey.Event{{Time: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), Name: "visit"}})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.ErrorIs(t, err, ErrOutOfRange)
	o, err = st.Customer(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, o.Level)
	_, err = (&Funnel{Steps: []string{"a"}}).Stepper()
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = (*Funnel)(nil).Stepper()
	assert.ErrorIs(t, err, ErrEmpty)
	ctx, cancel := context.WithCancel(bg)
	cancel()
	many := make([]journey.Event, 1<<12)
	for i := range many {
		many[i] = ev("a", i%3, "visit") // ties: every attempt is followed
	}
	slow, err := (&Funnel{Steps: []string{"visit", "view"}, Window: time.Hour, Order: Strict}).Stepper()
	require.NoError(t, err)
	_, err = slow.Customer(ctx, many)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestTallyErrors(t *testing.T) {
	tl := Tally{Steps: []string{"a", "b"}}
	for _, o := range []Outcome{
		{Level: 3, Times: []int64{1, 2, 3}},
		{Level: -1},
		{Level: 2, Times: []int64{1}},
		{Level: 2, Times: []int64{5, 1}},
		{Level: 1, Times: []int64{1}, Excluded: true},
		{Level: 2, Times: []int64{-1 << 63, 1 << 62}},
	} {
		assert.Error(t, tl.Add(o), "%+v", o)
	}
	assert.Nil(t, tl.Counts, "a rejected outcome changed the tally")
	require.NoError(t, tl.AddAll(slices.Values([]Outcome{{Level: 2, Times: []int64{1, 4}}, {Level: 1, Times: []int64{2}}, {Excluded: true}, {}})))
	err := tl.AddAll(slices.Values([]Outcome{{}, {Level: 9}}))
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 1, ie.Index)
	assert.Equal(t, Tally{Steps: []string{"a", "b"}, Counts: []int{2, 1}, Gaps: [][]int64{nil, {3}}, ToConvert: []int64{3}, Excluded: 1}, tl)

	for name, o := range map[string]Tally{
		"steps":      {Steps: []string{"a", "c"}},
		"step count": {Steps: []string{"a"}},
		"counts":     {Steps: []string{"a", "b"}, Counts: []int{1}, Gaps: [][]int64{nil, nil}},
		"rising":     {Steps: []string{"a", "b"}, Counts: []int{1, 2}, Gaps: [][]int64{nil, {1, 2}}},
		"negative":   {Steps: []string{"a", "b"}, Excluded: -1},
		"gaps":       {Steps: []string{"a", "b"}, Counts: []int{1, 0}, Gaps: [][]int64{{1}, nil}},
	} {
		before := jsonOf(t, tl)
		assert.Error(t, tl.Merge(o), name)
		assert.Equal(t, before, jsonOf(t, tl), name)
	}
	var zero Tally
	require.NoError(t, zero.Add(Outcome{Excluded: true}))
	require.NoError(t, zero.Merge(tl))
	assert.Equal(t, tl.Counts, zero.Counts)
	assert.Equal(t, 2, zero.Excluded)
	_, err = Tally{}.Result()
	assert.ErrorIs(t, err, ErrEmpty)
	r, err := Tally{Steps: []string{"a"}}.Result()
	require.NoError(t, err)
	assert.Equal(t, 0, r.Steps[0].Count)

	wiretest.RoundTrip(t, tl)
	wiretest.RoundTrip(t, Tally{})
	wiretest.RoundTrip(t, Outcome{Level: 1, Times: []int64{5}, Breakdown: "web"})
	var back Tally
	assert.Error(t, json.Unmarshal([]byte(`{"steps":["a"],"counts":[1,2],"gaps":[[],[]]}`), &back))
}

// FuzzTallyMerge checks that merging tallies of any split of the outcomes
// gives the tally of all of them, and that Merge never panics.
func FuzzTallyMerge(f *testing.F) {
	f.Add([]byte{2, 1, 5, 3, 0, 0, 1, 9, 3, 1, 2, 3}, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		steps := []string{"a", "b", "c"}
		var outs []Outcome
		for i := 0; i+3 < len(data) && len(outs) < 100; i += 4 {
			level := int(data[i] % 5)
			o := Outcome{Level: min(level, 3), Excluded: level == 4}
			if o.Excluded {
				o.Level = 0
			}
			for k := range o.Level {
				o.Times = append(o.Times, int64(data[i+1+k%3])*int64(k+1))
			}
			outs = append(outs, o)
		}
		all, a, b := Tally{Steps: steps}, Tally{Steps: steps}, Tally{Steps: steps}
		var errAll error
		for i, o := range outs {
			errAll = errors.Join(errAll, all.Add(o))
			if i < int(cut) {
				_ = a.Add(o)
			} else {
				_ = b.Add(o)
			}
		}
		if errAll != nil {
			return // times going back: rejected
		}
		require.NoError(t, a.Merge(b))
		ra, err := a.Result()
		require.NoError(t, err)
		rAll, err := all.Result()
		require.NoError(t, err)
		require.Equal(t, jsonOf(t, rAll), jsonOf(t, ra))
	})
}
