package clv

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestDeltaMethodClosedForm(t *testing.T) {
	// f(θ) = θ0·θ1 + θ2² has gradient (θ1, θ0, 2θ2) = (3, 2, 1) at (2, 3, 0.5).
	res := FitResult{
		Estimate: []float64{2, 3, 0.5},
		Cov:      [][]float64{{0.04, 0.01, -0.002}, {0.01, 0.09, 0.003}, {-0.002, 0.003, 0.01}},
	}
	f := func(th []float64) float64 { return th[0]*th[1] + th[2]*th[2] }
	g := []float64{3, 2, 1}
	v := 0.0
	for i := range g {
		for j := range g {
			v += g[i] * res.Cov[i][j] * g[j]
		}
	}
	p, err := DeltaMethod(f, 0.95, res)
	require.NoError(t, err)
	assert.InDelta(t, 6.25, p.Estimate, 1e-15)
	assert.InEpsilon(t, math.Sqrt(v), p.StdErr, 1e-8)
	assert.InEpsilon(t, 6.25-1.959963984540054*math.Sqrt(v), p.CI.Lower, 1e-8)
	assert.InEpsilon(t, 6.25+1.959963984540054*math.Sqrt(v), p.CI.Upper, 1e-8)
	assert.Equal(t, 0.95, p.CI.Level)

	// Two independent fits: f = θ0·θ2 with θ0 from the first and θ2 from
	// the second, Var = θ2²·Var(θ0) + θ0²·Var(θ2).
	a := FitResult{Estimate: []float64{2, 7}, Cov: [][]float64{{0.04, 0.5}, {0.5, 9}}}
	b := FitResult{Estimate: []float64{5}, Cov: [][]float64{{0.25}}}
	p, err = DeltaMethod(func(th []float64) float64 { return th[0] * th[2] }, 0.9, a, b)
	require.NoError(t, err)
	assert.InDelta(t, 10, p.Estimate, 1e-12)
	assert.InEpsilon(t, math.Sqrt(25*0.04+4*0.25), p.StdErr, 1e-8)
	assert.True(t, contains(p.CI, p.Estimate))

	// One-sided differences where f is undefined on one side.
	p, err = DeltaMethod(func(th []float64) float64 {
		if th[0] > 2 {
			return math.NaN()
		}
		return 3 * th[0]
	}, 0.95, FitResult{Estimate: []float64{2}, Cov: [][]float64{{0.01}}})
	require.NoError(t, err)
	assert.InEpsilon(t, 0.3, p.StdErr, 1e-6)
}

func TestDeltaMethodErrors(t *testing.T) {
	res := FitResult{Estimate: []float64{1}, Cov: [][]float64{{1}}}
	id := func(th []float64) float64 { return th[0] }
	for _, level := range []float64{1, -0.5, math.NaN()} {
		_, err := DeltaMethod(id, level, res)
		assert.ErrorIs(t, err, ErrLevel)
	}
	_, err := DeltaMethod(id, 0.95)
	assert.ErrorIs(t, err, ErrNoCovariance)
	_, err = DeltaMethod(id, 0.95, FitResult{Estimate: []float64{1}})
	assert.ErrorIs(t, err, ErrNoCovariance)
	_, err = DeltaMethod(id, 0.95, FitResult{Estimate: []float64{1, 2}, Cov: [][]float64{{1, 0}, {0}}})
	assert.ErrorIs(t, err, ErrNoCovariance)
	_, err = DeltaMethod(func([]float64) float64 { return math.Inf(1) }, 0.95, res)
	assert.ErrorIs(t, err, ErrUndefined)
	_, err = DeltaMethod(func(th []float64) float64 {
		if th[0] != 1 {
			return math.NaN()
		}
		return 1
	}, 0.95, res)
	assert.ErrorIs(t, err, ErrUndefined)

	gg := GammaGamma{1, 2, 3}
	_, err = SpendInterval(gg, res, Customer{Frequency: 1, Recency: 1, T: 2, Monetary: 3}, 0.95)
	assert.ErrorIs(t, err, ErrModelMismatch)
	_, err = SpendInterval(gg, FitResult{Estimate: []float64{1, 2, 3.1}, Cov: [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
		Customer{Frequency: 1, Recency: 1, T: 2, Monetary: 3}, 0.95)
	assert.ErrorIs(t, err, ErrModelMismatch)
	_, err = SpendInterval(gg, res, Customer{ID: "z", Frequency: 1, Recency: 1, T: 2}, 0.95)
	var ce *InputError
	assert.ErrorAs(t, err, &ce)
	_, err = ProbAliveInterval(BGBB{1, 1, 1, 1}, res, Customer{Frequency: 1, Recency: 3, T: 2}, 0.95)
	assertInvalid(t, err)
}

// mcStdDev returns a robust standard deviation (the interquartile range
// over 1.349) of f over n draws of the parameters from their asymptotic
// normal distribution on the log scale of the fit: log θ ~ Normal(log θ̂,
// res.CovLog).
func mcStdDev(t *testing.T, res FitResult, f func([]float64) float64, n int) float64 {
	t.Helper()
	k := len(res.Estimate)
	sym := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			sym.SetSym(i, j, res.CovLog[i][j])
		}
	}
	norm, ok := distmv.NewNormal(logs(res.Estimate...), sym, rand.NewPCG(1, 2))
	require.True(t, ok)
	vals := make([]float64, n)
	th := make([]float64, k)
	for i := range vals {
		norm.Rand(th)
		for j, v := range th {
			th[j] = math.Exp(v)
		}
		vals[i] = f(th)
	}
	sort.Float64s(vals)
	iqr := stat.Quantile(0.75, stat.Empirical, vals, nil) - stat.Quantile(0.25, stat.Empirical, vals, nil)
	return iqr / 1.3489795003921634
}

