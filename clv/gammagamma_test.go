package clv

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ggNumGrad returns the central-difference gradient of f at lp.
func ggNumGrad(f objective, lp []float64) []float64 {
	g := make([]float64, len(lp))
	x := append([]float64(nil), lp...)
	for i := range lp {
		const h = 1e-6
		x[i] = lp[i] + h
		up := f(x, nil)
		x[i] = lp[i] - h
		down := f(x, nil)
		x[i] = lp[i]
		g[i] = (up - down) / (2 * h)
	}
	return g
}

func TestFitGammaGammaReference(t *testing.T) {
	ref := loadReference(t)
	m, res, err := FitGammaGamma(context.Background(), cdnowWithSpend(t), nil, nil)
	require.NoError(t, err)
	require.True(t, res.Converged)
	assert.Equal(t, []string{"p", "q", "v"}, res.Params)
	got := map[string]float64{"p": m.P, "q": m.Q, "gamma": m.V}
	se := map[string]float64{"p": res.StdErr[0], "q": res.StdErr[1], "gamma": res.StdErr[2]}
	passed := 0

	// Published estimates (Fader & Hardie 2013; FHL 2005 JMR), rounded to
	// 2 decimals: |fit − published| ≤ max(abs, rel·|published|).
	pub := ref.Published["gg.cdnow"]
	require.Len(t, pub.Params, 3)
	for name, want := range pub.Params {
		t.Run("published/"+name, func(t *testing.T) {
			tol := math.Max(pub.Tolerance.ParamsAbs, pub.Tolerance.ParamsRel*math.Abs(want))
			if assert.InDelta(t, want, got[name], tol) {
				passed++
			}
		})
	}
	// lifetimes' polished MLE, its total log-likelihood on the rounded
	// file and its standard errors.
	fitted := ref.Fitted["gg.cdnow"]
	for _, c := range []struct {
		kind      string
		want, got map[string]float64
	}{{"mle/", fitted.ParamsMLE, got}, {"stderr/", fitted.StdErr, se}} {
		require.Len(t, c.want, 3, c.kind)
		for name, want := range c.want {
			t.Run(c.kind+name, func(t *testing.T) {
				if assert.InEpsilon(t, want, c.got[name], fitted.Tolerance.ParamsRel) {
					passed++
				}
			})
		}
	}
	t.Run("mle/loglik", func(t *testing.T) {
		if assert.InDelta(t, fitted.LogLik, res.LogLik, fitted.Tolerance.LogLikAbs) {
			passed++
		}
	})
	// CLVTools' log-likelihood on spend rebuilt (unrounded) from
	// CDNOW_sample.txt, −4055.9177 (the rounded file gives −4055.9232).
	t.Run("published/loglik_unrounded", func(t *testing.T) {
		want := pub.LogLikUnrounded
		require.InDelta(t, -4055.9177, want, 1e-9)
		rebuilt, err := Summarize(cdnowLog(t), cdnowOptions())
		require.NoError(t, err)
		_, res, err := FitGammaGamma(context.Background(), rebuilt, nil, nil)
		require.NoError(t, err)
		if assert.InDelta(t, want, res.LogLik, 1e-3) {
			passed++
		}
	})
	t.Logf("Gamma-Gamma reference cases passed: %d/11", passed)
	assert.Equal(t, 11, passed)
}

func TestGammaGammaLogLikelihood(t *testing.T) {
	data := cdnowWithSpend(t)
	// lifetimes' MLE on the rounded file gives LL −4055.923244 (the SOURCE
	// note; −4055.9177 with unrounded spend).
	m := GammaGamma{P: 6.248802683047266, Q: 3.7445885651511914, V: 15.447747418291938}
	ll, err := m.LogLikelihood(data, nil)
	require.NoError(t, err)
	assert.InDelta(t, -4055.923244, ll, 1e-6)

	// The x = 0 rows add nothing.
	var repeat []Customer
	for _, c := range data {
		if c.Frequency > 0 {
			repeat = append(repeat, c)
		}
	}
	require.Len(t, repeat, 946)
	ll2, err := m.LogLikelihood(repeat, nil)
	require.NoError(t, err)
	assert.InDelta(t, ll, ll2, 1e-9)

	// The compressed likelihood equals the sum of one-customer likelihoods.
	sum := 0.0
	for _, c := range repeat[:50] {
		l, err := m.LogLikelihood([]Customer{c}, nil)
		require.NoError(t, err)
		x, z := c.Frequency, c.Monetary
		a, _ := math.Lgamma(m.P*x + m.Q)
		b, _ := math.Lgamma(m.P * x)
		q, _ := math.Lgamma(m.Q)
		want := a - b - q + m.Q*math.Log(m.V) + (m.P*x-1)*math.Log(z) + m.P*x*math.Log(x) - (m.P*x+m.Q)*math.Log(m.V+x*z)
		assert.InDelta(t, want, l, 1e-9)
		sum += l
	}
	l50, err := m.LogLikelihood(repeat[:50], nil)
	require.NoError(t, err)
	assert.InDelta(t, sum, l50, 1e-9)
}

