package clv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

var pnbdNames = []string{"r", "alpha", "s", "beta"}

// cdnowPNBD is the polished lifetimes MLE on CDNOW (public_reference.json).
var cdnowPNBD = ParetoNBD{R: 0.5532755515094357, Alpha: 10.577612927105223, S: 0.6062134351376609, Beta: 11.667905483214026}

// Interface check.
var _ TransactionModel = ParetoNBD{}

func TestFitParetoNBDCDNOW(t *testing.T) {
	ref := loadReference(t)
	data := cdnowSummary(t)
	m, res, n := fitCDNOW(t, ref, "pnbd.cdnow", pnbdNames, data, FitParetoNBD)
	// Every value checkPublished and checkFitted compare must match: the
	// published parameters and LL, the polished MLE and its LL, and
	// whatever else checkFitted compares (lifetimes' own estimates).
	want := len(pnbdNames) + 1
	if f := ref.Fitted["pnbd.cdnow"]; len(f.Default) > 0 {
		want += 2*len(pnbdNames) + 1
	} else {
		want += len(pnbdNames) + 1
	}
	assert.Equal(t, want, n)
	t.Logf("Pareto/NBD CDNOW: %d/%d reference values matched", n, want)

	// The log-likelihood at the reference MLE is the reference LL.
	f := ref.Fitted["pnbd.cdnow"]
	ll, err := cdnowPNBD.LogLikelihood(data, nil)
	require.NoError(t, err)
	assert.InDelta(t, f.LogLik, ll, f.Tolerance.LogLikAbs)
	ll, err = m.LogLikelihood(data, nil)
	require.NoError(t, err)
	assert.InDelta(t, res.LogLik, ll, 1e-9)

	// Standard errors: positive, finite, symmetric covariance with the
	// squared standard errors on the diagonal.
	require.Len(t, res.StdErr, 4)
	for i := range res.Estimate {
		assert.True(t, res.StdErr[i] > 0 && !math.IsInf(res.StdErr[i], 0), "se %d", i)
		assert.InDelta(t, res.StdErr[i]*res.StdErr[i], res.Cov[i][i], 1e-12)
		for j := range res.Estimate {
			assert.InDelta(t, res.Cov[i][j], res.Cov[j][i], 1e-12)
		}
	}
}

// pnbdTauIntegral returns log ∫_tx^T (α+τ)^−(r+x) (β+τ)^−(s+1) dτ by gonum's
// fixed Gauss–Legendre rule in v = log(m+τ), m = min(α, β) (so that a peak
// of width m at τ = tx is resolved), scaled by the integrand at tx (its
// maximum): an evaluation of the A₀ term that uses no hypergeometric function.
func pnbdTauIntegral(m ParetoNBD, x, tx, T float64, n int) float64 {
	mn := math.Min(m.Alpha, m.Beta)
	lf := func(tau float64) float64 {
		return -(m.R+x)*math.Log(m.Alpha+tau) - (m.S+1)*math.Log(m.Beta+tau)
	}
	ref := lf(tx)
	v := quad.Fixed(func(v float64) float64 {
		e := math.Exp(v)
		return math.Exp(lf(e-mn)-ref) * e
	}, math.Log(mn+tx), math.Log(mn+T), n, quad.Legendre{}, 0)
	return ref + math.Log(v)
}

// pnbdLogLikDirect is one customer's log-likelihood with the A₀ term from
// pnbdTauIntegral.
func pnbdLogLikDirect(m ParetoNBD, x, tx, T float64) float64 {
	c := lgamma(m.R+x) - lgamma(m.R) + m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta)
	l1 := -(m.R+x)*math.Log(m.Alpha+T) - m.S*math.Log(m.Beta+T)
	if tx == T {
		return c + l1
	}
	l2 := math.Log(m.S) + pnbdTauIntegral(m, x, tx, T, 4000)
	hi := math.Max(l1, l2)
	return c + hi + math.Log(math.Exp(l1-hi)+math.Exp(l2-hi))
}

