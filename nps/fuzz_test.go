package nps

import (
	"context"
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
	"github.com/cxkit/cxkit/internal/wiretest"
)

// firstBad returns the index of the first rating that is not a whole number
// in 0–10, or −1: the slow, obvious check that Score must agree with.
func firstBad(xs []float64) int {
	for i, x := range xs {
		if math.IsNaN(x) || x != math.Trunc(x) || x < 0 || x > 10 {
			return i
		}
	}
	return -1
}

// checkResult asserts the invariants every Result must hold.
func checkResult(t *testing.T, r Result) {
	t.Helper()
	assert.Equal(t, r.N, r.Promoters+r.Passives+r.Detractors)
	assert.Equal(t, r.N, r.Counts().N())
	assert.True(t, r.Score >= -100 && r.Score <= 100, "score %v", r.Score)
	assert.True(t, r.StdErr >= 0 && r.StdErr <= 100, "se %v", r.StdErr)
	assert.InDelta(t, 100, r.PctPromoters+r.PctPassives+r.PctDetractors, 1e-9)
	for _, m := range []Method{Wald, AdjustedWald} {
		for _, level := range []float64{0.5, 0.95, 0.999} {
			b, err := r.Interval(level, m)
			require.NoError(t, err)
			assert.True(t, b.Raw.Contains(b.Centre), "raw %v contains centre %v", b.Raw, b.Centre)
			assert.True(t, b.CI.Lower >= -100 && b.CI.Upper <= 100 && b.CI.Lower <= b.CI.Upper, "clipped %v", b.CI)
			assert.Equal(t, level, b.CI.Level)
			if m == Wald {
				assert.True(t, b.CI.Contains(r.Score), "%v interval %v contains the score %v", m, b.CI, r.Score)
			}
		}
	}
}

func FuzzScore(f *testing.F) {
	f.Add([]byte{10, 9, 8, 7, 6, 0}, uint8(2))
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{11, 250, 3}, uint8(1))
	f.Add([]byte{240, 241}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		xs := reftest.Ratings(data)
		r, err := Score(xs)
		bad := firstBad(xs)
		switch {
		case len(xs) == 0:
			require.ErrorIs(t, err, ErrEmpty)
			return
		case bad >= 0:
			require.Error(t, err)
			var re *InputError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, bad, re.Index)
			assert.Equal(t, "rating", re.Field)
			assert.True(t, strings.HasPrefix(err.Error(), "nps: rating "), err.Error())
			assert.True(t, errors.Is(err, ErrOutOfRange) || errors.Is(err, ErrNotInteger) || errors.Is(err, ErrNonFinite))
			_, werr := Weighted(xs, nil)
			assert.Error(t, werr)
			return
		}
		require.NoError(t, err)
		checkResult(t, r)
		assert.Equal(t, len(xs), r.N)

		// Merge equals one pass, for any split point.
		a := likerttest.MergeEqualsOnePass(t, Tally{}, xs, int(split))
		tr, err := a.Result()
		require.NoError(t, err)
		assert.Equal(t, r, tr)

		// The byte fast path agrees.
		bs := make([]byte, len(xs))
		for i, x := range xs {
			bs[i] = byte(x)
		}
		c, err := CountBytes(bs)
		require.NoError(t, err)
		assert.Equal(t, r.Counts(), c)

		// Weights of 1 (and nil weights) equal the unweighted result.
		ones := make([]float64, len(xs))
		for i := range ones {
			ones[i] = 1
		}
		for _, ws := range [][]float64{nil, ones} {
			w, err := Weighted(xs, ws)
			require.NoError(t, err)
			assert.InDelta(t, r.Score, w.Score, 1e-9)
			assert.InDelta(t, r.StdErr, w.StdErr, 1e-9)
			assert.InDelta(t, float64(r.N), w.NEff, 1e-9*float64(r.N))
			assert.InDelta(t, 1, w.DesignEffect, 1e-9)
		}
	})
}

func FuzzCountBytes(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 9})
	f.Add([]byte{10, 10, 10, 10, 10, 10, 10, 10, 139, 10})
	f.Add([]byte{255, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := CountBytes(data)
		var want Counts
		bad := -1
		for i, r := range data {
			switch {
			case r > 10:
				if bad < 0 {
					bad = i
				}
			case r >= 9:
				want.Promoters++
			case r >= 7:
				want.Passives++
			default:
				want.Detractors++
			}
		}
		if bad >= 0 {
			var re *InputError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, bad, re.Index)
			assert.ErrorIs(t, err, ErrOutOfRange)
			return
		}
		require.NoError(t, err)
		assert.Equal(t, want, c)
	})
}

