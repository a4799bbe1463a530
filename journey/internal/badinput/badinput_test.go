package badinput

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inputError is declared as every journey package's InputError is.
type inputError struct {
	Index int
	Line  int
	Field string
	Value string
	Err   error
}

func (e *inputError) Error() string { return e.Field + " " + e.Value + ": " + e.Err.Error() }

var (
	errNonFinite = errors.New("not finite")
	errNegative  = errors.New("negative")
	errUnknown   = errors.New("unknown name")
)

func TestAtAndValue(t *testing.T) {
	assert.Equal(t, &inputError{Index: 3, Field: "step", Value: "pay", Err: errUnknown}, At[inputError](3, "step", "pay", errUnknown))
	assert.Equal(t, &inputError{Index: -1, Field: "window", Value: "0", Err: errNegative}, Value[inputError]("window", "0", errNegative))
}

func TestCount(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 0.5, 7, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		assert.NoError(t, Count[inputError](2, "value", v, errNonFinite, errNegative), v)
	}
	for _, tc := range []struct {
		v     float64
		value string
		want  error
	}{
		{math.NaN(), "NaN", errNonFinite},
		{math.Inf(1), "+Inf", errNonFinite},
		{math.Inf(-1), "-Inf", errNonFinite},
		{-1, "-1", errNegative},
		{-math.SmallestNonzeroFloat64, "-5e-324", errNegative},
		{-math.MaxFloat64, "-1.7976931348623157e+308", errNegative},
	} {
		for _, i := range []int{-1, 4} {
			err := Count[inputError](i, "touch day", tc.v, errNonFinite, errNegative)
			var ie *inputError
			require.ErrorAs(t, err, &ie, tc.value)
			assert.Equal(t, inputError{Index: i, Field: "touch day", Value: tc.value, Err: tc.want}, *ie)
		}
	}
}

func TestUnknown(t *testing.T) {
	assert.NoError(t, Unknown(errUnknown, nil))
	err := Unknown(errUnknown, errors.New(`wire: journey.Stage "x"`))
	assert.ErrorIs(t, err, errUnknown)
	assert.EqualError(t, err, `unknown name: wire: journey.Stage "x"`)
}