func pnbdCustomerLL(t *testing.T, m ParetoNBD, x, tx, T float64) float64 {
	t.Helper()
	ll, err := m.LogLikelihood([]Customer{{Frequency: x, Recency: tx, T: T}}, nil)
	require.NoError(t, err)
	return ll
}

// TestParetoNBDGuardRegions checks the likelihood where the ₂F₁ terms need
// care — z close to 1 (one of α, β much smaller than the other), α = β,
// large x, t_x close to T — against the A₀ integral done directly in τ.
func TestParetoNBDGuardRegions(t *testing.T) {
	cases := []struct {
		name     string
		m        ParetoNBD
		x, tx, T float64
	}{
		{"cdnow typical", cdnowPNBD, 2, 30.43, 38.86},
		{"cdnow x=0", cdnowPNBD, 0, 0, 38.86},
		{"alpha>beta z near 1 (split)", ParetoNBD{0.5, 50, 0.3, 0.02}, 3, 0.5, 40},
		{"alpha<beta z near 1 (split)", ParetoNBD{0.5, 0.01, 0.7, 80}, 1, 0.05, 30},
		{"z = 1 - 1e-9", ParetoNBD{1.2, 1e4, 0.8, 1e-5}, 0, 0, 20},
		{"alpha = beta", ParetoNBD{0.6, 7, 0.9, 7}, 4, 12, 39},
		{"large x alpha>beta", ParetoNBD{2, 30, 0.5, 1}, 400, 38, 39},
		{"large x alpha<beta", ParetoNBD{2, 1, 0.5, 30}, 400, 38, 39},
		{"tx near T", cdnowPNBD, 5, 38.859999, 38.86},
		{"integer s", ParetoNBD{1, 5, 2, 1}, 3, 10, 30},
		{"tiny T", cdnowPNBD, 0, 0, 1e-6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := pnbdCustomerLL(t, c.m, c.x, c.tx, c.T)
			want := pnbdLogLikDirect(c.m, c.x, c.tx, c.T)
			assert.InDelta(t, want, got, 1e-9*math.Max(1, math.Abs(want)))
		})
	}
	t.Run("continuous across alpha = beta", func(t *testing.T) {
		for _, eps := range []float64{-1e-9, 0, 1e-9} {
			m := ParetoNBD{0.6, 7 * (1 + eps), 0.9, 7}
			assert.InDelta(t, pnbdCustomerLL(t, ParetoNBD{0.6, 7, 0.9, 7}, 4, 12, 39), pnbdCustomerLL(t, m, 4, 12, 39), 1e-8)
		}
	})
	t.Run("naive formula overflows", func(t *testing.T) {
		// The textbook evaluation ₂F₁(...)/(α+t)^(r+s+x) with gonum's
		// Hypergeo underflows to 0 − 0 here; the log-space one is finite
		// and matches the τ-integral.
		m, x, tx, T := ParetoNBD{2, 30, 0.5, 1}, 400.0, 38.0, 39.0
		a := m.R + m.S + x
		naive := mathext.Hypergeo(a, m.S+1, a+1, (m.Alpha-m.Beta)/(m.Alpha+tx))/math.Pow(m.Alpha+tx, a) -
			mathext.Hypergeo(a, m.S+1, a+1, (m.Alpha-m.Beta)/(m.Alpha+T))/math.Pow(m.Alpha+T, a)
		assert.False(t, naive > 0, "naive A0 = %v", naive)
		got := pnbdCustomerLL(t, m, x, tx, T)
		assert.False(t, math.IsInf(got, 0) || math.IsNaN(got))
	})
	t.Run("tx = T", func(t *testing.T) {
		m := cdnowPNBD
		c := Customer{Frequency: 3, Recency: 20, T: 20}
		assert.Equal(t, 1.0, m.ProbAlive(c))
		want := lgamma(m.R+3) - lgamma(m.R) + m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta) -
			(m.R+3)*math.Log(m.Alpha+20) - m.S*math.Log(m.Beta+20)
		assert.InDelta(t, want, pnbdCustomerLL(t, m, 3, 20, 20), 1e-12)
	})
}

