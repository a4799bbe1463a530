// Package badinput builds the errors about one bad input value that journey
// and its subpackages return. Each of those packages declares its own
// InputError (api.md §4: its fields show in go doc of the package a user
// imports), all five with the same fields; the constructors and checks here
// are written once for any of them, and each package instantiates them for
// its own type in its errors.go. The sentinels are journey's, which this
// package cannot import (journey imports it), so the caller passes the ones
// a check needs.
package badinput

import (
	"fmt"
	"math"
)

// Fields is the struct every journey package's InputError is declared as.
type Fields interface {
	~struct {
		Index int
		Line  int
		Field string
		Value string
		Err   error
	}
}

// At returns the InputError E of the value at index i of an input slice
// (−1: a value without a position), its Line 0.
func At[E Fields](i int, field, value string, err error) *E {
	return &E{Index: i, Field: field, Value: value, Err: err}
}

// Value returns the InputError E of a value without a position (Index −1).
func Value[E Fields](field, value string, err error) *E { return At[E](-1, field, value, err) }

// Count returns nil when v is a finite number ≥ 0 (a count, an amount, a
// weight, a number of days), and otherwise the InputError *E at index i
// (−1: none), the value formatted by fmt.Sprint, wrapping nonFinite for NaN
// and ±Inf or negative for a number below zero.
func Count[E Fields, P interface {
	*E
	error
}](i int, field string, v float64, nonFinite, negative error) error {
	if v >= 0 && v <= math.MaxFloat64 {
		return nil
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return P(At[E](i, field, fmt.Sprint(v), nonFinite))
	}
	return P(At[E](i, field, fmt.Sprint(v), negative))
}

// Unknown makes err, the error of an enumeration's UnmarshalText for a name
// it does not know, wrap unknown (journey.ErrUnknown); nil stays nil.
func Unknown(unknown, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %v", unknown, err)
}
