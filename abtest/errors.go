package abtest

import (
	"errors"
	"fmt"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers test with errors.Is; an error about one input value comes as an
// [*InputError] that says which value and where.
var (
	// ErrEmpty reports a group, sample, table row or list with no
	// observations.
	ErrEmpty = errors.New("abtest: no observations")
	// ErrNonFinite reports a NaN or infinite value.
	ErrNonFinite = errors.New("abtest: not finite")
	// ErrNegative reports a negative count, weight or variance.
	ErrNegative = errors.New("abtest: negative")
	// ErrOutOfRange reports a value outside its documented range: successes
	// above trials, a rate outside (0, 1), a zero effect size, a
	// non-positive prior or mixing variance, an unknown Alternative or
	// method.
	ErrOutOfRange = errors.New("abtest: out of range")
	// ErrLength reports slices or table rows whose lengths should match but
	// differ.
	ErrLength = errors.New("abtest: lengths differ")
	// ErrLevel reports a confidence level, alpha or power outside (0, 1)
	// other than 0 (which means the default), or NaN.
	ErrLevel = dist.ErrLevel
	// ErrNotConverged reports a sample-size or effect search that found no
	// answer (for example a power no sample below 10¹⁵ reaches), or a
	// numerical integration that failed its check.
	ErrNotConverged = errors.New("abtest: did not converge")
	// ErrTooFew reports fewer values than a calculation needs: fewer than
	// two observations where a variance is needed, fewer than two rows,
	// columns or arms.
	ErrTooFew = errors.New("abtest: too few values")
	// ErrTies reports ties in a sample given to the exact Mann–Whitney
	// distribution, which assumes none.
	ErrTies = errors.New("abtest: ties")
	// ErrTooLarge reports counts whose sum would overflow, or a problem
	// beyond a documented size limit (the exact
	// Mann–Whitney limit), detected before anything is allocated.
	ErrTooLarge = errors.New("abtest: too large")
)

// InputError reports a bad input value and where it is. Err wraps one of
// the package's sentinel errors, so errors.Is works through it.
//
// JSON keys: index, line, field, value (Err is not encoded).
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is, e.g. "a", "b.successes", "weights", "table row 1"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "abtest: b 3.5e+308 at index 2: not finite".
func (e *InputError) Error() string {
	return inputerr.Message("abtest", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// inputErr returns an *InputError for the value v of field at index
// (−1 for a scalar).
func inputErr(err error, field string, index int, v any) error {
	return &InputError{Index: index, Field: field, Value: fmt.Sprint(v), Err: err}
}

// levelOf applies the default of a confidence level (0 → 0.95).
func levelOf(level float64) (float64, error) {
	l, err := dist.Level(level)
	if err != nil {
		return 0, fmt.Errorf("abtest: %w", err)
	}
	return l, nil
}

// alphaOf applies the default of a significance level (0 → 0.05).
func alphaOf(alpha float64) (float64, error) {
	a, err := dist.Alpha(alpha)
	if err != nil {
		return 0, fmt.Errorf("abtest: %w", err)
	}
	return a, nil
}

// powerOf applies the default of a power (0 → 0.8).
func powerOf(power float64) (float64, error) {
	p, err := dist.Power(power)
	if err != nil {
		return 0, fmt.Errorf("abtest: %w", err)
	}
	return p, nil
}

// atIndex gives an *InputError (wrapped or not) the 0-based position i of
// its value in a stream, for AddAll.
var atIndex = addall.At(func(e *InputError, i int) { e.Index = i })
