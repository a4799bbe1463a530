// # Degenerate data
//
// What each call returns on the smallest and most uniform inputs: one or two
// responses, all of them in one category, zero counts, equal weights or a
// single positive weight. Where the answer is a limit it is returned (a
// zero-width interval, z = ±∞ with p = 0 or 1, as SciPy and R return for
// constant samples that differ); where no answer exists the numbers are NaN
// (null in JSON) with Defined or LinearizedDefined false; no responses at
// all is an error. Every row is a subtest of TestDegenerate.
//
//	call                          input                               returns
//	Score, FromCounts, Tally      no responses                        ErrEmpty
//	Score, FromCounts             one response                        Score 100, 0 or −100; Variance 0; StdErr 0
//	FromCounts                    all in one category                 Score 100, 0 or −100; Variance 0; StdErr 0
//	Score                         a promoter and a detractor          Score 0, Variance 1, StdErr 100·√½
//	Result.Interval (Wald)        StdErr 0                            zero-width [Score, Score], Margin 0
//	Result.Interval (adjusted)    one promoter                        25 ± z·37.5: never zero-width, clipped to ±100
//	Compare (Wald)                a, b each in one category, differ   z = ±∞, p 0 (two-sided), 0 or 1 (one-sided),
//	                                                                  Defined; CI [Diff, Diff]
//	Compare (Wald)                a, b all in the same category       Diff 0, z and p NaN, Defined false; CI [0, 0]
//	Compare (adjusted)            any counts, one response each too   Defined: StdErr > 0 always
//	Compare, CompareBenchmark     a group without responses           ErrEmpty
//	CompareBenchmark (Wald)       one category, score ≠ benchmark     z = ±∞, p 0 or 1 (limits), Defined
//	CompareBenchmark (Wald)       one category, score = benchmark     z and p NaN, Defined false; CI [0, 0]
//	Weighted                      one response, or one weight > 0     NEff 1, StdErr 0; StdErrLinearized NaN,
//	                                                                  LinearizedDefined false
//	Weighted                      all weights equal                   Score, StdErr as Score; NEff n  , DesignEffect 1
//	Weighted                      all in one category, ≥ 2 weights    StdErr 0, StdErrLinearized 0: zero-width intervals
//	Weighted, WeightedTally       no ratings, or every weight 0       ErrEmpty
//	WeightedResult.Interval       LinearizedSE, one weight > 0        ends and Margin NaN, no error (Kish: zero width)
//	Bayes                         no responses                        the prior as the posterior (uniform: mean 0)
//	SampleSize                    shares all in one category          Variance 0, NRaw 0: Wald and AdjustedWald 1
//	Rolling                       a window without responses          Pooled, VsPrevious nil; MeanOfPeriods NaN
//	CountBytes, CountByGroup      no ratings (in a group)             zero Counts, no error
package nps
