package monitor_test

import (
	"fmt"
	"time"

	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/monitor"
	"github.com/cxkit/cxkit/nps"
)

// Top-box counts of 12 weeks with very different numbers of responses: a
// week's limits depend on its n.
func ExamplePChart() {
	n := []int{120, 45, 300, 80, 150, 60, 200, 90, 310, 40, 130, 220}
	top := []int{78, 30, 192, 50, 99, 40, 128, 57, 170, 30, 86, 146}
	weeks := make([]monitor.Period, len(n))
	for i := range n {
		weeks[i] = monitor.Period{Label: fmt.Sprintf("W%02d", i+1), N: n[i], Successes: top[i]}
	}
	c, err := monitor.PChart(weeks, &monitor.Settings{Baseline: monitor.Window{From: 0, To: 8}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("centre %.3f\n", c.Center)
	for _, p := range c.Points[7:10] {
		fmt.Printf("%s n=%3d p=%.3f limits [%.3f, %.3f] out=%v\n", p.Label, p.N, p.Value, p.LCL, p.UCL, p.Out)
	}
	for _, a := range c.Alarms {
		fmt.Println("alarm:", a.Label, a.Rule)
	}
	// Output:
	// centre 0.645
	// W08 n= 90 p=0.633 limits [0.494, 0.796] out=false
	// W09 n=310 p=0.548 limits [0.563, 0.727] out=true
	// W10 n= 40 p=0.750 limits [0.418, 0.872] out=false
	// alarm: W09 beyond-limits
}

// Weekly nps.Tally values become periods in one line each; the NPS chart
// draws limits from the trinomial variance.
func ExampleNPSChart() {
	ratings := [][]int{
		{10, 9, 9, 8, 7, 6, 10, 9, 3, 8, 9, 10},
		{9, 9, 8, 7, 5, 10, 10, 9, 6},
		{10, 10, 9, 8, 8, 7, 6, 2, 9, 9, 10, 9, 8, 4},
		{9, 8, 7, 6, 5, 4, 3, 9, 10, 2},
	}
	var weeks []monitor.Period
	for i, rs := range ratings {
		var t nps.Tally
		for _, r := range rs {
			if err := t.Add(r); err != nil {
				fmt.Println(err)
				return
			}
		}
		r, _ := t.Result()
		weeks = append(weeks, monitor.Period{Label: fmt.Sprintf("W%d", i+1), N: r.N, Promoters: r.Promoters, Passives: r.Passives, Detractors: r.Detractors})
	}
	c, err := monitor.NPSChart(weeks, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range c.Points {
		fmt.Printf("%s NPS %+5.1f limits [%+6.1f, %+6.1f]\n", p.Label, p.Value, p.LCL, p.UCL)
	}
	// Output:
	// W1 NPS +41.7 limits [ -50.6,  +95.0]
	// W2 NPS +33.3 limits [ -61.8, +100.0]
	// W3 NPS +28.6 limits [ -45.2,  +89.6]
	// W4 NPS -20.0 limits [ -57.5, +100.0]
}

// A csat.Result gives a proportion period (top box) or a mean period.
func ExampleXBarSChart() {
	days := [][]float64{{5, 4, 4, 3, 5, 4}, {4, 4, 5, 5, 3}, {2, 3, 4, 3, 3, 2, 4}, {5, 5, 4, 4, 4, 5}}
	var ps []monitor.Period
	for i, d := range days {
		r, err := csat.Score(d, csat.Scale5)
		if err != nil {
			fmt.Println(err)
			return
		}
		ps = append(ps, monitor.Period{Date: time.Date(2026, 3, 2+i, 0, 0, 0, 0, time.UTC), N: r.N, Mean: r.Mean, Variance: r.SD * r.SD})
	}
	c, err := monitor.XBarSChart(ps, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, p := range c.XBar.Points {
		fmt.Printf("%s mean %.2f [%.2f, %.2f]  sd %.2f [%.2f, %.2f]\n", p.Date.Format("Jan 2"), p.Value, p.LCL, p.UCL,
			c.S.Points[i].Value, c.S.Points[i].LCL, c.S.Points[i].UCL)
	}
	// Output:
	// Mar 2 mean 4.17 [2.96, 4.88]  sd 0.75 [0.02, 1.47]
	// Mar 3 mean 4.20 [2.85, 4.98]  sd 0.84 [0.00, 1.56]
	// Mar 4 mean 3.00 [3.03, 4.80]  sd 0.82 [0.09, 1.40]
	// Mar 5 mean 4.50 [2.96, 4.88]  sd 0.55 [0.02, 1.47]
}

// A drop of about two standard errors from week 7 leaves every week inside
// the p-chart's 3σ limits; the CUSUM accumulates it and alarms.
func ExampleCUSUM() {
	var ps []monitor.Period
	for i, x := range []int{101, 98, 103, 99, 100, 97, 92, 93, 91, 94, 92} {
		ps = append(ps, monitor.Period{Label: fmt.Sprintf("W%02d", i+1), N: 400, Successes: 2 * x})
	}
	c, err := monitor.CUSUM(ps, monitor.Proportion, &monitor.CUSUMSettings{Baseline: monitor.Window{From: 0, To: 6}, K: 0.5, H: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := monitor.PChart(ps, &monitor.Settings{Baseline: monitor.Window{From: 0, To: 6}, Rules: monitor.LimitsOnly})
	fmt.Println("p-chart alarms:", len(p.Alarms))
	for _, a := range c.Alarms[:1] {
		fmt.Println("first CUSUM alarm:", a.Label, a.Rule)
	}
	arl, _ := monitor.CUSUMARL(0.5, 4, 0)
	fmt.Printf("ARL0 %.0f weeks between false alarms\n", arl.ARL)
	// Output:
	// p-chart alarms: 0
	// first CUSUM alarm: W11 cusum-lower
	// ARL0 168 weeks between false alarms
}

func ExampleEWMA() {
	var ps []monitor.Period
	for i, m := range []float64{5.1, 4.9, 5.0, 5.2, 4.8, 5.0, 5.3, 5.4, 5.3, 5.5} {
		ps = append(ps, monitor.Period{Label: fmt.Sprintf("D%d", i+1), N: 50, Mean: m, Variance: 1})
	}
	c, err := monitor.EWMA(ps, monitor.Mean, &monitor.EWMASettings{Standard: &monitor.Standard{Center: 5, Variance: 1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range c.Points[6:] {
		fmt.Printf("%s z=%+.2f ewma=%+.3f limit ±%.3f out=%v\n", p.Label, p.Z, p.Statistic, p.UCL, p.Out)
	}
	arl, _ := monitor.EWMAARL(0.1, 2.814, 0)
	fmt.Printf("ARL0 %.0f (asymptotic limits), %.0f (exact limits)\n", arl.Steady, arl.TimeVarying)
	// Output:
	// D7 z=+2.12 ewma=+0.197 limit ±0.567 out=false
	// D8 z=+2.83 ewma=+0.460 limit ±0.583 out=false
	// D9 z=+2.12 ewma=+0.626 limit ±0.595 out=true
	// D10 z=+3.54 ewma=+0.917 limit ±0.605 out=true
	// ARL0 500 (asymptotic limits), 486 (exact limits)
}

// Did the change at week 9 work? The plain before/after difference
// (+0.140) counts the upward trend as effect; the segmented regression
// separates the trend, the jump (+0.075) and the change of slope (none).
func ExampleChange() {
	var ps []monitor.Period
	for i, x := range []int{60, 62, 61, 64, 63, 66, 65, 67, 75, 76, 78, 77, 79, 80} {
		ps = append(ps, monitor.Period{Label: fmt.Sprintf("W%02d", i+1), N: 200, Successes: 2 * x})
	}
	r, err := monitor.Change(ps, monitor.Proportion, 8, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("trend before  %+.4f per week\n", r.Trend.Estimate)
	fmt.Printf("level change  %+.3f  CI [%+.3f, %+.3f]  p=%.2g\n", r.LevelChange.Estimate, r.LevelChange.CI.Lower, r.LevelChange.CI.Upper, r.LevelChange.P)
	fmt.Printf("slope change  %+.4f  CI [%+.4f, %+.4f]\n", r.SlopeChange.Estimate, r.SlopeChange.CI.Lower, r.SlopeChange.CI.Upper)
	fmt.Printf("plain diff    %+.3f  p=%.2g  (Newey–West lag %d)\n", r.Comparison.Diff, r.Comparison.P, r.Lag)
	// Output:
	// trend before  +0.0093 per week
	// level change  +0.075  CI [+0.067, +0.082]  p=6.5e-10
	// slope change  +0.0001  CI [-0.0015, +0.0017]
	// plain diff    +0.140  p=1.7e-15  (Newey–West lag 2)
}

// With thousands of responses a week, the p-chart's limits are so narrow
// that ordinary week-to-week variation trips them; Laney's p′ widens them
// by the observed spread between weeks.
func ExampleLaneyPChart() {
	top := []int{6120, 5880, 6050, 5790, 6210, 5950, 6080, 5900, 6170, 5820}
	var weeks []monitor.Period
	for i, x := range top {
		weeks = append(weeks, monitor.Period{Label: fmt.Sprintf("W%02d", i+1), N: 10000, Successes: x})
	}
	p, _ := monitor.PChart(weeks, nil)
	l, err := monitor.LaneyPChart(weeks, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("p-chart:  limits [%.4f, %.4f], %d alarms\n", p.Points[0].LCL, p.Points[0].UCL, len(p.Alarms))
	fmt.Printf("p′-chart: limits [%.4f, %.4f], %d alarms (σ_z = %.2f)\n", l.Points[0].LCL, l.Points[0].UCL, len(l.Alarms), l.SigmaZ)
	// Output:
	// p-chart:  limits [0.5850, 0.6144], 5 alarms
	// p′-chart: limits [0.5323, 0.6671], 0 alarms (σ_z = 4.58)
}

// The average run length trades false alarms against speed: the in-control
// ARL₀ and the delay to detect a shift of one standard error.
func ExampleCUSUMARL() {
	for _, h := range []float64{4, 5} {
		in, _ := monitor.CUSUMARL(0.5, h, 0)
		shift, _ := monitor.CUSUMARL(0.5, h, 1)
		fmt.Printf("k = 0.5, h = %g: ARL0 %.1f, ARL(1σ) %.2f\n", h, in.ARL, shift.ARL)
	}
	// Output:
	// k = 0.5, h = 4: ARL0 167.7, ARL(1σ) 8.38
	// k = 0.5, h = 5: ARL0 465.4, ARL(1σ) 10.38
}
