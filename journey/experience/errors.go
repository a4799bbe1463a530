package experience

import (
	"errors"

	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/inputerr"
	"github.com/cxkit/cxkit/journey"
)

// The sentinel errors of the package. Those shared with the journey model
// are its own values, so errors.Is matches either name
// (experience.ErrEmpty and journey.ErrEmpty are one error); ErrConstant and
// ErrCollinear are the key drivers' own. Errors about one input value come
// as an [*InputError] that also says where the value is.
var (
	// ErrEmpty reports too few complete rows for key drivers.
	ErrEmpty = journey.ErrEmpty
	// ErrNonFinite reports a NaN or infinite driver, outcome or setting.
	ErrNonFinite = journey.ErrNonFinite
	// ErrOutOfRange reports a setting outside its range, such as a minimum
	// drop-off rate above 1, or more drivers than an exact decomposition
	// can hold.
	ErrOutOfRange = journey.ErrOutOfRange
	// ErrLength reports drivers and outcomes, or driver rows and names,
	// whose lengths differ.
	ErrLength = journey.ErrLength
	// ErrScale reports a rating scale with Max ≤ Min.
	ErrScale = journey.ErrScale
	// ErrConstant reports a variable with zero variance (key drivers).
	ErrConstant = errors.New("experience: constant variable")
	// ErrCollinear reports drivers that are perfectly collinear.
	ErrCollinear = errors.New("experience: drivers are perfectly collinear")
)

// InputError reports a bad input value and where it is. Err wraps one of the
// package's sentinel errors, so errors.Is works through it.
type InputError struct {
	Index int    // 0-based position in the input slice (a driver row); -1 when the value has no position
	Line  int    // 1-based line in a file; always 0 here (experience reads no files)
	Field string // what the value is, e.g. "outcome", "driver price"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "experience: outcome NaN at index 3: journey: not a finite number".
func (e *InputError) Error() string {
	return inputerr.Message("experience", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// The constructors of the package's InputError, one generic copy for
// journey and its subpackages (internal/badinput).
var (
	// badValue returns an InputError without a position.
	badValue = badinput.Value[InputError]
	// badAt returns an InputError at index i of an input slice.
	badAt = badinput.At[InputError]
)
