package ces

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
	var v2 Tally
	for _, r := range []int{1, 7, 7, 4, 5} {
		require.NoError(t, v2.Add(r))
	}
	v1 := Tally{Version: V1}
	_ = v1.Add(5)
	_ = v1.Add(1)
	full := Tally{Ratings: [7]int64{1, 2, 3, 4, 5, 6, math.MaxInt64 - 21}}
	likerttest.BinaryRoundTrip(t, map[string]Tally{"empty": {}, "empty V1": {Version: V1}, "V2": v2, "V1": v1, "MaxInt64": full})
}

// TestTallyBinaryLayout fixes the format: changing it needs a new version byte.
func TestTallyBinaryLayout(t *testing.T) {
	b, err := Tally{Version: V1, Ratings: [7]int64{2, 0, 0, 0, 300}}.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 1, 5, 2, 0, 0, 0, 0xac, 0x02}, b)
}

func TestTallyBinaryErrors(t *testing.T) {
	likerttest.EncodeErrors(t, map[string]Tally{
		"unknown version":        {Version: 7},
		"negative count":         {Ratings: [7]int64{-1}},
		"count off the V1 scale": {Version: V1, Ratings: [7]int64{6: 1}},
		"sum past MaxInt64":      {Ratings: [7]int64{math.MaxInt64, 1}},
	}, map[string]error{"unknown version": ErrScale, "negative count": ErrNegative, "count off the V1 scale": ErrOutOfRange, "sum past MaxInt64": ErrOutOfRange})
	good, _ := Tally{Ratings: [7]int64{1, 2}}.MarshalBinary()
	max := append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0x7f)
	likerttest.BinaryDecodeErrors(t, Tally{Version: V1, Ratings: [7]int64{4}}, []likerttest.Decode{
		{Name: "empty", Want: io.ErrUnexpectedEOF},
		{Name: "unknown format", Data: append([]byte{9}, good[1:]...), Want: ErrOutOfRange},
		{Name: "unknown version", Data: []byte{1, 2, 7, 0, 0, 0, 0, 0, 0, 0}, Want: ErrScale},
		{Name: "truncated", Data: good[:len(good)-1], Want: io.ErrUnexpectedEOF},
		{Name: "trailing byte", Data: append(append([]byte{}, good...), 0), Want: ErrOutOfRange},
		{Name: "wrong number of counts", Data: []byte{1, 1, 7, 0, 0, 0, 0, 0, 0, 0}, Want: ErrOutOfRange},
		{Name: "sum past MaxInt64", Data: append(append([]byte{1, 1, 5}, max...), append(max, 0, 0, 0)...), Want: ErrOutOfRange},
		{Name: "count past int64", Data: append([]byte{1, 1, 5}, append(bytes.Repeat([]byte{0xff}, 9), 0x01, 0, 0, 0, 0)...), Want: ErrOutOfRange},
		{Name: "varint overflow", Data: append([]byte{1, 1, 5}, bytes.Repeat([]byte{0xff}, 11)...), Want: ErrOutOfRange},
	})
}

func FuzzTallyUnmarshalBinary(f *testing.F) {
	good, _ := Tally{Ratings: [7]int64{1, 2}}.MarshalBinary()
	f.Add(good)
	f.Add([]byte{1, 1, 5, 0, 0, 0, 0, 9})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Tally
		if v.UnmarshalBinary(b) == nil {
			likerttest.Decoded(t, v)
		}
	})
}
