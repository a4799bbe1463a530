package ces

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDegenerate checks every row of the "Degenerate cases" table of the
// package documentation (issue 16, point 1).
func TestDegenerate(t *testing.T) {
	score := func(r ...float64) Result {
		t.Helper()
		res, err := Score(r, V2)
		require.NoError(t, err)
		return res
	}
	_, err := Score(nil, V2)
	assert.ErrorIs(t, err, ErrEmpty)

	one := score(7)
	assert.Equal(t, 100.0, one.PctEasy)
	assert.True(t, math.IsNaN(one.SD) && math.IsNaN(one.StdErr) && !one.MeanDefined)
	iv, ok, err := one.MeanInterval(0)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.True(t, math.IsNaN(iv.Lower) && math.IsNaN(iv.Upper))

	same := score(4, 4, 4)
	assert.Equal(t, 0.0, same.SD)
	iv, ok, err = same.MeanInterval(0)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, Interval{Lower: 4, Upper: 4, Level: 0.95}, iv)

	for _, c := range []struct {
		r    Result
		edge float64
	}{{score(5, 6, 7), 100}, {score(1, 2, 3), 0}} {
		for _, m := range []Method{Wilson, Jeffreys, ClopperPearson} {
			iv, err := c.r.Interval(0, m)
			require.NoError(t, err)
			assert.True(t, iv.Lower == c.edge || iv.Upper == c.edge, "%v %v", m, iv)
		}
		iv, err := c.r.Interval(0, Wald)
		require.NoError(t, err)
		assert.Equal(t, Interval{Lower: c.edge, Upper: c.edge, Level: 0.95}, iv)
		iv, err = c.r.Interval(0, JeffreysPlain)
		require.NoError(t, err)
		assert.True(t, iv.Lower > 0 && iv.Upper < 100, "%v", iv)
	}

	cmp := func(a, b Result, alt Alternative) Comparison {
		t.Helper()
		c, err := Compare(a, b, &CompareSettings{Alternative: alt})
		require.NoError(t, err)
		return c
	}
	c := cmp(one, score(4, 5), TwoSided)
	assert.False(t, c.Mean.Defined)
	assert.True(t, math.IsNaN(c.Mean.P))

	c = cmp(score(5, 7), score(6, 5, 6), TwoSided)
	assert.False(t, c.Share.Defined)
	assert.True(t, math.IsNaN(c.Share.Statistic) && math.IsNaN(c.Share.P))
	assert.Equal(t, Interval{Lower: 0, Upper: 0, Level: 0.95}, c.Share.CI)
	c = cmp(score(1, 2), score(3, 1, 2), TwoSided)
	assert.False(t, c.Share.Defined)

	// SciPy ttest_ind([5, 5, 5], [4, 4], equal_var=False): (inf, 0.0);
	// alternative "less" 1.0, "greater" 0.0.
	for alt, p := range map[Alternative]float64{TwoSided: 0, Greater: 0, Less: 1} {
		c = cmp(score(4, 4), score(5, 5, 5), alt)
		assert.True(t, c.Mean.Defined)
		assert.Equal(t, math.Inf(1), c.Mean.Statistic)
		assert.Equal(t, p, c.Mean.P, "%v", alt)
		assert.Equal(t, Interval{Lower: 1, Upper: 1, Level: 0.95}, c.Mean.CI)
		c = cmp(score(5, 5, 5), score(4, 4), alt)
		assert.Equal(t, math.Inf(-1), c.Mean.Statistic)
		assert.Equal(t, map[Alternative]float64{TwoSided: 0, Greater: 1, Less: 0}[alt], c.Mean.P, "%v", alt)
	}
	c = cmp(score(4, 4), score(4, 4, 4), TwoSided)
	assert.False(t, c.Mean.Defined)
	assert.True(t, math.IsNaN(c.Mean.Statistic) && math.IsNaN(c.Mean.P) && math.IsNaN(c.Mean.CI.Lower))
}

// TestJeffreysPlain: the plain Beta quantiles in percent, against SciPy
// 1.10.1's beta.ppf/isf(0.025, x + ½, n − x + ½) (statsmodels' formula):
// none easy of 10 gives [0.0047890433157581876, 21.71962675092106] %, and the
// default Jeffreys differs only in its lower end, 0.
func TestJeffreysPlain(t *testing.T) {
	r, err := FromCounts([]int{4, 6, 0, 0, 0, 0, 0}, V2)
	require.NoError(t, err)
	p, err := r.Interval(0, JeffreysPlain)
	require.NoError(t, err)
	assert.InEpsilon(t, 0.0047890433157581876, p.Lower, 1e-9)
	assert.InEpsilon(t, 21.71962675092106, p.Upper, 1e-9)
	j, err := r.Interval(0, Jeffreys)
	require.NoError(t, err)
	assert.Equal(t, Interval{Lower: 0, Upper: p.Upper, Level: 0.95}, j)
	b, err := JeffreysPlain.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "jeffreys-plain", string(b))
	var m Method
	require.NoError(t, m.UnmarshalText(b))
	assert.Equal(t, JeffreysPlain, m)
	_, err = r.Interval(0, JeffreysPlain+1)
	assert.ErrorIs(t, err, ErrMethod)
}
