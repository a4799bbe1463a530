package reftest

import "math"

// specials are the awkward values fuzz inputs map to: NaN, infinities,
// non-integers near valid ratings, and huge values.
var specials = [...]float64{
	math.NaN(), math.Inf(1), math.Inf(-1), 8.5, 10.000001, -0.5, 9.0, 1e300, -1e300,
	math.SmallestNonzeroFloat64, 3.0000000000000004, math.Copysign(0, -1), 4.999999999999999, 100, 255, 1 << 53,
}

// Ratings turns fuzz bytes into ratings: most bytes become whole numbers
// from −1 to 11 (so most inputs are valid 0–10 or 1–7 ratings, with some just
// off the scale), and bytes ≥ 240 become one of the awkward values above.
func Ratings(data []byte) []float64 {
	out := make([]float64, len(data))
	for i, b := range data {
		if b >= 240 {
			out[i] = specials[b-240]
			continue
		}
		out[i] = float64(int(b%13) - 1)
	}
	return out
}

// Weights turns fuzz bytes into weights: mostly small non-negative numbers
// (including 0), sometimes negative, NaN, infinite or huge.
func Weights(data []byte) []float64 {
	out := make([]float64, len(data))
	for i, b := range data {
		switch {
		case b >= 240:
			out[i] = specials[b-240]
		case b >= 230:
			out[i] = -float64(b - 229)
		default:
			out[i] = float64(b) / 16
		}
	}
	return out
}
