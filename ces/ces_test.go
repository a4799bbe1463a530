package ces

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

func TestVersions(t *testing.T) {
	lo, hi := V2.Scale()
	assert.Equal(t, [2]int{1, 7}, [2]int{lo, hi})
	lo, hi = V1.Scale()
	assert.Equal(t, [2]int{1, 5}, [2]int{lo, hi})
	assert.Equal(t, HigherIsEasier, V2.Direction())
	assert.Equal(t, LowerIsEasier, V1.Direction())
	assert.Equal(t, "ces-2.0", V2.String())
	assert.Equal(t, "lower-is-easier", LowerIsEasier.String())
	_, err := Score([]float64{1}, Version(9))
	assert.ErrorIs(t, err, ErrScale)
}

func TestBands(t *testing.T) {
	// Every rating lands in exactly the band the spec gives it.
	for _, tc := range []struct {
		v                   Version
		rating              float64
		easy, neutral, hard int
	}{
		{V2, 1, 0, 0, 1}, {V2, 3, 0, 0, 1}, {V2, 4, 0, 1, 0}, {V2, 5, 1, 0, 0}, {V2, 7, 1, 0, 0},
		{V1, 1, 1, 0, 0}, {V1, 2, 1, 0, 0}, {V1, 3, 0, 1, 0}, {V1, 4, 0, 0, 1}, {V1, 5, 0, 0, 1},
	} {
		r, err := Score([]float64{tc.rating}, tc.v)
		require.NoError(t, err)
		assert.Equal(t, [3]int{tc.easy, tc.neutral, tc.hard}, [3]int{r.Easy, r.Neutral, r.Hard}, "%v rating %v", tc.v, tc.rating)
	}
}

func TestErrors(t *testing.T) {
	_, err := Score([]float64{7, 8}, V2)
	var re *InputError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1, re.Index)
	assert.EqualError(t, err, "ces: rating 8 at index 1: out of range 1..7")
	_, err = Score([]float64{6}, V1)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = Score([]float64{2.5}, V1)
	assert.ErrorIs(t, err, ErrNotInteger)
	_, err = Score([]float64{math.Inf(1)}, V2)
	assert.ErrorIs(t, err, ErrNonFinite)
	_, err = Score(nil, V2)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = FromCounts([]int{1, 2, 3}, V2)
	assert.ErrorIs(t, err, ErrLength)
	_, err = FromCounts([]int{1, 2, 3, -1, 0}, V1)
	assert.ErrorIs(t, err, ErrNegative)
	r, err := FromCounts([]int{1, 2, 3, 1, 0}, V1)
	require.NoError(t, err)
	_, err = r.Interval(1, Wilson)
	assert.ErrorIs(t, err, ErrLevel)
	_, _, err = r.MeanInterval(-1)
	assert.ErrorIs(t, err, ErrLevel)
}

func TestTally(t *testing.T) {
	var v2 Tally // zero value: CES 2.0
	for _, r := range []int{7, 6, 4, 2} {
		require.NoError(t, v2.Add(r))
	}
	assert.Error(t, v2.Add(8))
	r, err := v2.Result()
	require.NoError(t, err)
	assert.InDelta(t, 25, r.NetEase, 1e-12)
	v1 := Tally{Version: V1}
	require.NoError(t, v1.Add(5))
	before := v2
	require.ErrorIs(t, v2.Merge(v1), ErrScale)
	assert.Equal(t, before, v2, "a failed Merge changes nothing")
	var empty Tally
	require.NoError(t, empty.Merge(v1))
	assert.Equal(t, v1, empty)
	v2.Reset()
	_, err = v2.Result()
	assert.ErrorIs(t, err, ErrEmpty)
}

// TestTallyAddErrors covers the slow path behind Add's inlined count: each
// rating that is not counted leaves the tally as it was and says why.
func TestTallyAddErrors(t *testing.T) {
	full := Tally{Ratings: [7]int64{0, 0, math.MaxInt64}}
	for _, tc := range []struct {
		name string
		t    Tally
		r    int
		want error
		msg  string
	}{
		{"above V2", Tally{Ratings: [7]int64{2}}, 8, ErrOutOfRange, "ces: rating 8 at index 2: out of range 1..7"},
		{"below V2", Tally{}, 0, ErrOutOfRange, "ces: rating 0 at index 0: out of range 1..7"},
		{"6 on V1", Tally{Version: V1}, 6, ErrOutOfRange, "ces: rating 6 at index 0: out of range 1..5"},
		{"unknown version", Tally{Version: 2}, 1, ErrScale, ""},
		{"negative version", Tally{Version: -1}, 1, ErrScale, ""},
		{"full count", full, 3, ErrOutOfRange, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.t
			err := got.Add(tc.r)
			require.ErrorIs(t, err, tc.want)
			if tc.msg != "" {
				assert.EqualError(t, err, tc.msg)
			}
			assert.Equal(t, tc.t, got, "a rating that is not counted changes nothing")
		})
	}
	v1 := Tally{Version: V1}
	require.NoError(t, v1.Add(5))
	assert.Equal(t, [7]int64{0, 0, 0, 0, 1}, v1.Ratings, "V1's 5 is its last point")
}

