package abtest

import (
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/cxkit/cxkit/internal/reftest"
)

// The peer workloads of /work/shared/bench/peer_abtest.py. Set
// ABTEST_BENCH_DATA to the directory written by
// `peer_abtest.py --write-data DIR` to run on the peer's exact data and
// check the peer's results; otherwise data of the same shape are generated.

// readF64 reads a raw little-endian float64 file.
func readF64(b *testing.B, path string) []float64 {
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	xs := make([]float64, len(raw)/8)
	for i := range xs {
		xs[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	return xs
}

// benchData returns the named peer arrays, or n generated values.
func benchData(b *testing.B, name string, n int, gen func(*rand.Rand) float64) ([]float64, bool) {
	if dir := os.Getenv("ABTEST_BENCH_DATA"); dir != "" {
		return readF64(b, filepath.Join(dir, name)), true
	}
	rng := rand.New(rand.NewPCG(uint64(len(name)), uint64(n)))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = gen(rng)
	}
	return xs, false
}

func checkClose(b *testing.B, what string, got, want, rel float64) {
	if math.Abs(got-want) > rel*math.Abs(want) {
		b.Fatalf("%s = %.15g, peer %.15g", what, got, want)
	}
}

// BenchmarkWelchT: peer workload welch_ttest, 2 × 10,000,000 values.
func BenchmarkWelchT(b *testing.B) {
	x, peer := benchData(b, "ttest_a.f64", 10_000_000, func(r *rand.Rand) float64 { return 10 + 3*r.NormFloat64() })
	y, _ := benchData(b, "ttest_b.f64", 10_000_000, func(r *rand.Rand) float64 { return 10.005 + 3*r.NormFloat64() })
	b.ReportAllocs()
	var r TTestResult
	runtime.GC()
	reftest.BenchCPU(b, func() { r, _ = WelchT(x, y, nil) })
	if peer {
		// check welch_ttest: t=-4.82368352809 p=1.40932003095e-06. The peer
		// runs ttest_ind(a, b), which is a − b; we report b − a, so our t is
		// the peer's negated.
		checkClose(b, "t", -r.Statistic, -4.82368352809, 1e-10)
		checkClose(b, "p", r.P, 1.40932003095e-06, 1e-9)
	}
}

// lognormalCents draws LogNormal(mu, 0.8) rounded to cents.
func lognormalCents(mu float64) func(*rand.Rand) float64 {
	return func(r *rand.Rand) float64 { return math.Round(100*math.Exp(mu+0.8*r.NormFloat64())) / 100 }
}

// BenchmarkMannWhitney: peer workload mannwhitneyu, 2 × 1,000,000 values
// with many ties, asymptotic p-value.
func BenchmarkMannWhitney(b *testing.B) { benchMannWhitney(b, false) }

// BenchmarkMannWhitneyParallel is BenchmarkMannWhitney with the two
// samples sorted in two goroutines (MannWhitneySettings.Parallel).
func BenchmarkMannWhitneyParallel(b *testing.B) { benchMannWhitney(b, true) }

func benchMannWhitney(b *testing.B, parallel bool) {
	x, peer := benchData(b, "mwu_x.f64", 1_000_000, lognormalCents(3.5))
	y, _ := benchData(b, "mwu_y.f64", 1_000_000, lognormalCents(3.502))
	set := &MannWhitneySettings{Method: RankAsymptotic, Parallel: parallel}
	b.ReportAllocs()
	var r MannWhitneyResult
	runtime.GC()
	reftest.BenchCPU(b, func() { r, _ = MannWhitney(x, y, set) })
	if peer {
		// check mannwhitneyu: U=499601709776.0 p=0.329258965281. The peer's U
		// is mannwhitneyu(x, y)'s, of the first sample; ours is of b (the
		// second), NA·NB − U.
		checkClose(b, "U", float64(r.NA)*float64(r.NB)-r.U, 499601709776.0, 0)
		checkClose(b, "p", r.P, 0.329258965281, 1e-9)
	}
}

// BenchmarkBayesProbBBeatsA: peer workload bayes_pba, exact P(B > A) with
// 100,601 terms (A 100,000/1,000,000, B 100,600/1,000,000, uniform priors).
func BenchmarkBayesProbBBeatsA(b *testing.B) {
	A := Beta{1 + 100_000, 1 + 900_000}
	B := Beta{1 + 100_600, 1 + 899_400}
	b.ReportAllocs()
	var p float64
	runtime.GC()
	reftest.BenchCPU(b, func() { p = millerSum(A, B) })
	// check bayes_pba: P(B>A)=0.921073546358281 (the peer's float64 betaln +
	// logsumexp); the sum in mpmath at 30 digits is 0.921073544110871352, so
	// the peer is 2.4e-9 off and we check against both.
	checkClose(b, "P(B>A) vs mpmath", p, 0.921073544110871352, 1e-9)
	checkClose(b, "P(B>A) vs peer", p, 0.921073546358281, 5e-9)
}

// BenchmarkBetaBinomial times the whole Bayesian comparison (both
// probabilities, both expected losses, two credible intervals).
func BenchmarkBetaBinomial(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = BetaBinomial(Proportion{100_000, 1_000_000}, Proportion{100_600, 1_000_000}, nil)
	}
}

// BenchmarkTwoProportionZ and the others below time the small calculators.
func BenchmarkTwoProportionZ(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = TwoProportionZ(Proportion{1000, 10000}, Proportion{1105, 10050}, nil)
	}
}

func BenchmarkFisherExact(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = FisherExact(context.Background(), [2][2]int{{120, 880}, {95, 905}}, nil)
	}
}

func BenchmarkChiSquare2x10(b *testing.B) {
	table := [][]int{{12, 15, 9, 20, 14, 11, 18, 16, 10, 13}, {188, 185, 191, 180, 186, 189, 182, 184, 190, 187}}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ChiSquareIndependence(table, nil)
	}
}

func BenchmarkSampleSizeMeans(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = SampleSizeMeans(0.2, nil)
	}
}

func BenchmarkDescribe(b *testing.B) {
	for _, n := range []int{100, 10_000, 1_000_000} {
		rng := rand.New(rand.NewPCG(1, 2))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = 100 + rng.NormFloat64()
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Describe(xs)
			}
		})
	}
}

// BenchmarkFisherExact1e7: 10⁷ in each cell (issue 17, point 5); SciPy on
// the same table: testdata/fisher_large.py.
func BenchmarkFisherExact1e7(b *testing.B) {
	const e7 = 10_000_000
	table := [2][2]int{{e7, e7}, {e7 + 5_000, e7 - 5_000}}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = FisherExact(context.Background(), table, nil)
	}
}

// BenchmarkFisherPValue1e7: the two-sided p-value alone at 10⁷ per cell,
// the part SciPy's fisher_exact computes.
func BenchmarkFisherPValue1e7(b *testing.B) {
	const e7 = 10_000_000
	for b.Loop() {
		h := newHyper(context.Background(), 2*e7, 2*e7, 2*e7+5_000)
		_ = h.twoSided(h.at(0), e7+5_000)
	}
}

// BenchmarkFisherExactLarge: a conversion table of 200,000 visitors, where
// the support of the hypergeometric distribution has 20,500 points.
func BenchmarkFisherExactLarge(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = FisherExact(context.Background(), [2][2]int{{10000, 90000}, {10500, 89500}}, nil)
	}
}
