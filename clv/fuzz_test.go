package clv

import (
	"context"
	"encoding/binary"
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
		if m, res, err := FitBGNBD(context.Background(), data, s); err == nil {
			if math.IsNaN(res.LogLik) || !(m.R > 0 && m.Alpha > 0 && m.A > 0 && m.B > 0) {
				t.Fatalf("BG/NBD fit %+v %+v", m, res)
			}
		}
		if m, res, err := FitMBGNBD(context.Background(), data, s); err == nil {
			if math.IsNaN(res.LogLik) || !(m.R > 0 && m.Alpha > 0) {
				t.Fatalf("MBG/NBD fit %+v %+v", m, res)
			}
		}
	})
}
