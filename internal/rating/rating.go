// Package rating validates survey ratings on a declared integer scale and
// reports the first bad one with its index and value.
package rating

import (
	"errors"
	"fmt"
	"math"
)

// The problems a rating can have. Metric packages re-export these so that
// errors.Is works against their own names.
var (
	ErrNotFinite  = errors.New("rating is NaN or infinite")
	ErrNotInteger = errors.New("rating is not a whole number")
	ErrOutOfRange = errors.New("rating is outside the scale")
)

// Error describes one bad rating: where it is, what it is, and which scale
// it broke. Unwrap returns one of the sentinel errors above.
type Error struct {
	Index    int     // position in the input, from 0
	Value    float64 // the rating as given
	Min, Max int     // the scale, inclusive
	Err      error   // ErrNotFinite, ErrNotInteger or ErrOutOfRange
}

// Error describes the rating, its index, the problem and the scale.
func (e *Error) Error() string {
	return fmt.Sprintf("rating %v at index %d: %v (scale %d to %d)", e.Value, e.Index, e.Err, e.Min, e.Max)
}

// Unwrap returns the sentinel, so that errors.Is matches it.
func (e *Error) Unwrap() error { return e.Err }

// Check returns v as an int if it is a whole number in [min, max]. NaN and
// ±Inf are checked before the range, so they never pass a comparison by
// accident. Integer-valued floats such as 9.0 are accepted; 8.5 and
// 10.000001 are not.
func Check(index int, v float64, min, max int) (int, error) {
	if err := Problem(v, min, max); err != nil {
		return 0, &Error{Index: index, Value: v, Min: min, Max: max, Err: err}
	}
	return int(v), nil
}

// Problem returns what is wrong with the rating v on the scale [min, max]:
// ErrNotFinite, ErrNotInteger or ErrOutOfRange, in that order of checks,
// or nil for a whole number in [min, max]. It is the one statement of the
// rule that packages with their own error types (internal/likert) map onto
// their sentinels.
func Problem(v float64, min, max int) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return ErrNotFinite
	case v != math.Trunc(v):
		return ErrNotInteger
	case v < float64(min) || v > float64(max):
		return ErrOutOfRange
	}
	return nil
}

// CheckInt returns an error if v lies outside [min, max].
func CheckInt(index, v, min, max int) error {
	if v < min || v > max {
		return &Error{Index: index, Value: float64(v), Min: min, Max: max, Err: ErrOutOfRange}
	}
	return nil
}
