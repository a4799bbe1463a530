package journey

import (
	"errors"
	"io"
	"math"
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
	readSurveys := func(r io.Reader) error { _, err := ReadSurveys(r); return err }
	readPurchases := func(r io.Reader) error { _, err := ReadPurchases(r); return err }
	for _, tc := range []struct {
		read    func(io.Reader) error
		in, msg string
	}{
		{readSurveys, "customer_id,timestamp,touchpoint,kind\n", "line 1"},
		{readSurveys, "customer_id,timestamp,touchpoint,kind,rating\nA,2024-01-01,checkout,nps,9\nA,2024-01-01,checkout,stars,4\n", "line 3"},
		{readSurveys, "customer_id,timestamp,touchpoint,kind,rating\nA,2024-01-01,checkout,csat,four\n", "line 2"},
		{readSurveys, "customer_id,timestamp,touchpoint,kind,rating\nA,soon,checkout,csat,4\n", "line 2"},
		{readPurchases, "customer_id,timestamp\n", "line 1"},
		{readPurchases, "customer_id,timestamp,amount\nA,2024-01-01,-3\n", "line 2"},
		{readPurchases, "customer_id,timestamp,amount\nA,2024-01-01,3\nB,x,3\n", "line 3"},
	} {
		err := tc.read(strings.NewReader(tc.in))
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