func TestGammaGammaGradient(t *testing.T) {
	d, err := ggCompress(cdnowWithSpend(t), nil)
	require.NoError(t, err)
	for _, lp := range [][]float64{{0, 0, 0}, {1.83, 1.32, 2.74}, {-2, 3, 5}, {3, -1, 1}} {
		grad := make([]float64, 3)
		v := d.negLogLik(lp, grad)
		assert.InDelta(t, d.negLogLik(lp, nil), v, 1e-9)
		num := ggNumGrad(d.negLogLik, lp)
		for i := range grad {
			assert.InDelta(t, num[i], grad[i], 1e-5*math.Max(1, math.Abs(num[i])), "lp %v component %d", lp, i)
		}
	}
}

func TestConditionalExpectedSpendHardie(t *testing.T) {
	// Fader & Hardie, note 025 spreadsheet, the first ten CDNOW customers
	// (as quoted in lifetimes' tests), at the MLE; printed to cents, and the
	// spreadsheet's Solver estimates differ from the MLE in the 4th digit.
	want := []float64{24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17}
	m := GammaGamma{P: 6.248802683047266, Q: 3.7445885651511914, V: 15.447747418291938}
	data := cdnowWithSpend(t)[:10]
	got, err := m.ConditionalExpectedSpends(data)
	require.NoError(t, err)
	for i, c := range data {
		assert.InDelta(t, want[i], got[i], 0.01, "customer %s", c.ID)
		assert.InDelta(t, m.ConditionalExpectedSpend(c), got[i], 1e-12)
	}
	assert.InDelta(t, 35.171, m.MeanSpend(), 0.001)
}

func TestConditionalExpectedSpendProperties(t *testing.T) {
	models := []GammaGamma{{6.25, 3.74, 15.44}, {0.5, 1.2, 3}, {20, 50, 0.1}, {1, 1.0001, 1e3}}
	for _, m := range models {
		pop := m.MeanSpend()
		prev := pop
		for _, z := range []float64{0.01, 1, 35, 500} {
			prevGap := math.Inf(1)
			for _, x := range []float64{1, 2, 5, 20, 100} {
				e := m.ConditionalExpectedSpend(Customer{Frequency: x, Monetary: z})
				lo, hi := math.Min(z, pop), math.Max(z, pop)
				assert.True(t, e >= lo*(1-1e-12) && e <= hi*(1+1e-12), "%+v x=%v z=%v: %v not in [%v, %v]", m, x, z, e, lo, hi)
				// More transactions move the estimate towards z̄.
				gap := math.Abs(e - z)
				assert.LessOrEqual(t, gap, prevGap*(1+1e-12))
				prevGap = gap
			}
		}
		assert.Equal(t, prev, m.ConditionalExpectedSpend(Customer{}), "x = 0 gets the population mean")
	}
	// Q ≤ 1: no finite mean.
	m := GammaGamma{P: 2, Q: 0.8, V: 10}
	assert.True(t, math.IsInf(m.MeanSpend(), 1))
	assert.True(t, math.IsNaN(m.ConditionalExpectedSpend(Customer{Frequency: 2, Monetary: 10})))
	out, err := m.ConditionalExpectedSpends([]Customer{{Frequency: 2, Recency: 1, T: 3, Monetary: 10}})
	assert.ErrorIs(t, err, ErrUndefined)
	assert.Nil(t, out)
	_, err = m.ConditionalExpectedSpends([]Customer{{ID: "bad", Frequency: 2, Recency: 1, T: 3}})
	var ce *InputError
	assert.ErrorAs(t, err, &ce, "data errors come first")
	// Invalid customers give NaN from the single-customer method.
	g := GammaGamma{6.25, 3.74, 15.44}
	for _, c := range []Customer{{Frequency: 1}, {Frequency: -1, Monetary: 3}, {Frequency: 1, Monetary: math.NaN()}, {Frequency: math.Inf(1), Monetary: 2}} {
		assert.True(t, math.IsNaN(g.ConditionalExpectedSpend(c)), "%+v", c)
	}
	assert.True(t, math.IsNaN(GammaGamma{}.MeanSpend()))
	assert.True(t, math.IsNaN(GammaGamma{P: 1, Q: math.NaN(), V: 1}.ConditionalExpectedSpend(Customer{})))
	assert.ErrorIs(t, GammaGamma{P: 1, Q: math.NaN(), V: 1}.Validate(), ErrNonFinite)
}

