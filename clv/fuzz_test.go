package clv

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
)

// FuzzSummarize builds summaries from arbitrary transaction logs: it must
// never panic, and every summary it returns must be valid with recency and
// T consistent with the period grid.
func FuzzSummarize(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, int64(24), false)
	f.Add([]byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), int64(1), true)
	f.Fuzz(func(t *testing.T, raw []byte, hours int64, rejectDup bool) {
		var log []journey.Purchase
		for len(raw) >= 6 {
			id := string(rune('a' + raw[0]%5))
			secs := int64(binary.LittleEndian.Uint32(raw[1:5])) * 97
			amt := float64(int8(raw[5]))
			if raw[5] == 127 {
				amt = math.NaN()
			}
			log = append(log, journey.Purchase{Customer: id, Time: time.Unix(secs, 0).UTC(), Amount: amt})
			raw = raw[6:]
		}
		o := &SummarySettings{Period: time.Duration(hours) * time.Hour, Unit: Week, RejectDuplicates: rejectDup}
		cs, err := Summarize(log, o)
		if err != nil {
			return
		}
		for i, c := range cs {
			if verr := c.Validate(); verr != nil {
				t.Fatalf("summary %d invalid: %v (%+v)", i, verr, c)
			}
		}
		sp, err := SplitHoldout(log, log[0].Time, o)
		if err != nil {
			return
		}
		if len(sp.Calibration) != len(sp.Holdout) || sp.Duration < 0 {
			t.Fatalf("split: %d calibration, %d holdout, duration %v", len(sp.Calibration), len(sp.Holdout), sp.Duration)
		}
		for i, c := range sp.Calibration {
			h := sp.Holdout[i]
			if c.Validate() != nil || h.Frequency < 0 || h.Monetary < 0 {
				t.Fatalf("split customer %d: %+v %+v", i, c, h)
			}
		}
	})
}

// fuzzParams turns four fuzzed values into positive parameters.
func fuzzParams(p ...float64) ([]float64, bool) {
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = math.Exp(math.Mod(v, 12))
		if !(out[i] > 0) || math.IsInf(out[i], 0) {
			return nil, false
		}
	}
	return out, true
}

// FuzzNBDPredictions evaluates the BG/NBD and MBG/NBD predictions at
// arbitrary parameters and customers: no panic, P(alive) in [0, 1] and no
// negative expectations or probabilities.
func FuzzNBDPredictions(f *testing.F) {
	f.Add(-1.4, 1.5, -0.2, 0.9, 2.0, 30.4, 38.9, 39.0)
	f.Add(5.0, -5.0, 3.0, -3.0, 200.0, 1e-3, 1e3, 1e4)
	f.Fuzz(func(t *testing.T, lr, la, lA, lB, x, tx, T, h float64) {
		p, ok := fuzzParams(lr, la, lA, lB)
		if !ok {
			return
		}
		c := Customer{Frequency: math.Floor(math.Abs(math.Mod(x, 500))), Recency: math.Abs(tx), T: math.Abs(T)}
		if c.Frequency == 0 {
			c.Recency = 0
		}
		valid := c.Validate() == nil
		for _, m := range []interface {
			TransactionModel
			CountModel
		}{BGNBD{p[0], p[1], p[2], p[3]}, MBGNBD{p[0], p[1], p[2], p[3]}} {
			pa := m.ProbAlive(c)
			if valid && !(pa >= 0 && pa <= 1) {
				t.Fatalf("%T%v P(alive) = %v for %+v", m, p, pa, c)
			}
			if e := m.ConditionalExpectedPurchases(c, h); e < 0 {
				t.Fatalf("%T%v conditional E = %v", m, p, e)
			}
			if e := m.ExpectedPurchases(h); e < 0 {
				t.Fatalf("%T%v E = %v", m, p, e)
			}
			if q := m.ProbPurchases(int(c.Frequency)%50, h); q < 0 || q > 1+1e-9 {
				t.Fatalf("%T%v P(X=n) = %v", m, p, q)
			}
		}
	})
}

// fuzzCustomers turns fuzz bytes into at most n valid summaries, three bytes
// each: x = b0 mod 20, t_x = b1/4 (at most T), T = b2/4.
func fuzzCustomers(raw []byte, n int) []Customer {
	var data []Customer
	for len(raw) >= 3 && len(data) < n {
		T := float64(raw[2]) / 4
		c := Customer{Frequency: float64(raw[0] % 20), Recency: math.Min(float64(raw[1])/4, T), T: T}
		if c.Frequency == 0 {
			c.Recency = 0
		}
		data = append(data, c)
		raw = raw[3:]
	}
	return data
}

