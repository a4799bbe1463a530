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

// TestEulerTable compares the tabulated Euler series with the direct one
// and with internal/hyper at z up to the table's reach, and checks that z
// beyond the reach of a short table is refused rather than summed short.
func TestEulerTable(t *testing.T) {
	n := 0
	for _, c := range []struct{ a, b float64 }{
		{0.5, 0.3}, {2, 1.5}, {30, 25}, {1.2, 1.01}, {6388, 6388}, {100.5, 1.5}, {0.2, 0.1}, {1e4, 50}, {762.0002, 763},
	} {
		var tab eulerTable
		tab.reset(c.a, c.b, 0.97)
		for _, z := range []float64{0, 1e-3, 0.3, 0.7, 0.9, 0.95, 0.97, 0.99, 0.999} {
			zc := 1 - z
			got, ok := tab.eval(z, zc)
			want, wok := eulerLog2F1(c.a, c.b, z, zc, true)
			if z == 0 {
				want, wok = hyper.Log2F1(c.a, c.b, z, zc), true
			}
			if z <= 0.97 {
				assert.True(t, ok, "%+v z = %v within the table", c, z)
			}
			if !ok || !wok {
				continue
			}
			n++
			assert.InDelta(t, want.Log, got.Log, 1e-13*math.Max(1, math.Abs(want.Log)), "%+v z = %v log", c, z)
			assert.InDelta(t, want.DA, got.DA, 1e-11*math.Max(1, math.Abs(want.DA)), "%+v z = %v da", c, z)
			assert.InDelta(t, want.DB, got.DB, 1e-11*math.Max(1, math.Abs(want.DB)), "%+v z = %v db", c, z)
			assert.InDelta(t, want.DZ, got.DZ, 1e-11*math.Max(1, math.Abs(want.DZ)), "%+v z = %v dz", c, z)
			h := hyper.Log2F1(c.a, c.b, z, zc)
			assert.InDelta(t, h.Log, got.Log, 1e-10*math.Max(1, math.Abs(h.Log)), "%+v z = %v hyper", c, z)
		}
	}
	assert.Greater(t, n, 60)
	var short eulerTable
	short.reset(0.5, 0.3, 0.5)
	_, ok := short.eval(0.999, 0.001)
	assert.False(t, ok, "a table built for z ≤ 0.5 cannot sum z = 0.999")
}
