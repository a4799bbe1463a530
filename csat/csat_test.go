package csat

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

func TestScaleValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scale Scale
		want  error
	}{
		{"min = max", Scale{Min: 3, Max: 3, TopBoxMin: 3}, ErrScale},
		{"min > max", Scale{Min: 5, Max: 1, TopBoxMin: 4}, ErrScale},
		{"too wide", Scale{Min: 0, Max: 11, TopBoxMin: 9}, ErrScale},
		{"top box above", Scale{Min: 1, Max: 5, TopBoxMin: 6}, ErrScale},
		{"top box below", Scale{Min: 1, Max: 5, TopBoxMin: 0}, ErrScale},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Score([]float64{3}, tc.scale)
			assert.ErrorIs(t, err, tc.want)
			tl := Tally{Scale: tc.scale}
			assert.ErrorIs(t, tl.Add(3), tc.want)
		})
	}
	assert.Equal(t, 5, Scale{}.Points(), "the zero Scale is Scale5")
	for _, sc := range []Scale{Scale5, Scale7, Scale10, Scale3, Binary} {
		_, err := sc.resolve()
		assert.NoError(t, err, "%+v", sc)
	}
}

func TestScoreErrors(t *testing.T) {
	for _, tc := range []struct {
		ratings []float64
		want    error
		index   int
	}{
		{[]float64{0, 4, 5}, ErrOutOfRange, 0},
		{[]float64{4, 3.5}, ErrNotInteger, 1},
		{[]float64{4, 5, math.NaN()}, ErrNonFinite, 2},
		{nil, ErrEmpty, -1},
	} {
		_, err := Score(tc.ratings, Scale5)
		require.ErrorIs(t, err, tc.want)
		if tc.index >= 0 {
			var re *InputError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.index, re.Index)
		}
	}
	_, err := Score([]float64{6}, Scale5)
	assert.EqualError(t, err, "csat: rating 6 at index 0: out of range 1..5")
}

func TestFromCounts(t *testing.T) {
	r, err := FromCounts([]int{5, 7, 13, 40, 35}, Scale5)
	require.NoError(t, err)
	assert.Equal(t, 75, r.Satisfied)
	assert.InDelta(t, 3.93, r.Mean, 1e-12)
	// Top-box threshold 5 only ("top-1-box").
	r, err = FromCounts([]int{5, 7, 13, 40, 35}, Scale{Min: 1, Max: 5, TopBoxMin: 5})
	require.NoError(t, err)
	assert.InDelta(t, 35, r.CSAT, 1e-12)
	_, err = FromCounts([]int{1, 2}, Scale5)
	assert.ErrorIs(t, err, ErrLength)
	_, err = FromCounts([]int{1, -2, 0, 0, 0}, Scale5)
	assert.ErrorIs(t, err, ErrNegative)
	_, err = FromCounts([]int{0, 0, 0, 0, 0}, Scale5)
	assert.ErrorIs(t, err, ErrEmpty)
}

func TestMeanUndefined(t *testing.T) {
	r, err := Score([]float64{5}, Scale5)
	require.NoError(t, err)
	assert.False(t, r.MeanDefined)
	assert.True(t, math.IsNaN(r.SD) && math.IsNaN(r.StdErr))
	iv, ok, err := r.MeanInterval(0.95)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.True(t, math.IsNaN(iv.Lower))
	_, _, err = r.MeanInterval(1)
	assert.ErrorIs(t, err, ErrLevel)
	iv, err = r.Interval(0, Wilson)
	require.NoError(t, err, "level 0 means 0.95")
	assert.InDelta(t, 0.95, iv.Level, 0)
	_, err = r.Interval(0.95, Method(42))
	assert.Error(t, err)
}

func TestTally(t *testing.T) {
	var tl Tally // zero value: 1–5 scale
	for _, r := range []int{5, 4, 3, 1} {
		require.NoError(t, tl.Add(r))
	}
	err := tl.Add(6)
	var re *InputError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 4, re.Index)
	r, err := tl.Result()
	require.NoError(t, err)
	assert.InDelta(t, 50, r.CSAT, 1e-12)

	// An empty zero-scale tally takes the scale of what it merges.
	var empty Tally
	seven := Tally{Scale: Scale7}
	require.NoError(t, seven.Add(7))
	require.NoError(t, empty.Merge(seven))
	assert.Equal(t, seven, empty)
	before := tl
	err = tl.Merge(seven)
	require.ErrorIs(t, err, ErrScale, "different scales")
	assert.Equal(t, before, tl, "a failed Merge changes nothing")
	tl.Reset()
	assert.Equal(t, int64(0), tl.N())
	_, err = tl.Result()
	assert.ErrorIs(t, err, ErrEmpty)
}

