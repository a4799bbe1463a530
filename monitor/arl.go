package monitor

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/cxkit/cxkit/internal/dist"
)

// CUSUMRunLength is the average run length (ARL: the expected number of
// periods to the first alarm) of a standardised tabular CUSUM whose
// standardised values are N(Shift, 1): Shift = 0 gives the in-control ARL₀
// (the mean time between false alarms), a positive Shift the delay to detect
// a rise of Shift standard errors.
//
// Upper and Lower are the ARLs of the one-sided charts C⁺ and C⁻; ARL the
// two-sided chart's, 1/ARL = 1/Upper + 1/Lower (Van Dobben de Bruyn 1968;
// the relation Montgomery's Table 9.3 uses).
//
// JSON keys: k, h, shift, upper, lower, arl.
type CUSUMRunLength struct {
	K     float64
	H     float64
	Shift float64
	Upper float64
	Lower float64
	ARL   float64
}

// EWMARunLength is the average run length of an EWMA chart whose
// standardised values are N(Shift, 1), starting from w₀ = 0. Steady is the
// ARL with the limits at their asymptotic width L·√(λ/(2 − λ)), the figure
// of the published tables (Lucas & Saccucci 1990); TimeVarying the ARL with
// the exact limits that [EWMA] draws, narrower in the first periods, hence
// slightly shorter in control.
//
// JSON keys: lambda, l, shift, steady, time_varying.
type EWMARunLength struct {
	Lambda      float64
	L           float64
	Shift       float64
	Steady      float64
	TimeVarying float64
}

// Grid sizes of the Markov chains (Brook & Evans 1972): the ARL of a chain
// with m and 2m states is extrapolated to m → ∞ (Richardson, error ∝ 1/m²),
// which agrees with the integral-equation values of R's spc package
// (xcusum.arl, xewma.arl) to about 1e−6 relative, 2e−5 for the
// time-varying limits (see reference_test.go).
const (
	cusumStates = 100 // and 200
	ewmaStates  = 100 // on each side of 0: 201 and 401 states
	tvStates    = 71  // states of the time-varying EWMA chain: 71 and 143
)

// CUSUMARL returns the average run lengths of the standardised tabular
// CUSUM with reference value k and decision interval h (in standard
// errors) for a shift of the mean, by the Markov-chain approximation of
// Brook & Evans (Biometrika 59(3), 1972) with Richardson extrapolation.
// For k = 0.5 it gives ARL₀ ≈ 168 (h = 4) and 465 (h = 5).
// It needs 0 ≤ k ≤ 10, 0 < h ≤ 50 and a finite shift (errors wrap
// [ErrOutOfRange] and [ErrNonFinite]).
func CUSUMARL(k, h, shift float64) (CUSUMRunLength, error) {
	if err := checkCUSUM(k, h); err != nil {
		return CUSUMRunLength{}, err
	}
	if k > 10 {
		return CUSUMRunLength{}, badValue(-1, "k", k, fmt.Errorf("%w: the ARL is computed for k ≤ 10", ErrOutOfRange))
	}
	if h > 50 {
		return CUSUMRunLength{}, badValue(-1, "h", h, fmt.Errorf("%w: the ARL is computed for h ≤ 50", ErrOutOfRange))
	}
	if math.IsNaN(shift) || math.IsInf(shift, 0) {
		return CUSUMRunLength{}, badValue(-1, "shift", shift, ErrNonFinite)
	}
	up := richardson(func(m int) float64 { return cusumOneSided(k, h, shift, m) }, cusumStates, 2*cusumStates)
	lo := richardson(func(m int) float64 { return cusumOneSided(k, h, -shift, m) }, cusumStates, 2*cusumStates)
	return CUSUMRunLength{K: k, H: h, Shift: shift, Upper: up, Lower: lo, ARL: 1 / (1/up + 1/lo)}, nil
}

// richardson extrapolates f(n₁) and f(n₂), whose error is ∝ 1/n², to
// n → ∞: f(n₂) + (f(n₂) − f(n₁))/((n₂/n₁)² − 1).
func richardson(f func(n int) float64, n1, n2 int) float64 {
	a, b := f(n1), f(n2)
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return b
	}
	r := float64(n2) / float64(n1)
	return b + (b-a)/(r*r-1)
}

// cusumOneSided is the Brook–Evans chain of C⁺ with m states: state i
// stands for C = i·w, w = 2h/(2m − 1), state 0 for [0, w/2), state i for
// [(i − ½)w, (i + ½)w); C ≥ h = (m − ½)w absorbs.
func cusumOneSided(k, h, mu float64, m int) float64 {
	w := 2 * h / float64(2*m-1)
	a := mat.NewDense(m, m, nil)
	for i := range m {
		ci := float64(i) * w
		prev := dist.NormalCDF(w/2 - ci + k - mu)
		a.Set(i, 0, -prev)
		for j := 1; j < m; j++ {
			cur := dist.NormalCDF((float64(j)+0.5)*w - ci + k - mu)
			a.Set(i, j, -(cur - prev))
			prev = cur
		}
		a.Set(i, i, a.At(i, i)+1)
	}
	return solveARL(a)[0]
}

