package nps

import (
	"errors"
	"fmt"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/rating"
)

// Errors returned by the package. Bad ratings come back as a *[RatingError]
// wrapped with the "nps: " prefix; errors.Is matches them against
// [ErrOutOfRange], [ErrNotInteger] or [ErrNotFinite], and errors.As recovers
// the index and value.
var (
	// ErrNoResponses reports empty input or counts that are all zero.
	ErrNoResponses = errors.New("nps: no responses")
	// ErrNegativeCount reports a negative category count.
	ErrNegativeCount = errors.New("nps: negative count")
	// ErrOutOfRange reports a rating outside 0–10.
	ErrOutOfRange = rating.ErrOutOfRange
	// ErrNotInteger reports a rating that is not a whole number, such as 8.5.
	ErrNotInteger = rating.ErrNotInteger
	// ErrNotFinite reports a NaN or infinite rating.
	ErrNotFinite = rating.ErrNotFinite
	// ErrLevel reports a confidence level outside (0, 1).
	ErrLevel = dist.ErrLevel
	// ErrMargin reports a target margin of error that is not positive and finite.
	ErrMargin = errors.New("nps: margin of error must be positive and finite")
	// ErrWeights reports weights that are negative, NaN or infinite, all
	// zero, or of a different length than the ratings.
	ErrWeights = errors.New("nps: invalid weights")
	// ErrPrior reports a Dirichlet prior parameter that is not positive and finite.
	ErrPrior = errors.New("nps: prior parameters must be positive and finite")
	// ErrShares reports expected promoter and detractor shares that are
	// negative, not finite, or sum to more than 1.
	ErrShares = errors.New("nps: expected shares must be in [0, 1] and sum to at most 1")
	// ErrWindow reports a rolling window shorter than one period.
	ErrWindow = errors.New("nps: window must be at least 1 period")
	// ErrMethod reports an unknown interval method or alternative.
	ErrMethod = errors.New("nps: unknown method")
	// ErrBenchmark reports a benchmark score outside [−100, 100] or not finite.
	ErrBenchmark = errors.New("nps: benchmark must be a finite score in [-100, 100]")
	// ErrGroup reports a group id outside [0, numGroups) in [CountByGroup];
	// the error is a *[GroupError].
	ErrGroup = likert.ErrGroup
	// ErrLength reports ratings and group ids of different lengths.
	ErrLength = likert.ErrLength
	// ErrNumGroups reports a number of groups that is not positive.
	ErrNumGroups = likert.ErrNumGroups
	// ErrDraws reports a Monte Carlo draw count that is not positive.
	ErrDraws = errors.New("nps: number of draws must be positive")
)

// RatingError describes the first bad rating: its Index (from 0), its Value,
// the scale 0–10 and the problem (Err). Retrieve it with errors.As.
type RatingError = rating.Error

// GroupError describes the first bad group id in [CountByGroup]: its Index,
// the id and the number of groups. Retrieve it with errors.As.
type GroupError = likert.GroupError

// wrap adds the package prefix to an error from an internal package.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("nps: %w", err)
}

// checkLevel validates a confidence level with the package prefix.
func checkLevel(level float64) error { return wrap(dist.CheckLevel(level)) }
