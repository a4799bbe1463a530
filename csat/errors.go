package csat

import (
	"errors"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
	"github.com/cxkit/cxkit/internal/likert"
)

// The sentinel errors of the package (api.md §4). Every error the package
// returns wraps one of them, so errors.Is works; a bad input value comes
// back as an *[InputError] that wraps one and says where the value is.
var (
	// ErrEmpty reports no responses: an empty slice, all-zero counts, an
	// empty tally or group.
	ErrEmpty = errors.New("csat: no responses")
	// ErrNonFinite reports a NaN or infinite rating or margin.
	ErrNonFinite = errors.New("csat: not finite")
	// ErrNotInteger reports a rating that is not a whole number, such as 3.5.
	ErrNotInteger = errors.New("csat: not a whole number")
	// ErrOutOfRange reports a rating outside the scale, a group id outside
	// [0, numGroups), a number of groups outside 1..MaxGroups, more satisfied
	// responses than responses, a share outside [0, 1], a margin that is not
	// positive, or counts whose total would pass MaxInt64.
	ErrOutOfRange = errors.New("csat: out of range")
	// ErrNegative reports a negative count or population.
	ErrNegative = errors.New("csat: negative")
	// ErrScale reports an invalid [Scale] (Min ≥ Max, more than [MaxPoints]
	// points, a top box outside it), or two tallies or results on different
	// scales.
	ErrScale = errors.New("csat: invalid or mismatched scale")
	// ErrLength reports slices of different lengths, or a distribution whose
	// length is not the scale's number of points.
	ErrLength = errors.New("csat: wrong length")
	// ErrLevel reports a confidence level outside (0, 1) other than 0 (which
	// means 0.95), or NaN.
	ErrLevel = dist.ErrLevel
	// ErrMethod reports an unknown interval [Method] or [Alternative].
	ErrMethod = errors.New("csat: unknown method")
)

// InputError reports a bad input value and where it is. Err wraps one of
// the package's sentinel errors, so errors.Is works through it.
// JSON keys: not encoded (an error, not a result).
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is: "rating", "group" or "count"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "csat: rating 6 at index 0: out of range 1..5".
func (e *InputError) Error() string {
	return inputerr.Message("csat", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// errs hands the package's sentinels to the shared Likert code.
var errs = &likert.Errors{Pkg: "csat", Empty: ErrEmpty, NonFinite: ErrNonFinite, NotInteger: ErrNotInteger,
	OutOfRange: ErrOutOfRange, Negative: ErrNegative, Scale: ErrScale, Length: ErrLength, Method: ErrMethod}

// export turns the shared code's input errors into *InputError.
func export(err error) error {
	return likert.Export(err, func(in likert.Input) error { e := InputError(in); return &e })
}

// atIndex gives an *InputError (wrapped or not) the 0-based position i of
// its value in a stream, for AddAll.
var atIndex = addall.At(func(e *InputError, i int) { e.Index = i })
