// Package funnel counts how many customers of a journey event log reach
// each step of a conversion funnel.
//
// A [Funnel] counts how many customers reach each of its steps within a
// window measured from step 1. Every step-1 event starts an attempt; in the
// [Ordered] mode each next step is its earliest strictly later occurrence,
// [Strict] mode wants the steps back to back, and [Unordered] counts
// distinct steps in any order. A customer counts at the furthest step any
// attempt reaches. Per step ([Step]): count n_k, conversion n_k/n_1 and
// n_k/n_{k−1}, drop-off n_{k−1} − n_k and its rate, and the median and mean
// time from the previous step; plus the median time to convert ([Result]).
// Exclusion steps discard attempts; per-step windows bound the gap between
// two steps; a breakdown splits the customers by a property ([Group]).
//
// The ordered funnel runs in one pass per customer: attempts that sit at
// the same step move on together, so only the latest started one per step
// matters. On a log in strict (customer, time) order it runs level by level
// instead, because then an event of step k+1 moves an attempt on exactly
// when the customer's last arrival at step k or event of step k+1 before it
// is an arrival: a rule about neighbours that needs no branch per event. On
// amd64 two of its loops are written in assembly (with AVX-512 where the
// processor has it). Elsewhere, and with -tags purego, the one-pass scan is
// used, which is faster than the level by level funnel in plain Go; both
// give the same results.
//
// Imports: funnel reads the shared model of package journey (a
// [journey.Log]) and nothing else of cxkit but internal packages; no other
// journey subpackage imports it.
//
//	internal/  ←  journey  ←  journey/funnel
//
// [Funnel.Run] takes a context first and returns ctx.Err() soon after it is
// cancelled; Funnel.Progress is a func(done, total int), nil for none. Its
// errors wrap the sentinels of errors.go, which are the journey model's own
// values (funnel.ErrEmpty == journey.ErrEmpty); one about a setting is an
// [*InputError] with its Index. Every exported struct type encodes to JSON
// with the snake_case keys its doc lists, NaN (an undefined rate or time)
// as null, and [Order] by name ("ordered", "strict", "unordered").
package funnel
