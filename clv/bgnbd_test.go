package clv

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Note on log-likelihoods: public_reference.json gives the TOTAL
// log-likelihood with the constants of the published likelihood.
// lifetimes' internal _negative_log_likelihood_ is a different number (for
// BG/NBD and MBG/NBD a mean per customer on rescaled time), so it is never
// compared here.

// refParams maps a model's parameter names to FitResult order.
var nbdNames = []string{"r", "alpha", "a", "b"}

// checkPublished compares a fit with a published estimate at the file's
// tolerance |fit − published| ≤ max(abs, rel·|published|).
func checkPublished(t *testing.T, ref reference, key string, names []string, est []float64, ll float64) int {
	t.Helper()
	pub, ok := ref.Published[key]
	require.True(t, ok, key)
	pass := 0
	for i, n := range names {
		want := pub.Params[n]
		tol := math.Max(pub.Tolerance.ParamsAbs, pub.Tolerance.ParamsRel*math.Abs(want))
		if assert.InDelta(t, want, est[i], tol, "%s %s", key, n) {
			pass++
		}
	}
	if pub.LogLik != nil {
		if assert.InDelta(t, *pub.LogLik, ll, pub.Tolerance.LogLikAbs, "%s loglik", key) {
			pass++
		}
	}
	return pass
}

// checkFitted compares a fit with the polished MLE of lifetimes.
func checkFitted(t *testing.T, ref reference, key string, names []string, est, se []float64, ll float64) int {
	t.Helper()
	f, ok := ref.Fitted[key]
	require.True(t, ok, key)
	pass := 0
	for i, n := range names {
		if assert.InEpsilon(t, f.ParamsMLE[n], est[i], f.Tolerance.ParamsRel, "%s %s", key, n) {
			pass++
		}
	}
	if assert.InDelta(t, f.LogLik, ll, f.Tolerance.LogLikAbs, "%s loglik", key) {
		pass++
	}
	// lifetimes' own (less polished) estimates agree at the same tolerance.
	for i, n := range names {
		if assert.InEpsilon(t, f.Default[n], est[i], f.Tolerance.ParamsRel, "%s default %s", key, n) {
			pass++
		}
	}
	// lifetimes' standard errors come from the same observed information;
	// they agree to about 1e-4 relative (finite-difference noise).
	for i, n := range names {
		if want, ok := f.StdErr[n]; ok && assert.InEpsilon(t, want, se[i], 1e-3, "%s se %s", key, n) {
			pass++
		}
	}
	return pass
}

// fitCDNOW fits data (the CDNOW summary) with default settings and checks
// what every published CDNOW fit shows: convergence, the parameter names,
// the estimate as the model's parameters, and the published and fitted
// reference values of key. It returns the model, its FitResult and the
// number of reference values matched.
func fitCDNOW[M model](t *testing.T, ref reference, key string, names []string, data []Customer, fit func(context.Context, []Customer, []float64, *FitSettings) (M, FitResult, error)) (M, FitResult, int) {
	t.Helper()
	m, res, err := fit(context.Background(), data, nil, nil)
	require.NoError(t, err)
	assert.True(t, res.Converged)
	assert.Equal(t, names, res.Params)
	est := m.params()
	assert.Equal(t, est, res.Estimate)
	n := checkPublished(t, ref, key, names, est, res.LogLik)
	n += checkFitted(t, ref, key, names, est, res.StdErr, res.LogLik)
	return m, res, n
}

func TestFitBGNBDCDNOW(t *testing.T) {
	data := cdnowSummary(t)
	m, res, n := fitCDNOW(t, loadReference(t), "bgnbd.cdnow", nbdNames, data, FitBGNBD)
	est := m.params()
	t.Logf("BG/NBD CDNOW: %d reference values matched", n)

	ll, err := m.LogLikelihood(data, nil)
	require.NoError(t, err)
	assert.InDelta(t, res.LogLik, ll, 1e-9)
	// Covariance is symmetric with the standard errors on its diagonal.
	for i := range est {
		assert.InDelta(t, res.StdErr[i]*res.StdErr[i], res.Cov[i][i], 1e-12)
		for j := range est {
			assert.InDelta(t, res.Cov[i][j], res.Cov[j][i], 1e-12)
		}
	}
}

// TestBGNBDSpendRebuilt checks the SOURCE.md remark: the BG/NBD LL on t_x
// and T rebuilt from the transactions (unrounded) is −9582.4292 at the
// rounded-data MLE neighbourhood.
func TestBGNBDRebuiltLogLik(t *testing.T) {
	data, err := Summarize(cdnowLog(t), cdnowOptions())
	require.NoError(t, err)
	_, res, err := FitBGNBD(context.Background(), data, nil, nil)
	require.NoError(t, err)
	assert.InDelta(t, -9582.4292, res.LogLik, 1e-3)
}

