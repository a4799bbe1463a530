package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
)

// Alternative names the alternative hypothesis of a test. The zero value is
// [TwoSided]. For two groups, Greater means the treatment b is above the
// control a (b − a > 0, an odds ratio of b over a above 1) in every call.
type Alternative int

// The three alternatives.
const (
	// TwoSided tests for a difference in either direction.
	TwoSided Alternative = iota
	// Less tests whether b is below a.
	Less
	// Greater tests whether b is above a.
	Greater
)

// valid reports whether a is one of the three alternatives.
func (a Alternative) valid() bool { return a >= TwoSided && a <= Greater }

// check returns an error wrapping ErrOutOfRange for an unknown alternative.
func (a Alternative) check() error {
	if !a.valid() {
		return inputErr(ErrOutOfRange, "alternative", -1, int(a))
	}
	return nil
}

// Interval is a confidence interval [Lower, Upper] at confidence Level. An
// interval whose ends are NaN is undefined; a one-sided interval has an
// infinite end.
//
// JSON keys: lower, upper, level.
type Interval struct {
	Lower float64
	Upper float64
	Level float64
}

// Contains reports whether Lower ≤ x ≤ Upper.
func (iv Interval) Contains(x float64) bool { return iv.Lower <= x && x <= iv.Upper }

// around returns centre ± half at level.
func around(centre, half, level float64) Interval {
	return Interval{Lower: centre - half, Upper: centre + half, Level: level}
}

// fromInternal converts an internal interval and records level.
func fromInternal(iv interval.Interval, level float64) Interval {
	return Interval{Lower: iv.Lower, Upper: iv.Upper, Level: level}
}

// nanInterval is the undefined interval at level.
func nanInterval(level float64) Interval {
	return Interval{Lower: math.NaN(), Upper: math.NaN(), Level: level}
}

// Settings holds the options shared by the hypothesis tests. A nil
// *Settings means all defaults.
//
// # Conventions where the references differ
//
// SciPy, statsmodels and R do not agree on every choice; abtest follows
// one and offers the other where users will want it.
//
//	choice                        abtest (default)                    the other, and how to get it
//	continuity, two proportions   none (statsmodels proportions_ztest) R prop.test corrects: ChiSquareIndependence
//	                                                                  with Yates (the same two-sided p on 2 × 2)
//	continuity, chi-square 2 × 2  none (Pearson; R chisq.test and      ChiSquareSettings.Yates
//	                              SciPy correct by default)
//	continuity, Mann–Whitney      on (SciPy, R)                       MannWhitneySettings.NoContinuity
//	ties, Mann–Whitney            tie-corrected variance (SciPy, R);  RankAsymptotic; RankExact with ties is
//	                              RankAuto leaves the exact method    ErrTies (SciPy 1.10's exact ignores ties)
//	ddof of variances             n − 1 (R, pandas, SciPy's t-tests)  NumPy's var/std default ddof = 0: multiply
//	                                                                  M2/(N − 1) by (N − 1)/N
//	Fisher two-sided p            R's rule, P(k) ≤ P(x)(1 + 1e-7)     SciPy 1.10 uses 1 + 1e-14; equal unless a
//	                                                                  table's probability ties within 1e-7
//	Fisher CI, one-sided test     one-sided (R fisher.test, SciPy     FisherSettings.TwoSidedCI
//	                              odds_ratio)
//	Fisher MLE and CI roots       exact (SciPy odds_ratio)            FisherSettings.Solver = SolveLikeR (R's
//	                                                                  uniroot digits)
//	Jeffreys at x = 0 or n        Brown–Cai–DasGupta rule: 0 or 1     JeffreysPlain (statsmodels, R binom)
//	other intervals, one-sided    two-sided whatever the Alternative  none (use Level = 1 − 2α for a one-sided
//	test                                                              bound at α)
//
// JSON keys: alternative, level.
type Settings struct {
	// Alternative is the alternative hypothesis; the zero value is TwoSided.
	// Greater tests b above a.
	Alternative Alternative
	// Level is the confidence level of the reported intervals, in (0, 1);
	// 0 means 0.95. Intervals are two-sided whatever the Alternative,
	// except where a function documents otherwise ([FisherExact] follows R
	// and reports one-sided bounds).
	Level float64
}

// resolve returns the alternative and level with defaults applied, or an
// error for an unknown alternative or a bad level.
func (s *Settings) resolve() (Alternative, float64, error) {
	if s == nil {
		return TwoSided, 0.95, nil
	}
	if err := s.Alternative.check(); err != nil {
		return 0, 0, err
	}
	level, err := levelOf(s.Level)
	return s.Alternative, level, err
}

// ChiSquareSettings holds the options of [ChiSquareIndependence]. A nil
// pointer means all defaults.
//
// JSON keys: yates.
type ChiSquareSettings struct {
	// Yates applies the Yates continuity correction to 2 × 2 tables (as
	// SciPy's chi2_contingency does by default); false, the zero value,
	// computes Pearson's statistic uncorrected.
	Yates bool
}

// Proportion is a count of successes out of trials (conversions out of
// visitors) for one arm.
//
// JSON keys: successes, trials.
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

// check validates p as the arm named arg; allowEmpty reports whether zero
// trials are allowed.
func (p Proportion) check(arg string, allowEmpty bool) error {
	switch {
	case p.Successes < 0:
		return inputErr(ErrNegative, arg+".successes", -1, p.Successes)
	case p.Trials < 0:
		return inputErr(ErrNegative, arg+".trials", -1, p.Trials)
	case p.Successes > p.Trials:
		return inputErr(fmt.Errorf("%w: above trials %d", ErrOutOfRange, p.Trials), arg+".successes", -1, p.Successes)
	case p.Trials == 0 && !allowEmpty:
		return inputErr(ErrEmpty, arg+".trials", -1, 0)
	}
	return nil
}

// checkArms validates the control a and the treatment b as
// [Proportion.check] does.
func checkArms(a, b Proportion, allowEmpty bool) error {
	if err := a.check("a", allowEmpty); err != nil {
		return err
	}
	return b.check("b", allowEmpty)
}

// checkFinite returns an *InputError for the first NaN or ±Inf in xs.
func checkFinite(arg string, xs []float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return inputErr(ErrNonFinite, arg, i, x)
		}
	}
	return nil
}

// checkSample validates a raw sample that needs at least minN observations.
func checkSample(arg string, xs []float64, minN int) error {
	if len(xs) == 0 {
		return fmt.Errorf("%w: %s is empty", ErrEmpty, arg)
	}
	if len(xs) < minN {
		return fmt.Errorf("%w: %s has %d values, need %d", ErrTooFew, arg, len(xs), minN)
	}
	return checkFinite(arg, xs)
}

// pValue returns the p-value of a standard normal statistic under alt.
func pValue(z float64, alt Alternative) float64 { return dist.NormalP(z, dist.Alternative(alt)) }

// tP returns the p-value of a t statistic with df degrees of freedom.
func tP(t, df float64, alt Alternative) float64 { return dist.TP(t, df, dist.Alternative(alt)) }