// TestParetoNBDLikelihoodIntegration checks the closed-form likelihood,
// P(alive) and conditional expectation against a numerical integration of
// the model itself. Given (λ, μ) the likelihood is
// λ^x e^−(λ+μ)T + λ^x μ/(λ+μ)·(e^−(λ+μ)t_x − e^−(λ+μ)T), whose first term is
// the alive-at-T part; an alive customer then buys λ(1 − e^−μt)/μ in
// (T, T+t]. These are averaged over λ ~ Gamma(r, α) and μ ~ Gamma(s, β) by
// Gauss–Legendre quadrature on their quantile scales.
func TestParetoNBDLikelihoodIntegration(t *testing.T) {
	const n = 300
	u, w := make([]float64, n), make([]float64, n)
	quad.Legendre{}.FixedLocations(u, w, 0, 1)
	const horizon = 39.0
	for _, c := range []struct {
		m        ParetoNBD
		x, tx, T float64
	}{
		{cdnowPNBD, 0, 0, 38.86},
		{cdnowPNBD, 2, 30.43, 38.86},
		{cdnowPNBD, 1, 1.71, 32},
		{ParetoNBD{1.5, 4, 2.2, 30}, 3, 10, 25},
		{ParetoNBD{2.5, 20, 1.4, 3}, 6, 18, 20},
	} {
		t.Run(fmt.Sprintf("%v/x=%g", c.m, c.x), func(t *testing.T) {
			gl := distuv.Gamma{Alpha: c.m.R, Beta: c.m.Alpha}
			gm := distuv.Gamma{Alpha: c.m.S, Beta: c.m.Beta}
			lam, mu := make([]float64, n), make([]float64, n)
			for i := range u {
				lam[i], mu[i] = gl.Quantile(u[i]), gm.Quantile(u[i])
			}
			var lik, alive, future float64
			for i, l := range lam {
				for j, m := range mu {
					k := l + m
					ww := w[i] * w[j]
					a := math.Pow(l, c.x) * math.Exp(-k*c.T)
					lik += ww * (a + math.Pow(l, c.x)*m/k*(math.Exp(-k*c.tx)-math.Exp(-k*c.T)))
					alive += ww * a
					future += ww * a * l * -math.Expm1(-m*horizon) / m
				}
			}
			cust := Customer{Frequency: c.x, Recency: c.tx, T: c.T}
			assert.InDelta(t, math.Log(lik), pnbdCustomerLL(t, c.m, c.x, c.tx, c.T), 1e-6)
			assert.InDelta(t, alive/lik, c.m.ProbAlive(cust), 1e-6)
			assert.InEpsilon(t, future/lik, c.m.ConditionalExpectedPurchases(cust, horizon), 1e-6)
		})
	}
}

// TestParetoNBDGradient compares the analytic gradient with central
// differences, on both sides of α = β and in the split region.
func TestParetoNBDGradient(t *testing.T) {
	var data []Customer
	for i, c := range cdnowSummary(t) {
		if i%5 == 0 {
			data = append(data, c)
		}
	}
	// Add customers that put z above 0.9 for some parameters below.
	data = append(data, Customer{Frequency: 3, Recency: 0.01, T: 30}, Customer{Frequency: 40, Recency: 38, T: 39})
	r, err := compress(data)
	require.NoError(t, err)
	for _, p := range []ParetoNBD{
		cdnowPNBD, {0.3, 20, 2.5, 3}, {2, 1, 0.5, 40}, {0.8, 60, 0.4, 0.05}, {0.8, 0.05, 0.4, 60}, {1, 5, 1, 5},
	} {
		t.Run(fmt.Sprintf("%v", p), func(t *testing.T) {
			k := newPNBDKernel(r)
			lp := logs(p.R, p.Alpha, p.S, p.Beta)
			g := make([]float64, 4)
			f0 := k.objective(lp, g)
			require.False(t, math.IsNaN(f0) || math.IsInf(f0, 0))
			for i := range lp {
				const h = 1e-5
				a, b := append([]float64(nil), lp...), append([]float64(nil), lp...)
				a[i] += h
				b[i] -= h
				fd := (k.objective(a, nil) - k.objective(b, nil)) / (2 * h)
				assert.InDelta(t, fd, g[i], 1e-6*math.Max(1, math.Abs(f0)), "component %d", i)
			}
		})
	}
}

