// Package experience scores the touchpoints of a journey map from survey
// responses: what customers said at each touchpoint, which touchpoints
// drive the overall rating, and where good customers are lost.
//
// [ByTouchpoint] joins survey responses ([journey.SurveyResponse]) to the
// map's touchpoints and stages and keeps the raw ratings ([Touchpoint]),
// ready for the nps, csat and ces packages. [KeyDrivers] explains an
// overall rating by touchpoint ratings ([DriverTable] builds that table
// from responses): Pearson r, standardised regression coefficients, R² and
// its exact Shapley (LMG) decomposition (Lindeman, Merenda & Gold 1980),
//
//	share_j = Σ_{S∌j} |S|!(p−|S|−1)!/p! [R²(S∪j) − R²(S)],
//
// or Johnson's (2000) relative weights for more than [MaxExactDrivers]
// drivers. [PainPoints] sets each touchpoint's drop-off beside its
// rescaled score and ranks them by drop-off × (1 − score).
//
// Imports: experience reads the shared model of package journey and
// nothing else of cxkit but internal packages (internal/shapley holds the
// Shapley-value sum it shares with journey/attribution; no import runs
// between the two); no other journey subpackage imports it.
//
//	internal/  ←  journey  ←  journey/experience
//
// KeyDrivers and PainPoints take a context first and return ctx.Err() soon
// after it is cancelled; their settings take a Progress func(done, total
// int), nil for none; a nil *Settings means the defaults. Errors wrap the
// sentinels of errors.go (those shared with the model are its own values);
// one about an input value is an [*InputError] with its Index. Every
// exported struct type encodes to JSON with the snake_case keys its doc
// lists, NaN (an undefined score or share) as null.
package experience