func FuzzCountByGroup(f *testing.F) {
	f.Add([]byte{1, 2, 3, 9, 10, 200}, uint8(3), uint8(0))
	f.Add([]byte{}, uint8(1), uint8(2))
	f.Add([]byte{5}, uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, ng uint8, workers uint8) {
		n := len(data) / 2
		ratings := make([]uint8, n)
		groups := make([]int32, n)
		for i := range n {
			ratings[i] = data[2*i] % 12
			if data[2*i] >= 250 {
				ratings[i] = data[2*i]
			}
			groups[i] = int32(data[2*i+1]) - 2 // −2 … 253: some out of range
		}
		got, err := CountByGroup(context.Background(), ratings, groups, int(ng), &GroupSettings{Workers: int(workers % 4)})
		if ng == 0 {
			require.ErrorIs(t, err, ErrOutOfRange)
			return
		}
		want := make([]Counts, ng)
		for i := range n {
			g, r := groups[i], ratings[i]
			if g < 0 || int(g) >= int(ng) {
				var ge *InputError
				require.ErrorAs(t, err, &ge)
				assert.Equal(t, i, ge.Index)
				assert.Equal(t, "group", ge.Field)
				return
			}
			if r > 10 {
				var re *InputError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, i, re.Index)
				assert.Equal(t, "rating", re.Field)
				return
			}
			switch {
			case r >= 9:
				want[g].Promoters++
			case r >= 7:
				want[g].Passives++
			default:
				want[g].Detractors++
			}
		}
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
}

func FuzzCompare(f *testing.F) {
	f.Add(55, 25, 20, 45, 30, 25, false, uint8(0))
	f.Add(10, 0, 0, 7, 0, 0, true, uint8(1))
	f.Add(-1, 0, 0, 7, 0, 0, true, uint8(2))
	f.Fuzz(func(t *testing.T, pa, aa, da, pb, ab, db int, wald bool, alt uint8) {
		a := Counts{pa % 100000, aa % 100000, da % 100000}
		b := Counts{pb % 100000, ab % 100000, db % 100000}
		m := AdjustedWald
		if wald {
			m = Wald
		}
		s := &Settings{Method: m, Alternative: Alternative(alt % 3)}
		c, err := Compare(a, b, s)
		if a.check("a") != nil || b.check("b") != nil {
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "nps: "), err.Error())
			assert.Regexp(t, `\b(a|b)\b`, err.Error(), "the message names the group")
			return
		}
		require.NoError(t, err)
		assert.True(t, c.CI.Contains(c.Diff) || math.Abs(c.Diff) > 200)
		assert.Equal(t, c.StdErr > 0 || c.Diff != 0, c.Defined)
		if c.Defined {
			assert.True(t, c.P >= 0 && c.P <= 1, "p %v", c.P)
			assert.Equal(t, c.StdErr == 0, math.IsInf(c.Statistic, 0), "z is infinite exactly when SE = 0")
		} else {
			assert.True(t, math.IsNaN(c.Statistic) && math.IsNaN(c.P))
		}
		// Swapping the groups negates the difference and keeps the two-sided p.
		s.Alternative = TwoSided
		c1, err := Compare(a, b, s)
		require.NoError(t, err)
		c2, err := Compare(b, a, s)
		require.NoError(t, err)
		assert.InDelta(t, c1.Diff, -c2.Diff, 1e-9)
		if c1.Defined {
			assert.InDelta(t, c1.P, c2.P, 1e-12)
		}
		above, err := CompareBenchmark(a, 0, &Settings{Method: m, Alternative: Greater})
		require.NoError(t, err)
		below, err := CompareBenchmark(a, 0, &Settings{Method: m, Alternative: Less})
		require.NoError(t, err)
		if above.Defined {
			assert.InDelta(t, 1, above.P+below.P, 1e-12)
		}
	})
}

