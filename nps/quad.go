package nps

import "math"

// Gauss–Kronrod 7/15 nodes and weights on [−1, 1] (Piessens et al. 1983,
// QUADPACK qk15), used by the exact Dirichlet posterior of [Posterior.CDF].
var (
	gkNodes = [8]float64{
		0.991455371120812639206854697526329,
		0.949107912342758524526189684047851,
		0.864864423359769072789712788640926,
		0.741531185599394439863864773280788,
		0.586087235467691130294144845693013,
		0.405845151377397166906606412076961,
		0.207784955007898467600689403773245,
		0.000000000000000000000000000000000,
	}
	gkWeights = [8]float64{
		0.022935322010529224963732008058970,
		0.063092092629978553290700663189204,
		0.104790010322250183839876322541518,
		0.140653259715525918745189590510238,
		0.169004726639267902826583426598550,
		0.190350578064785409913256402421014,
		0.204432940075298892414161999234649,
		0.209482141084727828012999174891714,
	}
	gaussWeights = [4]float64{ // the 7-point Gauss weights, for nodes 1, 3, 5, 7
		0.129484966168869693270611432679082,
		0.279705391489276667901467771423780,
		0.381830050505118944950369775488975,
		0.417959183673469387755102040816327,
	}
)

// gk15 returns the Kronrod estimate of ∫f over [a, b] and an error estimate
// (the difference from the embedded Gauss rule).
func gk15(f func(float64) float64, a, b float64) (float64, float64) {
	c, h := (a+b)/2, (b-a)/2
	fc := f(c)
	k := fc * gkWeights[7]
	g := fc * gaussWeights[3]
	for j := range 7 {
		x := h * gkNodes[j]
		s := f(c-x) + f(c+x)
		k += gkWeights[j] * s
		if j%2 == 1 {
			g += gaussWeights[j/2] * s
		}
	}
	return k * h, math.Abs((k - g) * h)
}

// integrate is adaptive Gauss–Kronrod quadrature of f over [a, b]: it
// splits intervals in half until each error estimate falls below its share
// of tol (never below 1e-16, the level of rounding noise), the depth limit is
// reached, or the budget of 15-point evaluations runs out, so that the cost
// is bounded whatever f looks like.
func integrate(f func(float64) float64, a, b, tol float64, depth int) float64 {
	budget := 2000
	return integrateRec(f, a, b, tol, depth, &budget)
}

func integrateRec(f func(float64) float64, a, b, tol float64, depth int, budget *int) float64 {
	v, e := gk15(f, a, b)
	*budget--
	if e <= math.Max(tol, 1e-16) || depth == 0 || *budget <= 0 || !(b-a > 1e-300) {
		return v
	}
	m := (a + b) / 2
	return integrateRec(f, a, m, tol/2, depth-1, budget) + integrateRec(f, m, b, tol/2, depth-1, budget)
}
