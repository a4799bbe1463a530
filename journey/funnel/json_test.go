package funnel

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonLog is a small log with every optional column: two customers, a
// property, a value.
func jsonLog() *journey.Log {
	evs := []journey.Event{ev("a", 0, "visit"), ev("a", 60, "cart"), ev("a", 120, "buy"), ev("b", 10, "visit"), ev("b", 20, "visit")}
	evs[2].Value, evs[2].Touchpoint = 42.5, "checkout"
	evs[3].Properties = map[string]string{"plan": "pro"}
	return journey.NewLog(evs)
}

func TestJSONFunnel(t *testing.T) {
	l := jsonLog()
	f := Funnel{Steps: []string{"visit", "cart", "buy"}, Window: time.Hour}
	r, err := f.Run(bg, l)
	require.NoError(t, err)
	require.True(t, math.IsNaN(r.Steps[0].MedianSeconds), "step 1 has no time: the value that made json.Marshal fail")
	wiretest.Golden(t, "result", r)
	b, err := json.Marshal(r.Steps[0])
	require.NoError(t, err)
	assert.Contains(t, string(b), `"median_seconds":null`)

	// Degenerate: nobody gets past step 1, and a breakdown.
	f = Funnel{Steps: []string{"visit", "buy"}, Window: time.Second, BreakdownBy: "plan"}
	r, err = f.Run(bg, l)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(r.MedianSecondsToConvert))
	wiretest.RoundTrip(t, r)
	// No customer reaches step 1: every rate is 0/0.
	r, err = (&Funnel{Steps: []string{"buy", "visit"}, Window: time.Nanosecond}).Run(bg, journey.NewLog([]journey.Event{ev("a", 0, "visit"), ev("a", 0, "buy")}))
	require.NoError(t, err)
	wiretest.RoundTrip(t, r)

	// The definition itself, with every field.
	wiretest.Golden(t, "funnel", Funnel{Steps: []string{"visit", "cart", "buy"}, Order: Strict, Window: 72 * time.Hour,
		StepWindows: []time.Duration{0, time.Hour, 0}, Exclusions: []Exclusion{{Event: "refund", From: 0, To: 2}},
		BreakdownBy: "channel", Goroutines: 2, Progress: func(int, int) {}})
	wiretest.RoundTrip(t, Funnel{})
}

// TestJSONDecodedLog runs the same funnel on a log and on its JSON round
// trip.
func TestJSONDecodedLog(t *testing.T) {
	l := jsonLog()
	var back journey.Log
	raw, err := json.Marshal(l)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &back))
	f := Funnel{Steps: []string{"visit", "cart", "buy"}, Window: time.Hour}
	r1, err := f.Run(bg, l)
	require.NoError(t, err)
	r2, err := f.Run(bg, &back)
	require.NoError(t, err)
	assert.True(t, wiretest.Equal(r1, r2))
}

func TestJSONTypes(t *testing.T) {
	for _, v := range []any{
		Exclusion{Event: "x", From: 1, To: 2},
		Group{Value: "web"},
		Step{Name: "a", ConversionFromFirst: math.NaN(), MedianSeconds: math.NaN(), MeanSeconds: math.NaN()},
	} {
		b, err := json.Marshal(v)
		require.NoError(t, err, "%T", v)
		assert.NotContains(t, string(b), `"Name"`, "keys are snake_case")
	}
	wiretest.RoundTrip(t, Exclusion{Event: "x", From: 1, To: 2})
	wiretest.RoundTrip(t, Step{Name: "a", ConversionFromFirst: math.NaN(), MedianSeconds: math.NaN(), MeanSeconds: math.NaN()})
}

func TestJSONOrder(t *testing.T) {
	seen := map[string]bool{}
	for i := range 3 {
		b, err := Order(i).MarshalText()
		require.NoError(t, err)
		assert.False(t, seen[string(b)], "names are distinct")
		seen[string(b)] = true
		assert.Equal(t, strings.ToLower(string(b)), string(b))
		var v Order
		require.NoError(t, v.UnmarshalText(b))
		assert.Equal(t, Order(i), v)
	}
	_, err := Order(3).MarshalText()
	assert.Error(t, err)
	_, err = Order(-1).MarshalText()
	assert.Error(t, err)
	var v Order
	assert.ErrorIs(t, v.UnmarshalText([]byte("no-such-name")), ErrUnknown)
	var f Funnel
	require.Error(t, json.Unmarshal([]byte(`{"order":"sideways"}`), &f))
	// An enumeration without a name cannot be sent.
	_, err = json.Marshal(Funnel{Order: Order(9)})
	assert.Error(t, err)
}
