package journey_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/logtest"
)

// bg is the context of the fuzz tests, which do not cancel.
var bg = context.Background()

func FuzzReadEvents(f *testing.F) {
	for _, s := range logtest.EventCSV {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := journey.ReadEvents(bytes.NewReader(data))
		l, errLog := journey.ReadLog(bytes.NewReader(data))
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
		if err := journey.WriteEvents(&b, events); err != nil {
			t.Fatal(err)
		}
		back, err := journey.ReadEvents(&b)
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
		js, err := l.Journeys()
		require.NoError(t, err)
		_ = journey.PathsFromJourneys(js, "")
		_, err = journey.TopPaths(bg, l, 3, 5)
		require.NoError(t, err)
		_, err = journey.NextSteps(bg, l)
		require.NoError(t, err)
		_, err = journey.ChannelSwitching(bg, l)
		require.NoError(t, err)
	})
}

// FuzzLog builds a Log straight from bytes, columns of any length and codes
// of any value, and runs everything of the model and the path utilities
// that takes a Log: nothing may panic, and a log whose columns differ in
// length is an error everywhere (funnel.FuzzRaggedLog runs the funnels on
// the same logs).
func FuzzLog(f *testing.F) {
	logtest.FuzzRagged(f, func(t *testing.T, l *journey.Log, n int, cut uint8) {
		shapeErr := l.CheckShape()
		valid := l.Validate()
		if shapeErr != nil && valid == nil {
			t.Fatal("Validate accepts a ragged log")
		}
		_, errs := l.Journeys()
		_, err1 := journey.TopPaths(bg, l, 2, 2)
		_, err2 := journey.NextSteps(bg, l)
		_, err3 := journey.ChannelSwitching(bg, l)
		for _, err := range []error{errs, err1, err2, err3} {
			if (err == nil) != (valid == nil) {
				t.Fatalf("error %v for a log Validate says %v", err, valid)
			}
		}
		for i := -1; i <= n; i++ {
			_, _ = l.Event(i)
		}
		if valid == nil {
			b, err := json.Marshal(l)
			if err != nil {
				t.Fatal(err)
			}
			var back journey.Log
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("a valid log does not decode: %v", err)
			}
		}
		if err := l.Sort(); (err == nil) != (valid == nil) {
			t.Fatalf("Sort: %v, Validate: %v", err, valid)
		}
		if err := l.Add(&journey.Event{Customer: "z", Name: "a"}); err == nil && shapeErr != nil {
			t.Fatal("Add to a ragged log")
		}
	})
}
