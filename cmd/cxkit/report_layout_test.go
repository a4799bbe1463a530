package main

import (
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// defaultFigures computes the default report's charts before drawing.
func defaultFigures(t *testing.T) (*reportData, reportFigures) {
	t.Helper()
	in, err := loadReportInput(t.Context(), nil)
	require.NoError(t, err)
	d, err := buildReport(t.Context(), in)
	require.NoError(t, err)
	f, err := d.figures()
	require.NoError(t, err)
	return d, f
}

// record draws f on a recording canvas and returns the canvas, the plot's
// data area, its transforms and the legend's area.
func record(f figure) (rec *recorder.Canvas, da draw.Canvas, trX, trY func(float64) vg.Length, la draw.Canvas) {
	rec = &recorder.Canvas{}
	dc := draw.NewCanvas(rec, f.w, f.h)
	f.draw(dc)
	pa, la := f.layout(dc)
	da = f.p.DataCanvas(pa)
	trX, trY = f.p.Transforms(&da)
	return rec, da, trX, trY, la
}

// labelled returns the labelled ticks of an axis.
func labelled(a plot.Axis) []plot.Tick {
	var out []plot.Tick
	for _, t := range a.Tick.Marker.Ticks(a.Min, a.Max) {
		if t.Label != "" {
			out = append(out, t)
		}
	}
	return out
}

func TestReportSymmetricTicks(t *testing.T) {
	for _, m := range []float64{0, 0.4, 3, 9.09, 19.67, 25.85, 50, 99, 100} {
		lim, ticks := symmetricTicks(m)
		assert.GreaterOrEqual(t, lim, m)
		assert.LessOrEqual(t, len(ticks), 11, "at most 5 steps a side (m = %v)", m)
		require.Equal(t, 1, len(ticks)%2, "odd count: 0 in the middle (m = %v)", m)
		assert.Equal(t, "0", ticks[len(ticks)/2].Label)
		assert.Equal(t, -lim, ticks[0].Value)
		assert.Equal(t, lim, ticks[len(ticks)-1].Value)
		for i := range ticks {
			assert.Equal(t, -ticks[i].Value, ticks[len(ticks)-1-i].Value, "symmetric (m = %v)", m)
		}
		if m > 0 {
			step := ticks[1].Value - ticks[0].Value
			assert.Less(t, lim-m, step+1e-9, "no empty step beyond the data (m = %v)", m)
		}
	}
}

// TestReportNPSChart checks issue 15 point 8, NPS chart: an axis symmetric
// about 0 with the same ticks on both sides, a zero line across the plot,
// and a dot on the zero line for each group whose NPS is exactly 0 (the
// bundled sample has such groups).
func TestReportNPSChart(t *testing.T) {
	d, f := defaultFigures(t)
	p := f.NPS.p
	assert.Equal(t, -p.Y.Max, p.Y.Min, "y axis symmetric about 0")
	ticks := labelled(p.Y)
	for i := range ticks {
		assert.Equal(t, -ticks[i].Value, ticks[len(ticks)-1-i].Value)
	}
	for _, r := range d.NPS {
		assert.True(t, r.Lower >= p.Y.Min && r.Upper <= p.Y.Max, "the interval of %s fits", r.Name)
	}
	rec, da, trX, trY, _ := record(f.NPS)
	zero, width := trY(0), da.Max.X-da.Min.X
	var zeroLine bool
	dots := map[int]bool{}
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.Stroke:
			if len(a.Path) == 2 && near(a.Path[0].Pos.Y, zero) && near(a.Path[1].Pos.Y, zero) && a.Path[1].Pos.X-a.Path[0].Pos.X > 0.9*width {
				zeroLine = true
			}
		case *recorder.Fill:
			for _, c := range a.Path {
				if c.Type == vg.ArcComp && near(c.Pos.Y, zero) {
					for i := range d.NPS {
						if near(c.Pos.X, trX(float64(i))) {
							dots[i] = true
						}
					}
				}
			}
		}
	}
	assert.True(t, zeroLine, "a line at NPS 0 across the plot")
	atZero := 0
	for i, r := range d.NPS {
		if r.Score == 0 {
			atZero++
			assert.True(t, dots[i], "the group %s at NPS 0 shows a dot", r.Name)
		}
	}
	assert.Positive(t, atZero, "the sample has groups at NPS 0")
}

func near(a, b vg.Length) bool { return math.Abs(float64(a-b)) < 0.05 }

