package cxbeam

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/nps"
)

// responses makes n responses over keys k0…k(keys−1) with ratings drawn
// from [lo, hi] (so some may be off the scale) and weights that are
// multiples of 1/8 in [0, 4], from a fixed seed; row i has Line i+1.
func responses(n, keys, lo, hi int) []Response {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]Response, n)
	for i := range out {
		out[i] = Response{
			Key:    fmt.Sprintf("k%d", r.IntN(keys)),
			Rating: lo + r.IntN(hi-lo+1),
			Weight: float64(r.IntN(33)) / 8,
			Source: "survey.csv",
			Line:   i + 1,
		}
	}
	return out
}

// tallyLine formats a key's tally with its Result (R) and error.
func tallyLine[R any, T interface{ Result() (R, error) }](k string, t T) string {
	r, err := t.Result()
	return jsonLine(k, struct {
		Tally  T
		Result R
		Err    error
	}{t, r, err})
}

func npsLine(k string, t nps.Tally) string              { return tallyLine[nps.Result](k, t) }
func weightedLine(k string, t nps.WeightedTally) string { return tallyLine[nps.WeightedResult](k, t) }
func csatLine(k string, t csat.Tally) string            { return tallyLine[csat.Result](k, t) }
func cesLine(k string, t ces.Tally) string              { return tallyLine[ces.Result](k, t) }

func init() {
	register.Function2x1(npsLine)
	register.Function2x1(weightedLine)
	register.Function2x1(csatLine)
	register.Function2x1(cesLine)
}

// libraryTallies is one pass of the library over rows: per key, a copy of
// zero with the key's rows added through add, and the number of rows that
// add refused.
func libraryTallies[T any](rows []Response, zero T, add func(*T, Response) error) (map[string]*T, int) {
	tallies := map[string]*T{}
	bad := 0
	for _, r := range rows {
		t := tallies[r.Key]
		if t == nil {
			t = new(T)
			*t = zero
			tallies[r.Key] = t
		}
		if add(t, r) != nil {
			bad++
		}
	}
	return tallies, bad
}

// sortedLines formats the library's per-key accumulators with line.
func sortedLines[T any](m map[string]*T, line func(string, T) string) []string {
	var out []string
	for k, v := range m {
		out = append(out, line(k, *v))
	}
	slices.Sort(out)
	return out
}

func TestNPSMatchesLibrary(t *testing.T) {
	rows := responses(30000, manyKeys, -1, 11)
	want, bad := libraryTallies(rows, nps.Tally{}, func(t *nps.Tally, r Response) error { return t.Add(r.Rating) })
	if bad == 0 {
		t.Fatal("the data have no bad ratings")
	}
	p, s := beam.NewPipelineWithRoot()
	tallies, rejected := NPS(s, spread(s, rows, 6))
	assertLines(s, beam.ParDo(s, npsLine, tallies), sortedLines(want, npsLine))
	passert.Count(s, rejected, "rejected", bad)
	passert.Equals(s, CountRejected(s, rejected), bad)
	if counted := runMerged(t, p); counted != int64(bad) {
		t.Errorf("counter cxkit/rejected = %d, want %d", counted, bad)
	}
}

func TestWeightedNPSMatchesLibrary(t *testing.T) {
	rows := responses(30000, manyKeys, 0, 10)
	rows[17].Weight = -1
	rows[99].Weight = math.NaN()
	rows[500].Rating = 12
	want, bad := libraryTallies(rows, nps.WeightedTally{}, func(t *nps.WeightedTally, r Response) error { return t.Add(r.Rating, r.Weight) })
	// Weights in multiples of 1/8 up to 4 make every partial sum exact, so
	// the merge order cannot change a bit.
	p, s := beam.NewPipelineWithRoot()
	tallies, rejected := WeightedNPS(s, spread(s, rows, 5))
	assertLines(s, beam.ParDo(s, weightedLine, tallies), sortedLines(want, weightedLine))
	passert.Count(s, rejected, "rejected", bad)
	assertLines(s, beam.ParDo(s, rejectedLine, rejected), []string{
		"survey.csv:18 weight=-1: nps: weight -1 at line 18: negative",
		"survey.csv:100 weight=NaN: nps: weight NaN at line 100: not finite",
		"survey.csv:501 rating=12: nps: rating 12 at line 501: out of range 0..10",
	})
	runMerged(t, p)
}

func TestCSATMatchesLibrary(t *testing.T) {
	rows := responses(30000, manyKeys, 0, 8)
	want, bad := libraryTallies(rows, csat.Tally{Scale: csat.Scale7}, func(t *csat.Tally, r Response) error { return t.Add(r.Rating) })
	p, s := beam.NewPipelineWithRoot()
	tallies, rejected, err := CSAT(s, csat.Scale7, spread(s, rows, 4))
	if err != nil {
		t.Fatal(err)
	}
	assertLines(s, beam.ParDo(s, csatLine, tallies), sortedLines(want, csatLine))
	passert.Count(s, rejected, "rejected", bad)
	runMerged(t, p)

	if _, _, err := CSAT(s, csat.Scale{Min: 5, Max: 1}, rejected); err == nil {
		t.Error("CSAT took an inverted scale")
	}
}

func TestCESMatchesLibrary(t *testing.T) {
	rows := responses(30000, manyKeys, 1, 6)
	want, bad := libraryTallies(rows, ces.Tally{Version: ces.V1}, func(t *ces.Tally, r Response) error { return t.Add(r.Rating) })
	p, s := beam.NewPipelineWithRoot()
	tallies, rejected, err := CES(s, ces.V1, spread(s, rows, 4))
	if err != nil {
		t.Fatal(err)
	}
	assertLines(s, beam.ParDo(s, cesLine, tallies), sortedLines(want, cesLine))
	passert.Count(s, rejected, "rejected", bad)
	runMerged(t, p)
}
