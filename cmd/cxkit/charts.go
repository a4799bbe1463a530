package main

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The report's palette.
var palette = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
}

// figure is a chart before drawing: the plot, its size and, when it has
// one, its legend, drawn beside the plot area (to its right) so that it
// never covers the data.
type figure struct {
	p      *plot.Plot
	legend *plot.Legend
	names  []string // the legend's entries
	w, h   vg.Length
}

// legendNames returns the names in the legend.
func (f figure) legendNames() []string { return f.names }

// legendGap separates the plot from its legend.
const legendGap = vg.Length(6)

// layout splits the canvas into the plot's part and the legend's.
func (f figure) layout(dc draw.Canvas) (plotArea, legendArea draw.Canvas) {
	if f.legend == nil {
		return dc, draw.Canvas{}
	}
	f.legend.Top, f.legend.Left = true, true
	f.legend.Padding = vg.Points(3)
	r := f.legend.Rectangle(dc)
	lw := r.Max.X - r.Min.X + 2*legendGap
	return draw.Crop(dc, 0, -lw, 0, 0), draw.Crop(dc, f.w-lw+legendGap, 0, 0, -f.p.Title.TextStyle.Height(f.p.Title.Text)-f.p.Title.Padding)
}

// draw draws the plot and its legend on dc.
func (f figure) draw(dc draw.Canvas) {
	pa, la := f.layout(dc)
	f.p.Draw(pa)
	if f.legend != nil {
		f.legend.Draw(la)
	}
}

// svg draws f as an SVG element to inline in HTML (the XML prologue
// dropped).
func (f figure) svg() (template.HTML, error) {
	c := vgsvg.New(f.w, f.h)
	f.draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", err
	}
	s := b.String()
	if i := strings.Index(s, "<svg"); i > 0 {
		s = s[i:]
	}
	return template.HTML(s), nil // #nosec: gonum's own SVG output, text escaped by vgsvg
}

func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	return p
}

// rotateLabels tilts long category names on the x axis.
func rotateLabels(p *plot.Plot, names []string) {
	long := false
	for _, n := range names {
		if len(n) > 8 {
			long = true
		}
	}
	if long || len(names) > 6 {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
}

// barChart draws one bar per category, with optional interval whiskers
// (lower, upper nil for none).
func barChart(title, ylabel string, names []string, values, lower, upper []float64) (figure, error) {
	p := newPlot(title, "", ylabel)
	bars, err := plotter.NewBarChart(plotter.Values(values), vg.Points(22))
	if err != nil {
		return figure{}, err
	}
	bars.Color = palette[0]
	bars.LineStyle.Width = 0
	p.Add(bars)
	if lower != nil {
		pts := make(errPoints, len(values))
		for i := range values {
			pts[i] = errPoint{x: float64(i), y: values[i], lo: values[i] - lower[i], hi: upper[i] - values[i]}
		}
		eb, err := plotter.NewYErrorBars(pts)
		if err != nil {
			return figure{}, err
		}
		eb.LineStyle.Width = vg.Points(1.2)
		eb.CapWidth = vg.Points(8)
		p.Add(eb)
	}
	p.NominalX(names...)
	rotateLabels(p, names)
	return figure{p: p, w: 7 * vg.Inch, h: 3.6 * vg.Inch}, nil
}

// countBars is a bar chart of counts: integer ticks on its axis.
func countBars(title, ylabel string, names []string, values []float64) (figure, error) {
	f, err := barChart(title, ylabel, names, values, nil, nil)
	if err != nil {
		return f, err
	}
	f.p.Y.Tick.Marker = intTicks{}
	return f, nil
}

// scoreBars is a bar chart of scores that can be negative (NPS, −100 to
// 100): a y axis symmetric about 0 with ticks at ± the same values, a zero
// line, and a dot on each bar's value so that a group at exactly 0 shows.
func scoreBars(title, ylabel string, names []string, values, lower, upper []float64) (figure, error) {
	f, err := barChart(title, ylabel, names, values, lower, upper)
	if err != nil {
		return f, err
	}
	m := 0.0
	for i, v := range values {
		m = math.Max(m, math.Abs(v))
		if lower != nil {
			m = math.Max(m, math.Max(math.Abs(lower[i]), math.Abs(upper[i])))
		}
	}
	lim, ticks := symmetricTicks(m)
	f.p.Y.Min, f.p.Y.Max = -lim, lim
	f.p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	zero, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: 0}, {X: float64(len(values)) - 0.5, Y: 0}})
	if err != nil {
		return f, err
	}
	zero.Color = color.Black
	zero.Width = vg.Points(1)
	pts := make(plotter.XYs, len(values))
	for i, v := range values {
		pts[i] = plotter.XY{X: float64(i), Y: v}
	}
	dots, err := plotter.NewScatter(pts)
	if err != nil {
		return f, err
	}
	dots.GlyphStyle.Shape = draw.CircleGlyph{}
	dots.GlyphStyle.Radius = vg.Points(3.5)
	dots.GlyphStyle.Color = color.Black
	f.p.Add(zero, dots)
	return f, nil
}