func FuzzWeighted(f *testing.F) {
	f.Add([]byte{10, 9, 8, 7, 6, 3}, []byte{16, 32, 8, 16, 24, 16})
	f.Add([]byte{9, 5}, []byte{16, 235})
	f.Add([]byte{9}, []byte{0})
	f.Fuzz(func(t *testing.T, rdata, wdata []byte) {
		xs, ws := reftest.Ratings(rdata), reftest.Weights(wdata)
		w, err := Weighted(xs, ws)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "nps: "), err.Error())
			return
		}
		require.Equal(t, len(xs), len(ws))
		assert.True(t, w.Score >= -100-1e-9 && w.Score <= 100+1e-9, "score %v", w.Score)
		assert.True(t, w.NEff > 0 && w.NEff <= float64(w.NPositive)*(1+1e-9), "n_eff %v m %d", w.NEff, w.NPositive)
		assert.True(t, w.DesignEffect >= 1-1e-9, "deff %v", w.DesignEffect)
		assert.True(t, w.StdErr >= 0 && !math.IsInf(w.StdErr, 0))
		assert.Equal(t, w.NPositive >= 2, w.LinearizedDefined)
		// The tally, fed the same responses in two parts and merged, agrees.
		var a, b WeightedTally
		for i, x := range xs {
			part := &a
			if i%2 == 1 {
				part = &b
			}
			require.NoError(t, part.Add(int(x), ws[i]))
		}
		require.NoError(t, a.Merge(b))
		tw, err := a.Result()
		require.NoError(t, err)
		assert.Equal(t, w.N, tw.N)
		assert.Equal(t, w.NPositive, tw.NPositive)
		assert.InDelta(t, w.Score, tw.Score, 1e-9)
		for _, se := range []WeightedSE{KishSE, LinearizedSE} {
			b, err := w.Interval(0.95, se)
			require.NoError(t, err)
			if se == KishSE || w.LinearizedDefined {
				assert.True(t, b.Raw.Contains(w.Score), "%v", b)
			} else {
				assert.True(t, math.IsNaN(b.CI.Lower) && math.IsNaN(b.Margin), "%v", b)
			}
		}
	})
}

func FuzzBayes(f *testing.F) {
	f.Add(55, 25, 20, uint8(0), 10.0)
	f.Add(3, 1, 1, uint8(1), -20.0)
	f.Add(0, 0, 0, uint8(2), 0.0)
	f.Fuzz(func(t *testing.T, p, a, d int, prior uint8, x float64) {
		c := Counts{p % 5000, a % 5000, d % 5000}
		pr := []Prior{UniformPrior, JeffreysPrior, {}, {2, 0.3, 5}, {-1, 1, 1}}[prior%5]
		post, err := Bayes(c, pr)
		if c.Promoters < 0 || c.Passives < 0 || c.Detractors < 0 || pr.Promoters < 0 {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		mean := post.Mean()
		assert.True(t, mean >= -100 && mean <= 100)
		assert.True(t, post.Variance() >= 0)
		pp := post.ProbPositive()
		assert.True(t, pp >= 0 && pp <= 1)
		if math.IsNaN(x) {
			return
		}
		x = math.Mod(x, 100)
		lo, hi := post.CDF(x), post.CDF(x+1)
		assert.True(t, lo >= 0 && hi <= 1 && lo <= hi+1e-9, "CDF(%v) = %v, CDF(%v) = %v", x, lo, x+1, hi)
	})
}

func FuzzSampleSize(f *testing.F) {
	f.Add(5.0, 0.95, 0.0, 0.0)
	f.Add(10.0, 0.9, 0.4, 0.2)
	f.Add(5.0, 1.0, 0.0, 0.0)
	f.Add(1e-300, 0.95, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, margin, level, p, d float64) {
		s, err := SampleSize(margin, &SampleSizeSettings{Level: level, Promoters: p, Detractors: d})
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "nps: "), err.Error())
			return
		}
		assert.True(t, s.Wald >= 1 && s.AdjustedWald >= 1 && s.AdjustedWald <= s.Wald)
		assert.True(t, float64(s.Wald) >= s.NRaw-1e-6*s.NRaw)
	})
}

func FuzzRolling(f *testing.F) {
	f.Add([]byte{3, 1, 1, 0, 2, 0, 1, 0, 3}, 3)
	f.Add([]byte{}, 1)
	f.Add([]byte{1, 1, 1}, 0)
	f.Fuzz(func(t *testing.T, data []byte, window int) {
		periods := make([]Counts, len(data)/3)
		for i := range periods {
			periods[i] = Counts{int(data[3*i]) - 1, int(data[3*i+1]), int(data[3*i+2])}
		}
		pts, err := Rolling(periods, window)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "nps: "), err.Error())
			return
		}
		require.Len(t, pts, len(periods))
		for i, pt := range pts {
			assert.Equal(t, i+1 >= window, pt.Full)
			if pt.Pooled != nil {
				checkResult(t, *pt.Pooled)
			}
			if pt.VsPrevious != nil {
				assert.True(t, pt.Full && pt.Pooled != nil && i+1 >= 2*window)
			}
		}
	})
}

