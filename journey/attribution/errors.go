package attribution

import (
	"errors"

	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/inputerr"
	"github.com/cxkit/cxkit/journey"
)

// The sentinel errors attribution returns. They are the journey model's own
// values, so errors.Is matches either name (attribution.ErrEmpty and
// journey.ErrEmpty are one error); errors about one input value come as an
// [*InputError] (settings) or a [*journey.InputError] (a row of the path
// table) that also says where the value is.
var (
	// ErrEmpty reports a nil path table, one without rows, or a path
	// without touches.
	ErrEmpty = journey.ErrEmpty
	// ErrNonFinite reports a NaN or infinite count, value, touch day or
	// setting.
	ErrNonFinite = journey.ErrNonFinite
	// ErrOutOfRange reports a code outside the table's channels, a Markov
	// order outside 1..MaxMarkovOrder, more states than MaxMarkovStates or
	// more channels than MaxShapleyChannels, a half-life of 0.
	ErrOutOfRange = journey.ErrOutOfRange
	// ErrLength reports touch days whose number differs from the touches.
	ErrLength = journey.ErrLength
	// ErrNegative reports a negative count, value, weight or half-life.
	ErrNegative = journey.ErrNegative
	// ErrUnknown reports a rule or Shapley value without a name.
	ErrUnknown = journey.ErrUnknown
	// ErrMissing reports touch days that TimeDecay needs and a row lacks,
	// or an empty channel name.
	ErrMissing = journey.ErrMissing
	// ErrDuplicate reports a channel, state or edge of a [Transitions]
	// defined twice.
	ErrDuplicate = journey.ErrDuplicate
	// ErrNotConverged reports a Markov solve that did not converge (never
	// expected: the chain is absorbing).
	ErrNotConverged = errors.New("attribution: not converged")
	// ErrScale reports merging or using [Transitions] of another order or
	// repeat setting than expected.
	ErrScale = journey.ErrScale
)

// InputError reports a bad attribution setting, or a row that a rule
// cannot use, and where it is. Err wraps one of the package's sentinel
// errors, so errors.Is works through it.
type InputError struct {
	Index int    // 0-based row of the path table; -1 when the value has no position
	Line  int    // 1-based line in a file; always 0 here (attribution reads no files)
	Field string // what the value is, e.g. "half-life", "Markov order"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "attribution: Markov order 0: journey: out of range 1..64".
func (e *InputError) Error() string {
	return inputerr.Message("attribution", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// The constructors of the package's InputError, one generic copy for
// journey and its subpackages (internal/badinput).
var (
	// badValue returns an InputError without a position.
	badValue = badinput.Value[InputError]
	// badAt returns an InputError at row i of a path table.
	badAt = badinput.At[InputError]
)

// checkCount returns nil when v is a finite number ≥ 0, and otherwise an
// InputError at index i (−1: none) wrapping ErrNonFinite or ErrNegative.
func checkCount(i int, field string, v float64) error {
	return badinput.Count[InputError](i, field, v, ErrNonFinite, ErrNegative)
}
