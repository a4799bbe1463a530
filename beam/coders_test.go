package cxbeam

import (
	"bytes"
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
	"github.com/cxkit/cxkit/journey/funnel"
	"github.com/cxkit/cxkit/nps"
	"github.com/cxkit/cxkit/retention"
	"github.com/cxkit/cxkit/segment"
)

// roundTrip encodes v with the coder Beam infers for its type (the one a
// pipeline would use, with RequireAllFieldsExported on) and decodes it.
func roundTrip(t *testing.T, v any) (any, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := beam.NewElementEncoder(reflect.TypeOf(v)).Encode(v, &buf); err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	enc := bytes.Clone(buf.Bytes())
	got, err := beam.NewElementDecoder(reflect.TypeOf(v)).Decode(&buf)
	if err != nil {
		t.Fatalf("decoding %T: %v", v, err)
	}
	if buf.Len() != 0 {
		t.Fatalf("%T: %d bytes left after decoding", v, buf.Len())
	}
	return got, enc
}

func TestCoderRoundTrip(t *testing.T) {
	var n nps.Tally
	for _, r := range []int{0, 6, 7, 9, 10, 10} {
		_ = n.Add(r)
	}
	var w nps.WeightedTally
	_ = w.Add(9, 1.5)
	_ = w.Add(3, 0)
	_ = w.Add(7, 1e300)
	cs := csat.Tally{Scale: csat.Scale7}
	_ = cs.Add(6)
	ce := ces.Tally{Version: ces.V1}
	_ = ce.Add(5)
	var sum abtest.Summary
	for _, x := range []float64{1, 2.5, -3, 1e9} {
		_ = sum.Add(x)
	}
	var ratio abtest.RatioSummary
	_ = ratio.Add(3, 4)
	_ = ratio.Add(0.5, 1)
	var tab clv.PatternTable
	for _, c := range []clv.Customer{{Frequency: 2, Recency: 3, T: 5}, {T: 5}, {Frequency: 2, Recency: 3, T: 5}} {
		if err := tab.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var cohorts retention.CohortCounts
	for _, c := range []retention.Customer{{Starts: []time.Time{day}, Returns: []time.Time{day.AddDate(0, 0, 8)}}, {Starts: []time.Time{day.AddDate(0, 0, 1)}}} {
		if err := cohorts.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	var risk retention.RiskSet
	for _, x := range []retention.Tenure{{Time: 3, Event: true}, {Time: 5.5}, {Time: 3, Event: true, Entry: 1}} {
		if err := risk.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	values := []any{
		n, nps.Tally{}, w, nps.WeightedTally{}, cs, csat.Tally{}, ce, ces.Tally{},
		abtest.Proportion{Successes: 3, Trials: 10}, abtest.Proportion{}, sum, abtest.Summary{}, ratio, abtest.RatioSummary{},
		Response{Key: "a", Rating: 9, Weight: 0.5, Source: "x.csv", Line: 3},
		Weighted{Rating: 3, Weight: 2}, RatioUnit{Num: 1, Den: 2},
		Rejected{Source: "x.csv", Line: 4, Field: "rating", Value: "11", Reason: "nps: rating 11 at line 4: out of range 0..10"},
		Pattern{Frequency: 2, Recency: 30.5, T: 38.857142857142854, Count: 17},
		patternKey{Frequency: 1, Recency: 2, T: 3},
		clv.Customer{ID: "c1", Frequency: 2, Recency: 3, T: 4, Monetary: 5.25},
		Point{ID: "p", X: []float64{1, -2.5}}, sampled{Priority: 1 << 63, ID: "p", X: []float64{3}},
		sampleAcc{Points: []sampled{{Priority: 2, ID: "a", X: []float64{1}}}},
		spendKey{Frequency: 2, Monetary: 3.5}, spendRow{Frequency: 2, Monetary: 3.5, Count: 4},
		rfmCuts{Recency: []rfmCut{{Value: 3, Customer: "c"}}, Frequency: []rfmCut{}, Monetary: []rfmCut{}},
		segment.RFM{Customer: "c", Recency: 3, Frequency: 2, Days: 2, Monetary: 9.99, R: 5, F: 4, M: 3, Segment: segment.SegmentOf(5, 4)},
		Record{Source: "x.csv", Line: 2, Values: []string{"a", "1"}},
	}
	for _, v := range values {
		got, enc := roundTrip(t, v)
		if !reflect.DeepEqual(got, v) {
			t.Errorf("%T: got %+v, want %+v", v, got, v)
		}
		// The accumulators with MarshalBinary travel in that encoding.
		if m, ok := v.(encoding.BinaryMarshaler); ok {
			b, err := m.MarshalBinary()
			if err != nil || !bytes.HasSuffix(enc, b) {
				t.Errorf("%T: Beam's encoding % x does not end with MarshalBinary's % x (%v)", v, enc, b, err)
			}
		}
	}
	// Values with NaN or times: compare what matters.
	p := journey.Purchase{Customer: "ü", Time: time.Date(1997, 3, 4, 5, 6, 7, 8, time.FixedZone("x", 3600)), Amount: 12.5}
	got, _ := roundTrip(t, p)
	if g := got.(journey.Purchase); g.Customer != p.Customer || !g.Time.Equal(p.Time) || g.Amount != p.Amount {
		t.Errorf("journey.Purchase: got %+v, want %+v", g, p)
	}
	transitions := attribution.Transitions{Order: 1}
	if err := transitions.Add(attribution.Path{Channels: []string{"email", "search"}, Conversions: 1, Value: 2.5, Nulls: 2}); err != nil {
		t.Fatal(err)
	}
	tt, err := abtest.WelchTSummary(sum, sum, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{
		ArmTest{Arm: "b", Control: "a", Mean: tt, Err: ""},
		SRMResult{Arms: []string{"a", "b"}, Observed: []int{4, 5}, Err: "x"},
		ModelFit{Model: ParetoNBD, Fit: clv.FitResult{LogLik: -3, Params: []string{"r"}, Estimate: []float64{1.5},
			StdErr: []float64{math.NaN()}, Cov: [][]float64{{2}}}, Rows: 3, Customers: 7, Err: "e"},
		CustomerValue{Customer: clv.Customer{ID: "c", T: 2}, ProbAlive: 1, ExpectedPurchases: 0.5, Spend: math.NaN(), Value: []float64{1, 2}},
		KMeansFit{Result: segment.Result{Centers: segment.Matrix{Data: []float64{1, 2}, Rows: 1, Cols: 2}, Labels: []int{0}, Sizes: []int{1}, Inertia: 0.5}, Sample: 1},
		transitions, tab, clv.PatternTable{}, cohorts, risk, retention.RiskSet{},
		pathCounts{Transitions: transitions, First: []channelFirst{{Channel: "email", Customer: "c2", Pos: 0}, {Channel: "search", Customer: "c2", Pos: 1}, {Channel: "web", Customer: "c1", Pos: 300}}},
		attribution.MarkovResult{Order: 1, States: 2, PRemoved: []float64{0.25}, RemovalEffects: []float64{math.NaN()}},
		funnel.Result{Steps: []funnel.Step{{Name: "a", Count: 3, MedianSeconds: math.NaN()}}, MedianSecondsToConvert: 1.5},
	} {
		got, _ := roundTrip(t, v)
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(v)
		if !bytes.Equal(a, b) {
			t.Errorf("%T: got %s, want %s", v, a, b)
		}
	}
}

func TestLayoutErrors(t *testing.T) {
	// The accumulators' coder rejects what their UnmarshalBinary rejects.
	for _, v := range []encoding.BinaryMarshaler{
		abtest.Summary{N: 2, Mean: 1, M2: 0.5}, abtest.Proportion{Successes: 1, Trials: 2},
		clv.PatternTable{Customers: []clv.Customer{{Frequency: 2, Recency: 3, T: 5}}, Counts: []float64{4}},
	} {
		good, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"empty": nil, "truncated": good[:len(good)-1], "trailing": append(bytes.Clone(good), 0)} {
			if _, err := decBinary(reflect.TypeOf(v), b); err == nil {
				t.Errorf("decBinary took %s %T bytes % x", name, v, b)
			}
		}
	}
	bad := encPurchase(journey.Purchase{Customer: "abc"})
	if _, err := decPurchase(bad[:3]); err == nil {
		t.Error("decPurchase took a truncated value")
	}
	// Every layout fixes its first byte; a new layout needs a new version.
	if got := encPurchase(journey.Purchase{Customer: "a"}); got[0] != 1 {
		t.Errorf("Purchase layout % x", got)
	}
}