// FuzzFitNBD fits both models to small arbitrary data sets: no panic, and
// a successful fit has a finite log-likelihood and positive estimates.
func FuzzFitNBD(f *testing.F) {
	f.Add([]byte{3, 10, 40, 0, 0, 30, 1, 2, 35, 5, 20, 21})
	f.Fuzz(func(t *testing.T, raw []byte) {
		data := fuzzCustomers(raw, 40)
		s := &FitSettings{MaxIterations: 200}
		if m, res, err := FitBGNBD(context.Background(), data, nil, s); err == nil {
			if math.IsNaN(res.LogLik) || !(m.R > 0 && m.Alpha > 0 && m.A > 0 && m.B > 0) {
				t.Fatalf("BG/NBD fit %+v %+v", m, res)
			}
		}
		if m, res, err := FitMBGNBD(context.Background(), data, nil, s); err == nil {
			if math.IsNaN(res.LogLik) || !(m.R > 0 && m.Alpha > 0) {
				t.Fatalf("MBG/NBD fit %+v %+v", m, res)
			}
		}
	})
}

// FuzzSummarizeSlices passes slices of arbitrary (also different) lengths:
// lengths that differ are ErrLength, never a panic.
func FuzzSummarizeSlices(f *testing.F) {
	f.Add(uint8(3), uint8(3), uint8(3), 5.0)
	f.Add(uint8(1), uint8(0), uint8(0), -1.0)
	f.Add(uint8(2), uint8(3), uint8(2), math.NaN())
	f.Fuzz(func(t *testing.T, ni, nt, na uint8, amt float64) {
		ids := make([]string, ni%8)
		times := make([]time.Time, nt%8)
		amounts := make([]float64, na%8)
		t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range ids {
			ids[i] = string(rune('a' + i%3))
		}
		for i := range times {
			times[i] = t0.Add(time.Duration(i) * Day)
		}
		for i := range amounts {
			amounts[i] = amt
		}
		cs, err := SummarizeSlices(ids, times, amounts, nil)
		if len(ids) != len(times) || len(ids) != len(amounts) {
			if !errors.Is(err, ErrLength) {
				t.Fatalf("lengths %d, %d, %d: err = %v", len(ids), len(times), len(amounts), err)
			}
			return
		}
		for _, c := range cs {
			if c.Validate() != nil {
				t.Fatalf("invalid summary %+v", c)
			}
		}
	})
}

// FuzzFitBGBBWeights fits the BG/BB with arbitrary weights (NaN, negative,
// infinite, huge, a wrong number of them): an error or a valid model, never
// a panic.
func FuzzFitBGBBWeights(f *testing.F) {
	f.Add(uint8(3), 1.0, 2.0, 0.0)
	f.Add(uint8(2), math.NaN(), 1.0, 1.0)
	f.Add(uint8(4), -1.0, math.Inf(1), 1e308)
	f.Add(uint8(0), 0.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, nw uint8, w0, w1, w2 float64) {
		data := []Customer{{Frequency: 2, Recency: 4, T: 6}, {Frequency: 0, T: 6}, {Frequency: 5, Recency: 6, T: 6}}
		src := []float64{w0, w1, w2, w0, w1}
		weights := src[:int(nw)%len(src)]
		if nw == 255 {
			weights = nil
		}
		m, _, err := FitBGBB(context.Background(), data, weights, &FitSettings{MaxIterations: 50})
		if weights != nil && len(weights) != len(data) {
			if !errors.Is(err, ErrLength) {
				t.Fatalf("%d weights: err = %v", len(weights), err)
			}
			return
		}
		if err == nil && m.Validate() != nil {
			t.Fatalf("invalid model %+v without error", m)
		}
		_, err = m.LogLikelihood(data, weights)
		if m.Validate() != nil && err == nil {
			t.Fatalf("log-likelihood of the invalid model %+v without error", m)
		}
	})
}