func TestFitMBGNBDCDNOW(t *testing.T) {
	ref := loadReference(t)
	data := cdnowSummary(t)
	m, res, err := FitMBGNBD(context.Background(), data, nil, nil)
	require.NoError(t, err)
	est := []float64{m.R, m.Alpha, m.A, m.B}
	n := checkFitted(t, ref, "mbgnbd.cdnow", nbdNames, est, res.StdErr, res.LogLik)
	t.Logf("MBG/NBD CDNOW: %d reference values matched", n)
	ll, err := m.LogLikelihood(data, nil)
	require.NoError(t, err)
	assert.InDelta(t, res.LogLik, ll, 1e-9)
}

// cdnowBGNBD is the published-precision MLE used for prediction tests.
var cdnowBGNBD = BGNBD{R: 0.2425929196381094, Alpha: 4.41353198704954, A: 0.7928860832867284, B: 2.425753181763795}

// TestBGNBDPredictions checks predictions against values computed from the
// closed forms of FHL (2005) with an independent evaluation (mpmath, 30
// digits) at the lifetimes MLE.
func TestBGNBDPredictions(t *testing.T) {
	m := cdnowBGNBD
	// Sum of P(X(t) = n) over n is 1 and its mean is E[X(t)].
	for _, tt := range []float64{1, 39, 78} {
		s, mean := 0.0, 0.0
		for n := range 400 {
			p := m.ProbPurchases(n, tt)
			s += p
			mean += float64(n) * p
		}
		assert.InDelta(t, 1, s, 1e-9, "t=%v", tt)
		assert.InEpsilon(t, m.ExpectedPurchases(tt), mean, 1e-6, "t=%v", tt)
	}
	// x = 0, T = 0: the conditional expectation is the unconditional one.
	c0 := Customer{T: 0}
	assert.InEpsilon(t, m.ExpectedPurchases(39), m.ConditionalExpectedPurchases(c0, 39), 1e-12)
	assert.Equal(t, 1.0, m.ProbAlive(Customer{T: 30}))
	assert.Equal(t, 0.0, m.ExpectedPurchases(0))
	assert.True(t, math.IsNaN(m.ExpectedPurchases(-1)))
	assert.True(t, math.IsNaN(m.ProbAlive(Customer{Frequency: 1, Recency: 5, T: 2})))
	assert.Equal(t, 0.0, m.ProbPurchases(-1, 3))
	assert.True(t, math.IsNaN(BGNBD{}.ExpectedPurchases(1)), "the zero value predicts NaN")
	assert.ErrorIs(t, BGNBD{}.Validate(), ErrOutOfRange)
}

func TestFitErrors(t *testing.T) {
	ctx := context.Background()
	_, _, err := FitBGNBD(ctx, nil, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	bad := []Customer{{ID: "ok", Frequency: 1, Recency: 1, T: 2}, {ID: "c7", Frequency: 1, Recency: 3, T: 2}}
	_, _, err = FitBGNBD(ctx, bad, nil, nil)
	assertInvalid(t, err)
	var ce *InputError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, 1, ce.Index)
	assert.Equal(t, "clv: recency 3 at index 1: out of range: greater than T 2", err.Error())
	for name, c := range map[string]Customer{
		"NaN x":           {Frequency: math.NaN(), T: 1},
		"negative T":      {T: -1},
		"recency no freq": {Recency: 1, T: 2},
		"fractional x":    {Frequency: 1.5, Recency: 1, T: 2},
		"inf recency":     {Frequency: 1, Recency: math.Inf(1), T: 2},
	} {
		_, _, err := FitMBGNBD(ctx, []Customer{c}, nil, nil)
		assertInvalid(t, err, name)
	}
	data := cdnowSummary(t)
	for name, s := range map[string]*FitSettings{
		"tolerance": {Tolerance: -1},
		"iters":     {MaxIterations: -2},
		"penalty":   {Penalty: math.NaN()},
		"initial":   {Initial: []float64{1, 2}},
		"initial0":  {Initial: []float64{1, 2, 0, 1}},
	} {
		_, _, err := FitBGNBD(ctx, data, nil, s)
		assert.ErrorIs(t, err, ErrSettings, name)
	}
}

func TestFitNotConvergedAndCancel(t *testing.T) {
	data := cdnowSummary(t)
	m, res, err := FitBGNBD(context.Background(), data, nil, &FitSettings{MaxIterations: 2})
	require.ErrorIs(t, err, ErrNotConverged)
	assert.False(t, res.Converged)
	assert.Equal(t, 2, res.Iterations)
	assert.Greater(t, m.R, 0.0, "the best point is returned")

	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, _, err = FitBGNBD(ctx, data, nil, &FitSettings{Progress: func(int, int) {
		calls++
		if calls == 3 {
			cancel()
		}
	}})

	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 3, calls, "cancellation stops at the next evaluation")
}

