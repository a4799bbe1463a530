package segment

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Functions wrap them with context (and, for a problem in
// one row of the data, in a [*RowError]), so test for them with errors.Is.
var (
	// ErrNoData reports an empty data set, transaction log or label slice.
	ErrNoData = errors.New("segment: no data")
	// ErrRagged reports rows of different lengths, or a flat slice whose
	// length is not rows × columns.
	ErrRagged = errors.New("segment: ragged rows")
	// ErrNonFinite reports a NaN or infinite value in the data, centres or weights.
	ErrNonFinite = errors.New("segment: value is NaN or infinite")
	// ErrK reports a number of clusters below 1 or above the number of
	// distinct points (with positive weight).
	ErrK = errors.New("segment: k out of range")
	// ErrWeight reports a negative weight, a weight slice of the wrong
	// length, or weights that sum to zero.
	ErrWeight = errors.New("segment: invalid weight")
	// ErrDimension reports data whose number of columns does not match the
	// centres or the scaler.
	ErrDimension = errors.New("segment: dimension mismatch")
	// ErrLabel reports a cluster label that is negative or not below the
	// number of clusters, or labels whose length differs from the data.
	ErrLabel = errors.New("segment: invalid label")
	// ErrAmount reports a negative or non-finite purchase amount.
	ErrAmount = errors.New("segment: invalid amount")
	// ErrDate reports a missing or unparseable date, or a purchase dated on
	// or after the as-of date.
	ErrDate = errors.New("segment: invalid date")
	// ErrRFM reports a negative recency, frequency or monetary value given
	// to ScoreRFM.
	ErrRFM = errors.New("segment: invalid RFM value")
	// ErrCustomer reports an empty customer identifier.
	ErrCustomer = errors.New("segment: empty customer id")
	// ErrSettings reports an invalid setting (a negative count, an unknown
	// enumeration value, a k range that is empty).
	ErrSettings = errors.New("segment: invalid settings")
	// ErrTooFew reports too few points or clusters for a quality index: the
	// silhouette and Calinski–Harabasz need 2 ≤ clusters ≤ n − 1 and
	// Davies–Bouldin needs at least 2 clusters.
	ErrTooFew = errors.New("segment: too few points or clusters")
)

// RowError locates a problem in the input: the row (from 0) and, when the
// problem is in one value, its column (from 0; −1 when not applicable). It
// wraps one of the sentinel errors.
type RowError struct {
	Row int
	Col int
	Err error
}

// Error returns "segment: row R, column C: <problem>".
func (e *RowError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "segment: ")
	if e.Col >= 0 {
		return fmt.Sprintf("segment: row %d, column %d: %s", e.Row, e.Col, msg)
	}
	return fmt.Sprintf("segment: row %d: %s", e.Row, msg)
}

// Unwrap returns the sentinel error.
func (e *RowError) Unwrap() error { return e.Err }

func rowErr(row, col int, err error, format string, args ...any) error {
	return &RowError{Row: row, Col: col, Err: fmt.Errorf("%w: "+format, append([]any{err}, args...)...)}
}
