package main

import (
	"context"
	"math"
	"time"

	"github.com/cxkit/cxkit/retention"
)

// retentionData is the retention section: cohorts by the calendar period of
// each customer's first purchase, the share who bought again in each later
// period (classic retention), and the Kaplan–Meier curve of the customers'
// lifetimes in periods.
type retentionData struct {
	Period    retention.Period // week for a log shorter than half a year, else month
	Counts    retention.CohortCounts
	Table     retention.Table // classic retention
	Curve     retention.Curve // lifetimes in periods, log-log band
	Median    retention.Median
	RMST      retention.RMST
	Customers int64
	Churned   int64
	Censored  int64 // still active at the end of the data
	Survival  []survivalRow
}

// survivalRow is one step of the Kaplan–Meier table.
type survivalRow struct {
	Time                     float64
	AtRisk, Events, Censored int64
	Survival, Lower, Upper   float64
	BandDefined              bool // false once no one is left (Ŝ = 0): no band
}

// retentionHorizon is the restricted-mean horizon in periods: a year.
func retentionHorizon(p retention.Period) float64 {
	if p == retention.Week {
		return 52
	}
	return 12
}

func (d *reportData) retention(ctx context.Context, in *reportInput) error {
	r := &d.Retention
	customers := make([]string, len(in.Purchases))
	times := make([]time.Time, len(in.Purchases))
	first, last := in.Purchases[0].Time, in.Purchases[0].Time
	for i, p := range in.Purchases {
		customers[i], times[i] = p.Customer, p.Time
		if p.Time.Before(first) {
			first = p.Time
		}
		if p.Time.After(last) {
			last = p.Time
		}
	}
	r.Period = retention.Month
	if last.Sub(first) <= 26*7*24*time.Hour {
		r.Period = retention.Week
	}
	var err error
	if r.Counts, err = retention.Cohorts(ctx, customers, times, nil, &retention.CohortSettings{Period: r.Period, WeekStart: time.Monday}); err != nil {
		return err
	}
	if r.Table, err = r.Counts.Table(&retention.TableSettings{Definition: retention.Classic, Level: reportLevel}); err != nil {
		return err
	}
	rs, err := r.Counts.RiskSet()
	if err != nil {
		return err
	}
	if r.Curve, err = rs.KaplanMeier(&retention.Settings{Level: reportLevel, Transform: retention.LogLog}); err != nil {
		return err
	}
	r.Customers, r.Churned = r.Curve.N, r.Curve.Events
	r.Censored = r.Customers - r.Churned
	r.Median = r.Curve.Median()
	if r.RMST, err = r.Curve.RMST(retentionHorizon(r.Period)); err != nil {
		return err
	}
	for _, s := range r.Curve.Steps {
		row := survivalRow{Time: s.Time, AtRisk: s.AtRisk, Events: s.Events, Censored: s.Censored,
			Survival: s.Survival, Lower: s.CI.Lower, Upper: s.CI.Upper}
		row.BandDefined = !math.IsNaN(s.CI.Lower) && !math.IsNaN(s.CI.Upper)
		r.Survival = append(r.Survival, row)
	}
	return nil
}
