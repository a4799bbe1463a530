package cxbeam

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/segment"
)

func rfmLine(r segment.RFM) string          { return jsonLine(r.Customer, r) }
func kmeansFitLine(f KMeansFit) string      { return jsonLine("", f) }
func labelLine(id string, label int) string { return fmt.Sprintf("%s %d", id, label) }

func init() {
	register.Function1x1(rfmLine)
	register.Function1x1(kmeansFitLine)
	register.Function2x1(labelLine)
}

// TestRFMMatchesLibrary scores a log of 2,600 customers (digit and
// non-digit ids, so that the customer order's two cases and the ties of
// frequency both decide scores) and checks every row equals BuildRFM's.
func TestRFMMatchesLibrary(t *testing.T) {
	log := spendLog(12000, 2600)
	for i := range log {
		if i%3 == 0 { // digit-only ids for some customers: numeric order
			log[i].Customer = log[i].Customer[1:]
		}
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []time.Time{
		time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1997, 7, 1, 12, 0, 0, 0, paris), // leaves later purchases out
	} {
		want, err := segment.BuildRFM(context.Background(), log, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, r := range want {
			lines = append(lines, rfmLine(r))
		}
		bad := []journey.Purchase{
			{Customer: "", Time: log[0].Time, Amount: 1},
			{Customer: "c1", Time: time.Time{}, Amount: 1},
			{Customer: "c1", Time: log[0].Time, Amount: -1},
			{Customer: "c1", Time: log[0].Time, Amount: math.Inf(1)},
		}
		p, s := beam.NewPipelineWithRoot()
		rows, rejected, err := RFM(s, asOf, spread(s, append(slices.Clone(log), bad...), 5))
		if err != nil {
			t.Fatal(err)
		}
		assertLines(s, beam.ParDo(s, rfmLine, rows), lines)
		passert.Count(s, rejected, "rejected", len(bad))
		runMerging(t, p)
	}
	_, s := beam.NewPipelineWithRoot()
	if _, _, err := RFM(s, time.Time{}, beam.Create(s, log[0])); err == nil {
		t.Error("RFM took a zero as-of date")
	}
}

// blobs makes n points in d dimensions around k centres, ids p0…p(n−1).
func blobs(n, d, k int) []Point {
	r := rand.New(rand.NewPCG(7, 8))
	centres := make([][]float64, k)
	for c := range centres {
		centres[c] = make([]float64, d)
		for j := range centres[c] {
			centres[c][j] = 10 * r.NormFloat64()
		}
	}
	out := make([]Point, n)
	for i := range out {
		c := centres[r.IntN(k)]
		x := make([]float64, d)
		for j := range x {
			x[j] = c[j] + r.NormFloat64()
		}
		out[i] = Point{ID: fmt.Sprintf("p%d", i), X: x}
	}
	return out
}

// librarySample is SampleKMeans on one machine: the m points of smallest
// priority, in priority order, fitted by the library.
func librarySample(points []Point, st KMeansSettings) (KMeansFit, []string) {
	var all []sampled
	for _, p := range points {
		all = append(all, sampled{priority(st.Seed, p.ID), p.ID, p.X})
	}
	slices.SortFunc(all, lessSampled)
	all = all[:min(st.Sample, len(all))]
	x := segment.Matrix{Rows: len(all), Cols: len(all[0].X)}
	var ids []string
	for _, p := range all {
		x.Data = append(x.Data, p.X...)
		ids = append(ids, p.ID)
	}
	km := st.KMeans
	km.Src = rand.NewPCG(st.Seed, 0)
	res, err := km.Fit(context.Background(), x)
	out := KMeansFit{Result: res, Sample: len(all)}
	if err != nil {
		out.Err = err.Error()
	}
	return out, ids
}

// TestSampleKMeansMatchesLibrary: the fit on the sample equals
// segment.KMeans.Fit on the same sample, and every label equals
// Result.Predict with the same centres.
func TestSampleKMeansMatchesLibrary(t *testing.T) {
	points := blobs(6000, 3, 4)
	st := KMeansSettings{KMeans: segment.KMeans{K: 4, Restarts: 3}, Sample: 700, Seed: 11}
	want, wantIDs := librarySample(points, st)
	if want.Err != "" {
		t.Fatal(want.Err)
	}
	all := segment.Matrix{Rows: len(points), Cols: 3}
	for _, p := range points {
		all.Data = append(all.Data, p.X...)
	}
	labels, err := want.Result.Predict(context.Background(), all)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i, p := range points {
		lines = append(lines, labelLine(p.ID, labels[i]))
	}
	bad := []Point{{ID: "nan", X: []float64{1, math.NaN(), 2}}, {ID: "empty"}}
	p, s := beam.NewPipelineWithRoot()
	col := spread(s, append(slices.Clone(points), bad...), 5)
	fit, rej1, err := SampleKMeans(s, &st, col)
	if err != nil {
		t.Fatal(err)
	}
	short := beam.Create(s, Point{ID: "short", X: []float64{1, 2}})
	got, rej2 := AssignKMeans(s, fit, beam.Flatten(s, col, short))
	assertLines(s, beam.ParDo(s, kmeansFitLine, fit), []string{kmeansFitLine(want)})
	assertLines(s, beam.ParDo(s, labelLine, got), lines)
	passert.Count(s, rej1, "rejected by the fit", len(bad))
	passert.Count(s, rej2, "rejected by the assignment", len(bad)+1)
	runMerging(t, p)

	// Prism fuses a global combine into one bundle, so Merge is checked
	// here: the sample of four accumulators merged in two orders is the
	// sample of the whole.
	fn := &sampleFn{M: st.Sample}
	parts := make([]sampleAcc, 4)
	for i, p := range points {
		parts[i%4] = fn.AddInput(parts[i%4], sampled{priority(st.Seed, p.ID), p.ID, p.X})
	}
	ab := fn.MergeAccumulators(fn.MergeAccumulators(parts[0], parts[1]), fn.MergeAccumulators(parts[2], parts[3]))
	ba := fn.MergeAccumulators(parts[3], fn.MergeAccumulators(parts[2], fn.MergeAccumulators(parts[1], parts[0])))
	for _, acc := range []sampleAcc{ab, ba} {
		got := fn.ExtractOutput(acc)
		ids := make([]string, len(got))
		for i, p := range got {
			ids[i] = p.ID
		}
		if !slices.Equal(ids, wantIDs) {
			t.Errorf("merged sample %v…, want %v…", ids[:5], wantIDs[:5])
		}
	}

	for _, bad := range []KMeansSettings{
		{Sample: -1},
		{KMeans: segment.KMeans{Weights: []float64{1}}},
	} {
		if _, _, err := SampleKMeans(s, &bad, col); err == nil {
			t.Errorf("SampleKMeans took %+v", bad)
		}
	}
}

// TestSampleInertia is the empirical check of the doc's claim: centres
// fitted on a sample of 2,000 of 30,000 points have a full-data inertia
// within 1 % of the full fit's (same settings; 4 well-separated blobs, so
// the bound's additive term is small against the inertia).
func TestSampleInertia(t *testing.T) {
	points := blobs(30000, 3, 4)
	st := KMeansSettings{KMeans: segment.KMeans{K: 4, Restarts: 3}, Sample: 2000, Seed: 3}
	fit, _ := librarySample(points, st)
	all := segment.Matrix{Rows: len(points), Cols: 3}
	for _, p := range points {
		all.Data = append(all.Data, p.X...)
	}
	km := st.KMeans
	km.Src = rand.NewPCG(1, 2)
	full, err := km.Fit(context.Background(), all)
	if err != nil {
		t.Fatal(err)
	}
	labels, err := fit.Result.Predict(context.Background(), all)
	if err != nil {
		t.Fatal(err)
	}
	inertia := 0.0
	for i, l := range labels {
		for j := range 3 {
			d := all.At(i, j) - fit.Result.Centers.At(l, j)
			inertia += d * d
		}
	}
	if ratio := inertia / full.Inertia; !(ratio >= 1-1e-12 && ratio < 1.01) {
		t.Errorf("sample centres' inertia %v / full fit's %v = %v, want in [1, 1.01)", inertia, full.Inertia, ratio)
	}
}
