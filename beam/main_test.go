package cxbeam

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
)

// The tests run on prism, in process (ptest's default runner), with every
// struct field required to be exported so that none is lost silently.
func TestMain(m *testing.M) {
	coder.RequireAllFieldsExported(true)
	ptest.Main(m)
}

// manyKeys is the number of keys the tests spread their rows over. The Go
// SDK's lifted combine keeps at most 2,000 keys' accumulators per bundle
// and emits one at random when a new key arrives beyond that; with more
// keys than that, most keys leave a bundle as several partial accumulators,
// which go through the coder and the shuffle and are merged by
// MergeAccumulators after it (each test checks that merges happened).
// Prism fuses small Creates into one bundle, so the key count, not spread,
// is what guarantees the merges.
const manyKeys = 2600

// spread puts rows into the pipeline as n separate Creates, flattened, so
// that on runners that give each Create its own bundle (Dataflow, Flink)
// the rows are combined in several places.
func spread[T any](s beam.Scope, rows []T, n int) beam.PCollection {
	var cols []beam.PCollection
	for i := range n {
		lo, hi := i*len(rows)/n, (i+1)*len(rows)/n
		if lo == hi {
			continue
		}
		cols = append(cols, beam.CreateList(s, rows[lo:hi]))
	}
	return beam.Flatten(s, cols...)
}

// jsonLine formats "key value-as-JSON", the form the tests compare: JSON of
// cxkit values writes every count and every float exactly (shortest
// round-trip form), so equal lines mean bit-for-bit equal values.
func jsonLine(key string, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%s error %v", key, err)
	}
	return key + " " + string(b)
}

// runMerging runs the pipeline and returns the number of MergeAccumulators
// calls it made and the value of the counter "cxkit/rejected".
func runMerging(t *testing.T, p *beam.Pipeline) (merges, rejected int64) {
	t.Helper()
	before := mergeCalls.Load()
	pr, err := ptest.RunWithMetrics(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pr.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "cxkit" && c.Name() == "rejected" {
			rejected += c.Result()
		}
	}
	return mergeCalls.Load() - before, rejected
}

// runMerged runs the pipeline as runMerging does, fails the test unless
// MergeAccumulators was called, and returns the counter "cxkit/rejected".
func runMerged(t *testing.T, p *beam.Pipeline) (rejected int64) {
	t.Helper()
	merges, rejected := runMerging(t, p)
	if merges == 0 {
		t.Error("MergeAccumulators was never called: the test did not exercise merging")
	}
	return rejected
}

func rejectedLine(r Rejected) string {
	return fmt.Sprintf("%s:%d %s=%s: %s", r.Source, r.Line, r.Field, r.Value, r.Reason)
}

func init() {
	register.Function1x1(rejectedLine)
}

// assertLines checks that col (a PCollection<string>) holds exactly want.
func assertLines(s beam.Scope, col beam.PCollection, want []string) {
	passert.Equals(s, col, toAny(want)...)
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
