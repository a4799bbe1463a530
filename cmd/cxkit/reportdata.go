package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
	"github.com/cxkit/cxkit/journey/experience"
	"github.com/cxkit/cxkit/journey/funnel"
	"github.com/cxkit/cxkit/journey/simulate"
	"github.com/cxkit/cxkit/nps"
	"github.com/cxkit/cxkit/segment"
)

// cdnowSample is the 2,357-customer CDNOW sample of Fader, Hardie & Lee
// (2005) (see data/CDNOW_SOURCE.md), used for the customer-value sections.
//
//go:embed data/CDNOW_sample.txt
var cdnowSample []byte

// The report's fixed settings.
const (
	reportLevel   = 0.95
	abCustomers   = 4000 // visitors randomised in the simulated A/B test
	kmeansK       = 4
	clvHorizon    = 52 // weeks
	topCustomersN = 10
)

var (
	funnelSteps = []string{"website_visit", "product_page", "add_to_cart", "checkout", "payment"}
	// CDNOW: calibration weeks 1–39, holdout to 1998-06-30 (FHL 2005).
	cdnowCutoff = time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	cdnowAsOf   = time.Date(1998, 7, 1, 0, 0, 0, 0, time.UTC)
)

// reportInput is the data a report is computed from.
type reportInput struct {
	Sim       simulate.Data      // the journeys, surveys (and map) of the experience sections
	Purchases []journey.Purchase // the purchase log of the customer-value sections
	Control   simulate.Data      // the simulated A/B test's control arm
	Treatment simulate.Data      // … and treatment arm (checkout quality improved)
	AB        *abCounts          // the user's A/B test, in place of the simulated one

	Steps                     []string  // funnel steps (event names)
	Goal                      string    // the event that counts as a conversion in attribution
	AsOf                      time.Time // end of the purchase log (exclusive): RFM as-of date
	Cutoff                    time.Time // end of the calibration period of the holdout check
	ExperienceOf              string    // what the experience data are, for the page
	UserJourneys              bool      // the experience data are the user's files, not the simulation
	ValueOf                   string    // what the purchase data are, for the page
	ExperienceName, ValueName string    // the same in a few words
}

// loadReportInput simulates the bundled sample data set and the A/B test and
// reads the embedded CDNOW sample.
func loadReportInput(ctx context.Context, progress func(string, int, int)) (*reportInput, error) {
	in := reportInput{Steps: funnelSteps, Goal: "payment", AsOf: cdnowAsOf, Cutoff: cdnowCutoff,
		ExperienceOf:   "the bundled simulated data set (simulate.Sample; synthetic, no real customers)",
		ExperienceName: "the bundled simulated data set", ValueName: "the CDNOW sample",
		ValueOf: "the CDNOW sample of Fader, Hardie & Lee (2005), customers of an online music retailer, 1997–1998 (a purchase log needs repeat buyers over many months for the buy-'til-you-die models)"}
	sim := simulate.Sample()
	var err error
	sim.Progress = func(d, t int) { progressOf(progress, "sample data", d, t) }
	if in.Sim, err = sim.Run(ctx); err != nil {
		return nil, err
	}
	// Randomise abCustomers visitors 50/50, then simulate each arm: the
	// treatment has an easier checkout (quality 0.75 instead of 0.6).
	r := rand.New(rand.NewPCG(2026, 100))
	nA := 0
	for range abCustomers {
		if r.IntN(2) == 0 {
			nA++
		}
	}
	ctl := simulate.Simulator{Customers: nA, SurveyProb: 0.6, Src: rand.NewPCG(2026, 101),
		Progress: func(d, t int) { progressOf(progress, "A/B control", d, t) }}
	if in.Control, err = ctl.Run(ctx); err != nil {
		return nil, err
	}
	trt := simulate.Simulator{Customers: abCustomers - nA, SurveyProb: 0.6, Src: rand.NewPCG(2026, 102),
		Quality:  map[string]float64{"checkout": 0.75},
		Progress: func(d, t int) { progressOf(progress, "A/B treatment", d, t) }}
	if in.Treatment, err = trt.Run(ctx); err != nil {
		return nil, err
	}
	if in.Purchases, err = journey.ReadCDNOW(bytes.NewReader(cdnowSample)); err != nil {
		return nil, err
	}
	return &in, nil
}

