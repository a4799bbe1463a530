package clv

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/mathext"
)

// randomNBD draws parameters over several orders of magnitude.
func randomNBD(rng *rand.Rand) (r, alpha, a, b float64) {
	e := func(lo, hi float64) float64 { return math.Exp(lo + (hi-lo)*rng.Float64()) }
	return e(-3, 2), e(-2, 4), e(-3, 2), e(-3, 3)
}

// randomCustomer draws a valid summary.
func randomCustomer(rng *rand.Rand) Customer {
	T := 100 * rng.Float64()
	if rng.IntN(4) == 0 {
		return Customer{T: T}
	}
	return Customer{Frequency: float64(1 + rng.IntN(60)), Recency: T * rng.Float64(), T: T}
}

// TestNBDProperties checks properties that hold for any parameters: P(alive)
// in [0, 1], expected purchases non-decreasing in the window, x = 0 is alive
// for sure under the BG/NBD (not under the MBG/NBD), and the probabilities
// P(X(t) = n) summing to at most 1.
func TestNBDProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		r, al, a, b := randomNBD(rng)
		models := []TransactionModel{BGNBD{r, al, a, b}, MBGNBD{r, al, a, b}}
		c := randomCustomer(rng)
		for j, m := range models {
			p := m.ProbAlive(c)
			assert.True(t, p >= 0 && p <= 1, "case %d model %d: P(alive) = %v", i, j, p)
			prevE, prevC := 0.0, 0.0
			for _, tt := range []float64{0, 0.5, 1, 5, 20, 52, 200} {
				e := m.ExpectedPurchases(tt)
				ce := m.ConditionalExpectedPurchases(c, tt)
				assert.GreaterOrEqual(t, e, prevE*(1-1e-9), "case %d model %d: E[X(%v)]", i, j, tt)
				assert.GreaterOrEqual(t, ce, prevC*(1-1e-9), "case %d model %d: conditional E at %v", i, j, tt)
				prevE, prevC = e, ce
			}
		}
		// A customer with no history (x = 0, T = 0) is a new customer.
		for j, m := range models {
			assert.InEpsilon(t, m.ExpectedPurchases(30), m.ConditionalExpectedPurchases(Customer{}, 30), 1e-9, "case %d model %d", i, j)
		}
		if c.Frequency == 0 {
			assert.Equal(t, 1.0, models[0].ProbAlive(c))
			assert.Less(t, models[1].ProbAlive(c), 1.0)
		}
		s := 0.0
		for n := range 30 {
			q := BGNBD{r, al, a, b}.ProbPurchases(n, 10)
			assert.True(t, q >= 0 && q <= 1+1e-12, "case %d: P(X=%d) = %v", i, n, q)
			s += q
		}
		assert.LessOrEqual(t, s, 1+1e-9)
	}
}

// TestExpectedPurchasesAgainstSum checks E[X(t)] against the mean of the
// P(X(t) = n) distribution for random parameters where the tail is short
// (a > 1 keeps the mean finite in the limit too).
func TestExpectedPurchasesAgainstSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 30 {
		r, al, a, b := 0.2+rng.Float64(), 1+10*rng.Float64(), 0.3+2*rng.Float64(), 0.5+3*rng.Float64()
		for _, m := range []interface {
			TransactionModel
			CountModel
		}{BGNBD{r, al, a, b}, MBGNBD{r, al, a, b}} {
			mean := 0.0
			for n := range 500 {
				mean += float64(n) * m.ProbPurchases(n, 20)
			}
			assert.InEpsilon(t, m.ExpectedPurchases(20), mean, 1e-6, "case %d %T", i, m)
		}
	}
}

// TestExpectedQuadrature checks the quadrature fallback of E[X(t)] against
// the closed form where the closed form is well conditioned, and the
// fuzz-found extreme case where the closed form cancels catastrophically
// (r = 735, a = 1.6e-5, b = 0.015: the closed form gave −3.7e150).
func TestExpectedQuadrature(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 200 {
		r, al, a, b := 0.1+2*rng.Float64(), 0.5+20*rng.Float64(), 0.2+3*rng.Float64(), 1.2+4*rng.Float64()
		tt := 100 * rng.Float64()
		c := a + b - 1
		z := tt / (al + tt)
		closed := c / (a - 1) * (1 - math.Pow(al/(al+tt), r)*mathext.Hypergeo(r, b, c, z))
		assert.InEpsilon(t, closed, nbdExpectedQuad(r, al, a, b, tt), 1e-9, "case %d", i)
	}
	m := BGNBD{R: 735.095189241906, Alpha: 7.597184953166462, A: 1.6370984956565013e-05, B: 0.015264548629371388}
	e := m.ExpectedPurchases(18)
	assert.True(t, e >= 0 && e <= m.R*18/m.Alpha, "E = %v", e)
	// Mixture check: p ≈ 1 with probability b/(a+b)·…; E lies between the
	// one-purchase customer (≈1) and the never-dropping one (r·t/α).
	assert.Greater(t, e, 1.0)
}
