package segment

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProfiles(t *testing.T) {
	x := Matrix{Data: []float64{1, 10, 2, 10, 3, 10, 10, 11, 11, 13}, Rows: 5, Cols: 2}
	labels := []int{0, 0, 0, 4, 4}
	ps, err := Profiles(x, labels, []float64{1, 1, 2, 6, 0}, []string{"a", "b"})
	require.NoError(t, err)
	require.Len(t, ps, 2)
	p := ps[0]
	assert.Equal(t, 0, p.Segment)
	assert.Equal(t, 3, p.Size)
	assert.InDelta(t, 0.6, p.Share, 1e-15)
	assert.InDelta(t, 4.0, p.Revenue, 1e-15)
	assert.InDelta(t, 0.4, p.RevenueShare, 1e-15)
	assert.InDeltaSlice(t, []float64{2, 10}, p.Mean, 1e-15)
	// Feature a: in 1,2,3 (mean 2, M2 2), rest 10,11 (mean 10.5, M2 0.5):
	// pooled sd = √(2.5/3), SMD = −8.5/√(2.5/3).
	require.Equal(t, "a", p.Distinctive[0].Name)
	assert.InDelta(t, -8.5/math.Sqrt(2.5/3), p.Distinctive[0].SMD, 1e-12)
	assert.InDelta(t, 10.5, p.Distinctive[0].RestMean, 1e-12)
	assert.Equal(t, 4, ps[1].Segment)
	assert.InDelta(t, -p.Distinctive[0].SMD, ps[1].Distinctive[0].SMD, 1e-12) // symmetric for two segments

	_, err = Profiles(x, labels, []float64{1, 1, -2, 6, 0}, nil)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Index)
	assert.ErrorIs(t, err, ErrNegative)
	_, err = Profiles(x, labels, []float64{1, 1, math.Inf(1), 6, 0}, nil)
	assert.ErrorIs(t, err, ErrNonFinite)
	_, err = Profiles(x, []int{0, 0, 9, 1, 1}, nil, nil)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Profiles(x, []int{0, 0}, nil, nil)
	assert.ErrorIs(t, err, ErrLength)
	_, err = Profiles(x, labels, []float64{1}, nil)
	assert.ErrorIs(t, err, ErrLength)
	_, err = Profiles(x, labels, nil, []string{"a"})
	assert.ErrorIs(t, err, ErrLength)
	_, err = Profiles(Matrix{}, nil, nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	ps, err = Profiles(x, []int{0, 0, 0, 0, 0}, nil, nil)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(ps[0].Distinctive[0].SMD))
	assert.True(t, math.IsNaN(ps[0].RevenueShare))
}

func TestMatchAndAlign(t *testing.T) {
	prev := Matrix{Data: []float64{0, 0, 10, 0, 0, 10}, Rows: 3, Cols: 2}
	next := Matrix{Data: []float64{0.5, 9, 9, 1, -1, 0.2}, Rows: 3, Cols: 2}
	ctx := context.Background()
	m, err := MatchCenters(ctx, prev, next)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 1, 0}, m)
	// A greedy nearest match would give both new centres to old centre 0;
	// the optimal assignment does not.
	prev2 := Matrix{Data: []float64{0, 5}, Rows: 2, Cols: 1}
	next2 := Matrix{Data: []float64{1, 2}, Rows: 2, Cols: 1}
	m, err = MatchCenters(ctx, prev2, next2)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1}, m)
	// More new centres than old: the leftover gets −1.
	m, err = MatchCenters(ctx, prev2, Matrix{Data: []float64{6, 0.1, 100}, Rows: 3, Cols: 1})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0, -1}, m)
	_, err = MatchCenters(ctx, prev, prev2)
	assert.ErrorIs(t, err, ErrLength)
	_, err = MatchCenters(ctx, Matrix{}, prev)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = MatchCenters(ctx, Matrix{Data: []float64{1e200, 0}, Rows: 2, Cols: 1}, prev2)
	assert.ErrorIs(t, err, ErrNonFinite)

	// Rerun with another seed: after Align, the labels are the same.
	x := randomBlobs(21, 3000, 3, 4, 1)
	a, err := KMeans{K: 4, Src: rand.NewPCG(1, 1)}.Fit(context.Background(), x)
	require.NoError(t, err)
	b, err := KMeans{K: 4, Src: rand.NewPCG(2, 2)}.Fit(context.Background(), x)
	require.NoError(t, err)
	aligned, err := Align(ctx, a.Centers, b)
	require.NoError(t, err)
	assert.Equal(t, a.Labels, aligned.Labels)
	assert.InDeltaSlice(t, a.Centers.Data, aligned.Centers.Data, 1e-9)
	assert.Equal(t, a.Sizes, aligned.Sizes)

	_, err = Align(ctx, prev2, b)
	assert.ErrorIs(t, err, ErrLength)
	bad := b
	bad.Labels = append([]int{7}, b.Labels[1:]...)
	_, err = Align(ctx, a.Centers, bad)
	assert.ErrorIs(t, err, ErrOutOfRange)
	bad = b
	bad.Sizes = []int{1}
	_, err = Align(ctx, a.Centers, bad)
	assert.ErrorIs(t, err, ErrLength)
	_, err = Align(ctx, Matrix{}, Result{})
	assert.ErrorIs(t, err, ErrEmpty)
}

