package badinput_test

import (
	"errors"
	"math"
	"testing"

	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests build journey's own InputError, which, like every journey
// package's, meets badinput.Fields.

func TestAtAndValue(t *testing.T) {
	assert.Equal(t, &journey.InputError{Index: 3, Field: "step", Value: "pay", Err: journey.ErrUnknown},
		badinput.At[journey.InputError](3, "step", "pay", journey.ErrUnknown))
	assert.Equal(t, &journey.InputError{Index: -1, Field: "window", Value: "0", Err: journey.ErrOutOfRange},
		badinput.Value[journey.InputError]("window", "0", journey.ErrOutOfRange))
}

func TestCount(t *testing.T) {
	count := func(i int, field string, v float64) error {
		return badinput.Count[journey.InputError](i, field, v, journey.ErrNonFinite, journey.ErrNegative)
	}
	for _, v := range []float64{0, math.Copysign(0, -1), 0.5, 7, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		assert.NoError(t, count(2, "value", v), v)
	}
	for _, tc := range []struct {
		v     float64
		value string
		want  error
	}{
		{math.NaN(), "NaN", journey.ErrNonFinite},
		{math.Inf(1), "+Inf", journey.ErrNonFinite},
		{math.Inf(-1), "-Inf", journey.ErrNonFinite},
		{-1, "-1", journey.ErrNegative},
		{-math.SmallestNonzeroFloat64, "-5e-324", journey.ErrNegative},
		{-math.MaxFloat64, "-1.7976931348623157e+308", journey.ErrNegative},
	} {
		for _, i := range []int{-1, 4} {
			err := count(i, "touch day", tc.v)
			var ie *journey.InputError
			require.ErrorAs(t, err, &ie, tc.value)
			assert.Equal(t, journey.InputError{Index: i, Field: "touch day", Value: tc.value, Err: tc.want}, *ie)
			assert.ErrorIs(t, err, tc.want)
		}
	}
	assert.EqualError(t, count(4, "touch day", -1), "journey: touch day -1 at index 4: negative")
}

func TestUnknown(t *testing.T) {
	assert.NoError(t, badinput.Unknown(journey.ErrUnknown, nil))
	err := badinput.Unknown(journey.ErrUnknown, errors.New(`wire: journey.Stage "x"`))
	assert.ErrorIs(t, err, journey.ErrUnknown)
	assert.EqualError(t, err, `journey: unknown name: wire: journey.Stage "x"`)
}
