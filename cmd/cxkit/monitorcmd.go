package main

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/monitor"
	"github.com/cxkit/cxkit/nps"
)

// monitorFlags are the flags of 'cxkit monitor'.
type monitorFlags struct {
	common
	metric, ratingCol, timeCol, period, scale string
	chart, rules, change, errors              string
	weighted, laney                           bool
	baseline                                  int
	lambda, l, k, h                           float64
	where                                     multiFlag
}

func runMonitor(e *env, args []string) error {
	var f monitorFlags
	fs := f.common.newFlagSet(e, "monitor", "monitor [flags] [FILE|-]\n\n"+
		"Control chart of a survey metric period by period (day, week or month of the --time column),\n"+
		"with limits from each period's number of responses, run-rule alarms, and with --change a\n"+
		"segmented regression of the level and slope change at a period. Periods without responses are\n"+
		"left out of the charts; the regression counts time in periods, gaps included.")
	fs.StringVar(&f.metric, "metric", "nps", "nps (0-10 ratings), csat (top-box share), ces (share easy, CES 2.0 1-7) or mean (mean of the column)")
	fs.StringVar(&f.ratingCol, "rating", "rating", "name of the column holding the ratings")
	fs.StringVar(&f.timeCol, "time", "timestamp", "the column of the response date or timestamp")
	fs.StringVar(&f.period, "period", "week", "period: day, week or month")
	fs.StringVar(&f.scale, "scale", "5", "csat scale: 5, 7, 10, 3, binary or MIN-MAX/TOP")
	fs.StringVar(&f.chart, "chart", "shewhart", "shewhart (p-chart of a share, NPS chart, X̄ chart of means), laney, ewma or cusum")
	fs.IntVar(&f.baseline, "baseline", 0, "estimate the centre line and spread on the first N periods (0: all)")
	fs.StringVar(&f.rules, "rules", "western-electric", "run rules of a shewhart or laney chart: western-electric, nelson or limits-only")
	fs.Float64Var(&f.lambda, "lambda", 0.1, "EWMA weight λ in (0, 1]")
	fs.Float64Var(&f.l, "L", 0, "limit width: 3 standard errors for shewhart and laney, 2.814 for ewma (0: default)")
	fs.Float64Var(&f.k, "k", 0.5, "CUSUM reference value, in standard errors")
	fs.Float64Var(&f.h, "h", 5, "CUSUM decision interval, in standard errors")
	fs.BoolVar(&f.laney, "laney", false, "ewma and cusum: standardise with Laney's σ_z (overdispersed series)")
	fs.StringVar(&f.change, "change", "", "label of the first period after a change (e.g. 2024-W10): adds the segmented regression")
	fs.StringVar(&f.errors, "errors", "newey-west", "with --change: standard errors of the regression, newey-west or classical")
	fs.BoolVar(&f.weighted, "weighted", false, "with --change: weight each period by its number of responses")
	fs.Var(&f.where, "where", "keep only rows where COLUMN=VALUE (repeatable), e.g. --where kind=nps")
	name, err := parseChecked(fs, args, f.check)
	if err != nil {
		return err
	}
	switch f.period {
	case "day", "week", "month":
	default:
		return usagef("unknown --period %q (want day, week or month)", f.period)
	}
	var rules monitor.Rules
	if err := rules.UnmarshalText([]byte(f.rules)); err != nil {
		return usagef("--rules: %v", err)
	}
	if f.baseline < 0 {
		return usagef("--baseline %d is negative", f.baseline)
	}
	d, err := readInput(e, name, f.where)
	if err != nil {
		return err
	}
	periods, m, err := monitorPeriods(d, &f)
	if err != nil {
		return err
	}
	var base monitor.Window
	if f.baseline > 0 {
		base = monitor.Window{From: 0, To: f.baseline}
	}
	tables, err := monitorChart(periods, m, base, rules, &f)
	if err != nil {
		return periodErr(periods, err)
	}
	if f.change != "" {
		t, err := monitorChange(periods, m, &f)
		if err != nil {
			return periodErr(periods, err)
		}
		tables = append(tables, t)
	}
	return f.emit(e, tables...)
}

