package likert

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testErrs are the sentinels of a package "x" for the tests.
var testErrs = &Errors{
	Pkg:        "x",
	Empty:      errors.New("x: no responses"),
	NonFinite:  errors.New("x: not finite"),
	NotInteger: errors.New("x: not a whole number"),
	OutOfRange: errors.New("x: out of range"),
	Negative:   errors.New("x: negative"),
	Scale:      errors.New("x: bad scale"),
	Length:     errors.New("x: wrong length"),
	Method:     errors.New("x: unknown method"),
}

func TestTallyChecks(t *testing.T) {
	c := []int64{math.MaxInt64 - 1, 0, 0}
	require.NoError(t, testErrs.Add(c, 1, 3, 1))
	assert.ErrorIs(t, testErrs.Add(c, 1, 3, 1), testErrs.OutOfRange, "a count at MaxInt64")
	require.NoError(t, testErrs.Add(c, 1, 3, 2))
	_, err := testErrs.Check(c, 1, 3)
	assert.ErrorIs(t, err, testErrs.OutOfRange, "the total passes MaxInt64")
	assert.Equal(t, int64(math.MaxInt64), Saturated(c))

	err = testErrs.Add([]int64{0, 2, 0}, 1, 3, 7)
	var in *Input
	require.ErrorAs(t, err, &in)
	assert.Equal(t, Input{Index: 2, Field: "rating", Value: "7", Err: in.Err}, *in)
	assert.ErrorIs(t, err, testErrs.OutOfRange)
	assert.Equal(t, "out of range 1..3", in.Err.Error(), "the sentinel's prefix is left to InputError")

	dst := []int64{1, 2, 0}
	assert.ErrorIs(t, testErrs.Merge(dst, []int64{math.MaxInt64, 0, 0}, 1, 3), testErrs.OutOfRange)
	assert.Equal(t, []int64{1, 2, 0}, dst, "a failed Merge changes nothing")
	assert.ErrorIs(t, testErrs.Merge(dst, []int64{-1, 0, 0}, 1, 3), testErrs.Negative)
	assert.ErrorIs(t, testErrs.Merge(dst, []int64{0, 0, 1}, 1, 2), testErrs.OutOfRange, "a count past the scale")
	require.NoError(t, testErrs.Merge(dst, []int64{1, 1, 1}, 1, 3))
	assert.Equal(t, []int64{2, 3, 1}, dst)

	assert.EqualError(t, testErrs.Counted([]int64{0, 0, 0}, 1, 3), "x: no responses: no ratings counted")
	assert.ErrorIs(t, testErrs.Counted([]int64{0, -1, 0}, 1, 3), testErrs.Negative)
	assert.ErrorIs(t, testErrs.Counted([]int64{0, 0, 1}, 1, 2), testErrs.OutOfRange, "a count past the scale")
	assert.NoError(t, testErrs.Counted([]int64{0, 2, 0}, 1, 3))

	_, err = testErrs.FromInts(make([]int64, 3), []int{1, 2}, 3)
	assert.ErrorIs(t, err, testErrs.Length)
	_, err = testErrs.FromInts(make([]int64, 3), []int{0, 0, 0}, 3)
	assert.ErrorIs(t, err, testErrs.Empty)
	_, err = testErrs.FromInts(make([]int64, 3), []int{math.MaxInt, math.MaxInt, 0}, 3)
	assert.ErrorIs(t, err, testErrs.OutOfRange)
}

func TestCountErrors(t *testing.T) {
	cls := PerPoint(1, 5)
	ctx := context.Background()
	_, err := testErrs.Count(ctx, []uint8{1}, []int32{0, 0}, 1, cls, 1)
	assert.ErrorIs(t, err, testErrs.Length)
	for _, ng := range []int{0, -3, MaxGroups + 1} {
		_, err = testErrs.Count(ctx, []uint8{1}, []int32{0}, ng, cls, 1)
		assert.ErrorIs(t, err, testErrs.OutOfRange)
	}
	_, err = testErrs.Count(ctx, []uint8{1, 1}, []int32{0, 4}, 2, cls, 1)
	var in *Input
	require.ErrorAs(t, err, &in)
	assert.Equal(t, "input: group 4 at index 1: out of range 0..1", in.Error())
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = testErrs.Count(cancelled, []uint8{1}, []int32{0}, 1, cls, 1)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestShareAndMean(t *testing.T) {
	iv, err := Share[testInterval](3, 10, 0, int(Wilson), testErrs)
	require.NoError(t, err)
	assert.InDelta(t, 0.95, iv.Level, 0)
	assert.True(t, iv.Lower >= 0 && iv.Upper <= 100 && iv.Lower < 30 && iv.Upper > 30)
	_, err = Share[testInterval](3, 10, 0, 9, testErrs)
	assert.ErrorIs(t, err, testErrs.Method)
	_, err = Share[testInterval](11, 10, 0, 0, testErrs)
	assert.ErrorIs(t, err, testErrs.OutOfRange)
	_, err = Share[testInterval](0, 0, 0, 0, testErrs)
	assert.ErrorIs(t, err, testErrs.Empty)
	_, _, err = Mean[testInterval](Of([]int64{1, 1}, 1), math.NaN(), testErrs)
	assert.ErrorContains(t, err, "x: ")
	m, ok, err := Mean[testInterval](Of([]int64{1, 1}, 1), 0.9, testErrs)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.InDelta(t, 0.9, m.Level, 0)
}

func TestSampleSize(t *testing.T) {
	n, err := testErrs.SampleSize(5, 0.95, 0.25)
	require.NoError(t, err)
	assert.Equal(t, 385, Ceil(n))
	for _, m := range []float64{0, -1, 1e-12} {
		_, err := testErrs.SampleSize(m, 0.95, 0.25)
		assert.ErrorIs(t, err, testErrs.OutOfRange, "%v", m)
	}
	_, err = testErrs.SampleSize(math.NaN(), 0.95, 0.25)
	assert.ErrorIs(t, err, testErrs.NonFinite)
}
