package attribution

import (
	"fmt"
	"sync"
	"testing"

	"github.com/cxkit/cxkit/internal/reftest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/logtest"
)

// The peer workload of ../shared/bench/peer_journey.py runs on the path table
// it writes with --write-paths /tmp/journey_paths_1m.csv (override the path
// with CXKIT_JOURNEY_PATHS). Without the file the benchmark skips with a
// message.

// loadPeerPaths returns the peer's path table, or skips b without it.
func loadPeerPaths(b *testing.B) *journey.PathTable {
	return logtest.PeerFile(b, "CXKIT_JOURNEY_PATHS", "/tmp/journey_paths_1m.csv", "--write-paths", readPaths)
}

// runMarkov times Markov on t with s, reporting allocations and the CPU
// time per operation, and returns the result.
func runMarkov(b *testing.B, t *journey.PathTable, s *MarkovSettings) MarkovResult {
	b.ReportAllocs()
	var r MarkovResult
	reftest.BenchCPU(b, func() {
		var err error
		if r, err = Markov(bg, t, s); err != nil {
			b.Fatal(err)
		}
	})
	return r
}

// BenchmarkMarkovOrder1 is exact order-1 removal-effect attribution over
// the peer's 1,000,000 journeys (83,154 path rows, 10 channels).
func BenchmarkMarkovOrder1(b *testing.B) {
	r := runMarkov(b, loadPeerPaths(b), nil)
	if d := r.PConversion - 0.121857; d > 1e-12 || d < -1e-12 {
		b.Fatalf("p_conversion %v, peer check 0.121857", r.PConversion)
	}
	if c, _ := r.Attribution.Of("paid_search"); c < 18399.0979 || c > 18399.0980 {
		b.Fatalf("paid_search %v, peer check 18399.097941", c)
	}
}

// benchTables caches the synthetic tables of BenchmarkMarkov (bigTable:
// 1–8 touches over the channels, seeded).
var benchTables sync.Map

func benchTable(channels, paths int) *journey.PathTable {
	key := [2]int{channels, paths}
	if t, ok := benchTables.Load(key); ok {
		return t.(*journey.PathTable)
	}
	t := bigTable(channels, paths)
	benchTables.Store(key, t)
	return t
}

// BenchmarkMarkov is exact removal-effect attribution at orders 1–3 on 20
// channels and 20,000 or 1,000,000 synthetic paths (issue 17: order 3 on
// 1M paths under 2 s).
func BenchmarkMarkov(b *testing.B) {
	for _, paths := range []int{20_000, 1_000_000} {
		for _, order := range []int{1, 2, 3} {
			b.Run(fmt.Sprintf("order=%d/paths=%d", order, paths), func(b *testing.B) {
				r := runMarkov(b, benchTable(20, paths), &MarkovSettings{Order: order})
				b.ReportMetric(float64(r.States), "states")
			})
		}
	}
}
