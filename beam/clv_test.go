package cxbeam

import (
	"fmt"
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
		customers, rejected, err := Customers(s, st, spread(s, rows, 5))
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
	customers, rejected, err := Customers(s, st, beam.CreateList(s, log))
	if err != nil {
		t.Fatal(err)
	}
	assertLines(s, beam.ParDo(s, customerLine, customers), lines)
	dup := &clv.InputError{Index: -1, Field: "transaction of customer", Value: "a",
		Err: fmt.Errorf("%w: same time (%v) and amount (7) as another", clv.ErrDuplicate, at.Add(48*time.Hour))}
	assertLines(s, beam.ParDo(s, rejectedLine, rejected), []string{":0 transaction of customer=a: " + dup.Error()})
	runMerging(t, p)

	if _, _, err := Customers(s, clv.SummarySettings{Period: -clv.Day}, customers); err == nil {
		t.Error("Customers took a negative period")
	}
}