func TestDeltaMethodMonteCarlo(t *testing.T) {
	ctx := context.Background()
	// Gamma-Gamma on CDNOW: spend of customer 1 (x = 2, z̄ = 22.35) and of
	// a customer with x = 10, z̄ = 60.
	data := cdnowWithSpend(t)
	gg, gres, err := FitGammaGamma(ctx, data, nil, nil)
	require.NoError(t, err)
	for _, c := range []Customer{data[0], {Frequency: 10, Recency: 30, T: 35, Monetary: 60}} {
		p, err := SpendInterval(gg, gres, c, 0.95)
		require.NoError(t, err)
		sd := mcStdDev(t, gres, func(th []float64) float64 { return ggFromParams(th).ConditionalExpectedSpend(c) }, 4000)
		assert.InEpsilon(t, sd, p.StdErr, 0.06, "customer %+v", c)
		assert.True(t, contains(p.CI, p.Estimate))
		assert.InDelta(t, gg.ConditionalExpectedSpend(c), p.Estimate, 1e-12)
	}
	// BG/BB on the donations: P(alive) and expected donations in 5 years.
	dd, w := bbDonations(t)
	bb, bres, err := FitBGBB(ctx, dd, w, nil)
	require.NoError(t, err)
	for _, c := range []Customer{{T: 6}, {Frequency: 2, Recency: 4, T: 6}, {Frequency: 6, Recency: 6, T: 6}} {
		p, err := ProbAliveInterval(bb, bres, c, 0.95)
		require.NoError(t, err)
		sd := mcStdDev(t, bres, func(th []float64) float64 { return bbFromParams(th).ProbAlive(c) }, 4000)
		assert.InEpsilon(t, sd, p.StdErr, 0.06, "customer %+v", c)
		assert.True(t, p.CI.Lower >= 0 && p.CI.Upper <= 1)

		q, err := ConditionalPurchasesInterval(bb, bres, c, 5, 0.9)
		require.NoError(t, err)
		sd = mcStdDev(t, bres, func(th []float64) float64 { return bbFromParams(th).ConditionalExpectedPurchases(c, 5) }, 4000)
		assert.InEpsilon(t, sd, q.StdErr, 0.06, "customer %+v", c)
		assert.Equal(t, 0.9, q.CI.Level)
	}
}

