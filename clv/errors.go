package clv

import (
	"errors"
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
)

// Sentinel errors. Errors about one input value come wrapped in an
// [*InputError] that says where the value is; test for the problem with
// errors.Is.
var (
	// ErrEmpty reports an empty data set or log (or none left after End).
	ErrEmpty = errors.New("clv: no data")
	// ErrNonFinite reports a NaN or infinite value.
	ErrNonFinite = errors.New("clv: not finite")
	// ErrNegative reports a negative value where only values ≥ 0 make sense.
	ErrNegative = errors.New("clv: negative")
	// ErrOutOfRange reports a value outside its range (a recency above T,
	// a margin above 1, a model parameter that is not positive, ...).
	ErrOutOfRange = errors.New("clv: out of range")
	// ErrLength reports slices whose lengths should match but differ.
	ErrLength = errors.New("clv: lengths differ")
	// ErrNotInteger reports a count (frequency, opportunities) that is not
	// a whole number.
	ErrNotInteger = errors.New("clv: not a whole number")
	// ErrDuplicate reports a repeated transaction when
	// SummarySettings.RejectDuplicates is set, or a pattern listed twice
	// in a PatternTable.
	ErrDuplicate = errors.New("clv: duplicate")
	// ErrScale reports a Merge of two PatternTables that define patterns
	// differently (their Monetary settings differ).
	ErrScale = errors.New("clv: pattern tables of different kinds")
	// ErrLevel reports a confidence level outside (0, 1) other than 0
	// (which means 0.95), or NaN.
	ErrLevel = dist.ErrLevel
	// ErrNotConverged is returned (wrapped) when a fit stops before meeting
	// its convergence test. The model and the FitResult then hold the best
	// point found, which is often usable: inspect FitResult.Status. When a
	// parameter is running to 0 or ∞ (above 3·10⁶ or below 3·10⁻⁷: the
	// likelihood has no maximum inside, e.g. every customer has the same
	// spend), the message names it.
	ErrNotConverged = errors.New("clv: fit did not converge")
	// ErrSettings reports an invalid FitSettings field.
	ErrSettings = errors.New("clv: invalid fit settings")
	// ErrNoCovariance reports a FitResult without a covariance matrix
	// (the observed information was not positive definite, or the result
	// did not come from a fit).
	ErrNoCovariance = errors.New("clv: fit has no covariance matrix")
	// ErrUndefined reports a prediction that is not finite at the
	// estimate or whose derivative cannot be computed, such as the mean
	// spend of a Gamma-Gamma model with Q ≤ 1.
	ErrUndefined = errors.New("clv: prediction is not defined")
	// ErrModelMismatch reports a model whose parameters are not the
	// estimate of the FitResult passed with it.
	ErrModelMismatch = errors.New("clv: model does not match the fit")
)

// InputError reports a bad input value and where it is: a customer
// summary's field, a transaction of a log, a weight, a model parameter.
// Err wraps one of the package's sentinel errors, so errors.Is works
// through it.
//
// JSON keys: index, line, field, value (Err is not encoded).
type InputError struct {
	Index int    // 0-based position in the input slice; -1 when the value has no position
	Line  int    // 1-based line in a file; 0 when the input is not a file
	Field string // what the value is, e.g. "frequency", "amount", "weight", "BGNBD.R"
	Value string // the value as given, formatted with %v
	Err   error  // the problem, wrapping a sentinel
}

// Error returns e.g. "clv: frequency -1 at index 2: negative".
func (e *InputError) Error() string {
	return inputerr.Message("clv", e.Field, e.Value, e.Index, e.Line, e.Err)
}

// Unwrap returns the problem, so that errors.Is and errors.As see the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// inputErr returns an *InputError without a position.
func inputErr(field string, v any, err error) *InputError {
	return &InputError{Index: -1, Field: field, Value: fmt.Sprint(v), Err: err}
}

// at returns e with its Index set to i (e may be nil).
func (e *InputError) at(i int) *InputError {
	if e != nil {
		e.Index = i
	}
	return e
}

// checkParam returns an *InputError unless v, the parameter name of model,
// is positive and finite.
func checkParam(model, name string, v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return inputErr(model+"."+name, v, fmt.Errorf("%w: model parameters must be positive and finite", ErrNonFinite))
	case !(v > 0):
		return inputErr(model+"."+name, v, fmt.Errorf("%w: model parameters must be positive", ErrOutOfRange))
	}
	return nil
}
