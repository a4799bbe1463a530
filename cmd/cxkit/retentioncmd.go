package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/retention"
)

func runRetention(e *env, args []string) error {
	return runGroup(e, args, "retention", retentionUsage,
		subcommand{"cohorts", runRetentionCohorts},
		subcommand{"survival", runRetentionSurvival},
		subcommand{"sbg", runRetentionSBG})
}

const retentionUsage = `usage: cxkit retention cohorts|survival|sbg [flags] [FILE|-]

  cohorts   cohort retention table of an event or purchase log: cohorts by first activity per
            day, week or month (--period, --tz), classic or unbounded, the pooled curve and churn
  survival  Kaplan-Meier curve of tenures (--tenure, --churned), median with its interval,
            restricted mean (--horizon), log-rank test of --group (stratified by --strata)
  sbg       the shifted-beta-geometric model fitted to survivor counts (--survivors or a CSV with
            one cohort per row), projected survival and retention, DERL at --discount`

func runRetentionCohorts(e *env, args []string) error {
	var c common
	fs := c.newFlagSet(e, "retention cohorts", "retention cohorts [flags] [FILE|-]\n\nCohort retention of an event log (CSV with a customer, a time and optionally an event\nname column) or of a CDNOW purchase log (--cdnow).")
	customer := fs.String("customer", "customer_id", "column of the customer id")
	timeCol := fs.String("time", "timestamp", "column of the date or timestamp")
	eventCol := fs.String("event", "", "column of the event name (needed for --start-event and --return-event)")
	start := fs.String("start-event", "", "event that puts a customer in a cohort (default: any)")
	ret := fs.String("return-event", "", "event that counts as a return (default: any)")
	period := fs.String("period", "week", "cohort period: day, week or month")
	tz := fs.String("tz", "UTC", "IANA time zone of the calendar, e.g. Europe/Paris")
	weekStart := fs.String("week-start", "monday", "first day of a week")
	definition := fs.String("definition", "classic", "classic (returned in period n) or unbounded (in n or later)")
	periods := fs.Int("periods", 12, "last period shown (0: all)")
	recurring := fs.Bool("recurring", false, "recurring cohorts: a customer joins the cohort of every period with a start event")
	cdnow := fs.Bool("cdnow", false, "input is in the whitespace-separated CDNOW format")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	s := &retention.CohortSettings{StartEvent: *start, ReturnEvent: *ret, Recurring: *recurring, Location: *tz}
	if err := s.Period.UnmarshalText([]byte(*period)); err != nil {
		return usagef("bad --period: %v", err)
	}
	ws := -1
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(d.String(), *weekStart) {
			ws = int(d)
		}
	}
	if ws < 0 {
		return usagef("bad --week-start %q (want a weekday such as monday)", *weekStart)
	}
	s.WeekStart = time.Weekday(ws)
	var def retention.Definition
	if err := def.UnmarshalText([]byte(*definition)); err != nil {
		return usagef("bad --definition: %v", err)
	}
	var customers, names []string
	var times []time.Time
	file := name
	if *cdnow {
		ps, f, err := readJourneyFile(e, name, journey.ReadCDNOW)
		if err != nil {
			return err
		}
		file = f
		for _, p := range ps {
			customers, times = append(customers, p.Customer), append(times, p.Time)
		}
	} else {
		d, cs, err := readColumns(e, name, nil, *customer, *timeCol)
		if err != nil {
			return err
		}
		file = d.File
		cc, tc := cs[0], cs[1]
		ec := -1
		if *eventCol != "" {
			if ec, err = d.col(*eventCol); err != nil {
				return err
			}
		}
		for i, r := range d.Rows {
			t, err := d.time(i, tc)
			if err != nil {
				return err
			}
			customers, times = append(customers, r[cc]), append(times, t)
			if ec >= 0 {
				names = append(names, r[ec])
			}
		}
	}
	if names == nil && (*start != "" || *ret != "") {
		return usagef("--start-event and --return-event need --event COLUMN")
	}
	counts, err := retention.Cohorts(e.ctx, customers, times, names, s)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	tab, err := counts.Table(&retention.TableSettings{Definition: def, Level: c.level, Periods: *periods})
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	loc, _ := time.LoadLocation(*tz)
	span := len(tab.Overall) - 1
	cols := []string{"cohort", "size"}
	for n := 1; n <= span; n++ {
		cols = append(cols, "p"+strconv.Itoa(n))
	}
	ct := &table{Name: "cohorts", Title: fmt.Sprintf("%s retention by %s cohort (share of the cohort)", def, s.Period), Columns: cols, Data: tab.Cohorts}
	for _, co := range tab.Cohorts {
		row := []any{co.Start.In(loc).Format("2006-01-02"), co.Size}
		for n := 1; n <= span; n++ {
			if n < len(co.Cells) {
				row = append(row, co.Cells[n].Rate)
			} else {
				row = append(row, nan())
			}
		}
		ct.add(row...)
	}
	ot := &table{Name: "overall", Title: "All cohorts pooled (cohorts observed that long only)", Columns: []string{"period", "n", "retained", "rate", "lower", "upper"}, Data: tab.Overall}
	for _, o := range tab.Overall {
		ot.add(o.Period, o.N, o.Retained, o.Rate, o.CI.Lower, o.CI.Upper)
	}
	ot.note("intervals: Wilson, level %g", tab.Level)
	ch := &table{Name: "churn", Title: "Churn per period (never seen again from period n on; the last periods overstate it)", Columns: []string{"period", "n", "churned", "rate", "lower", "upper"}, Data: tab.Churn}
	for _, o := range tab.Churn {
		ch.add(o.Period, o.N, o.Churned, o.Rate, o.CI.Lower, o.CI.Upper)
	}
	return c.emit(e, ct, ot, ch)
}

