// Package abtest holds the statistics of A/B and multi-arm experiments:
// significance tests, intervals, power and sample size, multiple-testing
// corrections, sample-ratio checks, Bayesian and sequential analysis and
// variance reduction.
//
// An A/B test splits users at random between a control a and a treatment b
// and compares a metric. For a conversion rate p = x/n the question "is b
// better?" is answered by the pooled two-proportion z-test
// ([TwoProportionZ]),
//
//	z = (p_b − p_a) / √(p̄(1 − p̄)(1/n_a + 1/n_b)),  p̄ = (x_a + x_b)/(n_a + n_b),
//
// whose p-value is the probability, if a and b were equally good, of a
// difference at least as extreme as the one observed. The interval of
// p_b − p_a (Newcombe or Wald) and of the relative lift p_b/p_a − 1
// ([RelativeLift]) say how big the difference plausibly is. For means use
// Welch's t-test ([WelchT], or [WelchTSummary] from mergeable [Summary]
// accumulators), for skewed or ordinal data the Mann–Whitney U test
// ([MannWhitney]), for ratio metrics the delta method ([RatioTest]), for
// tables Pearson's chi-square ([ChiSquareIndependence]) or Fisher's exact
// test ([FisherExact]); [SampleRatioMismatch] checks the traffic split.
// [SampleSizeProportions] and [SampleSizeMeans] plan a test (Cohen 1988),
// [Adjust] and the CompareToControl calls correct for several variants
// (Holm 1979; Benjamini & Hochberg 1995), [BetaBinomial] gives P(b > a)
// (Evan Miller's closed form), [MSPRT] always-valid p-values for a test
// checked at every look (Johari et al. 2017) and [CUPED] variance reduction
// with pre-experiment data (Deng et al. 2013).
//
// Conventions, the same in every cxkit package:
//   - Two groups come as (a, b) = (control, treatment). Every difference is
//     b − a, every Lift b/a − 1 (relative; an absolute difference is a
//     Diff), the odds ratio b over a; a positive statistic means b scored
//     higher and [Greater] tests b > a. (SciPy's ttest_ind(x, y) and
//     mannwhitneyu(x, y) report their first sample against the second: our
//     WelchT(a, b) equals SciPy's ttest_ind(b, a).)
//   - A confidence Level of 0 means 0.95, Alpha 0 means 0.05, Power 0 means
//     0.8; any other value outside (0, 1), or NaN, is an error wrapping
//     [ErrLevel]. Results record the level used. A nil *Settings (or
//     *PowerSettings, ...) means all defaults.
//   - A test's outcome has Statistic, P, Alternative, Level, CI and Defined,
//     a standard error is StdErr, group sizes NA and NB. Degenerate data get
//     the limits SciPy and R give (constant samples, different means:
//     t = ±Inf, p = 0); where no answer exists (no conversions in either
//     arm, constant equal samples) Defined is false and the numbers NaN.
//     Each result type lists its "Degenerate cases"; [Settings] lists the
//     conventions where SciPy, statsmodels and R differ.
//   - Every result, summary and settings value encodes to JSON with
//     snake_case keys (listed in each type's doc), NaN as null, ±Inf as
//     "Infinity", enumerations by name, and decodes back equal.
//   - Bad input is an error wrapping one of the sentinels ([ErrEmpty],
//     [ErrNonFinite], [ErrOutOfRange], ...), inside an [*InputError] that
//     names the value and its index where there is one. Counts whose sums
//     would overflow and problems beyond a size limit are [ErrTooLarge]
//     before anything is allocated. [FisherExact], which answers in
//     milliseconds at any count, takes a context and reports progress.
//
// P-values come from survival functions and keep their relative accuracy
// far into the tail. The results agree with SciPy, statsmodels and R on the
// 54 reference cases in testdata (see testdata/SOURCE.md).
//
// See Example_checkout for a whole checkout-page experiment.
package abtest
