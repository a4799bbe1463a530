package clv

import (
	"math"
	"testing"

	"github.com/cxkit/cxkit/internal/hyper"
	"github.com/stretchr/testify/assert"
)

// TestEulerLog2F1 compares the Euler-transformed series with
// internal/hyper's series and integral where both apply, including the
// derivatives, and with central differences of itself.
func TestEulerLog2F1(t *testing.T) {
	for _, c := range []struct{ a, b, z float64 }{
		{0.5, 0.3, 0.5}, {2, 1.5, 0.8}, {30, 25, 0.85}, {1.2, 1.01, 0.95}, {6388, 6388, 0.7},
		{1247, 1246, 0.3}, {3, 2.5, 0.99}, {100.5, 1.5, 0.97}, {0.2, 0.1, 0.6}, {1e4, 50, 0.9}, {762.0002, 763, 0.999997},
	} {
		zc := 1 - c.z
		got, ok := eulerLog2F1(c.a, c.b, c.z, zc, true)
		assert.True(t, ok)
		want := hyper.Log2F1(c.a, c.b, c.z, zc)
		tol := 1e-10 * math.Max(1, math.Abs(want.Log))
		assert.InDelta(t, want.Log, got.Log, tol, "%+v log", c)
		assert.InDelta(t, want.DA, got.DA, 1e-7*math.Max(1, math.Abs(want.DA)), "%+v da", c)
		assert.InDelta(t, want.DB, got.DB, 1e-7*math.Max(1, math.Abs(want.DB)), "%+v db", c)
		assert.InDelta(t, want.DZ, got.DZ, 1e-7*math.Max(1, math.Abs(want.DZ)), "%+v dz", c)
		// Central differences of the Euler series itself.
		f := func(a, b, z float64) float64 { v, _ := eulerLog2F1(a, b, z, 1-z, false); return v.Log }
		h := 1e-6
		da := (f(c.a*(1+h), c.b, c.z) - f(c.a*(1-h), c.b, c.z)) / (2 * h * c.a)
		db := (f(c.a, c.b*(1+h), c.z) - f(c.a, c.b*(1-h), c.z)) / (2 * h * c.b)
		dz := (f(c.a, c.b, c.z+h*zc) - f(c.a, c.b, c.z-h*zc)) / (2 * h * zc)
		assert.InDelta(t, da, got.DA, 1e-5*math.Max(1, math.Abs(da)), "%+v fd da", c)
		assert.InDelta(t, db, got.DB, 1e-5*math.Max(1, math.Abs(db)), "%+v fd db", c)
		assert.InDelta(t, dz, got.DZ, 1e-4*math.Max(1, math.Abs(dz)), "%+v fd dz", c)
	}
}

// TestBigALog2F1 compares the large-a integral with internal/hyper's
// adaptive quadrature (and series) over the region where it is used.
func TestBigALog2F1(t *testing.T) {
	n := 0
	for _, a := range []float64{200, 1e3, 3e4, 1e6, 1e8} {
		for _, b := range []float64{0.05, 0.7, 1, 2.4, 30, 300} {
			for _, zc := range []float64{0.3, 1e-2, 1e-4, 5e-7, 1e-9, 1e-12} {
				z := 1 - zc
				got, ok := bigALog2F1(a, b, z, zc, true)
				if !ok {
					continue
				}
				n++
				want := hyper.Log2F1(a, b, z, zc)
				c := struct{ a, b, zc float64 }{a, b, zc}
				assert.InDelta(t, want.Log, got.Log, 1e-11*math.Max(1, math.Abs(want.Log)), "%+v log", c)
				assert.InDelta(t, want.DA, got.DA, 1e-8*math.Max(1, math.Abs(want.DA)), "%+v da", c)
				assert.InDelta(t, want.DB, got.DB, 1e-8*math.Max(1, math.Abs(want.DB)), "%+v db", c)
				assert.InDelta(t, want.DZ, got.DZ, 1e-8*math.Max(1, math.Abs(want.DZ)), "%+v dz", c)
			}
		}
	}
	assert.Greater(t, n, 100)
}
