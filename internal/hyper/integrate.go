package hyper

import (
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// glN is the number of Gauss–Legendre nodes per panel.
const glN = 15

// maxPanels bounds the work of one LogIntegrate call.
const maxPanels = 4000

// maxDepth is the number of halvings after which a panel is accepted as it
// is: by then the disagreement is rounding noise in phi, not truncation.
const maxDepth = 30

// glX and glW are the Gauss–Legendre nodes and weights on [−1, 1].
var glX, glW = func() ([]float64, []float64) {
	x, w := make([]float64, glN), make([]float64, glN)
	quad.Legendre{}.FixedLocations(x, w, -1, 1)
	return x, w
}()

// maxExtra is the largest number of weight functions LogIntegrate takes.
const maxExtra = 4

// LogIntegrate returns log ∫_lo^hi exp(phi(x)) dx by adaptive Gauss–Legendre
// quadrature (15 nodes per panel; a panel is split in two until its halves
// agree with it to 1e-13 of its value or to 1e-15 of the integral, and so do
// the weighted integrals of extra). Write
// phi so that it is accurate relative to the interval (for example in a
// variable that starts at 0 where the integrand peaks): node positions carry
// rounding errors of |x|·1e-16.
//
// peak is where phi is largest and ref its value there (or close to it):
// the integrand is summed as exp(phi − ref), so nothing overflows or
// underflows. width is the scale on which phi falls by about 1 near the
// peak (1/|phi′| at an end, 1/√|phi″| inside), or 0 if unknown: the first
// panels are graded geometrically away from the peak, from width/4 (or 1e-9
// of the interval) growing 8-fold, so that a peak far narrower than the
// interval is not missed.
//
// When extra is not nil (at most 4 values), phi must fill w[j] with weight
// functions wⱼ(x), and on return extra[j] = ∫ wⱼ·exp(phi) / ∫ exp(phi), the
// exp(phi)-weighted mean of wⱼ. phi gets w == nil when extra is nil.
//
// It returns −Inf for an empty interval (lo ≥ hi) and NaN when phi is NaN
// somewhere or the panel budget (4000 panels) runs out. A panel halved 30
// times is accepted as it is (its disagreement is rounding noise in phi).
func LogIntegrate(phi func(x float64, w []float64) float64, lo, hi, peak, width, ref float64, extra []float64) float64 {
	if len(extra) > maxExtra {
		panic("hyper: too many weight functions")
	}
	if !(lo < hi) {
		clear(extra)
		return math.Inf(-1)
	}
	ne := len(extra)
	var wbuf [maxExtra]float64
	var w []float64
	if ne > 0 {
		w = wbuf[:ne]
	}
	type sums struct {
		v float64
		e [maxExtra]float64
	}
	eval := func(a, b float64) sums {
		var s sums
		half, mid := (b-a)/2, (a+b)/2
		for i, x := range glX {
			f := math.Exp(phi(mid+half*x, w) - ref)
			f *= glW[i] * half
			s.v += f
			for j := range ne {
				s.e[j] += f * w[j]
			}
		}
		return s
	}
	type panel struct {
		a, b  float64
		whole sums
		depth int
	}
	// Initial panels: geometric grading on both sides of the peak.
	peak = math.Max(lo, math.Min(hi, peak))
	first := 1e-9 * (hi - lo)
	if width > 0 && !math.IsInf(width, 0) {
		first = width / 4
	}
	var stack []panel
	est := 0.0
	var este [maxExtra]float64          // the same for the weighted integrals
	addSide := func(from, to float64) { // panels from the peak outwards
		length := math.Abs(to - from)
		if length == 0 {
			return
		}
		dir := math.Copysign(1, to-from)
		prev := 0.0
		for w := first; ; w *= 8 {
			next := math.Min(w, length)
			a, b := from+dir*prev, from+dir*next
			if next == length {
				b = to
			}
			if a > b {
				a, b = b, a
			}
			s := eval(a, b)
			est = math.Max(est, s.v)
			for j := range ne {
				este[j] = math.Max(este[j], math.Abs(s.e[j]))
			}
			stack = append(stack, panel{a, b, s, 0})
			if next == length {
				return
			}
			prev = next
		}
	}
	addSide(peak, lo)
	addSide(peak, hi)
	for _, p := range stack {
		if math.IsNaN(p.whole.v) {
			clear(extra)
			return math.NaN()
		}
	}
	// A panel is accepted when its halves agree with it to 1e-13 of its own
	// value (so the total is accurate to about 1e-13 relative), or when the
	// disagreement is below 1e-15 of the whole integral (estimated by the
	// largest panel seen and the sum accepted so far), which
	// prunes panels that carry nothing.
	var total sums
	for n := 0; len(stack) > 0; n++ {
		if n > maxPanels {
			clear(extra)
			return math.NaN()
		}
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		m := (p.a + p.b) / 2
		l, r := eval(p.a, m), eval(m, p.b)
		if math.IsNaN(l.v) || math.IsNaN(r.v) {
			clear(extra)
			return math.NaN()
		}
		v := l.v + r.v
		est = math.Max(est, v)
		diff := math.Abs(v - p.whole.v)
		ok := diff <= 1e-13*v || diff <= 1e-15*est
		for j := 0; j < ne && ok; j++ {
			e := l.e[j] + r.e[j]
			este[j] = math.Max(este[j], math.Abs(e))
			d := math.Abs(e - p.whole.e[j])
			ok = d <= 1e-13*math.Abs(e) || d <= 1e-15*este[j]
		}
		if ok || p.depth >= maxDepth || m == p.a || m == p.b {
			total.v += v
			for j := range ne {
				total.e[j] += l.e[j] + r.e[j]
			}
			est = math.Max(est, total.v)
			continue
		}
		stack = append(stack, panel{p.a, m, l, p.depth + 1}, panel{m, p.b, r, p.depth + 1})
	}
	for j := range ne {
		extra[j] = total.e[j] / total.v
	}
	return ref + math.Log(total.v)
}
