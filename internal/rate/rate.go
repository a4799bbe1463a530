// Package rate holds the share of counts that funnels, paths and pain points
// report (a count over a total, undefined (NaN) for an empty total) and the
// rounding of shares that must print as adding to 100 %.
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

// RoundToTotal scales counts to integers that add to exactly total (tenths
// of a percent for total 1000), rounding by largest remainder, so that
// printed shares of one whole add to 100 %. All zero counts give zeros.
func RoundToTotal(counts []int, total int) []int {
	sum := 0
	for _, c := range counts {
		sum += c
	}
	out := make([]int, len(counts))
	if sum == 0 {
		return out
	}
	rem := make([]int, len(counts))
	left := total
	for i, c := range counts {
		out[i] = c * total / sum
		rem[i] = c * total % sum
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}
