package csat

import (
	"bytes"
	"io"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

func TestTallyBinaryRoundTrip(t *testing.T) {
	seven := Tally{Scale: Scale7}
	for _, r := range []int{1, 7, 7, 6, 3} {
		require.NoError(t, seven.Add(r))
	}
	var five Tally // the zero Scale stays zero
	_ = five.Add(5)
	wide := Tally{Scale: Scale{Min: 0, Max: 10, TopBoxMin: 9}}
	wide.Ratings = [MaxPoints]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.MaxInt64 - 55}
	neg := Tally{Scale: Scale{Min: -3, Max: 3, TopBoxMin: 2}}
	_ = neg.Add(-3)
	likerttest.BinaryRoundTrip(t, map[string]Tally{
		"empty": {}, "empty7": {Scale: Scale7}, "zero scale": five, "seven": seven,
		"binary": {Scale: Binary, Ratings: [MaxPoints]int64{0, 1}}, "max": wide, "negative min": neg,
	})
}

// TestTallyBinaryLayout fixes the format: changing it needs a new version byte.
func TestTallyBinaryLayout(t *testing.T) {
	v := Tally{Scale: Scale7}
	v.Ratings[0], v.Ratings[6] = 1, 300
	b, err := v.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 2, 14, 12, 7, 1, 0, 0, 0, 0, 0, 0xac, 0x02}, b)
}

func TestTallyBinaryErrors(t *testing.T) {
	likerttest.EncodeErrors(t, map[string]Tally{
		"bad scale":           {Scale: Scale{Min: 3, Max: 1}},
		"negative count":      {Ratings: [MaxPoints]int64{-1}},
		"count off the scale": {Ratings: [MaxPoints]int64{5: 1}},
		"sum past MaxInt64":   {Ratings: [MaxPoints]int64{math.MaxInt64, 1}},
	}, map[string]error{"bad scale": ErrScale, "negative count": ErrNegative, "count off the scale": ErrOutOfRange, "sum past MaxInt64": ErrOutOfRange})
	good, _ := Tally{Scale: Scale7, Ratings: [MaxPoints]int64{1, 2}}.MarshalBinary()
	likerttest.BinaryDecodeErrors(t, Tally{Scale: Scale3, Ratings: [MaxPoints]int64{4}}, []likerttest.Decode{
		{Name: "empty", Want: io.ErrUnexpectedEOF},
		{Name: "unknown version", Data: append([]byte{2}, good[1:]...), Want: ErrOutOfRange},
		{Name: "truncated", Data: good[:len(good)-1], Want: io.ErrUnexpectedEOF},
		{Name: "trailing byte", Data: append(append([]byte{}, good...), 0), Want: ErrOutOfRange},
		{Name: "wrong number of counts", Data: []byte{1, 2, 14, 12, 3, 1, 1, 1}, Want: ErrOutOfRange},
		{Name: "bad scale", Data: []byte{1, 6, 2, 2, 3, 1, 1, 1}, Want: ErrScale},
		{Name: "sum past MaxInt64", Data: append([]byte{1, 0, 0, 0, 5}, append(bytes.Repeat([]byte{0xff}, 8), 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0)...), Want: ErrOutOfRange},
		{Name: "count past int64", Data: append([]byte{1, 0, 0, 0, 5}, append(bytes.Repeat([]byte{0xff}, 9), 0x01, 0, 0, 0, 0)...), Want: ErrOutOfRange},
	})
}

func FuzzTallyUnmarshalBinary(f *testing.F) {
	good, _ := Tally{Scale: Scale7, Ratings: [MaxPoints]int64{1, 2}}.MarshalBinary()
	f.Add(good)
	f.Add([]byte{1, 0, 0, 0, 5, 0, 0, 0, 0, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Tally
		if v.UnmarshalBinary(b) == nil {
			likerttest.Decoded(t, v)
		}
	})
}
