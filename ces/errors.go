package ces

import (
	"errors"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
	"github.com/cxkit/cxkit/internal/likert"
)

// InputError reports a bad input value and where it is. Err wraps one of
// the package's sentinel errors, so errors.Is works through it.
// It is an error, not data: it has no JSON form.
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // "rating", "group" or "count"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "ces: rating 8 at index 1: out of range 1..7".
func (e *InputError) Error() string {
	return inputerr.Message("ces", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// Errors returned by the package, one name per problem (api.md §4). What
// the package returns wraps one of these, so that errors.Is matches; a bad
// value in the input is an *[InputError], which says where it is and wraps
// one of them too.
var (
	// ErrEmpty reports no responses (an empty slice, all-zero counts, an
	// empty tally or group).
	ErrEmpty = errors.New("ces: no responses")
	// ErrNonFinite reports a rating that is NaN or infinite.
	ErrNonFinite = errors.New("ces: not finite")
	// ErrNotInteger reports a rating with a fraction, such as 2.5.
	ErrNotInteger = errors.New("ces: not a whole number")
	// ErrLevel reports a confidence level that is NaN or outside (0, 1);
	// 0 is not an error but means 0.95.
	ErrLevel = dist.ErrLevel
	// ErrOutOfRange reports a rating off the version's scale (1–7 or 1–5),
	// a group id outside [0, numGroups), numGroups outside 1..MaxGroups, or
	// counts whose total would pass MaxInt64.
	ErrOutOfRange = errors.New("ces: out of range")
	// ErrNegative reports a count below zero.
	ErrNegative = errors.New("ces: negative")
	// ErrScale reports an unknown [Version] (which fixes the scale), or two
	// tallies or results of different versions.
	ErrScale = errors.New("ces: unknown or mismatched version")
	// ErrLength reports a distribution with the wrong number of counts, or
	// ratings and group ids of different lengths.
	ErrLength = errors.New("ces: wrong length")
	// ErrMethod reports an interval [Method] or an [Alternative] that does
	// not exist.
	ErrMethod = errors.New("ces: unknown method")
)

// errs gives the shared Likert code the sentinels of this package.
var errs = &likert.Errors{Pkg: "ces", Empty: ErrEmpty, NonFinite: ErrNonFinite, NotInteger: ErrNotInteger,
	OutOfRange: ErrOutOfRange, Negative: ErrNegative, Scale: ErrScale, Length: ErrLength, Method: ErrMethod}

// export converts an input error of the shared code into an *InputError.
func export(err error) error {
	return likert.Export(err, func(in likert.Input) error { e := InputError(in); return &e })
}

// atIndex gives an *InputError (wrapped or not) the 0-based position i of
// its value in a stream, for AddAll.
var atIndex = addall.At(func(e *InputError, i int) { e.Index = i })
