package main

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/simulate"
)

func runReport(e *env, args []string) error {
	fs := newFlagSet(e, "report", "report [-o FILE] [--events E --surveys S --steps A,B,C] [--purchases P] [--ab A]\n\nWith no flags, simulates the bundled sample data set (simulate.Sample: 500 customers' journeys\nand surveys) and reads the embedded CDNOW sample (Fader, Hardie & Lee 2005) for the customer-value\nsections; --events/--surveys and --purchases put your own data in their place. The A/B section is\na simulated, randomised test of an easier checkout unless --ab gives your own test. Writes one\nself-contained HTML page with SVG charts.")
	out := fs.String("o", "cx-report.html", "the HTML file to write")
	events := fs.String("events", "", "your event log (customer_id, timestamp, event, channel, touchpoint, ...) for the experience and journey sections; needs --surveys and --steps")
	surveys := fs.String("surveys", "", "your survey responses (customer_id, timestamp, touchpoint, kind, rating)")
	steps := fs.String("steps", "", "funnel steps for --events, e.g. visit,add_to_cart,purchase")
	goal := fs.String("goal", "", "the event that counts as a conversion in the attribution (default: the last funnel step)")
	purchases := fs.String("purchases", "", "your purchase log (customer_id, timestamp, amount) for the segment and lifetime-value sections")
	ab := fs.String("ab", "", "your A/B test, one row per visitor: columns variant and converted (0/1), two variants ('control', or the first one, is the control), planned as an even split")
	var pf purchaseFlags
	pf.register(fs)
	name, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if name != "-" {
		return usagef("report takes its data from --events, --surveys and --purchases (or none: the bundled sample data), not %q", name)
	}
	if (*events == "") != (*surveys == "") {
		return usagef("--events and --surveys go together")
	}
	if *events != "" && *steps == "" {
		return usagef("--events needs --steps, the funnel's event names")
	}
	report, done := e.progress("report")
	defer done()
	var prog func(string, int, int)
	if report != nil {
		prog = func(what string, d, t int) { report("simulating %s: %d/%d customers", what, d, t) }
	}
	in, err := loadReportInput(e.ctx, prog)
	if err != nil {
		return err
	}
	if *events != "" {
		if err := in.useJourneys(e, *events, *surveys, splitList(*steps), *goal); err != nil {
			return err
		}
	}
	if *purchases != "" {
		if err := in.usePurchases(e, *purchases, pf); err != nil {
			return err
		}
	}
	if *ab != "" {
		if err := in.useAB(e, *ab); err != nil {
			return err
		}
	}
	if report != nil {
		report("computing")
	}
	d, err := buildReport(e.ctx, in)
	if err != nil {
		return err
	}
	html, err := renderReport(d)
	if err != nil {
		return err
	}
	done()
	if err := writeFileAtomic(*out, html); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d KB)\n", *out, (len(html)+1023)/1024)
	return nil
}

// useJourneys replaces the simulated experience data with the user's event
// log and survey responses.
func (in *reportInput) useJourneys(e *env, events, surveys string, steps []string, goal string) error {
	if goal == "" {
		goal = steps[len(steps)-1]
	}
	evs, file, err := readJourneyFile(e, events, journey.ReadEvents)
	if err != nil {
		return err
	}
	rs, sfile, err := readJourneyFile(e, surveys, journey.ReadSurveys)
	if err != nil {
		return err
	}
	in.Sim = simulate.Data{Events: evs, Surveys: rs, Journeys: journey.BuildJourneys(evs, goal)}
	in.Steps, in.Goal = steps, goal
	in.ExperienceOf = file + " and " + sfile
	in.UserJourneys = true
	in.ExperienceName = in.ExperienceOf
	return nil
}

