package hyper

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mathext"
)

type refCase struct {
	A, B, Zc    float64
	Log, DA, DB float64
	DZ          *float64
}

func loadRef(t *testing.T) []refCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hyp2f1_mpmath.json"))
	require.NoError(t, err)
	var f struct {
		Cases []struct {
			A   float64  `json:"a"`
			B   float64  `json:"b"`
			Zc  float64  `json:"zc"`
			Log float64  `json:"log"`
			DA  float64  `json:"da"`
			DB  float64  `json:"db"`
			DZ  *float64 `json:"dz"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	out := make([]refCase, len(f.Cases))
	for i, c := range f.Cases {
		out[i] = refCase{c.A, c.B, c.Zc, c.Log, c.DA, c.DB, c.DZ}
	}
	return out
}

// close reports |got − want| ≤ tol·max(1, |want|).
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestLog2F1Reference(t *testing.T) {
	cases := loadRef(t)
	require.Len(t, cases, 509)
	pass := 0
	for _, c := range cases {
		name := fmt.Sprintf("a=%g/b=%g/zc=%g", c.A, c.B, c.Zc)
		v := Log2F1(c.A, c.B, 1-c.Zc, c.Zc)
		ok := assert.True(t, near(v.Log, c.Log, 1e-12), "%s: log %v, want %v", name, v.Log, c.Log)
		ok = assert.True(t, near(v.DA, c.DA, 1e-9), "%s: da %v, want %v", name, v.DA, c.DA) && ok
		ok = assert.True(t, near(v.DB, c.DB, 1e-9), "%s: db %v, want %v", name, v.DB, c.DB) && ok
		if c.DZ != nil {
			ok = assert.True(t, near(v.DZ, *c.DZ, 1e-9), "%s: dz %v, want %v", name, v.DZ, *c.DZ) && ok
		}
		if ok {
			pass++
		}
	}
	t.Logf("%d/%d mpmath cases pass", pass, len(cases))
}

// TestLog2F1Gonum compares with gonum's mathext.Hypergeo where that is
// accurate (moderate parameters, z not close to 1), and checks that the
// guard regions are exactly where Hypergeo overflows.
func TestLog2F1Gonum(t *testing.T) {
	for _, a := range []float64{0.3, 1.2, 5, 20} {
		for _, b := range []float64{0.5, 1.6, 2, 4} {
			for _, z := range []float64{0, 0.05, 0.4, 0.85, 0.9, 0.91, 0.97} {
				t.Run(fmt.Sprintf("a=%g/b=%g/z=%g", a, b, z), func(t *testing.T) {
					want := math.Log(mathext.Hypergeo(a, b, a+1, z))
					got := Log2F1(a, b, z, 1-z)
					assert.InDelta(t, want, got.Log, 1e-11*math.Max(1, math.Abs(want)))
				})
			}
		}
	}
	t.Run("overflow", func(t *testing.T) {
		// (1−z)^(1−b) with b = 400 and 1−z = 1e-3 is 1e1197: Hypergeo
		// overflows, the log-space value is finite.
		a, b, zc := 450.0, 400.0, 1e-3
		assert.True(t, math.IsInf(mathext.Hypergeo(a, b, a+1, 1-zc), 1) || math.IsNaN(mathext.Hypergeo(a, b, a+1, 1-zc)))
		v := Log2F1(a, b, 1-zc, zc)
		assert.False(t, math.IsInf(v.Log, 0) || math.IsNaN(v.Log))
		// Dominant behaviour near z = 1: F ≈ a/(b−1)·(1−z)^(1−b).
		assert.InEpsilon(t, math.Log(a/(b-1))+(1-b)*math.Log(zc), v.Log, 0.01)
	})
}

// TestLog2F1Boundary checks that the series and the integral agree
// where they meet, and that both are continuous in z across SeriesLimit.
func TestLog2F1Boundary(t *testing.T) {
	for _, a := range []float64{0.05, 1, 3.2, 60} {
		for _, b := range []float64{0.4, 1, 1.7, 3, 25} {
			z := SeriesLimit
			s := series(a, b, z, true)
			p := integral(a, b, z, 1-z, true)
			name := fmt.Sprintf("a=%g/b=%g", a, b)
			assert.InDelta(t, s.Log, p.Log, 1e-13*math.Max(1, math.Abs(s.Log)), name)
			assert.InDelta(t, s.DA, p.DA, 1e-10*math.Max(1, math.Abs(s.DA)), name)
			assert.InDelta(t, s.DB, p.DB, 1e-10*math.Max(1, math.Abs(s.DB)), name)
			assert.InDelta(t, s.DZ, p.DZ, 1e-10*math.Max(1, math.Abs(s.DZ)), name)
		}
	}
}

// TestLog2F1Derivatives checks the derivatives against central differences
// in both regions.
func TestLog2F1Derivatives(t *testing.T) {
	for _, c := range []struct{ a, b, z float64 }{
		{0.7, 1.3, 0.2}, {2.5, 7, 0.6}, {1.16, 1.6, 0.95}, {30, 2, 0.999}, {0.2, 0.5, 0.99999},
	} {
		t.Run(fmt.Sprintf("%v", c), func(t *testing.T) {
			v := Log2F1(c.a, c.b, c.z, 1-c.z)
			f := func(a, b, z float64) float64 { return Log2F1(a, b, z, 1-z).Log }
			const h = 1e-6
			da := (f(c.a+h, c.b, c.z) - f(c.a-h, c.b, c.z)) / (2 * h)
			db := (f(c.a, c.b+h, c.z) - f(c.a, c.b-h, c.z)) / (2 * h)
			hz := h * (1 - c.z)
			dz := (f(c.a, c.b, c.z+hz) - f(c.a, c.b, c.z-hz)) / (2 * hz)
			assert.InEpsilon(t, da, v.DA, 1e-6)
			assert.InEpsilon(t, db, v.DB, 1e-6)
			assert.InEpsilon(t, dz, v.DZ, 1e-6)
		})
	}
}

func TestLog2F1Domain(t *testing.T) {
	for _, c := range [][4]float64{
		{0, 1, 0.5, 0.5}, {-1, 1, 0.5, 0.5}, {1, 0, 0.5, 0.5}, {1, 1, -0.1, 1.1},
		{1, 1, 1, 0}, {math.NaN(), 1, 0.5, 0.5}, {1, math.Inf(1), 0.5, 0.5}, {1, 1, math.NaN(), 0.5},
	} {
		v := Log2F1(c[0], c[1], c[2], c[3])
		assert.True(t, math.IsNaN(v.Log) && math.IsNaN(v.DA), "%v", c)
	}
	// z = 0: F = 1.
	v := Log2F1(2, 3, 0, 1)
	assert.Zero(t, v.Log)
	assert.InDelta(t, 3.0*2/3, v.DZ, 1e-15) // ∂F/∂z at 0 is a·b/(a+1)
}

func TestLogIntegrate(t *testing.T) {
	// ∫_0^1 x^k dx = 1/(k+1), with a sharp peak for large k.
	for _, k := range []float64{0, 1, 10, 1e3, 1e5} {
		got := LogIntegrate(func(x float64, _ []float64) float64 { return k * math.Log(x) }, 0, 1, 1, 1/k, 0, nil)
		assert.InDelta(t, -math.Log(k+1), got, 1e-12, "k=%g", k)
	}
	// A peak of width 1e-7 in the middle of a long interval.
	got0 := LogIntegrate(func(x float64, _ []float64) float64 { return -math.Abs(x) * 1e7 }, -3, 7, 0, 0, 0, nil)
	assert.InDelta(t, math.Log(2e-7), got0, 1e-12)
	// Weighted means: ∫_0^1 x·e^x / ∫ e^x = 1/(e−1).
	extra := make([]float64, 1)
	got := LogIntegrate(func(x float64, w []float64) float64 {
		if w != nil {
			w[0] = x
		}
		return x
	}, 0, 1, 1, 0, 1, extra)
	assert.InDelta(t, math.Log(math.E-1), got, 1e-14)
	assert.InDelta(t, 1/(math.E-1), extra[0], 1e-14)
	assert.True(t, math.IsInf(LogIntegrate(func(float64, []float64) float64 { return 0 }, 1, 1, 1, 0, 0, extra), -1))
	assert.True(t, math.IsNaN(LogIntegrate(func(float64, []float64) float64 { return math.NaN() }, 0, 1, 0, 0, 0, nil)))
}

func BenchmarkLog2F1(b *testing.B) {
	for _, z := range []float64{0.05, 0.5, 0.89, 0.95, 0.9999} {
		b.Run(fmt.Sprintf("z=%g", z), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Log2F1(1.6, 1.6, z, 1-z)
			}
		})
	}
}

// TestSeriesMatches checks that the tabulated series gives the same values
// as Log2F1 for z inside and outside its range.
func TestSeriesMatches(t *testing.T) {
	var s Series
	for _, a := range []float64{0.05, 1.16, 12, 300} {
		for _, b := range []float64{0.3, 1, 1.6, 40, 700} {
			for _, zmax := range []float64{0, 0.3, 0.9, 0.99} {
				s.Reset(a, b, zmax)
				for _, z := range []float64{0, 1e-9, 0.1, 0.29, 0.3, 0.6, 0.9, 0.95} {
					name := fmt.Sprintf("a=%g/b=%g/zmax=%g/z=%g", a, b, zmax, z)
					want := Log2F1(a, b, z, 1-z)
					got := s.Log2F1(z, 1-z)
					tol := 1e-13 * math.Max(1, math.Abs(want.Log))
					assert.InDelta(t, want.Log, got.Log, tol, name)
					assert.InDelta(t, want.Log, s.LogValue(z, 1-z), tol, name)
					assert.InDelta(t, want.DA, got.DA, 1e-11*math.Max(1, math.Abs(want.DA)), name)
					assert.InDelta(t, want.DB, got.DB, 1e-11*math.Max(1, math.Abs(want.DB)), name)
					assert.InDelta(t, want.DZ, got.DZ, 1e-11*math.Max(1, math.Abs(want.DZ)), name)
				}
			}
		}
	}
	assert.Panics(t, func() { s.Reset(0, 1, 0.5) })
}
