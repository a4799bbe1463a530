package cxbeam

import (
	"context"
	"fmt"
	"gonum.org/v1/gonum/optimize"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/journey"
)

// purchaseLog makes a log of about n purchases by customers c0…c(m−1) over
// 1997, at distinct instants per customer, with cent amounts; several
// purchases fall on the same day so that periods merge.
func purchaseLog(n, m int) []journey.Purchase {
	r := rand.New(rand.NewPCG(3, 4))
	start := time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]journey.Purchase, n)
	for i := range out {
		out[i] = journey.Purchase{
			Customer: fmt.Sprintf("c%d", r.IntN(m)),
			Time:     start.Add(time.Duration(r.Int64N(int64(365*24*time.Hour))) + time.Duration(i)), // i ns: distinct
			Amount:   float64(r.IntN(20000)) / 100,
		}
	}
	return out
}

func customerLine(c clv.Customer) string { return jsonLine(c.ID, c) }

func patternLine(p Pattern) string { return jsonLine("", p) }

func init() {
	register.Function1x1(customerLine)
	register.Function1x1(patternLine)
}

func TestCustomersMatchLibrary(t *testing.T) {
	log := purchaseLog(20000, 2600)
	bad := []journey.Purchase{
		{Customer: "c1", Time: log[0].Time, Amount: -5},
		{Customer: "c2", Time: log[1].Time, Amount: math.NaN()},
		{Customer: "c3", Time: time.Date(1200, 1, 1, 0, 0, 0, 0, time.UTC), Amount: 1},
	}
	for _, st := range []clv.SummarySettings{
		{Period: clv.Day, Unit: clv.Week},
		{Period: clv.Day, Unit: clv.Week, End: time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)},
	} {
		want, err := clv.Summarize(log, &st)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		patterns := map[patternKey]int{}
		for _, c := range want {
			lines = append(lines, customerLine(c))
			patterns[patternKey{c.Frequency, c.Recency, c.T}]++
		}
		var plines []string
		for k, n := range patterns {
			plines = append(plines, patternLine(Pattern{k.Frequency, k.Recency, k.T, n}))
		}
		slices.Sort(plines)
		if len(plines) == len(lines) {
			t.Fatal("every customer has its own pattern: the table test is weak")
		}

		p, s := beam.NewPipelineWithRoot()
		rows := append(slices.Clone(log), bad...)
		customers, rejected, err := Customers(s, &st, spread(s, rows, 5))
		if err != nil {
			t.Fatal(err)
		}
		assertLines(s, beam.ParDo(s, customerLine, customers), lines)
		assertLines(s, beam.ParDo(s, patternLine, Patterns(s, customers)), plines)
		passert.Count(s, rejected, "rejected", len(bad))
		// The customers are a GroupByKey, not a combine: no merges to check.
		if _, counted := runMerging(t, p); counted != int64(len(bad)) {
			t.Errorf("End %v: %d rejected counted, want %d", st.End, counted, len(bad))
		}
	}
}

func TestCustomersRejectDuplicates(t *testing.T) {
	at := time.Date(1997, 2, 1, 10, 0, 0, 0, time.UTC)
	log := []journey.Purchase{
		{Customer: "a", Time: at, Amount: 5},
		{Customer: "a", Time: at.Add(48 * time.Hour), Amount: 7},
		{Customer: "a", Time: at.Add(48 * time.Hour), Amount: 7}, // duplicate
		{Customer: "b", Time: at.Add(24 * time.Hour), Amount: 1},
	}
	st := clv.SummarySettings{RejectDuplicates: true}
	want, err := clv.Summarize(slices.Delete(slices.Clone(log), 2, 3), &st)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range want {
		lines = append(lines, customerLine(c))
	}
	p, s := beam.NewPipelineWithRoot()
	customers, rejected, err := Customers(s, &st, beam.CreateList(s, log))
	if err != nil {
		t.Fatal(err)
	}
	assertLines(s, beam.ParDo(s, customerLine, customers), lines)
	dup := &clv.InputError{Index: -1, Field: "transaction of customer", Value: "a",
		Err: fmt.Errorf("%w: same time (%v) and amount (7) as another", clv.ErrDuplicate, at.Add(48*time.Hour))}
	assertLines(s, beam.ParDo(s, rejectedLine, rejected), []string{":0 transaction of customer=a: " + dup.Error()})
	runMerging(t, p)

	if _, _, err := Customers(s, &clv.SummarySettings{Period: -clv.Day}, customers); err == nil {
		t.Error("Customers took a negative period")
	}
}

