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
	"github.com/cxkit/cxkit/internal/settings"
	"github.com/cxkit/cxkit/journey"
)

// Customers turns a purchase log, a PCollection<journey.Purchase>, into one
// clv.Customer summary per customer (a PCollection<clv.Customer>), as
// clv.Summarize does on one machine with the same settings st (nil means
// clv's defaults): the purchases
// are grouped by customer (one shuffle of the log) and each customer's
// purchases are summarised by clv.Summarize itself. When st.End is
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
// st.RejectDuplicates, a purchase with the same customer, time and
// amount as another is rejected and the first one kept. Invalid settings
// are an error before the pipeline is built.
func Customers(s beam.Scope, st *clv.SummarySettings, purchases beam.PCollection) (customers, rejected beam.PCollection, err error) {
	o := settings.Of(st)
	if err := checkSettings(o); err != nil {
		return beam.PCollection{}, beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.Customers")
	ok, bad := beam.ParDo2(s, &checkPurchaseFn{Settings: o}, purchases)
	latest := beam.Combine(s, latestFn, beam.DropKey(s, ok))
	grouped := beam.GroupByKey(s, ok)
	out, dups := beam.ParDo2(s, &summarizeFn{Settings: o}, grouped, beam.SideInput{Input: latest})
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
	register.DoFn3x1[context.Context, int, func(*Pattern) bool, ModelFit](&fitPatternsFn{})
	register.DoFn3x1[context.Context, int, func(*spendRow) bool, ModelFit](&fitSpendFn{})
	register.DoFn6x1[context.Context, clv.Customer, ModelFit, ModelFit, func(CustomerValue), func(Rejected), error](&predictFn{})
	register.Function2x0(spendKeyFn)
	register.Function2x1(spendRowFn)
	register.Emitter2[spendKey, int]()
	register.Emitter1[CustomerValue]()
	register.Iter1[Pattern]()
	register.Iter1[spendRow]()
}

// Model names a model of package clv that [FitPatterns] or [FitSpend]
// fits. It encodes in JSON by the names of cxkit's command line: "bgnbd",
// "mbgnbd", "pnbd", "bgbb", "gg".
type Model int

// The models: the four transaction models, fitted on a pattern table by
// [FitPatterns], and the Gamma-Gamma spend model, fitted by [FitSpend].
const (
	BGNBD      Model = iota // clv.BGNBD (Fader, Hardie & Lee 2005)
	MBGNBD                  // clv.MBGNBD (Batislam, Denizel & Filiztekin 2007)
	ParetoNBD               // clv.ParetoNBD (Schmittlein, Morrison & Colombo 1987)
	BGBB                    // clv.BGBB, discrete time (Fader, Hardie & Shang 2010)
	GammaGamma              // clv.GammaGamma, spend per purchase (Fader & Hardie 2013)
)

var modelNames = []string{BGNBD: "bgnbd", MBGNBD: "mbgnbd", ParetoNBD: "pnbd", BGBB: "bgbb", GammaGamma: "gg"}

// ModelFit is a model fitted on one worker by [FitPatterns] or [FitSpend]:
// which model, the library's FitResult (estimates in Fit.Estimate, in the
// order of Fit.Params, standard errors, log-likelihood), and the size of
// the table it was fitted on. Err is the fit's error message ("" when it
// succeeded; a fit that stopped early keeps its best point and says so
// here, as the library returns it with an error wrapping
// clv.ErrNotConverged).
//
// JSON keys: model, fit, rows, customers, err.
type ModelFit struct {
	Model Model
	Fit   clv.FitResult
	// Rows is the number of distinct rows fitted: (x, t_x, T) patterns for
	// a transaction model, (x, z̄) pairs for Gamma-Gamma.
	Rows int
	// Customers is the number of customers the rows count.
	Customers int
	Err       string
}

// Transactions returns the fitted transaction model (clv.BGNBD,
// clv.MBGNBD, clv.ParetoNBD or clv.BGBB) with the estimates of f.Fit. It is
// an error for a Gamma-Gamma fit or a fit without estimates.
func (f ModelFit) Transactions() (clv.TransactionModel, error) {
	e := f.Fit.Estimate
	if len(e) != 4 || f.Model == GammaGamma {
		return nil, fmt.Errorf("cxbeam: no transaction model in a %v fit with %d estimates (%s)", f.Model, len(e), f.Err)
	}
	var m interface {
		clv.TransactionModel
		Validate() error
	}
	switch f.Model {
	case BGNBD:
		m = clv.BGNBD{R: e[0], Alpha: e[1], A: e[2], B: e[3]}
	case MBGNBD:
		m = clv.MBGNBD{R: e[0], Alpha: e[1], A: e[2], B: e[3]}
	case ParetoNBD:
		m = clv.ParetoNBD{R: e[0], Alpha: e[1], S: e[2], Beta: e[3]}
	case BGBB:
		m = clv.BGBB{Alpha: e[0], Beta: e[1], Gamma: e[2], Delta: e[3]}
	default:
		return nil, fmt.Errorf("cxbeam: unknown model %d", int(f.Model))
	}
	return m, m.Validate()
}

// Spend returns the fitted clv.GammaGamma of a [FitSpend] fit; it is an
// error for another model or a fit without estimates.
func (f ModelFit) Spend() (clv.GammaGamma, error) {
	e := f.Fit.Estimate
	if f.Model != GammaGamma || len(e) != 3 {
		return clv.GammaGamma{}, fmt.Errorf("cxbeam: no spend model in a %v fit with %d estimates (%s)", f.Model, len(e), f.Err)
	}
	m := clv.GammaGamma{P: e[0], Q: e[1], V: e[2]}
	return m, m.Validate()
}

// fitSettings is the part of a clv.FitSettings that travels to a worker
// (Method, a gonum optimiser with state, and Progress, a func, cannot).
type fitSettings struct {
	Tolerance     float64
	MaxIterations int
	Initial       []float64
	Penalty       float64
}

func newFitSettings(st *clv.FitSettings) (fitSettings, error) {
	if st == nil {
		return fitSettings{}, nil
	}
	if st.Method != nil {
		return fitSettings{}, errors.New("cxbeam: FitSettings.Method cannot be sent to a worker: leave it nil (BFGS)")
	}
	return fitSettings{st.Tolerance, st.MaxIterations, slices.Clone(st.Initial), st.Penalty}, nil
}

func (f fitSettings) settings() *clv.FitSettings {
	return &clv.FitSettings{Tolerance: f.Tolerance, MaxIterations: f.MaxIterations, Initial: slices.Clone(f.Initial), Penalty: f.Penalty}
}

// FitPatterns fits transaction model m (BGNBD, MBGNBD, ParetoNBD or BGBB)
// on a PCollection<Pattern> (the output of [Patterns]) and returns a
// PCollection holding one [ModelFit].
//
// The likelihood of these models depends on a customer only through
// (x, t_x, T), so the table of distinct patterns with their counts fits
// exactly like the customers (clv.PatternTable). The table is small
// (distinct patterns grow with the number of periods, not of customers: a
// few thousand in practice), so the fit is not distributed: the patterns are
// gathered on ONE worker (a GroupByKey on a single key) and fitted there by
// the library's weighted fit, sorted as clv.PatternTable.Result sorts them.
// The result is therefore identical, bit for bit, to
//
//	table := clv.PatternTable{}; table.AddAll(customers)
//	data, counts := table.Result()
//	clv.FitBGNBD(ctx, data, counts, settings)
//
// on one machine, whatever the bundling. settings may be nil (the
// library's defaults); its Progress is not called (the fit runs on a
// worker) and a non-nil Method is an error, as is a Model other than the
// four. A fit that fails on the data (no customers, no convergence) does
// not fail the job: its message is in ModelFit.Err.
func FitPatterns(s beam.Scope, m Model, settings *clv.FitSettings, patterns beam.PCollection) (beam.PCollection, error) {
	if m < BGNBD || m > BGBB {
		return beam.PCollection{}, fmt.Errorf("cxbeam: %w: FitPatterns fits a transaction model (bgnbd, mbgnbd, pnbd, bgbb), not %v", clv.ErrModelMismatch, m)
	}
	fs, err := newFitSettings(settings)
	if err != nil {
		return beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.FitPatterns")
	one := beam.GroupByKey(s, beam.AddFixedKey(s, patterns))
	return beam.ParDo(s, &fitPatternsFn{Model: m, Settings: fs}, one), nil
}

type fitPatternsFn struct {
	Model    Model
	Settings fitSettings
}

func (f *fitPatternsFn) ProcessElement(ctx context.Context, _ int, iter func(*Pattern) bool) ModelFit {
	hand := clv.PatternTable{}
	var p Pattern
	for iter(&p) {
		hand.Customers = append(hand.Customers, clv.Customer{Frequency: p.Frequency, Recency: p.Recency, T: p.T})
		hand.Counts = append(hand.Counts, float64(p.Count))
	}
	out := ModelFit{Model: f.Model}
	var table clv.PatternTable
	if err := table.Merge(hand); err != nil { // validates and merges equal patterns
		out.Err = err.Error()
		return out
	}
	data, counts := table.Result()
	out.Rows = len(data)
	for _, n := range counts {
		out.Customers += int(n)
	}
	st := f.Settings.settings()
	var err error
	switch f.Model {
	case BGNBD:
		_, out.Fit, err = clv.FitBGNBD(ctx, data, counts, st)
	case MBGNBD:
		_, out.Fit, err = clv.FitMBGNBD(ctx, data, counts, st)
	case ParetoNBD:
		_, out.Fit, err = clv.FitParetoNBD(ctx, data, counts, st)
	case BGBB:
		_, out.Fit, err = clv.FitBGBB(ctx, data, counts, st)
	}
	if err != nil {
		out.Err = err.Error()
	}
	return out
}

// spendKey is the shuffle key of FitSpend: a repeat customer's (x, z̄).
type spendKey struct{ Frequency, Monetary float64 }

func spendKeyFn(c clv.Customer, emit func(spendKey, int)) {
	if c.Frequency > 0 {
		emit(spendKey{c.Frequency + 0, c.Monetary + 0}, 1)
	}
}

// FitSpend fits the Gamma-Gamma spend model on the repeat customers (x > 0)
// of a PCollection<clv.Customer> and returns a PCollection holding one
// [ModelFit] (Model GammaGamma). Its likelihood depends on a customer only
// through (x, z̄), so the customers are counted per distinct (x, z̄) (a
// combine, exact) and the table is fitted on ONE worker with the library's
// weighted fit, which groups rows by (x, z̄) itself: the estimates are
// identical, bit for bit, to clv.FitGammaGamma on the customers on one
// machine. The table is as large as the number of distinct (x, z̄) pairs:
// mean spends in cents over few frequencies compress well, arbitrary
// floating-point means hardly at all. settings as for [FitPatterns].
func FitSpend(s beam.Scope, settings *clv.FitSettings, customers beam.PCollection) (beam.PCollection, error) {
	fs, err := newFitSettings(settings)
	if err != nil {
		return beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.FitSpend")
	counts := beam.CombinePerKey(s, sumFn, beam.ParDo(s, spendKeyFn, customers))
	one := beam.GroupByKey(s, beam.AddFixedKey(s, beam.ParDo(s, spendRowFn, counts)))
	return beam.ParDo(s, &fitSpendFn{Settings: fs}, one), nil
}

// spendRow is one distinct (x, z̄) with its count.
type spendRow struct {
	Frequency, Monetary float64
	Count               int
}

func spendRowFn(k spendKey, n int) spendRow { return spendRow{k.Frequency, k.Monetary, n} }

type fitSpendFn struct{ Settings fitSettings }

func (f *fitSpendFn) ProcessElement(ctx context.Context, _ int, iter func(*spendRow) bool) ModelFit {
	var rows []spendRow
	var r spendRow
	for iter(&r) {
		rows = append(rows, r)
	}
	// The library sorts the rows itself; sorting here too makes the
	// weights' order, and so every sum, independent of the shuffle.
	slices.SortFunc(rows, func(a, b spendRow) int {
		return cmp.Or(cmp.Compare(a.Frequency, b.Frequency), cmp.Compare(a.Monetary, b.Monetary))
	})
	out := ModelFit{Model: GammaGamma, Rows: len(rows)}
	data := make([]clv.Customer, len(rows))
	counts := make([]float64, len(rows))
	for i, r := range rows {
		// Recency and T do not enter the spend likelihood; T = Recency = 0
		// keeps the summary valid.
		data[i] = clv.Customer{Frequency: r.Frequency, Monetary: r.Monetary}
		counts[i] = float64(r.Count)
		out.Customers += r.Count
	}
	var err error
	_, out.Fit, err = clv.FitGammaGamma(ctx, data, counts, f.Settings.settings())
	if err != nil {
		out.Err = err.Error()
	}
	return out
}

// PredictSettings says what [Predict] computes for each customer, in the
// time unit of the customer summaries (the unit of SummarySettings).
//
// JSON keys: horizon, discounting, windows, spend.
type PredictSettings struct {
	// Horizon is the length t of the future window (T, T+t] of
	// CustomerValue.ExpectedPurchases, > 0 (required: the unit is the
	// data's, e.g. 52 for a year of weeks).
	Horizon float64
	// Discounting and Windows are the arguments of clv.CLV: the value is
	// computed in each window (none: no value).
	Discounting clv.Discounting
	Windows     []clv.Window
	// Spend is the spend per purchase used for the value when no spend
	// model is given to Predict (clv.FixedSpend), ≥ 0.
	Spend float64
}

// CustomerValue is one customer's predictions from a fitted model.
//
// JSON keys: customer, prob_alive, expected_purchases, spend, value.
type CustomerValue struct {
	Customer clv.Customer
	// ProbAlive is the probability that the customer is still active at T.
	ProbAlive float64
	// ExpectedPurchases is the expected number of purchases in (T,
	// T+Horizon].
	ExpectedPurchases float64
	// Spend is the predicted spend per purchase (the Gamma-Gamma
	// conditional expectation, or PredictSettings.Spend).
	Spend float64
	// Value is the discounted value in each of PredictSettings.Windows:
	// the customer's row of clv.CLV (nil without windows).
	Value []float64
}

// Predict computes P(alive), expected purchases and value for every
// customer of a PCollection<clv.Customer>, with the transaction model of
// fit (the output of [FitPatterns]) and, when spend is valid, the spend
// model of spend (the output of [FitSpend]), both handed to every worker
// as side inputs: a ParDo, no shuffle. Each value is the library's on one
// machine, bit for bit: the model's ProbAlive and
// ConditionalExpectedPurchases, and the customer's row of clv.CLV over the
// whole customer base (which computes each customer's value on its own).
//
// A customer whose prediction is not finite (clv.CLV's ErrUndefined, an
// invalid spend) goes to the second output, a PCollection<Rejected>. A fit
// that produced no estimates (its ModelFit.Err says why) fails the job
// when the first customer is predicted; a fit that stopped early
// (clv.ErrNotConverged) predicts from its best point, as the library's
// does. Invalid settings are an error before the pipeline is built, and so
// is nil: Horizon has no default.
func Predict(s beam.Scope, ps *PredictSettings, fit, spend, customers beam.PCollection) (values, rejected beam.PCollection, err error) {
	st := settings.Of(ps)
	if !(st.Horizon > 0) || math.IsInf(st.Horizon, 0) {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("cxbeam: %w: PredictSettings.Horizon %v: want a finite length > 0", clv.ErrOutOfRange, st.Horizon)
	}
	if !(st.Spend >= 0) || math.IsInf(st.Spend, 0) {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("cxbeam: %w: PredictSettings.Spend %v: want a finite amount ≥ 0", clv.ErrOutOfRange, st.Spend)
	}
	if len(st.Windows) > 0 {
		probe := []clv.Customer{{T: 1}}
		if _, err := clv.CLV(context.Background(), clv.BGNBD{R: 1, Alpha: 1, A: 1, B: 1}, clv.FixedSpend(1), probe, st.Discounting, st.Windows...); err != nil {
			return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("cxbeam: PredictSettings: %w", err)
		}
	}
	s = s.Scope("cxbeam.Predict")
	fn := &predictFn{Settings: st, SpendModel: spend.IsValid()}
	if !spend.IsValid() {
		spend = beam.Create(s, ModelFit{Model: GammaGamma})
	}
	values, rejected = beam.ParDo2(s, fn, customers, beam.SideInput{Input: fit}, beam.SideInput{Input: spend})
	return values, rejected, nil
}

type predictFn struct {
	Settings   PredictSettings
	SpendModel bool
}

func (f *predictFn) ProcessElement(ctx context.Context, c clv.Customer, fit, spend ModelFit, emit func(CustomerValue), bad func(Rejected)) error {
	m, err := fit.Transactions()
	if err != nil {
		return err
	}
	var sm clv.SpendModel = clv.FixedSpend(f.Settings.Spend)
	if f.SpendModel {
		gg, err := spend.Spend()
		if err != nil {
			return err
		}
		sm = gg
	}
	v := CustomerValue{
		Customer:          c,
		ProbAlive:         m.ProbAlive(c),
		ExpectedPurchases: m.ConditionalExpectedPurchases(c, f.Settings.Horizon),
		Spend:             sm.ConditionalExpectedSpend(c),
	}
	if len(f.Settings.Windows) > 0 {
		rows, err := clv.CLV(ctx, m, sm, []clv.Customer{c}, f.Settings.Discounting, f.Settings.Windows...)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			rejectedCounter.Inc(ctx, 1)
			bad(Rejected{Field: "customer", Value: c.ID, Reason: fmt.Sprintf("cxbeam: value of customer %q: %v", c.ID, err)})
			return nil
		}
		v.Value = rows[0]
	}
	emit(v)
	return nil
}