// simulatePNBD draws n customers from a Pareto/NBD observed for T drawn
// from {20, 21, …, 40}: λ ~ Gamma(r, α), μ ~ Gamma(s, β), lifetime
// ~ Exponential(μ), purchases Poisson(λ) while alive.
func simulatePNBD(m ParetoNBD, n int, seed uint64) []Customer {
	src := rand.NewPCG(seed, 1987)
	rng := rand.New(src)
	gl := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: src}
	gm := distuv.Gamma{Alpha: m.S, Beta: m.Beta, Src: src}
	out := make([]Customer, n)
	for i := range out {
		T := float64(20 + rng.IntN(21))
		lam, mu := gl.Rand(), gm.Rand()
		end := math.Min(T, rng.ExpFloat64()/mu)
		c := Customer{T: T}
		for tt := rng.ExpFloat64() / lam; tt < end; tt += rng.ExpFloat64() / lam {
			c.Frequency++
			c.Recency = tt
		}
		out[i] = c
	}
	return out
}

// TestFitParetoNBDRecovers fits simulated data and checks that the
// estimates are within 4 standard errors of the generating values.
func TestFitParetoNBDRecovers(t *testing.T) {
	truth := ParetoNBD{R: 0.8, Alpha: 6, S: 0.6, Beta: 9}
	data := simulatePNBD(truth, 4000, 7)
	m, res, err := FitParetoNBD(context.Background(), data, nil, nil)
	require.NoError(t, err)
	for i, want := range []float64{truth.R, truth.Alpha, truth.S, truth.Beta} {
		assert.InDelta(t, want, res.Estimate[i], 4*res.StdErr[i], "%s", res.Params[i])
	}
	// The intervals package works with the Pareto/NBD fit.
	pr, err := ProbAliveInterval(m, res, data[0], 0.95)
	require.NoError(t, err)
	assert.InDelta(t, m.ProbAlive(data[0]), pr.Estimate, 1e-12)
}

