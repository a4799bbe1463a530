package clv

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/cxkit/cxkit/internal/csvtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mathext"
)

// bbDonations loads donations.csv (Fader, Hardie & Shang 2010): 22 patterns
// (x, t_x, n = 6) and the number of donors with each.
func bbDonations(tb testing.TB) ([]Customer, []float64) {
	tb.Helper()
	data := readSummaryCSV(tb, "donations.csv", "", "frequency", "recency", "periods", "")
	t := csvtest.Read(tb, filepath.Join("testdata", "donations.csv"))
	w := make([]float64, 0, len(data))
	for _, rec := range t.Records {
		w = append(w, t.Float(rec, "weights"))
	}
	require.Len(tb, w, len(data))
	return data, w
}

// bbPublished holds the estimates of Fader, Hardie & Shang (2010) on the
// donations data (their section 4; also pinned by lifetimes' tests).
var bbPublished = struct {
	params map[string]float64
	loglik float64
}{map[string]float64{"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}, -33225.6}

func TestFitBGBBReference(t *testing.T) {
	data, w := bbDonations(t)
	m, res, err := FitBGBB(context.Background(), data, w, nil)
	require.NoError(t, err)
	require.True(t, res.Converged)
	assert.Equal(t, bbNames, res.Params)
	got := map[string]float64{"alpha": m.Alpha, "beta": m.Beta, "gamma": m.Gamma, "delta": m.Delta}
	passed, total := 0, 0
	check := func(name string, ok bool) {
		total++
		if ok {
			passed++
		}
	}
	// The paper prints 3 decimals (LL to 0.1); the tolerance rule of
	// public_reference.json for published values: max(0.0006, 0.002·|p|).
	for name, want := range bbPublished.params {
		t.Run("published/"+name, func(t *testing.T) {
			tol := math.Max(0.0006, 0.002*math.Abs(want))
			check(name, assert.InDelta(t, want, got[name], tol))
		})
	}
	t.Run("published/loglik", func(t *testing.T) {
		check("loglik", assert.InDelta(t, bbPublished.loglik, res.LogLik, 0.06))
	})
	// Table 6, P(alive in 2002) for three histories, printed to 2 decimals.
	for _, c := range []struct {
		x, tx float64
		want  float64
	}{{0, 0, 0.11}, {2, 4, 0.59}, {6, 6, 0.93}} {
		t.Run("table6", func(t *testing.T) {
			check("alive", assert.InDelta(t, c.want, m.ProbAlive(Customer{Frequency: c.x, Recency: c.tx, T: 6}), 0.005))
		})
	}
	// Hardie's BG/BB spreadsheet (note 010, as quoted in lifetimes' tests):
	// the total expected donations of the cohort in 2002–2006 (12,884.2)
	// and the expected numbers of donors with 0 and 6 repeat donations in
	// 1996–2001 (3,454.9 and 1,253.1).
	t.Run("sheet/conditional", func(t *testing.T) {
		tot := 0.0
		for i, c := range data {
			tot += w[i] * m.ConditionalExpectedPurchases(c, 5)
		}
		check("cond", assert.InDelta(t, 12884.2, tot, 0.1))
	})
	t.Run("sheet/counts", func(t *testing.T) {
		n := 0.0
		for _, v := range w {
			n += v
		}
		require.Equal(t, 11104.0, n)
		check("count0", assert.InDelta(t, 3454.9, n*m.ProbPurchases(0, 6), 0.1))
		check("count6", assert.InDelta(t, 1253.1, n*m.ProbPurchases(6, 6), 0.1))
	})
	t.Logf("BG/BB published cases passed: %d/%d", passed, total)
	assert.Equal(t, 11, total)
	assert.Equal(t, total, passed)
	for _, s := range res.StdErr {
		assert.Greater(t, s, 0.0)
	}
}

func TestBGBBLogLikelihood(t *testing.T) {
	data, w := bbDonations(t)
	m := BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783}
	// The weighted likelihood equals the likelihood of the expanded data.
	var expanded []Customer
	for i, c := range data {
		for range int(w[i]) {
			expanded = append(expanded, c)
		}
	}
	require.Len(t, expanded, 11104)
	lw, err := m.LogLikelihood(data, w)
	require.NoError(t, err)
	le, err := m.LogLikelihood(expanded, nil)
	require.NoError(t, err)
	assert.InDelta(t, lw, le, 1e-6)
	assert.InDelta(t, -33225.6, lw, 0.5)

	// Each pattern's likelihood equals the paper's eq. 5 summed term by
	// term, and the likelihoods of all (x, t_x) histories with n = 4 sum to 1.
	sum := 0.0
	lbab, lbgd := mathext.Lbeta(m.Alpha, m.Beta), mathext.Lbeta(m.Gamma, m.Delta)
	for x := 0; x <= 4; x++ {
		for tx := x; tx <= 4; tx++ {
			if x == 0 && tx > 0 || x > 0 && tx == 0 {
				continue
			}
			c := Customer{Frequency: float64(x), Recency: float64(tx), T: 4}
			l, err := m.LogLikelihood([]Customer{c}, nil)
			require.NoError(t, err)
			fx, ftx := float64(x), float64(tx)
			want := math.Exp(mathext.Lbeta(m.Alpha+fx, m.Beta+4-fx) - lbab + mathext.Lbeta(m.Gamma, m.Delta+4) - lbgd)
			for i := 0.0; i <= 4-ftx-1; i++ {
				want += math.Exp(mathext.Lbeta(m.Alpha+fx, m.Beta+ftx-fx+i) - lbab + mathext.Lbeta(m.Gamma+1, m.Delta+ftx+i) - lbgd)
			}
			assert.InDelta(t, math.Log(want), l, 1e-12)
			// Number of sequences with this (x, t_x): C(t_x−1, x−1).
			mult := 1.0
			if x > 0 {
				mult = math.Exp(bbLogChoose(ftx-1, fx-1))
			}
			sum += mult * want
		}
	}
	assert.InDelta(t, 1, sum, 1e-12)
}

func TestBGBBGradient(t *testing.T) {
	data, w := bbDonations(t)
	data = append(data, Customer{Frequency: 3, Recency: 40, T: 200}, Customer{T: 1}, Customer{T: 0})
	w = append(w, 2, 3, 1)
	d, err := bbCompress(data, w)
	require.NoError(t, err)
	for _, lp := range [][]float64{{0, 0, 0, 0}, {0.19, -0.29, -0.42, 1.02}, {-2, 2, 1, -1}, {3, 1, -3, 4}} {
		grad := make([]float64, 4)
		v := d.negLogLik(lp, grad)
		assert.InDelta(t, d.negLogLik(lp, nil), v, 1e-9*math.Abs(v))
		num := ggNumGrad(d.negLogLik, lp)
		for i := range grad {
			assert.InDelta(t, num[i], grad[i], 1e-5*math.Max(1, math.Abs(num[i])), "lp %v component %d", lp, i)
		}
	}
}

func TestBGBBPredictionProperties(t *testing.T) {
	models := []BGBB{{1.204, 0.750, 0.657, 2.783}, {0.3, 5, 1, 1}, {2, 2, 1 + 1e-9, 3}, {0.5, 0.5, 4, 0.2}, {10, 1, 0.1, 20}}
	for _, m := range models {
		// E[X(n)] is α/(α+β) times the expected number of alive
		// opportunities, and the mean of P(X(n) = x).
		for _, n := range []int{0, 1, 2, 6, 25} {
			alive := 0.0
			for s := 1; s <= n; s++ {
				alive += math.Exp(mathext.Lbeta(m.Gamma, m.Delta+float64(s)) - mathext.Lbeta(m.Gamma, m.Delta))
			}
			e := m.ExpectedPurchases(float64(n))
			assert.InDelta(t, m.Alpha/(m.Alpha+m.Beta)*alive, e, 1e-7*math.Max(1, e), "%+v n=%d", m, n)
			ptot, mean := 0.0, 0.0
			for x := 0; x <= n; x++ {
				p := m.ProbPurchases(x, float64(n))
				assert.True(t, p >= 0 && p <= 1)
				ptot += p
				mean += float64(x) * p
			}
			assert.InDelta(t, 1, ptot, 1e-9, "%+v n=%d", m, n)
			assert.InDelta(t, e, mean, 1e-7*math.Max(1, e), "%+v n=%d", m, n)
			assert.Zero(t, m.ProbPurchases(n+1, float64(n)))
		}
		for _, c := range []Customer{{T: 6}, {Frequency: 1, Recency: 1, T: 6}, {Frequency: 3, Recency: 6, T: 6}, {Frequency: 2, Recency: 30, T: 100}, {T: 0}} {
			p := m.ProbAlive(c)
			assert.True(t, p >= 0 && p <= 1, "%+v %+v: %v", m, c, p)
			prev := 0.0
			for _, h := range []float64{0, 0.5, 1, 5, 50} {
				e := m.ConditionalExpectedPurchases(c, h)
				assert.GreaterOrEqual(t, e, prev, "%+v %+v t=%v", m, c, h)
				prev = e
			}
			// A longer window: one more opportunity adds at most its
			// probability of a transaction.
			d1 := m.ConditionalExpectedPurchases(c, 1)
			assert.LessOrEqual(t, d1, p+1e-12)
		}
		// A customer observed for 0 opportunities is a new customer.
		assert.InDelta(t, m.ExpectedPurchases(3), m.ConditionalExpectedPurchases(Customer{}, 3), 1e-9)
	}
	// P(alive) and the conditional expectation against the paper's
	// formulas, evaluated with beta functions.
	for _, m := range models {
		for _, c := range []Customer{{T: 6}, {Frequency: 2, Recency: 4, T: 6}, {Frequency: 6, Recency: 6, T: 6}, {Frequency: 3, Recency: 20, T: 80}} {
			x, n := c.Frequency, c.T
			ll := bbPatternLogLik(m, x, c.Recency, n)
			lab, lgd := mathext.Lbeta(m.Alpha, m.Beta), mathext.Lbeta(m.Gamma, m.Delta)
			alive := math.Exp(mathext.Lbeta(m.Alpha+x, m.Beta+n-x) - lab + mathext.Lbeta(m.Gamma, m.Delta+n+1) - lgd - ll)
			assert.InEpsilon(t, alive, m.ProbAlive(c), 1e-10, "%+v %+v", m, c)
			for _, h := range []float64{1, 5, 13} {
				sum := 0.0
				for s := 1.0; s <= h; s++ {
					sum += math.Exp(mathext.Lbeta(m.Gamma, m.Delta+n+s) - lgd)
				}
				want := math.Exp(mathext.Lbeta(m.Alpha+x+1, m.Beta+n-x)-lab-ll) * sum
				assert.InEpsilon(t, want, m.ConditionalExpectedPurchases(c, h), 1e-7, "%+v %+v t=%v", m, c, h)
			}
		}
	}
	// γ = 1 is handled by the limit: continuous across it.
	for _, e := range []float64{-1e-5, -1e-8, 0, 1e-8, 1e-5} {
		m := BGBB{1, 2, 1 + e, 3}
		assert.InDelta(t, BGBB{1, 2, 1, 3}.ExpectedPurchases(10), m.ExpectedPurchases(10), 1e-4)
	}
	m := models[0]
	for _, c := range []Customer{{Frequency: 1, Recency: 0.5, T: 6}, {Frequency: 3, Recency: 2, T: 6}, {Frequency: 1, Recency: 1, T: 6.5}, {Recency: 1, T: 2}} {
		assert.True(t, math.IsNaN(m.ProbAlive(c)), "%+v", c)
		assert.True(t, math.IsNaN(m.ConditionalExpectedPurchases(c, 1)), "%+v", c)
	}
	assert.True(t, math.IsNaN(m.ExpectedPurchases(-1)))
	assert.True(t, math.IsNaN(m.ConditionalExpectedPurchases(Customer{T: 2}, math.NaN())))
	assert.True(t, math.IsNaN(m.ProbPurchases(-1, 3)))
	assert.True(t, math.IsNaN(m.ProbPurchases(1, 2.5)))
	assert.True(t, math.IsNaN(BGBB{}.ProbAlive(Customer{})), "the zero value predicts NaN")
	assert.ErrorIs(t, BGBB{}.Validate(), ErrOutOfRange)
}

func TestFitBGBBBadInput(t *testing.T) {
	ctx := context.Background()
	good := Customer{ID: "ok", Frequency: 1, Recency: 2, T: 6}
	tests := []struct {
		name    string
		data    []Customer
		weights []float64
		index   int
	}{
		{"fractional recency", []Customer{good, {ID: "r", Frequency: 1, Recency: 1.5, T: 6}}, nil, 1},
		{"fractional T", []Customer{{ID: "T", Frequency: 1, Recency: 1, T: 6.2}}, nil, 0},
		{"frequency above recency", []Customer{good, good, {ID: "x", Frequency: 3, Recency: 2, T: 6}}, nil, 2},
		{"recency above T", []Customer{{ID: "y", Frequency: 1, Recency: 7, T: 6}}, nil, 0},
		{"negative weight", []Customer{good, good}, []float64{1, -1}, 1},
		{"NaN weight", []Customer{good}, []float64{math.NaN()}, 0},
		{"NaN frequency", []Customer{{ID: "n", Frequency: math.NaN(), T: 6}}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := FitBGBB(ctx, tt.data, tt.weights, nil)
			var ce *InputError
			require.ErrorAs(t, err, &ce)
			assertInvalid(t, err)
			assert.Equal(t, tt.index, ce.Index)
		})
	}
	_, _, err := FitBGBB(ctx, nil, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, _, err = FitBGBB(ctx, []Customer{good}, []float64{0}, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, _, err = FitBGBB(ctx, []Customer{good}, []float64{1, 2}, nil)
	assert.ErrorIs(t, err, ErrLength)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	data, w := bbDonations(t)
	_, _, err = FitBGBB(cctx, data, w, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestFitBGBBUnweightedEqualsWeighted(t *testing.T) {
	// A small cohort, as raw customers and as patterns with counts.
	raw := []Customer{{T: 5}, {T: 5}, {T: 5}, {Frequency: 1, Recency: 1, T: 5}, {Frequency: 2, Recency: 5, T: 5},
		{Frequency: 2, Recency: 5, T: 5}, {Frequency: 5, Recency: 5, T: 5}, {Frequency: 3, Recency: 4, T: 5}, {Frequency: 1, Recency: 3, T: 5}}
	pat := []Customer{{T: 5}, {Frequency: 1, Recency: 1, T: 5}, {Frequency: 2, Recency: 5, T: 5}, {Frequency: 5, Recency: 5, T: 5},
		{Frequency: 3, Recency: 4, T: 5}, {Frequency: 1, Recency: 3, T: 5}}
	w := []float64{3, 1, 2, 1, 1, 1}
	m1, r1, err1 := FitBGBB(context.Background(), raw, nil, nil)
	m2, r2, err2 := FitBGBB(context.Background(), pat, w, nil)
	if err1 != nil {
		require.ErrorIs(t, err1, ErrNotConverged)
	}
	if err2 != nil {
		require.ErrorIs(t, err2, ErrNotConverged)
	}
	assert.Equal(t, m1, m2)
	assert.Equal(t, r1.LogLik, r2.LogLik)
}

func TestFitBGBBRecoversSimulatedParameters(t *testing.T) {
	// 20,000 simulated customers with 6 to 12 opportunities: the estimates
	// lie within 4 standard errors of the generating parameters.
	truth := BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 0.66, Delta: 2.8}
	data := bbSimulate(truth, 20000, []int{6, 8, 10, 12}, rand.NewPCG(7, 8))
	m, res, err := FitBGBB(context.Background(), data, nil, nil)
	require.NoError(t, err)
	for i, want := range truth.params() {
		got := m.params()[i]
		assert.InDelta(t, want, got, 4*res.StdErr[i], "%s", res.Params[i])
	}
}

// bbPatternLogLik evaluates the likelihood of one pattern term by term, in
// log space.
func bbPatternLogLik(m BGBB, x, tx, n float64) float64 {
	lbab, lbgd := mathext.Lbeta(m.Alpha, m.Beta), mathext.Lbeta(m.Gamma, m.Delta)
	ll := mathext.Lbeta(m.Alpha+x, m.Beta+n-x) - lbab + mathext.Lbeta(m.Gamma, m.Delta+n) - lbgd
	for j := tx; j < n; j++ {
		lt := mathext.Lbeta(m.Alpha+x, m.Beta+j-x) - lbab + mathext.Lbeta(m.Gamma+1, m.Delta+j) - lbgd
		ll = bbLogAddExp(ll, lt)
	}
	return ll
}

func TestBGBBGroupedLikelihood(t *testing.T) {
	// The fit's grouped likelihood equals the per-pattern likelihood of
	// the predictions, also for long series and large frequencies.
	data := bbSimulate(BGBB{Alpha: 3, Beta: 0.5, Gamma: 0.2, Delta: 8}, 3000, []int{1, 7, 60, 400}, rand.NewPCG(5, 6))
	data = append(data, Customer{Frequency: 350, Recency: 390, T: 400}, Customer{Frequency: 1, Recency: 1, T: 400})
	d, err := bbCompress(data, nil)
	require.NoError(t, err)
	for _, m := range []BGBB{{3, 0.5, 0.2, 8}, {0.1, 10, 5, 0.3}, {1, 1, 1, 1}} {
		want := 0.0
		for i, w := range d.w {
			want += w * bbPatternLogLik(m, d.x[i], d.tx[i], d.n[i])
		}
		got := -d.negLogLik(logs(m.params()...), nil)
		assert.InEpsilon(t, want, got, 1e-12, "%+v", m)
		grad := make([]float64, 4)
		lp := logs(m.params()...)
		assert.InEpsilon(t, want, -d.negLogLik(lp, grad), 1e-12)
		num := ggNumGrad(d.negLogLik, lp)
		for i := range grad {
			assert.InDelta(t, num[i], grad[i], 1e-5*math.Max(1, math.Abs(num[i])), "%+v component %d", m, i)
		}
	}
}