func TestMigrateRFM(t *testing.T) {
	purchases := cdnow(t)
	before, err := BuildRFM(context.Background(), purchases, time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	after, err := BuildRFM(context.Background(), purchases, cdnowAsOf)
	require.NoError(t, err)
	mg, err := MigrateRFM(before, after)
	require.NoError(t, err)
	total, lost, added := 0, 0, 0
	for a := range mg.Counts {
		for b := range mg.Counts[a] {
			total += mg.Counts[a][b]
		}
		lost += mg.Lost[a]
		added += mg.New[a]
	}
	assert.Equal(t, len(before), total+lost)
	assert.Equal(t, len(after), total+added)
	assert.Zero(t, lost) // nobody disappears from a cumulative log
	rowSum := 0.0
	for b := 0; b < mg.Segments; b++ {
		rowSum += mg.Rate(int(Champions), b)
	}
	assert.InDelta(t, 1.0, rowSum, 1e-12)

	m2, err := Migrate(map[string]int{"a": 0, "b": 1, "c": 1}, map[string]int{"a": 1, "b": 1, "d": 0})
	require.NoError(t, err)
	assert.Equal(t, [][]int{{0, 1}, {0, 1}}, m2.Counts)
	assert.Equal(t, []int{0, 1}, m2.Lost)
	assert.Equal(t, []int{1, 0}, m2.New)
	assert.InDelta(t, 0.5, m2.Rate(1, 1), 1e-15)
	_, err = Migrate(map[string]int{"a": -1}, nil)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Migrate(map[string]int{"a": 1 << 40}, nil) // no 2^80-cell matrix
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Migrate(nil, map[string]int{"a": MaxSegments})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Migrate(nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = MigrateRFM([]RFM{{Customer: "a"}, {Customer: "b"}, {Customer: "a"}}, nil)
	require.ErrorIs(t, err, ErrDuplicate)
	assert.Equal(t, `segment: customer (before) "a" at index 2: duplicate customer`, err.Error())
	assert.True(t, math.IsNaN(Migration{}.Rate(0, 0)))
	assert.True(t, math.IsNaN(m2.Rate(2, 0)))
	assert.True(t, math.IsNaN(m2.Rate(0, -1)))
	assert.True(t, math.IsNaN(Migration{Segments: 2, Counts: [][]int{{1}}, Lost: []int{0}}.Rate(0, 1)))
}

func buy(customer string, t time.Time, amount float64) journey.Purchase {
	return journey.Purchase{Customer: customer, Time: t, Amount: amount}
}

func TestBuildRFMErrorsAndDetails(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 15, 0, 0, 0, time.UTC) }
	asOf := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		p    []journey.Purchase
		want error
		row  int
	}{
		{"empty", nil, ErrEmpty, -1},
		{"negative amount", []journey.Purchase{buy("a", day(1), 1), buy("b", day(2), -3)}, ErrNegative, 1},
		{"nan amount", []journey.Purchase{buy("a", day(1), math.NaN())}, ErrNonFinite, 0},
		{"total overflows", []journey.Purchase{buy("a", day(1), math.MaxFloat64), buy("a", day(2), math.MaxFloat64)}, ErrNonFinite, 1},
		{"zero time", []journey.Purchase{buy("a", day(1), 1), buy("a", time.Time{}, 1)}, ErrDate, 1},
		{"no customer", []journey.Purchase{buy("", day(1), 1)}, ErrEmpty, 0},
		{"all after as-of", []journey.Purchase{buy("a", asOf, 1)}, ErrEmpty, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := BuildRFM(context.Background(), tc.p, asOf)
			require.ErrorIs(t, err, tc.want)
			if tc.row >= 0 {
				var ie *InputError
				require.ErrorAs(t, err, &ie)
				assert.Equal(t, tc.row, ie.Index)
			}
		})
	}
	_, err := BuildRFM(context.Background(), []journey.Purchase{buy("a", day(1), 1)}, time.Time{})
	assert.ErrorIs(t, err, ErrDate)
	_, err = BuildRFM(context.Background(), []journey.Purchase{buy("a", day(1), 1), buy("b", day(2), -3)}, asOf)
	assert.Equal(t, "segment: amount -3 at index 1: negative", err.Error())

	rows, err := BuildRFM(context.Background(), []journey.Purchase{
		buy("b7", day(3), 1.10), buy("10", day(5), 2.2), buy("9", day(5), 0.1), buy("9", day(5), 0.2), buy("9", day(30), 1), buy("late", asOf, 5),
	}, asOf)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"9", "10", "b7"}, []string{rows[0].Customer, rows[1].Customer, rows[2].Customer})
	assert.Equal(t, RFM{Customer: "9", Recency: 2, Frequency: 3, Days: 2, Monetary: 1.3, R: 5, F: 5, M: 3, Segment: Champions}, rows[0])
	assert.Equal(t, 27, rows[1].Recency)
	assert.Equal(t, -1, CompareCustomers("0004", "18"))
	assert.Equal(t, 1, CompareCustomers("x", "99"))

	bad := []RFM{{Customer: "a", Recency: -1}}
	assert.ErrorIs(t, ScoreRFM(bad), ErrNegative)
	assert.ErrorIs(t, ScoreRFM([]RFM{{Customer: "a", Monetary: math.NaN()}}), ErrNonFinite)
	assert.ErrorIs(t, ScoreRFM(nil), ErrEmpty)
	assert.Equal(t, Unscored, SegmentOf(0, 3))
	assert.Equal(t, "Can't Lose Them", CantLoseThem.String())
	assert.Equal(t, "segment.RFMSegment(99)", RFMSegment(99).String())
}