func TestParetoNBDPredictions(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 40 {
		m := ParetoNBD{
			R: math.Exp(rng.NormFloat64()), Alpha: math.Exp(2 * rng.NormFloat64()),
			S: math.Exp(rng.NormFloat64()), Beta: math.Exp(2 * rng.NormFloat64()),
		}
		T := 1 + 50*rng.Float64()
		x := float64(rng.IntN(30))
		tx := 0.0
		if x > 0 {
			tx = T * rng.Float64()
		}
		c := Customer{Frequency: x, Recency: tx, T: T}
		name := fmt.Sprintf("%v/%v", m, c)
		pa := m.ProbAlive(c)
		assert.True(t, pa >= 0 && pa <= 1, "%s: P(alive) %v", name, pa)
		// A customer seen longer without a purchase is less likely alive.
		later := c
		later.T += 5
		assert.LessOrEqual(t, m.ProbAlive(later), pa+1e-12, name)
		prevE, prevC := 0.0, 0.0
		for _, tt := range []float64{0, 0.5, 5, 50, 500} {
			e, ce := m.ExpectedPurchases(tt), m.ConditionalExpectedPurchases(c, tt)
			assert.GreaterOrEqual(t, e, prevE, "%s: E[X(%g)]", name, tt)
			assert.GreaterOrEqual(t, ce, prevC, "%s: E[Y(%g)]", name, tt)
			prevE, prevC = e, ce
		}
		assert.Zero(t, m.ExpectedPurchases(0))
	}
	// Over an infinite horizon E[X(∞)] = rβ/(α(s−1)) for s > 1.
	m0 := ParetoNBD{R: 0.5, Alpha: 10, S: 1.5, Beta: 12}
	assert.InDelta(t, 0.5*12/(10*0.5), m0.ExpectedPurchases(math.Inf(1)), 1e-15)
	assert.InDelta(t, 0.5*12/(10*0.5), m0.ExpectedPurchases(1e12), 1e-5)
	assert.True(t, math.IsInf(ParetoNBD{R: 0.5, Alpha: 10, S: 0.7, Beta: 12}.ExpectedPurchases(math.Inf(1)), 1))
	// s = 1 is a removable singularity of E[X(t)].
	m := ParetoNBD{R: 0.5, Alpha: 10, S: 1, Beta: 12}
	want := 0.5 / 10 * 12 * math.Log1p(39.0/12)
	assert.InDelta(t, want, m.ExpectedPurchases(39), 1e-14)
	for _, eps := range []float64{1e-12, 1e-7, 1e-4} {
		m.S = 1 + eps
		assert.InDelta(t, want, m.ExpectedPurchases(39), 2*eps*want)
	}
}

// TestParetoNBDProbPurchases checks P(X(t) = n): the probabilities sum to 1,
// their mean is E[X(t)], and they match an independent two-dimensional
// integration over λ and μ of P(X(t) = n | λ, μ) =
// e^−μt·Pois(n; λt) + μλⁿ/(λ+μ)ⁿ⁺¹·P(n+1, (λ+μ)t).
func TestParetoNBDProbPurchases(t *testing.T) {
	for _, m := range []ParetoNBD{cdnowPNBD, {2, 3, 0.3, 50}, {0.3, 40, 3, 2}} {
		for _, tt := range []float64{1, 39, 78} {
			sum, mean := 0.0, 0.0
			for n := 0; n < 5000; n++ {
				p := m.ProbPurchases(n, tt)
				require.True(t, p >= 0 && p <= 1)
				sum += p
				mean += float64(n) * p
				if p < 1e-18 && float64(n) > 2*m.ExpectedPurchases(tt) {
					break
				}
			}
			assert.InDelta(t, 1, sum, 1e-10, "%v t=%g", m, tt)
			assert.InDelta(t, m.ExpectedPurchases(tt), mean, 1e-10*math.Max(1, mean), "%v t=%g", m, tt)
		}
	}
	const n = 300
	u, w := make([]float64, n), make([]float64, n)
	quad.Legendre{}.FixedLocations(u, w, 0, 1)
	m, tt := ParetoNBD{1.5, 4, 2.2, 30}, 20.0
	gl, gm := distuv.Gamma{Alpha: m.R, Beta: m.Alpha}, distuv.Gamma{Alpha: m.S, Beta: m.Beta}
	lam, mus := make([]float64, n), make([]float64, n)
	for i := range u {
		lam[i], mus[i] = gl.Quantile(u[i]), gm.Quantile(u[i])
	}
	for _, k := range []int{0, 1, 4, 10} {
		fk := float64(k)
		sum := 0.0
		for i, l := range lam {
			for j, mu := range mus {
				pois := math.Exp(fk*math.Log(l*tt) - l*tt - lgamma(fk+1))
				dead := math.Exp(math.Log(mu)+fk*math.Log(l)-(fk+1)*math.Log(l+mu)) * mathext.GammaIncReg(fk+1, (l+mu)*tt)
				sum += w[i] * w[j] * (math.Exp(-mu*tt)*pois + dead)
			}
		}
		assert.InDelta(t, sum, m.ProbPurchases(k, tt), 1e-6, "n=%d", k)
	}
	assert.Zero(t, m.ProbPurchases(-1, 5))
	assert.Equal(t, 1.0, m.ProbPurchases(0, 0))
	assert.Zero(t, m.ProbPurchases(3, 0))
	assert.True(t, math.IsNaN(m.ProbPurchases(1, -1)))
}

