package cxbeam

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/nps"
)

// Response is one survey answer: the key it is reported under (a segment,
// team, touchpoint or arm), the rating, an optional survey weight, and where
// it came from, so that a bad row can be reported by file and line.
//
// JSON keys: key, rating, weight, source, line.
type Response struct {
	Key    string
	Rating int
	// Weight is the survey weight, read by WeightedNPS only (finite, ≥ 0).
	Weight float64
	// Source is the file the row came from ("" when not from a file).
	Source string
	// Line is the 1-based line of the row in Source (0 when not from a file).
	Line int
}

// Weighted is a rating with its survey weight, the input of the weighted
// NPS accumulator. JSON keys: rating, weight.
type Weighted struct {
	Rating int
	Weight float64
}

// Rejected is a row set aside because it failed to parse or validate: where
// it was, which value was wrong and why (the message of the library's
// *InputError, e.g. "nps: rating 11 at line 7: out of range 0..10").
//
// JSON keys: source, line, field, value, reason.
type Rejected struct {
	Source string // the file, "" when not from a file
	Line   int    // the 1-based line, 0 when not from a file
	Field  string // the column or value that is wrong, e.g. "rating"
	Value  string // the value as read
	Reason string // why it was set aside
}

// rejectedCounter counts every row set aside, in every transform.
var rejectedCounter = beam.NewCounter("cxkit", "rejected")

// mergeCalls counts the MergeAccumulators calls of the package's
// CombineFns in this process (the tests, which run the workers in process,
// use it to check that merging was exercised). A Beam counter would need a
// context argument, which keeps Beam from compiling the CombineFn's calls.
var mergeCalls atomic.Int64

// metric names the validation that a validateFn applies.
const (
	metricNPS  = "nps"
	metricCSAT = "csat"
	metricCES  = "ces"
)

// validateFn checks each Response with the accumulator's own Add (so the
// rule and the message are the library's), emits (key, rating) for a good
// one and a Rejected for a bad one.
type validateFn struct {
	Metric  string
	Scale   csat.Scale
	Version ces.Version
}

func (f *validateFn) ProcessElement(ctx context.Context, r Response, ok func(string, int), bad func(Rejected)) {
	var err error
	switch f.Metric {
	case metricNPS:
		var t nps.Tally
		err = relocate(t.Add(r.Rating), r.Line)
	case metricCSAT:
		t := csat.Tally{Scale: f.Scale}
		err = relocate(t.Add(r.Rating), r.Line)
	case metricCES:
		t := ces.Tally{Version: f.Version}
		err = relocate(t.Add(r.Rating), r.Line)
	default:
		err = fmt.Errorf("cxbeam: unknown metric %q", f.Metric)
	}
	if err != nil {
		rejectedCounter.Inc(ctx, 1)
		bad(rejection(r.Source, r.Line, "rating", fmt.Sprint(r.Rating), err))
		return
	}
	ok(r.Key, r.Rating)
}

// validateWeightedFn is validateFn for weighted NPS.
type validateWeightedFn struct{}

func (validateWeightedFn) ProcessElement(ctx context.Context, r Response, ok func(string, Weighted), bad func(Rejected)) {
	var t nps.WeightedTally
	if err := relocate(t.Add(r.Rating, r.Weight), r.Line); err != nil {
		rejectedCounter.Inc(ctx, 1)
		field, value := "rating", fmt.Sprint(r.Rating)
		var ie *nps.InputError
		if errors.As(err, &ie) {
			field, value = ie.Field, ie.Value
		}
		bad(rejection(r.Source, r.Line, field, value, err))
		return
	}
	ok(r.Key, Weighted{Rating: r.Rating, Weight: r.Weight})
}

// relocate rewrites the position of a package's *InputError from the probe
// tally's index to the row's line (or no position when line is 0).
func relocate(err error, line int) error {
	if err == nil {
		return nil
	}
	var n *nps.InputError
	var s *csat.InputError
	var c *ces.InputError
	switch {
	case errors.As(err, &n):
		n.Index, n.Line = -1, line
	case errors.As(err, &s):
		s.Index, s.Line = -1, line
	case errors.As(err, &c):
		c.Index, c.Line = -1, line
	}
	return err
}

func rejection(source string, line int, field, value string, err error) Rejected {
	return Rejected{Source: source, Line: line, Field: field, Value: value, Reason: err.Error()}
}

// NPS computes an nps.Tally per key from a PCollection<Response>. It returns
// a PCollection<KV<string, nps.Tally>> (call Result, Counts or a comparison
// on each tally) and a PCollection<Rejected> of the responses whose rating is
// not a whole number in 0–10. The tallies equal, bit for bit, those of one
// pass of nps.Tally.Add over each key's valid ratings.
func NPS(s beam.Scope, responses beam.PCollection) (tallies, rejected beam.PCollection) {
	s = s.Scope("cxbeam.NPS")
	ok, bad := beam.ParDo2(s, &validateFn{Metric: metricNPS}, responses)
	return beam.CombinePerKey(s, npsFn{}, ok), bad
}

