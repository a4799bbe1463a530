package retention

// Interval is a confidence interval [Lower, Upper] at confidence Level.
//
// JSON keys: lower, upper, level.
type Interval struct {
	Lower float64
	Upper float64
	Level float64
}