func TestFitGammaGammaBadInput(t *testing.T) {
	ctx := context.Background()
	good := Customer{ID: "a", Frequency: 2, Recency: 3, T: 10, Monetary: 20}
	tests := []struct {
		name  string
		data  []Customer
		index int
		id    string
	}{
		{"zero spend", []Customer{good, {ID: "b", Frequency: 1, Recency: 1, T: 5, Monetary: 0}}, 1, "b"},
		{"negative spend", []Customer{good, {ID: "c", Frequency: 1, Recency: 1, T: 5, Monetary: -3}}, 1, "c"},
		{"NaN spend", []Customer{{ID: "d", Frequency: 1, Recency: 1, T: 5, Monetary: math.NaN()}, good}, 0, "d"},
		{"infinite spend", []Customer{good, good, {ID: "e", Frequency: 1, Recency: 1, T: 5, Monetary: math.Inf(1)}}, 2, "e"},
		{"spend without purchase", []Customer{good, {ID: "f", Monetary: 4, T: 3}}, 1, "f"},
		{"negative frequency", []Customer{{ID: "g", Frequency: -1, T: 3, Monetary: 3}}, 0, "g"},
		{"recency above T", []Customer{{ID: "h", Frequency: 1, Recency: 4, T: 3, Monetary: 3}}, 0, "h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := FitGammaGamma(ctx, tt.data, nil, nil)
			var ce *InputError
			require.ErrorAs(t, err, &ce)
			assertInvalid(t, err)
			assert.Equal(t, tt.index, ce.Index)
			assert.Contains(t, err.Error(), fmt.Sprintf("at index %d", tt.index))
			_, err = GammaGamma{1, 2, 3}.ConditionalExpectedSpends(tt.data)
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.index, ce.Index)
		})
	}
	_, _, err := FitGammaGamma(ctx, nil, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, _, err = FitGammaGamma(ctx, []Customer{{T: 4}, {T: 5}}, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty, "no repeat buyers")
	_, err = GammaGamma{1, 2, 3}.LogLikelihood([]Customer{{Frequency: 1, Recency: 1, T: 1}}, nil)
	assertInvalid(t, err)
}

func TestFitGammaGammaSkipsZeroFrequency(t *testing.T) {
	ctx := context.Background()
	data := cdnowWithSpend(t)
	var repeat []Customer
	for _, c := range data {
		if c.Frequency > 0 {
			repeat = append(repeat, c)
		}
	}
	m1, r1, err := FitGammaGamma(ctx, data, nil, nil)
	require.NoError(t, err)
	m2, r2, err := FitGammaGamma(ctx, repeat, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, m1, m2)
	assert.Equal(t, r1.LogLik, r2.LogLik)
}

func TestFitGammaGammaContextAndSettings(t *testing.T) {
	data := cdnowWithSpend(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := FitGammaGamma(ctx, data, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)

	var iters []int
	s := &FitSettings{Initial: []float64{2, 2, 10}, Progress: func(done, total int) {
		iters = append(iters, done)
		assert.Equal(t, 500, total)
	}}
	m, res, err := FitGammaGamma(context.Background(), data, nil, s)
	require.NoError(t, err)
	assert.NotEmpty(t, iters)
	assert.InEpsilon(t, 6.2488, m.P, 1e-4)
	assert.Equal(t, res.Estimate, m.params())

	// Too few iterations: the best point comes back with ErrNotConverged.
	m, _, err = FitGammaGamma(context.Background(), data, nil, &FitSettings{MaxIterations: 2})
	require.ErrorIs(t, err, ErrNotConverged)
	assert.Greater(t, m.P, 0.0)

	// A penalty shrinks the log-parameters towards 0.
	mp, _, err := FitGammaGamma(context.Background(), data, nil, &FitSettings{Penalty: 100})
	require.NoError(t, err)
	assert.Less(t, math.Abs(math.Log(mp.V)), math.Abs(math.Log(15.4477)))
}