// CSAT computes a csat.Tally on scale per key (the zero Scale means
// csat.Scale5) from a PCollection<Response>: a PCollection<KV<string,
// csat.Tally>> and a PCollection<Rejected> of ratings off the scale. An
// invalid scale is an error before the pipeline is built.
func CSAT(s beam.Scope, scale csat.Scale, responses beam.PCollection) (tallies, rejected beam.PCollection, err error) {
	if _, err := (csat.Tally{Scale: scale}).MarshalBinary(); err != nil {
		return beam.PCollection{}, beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.CSAT")
	ok, bad := beam.ParDo2(s, &validateFn{Metric: metricCSAT, Scale: scale}, responses)
	return beam.CombinePerKey(s, &csatFn{Scale: scale}, ok), bad, nil
}

// CES computes a ces.Tally of version v per key from a PCollection<Response>:
// a PCollection<KV<string, ces.Tally>> and a PCollection<Rejected> of
// ratings off the version's scale. An unknown version is an error before
// the pipeline is built.
func CES(s beam.Scope, v ces.Version, responses beam.PCollection) (tallies, rejected beam.PCollection, err error) {
	if _, err := (ces.Tally{Version: v}).MarshalBinary(); err != nil {
		return beam.PCollection{}, beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.CES")
	ok, bad := beam.ParDo2(s, &validateFn{Metric: metricCES, Version: v}, responses)
	return beam.CombinePerKey(s, &cesFn{Version: v}, ok), bad, nil
}

// WeightedNPS computes an nps.WeightedTally per key from a
// PCollection<Response>, reading each response's Weight: a
// PCollection<KV<string, nps.WeightedTally>> and a PCollection<Rejected> of
// bad ratings and of negative, NaN or infinite weights. The counts are
// exact; the sums of weights are merged in the order the runner chooses, so
// they match one pass of the library up to rounding (exactly when the
// partial sums are representable, e.g. weights that are multiples of 1/64 of
// moderate size).
func WeightedNPS(s beam.Scope, responses beam.PCollection) (tallies, rejected beam.PCollection) {
	s = s.Scope("cxbeam.WeightedNPS")
	ok, bad := beam.ParDo2(s, validateWeightedFn{}, responses)
	return beam.CombinePerKey(s, weightedNPSFn{}, ok), bad
}

// CountRejected returns a PCollection<int> holding the number of rejected
// rows (0 when there are none), for the summary of a job.
func CountRejected(s beam.Scope, rejected beam.PCollection) beam.PCollection {
	s = s.Scope("cxbeam.CountRejected")
	ones := beam.ParDo(s, oneFn, rejected)
	// One 0 more, so that the sum exists when nothing was rejected.
	return beam.Combine(s, sumFn, beam.Flatten(s, ones, beam.Create(s, 0)))
}

func oneFn(Rejected) int { return 1 }
func sumFn(a, b int) int { return a + b }

// The CombineFns: the accumulator is the output, so that the caller keeps
// every method of the library (Result, intervals, comparisons, Merge).

type npsFn struct{}

func (npsFn) CreateAccumulator() nps.Tally { return nps.Tally{} }
func (npsFn) AddInput(t nps.Tally, r int) (nps.Tally, error) {
	err := t.Add(r)
	return t, err
}
func (npsFn) MergeAccumulators(a, b nps.Tally) (nps.Tally, error) {
	mergeCalls.Add(1)
	err := a.Merge(b)
	return a, err
}
func (npsFn) ExtractOutput(t nps.Tally) nps.Tally { return t }

type weightedNPSFn struct{}

func (weightedNPSFn) CreateAccumulator() nps.WeightedTally { return nps.WeightedTally{} }
func (weightedNPSFn) AddInput(t nps.WeightedTally, w Weighted) (nps.WeightedTally, error) {
	err := t.Add(w.Rating, w.Weight)
	return t, err
}
func (weightedNPSFn) MergeAccumulators(a, b nps.WeightedTally) (nps.WeightedTally, error) {
	mergeCalls.Add(1)
	err := a.Merge(b)
	return a, err
}
func (weightedNPSFn) ExtractOutput(t nps.WeightedTally) nps.WeightedTally { return t }

type csatFn struct{ Scale csat.Scale }

func (f *csatFn) CreateAccumulator() csat.Tally { return csat.Tally{Scale: f.Scale} }
func (f *csatFn) AddInput(t csat.Tally, r int) (csat.Tally, error) {
	err := t.Add(r)
	return t, err
}
func (f *csatFn) MergeAccumulators(a, b csat.Tally) (csat.Tally, error) {
	mergeCalls.Add(1)
	err := a.Merge(b)
	return a, err
}
func (f *csatFn) ExtractOutput(t csat.Tally) csat.Tally { return t }

type cesFn struct{ Version ces.Version }

func (f *cesFn) CreateAccumulator() ces.Tally { return ces.Tally{Version: f.Version} }
func (f *cesFn) AddInput(t ces.Tally, r int) (ces.Tally, error) {
	err := t.Add(r)
	return t, err
}
func (f *cesFn) MergeAccumulators(a, b ces.Tally) (ces.Tally, error) {
	mergeCalls.Add(1)
	err := a.Merge(b)
	return a, err
}
func (f *cesFn) ExtractOutput(t ces.Tally) ces.Tally { return t }

func init() {
	register.DoFn4x0[context.Context, Response, func(string, int), func(Rejected)](&validateFn{})
	register.DoFn4x0[context.Context, Response, func(string, Weighted), func(Rejected)](&validateWeightedFn{})
	register.Emitter2[string, int]()
	register.Emitter2[string, Weighted]()
	register.Emitter1[Rejected]()
	register.Function1x1(oneFn)
	register.Function2x1(sumFn)
	register.Combiner3[nps.Tally, int, nps.Tally](&npsFn{})
	register.Combiner3[nps.WeightedTally, Weighted, nps.WeightedTally](&weightedNPSFn{})
	register.Combiner3[csat.Tally, int, csat.Tally](&csatFn{})
	register.Combiner3[ces.Tally, int, ces.Tally](&cesFn{})
}
