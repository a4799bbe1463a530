package segment

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonBack returns v after a trip through JSON.
func jsonBack[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(b, &back), "%s", b)
	return back
}

func TestJSONKMeansAndResult(t *testing.T) {
	ctx := context.Background()
	wiretest.RoundTrip(t, KMeans{}) // the zero value encodes, func and Src skipped
	full := KMeans{K: 3, Restarts: 4, MaxIter: 50, Tol: 1e-6, Strict: true, Init: InitGiven,
		Centers: Matrix{Data: []float64{0, 1, 2}, Rows: 3, Cols: 1}, Weights: []float64{1, 2, 0.5},
		Algorithm: Lloyd, Workers: 2, Src: rand.NewPCG(1, 2), Progress: func(int, int) {}}
	b := wiretest.RoundTrip(t, full)
	assert.Contains(t, string(b), `"init":"given"`)
	assert.Contains(t, string(b), `"algorithm":"lloyd"`)
	assert.NotContains(t, string(b), "src")
	assert.NotContains(t, string(b), "progress")

	x := randomBlobs(3, 600, 4, 3, 1)
	res, err := KMeans{K: 3, Src: rand.NewPCG(1, 2)}.Fit(ctx, x)
	require.NoError(t, err)
	wiretest.Golden(t, "result", Result{Centers: Matrix{Data: []float64{1, 2, 10, 20}, Rows: 2, Cols: 2},
		Labels: []int{0, 1, 1}, Sizes: []int{1, 2}, Inertia: 12.5, Iterations: 3, Converged: true, Restart: 4})
	wiretest.Golden(t, "kmeans", full)
	back := jsonBack(t, res)
	require.True(t, wiretest.Equal(res, back))
	// A fitted model back from JSON assigns exactly as the original.
	fresh := randomBlobs(4, 2000, 4, 5, 3)
	want, err := res.Predict(ctx, fresh)
	require.NoError(t, err)
	got, err := back.Predict(ctx, fresh)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	got, err = back.Predict(ctx, x)
	require.NoError(t, err)
	assert.Equal(t, res.Labels, got)

	// Degenerate: one cluster, one point; the zero Result.
	one, err := KMeans{K: 1}.Fit(ctx, Matrix{Data: []float64{7, 7}, Rows: 1, Cols: 2})
	require.NoError(t, err)
	wiretest.RoundTrip(t, one)
	wiretest.RoundTrip(t, Result{})
	_, err = jsonBack(t, Result{}).Predict(ctx, x)
	assert.ErrorIs(t, err, ErrEmpty)
}

func TestJSONCurveAndSilhouette(t *testing.T) {
	ctx := context.Background()
	x := randomBlobs(5, 300, 2, 3, 1)
	curve, err := ElbowCurve(ctx, x, 1, 4, KMeans{Restarts: 2, Src: rand.NewPCG(1, 1)})
	require.NoError(t, err)
	back := jsonBack(t, curve)
	wiretest.RoundTrip(t, curve)
	k1, err := curve.Knee()
	require.NoError(t, err)
	k2, err := back.Knee()
	require.NoError(t, err)
	assert.Equal(t, k1, k2)
	wiretest.RoundTrip(t, Curve{})
	wiretest.Golden(t, "curve", Curve{K: []int{1, 2, 3}, Inertia: []float64{90, 20, 15}})

	wiretest.RoundTrip(t, SilhouetteSettings{})
	b := wiretest.RoundTrip(t, SilhouetteSettings{SampleSize: 10, Workers: 2, Src: rand.NewPCG(1, 1), Progress: func(int, int) {}})
	assert.JSONEq(t, `{"sample_size":10,"workers":2}`, string(b))
	exact, err := Silhouette(ctx, x, curve.Results[2].Labels, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, exact)
	est, err := Silhouette(ctx, x, curve.Results[2].Labels, &SilhouetteSettings{SampleSize: 5, Src: rand.NewPCG(2, 2)})
	require.NoError(t, err)
	wiretest.RoundTrip(t, est)
	wiretest.Golden(t, "silhouette", SilhouetteResult{Mean: 0.5, Samples: []float64{0.4, 0.6}, Rows: []int{3, 9}, StdErr: 0.1})
	// One point per cluster but one: singletons score 0; a NaN mean is null.
	wiretest.RoundTrip(t, SilhouetteResult{Mean: math.NaN()})
}

