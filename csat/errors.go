package csat

import (
	"errors"
	"fmt"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/rating"
)

// Errors returned by the package. Bad ratings come back as a *[RatingError]
// wrapped with the "csat: " prefix; errors.Is matches them against
// [ErrOutOfRange], [ErrNotInteger] or [ErrNotFinite], and errors.As recovers
// the index and value.
var (
	// ErrNoResponses reports empty input or counts that are all zero.
	ErrNoResponses = errors.New("csat: no responses")
	// ErrNegativeCount reports a negative count.
	ErrNegativeCount = errors.New("csat: negative count")
	// ErrCounts reports counts that do not fit together: more satisfied
	// responses than responses, or a distribution of the wrong length.
	ErrCounts = errors.New("csat: inconsistent counts")
	// ErrOutOfRange reports a rating outside the scale.
	ErrOutOfRange = rating.ErrOutOfRange
	// ErrNotInteger reports a rating that is not a whole number, such as 3.5.
	ErrNotInteger = rating.ErrNotInteger
	// ErrNotFinite reports a NaN or infinite rating.
	ErrNotFinite = rating.ErrNotFinite
	// ErrLevel reports a confidence level outside (0, 1).
	ErrLevel = dist.ErrLevel
	// ErrScale reports a scale with Min ≥ Max or more than 11 points.
	ErrScale = errors.New("csat: invalid scale")
	// ErrTopBox reports a top-box threshold outside the scale.
	ErrTopBox = errors.New("csat: top-box threshold outside the scale")
	// ErrMargin reports a target margin of error that is not positive and finite.
	ErrMargin = errors.New("csat: margin of error must be positive and finite")
	// ErrShare reports an expected share outside [0, 1].
	ErrShare = errors.New("csat: expected share must be in [0, 1]")
	// ErrPopulation reports a negative population size.
	ErrPopulation = errors.New("csat: population must be positive (or 0 for infinite)")
	// ErrMethod reports an unknown interval method or alternative.
	ErrMethod = errors.New("csat: unknown method")
	// ErrGroup reports a group id outside [0, numGroups) in [CountByGroup];
	// the error is a *[GroupError].
	ErrGroup = likert.ErrGroup
	// ErrLength reports slices of different lengths.
	ErrLength = likert.ErrLength
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
	return fmt.Errorf("csat: %w", err)
}

func checkLevel(level float64) error { return wrap(dist.CheckLevel(level)) }