func runRetentionSurvival(e *env, args []string) error {
	var c common
	fs := c.newFlagSet(e, "retention survival", "retention survival [flags] [FILE|-]\n\nKaplan-Meier curve, median and restricted mean of tenures (CSV), and the log-rank test\nof --group.")
	tenureCol := fs.String("tenure", "tenure", "column of the tenure (any time unit)")
	churnedCol := fs.String("churned", "churned", "column of the event flag: 1 churned, 0 still active (censored)")
	entryCol := fs.String("entry", "", "column of the late-entry time (left truncation), optional")
	groupCol := fs.String("group", "", "column of the group (segment, arm) to compare, optional")
	strataCol := fs.String("strata", "", "column of the stratum of a stratified log-rank test, optional")
	transform := fs.String("transform", "log-log", "band of the curve: log-log, log or plain")
	horizon := fs.Float64("horizon", 0, "horizon of the restricted mean (0: the last tenure)")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	st := &retention.Settings{Level: c.level}
	if err := st.Transform.UnmarshalText([]byte(*transform)); err != nil {
		return usagef("bad --transform: %v", err)
	}
	d, cs, err := readColumns(e, name, nil, *tenureCol, *churnedCol)
	if err != nil {
		return err
	}
	tc, ec := cs[0], cs[1]
	n := len(d.Rows)
	times, entries := make([]float64, n), []float64(nil)
	events := make([]int, n)
	for i := range d.Rows {
		if times[i], err = d.float(i, tc); err != nil {
			return err
		}
		v, err := d.float(i, ec)
		if err != nil {
			return err
		}
		if v != 0 && v != 1 {
			return d.errAt(i, "column %q: %v is not 0 or 1", *churnedCol, v)
		}
		events[i] = int(v)
	}
	if *entryCol != "" {
		xc, err := d.col(*entryCol)
		if err != nil {
			return err
		}
		entries = make([]float64, n)
		for i := range d.Rows {
			if entries[i], err = d.float(i, xc); err != nil {
				return err
			}
		}
	}
	rowErr := func(err error) error {
		var ie *retention.InputError
		if errors.As(err, &ie) && ie.Index >= 0 && ie.Index < n {
			return &lineError{File: d.File, Line: d.Lines[ie.Index], Err: err}
		}
		return fmt.Errorf("%s: %w", d.File, err)
	}
	rs, err := retention.NewRiskSet(e.ctx, times, events, entries)
	if err != nil {
		return rowErr(err)
	}
	curve, err := rs.KaplanMeier(st)
	if err != nil {
		return rowErr(err)
	}
	kt := &table{Name: "kaplan_meier", Title: fmt.Sprintf("Kaplan-Meier survival (%s band)", curve.Transform), Columns: []string{"time", "at_risk", "churned", "censored", "survival", "std_err", "lower", "upper", "cum_hazard"}, Data: curve}
	for _, s := range curve.Steps {
		kt.add(s.Time, s.AtRisk, s.Events, s.Censored, s.Survival, s.StdErr, s.CI.Lower, s.CI.Upper, s.CumHazard)
	}
	m := curve.Median()
	h := *horizon
	if h == 0 {
		h = curve.Steps[len(curve.Steps)-1].Time
	}
	r, err := curve.RMST(h)
	if err != nil {
		return rowErr(err)
	}
	type summary struct {
		N      int64
		Events int64
		Median retention.Median
		RMST   retention.RMST
	}
	sum := &table{Name: "summary", Title: "Median tenure and restricted mean", Columns: []string{"n", "churned", "median", "median_lower", "median_upper", "horizon", "rmst", "rmst_std_err"},
		Data: summary{curve.N, curve.Events, m, r}}
	sum.add(curve.N, curve.Events, m.Time, m.CI.Lower, m.CI.Upper, r.Horizon, r.Mean, r.StdErr)
	sum.note("median interval: Brookmeyer-Crowley on the %s band, level %g; NaN = not reached", curve.Transform, curve.Level)
	tables := []*table{sum, kt}
	if *groupCol != "" {
		gc, err := d.col(*groupCol)
		if err != nil {
			return err
		}
		labels, groups := denseLabels(d, gc)
		var strata []int
		if *strataCol != "" {
			sc, err := d.col(*strataCol)
			if err != nil {
				return err
			}
			_, strata = denseLabels(d, sc)
		}
		lr, err := retention.LogRank(e.ctx, times, events, groups, strata, st)
		if err != nil {
			return rowErr(err)
		}
		lt := &table{Name: "log_rank", Title: "Log-rank test", Columns: []string{"group", "n", "observed", "expected"}, Data: lr}
		for _, g := range lr.Groups {
			lt.add(labels[g.Group], g.N, g.Observed, g.Expected)
		}
		lt.note("chi-square %.4g on %d df, p = %.4g", lr.Statistic, lr.DF, lr.P)
		if len(lr.Groups) == 2 {
			lt.note("hazard ratio %s/%s = %.3g [%.3g, %.3g]", labels[1], labels[0], lr.HazardRatio, lr.CI.Lower, lr.CI.Upper)
		}
		tables = append(tables, lt)
	}
	return c.emit(e, tables...)
}