func progressOf(p func(string, int, int), what string, done, total int) {
	if p != nil {
		p(what, done, total)
	}
}

// scoreRow is one touchpoint's (or group's) survey score with its interval.
type scoreRow struct {
	Name          string
	Stage         string
	MomentOfTruth bool
	Kind          string // "CSAT", "CES" or "NPS"
	N             int
	Score         float64 // % satisfied, % easy, or NPS points
	Lower, Upper  float64
	Mean          float64
}

// reportData holds every number the report shows.
type reportData struct {
	Customers, Events, Surveys, SimPurchases int
	ExperienceOf, ValueOf                    string
	ExperienceName, ValueName                string
	SampleJourneys                           bool   // the experience data are the bundled simulation
	HasMap                                   bool   // a journey map gives stages and moments of truth
	Goal                                     string // the conversion event of the attribution
	FirstStep, LastStep                      string // the funnel's first and last steps
	AsOf, Cutoff                             time.Time

	Experience  []scoreRow // CSAT and CES per touchpoint
	NPS         []scoreRow // relationship NPS overall and by acquisition touchpoint
	Pain        []experience.PainPoint
	RatedPain   []experience.PainPoint // touchpoints with a score
	UnratedPain []experience.PainPoint // touchpoints without survey responses: no score, no pain

	Funnel funnel.Result

	AttrChannels []string
	AttrModels   []string
	AttrConv     [][]float64 // [model][channel]
	Removal1     []float64   // first-order removal effects
	Conversions  float64

	RFMCustomers int
	RFM          []rfmRow
	KMeans       []kmRow
	KMSilhouette float64

	BGNBD      clv.BGNBD
	BGNBDFit   clv.FitResult
	GG         clv.GammaGamma
	GGFit      clv.FitResult
	CLVValues  []float64 // per customer, next clvHorizon weeks, 10% yearly discount
	CLVTotal   float64
	Top        []topRow
	Holdout    []clv.FrequencyRow
	HoldoutLen float64
	CLVN       int

	AB abResult

	Control   controlData
	Retention retentionData
}

type rfmRow struct {
	Name                     string
	Customers                int
	Share, Revenue, RevShare float64
}

type kmRow struct {
	Segment                      int
	Size                         int
	Share, RevShare              float64
	Recency, Frequency, Monetary float64 // segment means in original units
	Distinctive                  string
}

type topRow struct {
	ID                       string
	Frequency, Recency, T    float64
	PAlive, Purchases, Spend float64
	CLV                      float64
}

// abCounts is a user's A/B test: visitors and conversions per arm.
type abCounts struct {
	Of                         string // the file
	ControlName, TreatmentName string
	Control, Treatment         abtest.Proportion
}

type abResult struct {
	Simulated                    bool   // the bundled simulation, with checkout CES per arm
	Of                           string // else the user's file
	ControlName, TreatmentName   string
	ControlLabel, TreatmentLabel string // for the chart
	Control, Treatment           abtest.Proportion
	LowerA, UpperA               float64
	LowerB, UpperB               float64
	Test                         abtest.ProportionResult
	Lift                         abtest.LiftResult
	Bayes                        abtest.BayesResult
	SRM                          abtest.ChiSquareResult
	CESA, CESB                   ces.Result
	CESCompare                   ces.Comparison
}

// buildReport computes every section of the report from in.
func buildReport(ctx context.Context, in *reportInput) (*reportData, error) {
	d := &reportData{Customers: len(in.Sim.Journeys), Events: len(in.Sim.Events), Surveys: len(in.Sim.Surveys), SimPurchases: len(in.Sim.Purchases)}
	d.ExperienceOf, d.ValueOf, d.AsOf, d.Cutoff = in.ExperienceOf, in.ValueOf, in.AsOf, in.Cutoff
	d.ExperienceName, d.ValueName = in.ExperienceName, in.ValueName
	d.SampleJourneys, d.Goal = !in.UserJourneys, in.Goal
	d.HasMap = in.Sim.Map != nil
	if len(in.Steps) > 0 {
		d.FirstStep, d.LastStep = in.Steps[0], in.Steps[len(in.Steps)-1]
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"experience", func() error { return d.experience(ctx, in) }},
		{"funnel and attribution", func() error { return d.funnelAndPaths(ctx, in) }},
		{"segments", func() error { return d.segments(ctx, in) }},
		{"lifetime value", func() error { return d.lifetimeValue(ctx, in) }},
		{"control chart", func() error { return d.controlChart(in) }},
		{"retention", func() error { return d.retention(ctx, in) }},
		{"A/B test", func() error { return d.abTest(in) }},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			return nil, fmt.Errorf("report section %s: %w", s.name, err)
		}
	}
	return d, nil
}