// FuzzFromCounts feeds any counts, near math.MaxInt included: the result is
// an error or a valid Result, never a wrapped-around N.
func FuzzFromCounts(f *testing.F) {
	f.Add(55, 25, 20)
	f.Add(math.MaxInt, 1, 0)
	f.Add(math.MaxInt/2, math.MaxInt/2, 2)
	f.Add(math.MaxInt/3, math.MaxInt/3, math.MaxInt/3)
	f.Add(-1, 5, 5)
	f.Add(0, 0, 0)
	f.Fuzz(func(t *testing.T, p, a, d int) {
		c := Counts{p, a, d}
		r, err := FromCounts(c)
		big := new(big.Int).Add(new(big.Int).Add(big.NewInt(int64(p)), big.NewInt(int64(a))), big.NewInt(int64(d)))
		switch {
		case p < 0 || a < 0 || d < 0:
			require.ErrorIs(t, err, ErrNegative)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
		case !big.IsInt64() || big.Int64() > math.MaxInt:
			require.ErrorIs(t, err, ErrOutOfRange)
			assert.Equal(t, math.MaxInt, c.N(), "N saturates")
		case big.Sign() == 0:
			require.ErrorIs(t, err, ErrEmpty)
		default:
			require.NoError(t, err)
			assert.Equal(t, big.Int64(), int64(r.N))
			assert.True(t, r.Score >= -100 && r.Score <= 100, "score %v", r.Score)
			assert.True(t, r.StdErr >= 0 && r.StdErr <= 100)
			_, err := Compare(c, c, nil)
			require.NoError(t, err)
			_, err = Bayes(c, Prior{})
			require.NoError(t, err)
		}
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "nps: "), err.Error())
		}
	})
}

// FuzzTallyMerge merges tallies with any counts (as a decoded or hand-set
// tally may hold): Merge is an error or the exact sum, and on error leaves
// the tally unchanged; Result agrees with FromCounts of Counts.
func FuzzTallyMerge(f *testing.F) {
	f.Add([]byte{1, 2, 3}, []byte{4, 5}, int64(0), int64(0))
	f.Add([]byte{}, []byte{}, int64(math.MaxInt64), int64(1))
	f.Add([]byte{10}, []byte{9}, int64(-3), int64(0))
	f.Add([]byte{0}, []byte{0}, int64(math.MaxInt64/2), int64(math.MaxInt64/2))
	f.Fuzz(func(t *testing.T, xs, ys []byte, extraA, extraB int64) {
		var a, b Tally
		for _, x := range xs {
			_ = a.Add(int(x % 12)) // 11 is refused
		}
		for _, y := range ys {
			_ = b.Add(int(y % 12))
		}
		a.Ratings[int(uint64(extraA)%11)] += extraA
		b.Ratings[int(uint64(extraB)%11)] += extraB
		keep := a
		err := a.Merge(b)
		var sum big.Int
		bad := false
		for i := range a.Ratings {
			x, y := keep.Ratings[i], b.Ratings[i]
			bad = bad || x < 0 || y < 0
			sum.Add(&sum, big.NewInt(x))
			sum.Add(&sum, big.NewInt(y))
		}
		if bad || !sum.IsInt64() {
			require.Error(t, err)
			assert.Equal(t, keep, a, "unchanged on error")
			return
		}
		require.NoError(t, err)
		for i := range a.Ratings {
			assert.Equal(t, keep.Ratings[i]+b.Ratings[i], a.Ratings[i])
		}
		r, err := a.Result()
		if sum.Sign() == 0 {
			require.ErrorIs(t, err, ErrEmpty)
			return
		}
		require.NoError(t, err)
		assert.Equal(t, sum.Int64(), int64(r.N))
		wiretest.RoundTrip(t, a)
	})
}

