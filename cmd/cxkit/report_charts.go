package main

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"github.com/cxkit/cxkit/retention"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// alarmColor marks the alarms of the control chart.
var alarmColor = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}

// controlFigure draws the weekly CSAT p-chart: the weekly share, the centre
// line, each week's control limits (a step at each week, as they follow its
// n) and the alarms as red rings named by their rule.
func controlFigure(c controlData) (figure, error) {
	p := newPlot("Weekly CSAT on a p-chart (limits at 3 standard errors for each week's n)", "week (Monday)", "% satisfied (4–5 of 5)")
	dates := make([]float64, len(c.Periods))
	for i, pd := range c.Periods {
		dates[i] = float64(pd.Date.Unix())
	}
	p.X.Tick.Marker = weekTicks(dates)
	leg := plot.NewLegend()
	var legNames []string
	add := func(name string, th ...plot.Thumbnailer) {
		leg.Add(name, th...)
		legNames = append(legNames, name)
	}
	n := len(c.Chart.Points)
	val, ucl, lcl := make(plotter.XYs, n), make(plotter.XYs, n), make(plotter.XYs, n)
	var alarms plotter.XYs
	var names []string
	for i, pt := range c.Chart.Points {
		x := float64(c.Periods[i].Date.Unix())
		val[i] = plotter.XY{X: x, Y: 100 * pt.Value}
		ucl[i] = plotter.XY{X: x, Y: 100 * pt.UCL}
		lcl[i] = plotter.XY{X: x, Y: 100 * pt.LCL}
		if c.Rows[i].Alarm {
			alarms = append(alarms, val[i])
			names = append(names, c.Rows[i].Rules)
		}
	}
	centre, err := plotter.NewLine(plotter.XYs{{X: val[0].X, Y: 100 * c.Chart.Center}, {X: val[n-1].X, Y: 100 * c.Chart.Center}})
	if err != nil {
		return figure{}, err
	}
	centre.Color = color.Gray{Y: 0x55}
	centre.Width = vg.Points(1.2)
	p.Add(centre)
	add(fmt.Sprintf("centre %.1f%%", 100*c.Chart.Center), centre)
	for k, lim := range []plotter.XYs{ucl, lcl} {
		l, err := plotter.NewLine(lim)
		if err != nil {
			return figure{}, err
		}
		l.StepStyle = plotter.MidStep
		l.Color = alarmColor
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		l.Width = vg.Points(1)
		p.Add(l)
		if k == 0 {
			add("control limits", l)
		}
	}
	line, pts, err := plotter.NewLinePoints(val)
	if err != nil {
		return figure{}, err
	}
	line.Color, pts.Color = palette[0], palette[0]
	line.Width = vg.Points(1.5)
	pts.GlyphStyle.Shape = draw.CircleGlyph{}
	pts.GlyphStyle.Radius = vg.Points(2.5)
	p.Add(line, pts)
	add("weekly CSAT", line, pts)
	if len(alarms) > 0 {
		sc, err := plotter.NewScatter(alarms)
		if err != nil {
			return figure{}, err
		}
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		sc.GlyphStyle.Radius = vg.Points(6)
		sc.GlyphStyle.Color = alarmColor
		ring, err := plotter.NewScatter(alarms)
		if err != nil {
			return figure{}, err
		}
		ring.GlyphStyle.Shape = draw.RingGlyph{}
		ring.GlyphStyle.Radius = vg.Points(6)
		ring.GlyphStyle.Color = color.Black
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: alarms, Labels: names})
		if err != nil {
			return figure{}, err
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Color = alarmColor
			lab.TextStyle[i].Font.Size = vg.Points(7)
			lab.TextStyle[i].XAlign = draw.XCenter
		}
		lab.Offset = vg.Point{Y: vg.Points(8)}
		p.Add(sc, ring, lab)
		add("alarm (rule named)", sc)
	}
	p.Y.Min, p.Y.Max = 0, 100
	return figure{p: p, legend: &leg, names: legNames, w: 7 * vg.Inch, h: 3.8 * vg.Inch}, nil
}

// ramp is a palette from white to the report's blue.
type ramp []color.Color

// Colors returns the ramp's colours.
func (r ramp) Colors() []color.Color { return r }

func blueRamp(n int) ramp {
	r := make(ramp, n)
	for i := range r {
		f := float64(i) / float64(n-1)
		r[i] = color.RGBA{R: uint8(255 - f*(255-0x1f)), G: uint8(255 - f*(255-0x77)), B: uint8(255 - f*(255-0xb4)), A: 0xff}
	}
	return r
}

// cohortGrid is the heat map's grid: column c is period c + 1, row r the
// cohort len − 1 − r (the oldest cohort on top); unobserved cells are NaN.
type cohortGrid struct{ z [][]float64 }

func (g cohortGrid) Dims() (c, r int) { return len(g.z[0]), len(g.z) }
func (g cohortGrid) Z(c, r int) float64 {
	return g.z[len(g.z)-1-r][c]
}
func (g cohortGrid) X(c int) float64 { return float64(c + 1) }
func (g cohortGrid) Y(r int) float64 { return float64(r) }

// heatmapCells returns the classic retention rates of each cohort in
// percent for periods 1 … the last observed (NaN where a cohort was not
// observed that long) and the rows' labels, oldest cohort first.
func heatmapCells(r retentionData) ([][]float64, []string) {
	cols := 0
	for _, co := range r.Table.Cohorts {
		cols = max(cols, len(co.Cells)-1)
	}
	z := make([][]float64, len(r.Table.Cohorts))
	labels := make([]string, len(r.Table.Cohorts))
	layout := "2006-01"
	if r.Period != retention.Month {
		layout = "2006-01-02"
	}
	for i, co := range r.Table.Cohorts {
		z[i] = make([]float64, cols)
		for j := range z[i] {
			z[i][j] = math.NaN()
		}
		for _, cell := range co.Cells {
			if cell.Period >= 1 {
				z[i][cell.Period-1] = 100 * cell.Rate
			}
		}
		labels[i] = fmt.Sprintf("%s (%d)", co.Start.Format(layout), co.Size)
	}
	return z, labels
}

