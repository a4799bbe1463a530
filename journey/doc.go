// Package journey is cxkit's shared vocabulary for customer journeys —
// customers, purchases, events, touchpoints, channels, stages and survey
// responses — and the analytics built on it: funnels, paths and attribution.
//
// The metric packages (clv, segment, …) may import journey for these shared
// types; journey imports none of them.
//
// # Model
//
// An [Event] is something a customer did at a time, at a [Touchpoint] (a
// point of contact such as "checkout" or "support call") on a channel
// ("web", "email"). Each touchpoint sits in a [Stage] of the lifecycle:
// awareness, consideration, purchase, onboarding, usage, retention, advocacy.
// A [SurveyResponse] rates a touchpoint with an NPS (0–10), CSAT (1–5) or CES
// (1–7) question; a [Journey] is one customer's events in time order with an
// [Outcome]; a [Map] lays out the stages, touchpoints and moments of truth
// (the touchpoints that decide whether a customer stays). [ReadEvents],
// [ReadLog], [ReadSurveys], [ReadPurchases] and [ReadPaths] load CSV and name
// the line of any bad row ([InputError]); [BuildJourneys] and [Log.Journeys]
// group an unsorted event log into journeys. A [Log] stores events by column
// with integer codes, the form the analytics run on.
//
// # Funnels
//
// A [Funnel] counts how many customers reach each of its steps within a
// window measured from step 1. Every step-1 event starts an attempt; in the
// Ordered mode each next step is its earliest strictly later occurrence,
// Strict mode wants the steps back to back, and Unordered counts distinct
// steps in any order. A customer counts at the furthest step any attempt
// reaches. Per step: count n_k, conversion n_k/n_1 and n_k/n_{k−1}, drop-off
// n_{k−1} − n_k and its rate, and the median and mean time from the previous
// step; plus the median time to convert. Exclusion steps discard attempts;
// per-step windows bound the gap between two steps; a breakdown splits the
// customers by a property. The ordered funnel runs in one pass per customer:
// attempts that sit at the same step move on together, so only the latest
// started one per step matters. On a log in strict (customer, time) order
// it runs level by level instead, because then an event of step k+1 moves
// an attempt on exactly when the customer's last arrival at step k or
// event of step k+1 before it is an arrival: a rule about neighbours that
// needs no branch per event. On amd64 two of its loops are written in
// assembly (with AVX-512 where the processor has it). Elsewhere, and with
// -tags purego, the one-pass scan is used, which is faster than the level
// by level funnel in plain Go; both give the same results.
//
// # Paths and attribution
//
// [TopPaths], [NextSteps] and [PreviousSteps] (with [EndMarker] and
// [StartMarker]) summarise sequences for Sankey views; [ChannelSwitching]
// measures omnichannel behaviour. A [PathTable] holds aggregated channel
// paths in the format of the R package ChannelAttribution (path,
// conversions, value, nulls). [Heuristic] applies first-touch, last-touch,
// linear, position-based (40/20/40) and time-decay (weight 2^(−d/H)) rules.
// [Markov] is the removal-effect model of Anderl, Becker, von Wangenheim and
// Schumann (2016): with Q the transitions among the transient states and r
// the probabilities into (conversion), P(conversion) solves the absorbing
// chain (I − Q)ᵀN = e_start, P = N·r (Kemeny & Snell 1960), exactly, at any
// order; removing channel c gives RE_c = 1 − P_c/P, and conversions are
// split in proportion to RE. [Shapley] gives exact Shapley values over
// channel sets, φ_c = Σ_{S∌c} |S|!(n−|S|−1)!/n! [v(S∪c) − v(S)] (Shapley
// 1953; Dalessandro et al. 2012).
//
// # Touchpoint experience
//
// [Experience] joins survey responses to the map's touchpoints and stages
// and keeps the raw ratings, ready for the nps, csat and ces packages.
// [KeyDrivers] explains an overall rating by touchpoint ratings: Pearson r,
// standardised regression coefficients, R² and its exact Shapley (LMG)
// decomposition (Lindeman, Merenda & Gold 1980), or Johnson's (2000)
// relative weights for many drivers. [PainPoints] sets each touchpoint's
// drop-off beside its rescaled score and ranks them by
// drop-off × (1 − score).
//
// # Simulation
//
// [Simulator] generates reproducible CX data (math/rand/v2 sources) through
// a journey map — channel switching, ratings that follow the experience,
// purchases — for examples, teaching and benchmarks; [Sample] is the run
// behind the bundled testdata/sample_*.csv. The package examples show a
// funnel, a Markov attribution, key drivers and the simulator.
//
// # Conventions
//
// Every call whose cost grows with a log, a table or a search takes a
// context first and returns ctx.Err() soon after it is cancelled; its
// settings (Funnel, HeuristicSettings, MarkovSettings, ShapleySettings,
// KeyDriverSettings, PainPointSettings, Simulator) take a Progress
// func(done, total int), nil for none; a nil *Settings means the defaults.
// Every error wraps one of the sentinels of errors.go (ErrEmpty,
// ErrOutOfRange, ErrLength, …); one about an input value is an
// [*InputError] with its Index or Line. Nothing here compares two groups or
// takes a confidence level: the b − a and level-0 rules of the other cxkit
// packages have nothing to apply to. Every exported struct type encodes to
// JSON with the snake_case keys its doc lists, NaN (an undefined rate or
// time) as null, enumerations by name ("first-touch", "ordered").
package journey