// symmetricTicks returns the half-range lim ≥ m, a whole number of steps of
// 1, 2 or 5 × 10ᵏ (at most 5 steps a side), and the labelled ticks −lim …
// lim, which include 0 and are symmetric about it.
func symmetricTicks(m float64) (float64, []plot.Tick) {
	if !(m > 0) || math.IsInf(m, 0) {
		m = 10
	}
	step := 1.0
	for mag := math.Pow(10, math.Floor(math.Log10(m/5))); ; mag *= 10 {
		found := false
		for _, k := range []float64{1, 2, 5} {
			if m/(k*mag) <= 5 {
				step, found = k*mag, true
				break
			}
		}
		if found {
			break
		}
	}
	n := int(math.Ceil(m/step - 1e-9))
	if n < 1 {
		n = 1
	}
	lim := float64(n) * step
	ticks := make([]plot.Tick, 0, 2*n+1)
	for i := -n; i <= n; i++ {
		v := float64(i) * step
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return lim, ticks
}

// intTicks marks a count axis: ticks at whole numbers only.
type intTicks struct{}

// Ticks returns gonum's default ticks when they all fall on whole numbers,
// else ticks at a whole-number step (1, 2 or 5 × 10ᵏ, at least 1).
func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	whole := true
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value != math.Trunc(t.Value) {
			if t.Label != "" {
				whole = false
			}
			continue // a minor tick between whole numbers
		}
		if t.Label != "" {
			t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
		}
		out = append(out, t)
	}
	if whole && len(out) >= 2 {
		return out
	}
	step := 1.0
	for (hi-lo)/step > 6 {
		switch d := step / math.Pow(10, math.Floor(math.Log10(step))); d {
		case 1:
			step *= 2
		case 2:
			step *= 2.5
		default:
			step *= 2
		}
	}
	out = out[:0]
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return out
}

type errPoint struct{ x, y, lo, hi float64 }
type errPoints []errPoint

func (e errPoints) Len() int                        { return len(e) }
func (e errPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errPoints) YError(i int) (float64, float64) { return e[i].lo, e[i].hi }

// groupedBars draws several series side by side per category, with the
// legend beside the plot.
func groupedBars(title, ylabel string, names []string, series []string, values [][]float64) (figure, error) {
	p := newPlot(title, "", ylabel)
	leg := plot.NewLegend()
	w := vg.Points(14)
	if len(series) > 3 {
		w = vg.Points(10)
	}
	for s := range series {
		bars, err := plotter.NewBarChart(plotter.Values(values[s]), w)
		if err != nil {
			return figure{}, err
		}
		bars.Color = palette[s%len(palette)]
		bars.LineStyle.Width = 0
		bars.Offset = w * vg.Length(float64(s)-float64(len(series)-1)/2)
		p.Add(bars)
		leg.Add(series[s], bars)
	}
	p.NominalX(names...)
	rotateLabels(p, names)
	return figure{p: p, legend: &leg, names: series, w: 7 * vg.Inch, h: 3.8 * vg.Inch}, nil
}

// histogram draws the distribution of values in bins; the y axis counts
// customers.
func histogram(title, xlabel string, values []float64, bins int) (figure, error) {
	p := newPlot(title, xlabel, "customers")
	h, err := plotter.NewHist(plotter.Values(values), bins)
	if err != nil {
		return figure{}, err
	}
	h.FillColor = palette[0]
	h.LineStyle.Color = color.White
	p.Add(h)
	p.Y.Tick.Marker = intTicks{}
	return figure{p: p, w: 7 * vg.Inch, h: 3.4 * vg.Inch}, nil
}

// linesChart draws named series of (x, y) points with markers, the legend
// beside the plot.
func linesChart(title, xlabel, ylabel string, names []string, xs []float64, ys [][]float64, xticks []string) (figure, error) {
	p := newPlot(title, xlabel, ylabel)
	leg := plot.NewLegend()
	for s, n := range names {
		pts := make(plotter.XYs, len(xs))
		for i := range xs {
			pts[i] = plotter.XY{X: xs[i], Y: ys[s][i]}
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return figure{}, err
		}
		l.Color = palette[s%len(palette)]
		l.Width = vg.Points(1.5)
		sc.Color = palette[s%len(palette)]
		p.Add(l, sc)
		leg.Add(n, l, sc)
	}
	if xticks != nil {
		p.NominalX(xticks...)
	}
	return figure{p: p, legend: &leg, names: names, w: 7 * vg.Inch, h: 3.4 * vg.Inch}, nil
}

// pct formats a share as a percentage for the report.
func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
