package abtest

import (
	"fmt"
	"math"
)

// RankMethod selects how [MannWhitney] computes its p-value. The zero value
// is RankAuto.
type RankMethod int

const (
	// RankAuto uses the exact distribution when there are no ties and the
	// smaller sample has at most 8 values (SciPy's rule) and n_x·n_y ≤
	// 100,000 (our limit on the exact method's cost), else the normal
	// approximation.
	RankAuto RankMethod = iota
	// RankExact uses the exact null distribution of U. It requires samples
	// without ties and n_x·n_y ≤ 100,000 (the cost is min(n_x, n_y)·n_x·n_y).
	RankExact
	// RankAsymptotic uses the normal approximation with the tie-corrected
	// variance and (unless MannWhitneySettings.NoContinuity) the continuity
	// correction.
	RankAsymptotic
)

// MannWhitneySettings holds the options of [MannWhitney]. A nil pointer
// means all defaults.
type MannWhitneySettings struct {
	// Alternative: Greater tests whether x is stochastically larger than y.
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
type MannWhitneyResult struct {
	// U is the statistic of the FIRST sample x: the number of pairs (x_i, y_j)
	// with x_i > y_j plus half the number of tied pairs (SciPy ≥ 1.7 and R's
	// W). The second sample's statistic is NX·NY − U.
	U      float64
	NX, NY int
	// Z is the standardised statistic of the normal approximation
	// (with continuity correction when used); NaN for the exact method.
	Z float64
	// P is the p-value under Alternative.
	P           float64
	Alternative Alternative
	// Exact reports whether P comes from the exact distribution.
	Exact bool
	// TieTerm is Σ(t³ − t) over groups of tied values (0 without ties).
	TieTerm float64
	// Effect is the common-language effect size U/(NX·NY), the probability
	// that a random x exceeds a random y (ties counting one half).
	Effect float64
	// Defined is false when every value in both samples is equal: the
	// variance of U is zero and Z and P are NaN.
	Defined bool
}

// MannWhitney runs the Mann–Whitney U (Wilcoxon rank-sum) test of x
// against y, with U reported for x (see [MannWhitneyResult.U]). The normal
// approximation uses mean n_x·n_y/2 and the tie-corrected variance
// n_x·n_y/12·((N + 1) − Σ(t³ − t)/(N(N − 1))). It matches
// scipy.stats.mannwhitneyu (use_continuity=True) and R's wilcox.test.
//
// The samples are not modified: their values are copied as order-preserving
// integer keys, each sample is sorted separately by a radix sort (a few
// linear passes), and U and the tie groups come from one linear merge of
// the two sorted key arrays.
//
// Errors: an empty sample (ErrEmpty), a NaN or ±Inf value (*InputError
// naming "x" or "y" and the index), an unknown alternative, RankExact with
// ties or with n_x·n_y above 100,000 (ErrArgument).
func MannWhitney(x, y []float64, s *MannWhitneySettings) (MannWhitneyResult, error) {
	var set MannWhitneySettings
	if s != nil {
		set = *s
	}
	if !set.Alternative.Valid() {
		return MannWhitneyResult{}, fmt.Errorf("%w: %d", ErrAlternative, int(set.Alternative))
	}
	if len(x) == 0 || len(y) == 0 {
		return MannWhitneyResult{}, fmt.Errorf("%w: x has %d values, y has %d", ErrEmpty, len(x), len(y))
	}
	kx, bad := keys(x)
	if bad >= 0 {
		return MannWhitneyResult{}, inputErr(ErrNotFinite, "x", bad, x[bad])
	}
	ky, bad := keys(y)
	if bad >= 0 {
		return MannWhitneyResult{}, inputErr(ErrNotFinite, "y", bad, y[bad])
	}
	if set.Parallel {
		done := make(chan struct{})
		go func() {
			radixSort(kx, make([]uint64, len(kx)))
			close(done)
		}()
		radixSort(ky, make([]uint64, len(ky)))
		<-done
	} else {
		buf := make([]uint64, max(len(kx), len(ky)))
		radixSort(kx, buf)
		radixSort(ky, buf)
	}
	u2, ties := mergeCountKeys(kx, ky)
	return mannWhitneyCounts(u2, ties, len(x), len(y), set)
}

// mannWhitneyCounts finishes the test from 2U, the tie term and the sizes.
func mannWhitneyCounts(u2 int64, ties float64, nx, ny int, set MannWhitneySettings) (MannWhitneyResult, error) {
	r := MannWhitneyResult{U: float64(u2) / 2, NX: nx, NY: ny, Alternative: set.Alternative, TieTerm: ties}
	mn := float64(nx) * float64(ny)
	r.Effect = r.U / mn
	exact := false
	switch set.Method {
	case RankExact:
		if ties > 0 {
			return MannWhitneyResult{}, fmt.Errorf("%w: exact Mann–Whitney needs samples without ties", ErrArgument)
		}
		if mn > 1e5 {
			return MannWhitneyResult{}, fmt.Errorf("%w: exact Mann–Whitney limited to n_x·n_y ≤ 100000, got %v", ErrArgument, mn)
		}
		exact = true
	case RankAuto:
		exact = ties == 0 && min(nx, ny) <= 8 && mn <= 1e5
	case RankAsymptotic:
	default:
		return MannWhitneyResult{}, fmt.Errorf("%w: rank method %d", ErrArgument, int(set.Method))
	}
	r.Defined = true
	if exact {
		r.Exact = true
		r.Z = math.NaN()
		r.P = exactUP(int(u2/2), nx, ny, set.Alternative)
		return r, nil
	}
	n := float64(nx + ny)
	sigma := math.Sqrt(mn / 12 * ((n + 1) - ties/(n*(n-1))))
	if !(sigma > 0) {
		r.Defined = false
		r.Z, r.P = math.NaN(), math.NaN()
		return r, nil
	}
	cc := 0.5
	if set.NoContinuity {
		cc = 0
	}
	mu := mn / 2
	switch set.Alternative {
	case Greater:
		r.Z = (r.U - mu - cc) / sigma
		r.P = pValue(r.Z, Greater)
	case Less:
		r.Z = (r.U - mu + cc) / sigma
		r.P = pValue(r.Z, Less)
	default:
		big := math.Max(r.U, mn-r.U)
		r.Z = (big - mu - cc) / sigma
		r.P = math.Min(1, 2*pValue(r.Z, Greater))
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