// ratingValues converts whole ratings to the float64 values that the
// survey packages' Score functions take.
func ratingValues(ratings []int) []float64 {
	rs := make([]float64, len(ratings))
	for i, r := range ratings {
		rs[i] = float64(r)
	}
	return rs
}

// csatShare returns the CSAT of 1–5 ratings with its Wilson interval.
func csatShare(ratings []int) (score, lower, upper float64, err error) {
	res, err := csat.Score(ratingValues(ratings), csat.Scale5)
	if err != nil {
		return 0, 0, 0, err
	}
	iv, err := res.Interval(reportLevel, csat.Wilson)
	return res.CSAT, iv.Lower, iv.Upper, err
}

// cesShare returns the CES 2.0 share of easy ratings with its Wilson interval.
func cesShare(ratings []int) (score, lower, upper float64, err error) {
	res, err := ces.Score(ratingValues(ratings), ces.V2)
	if err != nil {
		return 0, 0, 0, err
	}
	iv, err := res.Interval(reportLevel, ces.Wilson)
	return res.PctEasy, iv.Lower, iv.Upper, err
}

func (d *reportData) experience(ctx context.Context, in *reportInput) error {
	exp := experience.ByTouchpoint(in.Sim.Map, in.Sim.Surveys)
	for _, x := range exp {
		row := scoreRow{Name: x.Touchpoint, Stage: x.Stage.String(), MomentOfTruth: x.MomentOfTruth, N: len(x.Ratings), Mean: x.Mean}
		var err error
		switch x.Kind {
		case journey.KindCSAT:
			row.Kind = "CSAT"
			row.Score, row.Lower, row.Upper, err = csatShare(x.Ratings)
		case journey.KindCES:
			row.Kind = "CES"
			row.Score, row.Lower, row.Upper, err = cesShare(x.Ratings)
		default:
			continue
		}
		if err != nil {
			return fmt.Errorf("touchpoint %s: %w", x.Touchpoint, err)
		}
		d.Experience = append(d.Experience, row)
	}
	// Relationship NPS, overall and by the touchpoint where the customer
	// entered the journey.
	entry := map[string]string{}
	for _, j := range in.Sim.Journeys {
		if len(j.Events) > 0 {
			entry[j.Customer] = j.Events[0].Touchpoint
			if entry[j.Customer] == "" {
				entry[j.Customer] = j.Events[0].Name
			}
		}
	}
	tallies := map[string]*nps.Tally{"all customers": {}}
	for _, s := range in.Sim.Surveys {
		if s.Kind != journey.KindNPS {
			continue
		}
		if err := tallies["all customers"].Add(s.Rating); err != nil {
			return err
		}
		g := "entered at " + entry[s.Customer]
		if tallies[g] == nil {
			tallies[g] = &nps.Tally{}
		}
		if err := tallies[g].Add(s.Rating); err != nil {
			return err
		}
	}
	names := sortedKeys(tallies)
	sort.SliceStable(names, func(i, j int) bool { return names[i] == "all customers" && names[j] != "all customers" })
	for _, g := range names {
		res, err := tallies[g].Result()
		if err != nil {
			return err
		}
		b, err := res.Interval(reportLevel, nps.AdjustedWald)
		if err != nil {
			return err
		}
		d.NPS = append(d.NPS, scoreRow{Name: g, Kind: "NPS", N: res.N, Score: res.Score, Lower: b.CI.Lower, Upper: b.CI.Upper})
	}
	var err error
	if d.Pain, err = experience.PainPoints(ctx, in.Sim.Map, in.Sim.Journeys, exp, nil); err != nil {
		return err
	}
	for _, p := range d.Pain {
		if p.Responses > 0 && !math.IsNaN(p.Score) && !math.IsNaN(p.Pain) {
			d.RatedPain = append(d.RatedPain, p)
		} else {
			d.UnratedPain = append(d.UnratedPain, p)
		}
	}
	return nil
}

