package csat

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/reftest"
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
			assert.True(t, errors.Is(err, ErrScale) || errors.Is(err, ErrTopBox))
			return
		}
		bad := -1
		for i, x := range xs {
			if math.IsNaN(x) || x != math.Trunc(x) || x < float64(rs.Min) || x > float64(rs.Max) {
				bad = i
				break
			}
		}
		switch {
		case len(xs) == 0:
			require.ErrorIs(t, err, ErrNoResponses)
			return
		case bad >= 0:
			var re *RatingError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, bad, re.Index)
			assert.True(t, strings.HasPrefix(err.Error(), "csat: rating "), err.Error())
			return
		}
		require.NoError(t, err)
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
		k := int(split) % (len(xs) + 1)
		one, a, b := Tally{Scale: sc}, Tally{Scale: sc}, Tally{Scale: sc}
		for i, x := range xs {
			require.NoError(t, one.Add(int(x)))
			if i < k {
				require.NoError(t, a.Add(int(x)))
			} else {
				require.NoError(t, b.Add(int(x)))
			}
		}
		a.Merge(b)
		assert.Equal(t, one, a)
	})
}

func FuzzCompare(f *testing.F) {
	f.Add([]byte{1, 2, 5, 5}, []byte{4, 4, 5}, uint8(0))
	f.Add([]byte{5}, []byte{5, 5}, uint8(2))
	f.Fuzz(func(t *testing.T, da, db []byte, alt uint8) {
		a, erra := Score(reftest.Ratings(da), Scale5)
		b, errb := Score(reftest.Ratings(db), Scale5)
		if erra != nil || errb != nil {
			return
		}
		c, err := Compare(a, b, &CompareSettings{Alternative: Alternative(alt % 3)})
		require.NoError(t, err)
		assert.Equal(t, c.Share.SEPooled > 0, c.Share.Defined)
		if c.Share.Defined {
			assert.True(t, c.Share.P >= 0 && c.Share.P <= 1)
		} else {
			assert.True(t, math.IsNaN(c.Share.Z))
		}
		assert.True(t, c.Share.CI.Contains(c.Share.Diff))
		if c.Mean.Defined {
			assert.True(t, c.Mean.P >= 0 && c.Mean.P <= 1 && c.Mean.CI.Contains(c.Mean.Diff))
		} else {
			assert.True(t, math.IsNaN(c.Mean.T))
		}
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
		n := len(data) / 2
		ratings, groups := make([]uint8, n), make([]int32, n)
		for i := range n {
			ratings[i] = data[2*i] % 13
			groups[i] = int32(data[2*i+1]) - 1
		}
		got, err := CountByGroup(ratings, groups, int(ng), sc, nil)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "csat: "), err.Error())
			return
		}
		for g, tl := range got {
			want := Tally{Scale: tl.Scale}
			for i := range n {
				if int(groups[i]) == g {
					require.NoError(t, want.Add(int(ratings[i])))
				}
			}
			assert.Equal(t, want, tl)
		}
	})
}