// monitorPeriods tallies the rows per period and returns the periods in
// time order with the metric they carry.
func monitorPeriods(d *csvData, f *monitorFlags) ([]monitor.Period, monitor.Metric, error) {
	cs, err := d.cols(f.ratingCol, f.timeCol)
	if err != nil {
		return nil, 0, err
	}
	rc, tc := cs[0], cs[1]
	if len(d.Rows) == 0 {
		return nil, 0, &lineError{File: d.File, Err: errNoRows}
	}
	var sc csat.Scale
	if f.metric == "csat" {
		if sc, err = parseScale(f.scale); err != nil {
			return nil, 0, err
		}
	}
	type acc struct {
		nps  nps.Tally
		csat csat.Tally
		ces  ces.Tally
		n    int
		mean float64 // running mean and sum of squares (Welford)
		m2   float64
		// start is the first day of the period.
		start time.Time
	}
	accs := map[string]*acc{}
	for i := range d.Rows {
		t, err := d.time(i, tc)
		if err != nil {
			return nil, 0, err
		}
		label, _ := periodOf(t, f.period)
		a := accs[label]
		if a == nil {
			a = &acc{csat: csat.Tally{Scale: sc}, start: periodStart(t, f.period)}
			accs[label] = a
		}
		v, err := d.float(i, rc)
		if err != nil {
			return nil, 0, err
		}
		var aerr error
		switch f.metric {
		case "nps", "csat", "ces":
			if v != math.Trunc(v) || math.Abs(v) > 1e9 {
				return nil, 0, d.errAt(i, "column %q: %v is not a whole-number rating", f.ratingCol, v)
			}
			switch f.metric {
			case "nps":
				aerr = a.nps.Add(int(v))
			case "csat":
				aerr = a.csat.Add(int(v))
			default:
				aerr = a.ces.Add(int(v))
			}
		case "mean":
			a.n++
			delta := v - a.mean
			a.mean += delta / float64(a.n)
			a.m2 += delta * (v - a.mean)
		default:
			return nil, 0, usagef("unknown --metric %q (want nps, csat, ces or mean)", f.metric)
		}
		if aerr != nil {
			return nil, 0, d.errAt(i, "column %q: %v", f.ratingCol, aerr)
		}
	}
	labels := make([]string, 0, len(accs))
	for l := range accs {
		labels = append(labels, l)
	}
	sort.Strings(labels) // day, ISO week and month labels sort in time order
	ps := make([]monitor.Period, len(labels))
	m := monitor.Proportion
	for i, l := range labels {
		a := accs[l]
		p := monitor.Period{Label: l, Date: a.start}
		switch f.metric {
		case "nps":
			r, err := a.nps.Result()
			if err != nil {
				return nil, 0, fmt.Errorf("period %s: %w", l, err)
			}
			p.N, p.Promoters, p.Passives, p.Detractors = r.N, r.Promoters, r.Passives, r.Detractors
			m = monitor.NPS
		case "csat":
			r, err := a.csat.Result()
			if err != nil {
				return nil, 0, fmt.Errorf("period %s: %w", l, err)
			}
			p.N, p.Successes = r.N, r.Satisfied
		case "ces":
			r, err := a.ces.Result()
			if err != nil {
				return nil, 0, fmt.Errorf("period %s: %w", l, err)
			}
			p.N, p.Successes = r.N, r.Easy
		case "mean":
			p.N, p.Mean = a.n, a.mean
			if a.n > 1 {
				p.Variance = a.m2 / float64(a.n-1)
			}
			m = monitor.Mean
		}
		ps[i] = p
	}
	return ps, m, nil
}