// heatmapFigure draws the cohort table: one row per cohort (first purchase
// period and size), one column per later period, the share who bought again
// in that period as colour and, when the cells are wide enough, as a number.
func heatmapFigure(r retentionData) (figure, error) {
	z, labels := heatmapCells(r)
	unit := r.Period.String()
	p := newPlot(fmt.Sprintf("Cohort retention: %% of each cohort buying again n %ss later", unit), unit+"s since the first purchase", "")
	if len(z) == 0 || len(z[0]) == 0 {
		return figure{p: p, w: 7 * vg.Inch, h: 2 * vg.Inch}, nil
	}
	hi := 0.0
	for _, row := range z {
		for _, v := range row {
			if !math.IsNaN(v) {
				hi = math.Max(hi, v)
			}
		}
	}
	if hi == 0 {
		hi = 1
	}
	h := plotter.NewHeatMap(cohortGrid{z}, blueRamp(64))
	h.Min, h.Max = 0, hi
	h.NaN = color.Transparent
	p.Add(h)
	if cols := len(z[0]); cols <= 30 {
		var xys plotter.XYs
		var txt []string
		for i, row := range z {
			for j, v := range row {
				if !math.IsNaN(v) {
					xys = append(xys, plotter.XY{X: float64(j + 1), Y: float64(len(z) - 1 - i)})
					txt = append(txt, fmt.Sprintf("%.0f", v))
				}
			}
		}
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: txt})
		if err != nil {
			return figure{}, err
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Font.Size = vg.Points(8)
			lab.TextStyle[i].XAlign = draw.XCenter
			lab.TextStyle[i].YAlign = draw.YCenter
			if z[len(z)-1-int(xys[i].Y)][int(xys[i].X)-1] > 0.6*hi {
				lab.TextStyle[i].Color = color.White
			}
		}
		p.Add(lab)
	}
	rev := make([]string, len(labels))
	for i, l := range labels {
		rev[len(labels)-1-i] = l
	}
	p.NominalY(rev...)
	p.X.Tick.Marker = intTicks{}
	p.X.Min, p.X.Max = 0.5, float64(len(z[0]))+0.5
	ht := vg.Length(1.2+0.22*float64(len(z))) * vg.Inch
	return figure{p: p, w: 7 * vg.Inch, h: min(max(ht, 2.2*vg.Inch), 8*vg.Inch)}, nil
}

// survivalFigure draws the Kaplan–Meier curve as a step function with its
// pointwise band shaded, and the line at 50 % where the median is read.
func survivalFigure(r retentionData) (figure, error) {
	unit := r.Period.String()
	p := newPlot(fmt.Sprintf("Customers still active (Kaplan–Meier, %.0f%% log-log band)", 100*r.Curve.Level), unit+"s since the first purchase", "% still active")
	curve := plotter.XYs{{X: 0, Y: 100}}
	upper, lower := plotter.XYs{{X: 0, Y: 100}}, plotter.XYs{{X: 0, Y: 100}}
	prevU, prevL := 100.0, 100.0
	band := true
	for _, s := range r.Survival {
		curve = append(curve, plotter.XY{X: s.Time, Y: 100 * s.Survival})
		if !band || !s.BandDefined {
			band = false
			continue
		}
		upper = append(upper, plotter.XY{X: s.Time, Y: prevU}, plotter.XY{X: s.Time, Y: 100 * s.Upper})
		lower = append(lower, plotter.XY{X: s.Time, Y: prevL}, plotter.XY{X: s.Time, Y: 100 * s.Lower})
		prevU, prevL = 100*s.Upper, 100*s.Lower
	}
	if len(upper) > 1 {
		poly := append(plotter.XYs{}, upper...)
		for i := len(lower) - 1; i >= 0; i-- {
			poly = append(poly, lower[i])
		}
		pg, err := plotter.NewPolygon(poly)
		if err != nil {
			return figure{}, err
		}
		pg.Color = color.NRGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0x50}
		pg.LineStyle.Width = 0
		p.Add(pg)
	}
	l, err := plotter.NewLine(curve)
	if err != nil {
		return figure{}, err
	}
	l.StepStyle = plotter.PostStep
	l.Color = palette[0]
	l.Width = vg.Points(1.8)
	p.Add(l)
	last := curve[len(curve)-1].X
	half, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 50}, {X: math.Max(last, 1), Y: 50}})
	if err != nil {
		return figure{}, err
	}
	half.Color = color.Gray{Y: 0x77}
	half.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(half)
	p.Y.Min, p.Y.Max = 0, 100
	p.X.Min = 0
	p.X.Tick.Marker = intTicks{}
	return figure{p: p, w: 7 * vg.Inch, h: 3.4 * vg.Inch}, nil
}

// weekTicks marks the charted weeks on a time axis (Unix seconds): a tick
// at each, labelled with its Monday's date at most eight times.
type weekTicks []float64

// Ticks returns the ticks of the weeks within [lo, hi].
func (w weekTicks) Ticks(lo, hi float64) []plot.Tick {
	every := (len(w) + 7) / 8
	var out []plot.Tick
	for i, x := range w {
		if x < lo || x > hi {
			continue
		}
		t := plot.Tick{Value: x}
		if i%every == 0 {
			t.Label = time.Unix(int64(x), 0).UTC().Format("2006-01-02")
		}
		out = append(out, t)
	}
	return out
}
