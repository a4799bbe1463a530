package main

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
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

// svgOf draws p as an SVG element to inline in HTML (the XML prologue
// dropped).
func svgOf(p *plot.Plot, w, h vg.Length) (template.HTML, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
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
func barChart(title, ylabel string, names []string, values, lower, upper []float64) (template.HTML, error) {
	p := newPlot(title, "", ylabel)
	bars, err := plotter.NewBarChart(plotter.Values(values), vg.Points(22))
	if err != nil {
		return "", err
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
			return "", err
		}
		eb.LineStyle.Width = vg.Points(1.2)
		eb.CapWidth = vg.Points(8)
		p.Add(eb)
	}
	p.NominalX(names...)
	rotateLabels(p, names)
	return svgOf(p, 7*vg.Inch, 3.6*vg.Inch)
}

type errPoint struct{ x, y, lo, hi float64 }
type errPoints []errPoint

func (e errPoints) Len() int                        { return len(e) }
func (e errPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errPoints) YError(i int) (float64, float64) { return e[i].lo, e[i].hi }

// groupedBars draws several series side by side per category.
func groupedBars(title, ylabel string, names []string, series []string, values [][]float64) (template.HTML, error) {
	p := newPlot(title, "", ylabel)
	w := vg.Points(14)
	for s := range series {
		bars, err := plotter.NewBarChart(plotter.Values(values[s]), w)
		if err != nil {
			return "", err
		}
		bars.Color = palette[s%len(palette)]
		bars.LineStyle.Width = 0
		bars.Offset = w * vg.Length(float64(s)-float64(len(series)-1)/2)
		p.Add(bars)
		p.Legend.Add(series[s], bars)
	}
	p.Legend.Top = true
	p.NominalX(names...)
	rotateLabels(p, names)
	return svgOf(p, 7*vg.Inch, 3.8*vg.Inch)
}

// histogram draws the distribution of values in bins.
func histogram(title, xlabel string, values []float64, bins int) (template.HTML, error) {
	p := newPlot(title, xlabel, "customers")
	h, err := plotter.NewHist(plotter.Values(values), bins)
	if err != nil {
		return "", err
	}
	h.FillColor = palette[0]
	h.LineStyle.Color = color.White
	p.Add(h)
	return svgOf(p, 7*vg.Inch, 3.4*vg.Inch)
}

// linesChart draws named series of (x, y) points with markers.
func linesChart(title, xlabel, ylabel string, names []string, xs []float64, ys [][]float64, xticks []string) (template.HTML, error) {
	p := newPlot(title, xlabel, ylabel)
	for s, n := range names {
		pts := make(plotter.XYs, len(xs))
		for i := range xs {
			pts[i] = plotter.XY{X: xs[i], Y: ys[s][i]}
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return "", err
		}
		l.Color = palette[s%len(palette)]
		l.Width = vg.Points(1.5)
		sc.Color = palette[s%len(palette)]
		p.Add(l, sc)
		p.Legend.Add(n, l, sc)
	}
	p.Legend.Top = true
	p.Legend.Left = true
	if xticks != nil {
		p.NominalX(xticks...)
	}
	return svgOf(p, 7*vg.Inch, 3.4*vg.Inch)
}

// pct formats a share as a percentage for the report.
func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
