package simulate

import (
	"encoding/json"
	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/cases"

	"bytes"
	"context"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bg is the context of the tests that do not cancel.
var bg = context.Background()

var (
	cancelOnProgress = ctxtest.CancelOnProgress
	assertCancelled  = ctxtest.AssertCancelled
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

var updateSample = flag.Bool("update-sample", false, "rewrite testdata/sample_*.csv from Sample()")

// TestSampleData checks that the committed sample files are exactly what
// Sample() generates (run with -update-sample to rewrite them) and that they
// load back.
func TestSampleData(t *testing.T) {
	d, err := Sample().Run(bg)
	require.NoError(t, err)
	files := map[string]func(*bytes.Buffer) error{
		"testdata/sample_events.csv":    func(b *bytes.Buffer) error { return journey.WriteEvents(b, d.Events) },
		"testdata/sample_surveys.csv":   func(b *bytes.Buffer) error { return journey.WriteSurveys(b, d.Surveys) },
		"testdata/sample_purchases.csv": func(b *bytes.Buffer) error { return journey.WritePurchases(b, d.Purchases) },
	}
	for name, write := range files {
		var b bytes.Buffer
		require.NoError(t, write(&b))
		if *updateSample {
			require.NoError(t, os.WriteFile(name, b.Bytes(), 0o644))
		}
		got, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(b.Bytes(), got), "%s differs from Sample(); rerun with -update-sample", name)
	}
	events := cases.ReadFile(t, "testdata/sample_events.csv", journey.ReadEvents)
	require.Len(t, events, len(d.Events))
	for i := range events {
		require.True(t, events[i].Time.Equal(d.Events[i].Time))
		events[i].Time = d.Events[i].Time
	}
	assert.Equal(t, d.Events, events)
	assert.Len(t, cases.ReadFile(t, "testdata/sample_surveys.csv", journey.ReadSurveys), len(d.Surveys))
	assert.Len(t, cases.ReadFile(t, "testdata/sample_purchases.csv", journey.ReadPurchases), len(d.Purchases))
}

func TestSimulatorBehaviour(t *testing.T) {
	d, err := (&Simulator{Customers: 3000, SurveyProb: 0.9, Src: rand.NewPCG(7, 8)}).Run(bg)
	require.NoError(t, err)
	require.Len(t, d.Journeys, 3000)
	// Reproducible: the same seed gives the same data.
	d2, err := (&Simulator{Customers: 3000, SurveyProb: 0.9, Src: rand.NewPCG(7, 8)}).Run(bg)
	require.NoError(t, err)
	assert.Equal(t, d.Events, d2.Events)
	// Ratings lie on their scales.
	for _, r := range d.Surveys {
		sc := journey.DefaultScale(r.Kind)
		assert.True(t, r.Rating >= sc.Min && r.Rating <= sc.Max, "%+v", r)
	}
	// (experience.TestSimulatedData checks the experience signals: delivery
	// scores lowest, the moments of truth drive the NPS.)
	// Each payment is a purchase, and converted journeys are those that paid.
	paid := map[string]bool{}
	for _, p := range d.Purchases {
		paid[p.Customer] = true
		assert.Greater(t, p.Amount, 0.0)
	}
	for _, j := range d.Journeys {
		assert.Equal(t, paid[j.Customer], j.Outcome == journey.OutcomeConverted, j.Customer)
	}
	// Channel switching happens.
	sw, err := journey.ChannelSwitching(bg, journey.NewLog(d.Events))
	require.NoError(t, err)
	assert.Greater(t, sw.Switches, 0)
}

func TestSimulatorCancelAndErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&Simulator{Customers: 10}).Run(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	for _, s := range []Simulator{
		{Customers: -1},
		{Customers: MaxCustomers + 1},
		{SpanDays: math.NaN()},
		{SwitchProb: math.Inf(1)},
		{SpanDays: -3},
		{SurveyProb: 1.5},
		{Quality: map[string]float64{"delivery": 2}},
		{Map: &journey.Map{Stages: []journey.Stage{journey.StageAwareness}, Touchpoints: []journey.Touchpoint{{Name: "x", Stage: journey.StagePurchase, Channel: "web"}}}},
	} {
		_, err := s.Run(bg)
		assert.Error(t, err, "%+v", s)
	}
	var calls []int
	_, err = (&Simulator{Customers: 2500, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Progress: func(done, total int) { calls = append(calls, done) }}).Run(bg)
	require.NoError(t, err)
	assert.Equal(t, []int{1000, 2000, 2500}, calls)
}

// FuzzSimulator runs small simulations with any settings: errors, not
// panics.
func FuzzSimulator(f *testing.F) {
	f.Add(int16(20), 90.0, 0.2, 0.35, 0.5)
	f.Add(int16(-1), math.NaN(), 2.0, 0.0, -1.0)
	f.Fuzz(func(t *testing.T, customers int16, span, switchP, surveyP, quality float64) {
		s := Simulator{Customers: int(customers % 50), SpanDays: span, SwitchProb: switchP, SurveyProb: surveyP,
			Quality: map[string]float64{"checkout": quality}}
		d, err := s.Run(bg)
		if err == nil {
			if _, err := json.Marshal(d); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestCancelSimulator(t *testing.T) {
	ctx, progress, since := cancelOnProgress(1)
	_, err := (&Simulator{Customers: 1_000_000, Progress: progress}).Run(ctx)
	assertCancelled(t, err, since())
}

func TestJSON(t *testing.T) {
	d, err := (&Simulator{Customers: 3, Src: rand.NewPCG(1, 1)}).Run(bg)
	require.NoError(t, err)
	wiretest.RoundTrip(t, d)
	wiretest.Golden(t, "journey", d.Journeys[0])
	wiretest.Golden(t, "map", *DefaultMap())
	sim := Simulator{Customers: 10, Start: t0, SpanDays: 3, Quality: map[string]float64{"checkout": 0.9}, SwitchProb: -1,
		SurveyProb: 0.5, Src: rand.NewPCG(1, 2), Progress: func(int, int) {}}
	wiretest.Golden(t, "simulator", sim)
	wiretest.RoundTrip(t, Simulator{})
	wiretest.RoundTrip(t, Data{})
}

func TestZeroValues(t *testing.T) {
	var nilSim *Simulator
	_, err := nilSim.Run(bg)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = (&Simulator{Customers: math.MaxInt}).Run(bg)
	assert.ErrorIs(t, err, ErrOutOfRange, "a huge count is an error before anything is allocated")
}
