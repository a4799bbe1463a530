package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/settings"
)

// RankMethod selects how [MannWhitney] computes its p-value. The zero value
// is RankAuto.
type RankMethod int

const (
	// RankAuto uses the exact distribution when there are no ties and the
	// smaller sample has at most 8 values (SciPy's rule) and n_a·n_b ≤
	// 100,000 (our limit on the exact method's cost), else the normal
	// approximation.
	RankAuto RankMethod = iota
	// RankExact uses the exact null distribution of U. It requires samples
	// without ties and n_a·n_b ≤ 100,000 (the cost is min(n_a, n_b)·n_a·n_b).
	RankExact
	// RankAsymptotic uses the normal approximation with the tie-corrected
	// variance and (unless MannWhitneySettings.NoContinuity) the continuity
	// correction.
	RankAsymptotic
)

// MannWhitneySettings holds the options of [MannWhitney]. A nil pointer
// means all defaults.
//
// JSON keys: alternative, method, no_continuity, parallel.
type MannWhitneySettings struct {
	// Alternative: Greater tests whether b is stochastically larger than a.
	Alternative Alternative
	// Method chooses exact or asymptotic p-values; zero is RankAuto.
	Method RankMethod
	// NoContinuity turns off the continuity correction of the normal
	// approximation (on by default, as in SciPy and R).
	NoContinuity bool
	// Parallel sorts the two samples in two goroutines (one extra
	// goroutine; worthwhile for samples of ~10⁵ values and more).
	Parallel bool
}

// MannWhitneyResult is the outcome of [MannWhitney].
//
// # Degenerate cases
//
// Tested in degenerate_test.go, as SciPy's mannwhitneyu and R's
// wilcox.test give them.
//
//	input                                 result
//	an empty sample                       ErrEmpty
//	1 value each, different               exact: P 1 two-sided; one-sided 0.5 on
//	                                      the observed side, 1 on the other
//	every value in both samples equal     Statistic 0, P 1 under every alternative
//	ties with Method RankExact            ErrTies
//
// JSON keys: u, na, nb, statistic, p, alternative, exact, tie_term, effect,
// defined.
type MannWhitneyResult struct {
	// U is the statistic of the treatment b: the number of pairs (a_i, b_j)
	// with b_j > a_i plus half the number of tied pairs (SciPy's
	// mannwhitneyu(b, a) statistic, R's W of wilcox.test(b, a)). The
	// control's statistic is NA·NB − U.
	U      float64
	NA, NB int
	// Statistic is the standardised statistic (U − NA·NB/2)/σ, positive when
	// b tends to be larger, with the continuity correction when the
	// p-value uses it; for the exact method it is the uncorrected value,
	// for information (the p-value does not use it).
	Statistic float64
	// P is the p-value under Alternative.
	P           float64
	Alternative Alternative
	// Exact reports whether P comes from the exact distribution.
	Exact bool
	// TieTerm is Σ(t³ − t) over groups of tied values (0 without ties).
	TieTerm float64
	// Effect is the common-language effect size U/(NA·NB), the probability
	// that a random b exceeds a random a (ties counting one half).
	Effect float64
	// Defined is always true: when every value in both samples is equal
	// (the variance of U is zero) Statistic is 0 and P is 1 under every
	// alternative, as SciPy and R give it.
	Defined bool
}

// maxExactMN is the limit on n_a·n_b of the exact method.
const maxExactMN = 100_000

