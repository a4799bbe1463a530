// Package abtest holds the statistics of A/B and multi-arm experiments:
// significance tests, intervals, power and sample size, multiple-testing
// corrections, sample-ratio checks, Bayesian and sequential analysis and
// variance reduction.
//
// An A/B test splits users at random between a control A and a treatment B
// and compares a metric. For a conversion rate p = x/n the question "is B
// better?" is answered by the pooled two-proportion z-test
// ([TwoProportionZ]),
//
//	z = (p_B − p_A) / √(p̄(1 − p̄)(1/n_A + 1/n_B)),  p̄ = (x_A + x_B)/(n_A + n_B),
//
// whose p-value is the probability, if A and B were equally good, of a
// difference at least as extreme as the one observed. The interval of
// p_B − p_A (Wald or Newcombe) and of the relative lift p_B/p_A − 1 (delta
// method or Fieller, [RelativeLift]) say how big the difference plausibly
// is. For means (revenue per visitor) use Welch's t-test ([WelchT], from raw
// values, or [WelchTSummary] from mergeable [Summary] accumulators), for
// skewed or ordinal data the Mann–Whitney U test ([MannWhitney]), and for
// ratio metrics (revenue per session) the delta method ([RatioTest]).
// Contingency tables get Pearson's chi-square ([ChiSquareIndependence]) or
// Fisher's exact test ([FisherExact]); [SampleRatioMismatch] checks that the
// arms received the traffic split they were meant to (if not, distrust every
// other result).
//
// Before a test, [SampleSizeProportions] and [SampleSizeMeans] say how many
// users each arm needs (power analysis, Cohen 1988); with several variants,
// [Adjust] and [CompareProportionsToControl] correct for multiple
// comparisons (Holm 1979; Benjamini & Hochberg 1995). [BetaBinomial] gives
// the Bayesian probability that B beats A and the expected loss of each
// choice (Evan Miller's closed form). [MSPRT] gives always-valid p-values
// that may be checked at every look of a running test (Johari et al. 2017),
// and [CUPED] reduces variance with pre-experiment data (Deng et al. 2013).
//
// Conventions: A is the control and B the treatment, differences are
// B − A, and Greater tests "B above A"; the t-tests and Mann–Whitney take
// samples x and y and compare x − y (x first, as SciPy), reporting U for x.
// Every test takes an [Alternative] (TwoSided, Less, Greater) through its
// settings, and a nil settings pointer means the documented defaults
// (two-sided, 95% intervals). Results are value structs holding the
// statistic, p-value, interval, effect and the counts used. Bad input (an
// empty group, NaN or ±Inf, negative counts, successes above trials, a
// level outside (0, 1), fewer than two values where a variance is needed, a
// table row of zeros) returns an error wrapping one of the package's
// sentinels, with the argument and index in an [*InputError] where there is
// one. Valid data on which a test carries no information (no conversions
// in either arm, zero variance in both groups, an all-zero table column)
// gives a result with Defined = false and NaN statistics, never a
// misleading p-value of 0.
// P-values are computed from survival functions and keep their relative
// accuracy far into the tail. The results agree with SciPy, statsmodels
// and R on the 54 reference cases in testdata (see testdata/SOURCE.md).
//
// See Example_checkout for a whole checkout-page experiment.
package abtest
