package clv

import (
	"context"
	"encoding/binary"
	"math"
	"testing"
)

// FuzzWeightsAndPatterns feeds arbitrary customers and weights (NaN, ±Inf,
// negative, huge, zero) to every fit's weights argument, to Patterns and to
// PatternTable's Add and Merge: nothing may panic, errors are the
// documented ones, and a table's counts always sum to the customers added.
func FuzzWeightsAndPatterns(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
	f.Add([]byte{255, 255, 255, 255, 255, 255, 255, 255, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		var data []Customer
		var w []float64
		for len(raw) >= 9 {
			x := float64(raw[0] % 4)
			T := float64(raw[1]%8) + 1
			tx := 0.0
			if x > 0 {
				tx = math.Min(T, float64(raw[2]%9))
			}
			m := 0.0
			if x > 0 {
				m = float64(raw[3]) + 0.5
			}
			data = append(data, Customer{Frequency: x, Recency: tx, T: T, Monetary: m})
			w = append(w, math.Float64frombits(binary.LittleEndian.Uint64(raw[1:9])))
			raw = raw[9:]
		}
		ctx := context.Background()
		set := &FitSettings{MaxIterations: 20}
		FitBGNBD(ctx, data, w, set)
		FitMBGNBD(ctx, data, w, set)
		FitParetoNBD(ctx, data, w, set)
		FitGammaGamma(ctx, data, w, set)
		FitBGBB(ctx, data, w, set)
		FitBGNBD(ctx, data, w[:len(w)/2], set)
		p, c, err := Patterns(data)
		if err != nil {
			t.Fatalf("valid customers: %v", err)
		}
		sum := 0.0
		for _, n := range c {
			sum += n
		}
		if sum != float64(len(data)) || len(p) != len(c) {
			t.Fatalf("counts sum to %v for %d customers", sum, len(data))
		}
		var a, b PatternTable
		for i, cu := range data {
			if i%2 == 0 {
				a.Add(cu)
			} else {
				b.Add(cu)
			}
		}
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		p2, c2 := a.Result()
		if len(p2) != len(p) {
			t.Fatalf("merged %d patterns, want %d", len(p2), len(p))
		}
		for i := range c2 {
			if c2[i] != c[i] || p2[i] != p[i] {
				t.Fatalf("pattern %d: %+v × %v, want %+v × %v", i, p2[i], c2[i], p[i], c[i])
			}
		}
		// A hand-built table with arbitrary counts errors, never panics.
		h := PatternTable{Customers: data, Counts: w}
		h.Add(Customer{T: 1})
		h.Merge(a)
		a.Merge(h)
		h.Result()
	})
}