// TestReportLegendBesideBars checks issue 15 point 8, attribution legend:
// no legend text or swatch overlaps a bar, and the legend lies to the right
// of the bars.
func TestReportLegendBesideBars(t *testing.T) {
	_, figs := defaultFigures(t)
	for name, f := range map[string]figure{"attribution": figs.Attribution, "rfm": figs.RFM} {
		rec, _, _, _, la := record(f)
		require.NotNil(t, f.legend, name)
		series := map[color.Color]bool{}
		for _, c := range palette {
			series[c] = true
		}
		var bars, swatches []vg.Rectangle
		var texts []vg.Rectangle
		var cur color.Color
		for _, a := range rec.Actions {
			switch a := a.(type) {
			case *recorder.SetColor:
				cur = a.Color
			case *recorder.Fill:
				if !series[cur] {
					continue
				}
				r := pathBounds(a.Path)
				if r.Max.X < la.Min.X {
					bars = append(bars, r)
				} else {
					swatches = append(swatches, r)
				}
			case *recorder.FillString:
				for _, s := range f.legendNames() {
					if a.String == s {
						w := vg.Length(len(s)) * a.Size * 0.6
						texts = append(texts, vg.Rectangle{Min: a.Point, Max: vg.Point{X: a.Point.X + w, Y: a.Point.Y + a.Size}})
					}
				}
			}
		}
		require.NotEmpty(t, bars, name)
		assert.Len(t, texts, len(f.legendNames()), "%s: every legend entry drawn", name)
		assert.Len(t, swatches, len(f.legendNames()), "%s: one swatch per entry, outside the data area", name)
		for _, l := range append(texts, swatches...) {
			assert.GreaterOrEqual(t, float64(l.Min.X), float64(la.Min.X), "%s: legend in its own area", name)
			for _, b := range bars {
				overlap := l.Min.X < b.Max.X && b.Min.X < l.Max.X && l.Min.Y < b.Max.Y && b.Min.Y < l.Max.Y
				assert.False(t, overlap, "%s: legend %v covers bar %v", name, l, b)
			}
		}
		for _, b := range bars {
			assert.Less(t, float64(b.Max.X), float64(la.Min.X), "%s: bars left of the legend", name)
		}
	}
}

func pathBounds(p vg.Path) vg.Rectangle {
	r := vg.Rectangle{Min: vg.Point{X: vg.Length(math.Inf(1)), Y: vg.Length(math.Inf(1))}, Max: vg.Point{X: vg.Length(math.Inf(-1)), Y: vg.Length(math.Inf(-1))}}
	for _, c := range p {
		if c.Type == vg.CloseComp {
			continue
		}
		rad := c.Radius
		r.Min.X, r.Min.Y = min(r.Min.X, c.Pos.X-rad), min(r.Min.Y, c.Pos.Y-rad)
		r.Max.X, r.Max.Y = max(r.Max.X, c.Pos.X+rad), max(r.Max.Y, c.Pos.Y+rad)
	}
	return r
}

// TestReportIntegerTicks checks issue 15 point 8, count axes: every
// labelled tick of an axis that counts customers, conversions or periods
// is a whole number, printed without decimals.
func TestReportIntegerTicks(t *testing.T) {
	_, f := defaultFigures(t)
	require.NotNil(t, f.Survival)
	require.NotNil(t, f.Cohorts)
	for name, a := range map[string]plot.Axis{
		"funnel customers": f.Funnel.p.Y, "attributed conversions": f.Attribution.p.Y,
		"CLV customers": f.CLV.p.Y, "survival periods": f.Survival.p.X, "cohort periods": f.Cohorts.p.X,
	} {
		ticks := labelled(a)
		assert.GreaterOrEqual(t, len(ticks), 2, name)
		for _, tk := range ticks {
			assert.Equal(t, math.Trunc(tk.Value), tk.Value, "%s: tick %v", name, tk.Value)
			assert.Equal(t, strconv.FormatFloat(tk.Value, 'f', 0, 64), tk.Label, name)
		}
	}
	for _, r := range [][2]float64{{0, 3.3}, {0, 1}, {0, 37}, {0.5, 17.5}, {0, 1291}, {0, 2e6}, {-0.2, 0.9}} {
		var ticks []plot.Tick
		for _, tk := range (intTicks{}).Ticks(r[0], r[1]) {
			if tk.Label != "" {
				ticks = append(ticks, tk)
			}
		}
		assert.NotEmpty(t, ticks, "%v", r)
		assert.LessOrEqual(t, len(ticks), 12, "%v", r)
		for _, tk := range ticks {
			assert.Equal(t, math.Trunc(tk.Value), tk.Value, "%v: tick %v", r, tk.Value)
			assert.True(t, tk.Value >= r[0]-1e-9 && tk.Value <= r[1]+1e-9, "%v: tick %v in range", r, tk.Value)
			assert.Equal(t, strconv.FormatFloat(tk.Value, 'f', 0, 64), tk.Label)
		}
	}
}

// TestReportNoNARows checks issue 15 point 8: no table cell of the page
// is NA (or NaN, Inf), on the bundled data and on the user's files.
func TestReportNoNARows(t *testing.T) {
	def, _ := generatedReport(t)
	user := reportOn(t, "--events", "testdata/sample_events.csv", "--surveys", "testdata/sample_surveys.csv",
		"--steps", "website_visit,product_page,add_to_cart,checkout,payment", "--purchases", "testdata/sample_purchases.csv")
	bad := regexp.MustCompile(`<td[^>]*>(NA|NaN|-?Inf|[^<]*NaN[^<]*)</td>`)
	for name, html := range map[string]string{"bundled": def, "user": user} {
		assert.Empty(t, bad.FindAllString(html, -1), name)
		has(t, html, "Touchpoints without survey responses have no score and no pain:", name)
	}
}

// TestReportTablesScroll checks issue 15 point 8 in the page: every table
// sits in a box that scrolls sideways, so a phone scrolls a wide table
// instead of cutting it (TestReportInBrowser checks the rendering).
func TestReportTablesScroll(t *testing.T) {
	html, _ := generatedReport(t)
	assert.Equal(t, strings.Count(html, "<table>"), strings.Count(html, `<div class="scroll"><table>`))
	assert.Equal(t, strings.Count(html, "</table>"), strings.Count(html, `</table></div>`))
	has(t, html, ".scroll { overflow-x: auto;")
	has(t, html, `<meta name="viewport" content="width=device-width, initial-scale=1">`)
}
