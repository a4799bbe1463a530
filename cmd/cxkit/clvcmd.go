package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/journey"
)

func runCLV(e *env, args []string) error {
	return runGroup(e, args, "clv", clvUsage,
		subcommand{"summary", runCLVSummary},
		subcommand{"fit", runCLVFit},
		subcommand{"simulate", runCLVSimulate})
}

const clvUsage = `usage: cxkit clv summary|fit|simulate [flags] [FILE|-]

  summary  frequency, recency, age and monetary value per customer of a purchase log
  fit      fit --model bgnbd|mbgnbd|pnbd|bgbb|gg by maximum likelihood; parameters with
           standard errors, a holdout check (--holdout-from), and per-customer
           predictions and CLV (--predictions FILE)
  simulate draw a purchase log from a model with known parameters (--out FILE), to fit
           and watch the fit recover them

FILE is a purchase log (CSV with customer_id, timestamp, amount; or --cdnow) or, for fit,
a customer summary CSV with columns frequency, recency, T and monetary_value.`

// summaryFlags say how a purchase log becomes customer summaries.
type summaryFlags struct {
	purchaseFlags
	period, unit string
	end          string
	first        bool
}

func (f *summaryFlags) register(fs *flag.FlagSet) {
	f.purchaseFlags.register(fs)
	fs.StringVar(&f.period, "period", "day", "purchase period: purchases of a customer in one period count once (day or week)")
	fs.StringVar(&f.unit, "unit", "week", "time unit of recency, age and every model rate (day or week)")
	fs.StringVar(&f.end, "end", "", "end of observation (default: the latest purchase)")
	fs.BoolVar(&f.first, "include-first", false, "count the first purchase in frequency and monetary value (for a spend model of all customers; not for the transaction models)")
}

func parseUnit(flagName, s string) (time.Duration, error) {
	switch s {
	case "day":
		return clv.Day, nil
	case "week":
		return clv.Week, nil
	}
	return 0, usagef("unknown %s %q (want day or week)", flagName, s)
}