func TestIntervalsTransactionModels(t *testing.T) {
	ctx := context.Background()
	cdnow := cdnowWithSpend(t)
	bg, bres, err := FitBGNBD(ctx, cdnow, nil, nil)
	require.NoError(t, err)
	gg, gres, err := FitGammaGamma(ctx, cdnow, nil, nil)
	require.NoError(t, err)
	for _, c := range []Customer{cdnow[0], cdnow[1], {Frequency: 0, T: 38}, {Frequency: 15, Recency: 37, T: 38, Monetary: 40}} {
		pa, err := ProbAliveInterval(bg, bres, c, 0.95)
		require.NoError(t, err)
		assert.InDelta(t, bg.ProbAlive(c), pa.Estimate, 1e-15)
		assert.True(t, pa.CI.Lower >= 0 && pa.CI.Upper <= 1 && contains(pa.CI, pa.Estimate))

		cp, err := ConditionalPurchasesInterval(bg, bres, c, 39, 0.95)
		require.NoError(t, err)
		assert.InDelta(t, bg.ConditionalExpectedPurchases(c, 39), cp.Estimate, 1e-15)
		assert.Greater(t, cp.StdErr, 0.0)
		assert.True(t, cp.CI.Lower >= 0 && contains(cp.CI, cp.Estimate))

		// A 39-week value: margin 30 % of expected purchases × expected
		// spend; its variance adds the two models' contributions.
		value := func(m BGNBD, s GammaGamma) float64 {
			return 0.3 * m.ConditionalExpectedPurchases(c, 39) * s.ConditionalExpectedSpend(c)
		}
		v, err := ValueInterval(bg, bres, gg, gres, value, 0.95)
		require.NoError(t, err)
		assert.InDelta(t, value(bg, gg), v.Estimate, 1e-12)
		onlyM, err := DeltaMethod(func(th []float64) float64 { return value(BGNBD{th[0], th[1], th[2], th[3]}, gg) }, 0.95, bres)
		require.NoError(t, err)
		onlyS, err := DeltaMethod(func(th []float64) float64 { return value(bg, ggFromParams(th)) }, 0.95, gres)
		require.NoError(t, err)
		assert.InEpsilon(t, math.Hypot(onlyM.StdErr, onlyS.StdErr), v.StdErr, 1e-6)
	}
}

// intervalsAreConsistent checks the P(alive) and conditional-purchase
// intervals of any fitted transaction model on a few CDNOW customers.
func intervalsAreConsistent[M TransactionModel](t *testing.T, m M, res FitResult, data []Customer) {
	t.Helper()
	for _, c := range data {
		pa, err := ProbAliveInterval(m, res, c, 0.9)
		require.NoError(t, err)
		assert.InDelta(t, m.ProbAlive(c), pa.Estimate, 1e-15)
		assert.True(t, pa.CI.Lower >= 0 && pa.CI.Upper <= 1 && contains(pa.CI, pa.Estimate), "%+v", pa)
		assert.False(t, math.IsNaN(pa.StdErr))
		cp, err := ConditionalPurchasesInterval(m, res, c, 52, 0.9)
		require.NoError(t, err)
		assert.InDelta(t, m.ConditionalExpectedPurchases(c, 52), cp.Estimate, 1e-15)
		assert.Greater(t, cp.StdErr, 0.0)
		assert.True(t, contains(cp.CI, cp.Estimate))
		// The interval widens with the level.
		cp99, err := ConditionalPurchasesInterval(m, res, c, 52, 0.99)
		require.NoError(t, err)
		assert.Greater(t, cp99.CI.Upper, cp.CI.Upper)
	}
}

func TestIntervalsAnyTransactionModel(t *testing.T) {
	ctx := context.Background()
	data := cdnowWithSpend(t)
	some := []Customer{data[0], data[1], data[5], {Frequency: 20, Recency: 35, T: 36}}
	mb, mres, err := FitMBGNBD(ctx, data, nil, nil)
	require.NoError(t, err)
	intervalsAreConsistent(t, mb, mres, some)
	pn, pres, err := FitParetoNBD(ctx, data, nil, nil)
	require.NoError(t, err)
	intervalsAreConsistent(t, pn, pres, some)
	// A model held in an interface value works too.
	var tm TransactionModel = mb
	intervalsAreConsistent(t, tm, mres, some[:1])
	// A model with other parameters than the fit's is refused.
	_, err = ProbAliveInterval(BGNBD(mb), pres, data[0], 0.95)
	assert.ErrorIs(t, err, ErrModelMismatch)
}