// solveARL solves (I − Q)·x = 1 for the ARL from each state; a holds I − Q.
func solveARL(a *mat.Dense) []float64 {
	n, _ := a.Dims()
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	var x mat.VecDense
	if err := x.SolveVec(a, mat.NewVecDense(n, ones)); err != nil {
		// Singular to working precision: the chain practically never
		// leaves the in-control states.
		for i := range ones {
			ones[i] = math.Inf(1)
		}
		return ones
	}
	return x.RawVector().Data
}

// EWMAARL returns the average run lengths of the EWMA chart with weight λ
// and limit width L for a shift of the mean (in standard errors), by the
// Markov chain of Lucas & Saccucci (Technometrics 32(1), 1990): the
// in-control band is cut into 2m + 1 cells and the chain's ARL from the
// middle cell, extrapolated to m → ∞, is Steady; TimeVarying follows the
// exact limits period by period until they reach their asymptote, then
// finishes with the steady chain. It needs 0 < λ ≤ 1, 0 < L ≤ 10 and a
// finite shift, and λ ≥ 0.01 (smaller weights need very long chains).
// λ = 0.1 gives ARL₀ ≈ 500 with L = 2.814 and ≈ 369 with L = 2.7.
func EWMAARL(lambda, l, shift float64) (EWMARunLength, error) {
	if err := checkEWMA(lambda, l); err != nil {
		return EWMARunLength{}, err
	}
	if l > 10 {
		return EWMARunLength{}, badValue(-1, "L", l, fmt.Errorf("%w: the ARL is computed for L ≤ 10", ErrOutOfRange))
	}
	if lambda < 0.01 {
		return EWMARunLength{}, badValue(-1, "lambda", lambda, fmt.Errorf("%w: the ARL is computed for λ ≥ 0.01", ErrOutOfRange))
	}
	if math.IsNaN(shift) || math.IsInf(shift, 0) {
		return EWMARunLength{}, badValue(-1, "shift", shift, ErrNonFinite)
	}
	steady := richardson(func(n int) float64 {
		return ewmaSteady(lambda, l, shift, n)[n/2]
	}, 2*ewmaStates+1, 4*ewmaStates+1)
	tv := richardson(func(n int) float64 {
		return ewmaTimeVarying(lambda, l, shift, n)
	}, tvStates, 2*tvStates+1)
	return EWMARunLength{Lambda: lambda, L: l, Shift: shift, Steady: steady, TimeVarying: tv}, nil
}

// ewmaTransitions returns T[i][j] = P(the EWMA moves from the centre
// from[i] into cell j of the band (−h, h) cut into n cells).
func ewmaTransitions(lambda, mu float64, from []float64, h float64, n int) *mat.Dense {
	t := mat.NewDense(len(from), n, nil)
	width := 2 * h / float64(n)
	for i, c := range from {
		base := (1 - lambda) * c
		prev := dist.NormalCDF((-h-base)/lambda - mu)
		for j := range n {
			cur := dist.NormalCDF((-h+float64(j+1)*width-base)/lambda - mu)
			t.Set(i, j, cur-prev)
			prev = cur
		}
	}
	return t
}

// centres returns the centres of n cells cutting (−h, h).
func centres(h float64, n int) []float64 {
	c := make([]float64, n)
	width := 2 * h / float64(n)
	for j := range c {
		c[j] = -h + (float64(j)+0.5)*width
	}
	return c
}

// ewmaSteady returns the ARL from each of the n cells of the chain with the
// asymptotic limits.
func ewmaSteady(lambda, l, mu float64, n int) []float64 {
	h := l * math.Sqrt(lambda/(2-lambda))
	q := ewmaTransitions(lambda, mu, centres(h, n), h, n)
	a := mat.NewDense(n, n, nil)
	a.Scale(-1, q)
	for i := range n {
		a.Set(i, i, a.At(i, i)+1)
	}
	return solveARL(a)
}

// ewmaTimeVarying propagates the distribution of the EWMA over cells of the
// exact limits of each period, summing the survival probabilities, until
// (1 − λ)^(2i) < 1e−12; the remaining expected run length comes from the
// steady chain on the same cells.
func ewmaTimeVarying(lambda, l, mu float64, n int) float64 {
	asym := lambda / (2 - lambda)
	keep := (1 - lambda) * (1 - lambda)
	from := []float64{0}
	p := []float64{1}
	arl, decay := 0.0, 1.0
	for range 100000 {
		arl += floatsSum(p) // P(RL > i)
		decay *= keep
		if decay < 1e-9 {
			break
		}
		h := l * math.Sqrt(asym*(1-decay))
		t := ewmaTransitions(lambda, mu, from, h, n)
		next := make([]float64, n)
		for i, pi := range p {
			if pi == 0 {
				continue
			}
			row := t.RawRowView(i)
			for j, tij := range row {
				next[j] += pi * tij
			}
		}
		p, from = next, centres(h, n)
	}
	tail := ewmaSteady(lambda, l, mu, n)
	if len(p) != n {
		// λ = 1 (or nearly): the limits reach their asymptote at once.
		return arl - 1 + tail[(n-1)/2]
	}
	for j, pj := range p {
		arl += pj * tail[j]
	}
	return arl - floatsSum(p)
}

func floatsSum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
