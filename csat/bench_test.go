package csat

import (
	"context"
	"fmt"
	"testing"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
)

// benchData returns n CSAT ratings 1–5 with the shares of peer_survey.py
// (CSAT_P) and n segment ids uniform on [0, groups), from a fixed seed.
func benchData(n, groups int) ([]uint8, []int32) {
	return likerttest.BenchData(n, groups, 1, []float64{0.06, 0.08, 0.16, 0.36, 0.34}, 2)
}

func BenchmarkScore(b *testing.B) {
	likerttest.BenchScore(b, func(n int) []uint8 {
		r8, _ := benchData(n, 1)
		return r8
	}, func(xs []float64) { _, _ = Score(xs, Scale5) })
}

// BenchmarkCountByGroup is peer_survey.py's csat_grouped_bincount: the
// top-2-box CSAT of each of 1,000 segments, validation included. With
// CXKIT_SURVEY_DATA set to the directory of `peer_survey.py --write-data`
// it runs on the peer's exact data and reports segment0_csat_top2.
func BenchmarkCountByGroup(b *testing.B) {
	r8, segs, ok := likerttest.PeerData(b, "csat_ratings.u8")
	if !ok {
		r8, segs = benchData(10_000_000, 1000)
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("n=%d/goroutines=%d", len(r8), w), func(b *testing.B) {
			b.ReportAllocs()
			var top2 []float64
			reftest.BenchCPU(b, func() {
				tallies, err := CountByGroup(context.Background(), r8, segs, 1000, Scale5, &GroupSettings{Workers: w})
				if err != nil {
					b.Fatal(err)
				}
				top2 = make([]float64, len(tallies))
				for g, t := range tallies {
					if n := t.N(); n > 0 {
						top2[g] = 100 * float64(t.Ratings[3]+t.Ratings[4]) / float64(n)
					}
				}
			})
			b.Logf("segment0_csat_top2=%.10f", top2[0])
		})
	}
}
