// Package csat computes the Customer Satisfaction score (CSAT) with its
// uncertainty, on any declared rating scale.
//
// CSAT is the share of respondents in the top box(es) of a satisfaction
// question, in percent:
//
//	CSAT = 100 · #(rating ≥ TopBoxMin) / n    on [0, 100]
//
// The mean rating is reported alongside; it is not the CSAT. The scale is
// declared with a [Scale]: the presets are [Scale5] (1–5, 4–5 satisfied:
// Delighted, Zendesk, SoGoSurvey, CustomerGauge), [Scale7] (1–7, 6–7),
// [Scale10] (1–10, 9–10; some teams use 8–10, so TopBoxMin is configurable),
// [Scale3] (Zendesk's 1–3, only 3 is good) and [Binary] (good = 1, bad = 0;
// unrated tickets are not responses). Values are unrounded; round for
// display.
//
// The share's interval ([Result.Interval]) is Wilson's score interval by
// default (Wilson 1927), with Clopper–Pearson (exact, 1934), Agresti–Coull
// (1998), Jeffreys and Wald available. The mean has a t interval
// ([Result.MeanInterval]), undefined with a single response. [Compare]
// compares two groups (two-proportion z-test with the pooled standard error,
// unpooled interval of the difference; Welch's t-test for the means), and
// [SampleSize] gives the responses needed for a margin of error, with the
// finite population correction.
//
// Each calculation has a batch function over plain slices ([Score],
// [FromCounts]), a zero-value accumulator [Tally] whose Merge equals one
// pass, and a grouped counter for byte data ([CountByGroup], which takes a
// context first).
//
// Conventions shared by every cxkit package: two groups are passed as
// (control a, treatment b) and every difference is b − a, so a positive
// Diff, and a small p under [Greater], mean the treatment scored higher; a
// confidence level of 0 means 0.95; every result, tally and setting encodes
// to JSON (snake_case keys listed on each type, NaN as null, enumerations by
// name) and decodes back. Errors wrap the package's sentinels ([ErrEmpty],
// [ErrOutOfRange], [ErrScale], ...); a bad input value is an *[InputError]
// that says where it is: "csat: rating 6 at index 0: out of range 1..5".
//
// # Degenerate cases
//
// As SciPy and R give them (tested in degenerate_test.go):
//
//	input                                 result
//	no responses                          ErrEmpty
//	one response                          CSAT 0 or 100; SD, StdErr NaN; MeanDefined
//	                                      false; MeanInterval ok false, NaN ends
//	all responses the same rating (n ≥ 2) SD 0; MeanInterval the point [mean, mean]
//	all satisfied, or none                Wilson, Jeffreys, Clopper–Pearson reach
//	                                      100 or 0; Wald is the point [100, 100]
//	                                      or [0, 0]; JeffreysPlain stays inside
//	Compare, a group with one response    Mean: Defined false, NaN (SciPy: NaN)
//	Compare, all satisfied in both or     Share: Defined false; Statistic, P NaN
//	none in both                          (statsmodels: NaN); CI [0, 0]
//	Compare, each group all one rating,   Mean: Statistic ±Inf, P 0 (two-sided and
//	different ratings                     on Diff's side) or 1, CI [Diff, Diff]
//	Compare, all one and the same rating  Mean: Defined false, NaN
//
// Conventions: the standard deviation has divisor n − 1 (ddof = 1, as R
// and pandas; NumPy's default is ddof = 0); the z-test of shares has no
// continuity correction (statsmodels' proportions_ztest; R's prop.test
// corrects by default); intervals are two-sided whatever the Alternative.
package csat
