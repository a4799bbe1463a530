// Package rate holds the share of counts that funnels, paths and pain points
// report: a count over a total, undefined (NaN) for an empty total.
package rate

import "math"

// Of returns count/total, or NaN when total is 0 (a rate of nothing is
// undefined, and encodes as JSON null).
func Of(count, total int) float64 {
	if total == 0 {
		return math.NaN()
	}
	return float64(count) / float64(total)
}
