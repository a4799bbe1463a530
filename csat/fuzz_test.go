package csat

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
	"github.com/cxkit/cxkit/internal/wiretest"
)

var fuzzScales = []Scale{Scale5, Scale7, Scale10, Scale3, Binary, {}, {Min: 0, Max: 10, TopBoxMin: 8},
	{Min: 5, Max: 5, TopBoxMin: 5}, {Min: 1, Max: 5, TopBoxMin: 6}, {Min: 0, Max: 20, TopBoxMin: 10}}

func FuzzScore(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 5, 4}, uint8(0), uint8(3))
	f.Add([]byte{}, uint8(1), uint8(0))
	f.Add([]byte{0, 1, 1}, uint8(4), uint8(1))
	f.Add([]byte{6, 240}, uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, scale, split uint8) {
		sc := fuzzScales[int(scale)%len(fuzzScales)]
		xs := reftest.Ratings(data)
		r, err := Score(xs, sc)
		rs, serr := sc.resolve()
		if serr != nil {
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrScale)
			return
		}
		if !likerttest.ScoreError[InputError](t, "csat", xs, rs.Min, rs.Max, err, ErrEmpty) {
			return
		}
		assert.True(t, r.CSAT >= 0 && r.CSAT <= 100)
		assert.True(t, r.Mean >= float64(rs.Min)-1e-9 && r.Mean <= float64(rs.Max)+1e-9)
		assert.Equal(t, len(xs) >= 2, r.MeanDefined)
		for _, m := range []Method{Wilson, ClopperPearson, AgrestiCoull, Wald, Jeffreys} {
			ci, err := r.Interval(0.95, m)
			require.NoError(t, err)
			assert.True(t, ci.Contains(r.CSAT) || m == Jeffreys && (r.Satisfied == 0 || r.Satisfied == r.N),
				"%v %v contains %v", m, ci, r.CSAT)
			assert.True(t, ci.Lower >= 0 && ci.Upper <= 100)
		}
		mi, ok, err := r.MeanInterval(0.9)
		require.NoError(t, err)
		if ok {
			assert.True(t, mi.Contains(r.Mean) || math.Abs(mi.Lower-mi.Upper) < 1e-9)
		}

		// Merge equals one pass.
		likerttest.MergeEqualsOnePass(t, Tally{Scale: sc}, xs, int(split))
	})
}

func FuzzCompare(f *testing.F) {
	f.Add([]byte{1, 2, 5, 5}, []byte{4, 4, 5}, uint8(0))
	f.Add([]byte{5}, []byte{5, 5}, uint8(2))
	f.Fuzz(func(t *testing.T, da, db []byte, alt uint8) {
		ra, rb, rc, ok := likerttest.CompareInvariants(t, metric, reftest.Ratings(da), reftest.Ratings(db), int(alt%3))
		if !ok {
			return
		}
		a, b, c := ra.(Result), rb.(Result), rc.(Comparison)
		s, err := CompareShares(a.Satisfied, a.N, b.Satisfied, b.N, &CompareSettings{Alternative: Alternative(alt % 3)})
		require.NoError(t, err)
		assert.Equal(t, c.Share.Diff, s.Diff)
	})
}

func FuzzCompareShares(f *testing.F) {
	f.Add(75, 100, 60, 90, 0.95)
	f.Add(0, 0, 1, 1, 0.5)
	f.Fuzz(func(t *testing.T, xa, na, xb, nb int, level float64) {
		s, err := CompareShares(xa, na, xb, nb, &CompareSettings{Level: level})
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "csat: "), err.Error())
			return
		}
		assert.True(t, s.CI.Lower <= s.CI.Upper)
		if s.Defined {
			assert.True(t, s.P >= 0 && s.P <= 1)
		}
	})
}

func FuzzSampleSize(f *testing.F) {
	f.Add(5.0, 0.95, 0.0, 0)
	f.Add(3.0, 0.95, 0.8, 2000)
	f.Fuzz(func(t *testing.T, margin, level, share float64, pop int) {
		s, err := SampleSize(margin, &SampleSizeSettings{Level: level, Share: share, Population: pop})
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "csat: "), err.Error())
			return
		}
		assert.True(t, s.N >= 1 && s.NFPC >= 1 && s.NFPC <= s.N)
	})
}

func FuzzCountByGroup(f *testing.F) {
	f.Add([]byte{1, 0, 5, 1, 4, 0, 0, 2}, uint8(2), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, ng uint8, scale uint8) {
		sc := fuzzScales[int(scale)%len(fuzzScales)]
		ratings, groups := likerttest.GroupedRatings(data, 13)
		got, err := CountByGroup(context.Background(), ratings, groups, int(ng), sc, nil)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "csat: "), err.Error())
			return
		}
		likerttest.GroupsAdd(t, got, ratings, groups, func(tl Tally) Tally { return Tally{Scale: tl.Scale} })
	})
}

// oddScales are scales with huge, wrapped-around or inverted bounds: each
// must be an ErrScale error, never a panic or an allocation.
var oddScales = []Scale{{Min: math.MinInt, Max: math.MaxInt, TopBoxMin: 0}, {Min: -1, Max: math.MaxInt, TopBoxMin: 0},
	{Min: math.MaxInt - 5, Max: math.MaxInt, TopBoxMin: math.MaxInt}, {Min: math.MinInt, Max: math.MinInt + 3, TopBoxMin: math.MinInt},
	{Min: 0, Max: 1 << 40, TopBoxMin: 1}, {Min: 3, Max: 1, TopBoxMin: 2}}

