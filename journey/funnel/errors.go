package funnel

import (
	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/inputerr"
	"github.com/cxkit/cxkit/journey"
)

// The sentinel errors funnels return. They are the journey model's own
// values, so errors.Is matches either name (funnel.ErrEmpty and
// journey.ErrEmpty are one error); errors about one input value come as an
// [*InputError] that also says where the value is.
var (
	// ErrEmpty reports a nil funnel or log, or a funnel without steps.
	ErrEmpty = journey.ErrEmpty
	// ErrOutOfRange reports a window ≤ 0, a negative step window, exclusion
	// steps outside the funnel, too many goroutines, or a code outside its
	// dictionary in the log.
	ErrOutOfRange = journey.ErrOutOfRange
	// ErrLength reports log columns whose lengths differ.
	ErrLength = journey.ErrLength
	// ErrUnknown reports a step, exclusion event or breakdown property that
	// is not in the log, or an order without a name.
	ErrUnknown = journey.ErrUnknown
	// ErrUnsupported reports exclusions or step windows in an Unordered
	// funnel.
	ErrUnsupported = journey.ErrUnsupported
)

// InputError reports a bad funnel setting and where it is. Err wraps one of
// the package's sentinel errors, so errors.Is works through it.
type InputError struct {
	Index int    // 0-based position in the input slice (a step, an exclusion); -1 when the value has no position
	Line  int    // 1-based line in a file; always 0 here (funnels read no files)
	Field string // what the value is, e.g. "window", "step"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. `funnel: step "pay" at index 2: journey: unknown name: no event of that name in the log`.
func (e *InputError) Error() string {
	return inputerr.Message("funnel", e.Field, e.Value, e.Index, e.Line, e.Err)
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
