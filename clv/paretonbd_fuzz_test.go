package clv

import (
	"context"
	"math"
	"testing"
)

// Interface check: the Pareto/NBD works with the repeat-count checks too.
var _ CountModel = ParetoNBD{}

// FuzzParetoNBD evaluates the Pareto/NBD functions at arbitrary parameters
// (e^−12 … e^12) and customers: no panic; for a valid customer a finite
// log-likelihood and gradient, P(alive) in [0, 1], non-negative
// expectations and probabilities in [0, 1].
func FuzzParetoNBD(f *testing.F) {
	f.Add(-0.6, 2.36, -0.5, 2.46, 2.0, 30.43, 38.86, 39.0)
	f.Add(3.0, -5.0, 1.0, 6.0, 400.0, 0.01, 39.0, 100.0)
	f.Add(0.2, 9.0, -0.2, -11.0, 0.0, 0.0, 20.0, 1e-3)
	f.Add(0.0, 1.0, 0.0, 1.0, 7.0, 5.0, 5.0, 0.0)
	f.Fuzz(func(t *testing.T, lr, la, ls, lb, x, tx, T, h float64) {
		p, ok := fuzzParams(lr, la, ls, lb)
		if !ok {
			return
		}
		m := ParetoNBD{p[0], p[1], p[2], p[3]}
		c := Customer{Frequency: math.Floor(math.Abs(math.Mod(x, 500))), Recency: math.Abs(tx), T: math.Abs(T)}
		if c.Frequency == 0 {
			c.Recency = 0
		}
		valid := c.Validate() == nil
		pa := m.ProbAlive(c)
		if valid != !math.IsNaN(pa) || valid && !(pa >= 0 && pa <= 1) {
			t.Fatalf("%v P(alive) = %v for %+v", m, pa, c)
		}
		if e := m.ConditionalExpectedPurchases(c, h); e < 0 || valid && h >= 0 && !(e >= 0) {
			t.Fatalf("%v conditional E = %v for %+v, t = %v", m, e, c, h)
		}
		if e := m.ExpectedPurchases(h); e < 0 || h >= 0 && !(e >= 0) {
			t.Fatalf("%v E = %v at t = %v", m, e, h)
		}
		if q := m.ProbPurchases(int(c.Frequency)%50, math.Min(h, 1e4)); q < 0 || q > 1+1e-9 || h >= 0 && !(q >= 0) {
			t.Fatalf("%v P(X=n) = %v", m, q)
		}
		if !valid {
			return
		}
		r, err := compress([]Customer{c})
		if err != nil {
			t.Fatal(err)
		}
		g := make([]float64, 4)
		v := newPNBDKernel(r).objective(logs(p...), g)
		bad := math.IsNaN(v) || math.IsInf(v, 0)
		for _, gi := range g {
			bad = bad || math.IsNaN(gi) || math.IsInf(gi, 0)
		}
		if bad && c.T > 0 {
			t.Fatalf("%v LL = %v, gradient %v for %+v", m, -v, g, c)
		}
	})
}

// FuzzFitParetoNBD fits small arbitrary data sets: no panic, and a
// successful fit has a finite log-likelihood and positive estimates.
func FuzzFitParetoNBD(f *testing.F) {
	f.Add([]byte{3, 10, 40, 0, 0, 30, 1, 2, 35, 5, 20, 21})
	f.Fuzz(func(t *testing.T, raw []byte) {
		var data []Customer
		for len(raw) >= 3 && len(data) < 40 {
			T := float64(raw[2]) / 4
			tx := math.Min(float64(raw[1])/4, T)
			c := Customer{Frequency: float64(raw[0] % 20), Recency: tx, T: T}
			if c.Frequency == 0 {
				c.Recency = 0
			}
			data = append(data, c)
			raw = raw[3:]
		}
		m, res, err := FitParetoNBD(context.Background(), data, nil, &FitSettings{MaxIterations: 200})
		if err == nil && (math.IsNaN(res.LogLik) || math.IsInf(res.LogLik, 0) || !(m.R > 0 && m.Alpha > 0 && m.S > 0 && m.Beta > 0)) {
			t.Fatalf("fit %+v %+v", m, res)
		}
	})
}
