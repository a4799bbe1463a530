package attribution

import (
	"github.com/cxkit/cxkit/journey"

	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/cxkit/cxkit/internal/reftest"
)

// The peer workload of ../shared/bench/peer_journey.py runs on the path table
// it writes with --write-paths /tmp/journey_paths_1m.csv (override the path
// with CXKIT_JOURNEY_PATHS). Without the file the benchmark skips with a
// message.

func benchFile(env, def string) string {
	if p := os.Getenv(env); p != "" {
		return p
	}
	return def
}

var (
	peerPathsOnce sync.Once
	peerPaths     *journey.PathTable
	peerPathsErr  error
)

// cpuTime returns the CPU seconds (user + system, all threads) the process
// has used, so that benchmarks can report CPU seconds per operation beside
// the wall time, as the peer script does.
func cpuTime() float64 { return reftest.CPUTime().Seconds() }

// reportCPU reports the CPU seconds per operation since start.
func reportCPU(b *testing.B, start float64) {
	b.ReportMetric((cpuTime()-start)/float64(b.N), "cpu-s/op")
}

func loadPeerPaths(b *testing.B) *journey.PathTable {
	path := benchFile("CXKIT_JOURNEY_PATHS", "/tmp/journey_paths_1m.csv")
	peerPathsOnce.Do(func() {
		f, err := os.Open(path)
		if err != nil {
			peerPathsErr = err
			return
		}
		defer f.Close()
		peerPaths, peerPathsErr = journey.ReadPaths(f, ">")
	})
	if peerPathsErr != nil {
		b.Skipf("peer path table not available (%v): write it with peer_journey.py --write-paths %s", peerPathsErr, path)
	}
	return peerPaths
}

// BenchmarkMarkovOrder1 is exact order-1 removal-effect attribution over
// the peer's 1,000,000 journeys (83,154 path rows, 10 channels).
func BenchmarkMarkovOrder1(b *testing.B) {
	t := loadPeerPaths(b)
	b.ReportAllocs()
	var r MarkovResult
	cpu := cpuTime()
	for b.Loop() {
		var err error
		if r, err = Markov(bg, t, nil); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
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
				t := benchTable(20, paths)
				s := &MarkovSettings{Order: order}
				b.ReportAllocs()
				cpu := cpuTime()
				var r MarkovResult
				for b.Loop() {
					var err error
					if r, err = Markov(bg, t, s); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu)
				b.ReportMetric(float64(r.States), "states")
			})
		}
	}
}