func (d *reportData) funnelAndPaths(ctx context.Context, in *reportInput) error {
	l := journey.NewLog(in.Sim.Events)
	f := funnel.Funnel{Steps: in.Steps, Window: 30 * 24 * time.Hour}
	var err error
	if d.Funnel, err = f.Run(ctx, l); err != nil {
		return err
	}
	pt := journey.PathsFromJourneys(in.Sim.Journeys, in.Goal)
	d.AttrChannels = pt.Channels
	d.Conversions, _, _ = pt.Totals()
	add := func(name string, a attribution.Shares) {
		row := make([]float64, len(pt.Channels))
		for i, ch := range pt.Channels {
			row[i], _ = a.Of(ch)
		}
		d.AttrModels = append(d.AttrModels, name)
		d.AttrConv = append(d.AttrConv, row)
	}
	for _, order := range []int{1, 2} {
		m, err := attribution.Markov(ctx, pt, &attribution.MarkovSettings{Order: order})
		if err != nil {
			return err
		}
		if order == 1 {
			d.Removal1 = m.RemovalEffects
		}
		add(fmt.Sprintf("Markov order %d", order), m.Attribution)
	}
	for _, h := range []struct {
		name string
		m    attribution.Rule
	}{{"first touch", attribution.FirstTouch}, {"last touch", attribution.LastTouch}, {"linear", attribution.Linear}} {
		a, err := attribution.Heuristic(ctx, pt, h.m, nil)
		if err != nil {
			return err
		}
		add(h.name, a)
	}
	return nil
}

func (d *reportData) segments(ctx context.Context, in *reportInput) error {
	rows, err := segment.BuildRFM(ctx, in.Purchases, in.AsOf)
	if err != nil {
		return err
	}
	d.RFMCustomers = len(rows)
	t, err := rfmTable(rows)
	if err != nil {
		return err
	}
	for _, r := range t.Rows {
		d.RFM = append(d.RFM, rfmRow{Name: r[0].(segment.RFMSegment).String(), Customers: r[1].(int), Share: r[2].(float64), Revenue: r[3].(float64), RevShare: r[4].(float64)})
	}
	cl, err := segment.ClusterRFM(ctx, rows, segment.KMeans{K: kmeansK, Src: rand.NewPCG(2026, 7), Workers: 1})
	if err != nil {
		return err
	}
	x := segment.RFMMatrix(rows)
	revenue := make([]float64, len(rows))
	for i, r := range rows {
		revenue[i] = r.Monetary
	}
	ps, err := segment.Profiles(x, cl.Fit.Labels, revenue, []string{"recency", "frequency", "monetary"})
	if err != nil {
		return err
	}
	for _, p := range ps {
		dn := ""
		if len(p.Distinctive) > 0 {
			dn = fmt.Sprintf("%s (SMD %s)", p.Distinctive[0].Name, fmtNum(p.Distinctive[0].SMD))
		}
		d.KMeans = append(d.KMeans, kmRow{Segment: p.Segment, Size: p.Size, Share: p.Share, RevShare: p.RevenueShare,
			Recency: p.Mean[0], Frequency: p.Mean[1], Monetary: p.Mean[2], Distinctive: dn})
	}
	xs, err := cl.Scaler.Transform(x)
	if err != nil {
		return err
	}
	s, err := segment.Silhouette(ctx, xs, cl.Fit.Labels, &segment.SilhouetteSettings{Workers: 1})
	if err != nil {
		return err
	}
	d.KMSilhouette = s.Mean
	return nil
}

