package clv

import (
	"context"
	"math"
	"testing"
)

// fuzzParam maps any float to a positive finite parameter, or reports that
// it cannot.
func fuzzParam(v float64) (float64, bool) {
	v = math.Abs(v)
	return v, v > 1e-300 && v < 1e300
}

func FuzzGammaGamma(f *testing.F) {
	f.Add(6.25, 3.74, 15.44, 2.0, 22.35, 1.0, 11.77, 30.43, 38.86)
	f.Add(0.1, 0.9, 1e-3, 0.0, 0.0, 50.0, 1e6, 0.0, 10.0)
	f.Add(1e5, 1.0, 1e5, 1e3, 1e-9, 3.0, -1.0, 5.0, 4.0)
	f.Fuzz(func(t *testing.T, p, q, v, x1, z1, x2, z2, tx, T float64) {
		// The fast customer check never accepts what the full one rejects.
		for _, c := range []Customer{{Frequency: x1, Recency: tx, T: T, Monetary: z1}, {Frequency: x2, Recency: tx, T: T, Monetary: z2}} {
			if ggQuickValid(c) && (c.Validate() != nil || c.Frequency > 0 && !(c.Monetary > 0)) {
				t.Fatalf("quick check accepts invalid %+v", c)
			}
		}
		var ok1, ok2, ok3 bool
		p, ok1 = fuzzParam(p)
		q, ok2 = fuzzParam(q)
		v, ok3 = fuzzParam(v)
		if !ok1 || !ok2 || !ok3 {
			return
		}
		m := GammaGamma{P: p, Q: q, V: v}
		data := []Customer{{Frequency: math.Trunc(x1), Monetary: z1}, {Frequency: math.Trunc(x2), Monetary: z2}}
		out, err := m.ConditionalExpectedSpends(data)
		for i, c := range data {
			e := m.ConditionalExpectedSpend(c)
			if err == nil && e != out[i] {
				t.Fatalf("single %v and batch %v differ for %+v", e, out[i], c)
			}
			if math.IsNaN(e) || q <= 1 || c.Frequency == 0 {
				continue
			}
			mean := m.MeanSpend()
			lo, hi := math.Min(c.Monetary, mean), math.Max(c.Monetary, mean)
			if !math.IsInf(mean, 0) && !(e >= lo*(1-1e-9) && e <= hi*(1+1e-9)) && !math.IsInf(e, 0) {
				t.Fatalf("%+v %+v: spend %v outside [%v, %v]", m, c, e, lo, hi)
			}
		}
		ll, err := m.LogLikelihood(data, nil)
		if err == nil && math.IsInf(ll, 1) {
			t.Fatalf("log-likelihood +Inf for %+v %+v", m, data)
		}
		if err == nil {
			_, _, _ = FitGammaGamma(context.Background(), data, nil, &FitSettings{MaxIterations: 20})
		}
	})
}

func FuzzBGBB(f *testing.F) {
	f.Add(1.204, 0.750, 0.657, 2.783, 2, 4, 6, 3.0)
	f.Add(1e-3, 1e3, 1.0, 1e-3, 0, 0, 0, 0.5)
	f.Add(50.0, 0.01, 20.0, 0.5, 7, 30, 1000, 1e4)
	f.Fuzz(func(t *testing.T, a, b, g, d float64, x, tx, n int, h float64) {
		var ok [4]bool
		a, ok[0] = fuzzParam(a)
		b, ok[1] = fuzzParam(b)
		g, ok[2] = fuzzParam(g)
		d, ok[3] = fuzzParam(d)
		if !ok[0] || !ok[1] || !ok[2] || !ok[3] || n > 5000 {
			return
		}
		m := BGBB{Alpha: a, Beta: b, Gamma: g, Delta: d}
		c := Customer{Frequency: float64(x), Recency: float64(tx), T: float64(n)}
		valid := bbCheck(c) == nil
		p := m.ProbAlive(c)
		if valid && !(p >= 0 && p <= 1) {
			t.Fatalf("%+v %+v: P(alive) = %v", m, c, p)
		}
		if !valid && !math.IsNaN(p) {
			t.Fatalf("%+v invalid but P(alive) = %v", c, p)
		}
		e := m.ConditionalExpectedPurchases(c, h)
		if valid && h >= 0 && !math.IsInf(h, 0) && !(e >= 0) {
			t.Fatalf("%+v %+v t=%v: negative expectation %v", m, c, h, e)
		}
		if u := m.ExpectedPurchases(h); u < 0 || h >= 0 && !math.IsInf(h, 0) && math.IsNaN(u) {
			t.Fatalf("%+v t=%v: negative expectation %v", m, h, u)
		}
		if pp := m.ProbPurchases(x, float64(n)); pp < 0 || pp > 1 {
			t.Fatalf("%+v x=%d n=%d: probability %v", m, x, n, pp)
		}
		data := []Customer{c, {Frequency: 1, Recency: 2, T: 3}}
		ll, err := m.LogLikelihood(data, []float64{2, 1})
		if err == nil && ll > 1e-9 {
			t.Fatalf("%+v %+v: log-likelihood %v > 0", m, c, ll)
		}
		if err == nil {
			_, _, _ = FitBGBB(context.Background(), data, nil, &FitSettings{MaxIterations: 20})
		}
	})
}

func FuzzIntervals(f *testing.F) {
	ctx := context.Background()
	gg, gres, err := FitGammaGamma(ctx, cdnowWithSpend(f), nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	dd, w := bbDonations(f)
	bb, bres, err := FitBGBB(ctx, dd, w, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(2.0, 4.0, 6.0, 22.35, 5.0, 0.95)
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, 0.5)
	f.Add(1e6, 1e6, 1e6, 1e-300, 1e300, 1.0)
	f.Fuzz(func(t *testing.T, x, tx, n, z, h, level float64) {
		c := Customer{Frequency: x, Recency: tx, T: n, Monetary: z}
		check := func(p Prediction, err error, lo, hi float64) {
			if err != nil {
				return
			}
			iv := p.CI
			if !(p.StdErr >= 0) || iv.Lower < lo || iv.Upper > hi || !(iv.Lower <= iv.Upper) {
				t.Fatalf("%+v: bad prediction %+v", c, p)
			}
			if p.Estimate >= lo && p.Estimate <= hi && !contains(iv, p.Estimate) {
				t.Fatalf("%+v: interval %+v misses its estimate", c, p)
			}
		}
		p, err := SpendInterval(gg, gres, c, level)
		check(p, err, 0, math.Inf(1))
		p, err = ProbAliveInterval(bb, bres, c, level)
		check(p, err, 0, 1)
		if n <= 1e4 {
			p, err = ConditionalPurchasesInterval(bb, bres, c, h, level)
			check(p, err, 0, math.Inf(1))
		}
	})
}
