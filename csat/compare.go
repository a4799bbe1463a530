package csat

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/settings"
)

// Alternative names the alternative hypothesis of a comparison of a control
// a and a treatment b. The zero value is TwoSided; Greater asks whether b
// scores above a, Less whether below. It encodes as "two-sided", "less" or
// "greater".
type Alternative int

// The alternatives.
const (
	TwoSided Alternative = iota // b ≠ a
	Less                        // b < a
	Greater                     // b > a
)

// ShareComparison is the two-proportion z-test of two CSATs, b − a, in
// percentage points. JSON keys: diff, std_err, pooled_std_err, statistic,
// p, alternative, level, ci, defined, na, nb (undefined values are null).
type ShareComparison struct {
	// Diff is CSAT_b − CSAT_a: positive when the treatment b satisfies more.
	Diff float64
	// StdErr is the unpooled standard error of Diff, the interval's.
	StdErr float64
	// PooledStdErr is the standard error under H0 (pooled share), the test's.
	PooledStdErr float64
	// Statistic is z = Diff/PooledStdErr; NaN when Defined is false.
	Statistic float64
	// P is the p-value of Statistic under Alternative; NaN when Defined is false.
	P           float64
	Alternative Alternative
	Level       float64 // the confidence level of CI (0.95 by default)
	// CI is Diff ± z·StdErr, two-sided whatever the alternative, clipped to
	// [−100, 100].
	CI Interval
	// Defined is false when PooledStdErr is 0: both groups all satisfied,
	// or none; Statistic and P are then NaN.
	Defined bool
	NA, NB  int // responses in a and in b
}

// MeanComparison is Welch's t-test of two mean ratings, b − a. JSON keys:
// diff, std_err, df, statistic, p, alternative, level, ci, defined, na, nb.
type MeanComparison struct {
	Diff        float64 // mean_b − mean_a
	StdErr      float64 // √(s_a²/n_a + s_b²/n_b); NaN when a group has one response
	DF          float64 // Welch–Satterthwaite degrees of freedom
	Statistic   float64 // t = Diff/StdErr; NaN when Defined is false
	P           float64 // p-value of Statistic under Alternative; NaN when Defined is false
	Alternative Alternative
	Level       float64
	CI          Interval // Diff ± t(DF)·StdErr; NaN ends when Defined is false
	// Defined is false when a group has fewer than two responses, or when
	// both groups are each all one rating and the ratings are equal (no
	// answer exists; Statistic, P, CI NaN). Both all one rating but
	// different is the limit SciPy and R give: Statistic ±Inf, P 0 or 1, CI
	// [Diff, Diff].
	Defined bool
	NA, NB  int
}

// CompareSettings configures the comparisons. A nil pointer, and zero
// fields, mean the defaults. JSON keys: level, alternative.
type CompareSettings struct {
	Level       float64     // confidence level of the intervals; 0 means 0.95
	Alternative Alternative // the zero value is TwoSided
}

// Comparison compares two CSAT results on both headline numbers, b − a.
// JSON keys: share, mean.
type Comparison struct {
	Share ShareComparison // the top-box shares
	Mean  MeanComparison  // the mean ratings
}

// Compare compares a control a with a treatment b, two independent groups
// on the same scale: the CSAT shares by the two-proportion z-test with the
// pooled standard error under H0 (and the unpooled one for the interval of
// the difference), and the means by Welch's t-test. Every difference is
// b − a. Errors: a bad level ([ErrLevel]) or alternative ([ErrMethod]), an
// empty group ([ErrEmpty]), results on different scales ([ErrScale]), or a
// result whose counts do not fit together ([ErrOutOfRange]).
func Compare(a, b Result, s *CompareSettings) (Comparison, error) {
	level, alt, err := s.resolve()
	if err != nil {
		return Comparison{}, err
	}
	if err := check(a, "a"); err != nil {
		return Comparison{}, err
	}
	if err := check(b, "b"); err != nil {
		return Comparison{}, err
	}
	if a.Scale != b.Scale {
		return Comparison{}, fmt.Errorf("%w: comparing a %+v with a %+v", ErrScale, a.Scale, b.Scale)
	}
	return Comparison{
		Share: ShareComparison(likert.CompareShares[Interval](int64(a.Satisfied), int64(a.N), int64(b.Satisfied), int64(b.N), level, alt)),
		Mean:  MeanComparison(likert.CompareMeans[Interval](a.moments(), b.moments(), level, alt)),
	}, nil
}

// check validates a result passed to Compare.
func check(r Result, name string) error {
	if r.N <= 0 {
		return fmt.Errorf("%w: group %s is empty", ErrEmpty, name)
	}
	if r.Satisfied < 0 || r.Satisfied > r.N {
		return fmt.Errorf("%w: group %s has %d satisfied of %d", ErrOutOfRange, name, r.Satisfied, r.N)
	}
	return nil
}

// CompareShares compares satisfiedB out of nB with satisfiedA out of nA by
// the two-proportion z-test (b − a), for when only the counts are known.
// Counts must satisfy 0 ≤ satisfied ≤ n and n > 0 (else [ErrNegative],
// [ErrEmpty] or [ErrOutOfRange]).
func CompareShares(satisfiedA, nA, satisfiedB, nB int, s *CompareSettings) (ShareComparison, error) {
	level, alt, err := s.resolve()
	if err != nil {
		return ShareComparison{}, err
	}
	for i, g := range [][2]int{{satisfiedA, nA}, {satisfiedB, nB}} {
		name := [2]string{"a", "b"}[i]
		switch {
		case g[0] < 0 || g[1] < 0:
			return ShareComparison{}, fmt.Errorf("%w: %d satisfied out of %d (group %s)", ErrNegative, g[0], g[1], name)
		case g[1] == 0:
			return ShareComparison{}, fmt.Errorf("%w (group %s)", ErrEmpty, name)
		case g[0] > g[1]:
			return ShareComparison{}, fmt.Errorf("%w: %d satisfied out of %d (group %s)", ErrOutOfRange, g[0], g[1], name)
		}
	}
	return ShareComparison(likert.CompareShares[Interval](int64(satisfiedA), int64(nA), int64(satisfiedB), int64(nB), level, alt)), nil
}

// resolve returns the level (0 → 0.95) and alternative of s, checked.
func (s *CompareSettings) resolve() (float64, Alternative, error) {
	c := settings.Of(s)
	level, err := errs.Resolve(c.Level, int(c.Alternative))
	return level, c.Alternative, err
}