func (d *reportData) lifetimeValue(ctx context.Context, in *reportInput) error {
	opts := &clv.SummarySettings{Period: clv.Day, Unit: clv.Week, End: in.AsOf.Add(-time.Second)}
	cs, err := clv.Summarize(in.Purchases, opts)
	if err != nil {
		return err
	}
	d.CLVN = len(cs)
	if d.BGNBD, d.BGNBDFit, err = clv.FitBGNBD(ctx, cs, nil, nil); err != nil && !errors.Is(err, clv.ErrNotConverged) {
		return err
	}
	if d.GG, d.GGFit, err = clv.FitGammaGamma(ctx, cs, nil, nil); err != nil && !errors.Is(err, clv.ErrNotConverged) {
		return err
	}
	vals, err := clv.CLV(ctx, d.BGNBD, d.GG, cs, clv.Discounting{Period: 52, Rate: 0.1}, clv.Window{From: 0, To: clvHorizon})
	if err != nil {
		return err
	}
	d.CLVValues = make([]float64, len(cs))
	idx := make([]int, len(cs))
	for i, v := range vals {
		d.CLVValues[i] = v[0]
		d.CLVTotal += v[0]
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d.CLVValues[idx[a]] > d.CLVValues[idx[b]] })
	for _, i := range idx[:min(topCustomersN, len(idx))] {
		c := cs[i]
		d.Top = append(d.Top, topRow{ID: c.ID, Frequency: c.Frequency, Recency: c.Recency, T: c.T,
			PAlive: d.BGNBD.ProbAlive(c), Purchases: d.BGNBD.ConditionalExpectedPurchases(c, clvHorizon),
			Spend: d.GG.ConditionalExpectedSpend(c), CLV: d.CLVValues[i]})
	}
	split, err := clv.SplitHoldout(in.Purchases, in.Cutoff, opts)
	if err != nil {
		return err
	}
	calib, _, err := clv.FitBGNBD(ctx, split.Calibration, nil, nil)
	if err != nil && !errors.Is(err, clv.ErrNotConverged) {
		return err
	}
	d.HoldoutLen = split.Duration
	d.Holdout, err = clv.HoldoutByFrequency(ctx, calib, split.Calibration, split.Holdout, split.Duration, 7)
	return err
}

// conversions counts the simulated customers who reached payment.
func conversions(s simulate.Data) abtest.Proportion {
	p := abtest.Proportion{Trials: len(s.Journeys)}
	for _, j := range s.Journeys {
		if j.Outcome == journey.OutcomeConverted {
			p.Successes++
		}
	}
	return p
}

func (d *reportData) abTest(in *reportInput) error {
	a := &d.AB
	if in.AB != nil {
		a.Of, a.ControlName, a.TreatmentName = in.AB.Of, in.AB.ControlName, in.AB.TreatmentName
		a.ControlLabel, a.TreatmentLabel = in.AB.ControlName+" (control)", in.AB.TreatmentName
		a.Control, a.Treatment = in.AB.Control, in.AB.Treatment
	} else {
		a.Simulated, a.ControlName, a.TreatmentName = true, "control", "treatment"
		a.ControlLabel, a.TreatmentLabel = "control (current checkout)", "treatment (easier checkout)"
		a.Control, a.Treatment = conversions(in.Control), conversions(in.Treatment)
	}
	var err error
	ia, err := abtest.ProportionInterval(a.Control, reportLevel, abtest.Wilson)
	if err != nil {
		return err
	}
	ib, err := abtest.ProportionInterval(a.Treatment, reportLevel, abtest.Wilson)
	if err != nil {
		return err
	}
	a.LowerA, a.UpperA, a.LowerB, a.UpperB = ia.Lower, ia.Upper, ib.Lower, ib.Upper
	if a.Test, err = abtest.TwoProportionZ(a.Control, a.Treatment, &abtest.Settings{Level: reportLevel}); err != nil {
		return err
	}
	if a.Lift, err = abtest.RelativeLift(a.Control, a.Treatment, reportLevel); err != nil {
		return err
	}
	if a.Bayes, err = abtest.BetaBinomial(a.Control, a.Treatment, nil); err != nil {
		return err
	}
	if a.SRM, err = abtest.SampleRatioMismatch([]int{a.Control.Trials, a.Treatment.Trials}, nil); err != nil {
		return err
	}
	if !a.Simulated {
		return nil
	}
	cesOf := func(s simulate.Data) (ces.Result, error) {
		var t ces.Tally
		for _, r := range s.Surveys {
			if r.Kind == journey.KindCES && r.Touchpoint == "checkout" {
				if err := t.Add(r.Rating); err != nil {
					return ces.Result{}, err
				}
			}
		}
		return t.Result()
	}
	if a.CESA, err = cesOf(in.Control); err != nil {
		return err
	}
	if a.CESB, err = cesOf(in.Treatment); err != nil {
		return err
	}
	a.CESCompare, err = ces.Compare(a.CESA, a.CESB, &ces.CompareSettings{Level: reportLevel}) // treatment − control
	return err
}
