// Package ces computes the Customer Effort Score, with the version and
// direction of the scale explicit in the types.
//
// Two versions are in use and they point in opposite directions:
//
//   - CES 2.0 ([V2]; Dixon, Toman & DeLisi, The Effortless Experience, 2013;
//     CEB, now Gartner): agreement with "The company made it easy for me to
//     handle my issue" on 1 = strongly disagree … 7 = strongly agree. Higher
//     is easier. Headline: % agree (5–7), with % neutral (4), % disagree
//     (1–3), net ease = % agree − % disagree, and the mean.
//   - CES 1.0 ([V1]; Dixon, Freeman & Toman, "Stop Trying to Delight Your
//     Customers", HBR 2010): "How much effort did you personally have to put
//     forth?" on 1 = very low … 5 = very high effort. Lower is better.
//     Headline: the mean, with % low effort (1–2) and % high effort (4–5).
//
// A [Result] always names the good end "easy": PctEasy is % agree for CES 2.0
// and % low effort for CES 1.0, PctHard is % disagree or % high effort, and
// Direction says how to read the mean. Vendors differ (Delighted reports %
// agree; Nicereply and SoGoSurvey the 1–7 mean; SmartSurvey a mean where
// lower is better), so say which number and version you report.
//
//	PctEasy = 100·#easy/n,   NetEase = PctEasy − PctHard ∈ [−100, 100]
//
// Intervals: Wilson (default), Clopper–Pearson, Agresti–Coull, Jeffreys or
// Wald for PctEasy ([Result.Interval]); a t interval for the mean
// ([Result.MeanInterval]), undefined with one response. [Compare] tests a
// control a against a treatment b (two-proportion z-test and Welch's
// t-test). Batch functions ([Score], [FromCounts]), a zero-value [Tally]
// whose Merge equals one pass, and [CountByGroup] for byte data (context
// first).
//
// Conventions shared by every cxkit package: differences are b − a; for
// PctEasy a positive Diff always means b is easier, for the mean it is on the
// raw scale, so read it with the [Comparison]'s Direction (for CES 1.0 a
// negative mean Diff means b took less effort). A confidence level of 0
// means 0.95. Results, tallies and settings encode to JSON (snake_case keys
// listed on each type, NaN as null, versions and other enumerations by
// name). Errors wrap the package's sentinels; a bad input value is an
// *[InputError]: "ces: rating 8 at index 1: out of range 1..7".
//
// # Degenerate cases
//
// As SciPy and R give them (tested in degenerate_test.go):
//
//	input                                 result
//	no responses                          ErrEmpty
//	one response                          PctEasy 0 or 100; SD, StdErr NaN; MeanDefined
//	                                      false; MeanInterval ok false, NaN ends
//	all responses the same rating (n ≥ 2) SD 0; MeanInterval the point [mean, mean]
//	all easy, or none                     Wilson, Jeffreys, Clopper–Pearson reach
//	                                      100 or 0; Wald is the point [100, 100]
//	                                      or [0, 0]; JeffreysPlain stays inside
//	Compare, a group with one response    Mean: Defined false, NaN (SciPy: NaN)
//	Compare, all easy in both or none     Share: Defined false; Statistic, P NaN
//	in both                               (statsmodels: NaN); CI [0, 0]
//	Compare, each group all one rating,   Mean: Statistic ±Inf, P 0 (two-sided and
//	different ratings                     on Diff's side) or 1, CI [Diff, Diff]
//	Compare, all one and the same rating  Mean: Defined false, NaN
//
// Conventions: the standard deviation has divisor n − 1 (ddof = 1, as R
// and pandas; NumPy's default is ddof = 0); the z-test of shares has no
// continuity correction (statsmodels' proportions_ztest; R's prop.test
// corrects by default); intervals are two-sided whatever the Alternative.
package ces
