package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// nbdKernel evaluates the log-likelihood and gradient shared by the BG/NBD
// (k = 0) and MBG/NBD (k = 1) models on compressed rows. For a customer with
// (x, t_x, T) both likelihoods have the form
//
//	log L = C(x) + log[ (α+T)^−(r+x) + δ·a/(b+x−1+k)·(α+t_x)^−(r+x) ]
//	C(x)  = lnΓ(r+x) − lnΓ(r) + r·ln α + lnΓ(b+x+k) − lnΓ(b) + lnΓ(a+b) − lnΓ(a+b+x+k)
//
// with δ = 1 if x > 0 or k = 1, else 0 (FHL 2005 eq. 6; Batislam, Denizel &
// Filiztekin 2007). The work is arranged so that little is done per row:
//   - C(x) depends on the customer only through x, so it is computed once per
//     distinct x with the summed weight of its customers;
//   - ln(α+t) and 1/(α+t) are computed once per distinct time t among the
//     ages T and recencies t_x (real data have few distinct ages: CDNOW has
//     266; logs summarised by day have at most one t per day, so a data set
//     of random purchase dates with 76,000 distinct rows has about 700),
//     and customers with x = 0 (t_x = 0) are summed per distinct T, since
//     their term depends on T alone;
//   - a row with x > 0 costs one exponential and one logarithm.
type nbdKernel struct {
	k float64 // 0 for BG/NBD, 1 for MBG/NBD

	xs []float64 // distinct frequencies
	wx []float64 // total weight of each distinct frequency

	ts  []float64 // distinct times: ages T and recencies t_x
	w0T []float64 // weight of the x = 0 customers at each distinct time (as T)

	// Rows with x > 0.
	x, w        []float64
	xi, ti, txi []int32 // index into xs and ts (of T and of t_x)

	meanT, meanX float64 // weighted means, for the default starting point
}

func newNBDKernel(r rows, k float64) *nbdKernel {
	n := r.len()
	kn := &nbdKernel{k: k, x: make([]float64, 0, n), w: make([]float64, 0, n),
		xi: make([]int32, 0, n), ti: make([]int32, 0, n), txi: make([]int32, 0, n)}
	var xpos, tpos floatIndex
	var tw, sx, sT float64
	for i, x := range r.x {
		w, T := r.w[i], r.T[i]
		xj := xpos.distinct(&kn.xs, &kn.wx, x)
		kn.wx[xj] += w
		tj := tpos.distinct(&kn.ts, &kn.w0T, T)
		if x == 0 {
			kn.w0T[tj] += w
		} else {
			kn.x = append(kn.x, x)
			kn.w = append(kn.w, w)
			kn.xi = append(kn.xi, xj)
			kn.ti = append(kn.ti, tj)
			kn.txi = append(kn.txi, tpos.distinct(&kn.ts, &kn.w0T, r.tx[i]))
		}
		tw += w
		sx += w * x
		sT += w * T
	}
	kn.meanT, kn.meanX = sT/tw, sx/tw
	return kn
}

// start returns the default natural-scale starting point (r, α, a, b).
func (kn *nbdKernel) start() []float64 {
	return []float64{1, startAlpha(kn.meanT, kn.meanX), 1, 1}
}

// startAlpha is the default starting α of the purchase-rate gamma (BG/NBD,
// MBG/NBD, Pareto/NBD): the weighted mean age over the weighted mean number
// of repeat purchases (the mean age when no one repeated), at least 1e-3.
func startAlpha(meanT, meanX float64) float64 {
	alpha := meanT
	if meanX > 0 {
		alpha = meanT / meanX
	}
	return math.Max(alpha, 1e-3)
}

// nbdRowChunk is the number of rows of x > 0 per chunk of the parallel
// row sum (fixed, so that the sum does not depend on GOMAXPROCS).
const nbdRowChunk = 8192

// nbdEval holds the per-evaluation tables shared by the row workers.
type nbdEval struct {
	r, al, a, b, la float64
	lT, iT          []float64 // ln(α+t), 1/(α+t) per distinct time t
	lbk, ibk        []float64 // ln(b+x−1+k), 1/(b+x−1+k) per distinct x
}

