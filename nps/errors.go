package nps

import (
	"errors"
	"fmt"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
	"github.com/cxkit/cxkit/internal/likert"
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
	// 0–10, a group id outside [0, numGroups), a number of groups outside
	// 1..MaxGroups, a benchmark outside [−100, 100], a share outside
	// [0, 1], a margin of error that is not positive or needs more than
	// 10¹⁵ respondents, more draws than MaxDraws, an unknown method or
	// alternative, or counts whose sum overflows int.
	ErrOutOfRange = errors.New("nps: out of range")
	// ErrLength reports parallel slices (ratings and group ids, ratings and
	// weights) of different lengths.
	ErrLength = errors.New("nps: lengths differ")
	// ErrLevel reports a confidence level outside (0, 1) or NaN; 0 is not an
	// error, it means 0.95.
	ErrLevel = dist.ErrLevel
	// ErrNegative reports a negative count, weight, prior parameter or
	// number of draws.
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

// badValue returns an *InputError for field = value at index (−1: none)
// whose Err reads as the sentinel without its "nps: " (the InputError's
// message has it already) followed by detail, and unwraps to the sentinel.
func badValue(index int, field string, value any, sentinel error, detail string) error {
	return &InputError{Index: index, Field: field, Value: fmt.Sprint(value), Err: likert.Detail(sentinel, detail)}
}

// errs hands the package's sentinels to the shared Likert code
// (internal/likert): the rating checks, the grouped counter, the binary
// decoding, the sample size, the level check.
var errs = &likert.Errors{Pkg: "nps", Empty: ErrEmpty, NonFinite: ErrNonFinite, NotInteger: ErrNotInteger,
	OutOfRange: ErrOutOfRange, Negative: ErrNegative, Length: ErrLength}

// export turns the shared code's input errors into *InputError.
func export(err error) error {
	return likert.Export(err, func(in likert.Input) error { e := InputError(in); return &e })
}

// ratingError returns the error for the rating x at index i, or nil when
// x is a whole number in 0–10 (the shared check: NaN and ±Inf first).
func ratingError(i int, x float64) error { return export(errs.CheckFloat(i, x, 0, 10)) }

// intRatingError returns the error for the whole-number rating r at index i,
// or nil when r is in 0–10. It is small enough to be inlined into Add; the
// error itself is built out of line, by badRating.
func intRatingError(i, r int) error {
	if r < 0 || r > 10 {
		return badRating(i, r)
	}
	return nil
}

// badRating returns the *InputError of the rating r, outside 0–10, at index i.
func badRating(i, r int) error { return export(errs.BadRating(i, r, 0, 10)) }

// atIndex gives an *InputError (wrapped or not) the 0-based position i of
// its value in a stream, for AddAll.
var atIndex = addall.At(func(e *InputError, i int) { e.Index = i })
