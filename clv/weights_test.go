package clv

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fitFn is one of the five fits behind one signature, without its model.
type fitFn func(ctx context.Context, data []Customer, w []float64, s *FitSettings) (FitResult, error)

// fitOf drops the model from a fit's results.
func fitOf[M any](fit func(context.Context, []Customer, []float64, *FitSettings) (M, FitResult, error)) fitFn {
	return func(ctx context.Context, d []Customer, w []float64, s *FitSettings) (FitResult, error) {
		_, r, err := fit(ctx, d, w, s)
		return r, err
	}
}

var weightedFits = map[string]fitFn{
	"bgnbd": fitOf(FitBGNBD), "mbgnbd": fitOf(FitMBGNBD), "pnbd": fitOf(FitParetoNBD),
	"bgbb": fitOf(FitBGBB), "gg": fitOf(FitGammaGamma),
}

// assertSameFit asserts that two fits agree to 1e-8 relative in their
// parameters, standard errors and log-likelihood.
func assertSameFit(t *testing.T, a, b FitResult) {
	t.Helper()
	require.Len(t, b.Estimate, len(a.Estimate))
	for i := range a.Estimate {
		assert.InEpsilon(t, a.Estimate[i], b.Estimate[i], 1e-8, "estimate %s", a.Params[i])
		assert.InEpsilon(t, a.StdErr[i], b.StdErr[i], 1e-8, "std_err %s", a.Params[i])
	}
	assert.InEpsilon(t, a.LogLik, b.LogLik, 1e-12)
	assert.Equal(t, a.Converged, b.Converged)
}