func TestCompare(t *testing.T) {
	a, _ := FromCounts([]int{3, 4, 6, 9, 14, 24, 20}, V2)
	b, _ := FromCounts([]int{8, 9, 10, 12, 10, 8, 5}, V2)
	c, err := Compare(b, a, nil) // a is the better group: b − a flips the order
	require.NoError(t, err)
	assert.True(t, c.Share.Defined && c.Mean.Defined)
	assert.Greater(t, c.Share.Diff, 0.0)
	assert.Less(t, c.Share.P, 0.001)
	one, _ := FromCounts([]int{0, 0, 0, 0, 0, 0, 1}, V2)
	c, err = Compare(one, b, nil)
	require.NoError(t, err)
	assert.False(t, c.Mean.Defined, "a single response has no spread")
	assert.True(t, math.IsNaN(c.Mean.P))
	v1, _ := FromCounts([]int{1, 1, 1, 1, 1}, V1)
	_, err = Compare(a, v1, nil)
	assert.ErrorIs(t, err, ErrScale)
	_, err = Compare(a, b, &CompareSettings{Alternative: Alternative(4)})
	assert.ErrorIs(t, err, ErrMethod)
}

// TestCountByGroup checks byte ratings counted by segment against Tally.Add
// one at a time, and that each kind of bad input names what is wrong and
// where.
func TestCountByGroup(t *testing.T) {
	ratings := []uint8{7, 6, 1, 4, 5, 2, 7}
	groups := []int32{0, 0, 1, 1, 2, 2, 2}
	for _, w := range []int{0, 1, 2} {
		got, err := CountByGroup(context.Background(), ratings, groups, 4, V2, &GroupSettings{Workers: w})
		require.NoError(t, err)
		want := make([]Tally, 4)
		for i, r := range ratings {
			require.NoError(t, want[groups[i]].Add(int(r)))
		}
		assert.Equal(t, want, got, "workers %d", w)
		assert.Equal(t, int64(0), got[3].N(), "a segment with no ratings is an empty tally")
	}
	r, err := CountByGroup(context.Background(), []uint8{1, 2, 5}, []int32{0, 0, 0}, 1, V1, nil)
	require.NoError(t, err)
	res, err := r[0].Result()
	require.NoError(t, err)
	assert.Equal(t, LowerIsEasier, res.Direction)
	assert.InDelta(t, 200.0/3, res.PctEasy, 1e-12)

	bad := []struct {
		name    string
		ratings []uint8
		groups  []int32
		ng      int
		v       Version
		want    error
		msg     string
	}{
		{"rating 0", []uint8{7, 0}, []int32{0, 0}, 1, V2, ErrOutOfRange, "rating 0 at index 1"},
		{"rating 6 on CES 1.0", []uint8{1, 6}, []int32{0, 0}, 1, V1, ErrOutOfRange, "rating 6 at index 1"},
		{"group out of range", []uint8{7, 7}, []int32{0, 2}, 2, V2, ErrOutOfRange, "group 2 at index 1"},
		{"negative group", []uint8{7}, []int32{-1}, 2, V2, ErrOutOfRange, "group -1 at index 0"},
		{"lengths differ", []uint8{7, 7}, []int32{0}, 1, V2, ErrLength, "2 ratings, 1 group ids"},
		{"no groups", []uint8{7}, []int32{0}, 0, V2, ErrOutOfRange, "number of groups 0"},
		{"unknown version", []uint8{7}, []int32{0}, 1, Version(9), ErrScale, ""},
	}
	for _, tc := range bad {
		_, err := CountByGroup(context.Background(), tc.ratings, tc.groups, tc.ng, tc.v, nil)
		require.ErrorIs(t, err, tc.want, tc.name)
		assert.Contains(t, err.Error(), tc.msg, tc.name)
		assert.True(t, strings.HasPrefix(err.Error(), "ces: "), err.Error())
	}
	_, err = CountByGroup(context.Background(), []uint8{3, 9}, []int32{0, 0}, 1, V2, nil)
	var re *InputError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1, re.Index)
	_, err = CountByGroup(context.Background(), []uint8{3, 3}, []int32{0, 5}, 1, V2, nil)
	var ge *InputError
	require.ErrorAs(t, err, &ge)
	assert.Equal(t, InputError{Index: 1, Field: "group", Value: "5", Err: ge.Err}, *ge)
	assert.ErrorIs(t, ge, ErrOutOfRange)
	assert.EqualError(t, err, "ces: group 5 at index 1: out of range 0..0")
}

// TestAddAllPosition: AddAll reports a bad rating by its position in the
// sequence, also on a tally that already holds ratings.
func TestAddAllPosition(t *testing.T) {
	likerttest.AddAllPosition(t, Tally{}, 5, 8)
	likerttest.AddAllPosition(t, Tally{Version: V1}, 1, 6)
}
