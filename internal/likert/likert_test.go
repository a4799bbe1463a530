package likert

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/dist"
)

func TestMoments(t *testing.T) {
	// Ratings 1,1,2,3,5 on a 1–5 scale: mean 2.4, sample variance 2.8.
	m := Of([]int64{2, 1, 1, 0, 1}, 1)
	assert.Equal(t, int64(5), m.N)
	assert.InDelta(t, 2.4, m.Mean, 1e-15)
	sd, ok := m.SD()
	require.True(t, ok)
	assert.InDelta(t, math.Sqrt(2.8), sd, 1e-15)
	se, ok := m.SEMean()
	require.True(t, ok)
	assert.InDelta(t, math.Sqrt(2.8/5), se, 1e-15)
	_, ok = Of([]int64{0, 1}, 0).SD()
	assert.False(t, ok, "n = 1")
	assert.True(t, math.IsNaN(Of([]int64{0, 0}, 0).Mean))
	iv, ok := Of([]int64{0, 1}, 0).TInterval(0.95)
	assert.False(t, ok)
	assert.True(t, math.IsNaN(iv.Lower))
	assert.Equal(t, int64(3), Sum([]int64{2, 1, 1, 0, 1}, 1, 1, 2))
}

func TestCount(t *testing.T) {
	c := make([]int64, 5)
	require.NoError(t, testErrs.CountFloats([]float64{1, 5, 5}, 1, 5, c))
	assert.Equal(t, []int64{1, 0, 0, 0, 2}, c)
	err := testErrs.CountFloats([]float64{2, 6, 3}, 1, 5, c)
	var in *Input
	require.ErrorAs(t, err, &in)
	assert.Equal(t, Input{Index: 1, Field: "rating", Value: "6", Err: in.Err}, *in)
	assert.Equal(t, []int64{1, 1, 0, 0, 2}, c, "the ratings before the bad one stay counted")
	err = testErrs.BadRating(2, 6, 1, 5)
	require.ErrorAs(t, err, &in)
	assert.Equal(t, Input{Index: 2, Field: "rating", Value: "6", Err: in.Err}, *in)
	assert.ErrorIs(t, err, testErrs.OutOfRange)
	assert.Equal(t, "out of range 1..5", in.Err.Error())
}

// TestCheckFloat checks each problem of a float rating against the
// package's sentinels, in rating.Problem's order (NaN and ±Inf first), and
// the message that says where the rating is.
func TestCheckFloat(t *testing.T) {
	for _, x := range []float64{0, 9, 10} {
		assert.NoError(t, testErrs.CheckFloat(3, x, 0, 10), "%v", x)
	}
	for _, tc := range []struct {
		x    float64
		want error
		msg  string
	}{
		{math.NaN(), testErrs.NonFinite, "rating NaN at index 3: not finite"},
		{math.Inf(1), testErrs.NonFinite, "rating +Inf at index 3: not finite"},
		{math.Inf(-1), testErrs.NonFinite, "rating -Inf at index 3: not finite"},
		{8.5, testErrs.NotInteger, "rating 8.5 at index 3: not a whole number"},
		{10.000001, testErrs.NotInteger, "rating 10.000001 at index 3: not a whole number"},
		{11, testErrs.OutOfRange, "rating 11 at index 3: out of range 0..10"},
		{-1, testErrs.OutOfRange, "rating -1 at index 3: out of range 0..10"},
		{1e300, testErrs.OutOfRange, "rating 1e+300 at index 3: out of range 0..10"},
	} {
		err := testErrs.CheckFloat(3, tc.x, 0, 10)
		var in *Input
		require.ErrorAs(t, err, &in, "%v", tc.x)
		assert.ErrorIs(t, err, tc.want, "%v", tc.x)
		assert.Equal(t, "input: "+tc.msg, err.Error())
	}
}

func TestShareInterval(t *testing.T) {
	for _, m := range []Method{Wilson, ClopperPearson, AgrestiCoull, Wald, Jeffreys} {
		iv, err := ShareInterval(0, 10, 0.95, m)
		require.NoError(t, err)
		assert.Equal(t, 0.0, iv.Lower, "%v at x = 0", m)
		iv, err = ShareInterval(10, 10, 0.95, m)
		require.NoError(t, err)
		assert.Equal(t, 1.0, iv.Upper, "%v at x = n", m)
		assert.NotEmpty(t, m.String())
	}
	_, err := ShareInterval(1, 2, 1, Wilson)
	assert.ErrorIs(t, err, dist.ErrLevel)
	_, err = ShareInterval(1, 2, 0.9, Method(99))
	assert.Error(t, err)
	assert.Equal(t, "Method(99)", Method(99).String())
	assert.Equal(t, "Method(-1)", Method(-1).String())
	assert.Equal(t, "jeffreys-plain", JeffreysPlain.String())
}

type testInterval struct{ Lower, Upper, Level float64 }

func TestCompare(t *testing.T) {
	// statsmodels proportions_ztest([75, 60], [100, 90]) = (1.2646448510655475, 0.20599866752882656)
	// for the first group minus the second; here b − a, so the sign flips.
	c := CompareShares[testInterval](75, 100, 60, 90, 0.95, dist.TwoSided)
	assert.InDelta(t, -1.2646448510655475, c.Statistic, 1e-12)
	assert.InDelta(t, 0.20599866752882656, c.P, 1e-12)
	assert.InDelta(t, 0.95, c.CI.Level, 0)
	// scipy.stats.ttest_ind([2, 4, 6, 8, 10], [1, 2, 3, 4], equal_var=False):
	// t = 2.2514363231593695, p = 0.06913359319239236 (b = the first sample).
	a, b := Of([]int64{1, 1, 1, 1}, 1), Of([]int64{1, 0, 1, 0, 1, 0, 1, 0, 1}, 2)
	m := CompareMeans[testInterval](a, b, 0.95, dist.TwoSided)
	require.True(t, m.Defined)
	assert.InDelta(t, 2.2514363231593695, m.Statistic, 1e-12)
	assert.InDelta(t, 0.06913359319239236, m.P, 1e-9)
	assert.False(t, CompareMeans[testInterval](Of([]int64{1}, 1), b, 0.95, dist.TwoSided).Defined)
}

func TestCountGrouped(t *testing.T) {
	cls := PerPoint(1, 5)
	ctx := context.Background()
	tab, err := testErrs.Count(ctx, []uint8{1, 5, 5, 3}, []int32{0, 1, 1, 0}, 2, cls, 0)
	require.NoError(t, err)
	assert.Equal(t, []int64{1, 0, 1, 0, 0, 0, 0, 0, 0, 2}, tab)
	var in *Input
	_, err = testErrs.Count(ctx, []uint8{1, 0}, []int32{0, 0}, 1, cls, 1)
	require.ErrorAs(t, err, &in)
	assert.Equal(t, 1, in.Index)
	assert.Equal(t, "rating", in.Field)
	assert.ErrorIs(t, err, testErrs.OutOfRange)
	_, err = testErrs.Count(ctx, []uint8{1, 1}, []int32{0, -1}, 1, cls, 1)
	require.ErrorAs(t, err, &in)
	assert.Equal(t, 1, in.Index)
	assert.Equal(t, "group", in.Field)
	assert.ErrorIs(t, err, testErrs.OutOfRange)
	assert.Contains(t, in.Error(), "group -1 at index 1")
}
