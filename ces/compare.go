package ces

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/likert"
)

// Alternative names the alternative hypothesis; the zero value is TwoSided.
// Less and Greater ask whether group A is below or above group B (in
// PctEasy, and in the mean rating: mind the Direction for the mean).
type Alternative = dist.Alternative

// The alternatives.
const (
	TwoSided = dist.TwoSided
	Less     = dist.Less
	Greater  = dist.Greater
)

// ShareComparison is the two-proportion z-test of PctEasy, in percentage
// points (pooled SE for the test, unpooled for the interval; Defined false
// when the pooled SE is 0).
type ShareComparison = likert.ShareComparison

// MeanComparison is Welch's t-test of the mean ratings (Defined false when a
// group has fewer than two responses or neither has any spread).
type MeanComparison = likert.MeanComparison

// CompareSettings configures [Compare]. A nil pointer, and zero fields, mean
// the defaults.
type CompareSettings struct {
	Level       float64     // confidence level of the intervals; 0 means 0.95
	Alternative Alternative // the zero value is TwoSided
}

// Comparison compares two CES results.
type Comparison struct {
	Share ShareComparison // PctEasy A − PctEasy B
	Mean  MeanComparison  // mean A − mean B (on the version's scale)
}

// Compare compares two independent groups measured with the same version:
// the share of easy responses by the two-proportion z-test and the mean
// rating by Welch's t-test.
func Compare(a, b Result, s *CompareSettings) (Comparison, error) {
	var set CompareSettings
	if s != nil {
		set = *s
	}
	if set.Level == 0 {
		set.Level = 0.95
	}
	if err := checkLevel(set.Level); err != nil {
		return Comparison{}, err
	}
	if !set.Alternative.Valid() {
		return Comparison{}, fmt.Errorf("%w: alternative %v", ErrMethod, set.Alternative)
	}
	if a.N <= 0 || b.N <= 0 {
		return Comparison{}, fmt.Errorf("%w: a group is empty", ErrNoResponses)
	}
	if a.Version != b.Version {
		return Comparison{}, fmt.Errorf("%w: comparing %v with %v", ErrVersion, a.Version, b.Version)
	}
	return Comparison{
		Share: likert.CompareShares(int64(a.Easy), int64(a.N), int64(b.Easy), int64(b.N), set.Level, set.Alternative),
		Mean:  likert.CompareMeans(a.moments(), b.moments(), set.Level, set.Alternative),
	}, nil
}
