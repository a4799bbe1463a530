package csat

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/likert"
)

// Alternative names the alternative hypothesis of a test; the zero value is
// TwoSided. Less and Greater ask whether group A is below or above group B.
type Alternative = dist.Alternative

// The alternatives.
const (
	TwoSided = dist.TwoSided
	Less     = dist.Less
	Greater  = dist.Greater
)

// ShareComparison is the two-proportion z-test of two CSATs, in percentage
// points: Diff = CSAT_A − CSAT_B, the test's SEPooled under H0, the
// unpooled SE of the interval, Z, P, CI and Defined (false when the pooled
// SE is 0, which leaves Z and P as NaN).
type ShareComparison = likert.ShareComparison

// MeanComparison is Welch's t-test of two mean ratings: Diff = mean_A −
// mean_B, SE, the Welch–Satterthwaite DF, T, P, CI and Defined (false when a
// group has fewer than two responses or both have no spread).
type MeanComparison = likert.MeanComparison

// CompareSettings configures the comparisons. A nil pointer, and zero
// fields, mean the defaults.
type CompareSettings struct {
	Level       float64     // confidence level of the intervals; 0 means 0.95
	Alternative Alternative // the zero value is TwoSided
}

func (s *CompareSettings) resolve() (CompareSettings, error) {
	var c CompareSettings
	if s != nil {
		c = *s
	}
	if c.Level == 0 {
		c.Level = 0.95
	}
	if err := checkLevel(c.Level); err != nil {
		return c, err
	}
	if !c.Alternative.Valid() {
		return c, fmt.Errorf("%w: alternative %v", ErrMethod, c.Alternative)
	}
	return c, nil
}

// Comparison compares two CSAT results on both headline numbers.
type Comparison struct {
	Share ShareComparison // the top-box shares
	Mean  MeanComparison  // the mean ratings
}

// Compare compares two independent groups: the CSAT shares by the
// two-proportion z-test with the pooled SE under H0 (and the unpooled SE for
// the interval of the difference), and the means by Welch's t-test. The two
// results must be on the same scale.
func Compare(a, b Result, s *CompareSettings) (Comparison, error) {
	set, err := s.resolve()
	if err != nil {
		return Comparison{}, err
	}
	if a.N <= 0 || b.N <= 0 {
		return Comparison{}, fmt.Errorf("%w: a group is empty", ErrNoResponses)
	}
	if a.Scale != b.Scale {
		return Comparison{}, fmt.Errorf("%w: comparing a %+v with a %+v", ErrScale, a.Scale, b.Scale)
	}
	return Comparison{
		Share: likert.CompareShares(int64(a.Satisfied), int64(a.N), int64(b.Satisfied), int64(b.N), set.Level, set.Alternative),
		Mean:  likert.CompareMeans(a.moments(), b.moments(), set.Level, set.Alternative),
	}, nil
}

// CompareShares compares satisfiedA out of nA with satisfiedB out of nB by
// the two-proportion z-test, for when only the counts are known. Counts must
// satisfy 0 ≤ satisfied ≤ n and n > 0 (else [ErrNegativeCount],
// [ErrNoResponses] or [ErrCounts]).
func CompareShares(satisfiedA, nA, satisfiedB, nB int, s *CompareSettings) (ShareComparison, error) {
	set, err := s.resolve()
	if err != nil {
		return ShareComparison{}, err
	}
	for i, g := range [][2]int{{satisfiedA, nA}, {satisfiedB, nB}} {
		name := [2]string{"A", "B"}[i]
		switch {
		case g[0] < 0 || g[1] < 0:
			return ShareComparison{}, fmt.Errorf("%w: %d satisfied out of %d (group %s)", ErrNegativeCount, g[0], g[1], name)
		case g[1] == 0:
			return ShareComparison{}, fmt.Errorf("%w (group %s)", ErrNoResponses, name)
		case g[0] > g[1]:
			return ShareComparison{}, fmt.Errorf("%w: %d satisfied out of %d (group %s)", ErrCounts, g[0], g[1], name)
		}
	}
	return likert.CompareShares(int64(satisfiedA), int64(nA), int64(satisfiedB), int64(nB), set.Level, set.Alternative), nil
}
