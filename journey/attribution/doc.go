// Package attribution splits the conversions of aggregated channel paths
// (a [journey.PathTable], the format of the R package ChannelAttribution)
// over the channels that led to them.
//
// [Heuristic] applies a [Rule]: first-touch, last-touch, linear,
// position-based (40/20/40) or time-decay (weight 2^(−d/H) for a touch d
// days before the conversion). [Markov] is the removal-effect model of
// Anderl, Becker, von Wangenheim and Schumann (2016): with Q the
// transitions among the transient states and r the probabilities into
// (conversion), P(conversion) solves the absorbing chain (I − Q)ᵀN =
// e_start, P = N·r (Kemeny & Snell 1960), at any order and without
// simulation (Gauss–Seidel sweeps stopped by a proven bound below rounding;
// [Markov] gives the cost of each order); removing channel c gives
// RE_c = 1 − P_c/P, and conversions are split in proportion to RE. [Transitions] holds the chain's counts as a mergeable
// accumulator (count shards apart, Merge, then [Transitions.Markov]);
// Markov on a table is Markov on its counts. [TransitionMatrix] lists the
// chain's transitions. [Shapley] gives exact Shapley values over channel sets,
// φ_c = Σ_{S∌c} |S|!(n−|S|−1)!/n! [v(S∪c) − v(S)] (Shapley 1953;
// Dalessandro et al. 2012). Each returns [Shares]: per channel, its share
// of the conversions and of the conversion value.
//
// Imports: attribution reads the shared model of package journey and
// nothing else of cxkit but internal packages (internal/shapley holds the
// Shapley-value sum it shares with journey/experience); no other journey
// subpackage imports it.
//
//	internal/  ←  journey  ←  journey/attribution
//
// Every call takes a context first and returns ctx.Err() soon after it is
// cancelled; its settings (HeuristicSettings, MarkovSettings,
// ShapleySettings) take a Progress func(done, total int), nil for none; a
// nil *Settings means the defaults. Errors wrap the sentinels of
// errors.go, which are the journey model's own values
// (attribution.ErrEmpty == journey.ErrEmpty); one about a setting is an
// [*InputError], one about a row of the table a [*journey.InputError] with
// its Index. Every exported struct type encodes to JSON with the snake_case
// keys its doc lists, NaN (an undefined removal effect) as null, and the
// enumerations by name ("first-touch", "subset-sum").
package attribution