// spendLog is purchaseLog with amounts around a mean of each customer's
// own, spread over customers as a gamma mixture (so that the Gamma-Gamma
// fit has a maximum), in cents.
func spendLog(n, m int) []journey.Purchase {
	log := purchaseLog(n, m)
	r := rand.New(rand.NewPCG(5, 6))
	means := map[string]float64{}
	for i, p := range log {
		mu, ok := means[p.Customer]
		if !ok {
			mu = 10 * (r.ExpFloat64() + r.ExpFloat64() + r.ExpFloat64())
			means[p.Customer] = mu
		}
		log[i].Amount = math.Round(mu*(r.ExpFloat64()+r.ExpFloat64())*50) / 100
	}
	return log
}

func modelFitLine(f ModelFit) string   { return jsonLine("", f) }
func valueLine(v CustomerValue) string { return jsonLine(v.Customer.ID, v) }

func init() {
	register.Function1x1(modelFitLine)
	register.Function1x1(valueLine)
}

// libraryFit is FitPatterns' and FitSpend's computation on one machine:
// the library's weighted fit on the pattern table (for Gamma-Gamma, on the
// customers themselves).
func libraryFit(t *testing.T, m Model, customers []clv.Customer) (ModelFit, clv.TransactionModel, clv.GammaGamma) {
	t.Helper()
	ctx := context.Background()
	out := ModelFit{Model: m}
	var tm clv.TransactionModel
	var gg clv.GammaGamma
	var err error
	if m == GammaGamma {
		gg, out.Fit, err = clv.FitGammaGamma(ctx, customers, nil, nil)
		pairs := map[[2]float64]bool{}
		for _, c := range customers {
			if c.Frequency > 0 {
				pairs[[2]float64{c.Frequency, c.Monetary}] = true
				out.Customers++
			}
		}
		out.Rows = len(pairs)
	} else {
		var table clv.PatternTable
		if err := table.AddAll(slices.Values(customers)); err != nil {
			t.Fatal(err)
		}
		data, counts := table.Result()
		out.Rows, out.Customers = len(data), len(customers)
		switch m {
		case BGNBD:
			tm, out.Fit, err = clv.FitBGNBD(ctx, data, counts, nil)
		case ParetoNBD:
			tm, out.Fit, err = clv.FitParetoNBD(ctx, data, counts, nil)
		default:
			t.Fatalf("libraryFit: %v", m)
		}
	}
	if err != nil {
		t.Fatalf("%v: %v", m, err)
	}
	return out, tm, gg
}

