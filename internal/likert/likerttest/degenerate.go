package likerttest

import (
	"encoding"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Metric is csat or ces for [Degenerate] and [Levels]: its calls on its default scale,
// with results and comparisons passed as the package's own values, which
// the checks read by field and method name.
type Metric struct {
	// Score is the package's Score on its default scale.
	Score func(ratings ...float64) (any, error)
	// Compare is the package's Compare of two Results at the confidence
	// level with the alternative (0 two-sided, 1 less, 2 greater).
	Compare func(a, b any, level float64, alt int) (any, error)
	// Share is the name of the Result's headline share ("CSAT", "PctEasy").
	Share string
	// Top is the best rating; TopBox three ratings all in the top box, and
	// Same two groups, each all in the top box, whose shares are equal.
	Top    float64
	TopBox []float64
	Same   [2][]float64
	// ErrEmpty is the package's sentinel for no responses.
	ErrEmpty error
}

// Interval is an interval of any of the packages, as the checks read it.
type Interval struct{ Lower, Upper, Level float64 }

// Degenerate checks the rows of the "Degenerate cases" table that csat and
// ces document alike: no responses, one response (mean interval
// undefined), all ratings equal (a point interval), all or none in the top
// box (each method's interval at the edge, Wald's a point, JeffreysPlain's
// inside), comparisons with one response, with both groups all in (or all
// out of) the box, and with each group all one rating (SciPy's ttest_ind
// limit: ttest_ind([5, 5, 5], [4, 4], equal_var=False) is (inf, 0.0), with
// alternative "less" 1.0 and "greater" 0.0; equal constants: no answer).
func Degenerate(t *testing.T, m Metric) {
	score := func(r ...float64) reflect.Value {
		t.Helper()
		res, err := m.Score(r...)
		require.NoError(t, err)
		return reflect.ValueOf(res)
	}
	_, err := m.Score()
	assert.True(t, errors.Is(err, m.ErrEmpty), "no responses: %v", err)

	one := score(m.Top)
	assert.Equal(t, 100.0, one.FieldByName(m.Share).Float())
	assert.True(t, math.IsNaN(num(one, "SD")) && math.IsNaN(num(one, "StdErr")) && !one.FieldByName("MeanDefined").Bool())
	iv, ok := meanInterval(t, one)
	assert.False(t, ok)
	assert.True(t, math.IsNaN(iv.Lower) && math.IsNaN(iv.Upper))
	same := score(4, 4, 4)
	assert.Equal(t, 0.0, num(same, "SD"))
	iv, ok = meanInterval(t, same)
	assert.True(t, ok)
	assert.Equal(t, Interval{Lower: 4, Upper: 4, Level: 0.95}, iv)

	const wilson, clopperPearson, wald, jeffreys, jeffreysPlain = 0, 1, 3, 4, 5
	for _, c := range []struct {
		r    reflect.Value
		edge float64
	}{{score(m.TopBox...), 100}, {score(1, 2, 3), 0}} {
		for _, method := range []int{wilson, jeffreys, clopperPearson} {
			iv := shareInterval(t, c.r, method)
			assert.True(t, iv.Lower == c.edge || iv.Upper == c.edge, "%v %v", method, iv)
		}
		assert.Equal(t, Interval{Lower: c.edge, Upper: c.edge, Level: 0.95}, shareInterval(t, c.r, wald))
		iv := shareInterval(t, c.r, jeffreysPlain)
		assert.True(t, iv.Lower > 0 && iv.Upper < 100, "%v", iv)
	}

	cmp := func(a, b reflect.Value, alt int) (share, mean reflect.Value) {
		t.Helper()
		c, err := m.Compare(a.Interface(), b.Interface(), 0, alt)
		require.NoError(t, err)
		v := reflect.ValueOf(c)
		return v.FieldByName("Share"), v.FieldByName("Mean")
	}
	_, mean := cmp(one, score(4, 5), 0)
	assert.False(t, mean.FieldByName("Defined").Bool())
	assert.True(t, math.IsNaN(num(mean, "P")))
	share, _ := cmp(score(m.Same[0]...), score(m.Same[1]...), 0)
	assert.False(t, share.FieldByName("Defined").Bool())
	assert.True(t, math.IsNaN(num(share, "Statistic")) && math.IsNaN(num(share, "P")))
	assert.Equal(t, Interval{Lower: 0, Upper: 0, Level: 0.95}, interval(share.FieldByName("CI")))
	share, _ = cmp(score(1, 2), score(3, 1, 2), 0)
	assert.False(t, share.FieldByName("Defined").Bool())

	for alt, p := range map[int]float64{0: 0, 2: 0, 1: 1} {
		_, mean = cmp(score(4, 4), score(5, 5, 5), alt)
		assert.True(t, mean.FieldByName("Defined").Bool())
		assert.Equal(t, math.Inf(1), num(mean, "Statistic"))
		assert.Equal(t, p, num(mean, "P"), "alternative %d", alt)
		assert.Equal(t, Interval{Lower: 1, Upper: 1, Level: 0.95}, interval(mean.FieldByName("CI")))
		_, mean = cmp(score(5, 5, 5), score(4, 4), alt)
		assert.Equal(t, math.Inf(-1), num(mean, "Statistic"))
		assert.Equal(t, map[int]float64{0: 0, 2: 1, 1: 0}[alt], num(mean, "P"), "alternative %d", alt)
	}
	_, mean = cmp(score(4, 4), score(4, 4, 4), 0)
	assert.False(t, mean.FieldByName("Defined").Bool())
	assert.True(t, math.IsNaN(num(mean, "Statistic")) && math.IsNaN(num(mean, "P")) && math.IsNaN(interval(mean.FieldByName("CI")).Lower))
}

// Levels returns the calls of the metric that take a confidence level, on
// r, a Result of the metric's, each giving back the level its result
// reports, for leveltest.Check: Interval (by every method, which must
// agree with Wilson's), MeanInterval and Compare
// of r with itself, whose share and mean tests and their intervals must
// all report the same level.
func Levels(t *testing.T, m Metric, r any) map[string]func(float64) (float64, error) {
	rv := reflect.ValueOf(r)
	return map[string]func(float64) (float64, error){
		"Interval": func(l float64) (float64, error) {
			out := invoke(rv, "Interval", l, 0)
			for method := 1; method <= 5; method++ {
				o := invoke(rv, "Interval", l, method)
				assert.Equal(t, num(out[0], "Level"), num(o[0], "Level"), "method %d at %v", method, l)
				assert.Equal(t, failure(out) == nil, failure(o) == nil, "method %d at %v: %v", method, l, failure(o))
			}
			return num(out[0], "Level"), failure(out)
		},
		"MeanInterval": func(l float64) (float64, error) {
			out := invoke(rv, "MeanInterval", l)
			return num(out[0], "Level"), failure(out)
		},
		"Compare": func(l float64) (float64, error) {
			c, err := m.Compare(r, r, l, 0)
			v := reflect.ValueOf(c)
			share, mean := v.FieldByName("Share"), v.FieldByName("Mean")
			level := num(share, "Level")
			for _, got := range []float64{num(share.FieldByName("CI"), "Level"), num(mean, "Level"), num(mean.FieldByName("CI"), "Level")} {
				assert.Equal(t, level, got, "the levels of a comparison at %v", l)
			}
			return level, err
		},
	}
}

// CompareInvariants scores ra and rb with the metric and, when both are
// valid, compares them with the alternative and checks what every
// comparison must satisfy: the share's interval contains its Diff, its test
// is Defined exactly when PooledStdErr > 0, and then P is in [0, 1], else
// the statistic is NaN; the mean's test, when Defined, has P in [0, 1] and
// an interval that contains its Diff, else a NaN statistic. It returns the
// two Results and the comparison for the package's own checks, and ok
// false (nothing checked) when a sample is not valid.
func CompareInvariants(t *testing.T, m Metric, ra, rb []float64, alt int) (a, b, c any, ok bool) {
	t.Helper()
	a, erra := m.Score(ra...)
	b, errb := m.Score(rb...)
	if erra != nil || errb != nil {
		return nil, nil, nil, false
	}
	c, err := m.Compare(a, b, 0, alt)
	require.NoError(t, err)
	v := reflect.ValueOf(c)
	share, mean := v.FieldByName("Share"), v.FieldByName("Mean")
	assert.True(t, contains(share, num(share, "Diff")), "share %+v", share)
	assert.Equal(t, num(share, "PooledStdErr") > 0, share.FieldByName("Defined").Bool(), "share %+v", share)
	for _, test := range []reflect.Value{share, mean} {
		if test.FieldByName("Defined").Bool() {
			p := num(test, "P")
			assert.True(t, p >= 0 && p <= 1, "%+v", test)
		} else {
			assert.True(t, math.IsNaN(num(test, "Statistic")), "%+v", test)
		}
	}
	if mean.FieldByName("Defined").Bool() {
		assert.True(t, contains(mean, num(mean, "Diff")), "mean %+v", mean)
	}
	return a, b, c, true
}

// contains reports whether the interval CI of a test holds x, by the
// package's own Interval.Contains.
func contains(test reflect.Value, x float64) bool {
	return invoke(test.FieldByName("CI"), "Contains", x)[0].Bool()
}

func num(v reflect.Value, field string) float64 { return v.FieldByName(field).Float() }

func interval(v reflect.Value) Interval {
	return Interval{Lower: num(v, "Lower"), Upper: num(v, "Upper"), Level: num(v, "Level")}
}

// invoke calls the method name of r with the arguments converted to the
// method's parameter types and returns its results.
func invoke(r reflect.Value, name string, args ...any) []reflect.Value {
	f := r.MethodByName(name)
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a).Convert(f.Type().In(i))
	}
	return f.Call(in)
}