// periodStart returns the first day of the day, ISO week (Monday) or month
// holding t, in t's location.
func periodStart(t time.Time, period string) time.Time {
	y, m, d := t.Date()
	switch period {
	case "week":
		return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, t.Location())
	case "month":
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// periodErr names the period of a library error about one period.
func periodErr(ps []monitor.Period, err error) error {
	var ie *monitor.InputError
	if errors.As(err, &ie) && ie.Index >= 0 && ie.Index < len(ps) {
		return fmt.Errorf("period %s: %w", ps[ie.Index].Label, err)
	}
	return err
}

// alarmText lists the rules that fired at each index.
func alarmText(alarms []monitor.Alarm) map[int]string {
	out := map[int]string{}
	for _, a := range alarms {
		if out[a.Index] != "" {
			out[a.Index] += " "
		}
		out[a.Index] += a.Rule.String()
	}
	return out
}

// monitorChart draws the chart the flags ask for as a table.
func monitorChart(ps []monitor.Period, m monitor.Metric, base monitor.Window, rules monitor.Rules, f *monitorFlags) ([]*table, error) {
	unit := map[monitor.Metric]string{monitor.Proportion: "share", monitor.NPS: "nps", monitor.Mean: "mean"}[m]
	switch f.chart {
	case "shewhart", "laney":
		s := &monitor.Settings{Baseline: base, L: f.l, Rules: rules}
		var c monitor.Chart
		var err error
		switch {
		case f.chart == "laney" && m == monitor.Proportion:
			c, err = monitor.LaneyPChart(ps, s)
		case f.chart == "laney" && m == monitor.NPS:
			c, err = monitor.LaneyNPSChart(ps, s)
		case f.chart == "laney":
			return nil, usagef("--chart laney is for shares and NPS (--metric nps, csat or ces)")
		case m == monitor.Proportion:
			c, err = monitor.PChart(ps, s)
		case m == monitor.NPS:
			c, err = monitor.NPSChart(ps, s)
		default:
			var xs monitor.XBarS
			xs, err = monitor.XBarSChart(ps, s)
			c = xs.XBar
		}
		if err != nil {
			return nil, err
		}
		t := &table{Name: "chart", Title: fmt.Sprintf("%s chart by %s (centre %s, limits ±%g standard errors, %s rules)",
			c.Kind, f.period, fmtNum(c.Center), c.L, c.Rules), Data: c,
			Columns: []string{"period", "n", unit, "center", "lcl", "ucl", "out", "alarms"}}
		al := alarmText(c.Alarms)
		for i, p := range c.Points {
			t.add(p.Label, p.N, p.Value, p.Center, p.LCL, p.UCL, p.Out, al[i])
		}
		if c.Kind == monitor.LaneyPKind || c.Kind == monitor.LaneyNPSKind {
			t.note("Laney σ_z = %s", fmtNum(c.SigmaZ))
		}
		return []*table{t}, nil
	case "ewma":
		c, err := monitor.EWMA(ps, m, &monitor.EWMASettings{Baseline: base, Lambda: f.lambda, L: f.l, Laney: f.laney})
		if err != nil {
			return nil, err
		}
		t := &table{Name: "chart", Title: fmt.Sprintf("EWMA chart by %s of the standardised %s (λ = %g, L = %g, centre %s)",
			f.period, unit, c.Lambda, c.L, fmtNum(c.Center)), Data: c,
			Columns: []string{"period", "n", unit, "z", "ewma", "lcl", "ucl", "out"}}
		for _, p := range c.Points {
			t.add(p.Label, p.N, p.Value, p.Z, p.Statistic, p.LCL, p.UCL, p.Out)
		}
		if arl, err := monitor.EWMAARL(c.Lambda, c.L, 0); err == nil {
			t.note("in control, a false alarm every %.0f periods on average (ARL₀, exact limits)", arl.TimeVarying)
		}
		if f.laney {
			t.note("Laney σ_z = %s", fmtNum(c.SigmaZ))
		}
		return []*table{t}, nil
	case "cusum":
		c, err := monitor.CUSUM(ps, m, &monitor.CUSUMSettings{Baseline: base, K: f.k, H: f.h, Laney: f.laney})
		if err != nil {
			return nil, err
		}
		t := &table{Name: "chart", Title: fmt.Sprintf("tabular CUSUM by %s of the standardised %s (k = %g, h = %g, centre %s)",
			f.period, unit, c.K, c.H, fmtNum(c.Center)), Data: c,
			Columns: []string{"period", "n", unit, "z", "upper", "lower", "out", "alarms"}}
		al := alarmText(c.Alarms)
		for i, p := range c.Points {
			t.add(p.Label, p.N, p.Value, p.Z, p.Upper, p.Lower, p.Out, al[i])
		}
		if arl, err := monitor.CUSUMARL(c.K, c.H, 0); err == nil {
			t.note("in control, a false alarm every %.0f periods on average (ARL₀)", arl.ARL)
		}
		if f.laney {
			t.note("Laney σ_z = %s", fmtNum(c.SigmaZ))
		}
		return []*table{t}, nil
	}
	return nil, usagef("unknown --chart %q (want shewhart, laney, ewma or cusum)", f.chart)
}

// monitorChange fits the segmented regression at the --change period.
func monitorChange(ps []monitor.Period, m monitor.Metric, f *monitorFlags) (*table, error) {
	at := -1
	for i, p := range ps {
		if p.Label == f.change {
			at = i
		}
	}
	if at < 0 {
		var labels []string
		for _, p := range ps {
			labels = append(labels, p.Label)
		}
		return nil, usagef("--change %q is not a period of the data (%s)", f.change, strings.Join(labels, ", "))
	}
	var se monitor.Errors
	if err := se.UnmarshalText([]byte(f.errors)); err != nil {
		return nil, usagef("--errors: %v", err)
	}
	r, err := monitor.Change(ps, m, at, &monitor.ChangeSettings{Level: f.level, Errors: se, Weighted: f.weighted})
	if err != nil {
		if errors.Is(err, monitor.ErrOutOfRange) {
			return nil, fmt.Errorf("--change %s: %w", f.change, err)
		}
		return nil, err
	}
	how := fmt.Sprintf("Newey–West lag %d", r.Lag)
	if se == monitor.Classical {
		how = "classical errors"
	}
	if f.weighted {
		how += ", weighted by n"
	}
	t := &table{Name: "change", Title: fmt.Sprintf("Change at %s: segmented regression (%s) and plain before/after test (after − before)",
		r.Label, how), Data: r,
		Columns: []string{"term", "estimate", "std_err", "lower", "upper", "p"}}
	for _, c := range []struct {
		name string
		c    monitor.Coefficient
	}{{"level before", r.Intercept}, {"trend per period", r.Trend}, {"level change", r.LevelChange}, {"slope change", r.SlopeChange}} {
		t.add(c.name, c.c.Estimate, c.c.StdErr, c.c.CI.Lower, c.c.CI.Upper, c.c.P)
	}
	cmp := r.Comparison
	t.add("plain after − before", cmp.Diff, cmp.StdErr, cmp.CI.Lower, cmp.CI.Upper, cmp.P)
	t.note("residual lag-1 autocorrelation %s", fmtNum(r.ResidualAR1))
	return t, nil
}
