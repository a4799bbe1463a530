// Package likerttest holds the test helpers that nps, csat and ces share:
// the checks their tallies must pass whatever the scale (a merge equals
// one pass, a binary or JSON round trip is exact, a failed decode changes
// nothing, a decoded tally is one Add could produce) and the cancellation
// check of their grouped counters (this file); the run of the survey
// reference file (reference.go); the degenerate cases, level calls and
// comparison invariants that csat and ces document alike, read by field
// name from a [Metric] (degenerate.go); and the benchmarks' data and size
// ladder (bench.go). Each typed helper takes the package's own type as a
// type parameter, so that a test reads as a table of that package's values.
package likerttest

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tally is the pointer type of an accumulator T of one package.
type Tally[T any] interface {
	*T
	Add(r int) error
	Merge(o T) error
}

// MergeEqualsOnePass adds ratings[:k] to a copy of zero, the rest to
// another, merges the second into the first, and checks that the result
// equals one pass over all of them (k is taken modulo len(ratings) + 1).
// It returns the merged tally.
func MergeEqualsOnePass[T any, PT Tally[T], N ~int | ~float64](t testing.TB, zero T, ratings []N, k int) T {
	t.Helper()
	k %= len(ratings) + 1
	one, a, b := zero, zero, zero
	for i, r := range ratings {
		require.NoError(t, PT(&one).Add(int(r)))
		if i < k {
			require.NoError(t, PT(&a).Add(int(r)))
		} else {
			require.NoError(t, PT(&b).Add(int(r)))
		}
	}
	require.NoError(t, PT(&a).Merge(b))
	assert.Equal(t, one, a)
	return a
}

// Binary is the pointer type of a value T with a binary form.
type Binary[T any] interface {
	*T
	encoding.BinaryUnmarshaler
}

// BinaryRoundTrip checks that every value decodes to itself and encodes
// again to the same bytes.
func BinaryRoundTrip[T interface {
	comparable
	encoding.BinaryMarshaler
}, PT Binary[T]](t *testing.T, values map[string]T) {
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			b, err := v.MarshalBinary()
			require.NoError(t, err)
			var got T
			require.NoError(t, PT(&got).UnmarshalBinary(b))
			require.Equal(t, v, got)
			b2, err := got.MarshalBinary()
			require.NoError(t, err)
			assert.True(t, bytes.Equal(b, b2), "re-encoding differs: %x vs %x", b2, b)
		})
	}
}

// Decode is a malformed binary form and the error it must give.
type Decode struct {
	Name string
	Data []byte
	Want error
}

// BinaryDecodeErrors checks that each malformed form gives its error and
// leaves a value that held start unchanged.
func BinaryDecodeErrors[T comparable, PT Binary[T]](t *testing.T, start T, cases []Decode) {
	for _, c := range cases {
		v := start
		err := PT(&v).UnmarshalBinary(c.Data)
		assert.True(t, errors.Is(err, c.Want), "%s: UnmarshalBinary error %v, want %v", c.Name, err, c.Want)
		assert.Equal(t, start, v, "%s: the value changed on error", c.Name)
	}
}

// JSONDecodeErrors checks that json.Unmarshal refuses each input (a tally
// that no run of Add produces) and leaves a value that held start
// unchanged.
func JSONDecodeErrors[T any](t *testing.T, start T, inputs []string) {
	t.Helper()
	for _, in := range inputs {
		v := start
		assert.Error(t, json.Unmarshal([]byte(in), &v), in)
		assert.Equal(t, start, v, "%s: the value changed on error", in)
	}
}

// EncodeErrors checks that MarshalBinary refuses each value with its error.
func EncodeErrors[T encoding.BinaryMarshaler](t *testing.T, values map[string]T, want map[string]error) {
	for name, v := range values {
		_, err := v.MarshalBinary()
		assert.ErrorIs(t, err, want[name], name)
	}
}

// Merger is the pointer type of a value T that merges another T into
// itself (every tally, whatever its Add takes).
type Merger[T any] interface {
	*T
	Merge(o T) error
}

// Decoded checks a tally that UnmarshalBinary accepted: it must encode
// again and merge into an empty tally, as one built by Add does.
func Decoded[T encoding.BinaryMarshaler, PT Merger[T]](t testing.TB, v T) {
	t.Helper()
	_, err := v.MarshalBinary()
	require.NoError(t, err, "decoded %+v but cannot encode it", v)
	var w T
	require.NoError(t, PT(&w).Merge(v), "decoded %+v does not merge", v)
}

