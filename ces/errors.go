package ces

import (
	"errors"
	"fmt"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/rating"
)

// Errors returned by the package. Bad ratings come back as a *[RatingError]
// wrapped with the "ces: " prefix; errors.Is matches them against
// [ErrOutOfRange], [ErrNotInteger] or [ErrNotFinite], and errors.As recovers
// the index and value.
var (
	// ErrNoResponses reports empty input or counts that are all zero.
	ErrNoResponses = errors.New("ces: no responses")
	// ErrNegativeCount reports a negative count.
	ErrNegativeCount = errors.New("ces: negative count")
	// ErrOutOfRange reports a rating outside the version's scale (1–7 or 1–5).
	ErrOutOfRange = rating.ErrOutOfRange
	// ErrNotInteger reports a rating that is not a whole number.
	ErrNotInteger = rating.ErrNotInteger
	// ErrNotFinite reports a NaN or infinite rating.
	ErrNotFinite = rating.ErrNotFinite
	// ErrLevel reports a confidence level outside (0, 1).
	ErrLevel = dist.ErrLevel
	// ErrVersion reports an unknown CES version, or a comparison of two
	// results of different versions.
	ErrVersion = errors.New("ces: unknown or mismatched version")
	// ErrMethod reports an unknown interval method or alternative.
	ErrMethod = errors.New("ces: unknown method")
	// ErrLength reports a distribution of the wrong length.
	ErrLength = errors.New("ces: wrong number of counts")
	// ErrMismatch reports ratings and group ids of different lengths in
	// [CountByGroup].
	ErrMismatch = likert.ErrLength
	// ErrGroup reports a group id outside [0, numGroups) in [CountByGroup];
	// the error is a *[GroupError].
	ErrGroup = likert.ErrGroup
	// ErrNumGroups reports a number of groups that is not positive.
	ErrNumGroups = likert.ErrNumGroups
)

// RatingError describes the first bad rating: its Index (from 0), its Value,
// the scale and the problem (Err). Retrieve it with errors.As.
type RatingError = rating.Error

// GroupError describes the first bad group id in [CountByGroup].
type GroupError = likert.GroupError

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("ces: %w", err)
}

func checkLevel(level float64) error { return wrap(dist.CheckLevel(level)) }