// usePurchases replaces the CDNOW sample with the user's purchase log: the
// as-of date is the day after the last purchase and the holdout check cuts
// the log in the middle of its time span.
func (in *reportInput) usePurchases(e *env, name string, pf purchaseFlags) error {
	ps, file, err := readPurchases(e, name, pf)
	if err != nil {
		return err
	}
	first := ps[0].Time
	for _, p := range ps {
		if p.Time.Before(first) {
			first = p.Time
		}
	}
	in.Purchases, in.AsOf = ps, lastDay(ps)
	mid := first.Add(in.AsOf.Sub(first) / 2)
	in.Cutoff = time.Date(mid.Year(), mid.Month(), mid.Day(), 0, 0, 0, 0, mid.Location())
	in.ValueOf, in.ValueName = file, file
	return nil
}

// useAB replaces the simulated A/B test with the user's: one row per
// visitor with its variant and a 0/1 conversion, two variants.
func (in *reportInput) useAB(e *env, name string) error {
	d, cs, err := readColumns(e, name, nil, "variant", "converted")
	if err != nil {
		return err
	}
	vc, mc := cs[0], cs[1]
	arms := map[string]*abtest.Proportion{}
	var order []string
	for i, r := range d.Rows {
		v := strings.TrimSpace(r[vc])
		if v == "" {
			return d.errAt(i, "column \"variant\" is empty")
		}
		x, err := d.float(i, mc)
		if err != nil {
			return err
		}
		if x != 0 && x != 1 {
			return d.errAt(i, "column \"converted\": %v is not 0 or 1", x)
		}
		p := arms[v]
		if p == nil {
			p = &abtest.Proportion{}
			arms[v] = p
			order = append(order, v)
		}
		p.Trials++
		p.Successes += int(x)
	}
	if len(order) != 2 {
		return &lineError{File: d.File, Err: fmt.Errorf("the report compares two variants in column \"variant\", found %d (use 'cxkit abtest' for more)", len(order))}
	}
	ctl, trt := order[0], order[1]
	if trt == "control" {
		ctl, trt = trt, ctl
	}
	in.AB = &abCounts{Of: d.File, ControlName: ctl, TreatmentName: trt, Control: *arms[ctl], Treatment: *arms[trt]}
	return nil
}

// reportCharts holds the inlined SVG charts.
type reportCharts struct {
	Experience, NPS, Funnel, Attribution, RFM, CLV, Holdout, AB template.HTML
	Control, Cohorts, Survival                                  template.HTML
}

// reportFigures holds the charts before drawing.
type reportFigures struct {
	Experience, NPS, Funnel, Attribution, RFM, CLV, Holdout, AB figure
	Control, Cohorts, Survival                                  *figure // nil when the section has no data
}