// CountCancel runs count, a grouped counter on one goroutine, on 2²⁶
// ratings (rating(i) and group i mod groups for the i-th) with a context
// cancelled 20 ms in, and checks that it stops early with
// context.Canceled; then that a context cancelled before the call stops
// it on any input.
func CountCancel(t *testing.T, rating func(i int) uint8, groups int, count func(ctx context.Context, ratings []uint8, groups []int32, numGroups int) error) {
	// 2²⁶ ratings take 20–50 ms on an idle machine, far more under load;
	// the cancel comes after 1 ms, so the call is still counting (or, if
	// the timer fires first, has not started) and never ends before it.
	n := 1 << 26
	r, g := make([]uint8, n), make([]int32, n)
	for i := range r {
		r[i], g[i] = rating(i), int32(i%groups)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(time.Millisecond, cancel)
	start := time.Now()
	err := count(ctx, r, g, groups)
	took := time.Since(start)
	require.True(t, errors.Is(err, context.Canceled), "err = %v after %v", err, took)
	assert.Less(t, took, time.Second)
	assert.ErrorIs(t, count(ctx, r[:1], g[:1], groups), context.Canceled)
}

// FirstBad returns the index of the first rating of xs that is not a whole
// number in [lo, hi] (NaN and ±Inf are not), or −1.
func FirstBad(xs []float64, lo, hi int) int {
	for i, x := range xs {
		if math.IsNaN(x) || x != math.Trunc(x) || x < float64(lo) || x > float64(hi) {
			return i
		}
	}
	return -1
}

// ScoreError checks err, what the package's Score returned for xs on the
// scale [lo, hi]: errEmpty for no ratings; for a bad rating an *E (the
// package's InputError) whose Index is the first bad one and whose message
// starts with "<pkg>: rating ". It returns whether xs is valid, when err
// must be nil.
func ScoreError[E any, PE interface {
	*E
	error
}](t testing.TB, pkg string, xs []float64, lo, hi int, err, errEmpty error) bool {
	t.Helper()
	bad := FirstBad(xs, lo, hi)
	switch {
	case len(xs) == 0:
		require.ErrorIs(t, err, errEmpty)
		return false
	case bad >= 0:
		var in PE
		require.ErrorAs(t, err, &in)
		assert.Equal(t, int64(bad), reflect.ValueOf(in).Elem().FieldByName("Index").Int())
		assert.True(t, strings.HasPrefix(err.Error(), pkg+": rating "), err.Error())
		return false
	}
	require.NoError(t, err)
	return true
}

// GroupedRatings turns fuzz bytes into the input of a grouped counter: each
// pair of bytes is a rating (the first byte modulo mod) and a group id (the
// second byte minus one, so that −1 is out of range).
func GroupedRatings(data []byte, mod byte) ([]uint8, []int32) {
	n := len(data) / 2
	ratings, groups := make([]uint8, n), make([]int32, n)
	for i := range n {
		ratings[i] = data[2*i] % mod
		groups[i] = int32(data[2*i+1]) - 1
	}
	return ratings, groups
}

// GroupsAdd checks that each tally of got, what a grouped counter returned
// for ratings and groups, equals fresh(it) filled by Add, one rating of its
// group at a time.
func GroupsAdd[T any, PT Tally[T]](t testing.TB, got []T, ratings []uint8, groups []int32, fresh func(T) T) {
	t.Helper()
	for g, tl := range got {
		want := fresh(tl)
		for i, r := range ratings {
			if int(groups[i]) == g {
				require.NoError(t, PT(&want).Add(int(r)))
			}
		}
		assert.Equal(t, want, tl, "group %d", g)
	}
}

// ExactSum checks that n, the number of responses of a Result made from
// counts, is their sum computed without overflow.
func ExactSum(t testing.TB, counts []int, n int) {
	t.Helper()
	var sum big.Int
	for _, c := range counts {
		sum.Add(&sum, big.NewInt(int64(c)))
	}
	assert.Equal(t, sum.String(), strconv.Itoa(n))
}

// Floats returns the byte ratings as float64, the input of Score.
func Floats(ratings []uint8) []float64 {
	xs := make([]float64, len(ratings))
	for i, r := range ratings {
		xs[i] = float64(r)
	}
	return xs
}

// BadSettings is settings that a SampleSize must refuse, and the error.
type BadSettings[S any] struct {
	Settings S
	Err      error
}

// SampleSizeErrors checks size, a package's SampleSize: it refuses a
// margin of error that is not positive (outOfRange), NaN or infinite
// (nonFinite), or so small that it needs more than 10¹⁵ respondents
// (outOfRange), with default settings; and each of bad with a margin of 5.
func SampleSizeErrors[S any](t *testing.T, size func(margin float64, s *S) error, outOfRange, nonFinite error, bad []BadSettings[S]) {
	t.Helper()
	for _, tc := range []struct {
		margin float64
		want   error
	}{
		{0, outOfRange}, {-1, outOfRange}, {math.NaN(), nonFinite}, {math.Inf(1), nonFinite},
		{1e-9, outOfRange}, {1e-300, outOfRange},
	} {
		assert.ErrorIs(t, size(tc.margin, nil), tc.want, "margin %v", tc.margin)
	}
	for _, tc := range bad {
		assert.ErrorIs(t, size(5, &tc.Settings), tc.Err, "settings %+v", tc.Settings)
	}
}

// AddAllPosition checks AddAll on a tally that already holds two good
// ratings: given good, bad, good it stops at bad with an error "at index
// 1", bad's position in the sequence (not in the tally), and keeps the good
// rating before it.
func AddAllPosition[T any, PT interface {
	Tally[T]
	AddAll(seq iter.Seq[int]) error
}](t *testing.T, zero T, good, bad int) {
	t.Helper()
	tl, want := zero, zero
	for range 2 {
		require.NoError(t, PT(&tl).Add(good))
	}
	for range 3 {
		require.NoError(t, PT(&want).Add(good))
	}
	err := PT(&tl).AddAll(slices.Values([]int{good, bad, good}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("rating %d at index 1:", bad))
	assert.Equal(t, want, tl)
}
