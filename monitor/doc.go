// Package monitor tells a real change in a CX metric from noise, period by
// period: control charts whose limits respect each period's number of
// responses, charts for small persistent shifts, run rules, and a
// before/after analysis at a declared change.
//
// A series is a slice of [Period] values — a date or label, the number of
// responses N and the period's counts (successes; or promoters, passives
// and detractors) or mean and variance — in time order, built from any
// tally in one line. A chart estimates its centre line and spread on a
// baseline [Window] (the whole series by default; [DateWindow] maps dates
// to one) or takes a [Standard].
// For a share p̄ on the baseline, a period of nᵢ responses gets the limits
//
//	p̄ ± L·σᵢ,  σᵢ = √(p̄(1 − p̄)/nᵢ),  L = 3
//
// so a week with 40 responses gets wider limits than one with 400
// (Montgomery, Introduction to Statistical Quality Control, 7th ed., ch. 6,
// 7 and 9). [NPSChart] uses the trinomial variance V = p + d − (p − d)² of
// the NPS, [LaneyPChart] and [LaneyNPSChart] widen the limits for
// overdispersed series (Laney 2002), [XBarSChart] charts means and
// standard deviations with c₄.
//
// Shewhart charts catch large shifts; [EWMA] and [CUSUM] catch small
// persistent ones. Both standardise each period, zᵢ = (xᵢ − centre)/σᵢ, and
// accumulate: the EWMA wᵢ = λzᵢ + (1 − λ)wᵢ₋₁, the CUSUM C⁺ᵢ = max(0, zᵢ − k
// + C⁺ᵢ₋₁). Their parameters trade false alarms against speed, measured by
// the average run length: [EWMAARL] (Lucas & Saccucci 1990) and [CUSUMARL]
// (Brook & Evans 1972) compute it, e.g. k = 0.5, h = 5 gives 465 periods
// between false alarms and about 10 to detect a shift of one standard
// error. The Western Electric and Nelson run rules ([Rules]) add alarms
// for runs, each [Alarm] naming its [Rule].
//
// [Change] asks whether a change made at a known period worked: a
// segmented regression of the interrupted series estimates the jump in
// level and the change in slope, with Newey–West standard errors that
// allow for autocorrelated periods, beside the plain before/after
// [Comparison] that a pre-existing trend fools.
//
// Bad input — no periods, n = 0, counts that do not add up, periods out of
// order or duplicated, a baseline window outside the series, λ, L, k or h
// out of range — returns an error wrapping a sentinel ([ErrEmpty],
// [ErrOrder], [ErrDuplicate], [ErrOutOfRange], …), an *[InputError] with
// the period's index where there is one. Results are plain values, safe to
// share between goroutines; every type encodes to JSON. See the Examples.
package monitor