// expand repeats data[i] counts[i] times, in a shuffled order.
func expand(data []Customer, counts []float64, seed uint64) []Customer {
	var out []Customer
	for i, c := range data {
		for range int(counts[i]) {
			out = append(out, c)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestWeightedFitsEqualExpanded fits every model on a pattern table with
// counts and on the customers it counts: the estimates, standard errors
// and log-likelihoods agree to 1e-8.
func TestWeightedFitsEqualExpanded(t *testing.T) {
	ctx := context.Background()
	cdnow := cdnowSummary(t)
	spend := cdnowWithSpend(t)
	bbData, bbW := bbDonations(t)
	cases := []struct {
		model string
		data  []Customer
		table PatternTable
	}{
		{"bgnbd", cdnow, PatternTable{}},
		{"mbgnbd", cdnow, PatternTable{}},
		{"pnbd", cdnow, PatternTable{}},
		{"gg", spend, PatternTable{Monetary: true}},
		{"bgbb", expand(bbData, bbW, 3), PatternTable{}},
	}
	for _, tc := range cases {
		t.Run(tc.model, func(t *testing.T) {
			fit := weightedFits[tc.model]
			full, err := fit(ctx, tc.data, nil, nil)
			require.NoError(t, err)
			tab := tc.table
			for _, c := range tc.data {
				require.NoError(t, tab.Add(c))
			}
			pat, counts := tab.Result()
			assert.Less(t, len(pat), len(tc.data))
			sum := 0.0
			for _, n := range counts {
				sum += n
			}
			assert.Equal(t, float64(len(tc.data)), sum)
			comp, err := fit(ctx, pat, counts, nil)
			require.NoError(t, err)
			assertSameFit(t, full, comp)
			t.Logf("%s: %d customers, %d patterns; estimate %.6g", tc.model, len(tc.data), len(pat), comp.Estimate)
		})
	}
}

// TestWeightedFitsRandomCounts gives each CDNOW pattern a random count
// 1…4, fits the table with those weights and the expanded, shuffled
// customers, and compares. (Pareto/NBD is left out here: on these
// reweighted data its MLE runs to the boundary s, β → ∞ in about 100
// evaluations near z = 1 with r+s+x huge, about 0.7 s of CPU per fit, too
// slow for -race; see BenchmarkFitHard/reweighted and TestFitsHardData.
// TestWeightedFitsEqualExpanded covers its weights.)
func TestWeightedFitsRandomCounts(t *testing.T) {
	ctx := context.Background()
	for _, model := range []string{"bgnbd", "mbgnbd", "gg"} {
		t.Run(model, func(t *testing.T) {
			src := cdnowSummary(t)
			tab := PatternTable{}
			if model == "gg" {
				src = cdnowWithSpend(t)
				tab.Monetary = true
			}
			for _, c := range src {
				require.NoError(t, tab.Add(c))
			}
			pat, _ := tab.Result()
			rng := rand.New(rand.NewPCG(7, 7))
			w := make([]float64, len(pat))
			for i := range w {
				w[i] = float64(1 + rng.IntN(4))
			}
			full, err := weightedFits[model](ctx, expand(pat, w, 11), nil, nil)
			require.NoError(t, err)
			comp, err := weightedFits[model](ctx, pat, w, nil)
			require.NoError(t, err)
			assertSameFit(t, full, comp)
		})
	}
}

// TestWeightedFitsReference checks the fits on the compressed CDNOW table
// against the published estimates and lifetimes' polished MLEs and
// standard errors (testdata/public_reference.json; SOURCE there).
func TestWeightedFitsReference(t *testing.T) {
	ref := loadReference(t)
	pat, counts, err := Patterns(cdnowSummary(t))
	require.NoError(t, err)
	ctx := context.Background()

	bg, res, err := FitBGNBD(ctx, pat, counts, nil)
	require.NoError(t, err)
	est := []float64{bg.R, bg.Alpha, bg.A, bg.B}
	n := checkPublished(t, ref, "bgnbd.cdnow", nbdNames, est, res.LogLik)
	n += checkFitted(t, ref, "bgnbd.cdnow", nbdNames, est, res.StdErr, res.LogLik)

	pn, res, err := FitParetoNBD(ctx, pat, counts, nil)
	require.NoError(t, err)
	est = []float64{pn.R, pn.Alpha, pn.S, pn.Beta}
	n += checkPublished(t, ref, "pnbd.cdnow", pnbdNames, est, res.LogLik)
	n += checkFitted(t, ref, "pnbd.cdnow", pnbdNames, est, res.StdErr, res.LogLik)

	mb, res, err := FitMBGNBD(ctx, pat, counts, nil)
	require.NoError(t, err)
	est = []float64{mb.R, mb.Alpha, mb.A, mb.B}
	n += checkFitted(t, ref, "mbgnbd.cdnow", nbdNames, est, res.StdErr, res.LogLik)
	assert.GreaterOrEqual(t, n, 20)
	t.Logf("%d reference values matched on %d patterns", n, len(pat))
}

func TestWeightsBadInput(t *testing.T) {
	ctx := context.Background()
	data := cdnowWithSpend(t)[:50]
	for name, fit := range weightedFits {
		t.Run(name, func(t *testing.T) {
			d := data
			if name == "bgbb" {
				d = []Customer{{T: 5}, {Frequency: 1, Recency: 2, T: 5}, {Frequency: 3, Recency: 4, T: 5}}
			}
			_, err := fit(ctx, d, make([]float64, len(d)+1), nil)
			assert.ErrorIs(t, err, ErrLength)
			for _, bad := range []struct {
				w    float64
				want error
			}{{math.NaN(), ErrNonFinite}, {math.Inf(1), ErrNonFinite}, {-1, ErrNegative}} {
				w := slices.Repeat([]float64{1}, len(d))
				w[1] = bad.w
				_, err := fit(ctx, d, w, nil)
				require.ErrorIs(t, err, bad.want)
				var ie *InputError
				require.True(t, errors.As(err, &ie))
				assert.Equal(t, 1, ie.Index)
				assert.Equal(t, "weight", ie.Field)
			}
			_, err = fit(ctx, d, make([]float64, len(d)), nil)
			assert.ErrorIs(t, err, ErrEmpty)
		})
	}
	// A zero weight removes the row: the fit equals the fit without it.
	d := cdnowSummary(t)
	w := slices.Repeat([]float64{1}, len(d))
	w[5], w[17] = 0, 0
	_, r1, err := FitBGNBD(ctx, d, w, nil)
	require.NoError(t, err)
	d2 := slices.Concat(d[:5], d[6:17], d[18:])
	_, r2, err := FitBGNBD(ctx, d2, nil, nil)
	require.NoError(t, err)
	assertSameFit(t, r2, r1)
}

func TestPatternTable(t *testing.T) {
	data := cdnowWithSpend(t)
	pat, counts, err := Patterns(data)
	require.NoError(t, err)
	// Sorted, distinct, Monetary dropped, counts summing to the customers.
	sum := 0.0
	for i, c := range pat {
		assert.Zero(t, c.Monetary)
		assert.Empty(t, c.ID)
		sum += counts[i]
		if i > 0 {
			p := pat[i-1]
			less := p.Frequency < c.Frequency || p.Frequency == c.Frequency && (p.Recency < c.Recency || p.Recency == c.Recency && p.T < c.T)
			assert.True(t, less, "order at %d", i)
		}
	}
	assert.Equal(t, float64(len(data)), sum)
	assert.Len(t, pat, 1016) // CDNOW's distinct (x, t_x, T)

	// Merging tables of shards in any order gives the same result as one
	// table, and a stream gives the same result as a slice.
	var parts [3]PatternTable
	for i, c := range data {
		require.NoError(t, parts[i%3].Add(c))
	}
	var merged PatternTable
	for _, i := range []int{2, 0, 1} {
		require.NoError(t, merged.Merge(parts[i]))
	}
	p2, c2 := merged.Result()
	assert.Equal(t, pat, p2)
	assert.Equal(t, counts, c2)
	var streamed PatternTable
	require.NoError(t, streamed.AddAll(slices.Values(data)))
	p3, c3 := streamed.Result()
	assert.Equal(t, pat, p3)
	assert.Equal(t, counts, c3)

	// JSON: a decoded table keeps counting.
	b := wiretest.RoundTrip(t, merged)
	var back PatternTable
	require.NoError(t, back.UnmarshalJSON(b))
	require.NoError(t, back.Add(data[0]))
	require.NoError(t, merged.Add(data[0]))
	pb, cb := back.Result()
	pm, cm := merged.Result()
	assert.Equal(t, pm, pb)
	assert.Equal(t, cm, cb)
	small := PatternTable{}
	for _, c := range data[:6] {
		require.NoError(t, small.Add(c))
	}
	wiretest.Golden(t, "pattern_table", small)
	wiretest.RoundTrip(t, PatternTable{})
	wiretest.RoundTrip(t, PatternTable{Monetary: true})

	// Errors.
	var bad PatternTable
	err = bad.Add(Customer{Frequency: -1})
	assert.ErrorIs(t, err, ErrNegative)
	err = bad.AddAll(slices.Values([]Customer{{T: 1}, {Frequency: 1, Recency: 2, T: 1}}))
	var ie *InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, 1, ie.Index)
	assert.ErrorIs(t, err, ErrOutOfRange)
	assert.ErrorIs(t, bad.Merge(PatternTable{Monetary: true}), ErrScale)
	_, _, err = Patterns([]Customer{{T: 1}, {T: math.NaN()}})
	assert.ErrorIs(t, err, ErrNonFinite)
	inconsistent := PatternTable{Customers: []Customer{{T: 1}}, Counts: []float64{1, 2}}
	assert.ErrorIs(t, inconsistent.Add(Customer{T: 1}), ErrLength)
	assert.ErrorIs(t, bad.Merge(inconsistent), ErrLength)
	dup := PatternTable{Customers: []Customer{{T: 1}, {T: 1}}, Counts: []float64{1, 2}}
	assert.ErrorIs(t, dup.Add(Customer{T: 1}), ErrDuplicate)
	assert.Error(t, (&PatternTable{}).UnmarshalJSON([]byte(`{"customers":[{"t":1}],"counts":[0.5]}`)))
	huge := PatternTable{Customers: []Customer{{T: 1}}, Counts: []float64{maxCount}}
	assert.ErrorIs(t, huge.Add(Customer{T: 1}), ErrOutOfRange)
	assert.ErrorIs(t, huge.Merge(huge), ErrOutOfRange)
	// A hand-built table works once consistent.
	hand := PatternTable{Customers: []Customer{{T: 2}, {T: 1}}, Counts: []float64{3, 0}}
	require.NoError(t, hand.Add(Customer{T: 2}))
	ph, ch := hand.Result()
	assert.Equal(t, []Customer{{T: 2}}, ph)
	assert.Equal(t, []float64{4}, ch)
}
