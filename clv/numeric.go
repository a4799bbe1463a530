package clv

import "math"

// Small numeric helpers shared by the models of this package.

// positive reports whether v is positive and finite.
func positive(v float64) bool { return v > 0 && v <= math.MaxFloat64 }

// validParams returns an *InputError naming the first of vals (called
// names[i] in model) that is not positive and finite, or nil.
func validParams(model string, names []string, vals ...float64) error {
	for i, v := range vals {
		if err := checkParam(model, names[i], v); err != nil {
			return err
		}
	}
	return nil
}

// logs returns the logarithms of p.
func logs(p ...float64) []float64 {
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = math.Log(v)
	}
	return out
}

// lgamma is log |Γ(x)|.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// lbeta is log B(a, b) for a, b > 0.
func lbeta(a, b float64) float64 { return lgamma(a) + lgamma(b) - lgamma(a+b) }
