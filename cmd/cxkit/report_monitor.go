package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/monitor"
)

// controlData is the control chart section: the weekly CSAT (share of
// top-box ratings, every touchpoint together) on a p-chart whose limits
// follow each week's number of responses, with the Western Electric rules.
type controlData struct {
	Periods   []monitor.Period
	Chart     monitor.Chart
	Rows      []controlRow
	Alarms    int          // alarms, all rules
	AlarmRows []controlRow // the weeks with an alarm
	MinN      int          // weeks with fewer responses are left out
	Sparse    int          // weeks left out
	SparseN   int          // their responses
}

// controlRow is one week of the control chart table.
type controlRow struct {
	Week          time.Time
	N, Satisfied  int
	Share, Center float64 // percent
	Lower, Upper  float64 // control limits, percent
	Rules         string  // the alarms' rule names, "" for none
	Alarm         bool
}

// minWeekResponses is the fewest CSAT responses a week needs to be on the
// control chart: with fewer, 3-standard-error limits of a share near ½
// span almost 0 to 100 %, so the week can neither alarm nor inform.
const minWeekResponses = 10

// weekOf returns the Monday 00:00 UTC that starts t's calendar week.
func weekOf(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// csatWeeks tallies the CSAT responses per calendar week (weeks from Monday,
// UTC) into monitor periods; weeks without responses have no period.
func csatWeeks(surveys []journey.SurveyResponse) ([]monitor.Period, error) {
	weeks := map[time.Time]*csat.Tally{}
	for _, s := range surveys {
		if s.Kind != journey.KindCSAT {
			continue
		}
		w := weekOf(s.Time)
		if weeks[w] == nil {
			weeks[w] = &csat.Tally{Scale: csat.Scale5}
		}
		if err := weeks[w].Add(s.Rating); err != nil {
			return nil, fmt.Errorf("CSAT response of %s at %s: %w", s.Customer, s.Time.Format(time.RFC3339), err)
		}
	}
	starts := make([]time.Time, 0, len(weeks))
	for w := range weeks {
		starts = append(starts, w)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	ps := make([]monitor.Period, 0, len(starts))
	for _, w := range starts {
		r, err := weeks[w].Result()
		if err != nil {
			return nil, err
		}
		ps = append(ps, monitor.Period{Label: w.Format("2006-01-02"), Date: w, N: r.N, Successes: r.Satisfied})
	}
	return ps, nil
}

// controlChart computes the control chart section from the survey responses.
func (d *reportData) controlChart(in *reportInput) error {
	c := &d.Control
	all, err := csatWeeks(in.Sim.Surveys)
	if err != nil {
		return err
	}
	c.MinN = minWeekResponses
	for _, p := range all {
		if p.N < c.MinN {
			c.Sparse++
			c.SparseN += p.N
			continue
		}
		c.Periods = append(c.Periods, p)
	}
	if len(c.Periods) == 0 {
		return nil // no CSAT responses: the section says so
	}
	if c.Chart, err = monitor.PChart(c.Periods, &monitor.Settings{Rules: monitor.WesternElectric}); err != nil {
		return err
	}
	rules := map[int][]string{}
	for _, a := range c.Chart.Alarms {
		rules[a.Index] = append(rules[a.Index], a.Rule.String())
	}
	c.Alarms = len(c.Chart.Alarms)
	for i, pt := range c.Chart.Points {
		p := c.Periods[i]
		c.Rows = append(c.Rows, controlRow{Week: p.Date, N: p.N, Satisfied: p.Successes,
			Share: 100 * pt.Value, Center: 100 * pt.Center, Lower: 100 * pt.LCL, Upper: 100 * pt.UCL,
			Rules: strings.Join(rules[i], ", "), Alarm: len(rules[i]) > 0})
		if len(rules[i]) > 0 {
			c.AlarmRows = append(c.AlarmRows, c.Rows[i])
		}
	}
	return nil
}