// MannWhitney runs the Mann–Whitney U (Wilcoxon rank-sum) test of
// treatment b against control a, with U reported for b (see
// [MannWhitneyResult.U]). The normal approximation uses mean n_a·n_b/2 and
// the tie-corrected variance n_a·n_b/12·((N + 1) − Σ(t³ − t)/(N(N − 1))).
// It matches scipy.stats.mannwhitneyu(b, a) (use_continuity=True) and R's
// wilcox.test(b, a).
//
// The samples are not modified: their values are copied as order-preserving
// integer keys, each sample is sorted separately by a radix sort (a few
// linear passes), and U and the tie groups come from one linear merge of
// the two sorted key arrays.
//
// Errors: an empty sample (ErrEmpty), a NaN or ±Inf value (*InputError
// naming "a" or "b" and the index), an unknown alternative or method
// (ErrOutOfRange), RankExact with ties (ErrTies) or with n_a·n_b above
// 100,000 (ErrTooLarge).
func MannWhitney(a, b []float64, s *MannWhitneySettings) (MannWhitneyResult, error) {
	set := settings.Of(s)
	if err := set.Alternative.check(); err != nil {
		return MannWhitneyResult{}, err
	}
	if set.Method < RankAuto || set.Method > RankAsymptotic {
		return MannWhitneyResult{}, inputErr(ErrOutOfRange, "rank method", -1, int(set.Method))
	}
	if len(a) == 0 || len(b) == 0 {
		return MannWhitneyResult{}, fmt.Errorf("%w: a has %d values, b has %d", ErrEmpty, len(a), len(b))
	}
	ka, bad := keys(a)
	if bad >= 0 {
		return MannWhitneyResult{}, inputErr(ErrNonFinite, "a", bad, a[bad])
	}
	kb, bad := keys(b)
	if bad >= 0 {
		return MannWhitneyResult{}, inputErr(ErrNonFinite, "b", bad, b[bad])
	}
	if set.Parallel {
		done := make(chan struct{})
		go func() {
			radixSort(ka, make([]uint64, len(ka)))
			close(done)
		}()
		radixSort(kb, make([]uint64, len(kb)))
		<-done
	} else {
		buf := make([]uint64, max(len(ka), len(kb)))
		radixSort(ka, buf)
		radixSort(kb, buf)
	}
	u2, ties := mergeCountKeys(kb, ka)
	return mannWhitneyCounts(u2, ties, len(a), len(b), set)
}

// mannWhitneyCounts finishes the test from 2U (of b), the tie term and the sizes.
func mannWhitneyCounts(u2 int64, ties float64, na, nb int, set MannWhitneySettings) (MannWhitneyResult, error) {
	r := MannWhitneyResult{U: float64(u2) / 2, NA: na, NB: nb, Alternative: set.Alternative, TieTerm: ties}
	mn := float64(na) * float64(nb)
	r.Effect = r.U / mn
	exact := false
	switch set.Method {
	case RankExact:
		if ties > 0 {
			return MannWhitneyResult{}, fmt.Errorf("%w: the exact Mann–Whitney distribution needs samples without ties", ErrTies)
		}
		if mn > maxExactMN {
			return MannWhitneyResult{}, fmt.Errorf("%w: exact Mann–Whitney limited to n_a·n_b ≤ %d, got %v", ErrTooLarge, maxExactMN, mn)
		}
		exact = true
	case RankAuto:
		exact = ties == 0 && min(na, nb) <= 8 && mn <= maxExactMN
	}
	n := float64(na + nb)
	sigma := math.Sqrt(mn / 12 * ((n + 1) - ties/(n*(n-1))))
	mu := mn / 2
	d := r.U - mu
	r.Defined = true
	if exact {
		r.Exact = true
		r.Statistic = d / sigma
		r.P = exactUP(int(u2/2), na, nb, set.Alternative)
		return r, nil
	}
	if !(sigma > 0) {
		// Every value equal: U is at its mean and the data carry no
		// evidence, p = 1 under every alternative (SciPy's mannwhitneyu,
		// R's wilcox.test).
		r.Statistic, r.P = 0, 1
		return r, nil
	}
	cc := 0.5
	if set.NoContinuity {
		cc = 0
	}
	switch set.Alternative {
	case Greater:
		r.Statistic = (d - cc) / sigma
		r.P = pValue(r.Statistic, Greater)
	case Less:
		r.Statistic = (d + cc) / sigma
		r.P = pValue(r.Statistic, Less)
	default:
		r.Statistic = math.Copysign(math.Max(math.Abs(d)-cc, 0), d) / sigma
		r.P = math.Min(1, 2*pValue(math.Abs(r.Statistic), Greater))
	}
	return r, nil
}

// exactUP returns the exact p-value of U = u for samples of sizes m and n
// without ties. The null distribution is computed by Harding's (1984)
// product ∏_{i=1}^{m} (1 − q^{n+i})/(1 − q^i) of the generating function,
// rescaled by i/(n + i) at each step so that the coefficients stay
// probabilities.
func exactUP(u, m, n int, alt Alternative) float64 {
	pmf := uDistribution(m, n)
	mn := m * n
	cdf := func(k int) float64 { // P(U ≤ k), summing the shorter side
		if k < 0 {
			return 0
		}
		if k >= mn {
			return 1
		}
		var s float64
		if k <= mn/2 {
			for _, p := range pmf[:k+1] {
				s += p
			}
			return s
		}
		for _, p := range pmf[k+1:] {
			s += p
		}
		return 1 - s
	}
	sf := func(k int) float64 { return cdf(mn - k) } // P(U ≥ k) by symmetry
	switch alt {
	case Greater:
		return math.Min(1, sf(u))
	case Less:
		return math.Min(1, cdf(u))
	}
	return math.Min(1, 2*sf(max(u, mn-u)))
}

