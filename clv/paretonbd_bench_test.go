package clv

import (
	"context"
	"testing"
)

// BenchmarkFitParetoNBD fits the Pareto/NBD on CDNOW (2,357 customers,
// 1,016 distinct rows) and on the 100,000 synthetic customers (40,517
// distinct rows). Run with -cpu 1 for one goroutine; with more, rows are
// split across GOMAXPROCS goroutines.
func BenchmarkFitParetoNBD(b *testing.B) { benchFits(b, fitOf(FitParetoNBD), "cdnow", "100k") }

// BenchmarkParetoNBDLogLik is one evaluation of the log-likelihood and its
// gradient on the 100,000 synthetic customers (compressed once, outside
// the loop), at their fitted parameters.
func BenchmarkParetoNBDLogLik(b *testing.B) {
	r, err := fitRows(context.Background(), benchData(b, "100k"), nil)
	if err != nil {
		b.Fatal(err)
	}
	k := newPNBDKernel(r)
	lp := logs(0.5073, 9.881, 0.8681, 22.08)
	g := make([]float64, 4)
	loopCPU(b, func() {
		k.haveLast = false
		k.objective(lp, g)
	})
}

// BenchmarkParetoNBDPredict computes P(alive) and the expected purchases in
// the next 52 weeks for each of the 100,000 synthetic customers (one
// goroutine).
func BenchmarkParetoNBDPredict(b *testing.B) {
	data := benchData(b, "100k")
	m := ParetoNBD{R: 0.5073, Alpha: 9.881, S: 0.8681, Beta: 22.08}
	b.ReportAllocs()
	for b.Loop() {
		s := 0.0
		for _, c := range data {
			s += m.ProbAlive(c) + m.ConditionalExpectedPurchases(c, 52)
		}
		if !(s > 0) {
			b.Fatal(s)
		}
	}
}