// FuzzScaleOdd feeds arbitrary scales to every call that takes one.
func FuzzScaleOdd(f *testing.F) {
	for _, sc := range append(oddScales, fuzzScales...) {
		f.Add(int64(sc.Min), int64(sc.Max), int64(sc.TopBoxMin), []byte{1, 2, 3})
	}
	f.Fuzz(func(t *testing.T, lo, hi, top int64, data []byte) {
		sc := Scale{Min: int(lo), Max: int(hi), TopBoxMin: int(top)}
		_, serr := sc.resolve()
		xs := reftest.Ratings(data)
		_, err := Score(xs, sc)
		if serr != nil {
			assert.ErrorIs(t, err, ErrScale)
			assert.Equal(t, 0, sc.Points())
		}
		counts := make([]int, min(len(data), 64))
		for i := range counts {
			counts[i] = int(data[i])
		}
		_, err = FromCounts(counts, sc)
		if serr != nil {
			assert.ErrorIs(t, err, ErrScale)
		}
		tl := Tally{Scale: sc}
		for _, x := range xs {
			_ = tl.Add(int(x))
		}
		_, _ = tl.Result()
		_, err = CountByGroup(context.Background(), data, make([]int32, len(data)), 1, sc, nil)
		if serr != nil {
			assert.ErrorIs(t, err, ErrScale)
		}
	})
}

// FuzzFromCounts checks counts of any size: negative, huge, summing past
// MaxInt64. Either an error with the package prefix, or a Result whose N
// is the sum of the counts and whose shares are in range.
func FuzzFromCounts(f *testing.F) {
	f.Add(int64(5), int64(7), int64(13), int64(40), int64(35))
	f.Add(int64(math.MaxInt64), int64(1), int64(0), int64(0), int64(0))
	f.Add(int64(math.MaxInt64/2), int64(math.MaxInt64/2), int64(1), int64(1), int64(0))
	f.Add(int64(-1), int64(2), int64(0), int64(0), int64(0))
	f.Add(int64(0), int64(0), int64(0), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, c0, c1, c2, c3, c4 int64) {
		counts := []int{int(c0), int(c1), int(c2), int(c3), int(c4)}
		r, err := FromCounts(counts, Scale5)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "csat: "), err.Error())
			assert.True(t, errors.Is(err, ErrNegative) || errors.Is(err, ErrEmpty) || errors.Is(err, ErrOutOfRange), err.Error())
			return
		}
		likerttest.ExactSum(t, counts, r.N)
		assert.True(t, r.CSAT >= 0 && r.CSAT <= 100, r.CSAT)
		_, err = json.Marshal(r)
		require.NoError(t, err)
	})
}

// FuzzMerge merges tallies with arbitrary counts and scales: an error (the
// tally then unchanged) or the exact sum, never a panic or a wrapped count.
func FuzzMerge(f *testing.F) {
	f.Add(uint8(0), uint8(0), int64(3), int64(4), int64(5), int64(6))
	f.Add(uint8(0), uint8(1), int64(3), int64(4), int64(5), int64(6))
	f.Add(uint8(5), uint8(1), int64(0), int64(0), int64(5), int64(6))
	f.Add(uint8(0), uint8(0), int64(math.MaxInt64), int64(0), int64(1), int64(0))
	f.Add(uint8(2), uint8(2), int64(-4), int64(0), int64(1), int64(0))
	f.Fuzz(func(t *testing.T, sa, sb uint8, a0, a1, b0, b1 int64) {
		a := Tally{Scale: fuzzScales[int(sa)%len(fuzzScales)]}
		b := Tally{Scale: fuzzScales[int(sb)%len(fuzzScales)]}
		a.Ratings[0], a.Ratings[1], b.Ratings[0], b.Ratings[1] = a0, a1, b0, b1
		before := a
		err := a.Merge(b)
		if err != nil {
			assert.Equal(t, before, a, "a failed Merge changes nothing")
			assert.True(t, strings.HasPrefix(err.Error(), "csat: "), err.Error())
			return
		}
		assert.Equal(t, before.Ratings[0]+b.Ratings[0], a.Ratings[0])
		assert.True(t, a.Ratings[0] >= 0 && a.Ratings[1] >= 0)
		assert.True(t, a.N() >= before.N())
		if _, err := a.Result(); err == nil {
			wiretest.RoundTrip(t, a)
		}
	})
}

// FuzzZeroTally calls every method of a zero Tally and of a Tally with
// arbitrary fields.
func FuzzZeroTally(f *testing.F) {
	f.Add(0, 0, 0, int64(0), 3)
	f.Add(1, 5, 4, int64(-1), 9)
	f.Fuzz(func(t *testing.T, lo, hi, top int, c0 int64, r int) {
		var z Tally
		_, err := z.Result()
		require.ErrorIs(t, err, ErrEmpty)
		assert.Equal(t, int64(0), z.N())
		tl := Tally{Scale: Scale{Min: lo, Max: hi, TopBoxMin: top}}
		tl.Ratings[0] = c0
		_ = tl.Add(r)
		_ = tl.AddAll(func(yield func(int) bool) { _ = yield(r) && yield(r+1) })
		_ = z.Merge(tl)
		_ = tl.Merge(z)
		_, _ = tl.Result()
		tl.Reset()
		assert.Equal(t, int64(0), tl.N())
	})
}
