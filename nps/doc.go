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
// Entry points: [Score], [FromCounts] and the zero-value accumulator [Tally]
// (merging equals one pass); [CountBytes] and [CountByGroup] for byte
// ratings, overall and per segment; [Compare] and [CompareBenchmark];
// [Weighted] and [WeightedTally] (Kish and linearised standard errors);
// [Bayes] (Dirichlet posterior, exact CDF and credible interval, Monte Carlo
// with [Posterior.Simulate] and [ProbGreater]); [SampleSize] and [Rolling].
//
// Conventions shared by every cxkit package:
//   - Two groups come as (a, b) = (control, treatment) or (earlier, later),
//     and every difference is b − a: a positive [Comparison.Diff] means b
//     scored higher, Greater tests b > a, and [ProbGreater] is P(b > a). In
//     [CompareBenchmark] the benchmark is the reference: score − benchmark.
//   - A confidence level of 0 means 0.95, in settings and positional
//     arguments alike; any other level outside (0, 1) wraps [ErrLevel].
//   - A bad input value is an *[InputError] (field, value, index) wrapping
//     one of the sentinels [ErrEmpty], [ErrNonFinite], [ErrOutOfRange],
//     [ErrLength], [ErrNegative], [ErrNotInteger], [ErrLevel], so that
//     errors.Is and errors.As work: "nps: rating 11 at index 2: out of range
//     0..10". Counts whose sum would overflow are errors; nothing panics.
//   - Where degenerate data have a limit it is returned (z = ±∞ for groups
//     that are each in one category but differ); a quantity with no answer
//     is NaN with Defined false, never a made-up number (see the table
//     under Degenerate data).
//   - Every result, setting and accumulator encodes to JSON with the keys
//     listed in its doc (NaN as null, enumerations by name) and decodes back
//     to an equal value; a Tally sent as JSON merges like the original.
//   - Calls whose cost is not bounded by their input ([CountByGroup] on huge
//     inputs, the Monte Carlo calls) take a context first and return
//     ctx.Err() soon after it is cancelled.
//
// Results are plain values, safe to share between goroutines.
package nps
