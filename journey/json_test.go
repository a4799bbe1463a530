package journey

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonLog is a small log with every optional column: two customers, a
// property, a value.
func jsonLog() *Log {
	evs := []Event{ev("a", 0, "visit"), ev("a", 60, "cart"), ev("a", 120, "buy"), ev("b", 10, "visit"), ev("b", 20, "visit")}
	evs[2].Value, evs[2].Touchpoint = 42.5, "checkout"
	evs[3].Properties = map[string]string{"plan": "pro"}
	return NewLog(evs)
}

func TestJSONPaths(t *testing.T) {
	l := jsonLog()
	top, err := TopPaths(bg, l, 0, 0)
	require.NoError(t, err)
	wiretest.Golden(t, "paths", top)
	next, err := NextSteps(bg, l)
	require.NoError(t, err)
	wiretest.Golden(t, "next_steps", next)
	sw, err := ChannelSwitching(bg, l)
	require.NoError(t, err)
	wiretest.Golden(t, "switching", sw)
	empty, err := ChannelSwitching(bg, NewLog(nil))
	require.NoError(t, err)
	require.True(t, math.IsNaN(empty.SwitchRate))
	wiretest.RoundTrip(t, empty)
}

func TestJSONPathTable(t *testing.T) {
	pt := tinyTable(t)
	wiretest.Golden(t, "path_table", *pt)
	wiretest.RoundTrip(t, PathTable{})

	// A table that comes back from JSON equals the original (the
	// attribution tests check that it attributes the same) and takes new
	// rows.
	var back PathTable
	raw, err := json.Marshal(pt)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.True(t, wiretest.Equal(*pt, back))
	require.NoError(t, back.Add([]string{"C4", "C1"}, 1, 1, 0, nil), "a decoded table takes new rows")
	assert.Equal(t, []string{"C1", "C2", "C3", "C4"}, back.Channels)
	assert.Equal(t, []int32{3, 0}, back.Rows[len(back.Rows)-1].Touches)
}

func TestJSONLog(t *testing.T) {
	l := jsonLog()
	wiretest.Golden(t, "log", *l)
	wiretest.RoundTrip(t, Log{})
	read, err := ReadLog(strings.NewReader("customer_id,timestamp,event,value,plan\nA,2024-01-01,visit,1.5,pro\nB,2024-01-02,buy,,\n"))
	require.NoError(t, err)
	wiretest.RoundTrip(t, *read)

	// A decoded log equals the original (funnel.TestJSONDecodedLog runs the
	// same funnel on both) and takes new events.
	var back Log
	raw, err := json.Marshal(l)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.True(t, wiretest.Equal(*l, back))
	require.NoError(t, back.Add(&Event{Customer: "a", Name: "buy", Time: t0}))
	assert.Equal(t, int32(0), back.Customer[len(back.Customer)-1])
	assert.Len(t, back.Customers, 2)

	// Invalid logs do not decode.
	for _, in := range []string{
		`{"customers":["a"],"names":["x"],"customer":[0,0],"time":[1],"name":[0,0]}`,
		`{"customers":["a"],"names":["x"],"customer":[1],"time":[1],"name":[0]}`,
		`{"customers":["a"],"names":["x"],"customer":[0],"time":[1],"name":[-1]}`,
		`{"customers":["a"],"names":["x"],"customer":[0],"time":[1],"name":[0],"props":{"p":[]}}`,
	} {
		var x Log
		err := json.Unmarshal([]byte(in), &x)
		assert.True(t, errors.Is(err, ErrLength) || errors.Is(err, ErrOutOfRange), "%s: %v", in, err)
	}
	var pt PathTable
	err = json.Unmarshal([]byte(`{"channels":["A"],"rows":[{"touches":[1],"conversions":1,"value":0,"nulls":0,"days":null}]}`), &pt)
	assert.ErrorIs(t, err, ErrOutOfRange)
	err = json.Unmarshal([]byte(`{"channels":["A"],"rows":[{"touches":[0],"conversions":-1,"value":0,"nulls":0,"days":null}]}`), &pt)
	assert.ErrorIs(t, err, ErrNegative)
}

func TestJSONModel(t *testing.T) {
	for _, v := range []any{
		Customer{ID: "a", Properties: map[string]string{"plan": "pro"}},
		Event{Customer: "a", Time: t0, Name: "visit", Properties: map[string]string{"k": "v"}, Value: math.Inf(1)},
		Touchpoint{Name: "checkout", Stage: StagePurchase, Channel: "web"},
		SurveyResponse{Customer: "a", Time: t0, Kind: KindCES, Rating: 6},
		Purchase{Customer: "4", Time: t0, Amount: 29.33},
		Scale{0, 10},
		PathRow{Touches: []int32{0}, Conversions: 1},
		PathCount{Path: []string{"a", "b"}, Customers: 2},
		Transition{From: StartMarker, To: "a", Count: 1},
	} {
		b, err := json.Marshal(v)
		require.NoError(t, err, "%T", v)
		assert.NotContains(t, string(b), `"ID"`, "keys are snake_case")
	}
	wiretest.RoundTrip(t, Customer{ID: "a", Properties: map[string]string{"plan": "pro"}})
	wiretest.RoundTrip(t, Event{Customer: "a", Time: t0, Name: "visit", Properties: map[string]string{"k": "v"}, Value: math.Inf(1)})
	wiretest.RoundTrip(t, SurveyResponse{Customer: "a", Time: t0, Kind: KindCES, Rating: 6})
	wiretest.Golden(t, "purchase", Purchase{Customer: "4", Time: t0, Amount: 29.33})
}

func TestJSONEnums(t *testing.T) {
	wiretest.Enum[Stage](t, stageNames, ErrUnknown)
	wiretest.Enum[SurveyKind](t, kindNames, ErrUnknown)
	wiretest.Enum[Outcome](t, outcomeNames, ErrUnknown)

	b, err := json.Marshal(SurveyResponse{Kind: KindNPS})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"kind":"nps"`)
}