func TestFitSettingsVariants(t *testing.T) {
	data := cdnowSummary(t)
	ctx := context.Background()
	base, res0, err := FitBGNBD(ctx, data, nil, nil)
	require.NoError(t, err)
	// Another start converges to the same optimum.
	m, _, err := FitBGNBD(ctx, data, nil, &FitSettings{Initial: []float64{0.5, 10, 2, 5}})
	require.NoError(t, err)
	assert.InEpsilon(t, base.Alpha, m.Alpha, 1e-5)
	// A penalty lowers the (unpenalised) log-likelihood and shrinks log θ.
	p, res, err := FitBGNBD(ctx, data, nil, &FitSettings{Penalty: 100})
	require.NoError(t, err)
	assert.Less(t, res.LogLik, res0.LogLik)
	assert.Less(t, math.Abs(math.Log(p.Alpha)), math.Abs(math.Log(base.Alpha)))
	// Progress is called once per iteration with (iterations so far,
	// MaxIterations).
	var dones []int
	total := 0
	_, res, err = FitBGNBD(ctx, data, nil, &FitSettings{MaxIterations: 300, Progress: func(done, tot int) { dones, total = append(dones, done), tot }})
	require.NoError(t, err)
	require.NotEmpty(t, dones)
	assert.Equal(t, res.Iterations, dones[len(dones)-1])
	assert.Equal(t, 300, total)
	for i, d := range dones {
		assert.Equal(t, i+1, d)
	}
}

// cdnowMBGNBD is lifetimes' polished MBG/NBD MLE on CDNOW.
var cdnowMBGNBD = MBGNBD{R: 0.5248380411003044, Alpha: 6.182992432342145, A: 0.8913561210162867, B: 1.6139990303049359}

// TestPredictionsScipy compares predictions at the CDNOW MLEs with values
// computed independently in Python with scipy 1.10.1 (hyp2f1, betaln,
// gammaln) from the closed forms in lifetimes 0.11.3 (BG/NBD and MBG/NBD
// conditional_expected_number_of_purchases_up_to_time,
// expected_number_of_purchases_up_to_time, conditional_probability_alive)
// and FHL (2005) eq. 8 / Batislam et al. (2007) for P(X(t) = n). Customer:
// CDNOW ID 1 (x = 2, t_x = 30.43, T = 38.86).
func TestPredictionsScipy(t *testing.T) {
	c := Customer{ID: "1", Frequency: 2, Recency: 30.43, T: 38.86}
	type model interface {
		TransactionModel
		CountModel
	}
	for _, tc := range []struct {
		name               string
		m                  model
		alive, cond39, e52 float64
		p0, p1, p5         float64
		aliveZero          float64
	}{
		{"BGNBD", cdnowBGNBD, 0.7266091535430634, 1.2259104570198605, 1.4440208309266154,
			0.574307286861485, 0.19919304808382382, 0.017938393580776715, 1},
		{"MBGNBD", cdnowMBGNBD, 0.7061262358111512, 1.262670781070121, 1.4188894200895639,
			0.5826055556971383, 0.1827633905208923, 0.019375760897803837, 0.3897162578712649},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const tol = 1e-10
			assert.InEpsilon(t, tc.alive, tc.m.ProbAlive(c), tol)
			assert.InEpsilon(t, tc.cond39, tc.m.ConditionalExpectedPurchases(c, 39), tol)
			assert.InEpsilon(t, tc.e52, tc.m.ExpectedPurchases(52), tol)
			assert.InEpsilon(t, tc.p0, tc.m.ProbPurchases(0, 39), tol)
			assert.InEpsilon(t, tc.p1, tc.m.ProbPurchases(1, 39), tol)
			assert.InEpsilon(t, tc.p5, tc.m.ProbPurchases(5, 39), tol)
			assert.InEpsilon(t, tc.aliveZero, tc.m.ProbAlive(Customer{T: 38.86}), tol)
		})
	}
}

// TestFitBGNBDSynthetic100k fits the 100,000 simulated customers: the warm
// start on subsamples (used above 20,000 distinct rows) must reach the same
// optimum as a cold start, and the estimates match the reference fit quoted
// in testdata/SOURCE.md (r 0.2426, α 4.356, a 0.736, b 2.174, to its
// rounding).
func TestFitBGNBDSynthetic100k(t *testing.T) {
	data := synthetic100k(t)
	ctx := context.Background()
	warm, wres, err := FitBGNBD(ctx, data, nil, nil)
	require.NoError(t, err)
	cold, cres, err := FitBGNBD(ctx, data, nil, &FitSettings{Initial: []float64{1, 4, 1, 1}})
	require.NoError(t, err)
	assert.InEpsilon(t, cold.R, warm.R, 1e-5)
	assert.InEpsilon(t, cold.Alpha, warm.Alpha, 1e-5)
	assert.InEpsilon(t, cold.A, warm.A, 1e-5)
	assert.InEpsilon(t, cold.B, warm.B, 1e-5)
	assert.InDelta(t, cres.LogLik, wres.LogLik, 1e-4)
	assert.Less(t, wres.Evaluations, cres.Evaluations)
	for i, want := range []float64{0.2426, 4.356, 0.736, 2.174} {
		assert.InDelta(t, want, wres.Estimate[i], 0.0005+1e-9, wres.Params[i])
	}
	for i := range wres.StdErr {
		assert.InEpsilon(t, cres.StdErr[i], wres.StdErr[i], 1e-3)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = FitBGNBD(cancelled, data, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
}
