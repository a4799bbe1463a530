package abtest

import (
	"errors"
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// Alternative names the alternative hypothesis of a test. The zero value is
// [TwoSided]. It is the shared type of internal/dist, re-exported.
type Alternative = dist.Alternative

// The three alternatives. For two-group tests "greater" means the second
// group named in the function (B, the treatment) is above the first (A, the
// control) unless the function documents another order (the t-tests and
// Mann–Whitney compare x − y, x first, like SciPy).
const (
	TwoSided = dist.TwoSided
	Less     = dist.Less
	Greater  = dist.Greater
)

// Interval is a closed interval [Lower, Upper], shared with the other cxkit
// packages. An interval whose ends are NaN is undefined.
type Interval = interval.Interval

// DefaultLevel is the confidence level used when a Settings leaves Level zero.
const DefaultLevel = 0.95

// Sentinel errors. Each error returned by this package wraps one of them (or
// [ErrLevel]), so callers can test with errors.Is.
var (
	// ErrLevel reports a confidence level outside the open interval (0, 1).
	ErrLevel = dist.ErrLevel
	// ErrEmpty reports a group, sample or list with no observations.
	ErrEmpty = errors.New("abtest: empty group")
	// ErrNotFinite reports a NaN or infinite value in the data.
	ErrNotFinite = errors.New("abtest: value is NaN or infinite")
	// ErrNegative reports a negative count or weight.
	ErrNegative = errors.New("abtest: negative count")
	// ErrSuccessesExceedTrials reports more successes than trials.
	ErrSuccessesExceedTrials = errors.New("abtest: successes exceed trials")
	// ErrTooFew reports fewer than two observations where a variance is needed.
	ErrTooFew = errors.New("abtest: fewer than two observations")
	// ErrZeroMargin reports a contingency table with an all-zero row.
	ErrZeroMargin = errors.New("abtest: table row is all zero")
	// ErrShape reports a table or list of the wrong shape (ragged rows, too
	// few rows or columns, mismatched lengths of paired inputs).
	ErrShape = errors.New("abtest: bad table shape")
	// ErrAlternative reports an Alternative other than TwoSided, Less, Greater.
	ErrAlternative = errors.New("abtest: unknown alternative")
	// ErrArgument reports a parameter outside its documented range (a power
	// outside (0, 1), a zero effect size, a non-positive prior, ...).
	ErrArgument = errors.New("abtest: invalid argument")
)

// InputError locates a bad input value: the argument it belongs to, its
// index in that argument (−1 when the argument is a scalar) and the value.
// Err is the sentinel that names the problem.
type InputError struct {
	Arg   string  // name of the argument, e.g. "x", "control", "table row 1"
	Index int     // index within Arg, or −1
	Value float64 // the offending value
	Err   error   // the sentinel, e.g. ErrNotFinite
}

// Error returns e.g. "abtest: value is NaN or infinite: x[3] = NaN".
func (e *InputError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("%v: %s = %v", e.Err, e.Arg, e.Value)
	}
	return fmt.Sprintf("%v: %s[%d] = %v", e.Err, e.Arg, e.Index, e.Value)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(err error, arg string, index int, v float64) error {
	return &InputError{Arg: arg, Index: index, Value: v, Err: err}
}

// Settings holds the options shared by the hypothesis tests. A nil *Settings
// or a zero field means the documented default.
type Settings struct {
	// Alternative is the alternative hypothesis; the zero value is TwoSided.
	Alternative Alternative
	// Level is the confidence level of the reported intervals, in (0, 1).
	// Zero means DefaultLevel (0.95). Intervals are two-sided whatever the
	// Alternative, except where a function documents otherwise
	// ([FisherExact] follows R and reports one-sided bounds).
	Level float64
}

// resolve returns the alternative and level with defaults applied, or an
// error for an unknown alternative or a level outside (0, 1).
func (s *Settings) resolve() (Alternative, float64, error) {
	if s == nil {
		return TwoSided, DefaultLevel, nil
	}
	if !s.Alternative.Valid() {
		return 0, 0, fmt.Errorf("%w: %d", ErrAlternative, int(s.Alternative))
	}
	level, err := resolveLevel(s.Level)
	return s.Alternative, level, err
}

// resolveLevel maps 0 to DefaultLevel and checks the rest.
func resolveLevel(level float64) (float64, error) {
	if level == 0 {
		return DefaultLevel, nil
	}
	if err := dist.CheckLevel(level); err != nil {
		return 0, fmt.Errorf("abtest: %w", err)
	}
	return level, nil
}

// Proportion is a count of successes out of trials (conversions out of
// visitors) for one arm.
type Proportion struct {
	Successes int
	Trials    int
}

// Rate returns Successes/Trials (NaN when Trials is 0).
func (p Proportion) Rate() float64 {
	if p.Trials == 0 {
		return math.NaN()
	}
	return float64(p.Successes) / float64(p.Trials)
}

// check validates p as the arm named arg; empty reports whether zero
// trials are allowed.
func (p Proportion) check(arg string, allowEmpty bool) error {
	switch {
	case p.Successes < 0:
		return inputErr(ErrNegative, arg+".Successes", -1, float64(p.Successes))
	case p.Trials < 0:
		return inputErr(ErrNegative, arg+".Trials", -1, float64(p.Trials))
	case p.Successes > p.Trials:
		return inputErr(ErrSuccessesExceedTrials, arg+".Successes", -1, float64(p.Successes))
	case p.Trials == 0 && !allowEmpty:
		return inputErr(ErrEmpty, arg+".Trials", -1, 0)
	}
	return nil
}

// checkFinite returns an *InputError for the first NaN or ±Inf in xs.
func checkFinite(arg string, xs []float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return inputErr(ErrNotFinite, arg, i, x)
		}
	}
	return nil
}

// checkSample validates a raw sample that needs at least min observations.
func checkSample(arg string, xs []float64, minN int) error {
	if len(xs) == 0 {
		return fmt.Errorf("%w: %s has no observations", ErrEmpty, arg)
	}
	if len(xs) < minN {
		return fmt.Errorf("%w: %s has %d", ErrTooFew, arg, len(xs))
	}
	return checkFinite(arg, xs)
}

// pValue returns the p-value of a standard normal statistic under alt.
func pValue(z float64, alt Alternative) float64 { return dist.NormalP(z, alt) }

// nanInterval is the undefined interval.
func nanInterval() Interval { return Interval{Lower: math.NaN(), Upper: math.NaN()} }
