package cxbeam

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/journey"
)

// Customers turns a purchase log, a PCollection<journey.Purchase>, into one
// clv.Customer summary per customer (a PCollection<clv.Customer>), as
// clv.Summarize does on one machine with the same settings: the purchases
// are grouped by customer (one shuffle of the log) and each customer's
// purchases are summarised by clv.Summarize itself. When settings.End is
// zero the end of observation is the latest purchase of the whole log, found
// by a global combine and handed to every worker as a side input, as the
// library's default.
//
// Each customer's purchases are put in order of time, then amount, before
// summarising, so the result does not depend on the order the shuffle
// delivers them in; it equals clv.Summarize's on any log in which no
// customer has two purchases at the same instant (and on any log sorted
// that way). The output is unordered.
//
// Rows that clv.Summarize would reject (a negative, NaN or infinite amount,
// a time too far from the origin) go to the second output, a
// PCollection<Rejected>, and the rest is summarised. With
// settings.RejectDuplicates, a purchase with the same customer, time and
// amount as another is rejected and the first one kept. Invalid settings
// are an error before the pipeline is built.
func Customers(s beam.Scope, settings clv.SummarySettings, purchases beam.PCollection) (customers, rejected beam.PCollection, err error) {
	if err := checkSettings(settings); err != nil {
		return beam.PCollection{}, beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.Customers")
	ok, bad := beam.ParDo2(s, &checkPurchaseFn{Settings: settings}, purchases)
	latest := beam.Combine(s, latestFn, beam.DropKey(s, ok))
	grouped := beam.GroupByKey(s, ok)
	out, dups := beam.ParDo2(s, &summarizeFn{Settings: settings}, grouped, beam.SideInput{Input: latest})
	return out, beam.Flatten(s, bad, dups), nil
}

// checkSettings returns clv.Summarize's error for invalid settings (a
// negative Period or Unit, an End too far from the origin).
func checkSettings(st clv.SummarySettings) error {
	row := journey.Purchase{Time: st.Origin}
	if row.Time.IsZero() {
		row.Time = time.Unix(0, 0)
	}
	_, err := clv.Summarize([]journey.Purchase{row}, &st)
	var ie *clv.InputError
	if err == nil || errors.Is(err, clv.ErrEmpty) || errors.As(err, &ie) {
		return nil
	}
	return err
}

// Pattern is one distinct (frequency, recency, T) of a customer table with
// the number of customers who share it: the sufficient statistic of the
// BG/NBD, Pareto/NBD and BG/BB likelihoods, so that a model can be fitted
// on a table whose size is bounded by the number of periods², not by the
// number of customers.
//
// JSON keys: frequency, recency, t, count.
type Pattern struct {
	Frequency, Recency, T float64
	Count                 int
}

// Patterns counts the customers of a PCollection<clv.Customer> per distinct
// (Frequency, Recency, T) and returns a PCollection<Pattern> (unordered;
// the counts are exact). Monetary values are not part of a pattern.
func Patterns(s beam.Scope, customers beam.PCollection) beam.PCollection {
	s = s.Scope("cxbeam.Patterns")
	keyed := beam.ParDo(s, patternKeyFn, customers)
	counts := beam.CombinePerKey(s, sumFn, keyed)
	return beam.ParDo(s, patternFn, counts)
}

// patternKey is the shuffle key of Patterns.
type patternKey struct {
	Frequency, Recency, T float64
}

func patternKeyFn(c clv.Customer) (patternKey, int) {
	return patternKey{c.Frequency, c.Recency, c.T}, 1
}

func patternFn(k patternKey, n int) Pattern {
	return Pattern{Frequency: k.Frequency, Recency: k.Recency, T: k.T, Count: n}
}

// checkPurchaseFn applies clv.Summarize's row checks to one purchase and
// keys the good ones by customer.
type checkPurchaseFn struct{ Settings clv.SummarySettings }

func (f *checkPurchaseFn) ProcessElement(ctx context.Context, p journey.Purchase, ok func(string, journey.Purchase), bad func(Rejected)) {
	st := f.Settings
	st.End = p.Time // only the row's own checks, not the end of observation
	st.RejectDuplicates = false
	if _, err := clv.Summarize([]journey.Purchase{p}, &st); err != nil {
		rejectedCounter.Inc(ctx, 1)
		field, value := "purchase", fmt.Sprintf("%s %v %v", p.Customer, p.Time, p.Amount)
		var ie *clv.InputError
		if errors.As(err, &ie) {
			ie.Index = -1
			field, value = ie.Field, ie.Value
		}
		bad(Rejected{Field: field, Value: value, Reason: fmt.Sprintf("%v (customer %q)", err, p.Customer)})
		return
	}
	ok(p.Customer, p)
}

// latestFn keeps the later purchase (the earlier amount, then the smaller
// customer id on ties, so the choice is the same in every merge order).
func latestFn(a, b journey.Purchase) journey.Purchase {
	if c := a.Time.Compare(b.Time); c != 0 {
		if c > 0 {
			return a
		}
		return b
	}
	if a.Customer <= b.Customer {
		return a
	}
	return b
}

type summarizeFn struct{ Settings clv.SummarySettings }

func (f *summarizeFn) ProcessElement(ctx context.Context, id string, iter func(*journey.Purchase) bool, latest journey.Purchase, emit func(clv.Customer), bad func(Rejected)) error {
	var log []journey.Purchase
	var p journey.Purchase
	for iter(&p) {
		log = append(log, p)
	}
	slices.SortFunc(log, func(a, b journey.Purchase) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return cmp.Compare(math.Float64bits(a.Amount), math.Float64bits(b.Amount))
	})
	st := f.Settings
	if st.RejectDuplicates {
		st.RejectDuplicates = false
		log = slices.CompactFunc(log, func(a, b journey.Purchase) bool {
			if a.Time.Equal(b.Time) && a.Amount == b.Amount {
				rejectedCounter.Inc(ctx, 1)
				err := &clv.InputError{Index: -1, Field: "transaction of customer", Value: id,
					Err: fmt.Errorf("%w: same time (%v) and amount (%v) as another", clv.ErrDuplicate, b.Time, b.Amount)}
				bad(Rejected{Field: err.Field, Value: id, Reason: err.Error()})
				return true
			}
			return false
		})
	}
	if st.End.IsZero() {
		st.End = latest.Time
	}
	cs, err := clv.Summarize(log, &st)
	if errors.Is(err, clv.ErrEmpty) {
		return nil // every purchase after the end of observation
	}
	if err != nil {
		return fmt.Errorf("cxbeam: customer %q: %w", id, err) // the rows were checked: a bug
	}
	for _, c := range cs {
		emit(c)
	}
	return nil
}

func init() {
	register.DoFn4x0[context.Context, journey.Purchase, func(string, journey.Purchase), func(Rejected)](&checkPurchaseFn{})
	register.DoFn6x1[context.Context, string, func(*journey.Purchase) bool, journey.Purchase, func(clv.Customer), func(Rejected), error](&summarizeFn{})
	register.Function2x1(latestFn)
	register.Function1x2(patternKeyFn)
	register.Function2x1(patternFn)
	register.Emitter2[string, journey.Purchase]()
	register.Emitter1[clv.Customer]()
	register.Emitter2[patternKey, int]()
	register.Iter1[journey.Purchase]()
}
