package nps

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
)

// The problems the package reports. Errors about one input value (a
// rating, a group id, a weight, a count, a setting) are an *[InputError]
// whose Err wraps one of these, so that errors.Is matches them through it
// and errors.As recovers where the value is.
var (
	// ErrEmpty reports no responses: an empty slice, all-zero counts, or a
	// total weight of zero.
	ErrEmpty = errors.New("nps: no responses")
	// ErrNonFinite reports a NaN or infinite value.
	ErrNonFinite = errors.New("nps: not finite")
	// ErrOutOfRange reports a value outside its range: a rating outside
	// 0–10, a group id outside [0, numGroups), a benchmark outside
	// [−100, 100], a size too large to compute, or counts whose sum
	// overflows int.
	ErrOutOfRange = errors.New("nps: out of range")
	// ErrLength reports parallel slices (ratings and group ids, ratings and
	// weights) of different lengths.
	ErrLength = errors.New("nps: lengths differ")
	// ErrLevel reports a confidence level outside (0, 1) or NaN; 0 is not an
	// error, it means 0.95.
	ErrLevel = dist.ErrLevel
	// ErrNegative reports a negative count, weight or number of draws.
	ErrNegative = errors.New("nps: negative")
	// ErrNotInteger reports a rating that is not a whole number, such as 8.5.
	ErrNotInteger = errors.New("nps: not a whole number")
)

// InputError reports a bad input value and where it is. Err wraps one of the
// package's sentinel errors, so errors.Is works through it.
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is, e.g. "rating", "weight", "group", "promoters"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel such as ErrOutOfRange
}

// Error returns e.g. "nps: rating 11 at index 2: out of range 0..10".
func (e *InputError) Error() string {
	return inputerr.Message("nps", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// badValue returns an *InputError for field = value at index (−1: none).
func badValue(index int, field string, value any, err error) error {
	return &InputError{Index: index, Field: field, Value: fmt.Sprint(value), Err: problem{err}}
}

// problem is the Err of an InputError: it reads as err without the "nps: "
// of the sentinel (the InputError's message has it already) and unwraps to
// err, so that errors.Is still finds the sentinel.
type problem struct{ err error }

func (p problem) Error() string { return strings.TrimPrefix(p.err.Error(), "nps: ") }
func (p problem) Unwrap() error { return p.err }

// ratingError returns the error for the rating x at index i, or nil when x
// is a whole number in 0–10. NaN and ±Inf are checked before the range.
func ratingError(i int, x float64) error {
	var err error
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		err = ErrNonFinite
	case x != math.Trunc(x):
		err = ErrNotInteger
	case x < 0 || x > 10:
		err = outOfScale
	default:
		return nil
	}
	return badValue(i, "rating", x, err)
}

// outOfScale is ErrOutOfRange with the scale.
var outOfScale = fmt.Errorf("%w 0..10", ErrOutOfRange)

// intRatingError returns the error for the whole-number rating r at index i,
// or nil when r is in 0–10.
func intRatingError(i, r int) error {
	if r < 0 || r > 10 {
		return badValue(i, "rating", r, outOfScale)
	}
	return nil
}

// firstBadRating returns the error for the first rating of xs that is not a
// whole number in 0–10 (nil if there is none).
func firstBadRating(xs []float64) error {
	for i, x := range xs {
		if err := ratingError(i, x); err != nil {
			return err
		}
	}
	return nil
}

// resolveLevel returns the level that level stands for (0 means 0.95), or
// an error wrapping ErrLevel.
func resolveLevel(level float64) (float64, error) {
	l, err := dist.Level(level)
	if err != nil {
		return 0, fmt.Errorf("nps: %w", err)
	}
	return l, nil
}
