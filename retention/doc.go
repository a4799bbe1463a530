// Package retention answers the three questions a CX team asks about
// keeping customers: how many come back (cohort retention), how long they
// stay (survival of tenure), and how many will still be here next year
// (the contractual sBG model).
//
// Cohort retention. Customers are grouped by the calendar day, week or
// month of their first activity, in an explicit time zone, and each cell
// of the table is the share of a cohort that returned n periods later,
// with a Wilson interval: "classic" counts a return in period n itself,
// "unbounded" a return in period n or later. The overall curve pools the
// cohorts observed long enough (a size-weighted mean), and the churn of
// period n is the share of those still around at n − 1 never seen again.
// See [Cohorts], [CohortCounts] (mergeable) and [CompareCohorts].
//
// Survival. With tenures t_i that end in churn (event) or are still running
// (censored), the Kaplan–Meier estimate of the share still active at t is
//
//	Ŝ(t) = Π_{t_j ≤ t} (1 − d_j/n_j),   Var(log Ŝ) ≈ Σ d_j/(n_j(n_j − d_j))  (Greenwood)
//
// with d_j churn events among the n_j customers at risk at t_j. The
// Nelson–Aalen cumulative hazard is Ĥ(t) = Σ d_j/n_j; the median tenure is
// where Ŝ falls to ½, with the Brookmeyer–Crowley (1982) interval; the
// restricted mean ∫₀^τ Ŝ is the expected tenure within a horizon τ; the
// log-rank test compares curves of segments or A/B arms, stratified if
// needed. Ties put events before censoring; a customer who entered late
// (left truncation) is at risk only after entry; a zero tenure is a churn
// (or censoring) at time 0. Everything matches R's survival package
// (survfit, survdiff, print.survfit) to 1e-10, and lifelines' published
// results; where the two differ (the median at a flat ½, Nelson–Aalen
// ties) R's choice is the default and [Settings] offers lifelines'. See
// [KaplanMeier], [RiskSet] (mergeable counts), [Curve.Median],
// [Curve.RMST], [LogRank].
//
// Contractual retention. In a subscription business churn is observed at
// each renewal. The shifted-beta-geometric model (Fader and Hardie, "How to
// Project Customer Retention", Journal of Interactive Marketing, 2007)
// lets each customer's churn probability θ vary as Beta(γ, δ); the
// retention rate r(t) = (δ + t − 1)/(γ + δ + t − 1) then rises with tenure.
// [FitSBG] fits γ and δ to survivor counts, [FitResult.Project] projects
// survival and retention with intervals, and [SBG.DERL] gives the
// discounted expected residual lifetime (Fader and Hardie 2010), so that
// a subscriber's value is margin × DERL.
//
// Bad input (NaN or negative tenures, event flags outside {0, 1},
// survivor counts that rise, an empty cohort, periods out of order) returns
// an *[InputError] with its position that wraps one of the package's
// sentinel errors. Results are plain values, safe to share between
// goroutines; the accumulators are not safe for concurrent use.
package retention