func TestJSONScaler(t *testing.T) {
	x, err := NewMatrix([][]float64{{1, 100, 0}, {2, 300, 0}, {4, 900, 0}})
	require.NoError(t, err)
	wiretest.RoundTrip(t, ScalerSettings{})
	wiretest.RoundTrip(t, ScalerSettings{Method: MinMax, Log1p: true})
	for _, m := range []Scaling{ZScore, ZScoreSample, MinMax, NoScaling} {
		for _, log1p := range []bool{false, true} {
			s, err := FitScaler(x, &ScalerSettings{Method: m, Log1p: log1p})
			require.NoError(t, err)
			wiretest.RoundTrip(t, s)
			back := jsonBack(t, s)
			want, err := s.Transform(x)
			require.NoError(t, err)
			got, err := back.Transform(x)
			require.NoError(t, err)
			assert.Equal(t, want, got, "%v log1p %v", m, log1p)
			inv1, err := s.Inverse(want)
			require.NoError(t, err)
			inv2, err := back.Inverse(got)
			require.NoError(t, err)
			assert.Equal(t, inv1, inv2)
		}
	}
	s, err := FitScaler(x, &ScalerSettings{Method: ZScore, Log1p: true})
	require.NoError(t, err)
	wiretest.Golden(t, "scaler", s)
	wiretest.RoundTrip(t, Scaler{})
	wiretest.RoundTrip(t, Matrix{})
	wiretest.Golden(t, "matrix", x)
}

func TestJSONProfilesAndMigration(t *testing.T) {
	x := Matrix{Data: []float64{1, 10, 2, 10, 3, 10, 10, 10, 11, 10}, Rows: 5, Cols: 2}
	// Without revenue: RevenueShare is NaN; the constant feature has SMD 0,
	// a segment of one point against a constant rest ±Inf.
	ps, err := Profiles(x, []int{0, 0, 0, 1, 1}, nil, []string{"a", "b"})
	require.NoError(t, err)
	for _, p := range ps {
		b := wiretest.RoundTrip(t, p)
		assert.Contains(t, string(b), `"revenue_share":null`)
	}
	wiretest.Golden(t, "profiles", ps)
	inf, err := Profiles(Matrix{Data: []float64{0, 0, 0, 5}, Rows: 4, Cols: 1}, []int{0, 0, 0, 1}, []float64{1, 1, 1, 1}, nil)
	require.NoError(t, err)
	b := wiretest.RoundTrip(t, inf)
	assert.Contains(t, string(b), `"smd":"-Infinity"`)
	all, err := Profiles(x, []int{0, 0, 0, 0, 0}, []float64{0, 0, 0, 0, 0}, nil)
	require.NoError(t, err)
	wiretest.RoundTrip(t, all) // rest empty: NaN rest mean and SMD
	wiretest.RoundTrip(t, Profile{})
	wiretest.RoundTrip(t, FeatureContrast{SMD: math.Inf(1), RestMean: math.NaN()})

	mg, err := Migrate(map[string]int{"a": 0, "b": 1}, map[string]int{"a": 1, "c": 2})
	require.NoError(t, err)
	wiretest.Golden(t, "migration", mg)
	back := jsonBack(t, mg)
	assert.InDelta(t, mg.Rate(0, 1), back.Rate(0, 1), 0)
	wiretest.RoundTrip(t, Migration{})
}

func TestJSONRFM(t *testing.T) {
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }
	log := []journey.Purchase{
		{Customer: "1", Time: day(2), Amount: 10}, {Customer: "1", Time: day(20), Amount: 30},
		{Customer: "2", Time: day(3), Amount: 5}, {Customer: "3", Time: day(28), Amount: 100},
		{Customer: "4", Time: day(15), Amount: 1}, {Customer: "5", Time: day(1), Amount: 0},
	}
	rows, err := BuildRFM(ctx, log, day(31))
	require.NoError(t, err)
	b := wiretest.RoundTrip(t, rows)
	assert.Contains(t, string(b), `"segment":"`)
	wiretest.Golden(t, "rfm", rows)
	wiretest.RoundTrip(t, RFM{}) // Unscored
	// One customer: every score the same.
	single, err := BuildRFM(ctx, log[:1], day(31))
	require.NoError(t, err)
	wiretest.RoundTrip(t, single)

	cl, err := ClusterRFM(ctx, rows, KMeans{K: 2, Src: rand.NewPCG(1, 1)})
	require.NoError(t, err)
	back := jsonBack(t, cl)
	require.True(t, wiretest.Equal(cl, back))
	z1, err := cl.Scaler.Transform(RFMMatrix(rows))
	require.NoError(t, err)
	z2, err := back.Scaler.Transform(RFMMatrix(rows))
	require.NoError(t, err)
	p1, err := cl.Fit.Predict(ctx, z1)
	require.NoError(t, err)
	p2, err := back.Fit.Predict(ctx, z2)
	require.NoError(t, err)
	assert.Equal(t, p1, p2)
	assert.Equal(t, cl.Fit.Labels, p2)
	wiretest.RoundTrip(t, RFMClusters{})
	wiretest.Golden(t, "rfm_clusters", RFMClusters{
		Fit:     Result{Centers: Matrix{Data: []float64{-1, 0.5, 0.2, 1, -0.5, -0.2}, Rows: 2, Cols: 3}, Labels: []int{0, 1, 1}, Sizes: []int{1, 2}, Inertia: 0.75, Iterations: 2, Converged: true},
		Scaler:  Scaler{Method: ZScore, Log1p: true, Offset: []float64{3, 1, 4}, Scale: []float64{1, 0.5, 1.5}},
		Centers: Matrix{Data: []float64{6.4, 2.8, 102.3, 53.6, 1.1, 40.4}, Rows: 2, Cols: 3},
	})
	wiretest.Golden(t, "settings", struct {
		KMeans     KMeans             `json:"kmeans"`
		Silhouette SilhouetteSettings `json:"silhouette"`
		Scaler     ScalerSettings     `json:"scaler"`
	}{KMeans{K: 4}, SilhouetteSettings{SampleSize: 1000}, ScalerSettings{Method: MinMax, Log1p: true}})
}