func (f *summaryFlags) options() (*clv.SummarySettings, error) {
	p, err := parseUnit("--period", f.period)
	if err != nil {
		return nil, err
	}
	u, err := parseUnit("--unit", f.unit)
	if err != nil {
		return nil, err
	}
	o := &clv.SummarySettings{Period: p, Unit: u, IncludeFirstPurchase: f.first}
	if f.end != "" {
		if o.End, err = parseDateFlag("--end", f.end); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func runCLVSummary(e *env, args []string) error {
	var c common
	var sf summaryFlags
	fs := c.newFlagSet(e, "clv summary", "clv summary [flags] [FILE|-]")
	sf.register(fs)
	out := fs.String("customers-out", "", "write every customer's summary to this CSV file")
	patternsOut := fs.String("patterns-out", "", "write the distinct (frequency, recency, T) patterns with their count of customers to this CSV file (fit it with clv fit --weight count)")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	o, err := sf.options()
	if err != nil {
		return err
	}
	ps, file, err := readPurchases(e, name, sf.purchaseFlags)
	if err != nil {
		return err
	}
	cs, err := clv.Summarize(ps, o)
	if err != nil {
		return purchaseErr(file, err)
	}
	if *out != "" {
		if err := writeFileAtomic(*out, customerCSV(cs, nil)); err != nil {
			return err
		}
	}
	if *patternsOut != "" {
		b, err := patternCSV(cs)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(*patternsOut, b); err != nil {
			return err
		}
	}
	return c.emit(e, summaryTable(cs, sf.unit))
}

// purchaseErr maps a library error about purchase i to its line when the
// purchases came from a CSV file (line = index + 2).
func purchaseErr(file string, err error) error {
	var re *clv.InputError
	if errors.As(err, &re) && re.Index >= 0 {
		return &lineError{File: file, Line: re.Index + 2, Err: err}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func summaryTable(cs []clv.Customer, unit string) *table {
	t := &table{Name: "summary", Title: "Customer summary (times in " + unit + "s)",
		Columns: []string{"measure", "mean", "median", "max"}, PerCell: true}
	col := func(f func(c clv.Customer) float64) []float64 {
		v := make([]float64, len(cs))
		for i, c := range cs {
			v[i] = f(c)
		}
		sort.Float64s(v)
		return v
	}
	repeat := 0
	for _, c := range cs {
		if c.Frequency > 0 {
			repeat++
		}
	}
	for _, m := range []struct {
		name string
		f    func(c clv.Customer) float64
	}{
		{"frequency (repeat periods)", func(c clv.Customer) float64 { return c.Frequency }},
		{"recency", func(c clv.Customer) float64 { return c.Recency }},
		{"age T", func(c clv.Customer) float64 { return c.T }},
	} {
		v := col(m.f)
		t.add(m.name, mean(v), median(v), v[len(v)-1])
	}
	var mon []float64
	for _, c := range cs {
		if c.Frequency > 0 {
			mon = append(mon, c.Monetary)
		}
	}
	sort.Float64s(mon)
	if len(mon) > 0 {
		t.add("monetary (repeat buyers)", mean(mon), median(mon), mon[len(mon)-1])
	}
	t.note("%d customers, %d (%s%%) with a repeat purchase", len(cs), repeat, fmtNum(100*float64(repeat)/float64(len(cs))))
	return t
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// median of sorted values.
func median(v []float64) float64 {
	n := len(v)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// customerCSV writes summaries, with optional extra columns per customer.
func customerCSV(cs []clv.Customer, extra *table) []byte {
	var b strings.Builder
	b.WriteString("customer_id,frequency,recency,T,monetary_value")
	if extra != nil {
		for _, c := range extra.Columns {
			b.WriteString("," + c)
		}
	}
	b.WriteString("\n")
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i, c := range cs {
		b.WriteString(csvQuote(c.ID) + "," + g(c.Frequency) + "," + g(c.Recency) + "," + g(c.T) + "," + g(c.Monetary))
		if extra != nil {
			for _, v := range extra.Rows[i] {
				b.WriteString("," + exactCell(v))
			}
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// patternCSV writes the pattern table of cs (clv.Patterns): one row per
// distinct (frequency, recency, T) with its number of customers.
func patternCSV(cs []clv.Customer) ([]byte, error) {
	ps, counts, err := clv.Patterns(cs)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("frequency,recency,T,count\n")
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i, p := range ps {
		b.WriteString(g(p.Frequency) + "," + g(p.Recency) + "," + g(p.T) + "," + g(counts[i]) + "\n")
	}
	return []byte(b.String()), nil
}

// readCustomers reads a summary CSV (frequency, recency, T, monetary_value)
// and, when weightCol is not empty, each row's weight from that column (the
// number of customers a row of a pattern table stands for).
func readCustomers(d *csvData, id, weightCol string) ([]clv.Customer, []float64, error) {
	cols := map[string]int{}
	for _, n := range []string{"frequency", "recency", "T", "monetary_value"} {
		c, err := d.col(n)
		if err != nil {
			if n == "monetary_value" {
				cols[n] = -1
				continue
			}
			return nil, nil, err
		}
		cols[n] = c
	}
	idc := -1
	if id != "" && d.has(id) {
		idc, _ = d.col(id)
	}
	wc := -1
	if weightCol != "" {
		c, err := d.col(weightCol)
		if err != nil {
			return nil, nil, err
		}
		wc = c
	}
	cs := make([]clv.Customer, len(d.Rows))
	var weights []float64
	if wc >= 0 {
		weights = make([]float64, len(d.Rows))
	}
	for i := range d.Rows {
		var c clv.Customer
		var err error
		if c.Frequency, err = d.float(i, cols["frequency"]); err != nil {
			return nil, nil, err
		}
		if c.Recency, err = d.float(i, cols["recency"]); err != nil {
			return nil, nil, err
		}
		if c.T, err = d.float(i, cols["T"]); err != nil {
			return nil, nil, err
		}
		if cols["monetary_value"] >= 0 {
			if c.Monetary, err = d.float(i, cols["monetary_value"]); err != nil {
				return nil, nil, err
			}
		}
		if idc >= 0 {
			c.ID = d.Rows[i][idc]
		} else {
			c.ID = strconv.Itoa(i + 1)
		}
		if err := c.Validate(); err != nil {
			return nil, nil, d.errAt(i, "%v", err)
		}
		if wc >= 0 {
			w, err := d.float(i, wc)
			if err != nil {
				return nil, nil, err
			}
			if !(w >= 0) || math.IsInf(w, 0) {
				return nil, nil, d.errAt(i, "weight %v in column %q: want a finite number ≥ 0", w, weightCol)
			}
			weights[i] = w
		}
		cs[i] = c
	}
	if len(cs) == 0 {
		return nil, nil, &lineError{File: d.File, Err: errNoRows}
	}
	return cs, weights, nil
}

// fitted is a fitted model of any kind.
type fitted struct {
	name  string
	tx    clv.TransactionModel // nil for gg
	gg    *clv.GammaGamma
	res   clv.FitResult
	count clv.CountModel // nil when the model has no count distribution
	model any            // the fitted model value (clv.BGNBD, ...), for --format json
	// notConverged is set when the library returned ErrNotConverged.
	notConverged bool
}

// Fit statuses, one word each (issue 15): the optimum was found inside the
// parameter space; a parameter ran to the edge of its range (the model
// degenerates there); the optimiser stopped before the optimum; or it
// failed at a point that is not a stationary point.
const (
	statusConverged    = "converged"
	statusBoundary     = "boundary"
	statusNotConverged = "not converged"
	statusFailed       = "failed"
)

// fitStatus classifies a fit. A parameter is at the boundary when its
// estimate is extreme (below 1e-4 or above 1e6) or when its log-scale
// standard error exceeds 5 (the likelihood is flat toward zero or
// infinity: the data do not pin it down).
func fitStatus(f fitted) (status string, at []int) {
	for i, est := range f.res.Estimate {
		flat := f.res.CovLog != nil && i < len(f.res.CovLog) && math.Sqrt(f.res.CovLog[i][i]) > 5
		if est < 1e-4 || est > 1e6 || flat {
			at = append(at, i)
		}
	}
	switch {
	case len(at) > 0:
		return statusBoundary, at
	case f.res.Converged:
		return statusConverged, nil
	case f.notConverged || f.res.Status != "Failure":
		return statusNotConverged, nil
	}
	return statusFailed, nil
}

// boundaryMeaning says in plain words what a fit at the boundary means,
// parameter by parameter.
func boundaryMeaning(f fitted, at []int) string {
	var out []string
	for _, i := range at {
		p, v := f.res.Params[i], f.res.Estimate[i]
		small := v < 1
		what := fmt.Sprintf("%s = %s", p, fmtNum(v))
		switch {
		case p == "r" && small:
			what += " (→ 0): the purchase rates collapse to zero; there are too few repeat purchases to fit the model"
		case (f.name == "bgnbd" || f.name == "mbgnbd") && (p == "a" || p == "b") && !small:
			what += " (→ ∞): every customer has the same dropout probability a/(a+b); as it goes to 0 nobody drops out and the model reduces to the NBD (no churn)"
		case f.name == "pnbd" && p == "s" && small, f.name == "pnbd" && p == "beta" && !small:
			what += ": dropout rates go to 0: nobody drops out and the model reduces to the NBD (no churn)"
		case f.name == "gg" && !small:
			what += " (→ ∞): spend per transaction is the same for every customer"
		case small:
			what += " (→ 0): the data do not pin this parameter down"
		default:
			what += " (→ ∞): the data do not pin this parameter down; its distribution degenerates to a point"
		}
		out = append(out, what)
	}
	return strings.Join(out, "; ")
}

// clvFit is the parameters table in --format json: the one-word status,
// the fitted model (its parameters, with the library's JSON keys), the
// log-scale Wald intervals in the order of fit.params, and the library's
// fit result. JSON keys: model, customers, status, log_lik, iterations,
// parameters, intervals, fit.
type clvFit struct {
	Model      string
	Customers  float64 // the sum of the weights (the number of rows without --weight)
	Status     string
	LogLik     float64
	Iterations int
	Parameters json.RawMessage
	Intervals  []clv.Interval
	Fit        clv.FitResult
}

// countModel is a transaction model with a count distribution (every one
// of clv's four).
type countModel interface {
	clv.TransactionModel
	clv.CountModel
}

// fitCounts runs fit, a transaction model's fit, and records its model and
// result in f.
func fitCounts[M countModel](e *env, f *fitted, fit func(context.Context, []clv.Customer, []float64, *clv.FitSettings) (M, clv.FitResult, error), cs []clv.Customer, weights []float64, s *clv.FitSettings) error {
	m, res, err := fit(e.ctx, cs, weights, s)
	f.res, f.tx, f.count, f.model = res, m, m, m
	return err
}

// fitModel fits model to cs; weights (nil: 1 per row) are the customers
// each row stands for.
func fitModel(e *env, model string, cs []clv.Customer, weights []float64) (fitted, error) {
	report, done := e.progress("fitting " + model)
	defer done()
	s := &clv.FitSettings{}
	if report != nil {
		s.Progress = func(done, total int) { report("iteration %d (at most %d)", done, total) }
	}
	f := fitted{name: model}
	var err error
	switch model {
	case "bgnbd":
		err = fitCounts(e, &f, clv.FitBGNBD, cs, weights, s)
	case "mbgnbd":
		err = fitCounts(e, &f, clv.FitMBGNBD, cs, weights, s)
	case "pnbd":
		err = fitCounts(e, &f, clv.FitParetoNBD, cs, weights, s)
	case "bgbb":
		err = fitCounts(e, &f, clv.FitBGBB, cs, weights, s)
	case "gg":
		var m clv.GammaGamma
		m, f.res, err = clv.FitGammaGamma(e.ctx, cs, weights, s)
		f.gg, f.model = &m, m
	default:
		return f, usagef("unknown --model %q (want bgnbd, mbgnbd, pnbd, bgbb or gg)", model)
	}
	if errors.Is(err, clv.ErrNotConverged) {
		fmt.Fprintf(e.stderr, "cxkit clv fit: warning: %s; the best point found is reported\n", destutter(err.Error()))
		f.notConverged, err = true, nil
	}
	return f, err
}

// paramTable lists a fit's parameters with standard errors and intervals.
// The intervals are Wald intervals on the log scale, est·exp(±z·se_log),
// so that they stay positive like the parameters.
func paramTable(f fitted, level float64, n float64) (*table, error) {
	z := zCrit(level)
	t := &table{Name: "parameters", Title: fmt.Sprintf("%s parameters (maximum likelihood, %s%% Wald intervals on the log scale)", modelTitle(f.name), strconv.FormatFloat(100*level, 'g', -1, 64)),
		Columns: []string{"parameter", "estimate", "std_err", "lower", "upper"}, PerCell: true}
	ivs := make([]clv.Interval, len(f.res.Params))
	for i, p := range f.res.Params {
		est, se, lo, hi := f.res.Estimate[i], math.NaN(), math.NaN(), math.NaN()
		if i < len(f.res.StdErr) {
			se = f.res.StdErr[i]
		}
		if f.res.CovLog != nil && i < len(f.res.CovLog) {
			sl := math.Sqrt(f.res.CovLog[i][i])
			lo, hi = est*math.Exp(-z*sl), est*math.Exp(z*sl)
		}
		ivs[i] = clv.Interval{Lower: lo, Upper: hi, Level: level}
		t.add(p, est, se, lo, hi)
	}
	status, at := fitStatus(f)
	t.note("%s customers; status: %s; log-likelihood %s; %d iterations", strconv.FormatFloat(n, 'g', -1, 64), status, fmtNum(f.res.LogLik), f.res.Iterations)
	switch status {
	case statusBoundary:
		t.note("boundary: %s", boundaryMeaning(f, at))
	case statusNotConverged:
		t.note("not converged: the optimiser stopped before the optimum (%s); the best point found is shown", f.res.Status)
	case statusFailed:
		t.note("failed: the optimiser could not improve on this point and it is not an optimum; do not use these estimates")
	}
	params, err := json.Marshal(f.model)
	if err != nil {
		return nil, err
	}
	t.Data = clvFit{Model: f.name, Customers: n, Status: status, LogLik: f.res.LogLik, Iterations: f.res.Iterations,
		Parameters: params, Intervals: ivs, Fit: f.res}
	return t, nil
}

func modelTitle(m string) string {
	switch m {
	case "bgnbd":
		return "BG/NBD"
	case "mbgnbd":
		return "MBG/NBD"
	case "pnbd":
		return "Pareto/NBD"
	case "bgbb":
		return "BG/BB"
	case "gg":
		return "Gamma-Gamma"
	}
	return m
}

func runCLVFit(e *env, args []string) error {
	var c common
	var sf summaryFlags
	fs := c.newFlagSet(e, "clv fit", "clv fit --model bgnbd|mbgnbd|pnbd|bgbb|gg [flags] [FILE|-]")
	sf.register(fs)
	model := fs.String("model", "bgnbd", "model: bgnbd, mbgnbd, pnbd (Pareto/NBD), bgbb (discrete time) or gg (Gamma-Gamma spend)")
	id := fs.String("id", "customer_id", "summary input: the column of the customer id, if present")
	holdout := fs.String("holdout-from", "", "purchase input: calibrate up to this date and compare predictions with the later purchases")
	weight := fs.String("weight", "", "summary input: the column of each row's weight, the customers it stands for (e.g. count in a table written by clv summary --patterns-out)")
	horizon := fs.Float64("horizon", 52, "prediction horizon in time units (weeks by default)")
	discount := fs.Float64("discount", 0.1, "discount rate per discount period for CLV")
	dperiod := fs.Float64("discount-period", 52, "length of the discount period in time units")
	margin := fs.Float64("margin", 1, "profit margin applied to predicted spend, in [0, 1]")
	preds := fs.String("predictions", "", "write per-customer predictions (P(alive), expected purchases, spend, CLV) to this CSV file")
	top := fs.Int("top", 10, "list the customers with the highest CLV (0: none)")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	if !(*horizon > 0) || !(*dperiod > 0) || !(*discount >= 0) || !(*margin >= 0 && *margin <= 1) {
		return usagef("--horizon and --discount-period must be positive, --discount ≥ 0 and --margin in [0, 1]")
	}
	switch *model {
	case "bgnbd", "mbgnbd", "pnbd", "bgbb", "gg":
	default:
		return usagef("unknown --model %q (want bgnbd, mbgnbd, pnbd, bgbb or gg)", *model)
	}
	cs, weights, split, locate, err := loadCustomers(e, name, &sf, *id, *weight, *holdout)
	if err != nil {
		return err
	}
	f, err := fitModel(e, *model, cs, weights)
	if err != nil {
		return locate(err)
	}
	customers := float64(len(cs))
	if weights != nil {
		customers = 0
		for _, w := range weights {
			customers += w
		}
	}
	ptab, err := paramTable(f, c.level, customers)
	if err != nil {
		return err
	}
	tables := []*table{ptab}
	if split != nil && f.tx != nil {
		rows, err := clv.HoldoutByFrequency(e.ctx, f.tx, split.Calibration, split.Holdout, split.Duration, 7)
		if err != nil {
			return err
		}
		tables = append(tables, holdoutTable(rows, split.Duration))
	}
	pt, err := predictionTable(e, f, cs, weights, *horizon, clv.Discounting{Period: *dperiod, Rate: *discount}, *margin)
	if err != nil {
		return err
	}
	if *preds != "" {
		if err := writeFileAtomic(*preds, customerCSV(cs, pt)); err != nil {
			return err
		}
	}
	if *top > 0 && pt != nil {
		tables = append(tables, topCustomers(cs, pt, *top))
	}
	return c.emit(e, tables...)
}

// loadCustomers reads summaries, from a summary CSV or a purchase log (split
// at holdoutFrom when given). locate turns an error about customer i of a
// summary CSV into one naming its line.
// errWeightOnLog is the usage error of --weight with a purchase log.
func errWeightOnLog() error {
	return usagef("--weight needs a customer summary (frequency, recency, T), not a purchase log")
}

// weightCol names a summary CSV's column of row weights (empty: none;
// weights is then nil).
func loadCustomers(e *env, name string, sf *summaryFlags, id, weightCol, holdoutFrom string) (cs []clv.Customer, weights []float64, split *clv.Split, locate func(error) error, err error) {
	locate = func(err error) error { return err }
	cs, weights, split, err = loadSummaries(e, name, sf, id, weightCol, holdoutFrom, &locate)
	return cs, weights, split, locate, err
}

func loadSummaries(e *env, name string, sf *summaryFlags, id, weightCol, holdoutFrom string, locate *func(error) error) ([]clv.Customer, []float64, *clv.Split, error) {
	o, err := sf.options()
	if err != nil {
		return nil, nil, nil, err
	}
	var ps []journey.Purchase
	var file string
	if sf.cdnow && weightCol != "" {
		return nil, nil, nil, errWeightOnLog()
	}
	if sf.cdnow {
		if ps, file, err = readPurchases(e, name, sf.purchaseFlags); err != nil {
			return nil, nil, nil, err
		}
	} else {
		d, err := readInput(e, name, nil)
		if err != nil {
			return nil, nil, nil, err
		}
		if d.has("frequency") && d.has("recency") && d.has("T") {
			if holdoutFrom != "" {
				return nil, nil, nil, usagef("--holdout-from needs a purchase log, not a customer summary")
			}
			cs, weights, err := readCustomers(d, id, weightCol)
			*locate = func(err error) error {
				var ce *clv.InputError
				if errors.As(err, &ce) && ce.Index >= 0 && ce.Index < len(d.Lines) {
					return &lineError{File: d.File, Line: d.Lines[ce.Index], Err: err}
				}
				return err
			}
			return cs, weights, nil, err
		}
		if weightCol != "" {
			return nil, nil, nil, errWeightOnLog()
		}
		// A purchase log: re-read from the parsed rows.
		if ps, err = purchasesFromCSV(d, sf.purchaseFlags); err != nil {
			return nil, nil, nil, err
		}
		file = d.File
	}
	if holdoutFrom != "" {
		cut, err := parseDateFlag("--holdout-from", holdoutFrom)
		if err != nil {
			return nil, nil, nil, err
		}
		s, err := clv.SplitHoldout(ps, cut, o)
		if err != nil {
			return nil, nil, nil, purchaseErr(file, err)
		}
		return s.Calibration, nil, &s, nil
	}
	cs, err := clv.Summarize(ps, o)
	if err != nil {
		return nil, nil, nil, purchaseErr(file, err)
	}
	return cs, nil, nil, nil
}

func holdoutTable(rows []clv.FrequencyRow, duration float64) *table {
	t := &table{Name: "holdout", Title: fmt.Sprintf("Calibration vs holdout: mean purchases in the %s-unit holdout by calibration frequency", fmtNum(duration)),
		Columns: []string{"frequency", "customers", "actual", "predicted"}}
	for i, r := range rows {
		label := strconv.Itoa(r.Frequency)
		if i == len(rows)-1 {
			label += "+"
		}
		t.add(label, r.N, r.Actual, r.Predicted)
	}
	t.Data = rows
	return t
}

// predictionTable computes per-customer predictions, index-aligned with cs;
// weights (nil: 1 per row) weigh the rows of the spend model's fit.
func predictionTable(e *env, f fitted, cs []clv.Customer, weights []float64, horizon float64, d clv.Discounting, margin float64) (*table, error) {
	t := &table{Name: "predictions"}
	var spend clv.SpendModel
	if f.gg != nil {
		spend = *f.gg
	} else if hasRepeatSpend(cs) {
		gg, _, err := clv.FitGammaGamma(e.ctx, cs, weights, nil)
		if err == nil || errors.Is(err, clv.ErrNotConverged) {
			spend = gg
		}
	}
	var values [][]float64
	if f.tx != nil {
		t.Columns = append(t.Columns, "p_alive", "expected_purchases")
		if spend != nil {
			var err error
			values, err = clv.CLV(e.ctx, f.tx, spend, cs, d, clv.Window{From: 0, To: horizon})
			if err != nil {
				return nil, err
			}
		}
	}
	if spend != nil {
		t.Columns = append(t.Columns, "expected_spend")
		if values != nil {
			t.Columns = append(t.Columns, "clv")
		}
	}
	for i, c := range cs {
		var row []any
		if f.tx != nil {
			row = append(row, f.tx.ProbAlive(c), f.tx.ConditionalExpectedPurchases(c, horizon))
		}
		if spend != nil {
			row = append(row, spend.ConditionalExpectedSpend(c))
			if values != nil {
				row = append(row, margin*values[i][0])
			}
		}
		t.add(row...)
	}
	return t, nil
}

func hasRepeatSpend(cs []clv.Customer) bool {
	for _, c := range cs {
		if c.Frequency > 0 && c.Monetary > 0 {
			return true
		}
	}
	return false
}

// customerPrediction is one customer of top_customers in --format json:
// the library's customer summary and the model's predictions (null when
// the model has none). JSON keys: customer, p_alive, expected_purchases,
// expected_spend, clv.
type customerPrediction struct {
	Customer                                      clv.Customer
	PAlive, ExpectedPurchases, ExpectedSpend, CLV float64
}

// topCustomers lists the customers with the highest CLV (or expected spend).
func topCustomers(cs []clv.Customer, pt *table, n int) *table {
	key := len(pt.Columns) - 1
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	val := func(i int) float64 { return pt.Rows[i][key].(float64) }
	sort.SliceStable(idx, func(a, b int) bool { return val(idx[a]) > val(idx[b]) })
	if n > len(idx) {
		n = len(idx)
	}
	t := &table{Name: "top_customers", Title: fmt.Sprintf("Top %d customers by %s", n, pt.Columns[key]),
		Columns: append([]string{"customer", "frequency", "recency", "T", "monetary"}, pt.Columns...)}
	data := make([]customerPrediction, 0, n)
	for _, i := range idx[:n] {
		c := cs[i]
		t.add(append([]any{c.ID, c.Frequency, c.Recency, c.T, c.Monetary}, pt.Rows[i]...)...)
		p := customerPrediction{Customer: c, PAlive: nan(), ExpectedPurchases: nan(), ExpectedSpend: nan(), CLV: nan()}
		for j, col := range pt.Columns {
			v := pt.Rows[i][j].(float64)
			switch col {
			case "p_alive":
				p.PAlive = v
			case "expected_purchases":
				p.ExpectedPurchases = v
			case "expected_spend":
				p.ExpectedSpend = v
			case "clv":
				p.CLV = v
			}
		}
		data = append(data, p)
	}
	t.Data = data
	return t
}
