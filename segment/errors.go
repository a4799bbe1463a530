package segment

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cxkit/cxkit/internal/inputerr"
)

// Sentinel errors, one per problem, as in every cxkit package. Functions
// wrap them with detail (and, for a value that has a position or a name, in
// an [*InputError]), so test for them with errors.Is.
var (
	// ErrEmpty reports no data: an empty matrix, purchase log, label slice
	// or customer id, or weights that sum to zero.
	ErrEmpty = errors.New("segment: no data")
	// ErrNonFinite reports a NaN or infinite value in the data, centres,
	// weights, amounts or settings, or sums that overflow float64.
	ErrNonFinite = errors.New("segment: NaN or infinite")
	// ErrOutOfRange reports a value outside its range: k below 1 or above
	// the number of distinct points, a label outside 0..n−1, a number of
	// clusters for which a quality index is undefined, an unknown
	// enumeration value, a segment number of [Migrate] of MaxSegments or
	// more.
	ErrOutOfRange = errors.New("segment: out of range")
	// ErrLength reports lengths that differ: rows of different lengths,
	// Data not Rows × Cols long, weights, labels, revenue or names not one
	// per point or column, data whose number of columns does not match the
	// centres or the scaler.
	ErrLength = errors.New("segment: lengths differ")
	// ErrNegative reports a negative weight, amount, revenue, recency,
	// frequency or monetary value, or a negative setting.
	ErrNegative = errors.New("segment: negative")
	// ErrDate reports a zero as-of date or purchase time.
	ErrDate = errors.New("segment: zero date")
	// ErrDuplicate reports a customer listed twice in one RFM scoring.
	ErrDuplicate = errors.New("segment: duplicate customer")
)

// InputError reports a bad input value and where it is. Err wraps one of the
// package's sentinel errors, so errors.Is works through it.
//
// For a value in a [Matrix], Index is the row (the point) and Field names
// the column, e.g. "column 2".
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is, e.g. "weight", "label", "amount", "tol"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "segment: label 7 at index 2: out of range 0..4".
func (e *InputError) Error() string {
	if e.Err == nil {
		return inputerr.Message("segment", e.Field, e.Value, e.Index, e.Line, nil)
	}
	return inputerr.Message("segment", e.Field, e.Value, e.Index, e.Line, bare{e.Err})
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// bare prints an error without the "segment: " prefix of the sentinels, which
// InputError's message already carries.
type bare struct{ err error }

func (b bare) Error() string { return strings.TrimPrefix(b.err.Error(), "segment: ") }

// inputErr returns an *InputError at index (−1: no position) for the value v
// of field, wrapping sentinel with the detail given by format and args.
func inputErr(index int, field string, v any, sentinel error, format string, args ...any) error {
	err := sentinel
	if format != "" {
		err = fmt.Errorf("%w "+format, append([]any{sentinel}, args...)...)
	}
	return &InputError{Index: index, Field: field, Value: fmt.Sprint(v), Err: err}
}

// settingErr reports a bad setting (no position).
func settingErr(field string, v any, sentinel error, format string, args ...any) error {
	return inputErr(-1, field, v, sentinel, format, args...)
}
