// Package radix holds the step that cxkit's least-significant-digit radix
// sorts share (journey/funnel's records by customer, retention's time
// keys): a pass counts how many elements have each digit value, then
// [Offsets] turns those counts into the index where each bucket starts, so
// that placing the elements in their input order, each at its bucket's
// next index, sorts them stably by that digit.
package radix

// Offsets replaces each count with the sum of the counts before it (an
// exclusive prefix sum): afterwards count[d] is the index of the first
// element whose digit is d. The caller increments count[d] as it places
// each such element.
func Offsets(count []int) {
	sum := 0
	for d, k := range count {
		count[d] = sum
		sum += k
	}
}
