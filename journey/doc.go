// Package journey is cxkit's shared vocabulary for customer journeys —
// customers, purchases, events, touchpoints, channels, stages and survey
// responses — with their CSV readers and writers and the path utilities;
// the analytics built on it (funnels, attribution, touchpoint experience,
// simulation) are its subpackages.
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
// with integer codes, the form the analytics run on; [Log.ByCustomer]
// arranges it by customer for them.
//
// # Path utilities
//
// [TopPaths], [NextSteps] and [PreviousSteps] (with [EndMarker] and
// [StartMarker]) summarise sequences for Sankey views; [ChannelSwitching]
// measures omnichannel behaviour. A [PathTable] holds aggregated channel
// paths in the format of the R package ChannelAttribution (path,
// conversions, value, nulls); [PathsFromJourneys] builds one.
//
// # Analytics: the subpackages
//
// The analytics live in subpackages that depend on this model and on
// internal packages only, never on each other:
//
//	journey/funnel       conversion funnels over a Log (with assembly on amd64)
//	journey/attribution  heuristic, Markov and Shapley attribution of a PathTable
//	journey/experience   touchpoint experience, key drivers, pain points
//	journey/simulate     reproducible CX data through a Map
//
// Imports point one way, from the analytics to the model:
//
//	internal/  ←  journey  ←  journey/funnel, journey/attribution,
//	                          journey/experience, journey/simulate
//	journey    ←  clv, segment (for Purchase), cmd/cxkit, examples/
//
// so a package that needs only the shared types (clv and segment read
// purchases) links none of the analytics.
//
// # Conventions
//
// Every call whose cost grows with a log takes a context first and returns
// ctx.Err() soon after it is cancelled. Every error wraps one of the
// sentinels of errors.go (ErrEmpty, ErrOutOfRange, ErrLength, …), which the
// subpackages share by value; one about an input value is an
// [*InputError] with its Index or Line. Nothing here compares two groups or
// takes a confidence level. Every exported struct type encodes to JSON with
// the snake_case keys its doc lists, NaN (an undefined rate) as null,
// enumerations by name ("awareness", "csat").
package journey
