package monitor

import (
	"errors"
	"fmt"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
)

// The problems the package reports. Errors about one input value (a period,
// a count, a setting) are an *[InputError] whose Err wraps one of these, so
// that errors.Is matches them through it and errors.As recovers where the
// value is.
var (
	// ErrEmpty reports no periods, or a period with n = 0 (no responses).
	ErrEmpty = errors.New("no responses")
	// ErrNonFinite reports a NaN or infinite mean, variance or setting.
	ErrNonFinite = errors.New("not finite")
	// ErrOutOfRange reports a value outside its range: more successes than
	// n, category counts that do not add up to n, a baseline window outside
	// the series, a change point too close to either end, a chart parameter
	// (λ, L, k, h, lag) outside its range.
	ErrOutOfRange = errors.New("out of range")
	// ErrLevel reports a confidence level outside (0, 1) or NaN; 0 is not an
	// error, it means 0.95.
	ErrLevel = dist.ErrLevel
	// ErrNegative reports a negative count, n or variance.
	ErrNegative = errors.New("negative")
	// ErrOrder reports periods whose dates are not increasing.
	ErrOrder = errors.New("out of order")
	// ErrDuplicate reports two periods with the same date or label.
	ErrDuplicate = errors.New("duplicated")
	// ErrNoVariation reports a baseline with no spread (every response a
	// success, every respondent in one NPS category, or zero variance), from
	// which no limits can be drawn.
	ErrNoVariation = errors.New("monitor: no variation in the baseline: limits undefined")
)

// InputError reports a bad input value and where it is. Err wraps one of the
// package's sentinel errors, so errors.Is works through it.
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is, e.g. "n", "date", "lambda", "baseline"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel such as ErrOutOfRange
}

// Error returns e.g. "monitor: n 0 at index 3: no responses".
func (e *InputError) Error() string {
	return inputerr.Message("monitor", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// badValue returns an *InputError for field = value at index (−1: none).
func badValue(index int, field string, value any, err error) error {
	return &InputError{Index: index, Field: field, Value: fmt.Sprint(value), Err: err}
}

// resolveLevel returns the level that level stands for (0 means 0.95).
func resolveLevel(level float64) (float64, error) {
	l, err := dist.Level(level)
	if err != nil {
		return 0, fmt.Errorf("monitor: %w", err)
	}
	return l, nil
}