// objective is the negative total log-likelihood at log-parameters lp, with
// its gradient with respect to lp stored in grad when grad is not nil.
func (kn *nbdKernel) objective(lp, grad []float64) float64 {
	r, al, a, b := math.Exp(lp[0]), math.Exp(lp[1]), math.Exp(lp[2]), math.Exp(lp[3])
	k := kn.k
	want := grad != nil
	var g [4]float64 // gradient of the log-likelihood in natural scale
	ll := 0.0

	// C(x) per distinct x.
	lal := math.Log(al)
	lgr, lgb, lgab := lgamma(r), lgamma(b), lgamma(a+b)
	var psr, psb, psab float64
	if want {
		psr, psb, psab = mathext.Digamma(r), mathext.Digamma(b), mathext.Digamma(a+b)
	}
	ev := nbdEval{r: r, al: al, a: a, b: b, la: math.Log(a),
		lbk: make([]float64, len(kn.xs)), ibk: make([]float64, len(kn.xs)),
		lT: make([]float64, len(kn.ts)), iT: make([]float64, len(kn.ts))}
	for j, x := range kn.xs {
		w := kn.wx[j]
		ll += w * (lgamma(r+x) - lgr + r*lal + lgamma(b+x+k) - lgb + lgab - lgamma(a+b+x+k))
		if want {
			d := mathext.Digamma(a + b + x + k)
			g[0] += w * (mathext.Digamma(r+x) - psr + lal)
			g[1] += w * r / al
			g[2] += w * (psab - d)
			g[3] += w * (mathext.Digamma(b+x+k) - psb + psab - d)
		}
		ev.lbk[j] = math.Log(b + x - 1 + k)
		ev.ibk[j] = 1 / (b + x - 1 + k)
	}

	// Per distinct time, and the x = 0 customers summed per T.
	v0 := ev.la - math.Log(b) - r*lal // MBG/NBD x = 0: ln a/b − r ln α
	for j, T := range kn.ts {
		ev.lT[j] = math.Log(al + T)
		ev.iT[j] = 1 / (al + T)
		w := kn.w0T[j]
		if w == 0 {
			continue
		}
		u := -r * ev.lT[j]
		if k == 0 {
			ll += w * u
			if want {
				g[0] -= w * ev.lT[j]
				g[1] -= w * r * ev.iT[j]
			}
			continue
		}
		m, wu := logAddExp(u, v0)
		ll += w * m
		if want {
			wv := 1 - wu
			g[0] -= w * (wu*ev.lT[j] + wv*lal)
			g[1] -= w * r * (wu*ev.iT[j] + wv/al)
			g[2] += w * wv / a
			g[3] -= w * wv / b
		}
	}

	// Rows with x > 0.
	s, gs := parallelSum4(len(kn.x), nbdRowChunk, func(lo, hi int) (float64, [4]float64) {
		return kn.rowSum(&ev, lo, hi, want)
	})
	ll += s
	for i := range g {
		g[i] += gs[i]
	}
	if want {
		grad[0], grad[1], grad[2], grad[3] = -g[0]*r, -g[1]*al, -g[2]*a, -g[3]*b
	}
	return -ll
}

// logAddExp returns log(e^u + e^v) and the weight e^u/(e^u + e^v). It uses
// log(1+e) rather than log1p(e): e is in (0, 1], so the absolute error is
// at most one rounding of 1+e (≈ 1e-16), which is all that matters once the
// result is added to max(u, v), and math.Log is several times faster.
func logAddExp(u, v float64) (m, wu float64) {
	if u >= v {
		e := math.Exp(v - u)
		return u + math.Log(1+e), 1 / (1 + e)
	}
	e := math.Exp(u - v)
	return v + math.Log(1+e), e / (1 + e)
}

// rowSum adds the term log[...] over the x > 0 rows lo..hi-1 and, if want,
// its natural-scale gradient. Sums are accumulated in blocks of sumBlock
// rows and then added, which keeps the rounding error of the totals
// (hundreds of thousands of terms) near 1e-12 relative instead of 1e-10: the
// optimiser's line search compares totals that differ in the ninth digit
// near the optimum.
func (kn *nbdKernel) rowSum(ev *nbdEval, lo, hi int, want bool) (float64, [4]float64) {
	const sumBlock = 256
	r, la := ev.r, ev.la
	lT, iT, lbk, ibk := ev.lT, ev.iT, ev.lbk, ev.ibk
	var tot [5]float64 // ll, r, α, a, b
	for b0 := lo; b0 < hi; b0 += sumBlock {
		b1 := min(b0+sumBlock, hi)
		xs, ws, xis, tis, txis := kn.x[b0:b1], kn.w[b0:b1], kn.xi[b0:b1], kn.ti[b0:b1], kn.txi[b0:b1]
		var ll, gr, gal, ga, gb float64
		for i, x := range xs {
			w, tj, xj, txj := ws[i], tis[i], xis[i], txis[i]
			rx := r + x
			ltx := lT[txj]
			u := -rx * lT[tj]
			v := la - lbk[xj] - rx*ltx
			m, wu := logAddExp(u, v)
			ll += w * m
			if want {
				wv := w * (1 - wu)
				wu *= w
				gr -= wu*lT[tj] + wv*ltx
				gal -= rx * (wu*iT[tj] + wv*iT[txj])
				ga += wv
				gb -= wv * ibk[xj]
			}
		}
		tot[0] += ll
		tot[1] += gr
		tot[2] += gal
		tot[3] += ga
		tot[4] += gb
	}
	return tot[0], [4]float64{tot[1], tot[2], tot[3] / ev.a, tot[4]}
}
