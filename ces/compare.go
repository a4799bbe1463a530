package ces

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
)

// Alternative is the alternative hypothesis of a comparison of a control a
// with a treatment b; the zero value is TwoSided. Greater asks whether b is
// above a: in PctEasy that always means easier, in the mean rating it means
// easier for CES 2.0 and harder for CES 1.0 (see [Comparison]). JSON names:
// "two-sided", "less", "greater".
type Alternative int

// The alternatives, for b against a.
const (
	TwoSided Alternative = iota // b differs from a
	Less                        // b is below a
	Greater                     // b is above a
)

// ShareComparison is the two-proportion z-test of PctEasy, b − a, in
// percentage points: positive means more of group b found it easy, whatever
// the version. JSON keys: diff, std_err, pooled_std_err, statistic, p,
// alternative, level, ci, defined, na, nb (undefined values are null).
type ShareComparison struct {
	Diff         float64 // PctEasy_b − PctEasy_a
	StdErr       float64 // the unpooled standard error of Diff (for CI)
	PooledStdErr float64 // the standard error under H0, pooled (for the test)
	Statistic    float64 // z = Diff/PooledStdErr, NaN unless Defined
	P            float64 // p-value of Statistic under Alternative, NaN unless Defined
	Alternative  Alternative
	Level        float64  // confidence level of CI
	CI           Interval // Diff ± z·StdErr within [−100, 100], two-sided
	// Defined is false when the pooled standard error is 0 (everyone easy,
	// or no one, in both groups).
	Defined bool
	NA, NB  int // group sizes
}

// MeanComparison is Welch's t-test of the mean ratings, b − a, on the
// version's scale. JSON keys: diff, std_err, df, statistic, p, alternative,
// level, ci, defined, na, nb.
type MeanComparison struct {
	// Diff is mean_b − mean_a on the raw scale: for CES 1.0 (lower is
	// easier) a negative Diff means b took less effort.
	Diff        float64
	StdErr      float64 // standard error of Diff; NaN when a group has one response
	DF          float64 // Welch–Satterthwaite degrees of freedom
	Statistic   float64 // t = Diff/StdErr, NaN unless Defined
	P           float64 // p-value of Statistic under Alternative, NaN unless Defined
	Alternative Alternative
	Level       float64
	CI          Interval // Diff ± t(DF)·StdErr, both ends NaN unless Defined
	// Defined is false when a group has a single response, or when both
	// groups are each all one rating and the ratings are equal (no answer
	// exists; Statistic, P, CI NaN). Both all one rating but different is
	// the limit SciPy and R give: Statistic ±Inf, P 0 or 1, CI [Diff, Diff].
	Defined bool
	NA, NB  int
}

// Comparison compares two CES results, b − a, with the version and its
// direction recorded so that the mean's sign cannot be misread: Share.Diff
// > 0 always means b is easier; Mean.Diff > 0 means b is easier when
// Direction is HigherIsEasier (CES 2.0) and harder when it is LowerIsEasier
// (CES 1.0). JSON keys: version, direction, share, mean.
type Comparison struct {
	Version   Version
	Direction Direction
	Share     ShareComparison // PctEasy b − PctEasy a
	Mean      MeanComparison  // mean b − mean a, on the version's scale
}

// Compare compares a control a with a treatment b, two independent groups
// measured with the same version: the share of easy responses by the
// two-proportion z-test and the mean rating by Welch's t-test, both b − a.
// Errors: a bad level ([ErrLevel]) or alternative ([ErrMethod]), an empty
// group ([ErrEmpty]), different versions ([ErrScale]), a result whose counts
// do not fit together ([ErrOutOfRange]).
func Compare(a, b Result, s *CompareSettings) (Comparison, error) {
	level, alt := 0.0, TwoSided
	if s != nil {
		level, alt = s.Level, s.Alternative
	}
	level, err := errs.Resolve(level, int(alt))
	if err != nil {
		return Comparison{}, err
	}
	for _, r := range []Result{a, b} {
		if r.N <= 0 {
			return Comparison{}, fmt.Errorf("%w: a group is empty", ErrEmpty)
		}
		if r.Easy < 0 || r.Easy > r.N {
			return Comparison{}, fmt.Errorf("%w: %d easy responses of %d", ErrOutOfRange, r.Easy, r.N)
		}
	}
	if a.Version != b.Version {
		return Comparison{}, fmt.Errorf("%w: comparing %v with %v", ErrScale, a.Version, b.Version)
	}
	sh := likert.CompareShares[Interval](int64(a.Easy), int64(a.N), int64(b.Easy), int64(b.N), level, alt)
	mn := likert.CompareMeans[Interval](a.moments(), b.moments(), level, alt)
	return Comparison{Version: a.Version, Direction: a.Version.Direction(), Share: ShareComparison(sh), Mean: MeanComparison(mn)}, nil
}

// CompareSettings configures [Compare]; nil, or a zero field, means the
// default. JSON keys: level, alternative.
type CompareSettings struct {
	// Alternative is the alternative hypothesis, for b against a; the zero
	// value is TwoSided.
	Alternative Alternative
	// Level is the confidence level of both intervals; 0 means 0.95.
	Level float64
}
