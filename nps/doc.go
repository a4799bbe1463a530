// Package nps computes the Net Promoter Score with its uncertainty.
//
// The question is "How likely are you to recommend … ?" on a whole-number
// scale from 0 to 10 (Reichheld, "The One Number You Need to Grow", HBR
// 2003; Bain & Company). Ratings 9–10 are promoters, 7–8 passives and 0–6
// detractors. With P promoters, A passives and D detractors, n = P + A + D,
// p = P/n and d = D/n:
//
//	NPS = 100·(p − d)    on [−100, +100]
//
// Scoring each respondent +1, 0 or −1 makes the NPS 100 × a mean, so mean
// tools carry over. The per-respondent variance is the trinomial
// V = p + d − (p − d)² and the standard error is SE = 100·√(V/n) (Rocks,
// "Interval Estimation for the Net Promoter Score", The American
// Statistician, 2016). [Result.Interval] gives the Wald interval NPS ± z·SE
// and the adjusted-Wald interval of Lewis & Sauro (MeasuringU, 2021), which
// adds ¾ of a promoter, ¾ of a detractor and 3 respondents before the normal
// approximation; adjusted-Wald is the default because it keeps sensible
// coverage when every respondent is a promoter. All scores, standard errors,
// margins and interval ends are in NPS points.
//
// Entry points:
//   - [Score] (ratings as float64, validated: 8.5 and 11 are errors),
//     [FromCounts], and the zero-value accumulator [Tally] (Add, Merge,
//     Result, Reset; merging equals one pass);
//   - [CountBytes] and [CountByGroup], fast validated counting of byte
//     ratings, overall and per segment;
//   - [Compare] (two independent groups, adjusted-Wald by default) and
//     [CompareBenchmark] (one group against a fixed score, one-sided);
//   - [Weighted] and [WeightedTally] (survey weights: Kish effective n,
//     design effect, Kish and linearised standard errors);
//   - [Bayes] (Dirichlet posterior: mean, variance, exact CDF, credible
//     interval, P(NPS > 0), Monte Carlo with a seeded rand.Source,
//     [ProbGreater]);
//   - [SampleSize] (respondents for a margin of error) and [Rolling] (pooled
//     NPS over a trailing window).
//
// Bad input (empty, negative counts, ratings off the scale, non-integer,
// NaN, a level outside (0, 1), bad weights) returns an error with the "nps: "
// prefix; a bad rating is a *[RatingError] carrying its index. A quantity
// that is undefined for valid data — a z statistic whose standard error is 0
// — is reported as absent with a Defined flag and NaN, never as a number.
// Results are plain values, safe to share between goroutines.
package nps