func TestValueIntervalMonteCarlo(t *testing.T) {
	// A discounted three-year margin of CDNOW customer 1: BG/NBD purchases
	// (discounted yearly at 10 %) × Gamma-Gamma spend × 30 %. The delta
	// standard error agrees with the spread of the value over parameters
	// drawn from both fits' asymptotic normal distributions.
	data, bg, bres, gg, gres := cdnowSpendFits(t)
	c := data[0]
	d := Discounting{Period: 52, Rate: 0.10}
	value := func(m BGNBD, s GammaGamma) float64 {
		dp, err := DiscountedPurchases(context.Background(), m, c, d, Window{From: 0, To: 156})
		if err != nil {
			return math.NaN()
		}
		return 0.3 * dp[0] * s.ConditionalExpectedSpend(c)
	}
	v, err := ValueInterval(bg, bres, gg, gres, value, 0.95)
	require.NoError(t, err)
	assert.InDelta(t, value(bg, gg), v.Estimate, 1e-12)

	// Joint draws: the two fits are independent, so stack their log-scale
	// covariances block-diagonally.
	joint := FitResult{Estimate: append(append([]float64(nil), bres.Estimate...), gres.Estimate...)}
	joint.CovLog = make([][]float64, 7)
	for i := range joint.CovLog {
		joint.CovLog[i] = make([]float64, 7)
	}
	for i := range 4 {
		copy(joint.CovLog[i][:4], bres.CovLog[i])
	}
	for i := range 3 {
		copy(joint.CovLog[4+i][4:], gres.CovLog[i])
	}
	sd := mcStdDev(t, joint, func(th []float64) float64 {
		return value(BGNBD{R: th[0], Alpha: th[1], A: th[2], B: th[3]}, ggFromParams(th[4:]))
	}, 3000)
	assert.InEpsilon(t, sd, v.StdErr, 0.06)
}

// ggSimulate draws n customers from the Gamma-Gamma model m with 1 to 8
// repeat purchases each.
func ggSimulate(m GammaGamma, n int, src rand.Source) []Customer {
	u := rand.New(src)
	nu := distuv.Gamma{Alpha: m.Q, Beta: m.V, Src: src}
	out := make([]Customer, n)
	for i := range out {
		x := float64(1 + u.IntN(8))
		v := nu.Rand()
		z := distuv.Gamma{Alpha: m.P * x, Beta: v * x, Src: src}.Rand()
		out[i] = Customer{Frequency: x, Recency: x, T: 10, Monetary: z}
	}
	return out
}

func TestDeltaMethodCoverage(t *testing.T) {
	// Over repeated simulated data sets, the 90 % delta-method interval
	// covers the true value of the prediction about 90 % of the time
	// (binomial standard error 2.4 % with 150 replications).
	ctx := context.Background()
	const reps = 150
	bbTrue := BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 0.66, Delta: 2.8}
	ggTrue := GammaGamma{P: 6, Q: 4, V: 15}
	bc := Customer{Frequency: 2, Recency: 4, T: 6}
	gc := Customer{Frequency: 3, Recency: 3, T: 10, Monetary: 20}
	src := rand.NewPCG(11, 12)
	var aliveIn, spendIn int
	for range reps {
		data := bbSimulate(bbTrue, 1500, []int{6}, src)
		m, res, err := FitBGBB(ctx, data, nil, nil)
		require.NoError(t, err)
		p, err := ProbAliveInterval(m, res, bc, 0.9)
		require.NoError(t, err)
		if contains(p.CI, bbTrue.ProbAlive(bc)) {
			aliveIn++
		}
		g, gres, err := FitGammaGamma(ctx, ggSimulate(ggTrue, 800, src), nil, nil)
		require.NoError(t, err)
		s, err := SpendInterval(g, gres, gc, 0.9)
		require.NoError(t, err)
		if contains(s.CI, ggTrue.ConditionalExpectedSpend(gc)) {
			spendIn++
		}
	}
	t.Logf("coverage of 90%% intervals: P(alive) %d/%d, spend %d/%d", aliveIn, reps, spendIn, reps)
	assert.InDelta(t, 0.9, float64(aliveIn)/reps, 0.075)
	assert.InDelta(t, 0.9, float64(spendIn)/reps, 0.075)
}
