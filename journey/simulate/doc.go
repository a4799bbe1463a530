// Package simulate generates reproducible customer-experience data through
// a journey map, for examples, teaching and benchmarks.
//
// A [Simulator] walks each customer through the stages of a
// [journey.Map] (by default [DefaultMap], an online retailer): at each
// touchpoint the customer has an experience x = quality + noise in [0, 1]
// and goes on with a probability that rises with x, so weak touchpoints
// lose customers; web touchpoints switch device now and then (omnichannel
// behaviour); rated touchpoints ask for CSAT or CES ratings that follow x,
// and the relationship NPS follows the moments of truth; payments and
// renewals are purchases. [Simulator.Run] returns the [Data]: events,
// survey responses, purchases and journeys of the journey model, in time
// order. Randomness comes from a math/rand/v2 source, so a seed gives the
// same data on every platform; [Sample] is the run behind the bundled
// testdata/sample_*.csv.
//
// Imports: simulate builds values of the shared model of package journey
// and imports nothing else of cxkit; no other journey subpackage imports
// it (the tests of journey/experience use it for data).
//
//	internal/  ←  journey  ←  journey/simulate
//
// Run takes a context first and returns ctx.Err() soon after it is
// cancelled; Simulator.Progress is a func(done, total int), nil for none.
// Errors wrap the sentinels of errors.go, the journey model's own values;
// one about a setting is an [*InputError]. Simulator and Data encode to
// JSON with the snake_case keys their docs list.
package simulate