// failure returns the error that ends the results of a call, or nil.
func failure(out []reflect.Value) error {
	err, _ := out[len(out)-1].Interface().(error)
	return err
}

// call is invoke for a call whose error must be nil.
func call(t *testing.T, r reflect.Value, name string, args ...any) []reflect.Value {
	t.Helper()
	out := invoke(r, name, args...)
	require.NoError(t, failure(out), name)
	return out
}

// shareInterval returns r.Interval(0, method).
func shareInterval(t *testing.T, r reflect.Value, method int) Interval {
	t.Helper()
	return interval(call(t, r, "Interval", 0.0, method)[0])
}

// meanInterval returns r.MeanInterval(0).
func meanInterval(t *testing.T, r reflect.Value) (Interval, bool) {
	t.Helper()
	out := call(t, r, "MeanInterval", 0.0)
	return interval(out[0]), out[1].Bool()
}

// JeffreysPlain checks the plain Jeffreys interval of r, a Result with 10
// responses and none in the box, against SciPy 1.10.1's
// beta.ppf/isf(0.025, x + ½, n − x + ½) (statsmodels' formula): x = 0 of 10
// gives [0.0047890433157581876, 21.71962675092106] %, and the default
// Jeffreys differs only in its lower end, 0. plain is the package's
// JeffreysPlain, which encodes as "jeffreys-plain"; the next method number
// is an error wrapping errMethod.
func JeffreysPlain(t *testing.T, r any, plain encoding.TextMarshaler, errMethod error) {
	rv := reflect.ValueOf(r)
	p := shareInterval(t, rv, 5)
	assert.InEpsilon(t, 0.0047890433157581876, p.Lower, 1e-9)
	assert.InEpsilon(t, 21.71962675092106, p.Upper, 1e-9)
	assert.Equal(t, Interval{Lower: 0, Upper: p.Upper, Level: 0.95}, shareInterval(t, rv, 4))
	b, err := plain.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "jeffreys-plain", string(b))
	m := reflect.New(reflect.TypeOf(plain))
	require.NoError(t, m.Interface().(encoding.TextUnmarshaler).UnmarshalText(b))
	assert.Equal(t, plain, m.Elem().Interface())
	assert.ErrorIs(t, failure(invoke(rv, "Interval", 0.0, 6)), errMethod)
}