// uDistribution returns P(U = k) for k = 0..m·n under H0.
func uDistribution(m, n int) []float64 {
	if m > n {
		m, n = n, m
	}
	size := m*n + 1
	c := make([]float64, size)
	c[0] = 1
	deg := 0
	for i := 1; i <= m; i++ {
		// Multiply by (1 − q^{n+i}).
		deg += n
		for k := deg; k >= n+i; k-- {
			c[k] -= c[k-n-i]
		}
		// Divide by (1 − q^i): a running sum with stride i.
		for k := i; k <= deg; k++ {
			c[k] += c[k-i]
		}
		scale := float64(i) / float64(n+i)
		for k := 0; k <= deg; k++ {
			c[k] *= scale
		}
	}
	for k := range c {
		c[k] = math.Max(c[k], 0)
	}
	return c
}

// Sorting for the rank tests: float64 values are mapped to uint64 keys whose
// unsigned order is the numeric order (flip the sign bit of non-negative
// numbers, all bits of negative ones; −0 is first turned into +0 so that the
// two zeros tie, as they compare equal), then sorted by a least-significant
// digit radix sort with 8-bit digits. All eight digit histograms are built
// in one pass and passes whose digit is the same for every key are skipped
// (for prices in cents the top bytes rarely vary), so the cost is a few
// linear passes instead of the n·log n comparisons of a general sort.

// floatKey returns the order-preserving key of a finite x.
func floatKey(x float64) uint64 {
	b := math.Float64bits(x + 0) // x + 0 turns −0 into +0
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keys returns the sort keys of xs and, when xs holds a NaN or ±Inf, the
// index of the first one (else −1).
func keys(xs []float64) ([]uint64, int) {
	ks := make([]uint64, len(xs))
	const expMask = 0x7ff << 52
	bad := false
	for i, x := range xs {
		b := math.Float64bits(x + 0)
		bad = bad || b&expMask == expMask
		if b>>63 != 0 {
			ks[i] = ^b
		} else {
			ks[i] = b | 1<<63
		}
	}
	if bad {
		for i, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, i
			}
		}
	}
	return ks, -1
}

// radixSort sorts ks in place, using buf (len ≥ len(ks)) as scratch space.
func radixSort(ks, buf []uint64) {
	if len(ks) < 256 {
		insertionSort(ks)
		return
	}
	var counts [8][256]int
	for _, k := range ks {
		for d := range 8 {
			counts[d][byte(k>>(8*d))]++
		}
	}
	src, dst := ks, buf[:len(ks)]
	n := len(ks)
	for d := range 8 {
		c := &counts[d]
		if c[byte(src[0]>>(8*d))] == n {
			continue // every key has the same digit here
		}
		var offs [256]int
		sum := 0
		for i, v := range c {
			offs[i] = sum
			sum += v
		}
		shift := uint(8 * d)
		for _, k := range src {
			b := byte(k >> shift)
			dst[offs[b]] = k
			offs[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ks[0] {
		copy(ks, src)
	}
}

func insertionSort(ks []uint64) {
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}

// mergeCountKeys is mergeCount on sorted keys: it returns 2U for the first
// sample and Σ(t³ − t) over the tie groups of the pooled sample.
func mergeCountKeys(xs, ys []uint64) (u2 int64, ties float64) {
	i, j := 0, 0
	nx, ny := len(xs), len(ys)
	for i < nx || j < ny {
		var v uint64
		if j >= ny || (i < nx && xs[i] < ys[j]) {
			v = xs[i]
		} else {
			v = ys[j]
		}
		ylt := j
		i0 := i
		for i < nx && xs[i] == v {
			i++
		}
		for j < ny && ys[j] == v {
			j++
		}
		cx, cy := int64(i-i0), int64(j-ylt)
		u2 += cx * (2*int64(ylt) + cy)
		if t := float64(cx + cy); t > 1 {
			ties += t*t*t - t
		}
	}
	return u2, ties
}
