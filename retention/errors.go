package retention

import (
	"errors"
	"fmt"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
)

// The problems the package reports. An error about one input value (a
// tenure, an event flag, a survivor count, a customer id, a setting) is an
// *[InputError] whose Err wraps one of these, so that errors.Is matches
// them through it and errors.As recovers where the value is.
var (
	// ErrEmpty reports no data: no tenures, a group or cohort with no
	// customers, a survivor series without its starting count.
	ErrEmpty = errors.New("retention: no data")
	// ErrNonFinite reports a NaN or infinite value (a tenure, an entry
	// time, a horizon, a discount rate).
	ErrNonFinite = errors.New("not finite")
	// ErrOutOfRange reports a value outside its range: an event flag
	// outside {0, 1}, an entry time not below its exit time, survivor
	// counts that rise, an unknown period or transform, a count that would
	// overflow.
	ErrOutOfRange = errors.New("out of range")
	// ErrLength reports parallel slices (tenures and event flags, events
	// and groups) of different lengths.
	ErrLength = errors.New("lengths differ")
	// ErrLevel reports a confidence level outside (0, 1) or NaN; 0 is not
	// an error, it means 0.95.
	ErrLevel = dist.ErrLevel
	// ErrNegative reports a negative tenure, entry time, count, horizon or
	// discount rate.
	ErrNegative = errors.New("negative")
	// ErrNotConverged reports a fit or a series that did not converge.
	ErrNotConverged = errors.New("retention: did not converge")
	// ErrOrder reports times or periods out of order where the input must
	// be sorted.
	ErrOrder = errors.New("out of order")
)

// InputError reports a bad input value and where it is. Err wraps one of
// the package's sentinel errors, so errors.Is works through it.
//
// JSON keys: index, line, field, value (Err is not encoded).
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is, e.g. "tenure", "event", "survivors"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel such as ErrNegative
}

// Error returns e.g. "retention: event 2 at index 4: out of range {0, 1}".
func (e *InputError) Error() string {
	return inputerr.Message("retention", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// badValue returns an *InputError for field = value at index (−1: none).
func badValue(index int, field string, value any, err error) error {
	return &InputError{Index: index, Field: field, Value: fmt.Sprint(value), Err: err}
}

// atIndex gives an *InputError (wrapped or not) the 0-based position i of
// its value in a stream, for AddAll.
var atIndex = addall.At(func(e *InputError, i int) { e.Index = i })

// resolveLevel returns the level that level stands for (0 means 0.95), or
// an error wrapping ErrLevel.
func resolveLevel(level float64) (float64, error) {
	l, err := dist.Level(level)
	if err != nil {
		return 0, fmt.Errorf("retention: %w", err)
	}
	return l, nil
}
