// Package journey is cxkit's shared vocabulary for customer journeys —
// customers, purchases, events, touchpoints, channels, stages and survey
// responses — and the analytics built on it: funnels, paths and attribution.
//
// The metric packages (clv, segment, …) may import journey for these shared
// types; journey imports none of them.
package journey
