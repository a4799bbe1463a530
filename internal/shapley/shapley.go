// Package shapley computes exact Shapley values (Shapley 1953) from the
// values of every coalition: journey/attribution uses it over channel sets,
// journey/experience over drivers (the LMG decomposition of R²).
package shapley

import (
	"math"
	"math/bits"
)

// Values returns the Shapley value of each of n players for the
// coalition values val (indexed by bit mask):
// φ_c = Σ_{S ∌ c} |S|!(n−|S|−1)!/n! · [v(S ∪ {c}) − v(S)], with the weights
// computed in log space. check, if not nil, is called before each player's
// pass over the coalitions; an error from it stops the computation.
func Values(val []float64, n int, check func(c int) error) ([]float64, error) {
	weight := make([]float64, n)
	lgn, _ := math.Lgamma(float64(n + 1))
	for s := 0; s < n; s++ {
		a, _ := math.Lgamma(float64(s + 1))
		b, _ := math.Lgamma(float64(n - s))
		weight[s] = math.Exp(a + b - lgn)
	}
	phi := make([]float64, n)
	for c := 0; c < n; c++ {
		if check != nil {
			if err := check(c); err != nil {
				return nil, err
			}
		}
		bit := 1 << c
		var sum float64
		for m := range val {
			if m&bit == 0 {
				sum += weight[min(bits.OnesCount(uint(m)), n-1)] * (val[m|bit] - val[m])
			}
		}
		phi[c] = sum
	}
	return phi, nil
}