func TestClusterRFMAndSampledSilhouette(t *testing.T) {
	rows, err := BuildRFM(context.Background(), cdnow(t), cdnowAsOf)
	require.NoError(t, err)
	cl, err := ClusterRFM(context.Background(), rows, KMeans{K: 4, Src: rand.NewPCG(1, 2)})
	require.NoError(t, err)
	assert.Equal(t, 4, cl.Centers.Rows)
	for i := 0; i < cl.Centers.Rows; i++ {
		c := cl.Centers.Row(i)
		assert.GreaterOrEqual(t, c[0], 1.0)   // days
		assert.GreaterOrEqual(t, c[1], 1.0)   // purchases
		assert.GreaterOrEqual(t, c[2], -1e-9) // money
	}
	z, err := cl.Scaler.Transform(RFMMatrix(rows))
	require.NoError(t, err)
	exact, err := Silhouette(context.Background(), z, cl.Fit.Labels, nil)
	require.NoError(t, err)
	est, err := Silhouette(context.Background(), z, cl.Fit.Labels, &SilhouetteSettings{SampleSize: 800, Src: rand.NewPCG(4, 4)})
	require.NoError(t, err)
	require.Len(t, est.Rows, 800)
	for t2, i := range est.Rows {
		assert.InDelta(t, exact.Samples[i], est.Samples[t2], 1e-12)
	}
	assert.Positive(t, est.StdErr)
	assert.InDelta(t, exact.Mean, est.Mean, 4*est.StdErr)

	_, err = Silhouette(context.Background(), z, make([]int, z.Rows), nil)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = CalinskiHarabasz(z, cl.Fit.Labels[:3])
	assert.ErrorIs(t, err, ErrLength)
}
