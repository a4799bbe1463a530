package nps

import (
	"context"
	"fmt"
	"testing"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/reftest"
)

// The shares of peer_survey.py (NPS_P), so that the Go data look like the
// peer's: ratings 0…10.
var peerShares = [11]float64{0.04, 0.02, 0.03, 0.03, 0.04, 0.06, 0.08, 0.12, 0.17, 0.19, 0.22}

// benchData returns n byte ratings drawn with peerShares and n segment ids
// uniform on [0, groups), from a fixed seed.
func benchData(n, groups int) ([]uint8, []int32) {
	return likerttest.BenchData(n, groups, 0, peerShares[:], 1)
}

// ratings returns the ratings of benchData(n, 1).
func ratings(n int) []uint8 {
	r8, _ := benchData(n, 1)
	return r8
}

func BenchmarkScore(b *testing.B) {
	likerttest.BenchScore(b, ratings, func(xs []float64) { _, _ = Score(xs) })
}

func BenchmarkTally(b *testing.B) {
	for _, n := range likerttest.Sizes {
		r8, _ := benchData(n, 1)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var t Tally
				for _, r := range r8 {
					_ = t.Add(int(r))
				}
				_, _ = t.Result()
			}
		})
	}
}

// BenchmarkAddAll times the streaming form of [Tally.Add]: one value of an
// iter.Seq at a time, through AddAll.
func BenchmarkAddAll(b *testing.B) {
	r8, _ := benchData(1e6, 1)
	seq := func(yield func(int) bool) {
		for _, r := range r8 {
			if !yield(int(r)) {
				return
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		var t Tally
		if err := t.AddAll(seq); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCountBytes(b *testing.B) {
	for _, n := range likerttest.Sizes {
		r8, _ := benchData(n, 1)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(n))
			reftest.BenchCPU(b, func() {
				c, _ := CountBytes(r8)
				_, _ = FromCounts(c)
			})
		})
	}
}

// BenchmarkCountByGroup is the grouped workload of peer_survey.py:
// NPS for 10,000,000 ratings in 1,000 segments, validation included (the
// peer validates nothing), from the byte slices to one score per segment.
func BenchmarkCountByGroup(b *testing.B) {
	for _, n := range likerttest.Sizes {
		r8, segs := benchData(n, 1000)
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/goroutines=%d", n, w), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(5 * n))
				reftest.BenchCPU(b, func() { groupScores(b, r8, segs, w) })
			})
		}
	}
}

func groupScores(b *testing.B, r8 []uint8, segs []int32, workers int) []float64 {
	counts, err := CountByGroup(context.Background(), r8, segs, 1000, &GroupSettings{Workers: workers})
	if err != nil {
		b.Fatal(err)
	}
	scores := make([]float64, len(counts))
	for g, c := range counts {
		if c.N() > 0 {
			scores[g] = 100 * float64(c.Promoters-c.Detractors) / float64(c.N())
		}
	}
	return scores
}

// BenchmarkPeerGrouped runs the grouped and ungrouped workloads on the
// peer's exact data when CXKIT_SURVEY_DATA points at the directory written
// by `peer_survey.py --write-data`, and reports the peer's check values
// (nps, segment0_nps, mean_segment_nps) in the benchmark log (run with -v)
// so that they can be compared with the script's "# check" line.
func BenchmarkPeerGrouped(b *testing.B) {
	r8, segs, fromPeer := likerttest.PeerData(b, "nps_ratings.u8")
	if !fromPeer {
		r8, segs = benchData(10_000_000, 1000)
	}
	report := func(b *testing.B) {
		c, err := CountBytes(r8)
		if err != nil {
			b.Fatal(err)
		}
		all, _ := FromCounts(c)
		scores := groupScores(b, r8, segs, 1)
		mean := 0.0
		for _, s := range scores {
			mean += s
		}
		b.Logf("check: nps=%.10f segment0_nps=%.10f mean_segment_nps=%.10f (peer data: %v)",
			all.Score, scores[0], mean/float64(len(scores)), fromPeer)
	}
	b.Run("ungrouped", func(b *testing.B) {
		reftest.BenchCPU(b, func() { _, _ = CountBytes(r8) })
		report(b)
	})
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("grouped/goroutines=%d", w), func(b *testing.B) {
			reftest.BenchCPU(b, func() { groupScores(b, r8, segs, w) })
			report(b)
		})
	}
}

// BenchmarkWeighted times the weighted score of 1e6 ratings, in one call
// and through WeightedTally.Add one response at a time.
func BenchmarkWeighted(b *testing.B) {
	r8, _ := benchData(1e6, 1)
	xs := likerttest.Floats(r8)
	ws := make([]float64, len(xs))
	for i := range ws {
		ws[i] = 0.5 + float64(i%4)
	}
	b.Run("Weighted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = Weighted(xs, ws)
		}
	})
	b.Run("Add", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var t WeightedTally
			for i, r := range r8 {
				_ = t.Add(int(r), ws[i])
			}
			_, _ = t.Result()
		}
	})
}
