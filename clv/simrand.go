package clv

import (
	"math"
	"math/rand/v2"
)

// gammaRand draws from Gamma(shape k, rate 1) by the method of Marsaglia &
// Tsang (2000), "A Simple Method for Generating Gamma Variables", ACM TOMS
// 26(3) 363–372; a shape below 1 uses Gamma(k+1)·U^(1/k).
func gammaRand(rng *rand.Rand, k float64) float64 {
	if k < 1 {
		u := rng.Float64()
		for u == 0 {
			u = rng.Float64()
		}
		return gammaRand(rng, k+1) * math.Pow(u, 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		var x, v float64
		for {
			x = rng.NormFloat64()
			v = 1 + c*x
			if v > 0 {
				break
			}
		}
		v = v * v * v
		u := rng.Float64()
		if u < 1-0.0331*x*x*x*x {
			return d * v
		}
		if u > 0 && math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// betaRand draws from Beta(a, b) as G_a/(G_a + G_b) with independent gamma
// draws.
func betaRand(rng *rand.Rand, a, b float64) float64 {
	x := gammaRand(rng, a)
	y := gammaRand(rng, b)
	if x+y == 0 {
		// Both shapes tiny and both draws underflowed: choose an end with
		// the right odds.
		if rng.Float64() < a/(a+b) {
			return 1
		}
		return 0
	}
	return x / (x + y)
}