func (d *reportData) figures() (reportFigures, error) {
	var f reportFigures
	var err error
	names := func(rows []scoreRow) (n []string, v, lo, hi []float64) {
		for _, r := range rows {
			n = append(n, r.Name+" ("+r.Kind+")")
			v, lo, hi = append(v, r.Score), append(lo, r.Lower), append(hi, r.Upper)
		}
		return
	}
	n, v, lo, hi := names(d.Experience)
	if f.Experience, err = barChart("Experience by touchpoint (95% intervals)", "% satisfied (CSAT) / % easy (CES)", n, v, lo, hi); err != nil {
		return f, err
	}
	n, v, lo, hi = names(d.NPS)
	if f.NPS, err = scoreBars("Relationship NPS (95% adjusted-Wald intervals)", "NPS", n, v, lo, hi); err != nil {
		return f, err
	}
	var fn []string
	var fv []float64
	for _, s := range d.Funnel.Steps {
		fn, fv = append(fn, s.Name), append(fv, float64(s.Count))
	}
	if f.Funnel, err = countBars("Purchase funnel (customers reaching each step within 30 days)", "customers", fn, fv); err != nil {
		return f, err
	}
	if f.Attribution, err = groupedBars("Conversions attributed to each channel", "conversions", d.AttrChannels, d.AttrModels, d.AttrConv); err != nil {
		return f, err
	}
	f.Attribution.p.Y.Tick.Marker = intTicks{}
	var rn []string
	var rc, rr []float64
	for _, r := range d.RFM {
		rn, rc, rr = append(rn, r.Name), append(rc, 100*r.Share), append(rr, 100*r.RevShare)
	}
	if f.RFM, err = groupedBars("RFM segments: share of customers and of revenue", "%", rn, []string{"% of customers", "% of revenue"}, [][]float64{rc, rr}); err != nil {
		return f, err
	}
	if f.CLV, err = histogram(fmt.Sprintf("Distribution of CLV over the next %d weeks", clvHorizon), "CLV (USD, discounted 10% a year)", d.CLVValues, 40); err != nil {
		return f, err
	}
	var hx []float64
	var ht []string
	ha := make([][]float64, 2)
	for i, r := range d.Holdout {
		hx = append(hx, float64(i))
		lab := fmt.Sprint(r.Frequency)
		if i == len(d.Holdout)-1 {
			lab += "+"
		}
		ht = append(ht, lab)
		ha[0], ha[1] = append(ha[0], r.Actual), append(ha[1], r.Predicted)
	}
	if f.Holdout, err = linesChart("Calibration vs holdout: purchases in the holdout period", "repeat purchases in the calibration period", "mean purchases in the holdout", []string{"actual", "BG/NBD prediction"}, hx, ha, ht); err != nil {
		return f, err
	}
	a := d.AB
	if f.AB, err = barChart("A/B test: conversion rate by arm (95% Wilson intervals)", "conversion rate",
		[]string{a.ControlLabel, a.TreatmentLabel},
		[]float64{a.Control.Rate(), a.Treatment.Rate()}, []float64{a.LowerA, a.LowerB}, []float64{a.UpperA, a.UpperB}); err != nil {
		return f, err
	}
	if len(d.Control.Rows) > 0 {
		c, err := controlFigure(d.Control)
		if err != nil {
			return f, err
		}
		f.Control = &c
	}
	if len(d.Retention.Table.Cohorts) > 0 {
		h, err := heatmapFigure(d.Retention)
		if err != nil {
			return f, err
		}
		s, err := survivalFigure(d.Retention)
		if err != nil {
			return f, err
		}
		f.Cohorts, f.Survival = &h, &s
	}
	return f, nil
}

func (d *reportData) charts() (reportCharts, error) {
	var c reportCharts
	f, err := d.figures()
	if err != nil {
		return c, err
	}
	for _, x := range []struct {
		f   *figure
		out *template.HTML
	}{{&f.Experience, &c.Experience}, {&f.NPS, &c.NPS}, {&f.Funnel, &c.Funnel}, {&f.Attribution, &c.Attribution},
		{&f.RFM, &c.RFM}, {&f.CLV, &c.CLV}, {&f.Holdout, &c.Holdout}, {&f.AB, &c.AB},
		{f.Control, &c.Control}, {f.Cohorts, &c.Cohorts}, {f.Survival, &c.Survival}} {
		if x.f == nil {
			continue
		}
		if *x.out, err = x.f.svg(); err != nil {
			return c, err
		}
	}
	return c, nil
}

// renderReport renders the whole page.
func renderReport(d *reportData) ([]byte, error) {
	charts, err := d.charts()
	if err != nil {
		return nil, err
	}
	t, err := template.New("report").Funcs(template.FuncMap{
		"num":    fmtNum,
		"pct":    pct,
		"int":    func(v float64) string { return fmt.Sprintf("%.0f", v) },
		"hrs":    func(s float64) string { return fmtNum(s / 3600) },
		"yes":    func(b bool) string { return textCell(b) },
		"date":   func(t time.Time) string { return t.Format("2006-01-02") },
		"inc":    func(i int) int { return i + 1 },
		"mul100": func(v float64) float64 { return 100 * v },
		"isNaN":  math.IsNaN,
		"whole":  whole,
		"numOr":  numOr,
	}).Parse(reportTemplate)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, struct {
		D      *reportData
		C      reportCharts
		Cutoff time.Time
		AsOf   time.Time
		K      int
		H      int
	}{d, charts, d.Cutoff, d.AsOf, kmeansK, clvHorizon})
	return b.Bytes(), err
}

// whole formats a number that is usually a whole number (a time in
// periods) without decimals, and any other as fmtNum does.
func whole(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return fmtNum(v)
}

// numOr formats v as fmtNum does, and an undefined value (NaN) as "–".
func numOr(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmtNum(v)
}