func TestCompare(t *testing.T) {
	a, _ := FromCounts([]int{0, 0, 0, 0, 10}, Scale5)
	b, _ := FromCounts([]int{0, 0, 0, 0, 3}, Scale5)
	c, err := Compare(a, b, nil)
	require.NoError(t, err)
	assert.False(t, c.Share.Defined, "both 100 %: the pooled SE is 0")
	assert.True(t, math.IsNaN(c.Share.Statistic) && math.IsNaN(c.Share.P))
	assert.False(t, c.Mean.Defined, "no spread in either group")

	a, _ = FromCounts([]int{5, 7, 13, 40, 35}, Scale5)
	b, _ = FromCounts([]int{10, 10, 20, 30, 30}, Scale5)
	c, err = Compare(a, b, nil)
	require.NoError(t, err)
	assert.True(t, c.Mean.Defined)
	// scipy.stats.ttest_ind(a, b, equal_var=False) on the expanded ratings:
	// t = 1.946627118979534, p = 0.05302734750760702; statsmodels
	// proportions_ztest([75, 60], [100, 100]): z = 2.264554068289192,
	// p = 0.02354005826117791. Those are a − b; Compare reports b − a, so
	// the signs flip (api.md §2).
	assert.InDelta(t, -0.33, c.Mean.Diff, 1e-12)
	assert.InDelta(t, -1.946627118979534, c.Mean.Statistic, 1e-9)
	assert.InDelta(t, 0.05302734750760702, c.Mean.P, 1e-9)
	assert.True(t, c.Mean.CI.Contains(c.Mean.Diff))
	assert.InDelta(t, -2.264554068289192, c.Share.Statistic, 1e-9)
	assert.InDelta(t, 0.02354005826117791, c.Share.P, 1e-9)

	seven, _ := FromCounts([]int{1, 1, 1, 1, 1, 1, 1}, Scale7)
	_, err = Compare(a, seven, nil)
	assert.ErrorIs(t, err, ErrScale)
	_, err = Compare(a, b, &CompareSettings{Level: 1.2})
	assert.ErrorIs(t, err, ErrLevel)
	_, err = CompareShares(5, 3, 1, 2, nil)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = CompareShares(0, 0, 1, 2, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = CompareShares(1, 2, -1, 2, nil)
	assert.ErrorIs(t, err, ErrNegative)
}

func TestSampleSizeErrors(t *testing.T) {
	sampleSize := func(margin float64, s *SampleSizeSettings) error { _, err := SampleSize(margin, s); return err }
	likerttest.SampleSizeErrors(t, sampleSize, ErrOutOfRange, ErrNonFinite, []likerttest.BadSettings[SampleSizeSettings]{
		{Settings: SampleSizeSettings{Level: 1}, Err: ErrLevel},
		{Settings: SampleSizeSettings{Share: 1.5}, Err: ErrOutOfRange},
		{Settings: SampleSizeSettings{Population: -1}, Err: ErrNegative},
	})
	s, err := SampleSize(5, nil)
	require.NoError(t, err)
	assert.Equal(t, 385, s.N)
	assert.Equal(t, s.N, s.NFPC, "no population: no correction")
}

func TestCountByGroup(t *testing.T) {
	ctx := context.Background()
	got, err := CountByGroup(ctx, []uint8{5, 4, 1, 3, 5}, []int32{0, 0, 1, 1, 1}, 2, Scale5, nil)
	require.NoError(t, err)
	r0, _ := got[0].Result()
	r1, _ := got[1].Result()
	assert.InDelta(t, 100, r0.CSAT, 1e-12)
	assert.InDelta(t, 100.0/3, r1.CSAT, 1e-12)
	_, err = CountByGroup(ctx, []uint8{5, 0}, []int32{0, 0}, 1, Scale5, nil)
	var re *InputError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1, re.Index)
	_, err = CountByGroup(ctx, []uint8{5}, []int32{0}, 1, Scale{Min: -1, Max: 3, TopBoxMin: 2}, nil)
	assert.ErrorIs(t, err, ErrScale)
}

// TestAddAllPosition: AddAll reports a bad rating by its position in the
// sequence, also on a tally that already holds ratings.
func TestAddAllPosition(t *testing.T) {
	likerttest.AddAllPosition(t, Tally{}, 4, 6)
	likerttest.AddAllPosition(t, Tally{Scale: Scale7}, 7, 0)
}
