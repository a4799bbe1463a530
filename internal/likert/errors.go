package likert

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/inputerr"
)

// Errors is one package's set of sentinel errors (api.md §4), so that the
// code shared here returns errors that the callers of csat or ces match with
// errors.Is against that package's own names. Pkg is the message prefix
// ("csat").
type Errors struct {
	Pkg        string
	Empty      error // no responses
	NonFinite  error // NaN or ±Inf
	NotInteger error // a rating that is not a whole number
	OutOfRange error // a rating, group id, share or count outside its range
	Negative   error // a negative count
	Scale      error // a bad scale, or two scales that differ
	Length     error // slices or counts of the wrong length
	Method     error // an unknown interval method or alternative
}

// Wrap prefixes err with the package name ("csat: …"); nil stays nil.
func (e *Errors) Wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", e.Pkg, err)
}

// Level resolves a confidence level with [dist.Level] (0 means 0.95); a bad
// level is an error wrapping dist.ErrLevel with the package prefix.
func (e *Errors) Level(level float64) (float64, error) {
	l, err := dist.Level(level)
	return l, e.Wrap(err)
}

// Resolve resolves the level (0 means 0.95) and checks the alternative of
// a comparison's settings.
func (e *Errors) Resolve(level float64, alt int) (float64, error) {
	level, err := e.Level(level)
	if err == nil {
		_, err = e.Alternative(alt)
	}
	return level, err
}

// Alternative checks a package's alternative (TwoSided, Less, Greater as
// 0, 1, 2) and converts it.
func (e *Errors) Alternative(a int) (dist.Alternative, error) {
	alt := dist.Alternative(a)
	if !alt.Valid() {
		return 0, fmt.Errorf("%w: alternative %d", e.Method, a)
	}
	return alt, nil
}

// Input is a bad input value and where it is. It has exactly the fields of
// every package's InputError, which converts it with InputError(in); see
// [Export].
type Input struct {
	Index int    // 0-based position; -1 when the value has no position
	Line  int    // 1-based file line; 0 when the input is not a file
	Field string // "rating", "group", "count"
	Value string // the value as given
	Err   error  // the problem, wrapping a sentinel
}

// Error formats the input error without a package prefix; packages convert
// it to their InputError before it reaches a caller.
func (in *Input) Error() string {
	return inputerr.Message("input", in.Field, in.Value, in.Index, in.Line, in.Err)
}

// Unwrap returns the problem.
func (in *Input) Unwrap() error { return in.Err }

// Export returns err unchanged unless it is an *Input, which conv turns into
// the package's own *InputError.
func Export(err error, conv func(Input) error) error {
	if in, ok := err.(*Input); ok {
		return conv(*in)
	}
	return err
}

// Detail returns an error that reads as the sentinel's message without its
// "pkg: " prefix followed by detail ("out of range 1..5"), and that unwraps
// to the sentinel, for the Err of an [Input]: the whole message then reads
// "csat: rating 6 at index 0: out of range 1..5".
func Detail(sentinel error, detail string) error {
	msg := sentinel.Error()
	if _, rest, ok := strings.Cut(msg, ": "); ok {
		msg = rest
	}
	if detail != "" {
		msg += " " + detail
	}
	return &detailed{sentinel, msg}
}

type detailed struct {
	sentinel error
	msg      string
}

func (d *detailed) Error() string { return d.msg }
func (d *detailed) Unwrap() error { return d.sentinel }

// Range formats the inclusive range lo..hi.
func Range(lo, hi int) string { return strconv.Itoa(lo) + ".." + strconv.Itoa(hi) }

// BadRating returns the *Input for a rating outside [min, max] at index i.
func (e *Errors) BadRating(i, r, min, max int) error {
	return &Input{Index: i, Field: "rating", Value: strconv.Itoa(r), Err: Detail(e.OutOfRange, Range(min, max))}
}
