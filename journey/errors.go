package journey

import (
	"errors"

	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/inputerr"
)

// The sentinel errors of the package, one per problem. Every error journey
// returns wraps one of them, so that errors.Is tells the problems apart
// (the subpackages funnel, attribution, experience and simulate declare
// the ones they return as these same values);
// errors about one input value come as an [*InputError] that also says where
// the value is.
var (
	// ErrEmpty reports input with nothing to compute on, or too little: a
	// nil or empty log or path table, a funnel without steps, too few
	// complete rows for key drivers.
	ErrEmpty = errors.New("journey: empty input")
	// ErrNonFinite reports a NaN or infinite number.
	ErrNonFinite = errors.New("journey: not a finite number")
	// ErrOutOfRange reports a number, code, size or setting outside its
	// allowed range: a window ≤ 0, a Markov order < 1, a code outside its
	// dictionary, more channels or states than an exact computation can hold.
	ErrOutOfRange = errors.New("journey: out of range")
	// ErrLength reports columns or slices whose lengths should agree and do
	// not (the columns of a Log, touch days and touches, drivers and
	// outcomes).
	ErrLength = errors.New("journey: lengths differ")
	// ErrNegative reports a count or value below zero.
	ErrNegative = errors.New("journey: negative")
	// ErrScale reports a rating scale with Max ≤ Min.
	ErrScale = errors.New("journey: invalid rating scale")
	// ErrUnknown reports a name that is not known: a stage, a survey kind,
	// a funnel step or breakdown that is not in the log, an enumeration
	// value without a name.
	ErrUnknown = errors.New("journey: unknown name")
	// ErrMalformed reports input that does not parse: a CSV row with the
	// wrong number of fields, a timestamp or number that does not parse.
	ErrMalformed = errors.New("journey: malformed input")
	// ErrMissing reports required input that is absent: a CSV column, an
	// empty customer id or event name, the touch days that TimeDecay needs.
	ErrMissing = errors.New("journey: missing")
	// ErrDuplicate reports a name defined twice (a touchpoint of a Map).
	ErrDuplicate = errors.New("journey: defined twice")
	// ErrUnsupported reports settings that do not go together, such as
	// exclusions or step windows in an Unordered funnel.
	ErrUnsupported = errors.New("journey: unsupported combination")
)

// InputError reports a bad input value and where it is. Err wraps one of the
// package's sentinel errors, so errors.Is works through it.
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is, e.g. "timestamp", "step", "driver"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. `journey: timestamp "yesterday" at line 3: journey: malformed input`.
func (e *InputError) Error() string {
	return inputerr.Message("journey", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// The constructors of the package's InputError, one generic copy for
// journey and its subpackages (internal/badinput).
var (
	// badValue returns an InputError without a position (readCSV adds
	// the line).
	badValue = badinput.Value[InputError]
	// badAt returns an InputError at index i of an input slice.
	badAt = badinput.At[InputError]
)
