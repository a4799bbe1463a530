package rating

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want error
	}{
		{9, nil}, {0, nil}, {10, nil},
		{10.000001, ErrNotInteger}, {8.5, ErrNotInteger},
		{11, ErrOutOfRange}, {-1, ErrOutOfRange},
		{math.NaN(), ErrNotFinite}, {math.Inf(1), ErrNotFinite}, {math.Inf(-1), ErrNotFinite},
	} {
		got, err := Check(4, tc.v, 0, 10)
		if tc.want == nil {
			require.NoError(t, err, "value %v", tc.v)
			assert.Equal(t, int(tc.v), got)
			continue
		}
		require.ErrorIs(t, err, tc.want, "value %v", tc.v)
		var re *Error
		require.True(t, errors.As(err, &re))
		assert.Equal(t, 4, re.Index)
		assert.Contains(t, err.Error(), "index 4")
	}
}

func TestCheckInt(t *testing.T) {
	assert.NoError(t, CheckInt(0, 5, 1, 5))
	err := CheckInt(2, 6, 1, 5)
	assert.ErrorIs(t, err, ErrOutOfRange)
	assert.EqualError(t, err, "rating 6 at index 2: rating is outside the scale (scale 1 to 5)")
}