// TestFitAndPredictMatchLibrary fits BG/NBD (and Pareto/NBD) on the pattern
// table and Gamma-Gamma on the (x, z̄) table in the pipeline and predicts
// every customer; the fits and every prediction equal the library's on one
// machine bit for bit (equal JSON lines: every float written exactly).
func TestFitAndPredictMatchLibrary(t *testing.T) {
	log := spendLog(12000, 2600)
	st := clv.SummarySettings{Period: clv.Day, Unit: clv.Week}
	customers, err := clv.Summarize(log, &st)
	if err != nil {
		t.Fatal(err)
	}
	ps := PredictSettings{Horizon: 26, Discounting: clv.Discounting{Period: 4, Rate: 0.01},
		Windows: []clv.Window{{From: 0, To: 26}, {From: 26, To: 52}}}
	for _, m := range []Model{BGNBD} { // ParetoNBD too when changing FitPatterns (10 s more)
		wantFit, tm, _ := libraryFit(t, m, customers)
		wantSpend, _, gg := libraryFit(t, GammaGamma, customers)
		if wantFit.Rows >= len(customers) {
			t.Fatalf("%d patterns for %d customers: the table test is weak", wantFit.Rows, len(customers))
		}
		values, err := clv.CLV(context.Background(), tm, gg, customers, ps.Discounting, ps.Windows...)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for i, c := range customers {
			lines = append(lines, valueLine(CustomerValue{Customer: c, ProbAlive: tm.ProbAlive(c),
				ExpectedPurchases: tm.ConditionalExpectedPurchases(c, ps.Horizon),
				Spend:             gg.ConditionalExpectedSpend(c), Value: values[i]}))
		}
		// The model rebuilt from the estimates is the library's.
		if got, err := wantFit.Transactions(); err != nil || got != tm {
			t.Fatalf("%v: Transactions() = %+v, %v; want %+v", m, got, err, tm)
		}
		if got, err := wantSpend.Spend(); err != nil || got != gg {
			t.Fatalf("Spend() = %+v, %v; want %+v", got, err, gg)
		}

		p, s := beam.NewPipelineWithRoot()
		cs, _, err := Customers(s, &st, spread(s, log, 5))
		if err != nil {
			t.Fatal(err)
		}
		fit, err := FitPatterns(s, m, nil, Patterns(s, cs))
		if err != nil {
			t.Fatal(err)
		}
		spend, err := FitSpend(s, nil, cs)
		if err != nil {
			t.Fatal(err)
		}
		vals, rejected, err := Predict(s, &ps, fit, spend, cs)
		if err != nil {
			t.Fatal(err)
		}
		assertLines(s, beam.ParDo(s, modelFitLine, fit), []string{modelFitLine(wantFit)})
		assertLines(s, beam.ParDo(s, modelFitLine, spend), []string{modelFitLine(wantSpend)})
		assertLines(s, beam.ParDo(s, valueLine, vals), lines)
		passert.Empty(s, rejected)
		runMerging(t, p)
	}
}

// TestPatternFitEqualsCustomerFit checks the premise of FitPatterns on the
// library alone: the weighted fit on the pattern table equals the fit on
// the customers (bit for bit: the library compresses the customers to the
// same table itself).
func TestPatternFitEqualsCustomerFit(t *testing.T) {
	customers, err := clv.Summarize(purchaseLog(12000, 2600), &clv.SummarySettings{Period: clv.Day, Unit: clv.Week})
	if err != nil {
		t.Fatal(err)
	}
	table, _, _ := libraryFit(t, BGNBD, customers)
	m, full, err := clv.FitBGNBD(context.Background(), customers, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(table.Fit.Estimate, full.Estimate) || table.Fit.LogLik != full.LogLik {
		t.Errorf("pattern-table fit %v (LL %v) differs from the customers' fit %v = %+v (LL %v)",
			table.Fit.Estimate, table.Fit.LogLik, full.Estimate, m, full.LogLik)
	}
}

func TestPredictSettingsErrors(t *testing.T) {
	_, s := beam.NewPipelineWithRoot()
	cs := beam.Create(s, clv.Customer{T: 1})
	fit := beam.Create(s, ModelFit{})
	for _, ps := range []PredictSettings{
		{},
		{Horizon: math.NaN()},
		{Horizon: 1, Spend: -1},
		{Horizon: 1, Windows: []clv.Window{{From: 2, To: 1}}},
		{Horizon: 1, Windows: []clv.Window{{From: 0, To: 1}}, Discounting: clv.Discounting{Period: -1}},
	} {
		if _, _, err := Predict(s, &ps, fit, beam.PCollection{}, cs); err == nil {
			t.Errorf("Predict took %+v", ps)
		}
	}
	if _, err := FitPatterns(s, GammaGamma, nil, cs); err == nil {
		t.Error("FitPatterns took GammaGamma")
	}
	if _, err := FitPatterns(s, BGNBD, &clv.FitSettings{Method: &optimize.NelderMead{}}, cs); err == nil {
		t.Error("FitPatterns took a Method")
	}
}