// FuzzWeightedTallyMerge merges weighted tallies with any state: an error
// for state Add cannot produce, otherwise counts add exactly and Result
// holds its invariants or reports an error.
func FuzzWeightedTallyMerge(f *testing.F) {
	f.Add([]byte{10, 9, 3}, []byte{16, 0, 200}, int64(0), 0.0)
	f.Add([]byte{}, []byte{}, int64(math.MaxInt64), 1e308)
	f.Add([]byte{5}, []byte{1}, int64(-1), math.NaN())
	f.Fuzz(func(t *testing.T, rs, ws []byte, extraN int64, extraSum float64) {
		var a, b WeightedTally
		for i, r := range rs {
			w := 1.0
			if i < len(ws) {
				w = float64(ws[i]) / 16
			}
			part := &a
			if i%2 == 1 {
				part = &b
			}
			_ = part.Add(int(r%12), w)
		}
		b.N[int(uint64(extraN)%3)] += extraN
		b.Sum[0] += extraSum
		keep := a
		err := a.Merge(b)
		if b.check() != nil {
			require.Error(t, err)
			assert.True(t, wiretest.Equal(keep, a), "unchanged on error")
			return
		}
		if err != nil {
			require.ErrorIs(t, err, ErrOutOfRange)
			assert.True(t, wiretest.Equal(keep, a), "unchanged on error")
			return
		}
		for c := range a.N {
			assert.Equal(t, keep.N[c]+b.N[c], a.N[c])
		}
		w, err := a.Result()
		if err != nil {
			assert.True(t, errors.Is(err, ErrEmpty) || errors.Is(err, ErrOutOfRange) || errors.Is(err, ErrNegative), "%v", err)
			return
		}
		assert.True(t, w.Score >= -100-1e-9 && w.Score <= 100+1e-9, "score %v", w.Score)
		assert.True(t, w.StdErr >= 0)
	})
}

// FuzzCountByGroupSize feeds any numGroups, huge and negative included:
// an error before anything is allocated, or counts that add up.
func FuzzCountByGroupSize(f *testing.F) {
	f.Add(3, uint8(1))
	f.Add(math.MaxInt, uint8(0))
	f.Add(MaxGroups+1, uint8(2))
	f.Add(MaxGroups, uint8(0))
	f.Add(-5, uint8(1))
	f.Add(1<<40, uint8(3))
	f.Fuzz(func(t *testing.T, numGroups int, workers uint8) {
		ratings := []uint8{10, 9, 0, 7}
		groups := []int32{0, 0, 0, 0}
		got, err := CountByGroup(context.Background(), ratings, groups, numGroups, &GroupSettings{Workers: int(workers)})
		if numGroups < 1 || numGroups > MaxGroups {
			require.ErrorIs(t, err, ErrOutOfRange)
			assert.Contains(t, err.Error(), "number of groups")
			return
		}
		require.NoError(t, err)
		require.Len(t, got, numGroups)
		assert.Equal(t, Counts{2, 1, 1}, got[0])
	})
}

// FuzzZeroValues calls every method of the zero values and of posteriors
// set by hand with any parameters: no panic, NaN or an error when there is
// no distribution.
func FuzzZeroValues(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, 0.5, 3)
	f.Add(1.0, 1.0, 1.0, 0.1, 10)
	f.Add(-1.0, 2.0, math.Inf(1), 0.9, -1)
	f.Add(math.NaN(), 1.0, 1.0, 0.5, 1)
	f.Add(1e300, 1e-300, 5.0, 0.5, 2)
	f.Fuzz(func(t *testing.T, pro, pas, det, q float64, draws int) {
		var tl Tally
		_, err := tl.Result()
		assert.ErrorIs(t, err, ErrEmpty)
		assert.Equal(t, 0, tl.N())
		assert.Equal(t, Counts{}, tl.Counts())
		require.NoError(t, tl.Merge(Tally{}))
		var wt WeightedTally
		_, err = wt.Result()
		assert.ErrorIs(t, err, ErrEmpty)
		require.NoError(t, wt.Merge(WeightedTally{}))
		var r Result
		_, err = r.Interval(0, AdjustedWald)
		require.NoError(t, err)
		var w WeightedResult
		_, err = w.Interval(0, LinearizedSE)
		require.NoError(t, err)

		p := Posterior{pro, pas, det}
		valid := p.check() == nil
		for _, v := range []float64{p.Mean(), p.Variance(), p.SD(), p.ProbPositive(), p.CDF(q * 100), p.Rand(rand.NewPCG(1, 2))} {
			if !valid {
				assert.True(t, math.IsNaN(v), "%+v", p)
			}
		}
		_, err = p.CredibleInterval(0)
		if !valid {
			assert.Error(t, err)
		}
		ctx := context.Background()
		s := &MonteCarloSettings{Draws: draws % 50, Src: rand.NewPCG(3, 4)}
		if s.Draws == 0 {
			s.Draws = 1
		}
		_, err = p.Simulate(ctx, s)
		if !valid || s.Draws < 0 {
			assert.Error(t, err)
		}
		_, err = ProbGreater(ctx, p, Posterior{1, 1, 1}, s)
		if !valid || s.Draws < 0 {
			assert.Error(t, err)
		}
	})
}