// TestZeroValues documents what the zero value of each type does: it
// works, or every method returns an error; nothing panics.
func TestZeroValues(t *testing.T) {
	ctx := context.Background()
	var m Matrix
	assert.Nil(t, m.Row(0))
	assert.True(t, math.IsNaN(m.At(0, 0)))
	assert.ErrorIs(t, m.Validate(), ErrEmpty)
	res, err := KMeans{}.Fit(ctx, randomBlobs(1, 10, 2, 2, 1))
	require.NoError(t, err)
	assert.Equal(t, 8, res.Centers.Rows) // scikit-learn's default n_clusters
	res, err = KMeans{Init: InitGiven, Centers: Matrix{Data: []float64{0, 0, 5, 5}, Rows: 2, Cols: 2}}.Fit(ctx, randomBlobs(1, 10, 2, 2, 1))
	require.NoError(t, err)
	assert.Equal(t, 2, res.Centers.Rows) // K from the given centres
	_, err = Result{}.Predict(ctx, randomBlobs(1, 10, 2, 2, 1))
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Align(ctx, Matrix{}, Result{})
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Scaler{}.Transform(randomBlobs(1, 10, 2, 2, 1))
	assert.ErrorIs(t, err, ErrLength)
	_, err = Scaler{}.Inverse(randomBlobs(1, 10, 2, 2, 1))
	assert.ErrorIs(t, err, ErrLength)
	_, err = Curve{}.Knee()
	assert.ErrorIs(t, err, ErrEmpty)
	_, _, err = Curve{}.BestSilhouette(ctx, randomBlobs(1, 10, 2, 2, 1), nil)
	assert.ErrorIs(t, err, ErrEmpty)
	assert.True(t, math.IsNaN(Migration{}.Rate(0, 0)))
	assert.Equal(t, 0, RFM{}.Cell())
	assert.Equal(t, "Unscored", RFM{}.Segment.String())
	_, err = Silhouette(ctx, Matrix{}, nil, &SilhouetteSettings{})
	assert.ErrorIs(t, err, ErrEmpty)
	assert.Equal(t, "segment: value", (&InputError{Index: -1, Field: "value"}).Error())
}

// TestJSONEnums checks that each enumeration encodes by a distinct
// lower-case name, parses it back and refuses an unknown name (names are
// case-sensitive); RFM segments have a display name besides.
func TestJSONEnums(t *testing.T) {
	wiretest.Enum[Init](t, []string{"k-means++", "random", "given"}, nil)
	wiretest.Enum[Algorithm](t, []string{"hamerly", "lloyd"}, nil)
	wiretest.Enum[Scaling](t, []string{"z-score", "z-score-sample", "min-max", "none"}, nil)
	wiretest.Enum[RFMSegment](t, []string{"unscored", "champions", "loyal-customers", "potential-loyalists",
		"new-customers", "promising", "need-attention", "about-to-sleep", "at-risk", "cant-lose-them", "hibernating"}, nil)
	b, err := json.Marshal(CantLoseThem)
	require.NoError(t, err)
	assert.Equal(t, `"cant-lose-them"`, string(b))
	assert.Equal(t, "Can't Lose Them", CantLoseThem.String())
	var seg RFMSegment
	require.Error(t, json.Unmarshal([]byte(`"Champions"`), &seg))
	_, err = json.Marshal(KMeans{Init: 9})
	require.Error(t, err)
	assert.Equal(t, "segment.Init(9)", Init(9).String())
}

func TestJSONMiniBatch(t *testing.T) {
	ctx := context.Background()
	wiretest.RoundTrip(t, MiniBatchKMeans{})
	full := MiniBatchKMeans{K: 4, BatchSize: 256, MaxSteps: 500, Patience: 20, Restarts: 2, InitSize: 900,
		ReassignRatio: 0.05, NoReassign: true, Weights: []float64{1, 0.5}, Workers: 2,
		Src: rand.NewPCG(1, 2), Progress: func(int, int) {}}
	b := wiretest.RoundTrip(t, full)
	assert.NotContains(t, string(b), "src")
	assert.NotContains(t, string(b), "progress")
	wiretest.Golden(t, "minibatch", full)

	// The fitted Result predicts the same after a trip through JSON.
	x := randomBlobs(6, 3000, 3, 4, 1)
	res, err := MiniBatchKMeans{K: 4, BatchSize: 100, Src: rand.NewPCG(1, 2)}.Fit(ctx, x)
	require.NoError(t, err)
	back := jsonBack(t, res)
	require.True(t, wiretest.Equal(res, back))
	got, err := back.Predict(ctx, x)
	require.NoError(t, err)
	assert.Equal(t, res.Labels, got)
}