// denseLabels numbers the distinct values of column c in order of first
// appearance.
func denseLabels(d *csvData, c int) ([]string, []int) {
	index := map[string]int{}
	var labels []string
	ids := make([]int, len(d.Rows))
	for i, r := range d.Rows {
		v := r[c]
		k, ok := index[v]
		if !ok {
			k = len(labels)
			index[v] = k
			labels = append(labels, v)
		}
		ids[i] = k
	}
	return labels, ids
}

func runRetentionSBG(e *env, args []string) error {
	var c common
	fs := c.newFlagSet(e, "retention sbg", "retention sbg [flags] [FILE|-]\n\nThe shifted-beta-geometric model (Fader and Hardie 2007) fitted to survivor counts:\n--survivors 1000,631,468,... for one cohort, or a CSV with one cohort per row (columns\nperiod 0, 1, 2, ...; blank cells after a cohort's last period).")
	survivors := fs.String("survivors", "", "survivor counts of one cohort, comma-separated, period 0 first")
	periods := fs.Int("periods", 12, "periods to project")
	discount := fs.Float64("discount", 0.1, "discount rate per period of DERL")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	var cohorts [][]int64
	if *survivors != "" {
		var co []int64
		for _, f := range splitList(*survivors) {
			v, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return usagef("bad --survivors value %q", f)
			}
			co = append(co, v)
		}
		cohorts = append(cohorts, co)
	} else {
		d, err := readInput(e, name, nil)
		if err != nil {
			return err
		}
		for i, r := range d.Rows {
			var co []int64
			for j, f := range r {
				f = strings.TrimSpace(f)
				if f == "" {
					break
				}
				v, err := strconv.ParseInt(f, 10, 64)
				if err != nil {
					if j == 0 {
						continue // a label column
					}
					return d.errAt(i, "column %q: %q is not a whole number", d.Header[j], f)
				}
				co = append(co, v)
			}
			cohorts = append(cohorts, co)
		}
	}
	m, fit, err := retention.FitSBG(e.ctx, cohorts, nil)
	if err != nil {
		return err
	}
	pt := &table{Name: "sbg", Title: "sBG parameters (maximum likelihood)", Columns: []string{"param", "estimate", "std_err"}, Data: fit}
	for i, p := range fit.Params {
		pt.add(p, fit.Estimate[i], fit.StdErr[i])
	}
	pt.note("log-likelihood %.6g, %d customers; mean first-period churn %.4g", fit.LogLik, fit.N, m.Gamma/(m.Gamma+m.Delta))
	proj, err := fit.Project(*periods, c.level)
	if err != nil {
		return err
	}
	prt := &table{Name: "projection", Title: "Projected survival and retention", Columns: []string{"period", "survival", "survival_lower", "survival_upper", "retention", "retention_lower", "retention_upper"}, Data: proj}
	for _, p := range proj {
		prt.add(p.Period, p.Survival, p.SurvivalCI.Lower, p.SurvivalCI.Upper, p.Retention, p.RetentionCI.Lower, p.RetentionCI.Upper)
	}
	type derlRow struct {
		Renewals int
		Discount float64
		DERL     float64
	}
	var rows []derlRow
	dt := &table{Name: "derl", Title: fmt.Sprintf("Discounted expected residual lifetime at %g per period (value = margin x DERL)", *discount), Columns: []string{"renewals", "derl"}}
	for _, k := range []int{0, 1, 2, 3, 4, 5, 10} {
		v, err := m.DERL(k, *discount)
		if err != nil {
			return err
		}
		rows = append(rows, derlRow{k, *discount, v})
		dt.add(k, v)
	}
	dt.Data = rows
	return c.emit(e, pt, prt, dt)
}
