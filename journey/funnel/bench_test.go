package funnel

import (
	"slices"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/reftest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/logtest"
)

// The peer workloads of ../shared/bench/peer_journey.py run on the files it
// writes:
//
//	/usr/bin/python3 ../shared/bench/peer_journey.py \
//	    --write-events /tmp/journey_events_10m.csv --write-paths /tmp/journey_paths_1m.csv
//
// (override the paths with CXKIT_JOURNEY_EVENTS and CXKIT_JOURNEY_PATHS).
// Without the files those benchmarks skip with a message.

// loadPeerEvents returns the peer's event log, or skips b without it.
func loadPeerEvents(b *testing.B) *journey.Log {
	return logtest.PeerFile(b, "CXKIT_JOURNEY_EVENTS", "/tmp/journey_events_10m.csv", "--write-events", journey.ReadLog)
}

// peerFunnel is the peer's 5-step funnel with a 3-day window.
var peerFunnel = Funnel{
	Steps:  []string{"visit", "view_product", "add_to_cart", "checkout", "purchase"},
	Window: 72 * time.Hour,
}

// peerCounts are the check values printed by peer_journey.py.
var peerCounts = []int{966250, 657729, 209623, 125062, 93532}

func checkPeerCounts(b *testing.B, r Result) {
	got := make([]int, len(r.Steps))
	for k, s := range r.Steps {
		got[k] = s.Count
	}
	if !slices.Equal(got, peerCounts) {
		b.Fatalf("step counts %v, peer check %v", got, peerCounts)
	}
}

// runFunnelBench times f on l and checks the peer's step counts.
func runFunnelBench(b *testing.B, f Funnel, l *journey.Log) {
	b.ReportAllocs()
	var r Result
	reftest.BenchCPU(b, func() {
		var err error
		if r, err = f.Run(bg, l); err != nil {
			b.Fatal(err)
		}
	})
	checkPeerCounts(b, r)
}

// sortedCopy returns a copy of the log's funnel columns sorted by customer
// and time (outside the timer).
func sortedCopy(l *journey.Log) *journey.Log {
	s := &journey.Log{Customers: l.Customers, Names: l.Names, Channels: l.Channels, Touchpoints: l.Touchpoints,
		Customer: slices.Clone(l.Customer), Time: slices.Clone(l.Time), Name: slices.Clone(l.Name)}
	if err := s.Sort(); err != nil {
		panic(err)
	}
	return s
}

// BenchmarkFunnelOrderedUnsorted runs the funnel on the log in arrival
// (time) order, including the grouping by customer.
func BenchmarkFunnelOrderedUnsorted(b *testing.B) { runFunnelBench(b, peerFunnel, loadPeerEvents(b)) }

// BenchmarkFunnelOrderedSorted runs the funnel on a copy of the log sorted
// by customer and time outside the timer.
func BenchmarkFunnelOrderedSorted(b *testing.B) {
	runFunnelBench(b, peerFunnel, sortedCopy(loadPeerEvents(b)))
}

// BenchmarkFunnelOrderedSortedScalar is BenchmarkFunnelOrderedSorted
// without the AVX-512 loop: what an amd64 processor without AVX-512 runs
// (elsewhere, the same as BenchmarkFunnelOrderedSorted).
func BenchmarkFunnelOrderedSortedScalar(b *testing.B) {
	defer setVectorLoop(false)()
	runFunnelBench(b, peerFunnel, sortedCopy(loadPeerEvents(b)))
}

// BenchmarkLevelKernel runs the level-by-level kernel alone on the sorted
// log: with -tags purego, its loops in Go, which is why that build keeps
// the one-pass scan first (see levelFirst).
func BenchmarkLevelKernel(b *testing.B) {
	l := sortedCopy(loadPeerEvents(b))
	c, err := peerFunnel.compile(l)
	if err != nil {
		b.Fatal(err)
	}
	reftest.BenchCPU(b, func() {
		acc := newAcc(c.n)
		if !levelKernel(c, l.Customer, l.Time, l.Name, acc) {
			b.Fatal("the sorted log was refused")
		}
		if acc.counts[len(acc.counts)-1] != peerCounts[len(peerCounts)-1] {
			b.Fatalf("step counts %v, peer check %v", acc.counts, peerCounts)
		}
		acc.release()
	})
}

// BenchmarkFunnelOrderedSorted2 and BenchmarkFunnelOrderedUnsorted2 are the
// same with Funnel.Goroutines = 2 (a parallel figure, reported apart from
// the one-goroutine comparison with the peer).
func BenchmarkFunnelOrderedSorted2(b *testing.B) {
	f := peerFunnel
	f.Goroutines = 2
	runFunnelBench(b, f, sortedCopy(loadPeerEvents(b)))
}

func BenchmarkFunnelOrderedUnsorted2(b *testing.B) {
	f := peerFunnel
	f.Goroutines = 2
	runFunnelBench(b, f, loadPeerEvents(b))
}