func TestParetoNBDBadInput(t *testing.T) {
	m := cdnowPNBD
	for _, c := range []Customer{
		{Frequency: -1, T: 3}, {Frequency: 1, Recency: 4, T: 3}, {Frequency: 0, Recency: 1, T: 3},
		{Frequency: math.NaN(), T: 3}, {Frequency: 1.5, Recency: 1, T: 3},
	} {
		assert.True(t, math.IsNaN(m.ProbAlive(c)), "%v", c)
		assert.True(t, math.IsNaN(m.ConditionalExpectedPurchases(c, 1)), "%v", c)
	}
	good := Customer{Frequency: 1, Recency: 1, T: 3}
	assert.True(t, math.IsNaN(m.ConditionalExpectedPurchases(good, -1)))
	assert.True(t, math.IsNaN(m.ConditionalExpectedPurchases(good, math.NaN())))
	assert.True(t, math.IsNaN(m.ExpectedPurchases(-1)))
	for _, bad := range []ParetoNBD{{}, {0, 1, 1, 1}, {1, math.Inf(1), 1, 1}, {1, 1, math.NaN(), 1}, {1, 1, 1, -2}} {
		assert.True(t, math.IsNaN(bad.ProbAlive(good)), "%v", bad)
		assert.True(t, math.IsNaN(bad.ExpectedPurchases(1)), "%v", bad)
		assertInvalid(t, bad.Validate(), "%v", bad)
	}

	ctx := context.Background()
	_, _, err := FitParetoNBD(ctx, nil, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = m.LogLikelihood(nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	data := []Customer{{ID: "a", Frequency: 1, Recency: 1, T: 3}, {ID: "b", Frequency: 2, Recency: 5, T: 3}}
	_, _, err = FitParetoNBD(ctx, data, nil, nil)
	var ce *InputError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 1, ce.Index)
	assert.Equal(t, "recency", ce.Field)
	assertInvalid(t, err)
	_, err = m.LogLikelihood(data, nil)
	assert.ErrorAs(t, err, &ce)

	// Cancellation returns the context's error; an iteration limit returns
	// ErrNotConverged with the best point.
	cdnow := cdnowSummary(t)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = FitParetoNBD(cctx, cdnow, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
	got, res, err := FitParetoNBD(ctx, cdnow, nil, &FitSettings{MaxIterations: 2})
	assert.True(t, errors.Is(err, ErrNotConverged))
	assert.False(t, res.Converged)
	assert.Positive(t, got.R)
	_, _, err = FitParetoNBD(ctx, cdnow, nil, &FitSettings{Initial: []float64{1, 2}})
	assert.ErrorIs(t, err, ErrSettings)
}

// TestParetoNBDRepeatCounts runs the histogram check of FHL (2005, Figure 2)
// with the fitted Pareto/NBD: the expected counts sum to the number of
// customers, and the expected number with no repeat purchase is within 2 %
// of the observed 1,411 (the model fits CDNOW's calibration histogram well).
func TestParetoNBDRepeatCounts(t *testing.T) {
	data := cdnowSummary(t)
	rows, err := RepeatCounts(context.Background(), cdnowPNBD, data, 7)
	require.NoError(t, err)
	obs, exp := 0.0, 0.0
	for _, r := range rows {
		obs += r.Observed
		exp += r.Expected
	}
	assert.InDelta(t, float64(len(data)), obs, 1e-9)
	assert.InDelta(t, float64(len(data)), exp, 1e-6)
	assert.InEpsilon(t, 1411, rows[0].Observed, 1e-12)
	assert.InEpsilon(t, rows[0].Observed, rows[0].Expected, 0.02)
}