// FuzzModelParams calls every method of every model at arbitrary raw
// parameters (zero, negative, NaN, infinite included): no panic, and a model
// that fails Validate predicts NaN and returns errors.
func FuzzModelParams(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, 0.0, 2.0, 30.0, 38.0)
	f.Add(math.NaN(), 1.0, 1.0, 1.0, 1.0, 1.0, 3.0)
	f.Add(-1.0, math.Inf(1), 1.0, 1e-300, 0.0, 0.0, 5.0)
	f.Add(0.24, 4.4, 0.79, 2.4, 2.0, 30.4, 38.9)
	f.Fuzz(func(t *testing.T, p0, p1, p2, p3, x, tx, T float64) {
		c := Customer{Frequency: math.Floor(math.Abs(math.Mod(x, 30))), Recency: math.Abs(math.Mod(tx, 50)), T: math.Abs(math.Mod(T, 60))}
		c.Recency = math.Min(c.Recency, c.T)
		if c.Frequency == 0 {
			c.Recency = 0
		} else {
			c.Monetary = 10
		}
		data := []Customer{c}
		type model interface {
			TransactionModel
			CountModel
			Validate() error
			LogLikelihood([]Customer, []float64) (float64, error)
		}
		for _, m := range []model{BGNBD{p0, p1, p2, p3}, MBGNBD{p0, p1, p2, p3}, ParetoNBD{p0, p1, p2, p3}} {
			vals := []float64{m.ProbAlive(c), m.ConditionalExpectedPurchases(c, 10), m.ExpectedPurchases(10), m.ProbPurchases(2, 10)}
			_, err := m.LogLikelihood(data, nil)
			if m.Validate() != nil {
				for _, v := range vals {
					if !math.IsNaN(v) {
						t.Fatalf("%T%+v: %v from an invalid model", m, m, v)
					}
				}
				if err == nil {
					t.Fatalf("%T%+v: no log-likelihood error", m, m)
				}
			}
		}
		bb := BGBB{p0, p1, p2, p3}
		bc := Customer{Frequency: math.Min(c.Frequency, math.Floor(c.Recency)), Recency: math.Floor(c.Recency), T: math.Floor(c.T)}
		if bc.Frequency == 0 {
			bc.Recency = 0
		}
		bvals := []float64{bb.ProbAlive(bc), bb.ConditionalExpectedPurchases(bc, 3), bb.ExpectedPurchases(3), bb.ProbPurchases(1, 3)}
		_, berr := bb.LogLikelihood([]Customer{bc}, nil)
		gg := GammaGamma{p0, p1, p2}
		gvals := []float64{gg.MeanSpend(), gg.ConditionalExpectedSpend(c)}
		_, gerr := gg.LogLikelihood(data, nil)
		_, serr := gg.ConditionalExpectedSpends(data)
		if bb.Validate() != nil {
			for _, v := range bvals {
				if !math.IsNaN(v) {
					t.Fatalf("BGBB%+v: %v from an invalid model", bb, v)
				}
			}
			if berr == nil {
				t.Fatalf("BGBB%+v: no log-likelihood error", bb)
			}
		}
		if gg.Validate() != nil {
			for _, v := range gvals {
				if !math.IsNaN(v) {
					t.Fatalf("GammaGamma%+v: %v from an invalid model", gg, v)
				}
			}
			if gerr == nil || serr == nil {
				t.Fatalf("GammaGamma%+v: no error", gg)
			}
		}
		// The aggregate calls reject an invalid model up front.
		ctx := context.Background()
		bg := BGNBD{p0, p1, p2, p3}
		if bg.Validate() != nil {
			if _, err := CLV(ctx, bg, FixedSpend(1), data, Discounting{Period: 1}, Window{0, 10}); err == nil {
				t.Fatalf("CLV with %+v: no error", bg)
			}
			if _, err := RepeatCounts(ctx, bg, data, 3); err == nil {
				t.Fatalf("RepeatCounts with %+v: no error", bg)
			}
		}
	})
}

// FuzzDiscountedPurchases feeds arbitrary discounting periods and windows:
// an error (before allocating when the windows span too many periods) or
// finite, non-negative values; never a hang or a panic.
func FuzzDiscountedPurchases(f *testing.F) {
	f.Add(1.0, 0.01, 0.0, 52.0)
	f.Add(1e-300, 0.0, 0.0, 1e300)
	f.Add(1.0, 0.0, 1e17, 1e17+5)
	f.Add(math.NaN(), 0.1, 0.0, 1.0)
	f.Add(52.0, -1.0, 5.0, 4.0)
	f.Add(1.0/65536, 0.0, 0.0, 1.0)
	f.Fuzz(func(t *testing.T, period, rate, from, to float64) {
		c := Customer{Frequency: 2, Recency: 30, T: 38}
		d := Discounting{Period: period, Rate: rate}
		v, err := DiscountedPurchases(context.Background(), cdnowBGNBD, c, d, Window{from, to})
		if err != nil {
			return
		}
		if len(v) != 1 || !(v[0] >= 0) || math.IsInf(v[0], 0) {
			t.Fatalf("%+v (%v, %v]: %v", d, from, to, v)
		}
		vals, err := CLV(context.Background(), cdnowBGNBD, FixedSpend(2), []Customer{c, {T: 10}}, d, Window{from, to})
		if err != nil {
			t.Fatalf("CLV fails where DiscountedPurchases works: %v", err)
		}
		if math.Abs(vals[0][0]-2*v[0]) > 1e-9*math.Max(1, v[0]) {
			t.Fatalf("CLV %v, DiscountedPurchases %v", vals[0][0], v[0])
		}
	})
}
