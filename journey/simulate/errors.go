package simulate

import (
	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/inputerr"
	"github.com/cxkit/cxkit/journey"
)

// The sentinel errors the simulator returns. They are the journey model's
// own values, so errors.Is matches either name (simulate.ErrEmpty and
// journey.ErrEmpty are one error); an error about one setting comes as an
// [*InputError] that also says which setting it is. A map that is not
// valid gives the errors of [journey.Map.Validate].
var (
	// ErrEmpty reports a nil Simulator.
	ErrEmpty = journey.ErrEmpty
	// ErrNonFinite reports a NaN or infinite setting.
	ErrNonFinite = journey.ErrNonFinite
	// ErrOutOfRange reports a negative number of customers or more than
	// MaxCustomers, a span ≤ 0, a probability above 1 or a quality outside
	// [0, 1].
	ErrOutOfRange = journey.ErrOutOfRange
)

// InputError reports a bad simulator setting. Err wraps one of the
// package's sentinel errors, so errors.Is works through it.
type InputError struct {
	Index int    // always -1: a setting has no position
	Line  int    // always 0: the simulator reads no files
	Field string // the setting, e.g. "customers", "quality of checkout"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "simulate: customers -1: journey: out of range 0..10000000".
func (e *InputError) Error() string {
	return inputerr.Message("simulate", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// badValue returns an InputError without a position (the constructor of
// every journey package's InputError is one generic copy, in
// internal/badinput).
var badValue = badinput.Value[InputError]
