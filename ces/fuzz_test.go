package ces

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
)

func FuzzScore(f *testing.F) {
	f.Add([]byte{1, 4, 5, 7, 7}, uint8(0), uint8(2))
	f.Add([]byte{1, 2, 5}, uint8(1), uint8(0))
	f.Add([]byte{}, uint8(0), uint8(0))
	f.Add([]byte{8}, uint8(2), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, version, split uint8) {
		v := Version(version % 3) // 2 is not a version
		xs := reftest.Ratings(data)
		r, err := Score(xs, v)
		if v > V1 {
			require.ErrorIs(t, err, ErrScale)
			return
		}
		lo, hi := v.Scale()
		if !likerttest.ScoreError[InputError](t, "ces", xs, lo, hi, err, ErrEmpty) {
			return
		}
		assert.Equal(t, r.N, r.Easy+r.Neutral+r.Hard)
		assert.True(t, r.NetEase >= -100 && r.NetEase <= 100)
		assert.InDelta(t, 100, r.PctEasy+r.PctNeutral+r.PctHard, 1e-9)
		assert.Equal(t, v.Direction(), r.Direction)
		ci, err := r.Interval(0.95, Wilson)
		require.NoError(t, err)
		assert.True(t, ci.Contains(r.PctEasy))

		likerttest.MergeEqualsOnePass(t, Tally{Version: v}, xs, int(split))
	})
}

func FuzzCompare(f *testing.F) {
	f.Add([]byte{1, 5, 7, 7}, []byte{4, 4, 5}, uint8(0))
	f.Fuzz(func(t *testing.T, da, db []byte, alt uint8) {
		likerttest.CompareInvariants(t, metric, reftest.Ratings(da), reftest.Ratings(db), int(alt%3))
	})
}

// FuzzCountByGroup checks that byte ratings counted by segment equal
// Tally.Add one at a time, and that bad input gets a "ces: " error.
func FuzzCountByGroup(f *testing.F) {
	f.Add([]byte{1, 0, 7, 1, 4, 0, 0, 2}, uint8(2), false)
	f.Add([]byte{5, 1, 6, 1}, uint8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, ng uint8, v1 bool) {
		v := V2
		if v1 {
			v = V1
		}
		ratings, groups := likerttest.GroupedRatings(data, 10)
		got, err := CountByGroup(context.Background(), ratings, groups, int(ng), v, nil)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "ces: "), err.Error())
			return
		}
		require.Len(t, got, int(ng))
		likerttest.GroupsAdd(t, got, ratings, groups, func(Tally) Tally { return Tally{Version: v} })
	})
}

// FuzzFromCounts feeds counts of any size (negative, huge, summing past
// MaxInt64): an error with the "ces: " prefix, or a Result with N equal to
// the exact sum.
func FuzzFromCounts(f *testing.F) {
	f.Add(int64(1), int64(2), int64(3), int64(4), int64(5), false)
	f.Add(int64(math.MaxInt64), int64(1), int64(0), int64(0), int64(0), true)
	f.Add(int64(-1), int64(1), int64(0), int64(0), int64(0), false)
	f.Add(int64(0), int64(0), int64(0), int64(0), int64(0), true)
	f.Fuzz(func(t *testing.T, c0, c1, c2, c3, c4 int64, v1 bool) {
		v, c := V2, []int{int(c0), int(c1), int(c2), int(c3), int(c4), 0, 1}
		if v1 {
			v, c = V1, c[:5]
		}
		r, err := FromCounts(c, v)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "ces: "), err.Error())
			return
		}
		likerttest.ExactSum(t, c, r.N)
		assert.True(t, r.NetEase >= -100 && r.NetEase <= 100)
	})
}

// FuzzMerge merges tallies of any versions and counts: an error that leaves
// the target as it was, or the exact sum.
func FuzzMerge(f *testing.F) {
	f.Add(uint8(0), uint8(1), int64(3), int64(4), int64(5), int64(6))
	f.Add(uint8(0), uint8(0), int64(math.MaxInt64), int64(0), int64(1), int64(0))
	f.Add(uint8(2), uint8(0), int64(0), int64(0), int64(1), int64(-2))
	f.Fuzz(func(t *testing.T, va, vb uint8, a0, a6, b0, b6 int64) {
		a := Tally{Version: Version(va % 3)}
		b := Tally{Version: Version(vb % 3)}
		a.Ratings[0], a.Ratings[6], b.Ratings[0], b.Ratings[6] = a0, a6, b0, b6
		before := a
		if err := a.Merge(b); err != nil {
			assert.Equal(t, before, a)
			assert.True(t, strings.HasPrefix(err.Error(), "ces: "), err.Error())
			return
		}
		assert.True(t, a.Ratings[0] >= 0 && a.Ratings[0] >= before.Ratings[0])
		_ = a.Add(1)
		_ = a.AddAll(func(yield func(int) bool) { _ = yield(7) && yield(9) })
		_, _ = a.Result()
	})
}
