package cxbeam

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/internal/settings"
)

// RatioUnit is one randomisation unit's numerator and denominator of a
// ratio metric (revenue and sessions of one user). JSON keys: num, den.
type RatioUnit struct {
	Num, Den float64
}

// ArmProportions counts conversions per arm from a PCollection<KV<string,
// bool>> of (arm, converted) and returns a PCollection<KV<string,
// abtest.Proportion>>. The counts are exact, so the proportions equal a
// single pass over the same rows; a total past MaxInt fails the job.
func ArmProportions(s beam.Scope, conversions beam.PCollection) beam.PCollection {
	s = s.Scope("cxbeam.ArmProportions")
	return beam.CombinePerKey(s, proportionFn{}, conversions)
}

// ArmSummaries accumulates an abtest.Summary (N, mean, M2) per arm from a
// PCollection<KV<string, float64>> of (arm, value): a
// PCollection<KV<string, abtest.Summary>> and a PCollection<Rejected> of the
// NaN and infinite values. N is exact; Mean and M2 are merged in an order
// the runner chooses (Chan et al.), so they agree with abtest.Summary.Add
// over the same values up to rounding.
func ArmSummaries(s beam.Scope, values beam.PCollection) (summaries, rejected beam.PCollection) {
	s = s.Scope("cxbeam.ArmSummaries")
	ok, bad := beam.ParDo2(s, finiteFn, values)
	return beam.CombinePerKey(s, summaryFn{}, ok), bad
}

// ArmRatios accumulates an abtest.RatioSummary per arm from a
// PCollection<KV<string, RatioUnit>>: a PCollection<KV<string,
// abtest.RatioSummary>> and a PCollection<Rejected> of units with a NaN or
// infinite part. Merged like ArmSummaries (equal up to rounding).
func ArmRatios(s beam.Scope, units beam.PCollection) (ratios, rejected beam.PCollection) {
	s = s.Scope("cxbeam.ArmRatios")
	ok, bad := beam.ParDo2(s, finiteRatioFn, units)
	return beam.CombinePerKey(s, ratioFn{}, ok), bad
}

// ArmTest is the comparison of one variant arm with the control: exactly
// one of the results is filled in, by the call that made it, unless Err
// says why the test could not be run (the control arm missing, too few
// observations, ...). Err is "" on success.
//
// JSON keys: arm, control, proportion, mean, ratio, err.
type ArmTest struct {
	Arm        string
	Control    string
	Proportion abtest.ProportionResult // from CompareProportions
	Mean       abtest.TTestResult      // from CompareMeans (Welch)
	Ratio      abtest.RatioResult      // from CompareRatios
	Err        string
}

// CompareProportions runs abtest.TwoProportionZ(control, variant, st) for
// every other arm of a PCollection<KV<string, abtest.Proportion>> (the
// output of ArmProportions) and returns a PCollection<ArmTest>, one per
// variant in arm order; st nil means abtest's defaults. The arms are
// gathered on one worker (a few numbers each). A missing control arm gives
// one ArmTest with Err set.
func CompareProportions(s beam.Scope, control string, st *abtest.Settings, arms beam.PCollection) beam.PCollection {
	s = s.Scope("cxbeam.CompareProportions")
	return beam.ParDo(s, &compareProportionsFn{Control: control, Settings: settings.Of(st)}, beam.Impulse(s), beam.SideInput{Input: arms})
}

// CompareMeans runs abtest.WelchTSummary(control, variant, st) for every
// other arm of a PCollection<KV<string, abtest.Summary>> (the output of
// ArmSummaries): a PCollection<ArmTest>, as CompareProportions.
func CompareMeans(s beam.Scope, control string, st *abtest.Settings, arms beam.PCollection) beam.PCollection {
	s = s.Scope("cxbeam.CompareMeans")
	return beam.ParDo(s, &compareMeansFn{Control: control, Settings: settings.Of(st)}, beam.Impulse(s), beam.SideInput{Input: arms})
}

// CompareRatios runs abtest.RatioTest(control, variant, st) for every other
// arm of a PCollection<KV<string, abtest.RatioSummary>> (the output of
// ArmRatios): a PCollection<ArmTest>, as CompareProportions.
func CompareRatios(s beam.Scope, control string, st *abtest.Settings, arms beam.PCollection) beam.PCollection {
	s = s.Scope("cxbeam.CompareRatios")
	return beam.ParDo(s, &compareRatiosFn{Control: control, Settings: settings.Of(st)}, beam.Impulse(s), beam.SideInput{Input: arms})
}

// SRMResult is the sample-ratio-mismatch check of an experiment: the arms in
// order, their trial counts, and abtest.SampleRatioMismatch of those counts
// against the intended weights; Err says why it could not be run.
//
// JSON keys: arms, observed, result, err.
type SRMResult struct {
	Arms     []string
	Observed []int
	Result   abtest.ChiSquareResult
	Err      string
}

// SampleRatioMismatch checks the traffic split of a PCollection<KV<string,
// abtest.Proportion>> (the Trials of each arm) against weights (arm →
// intended share; nil means an equal split) and returns a
// PCollection<SRMResult> with one element. An arm in weights with no
// traffic counts as 0 trials; an arm with traffic but no weight is an Err.
func SampleRatioMismatch(s beam.Scope, weights map[string]float64, arms beam.PCollection) beam.PCollection {
	s = s.Scope("cxbeam.SampleRatioMismatch")
	return beam.ParDo(s, &srmFn{Weights: weights}, beam.Impulse(s), beam.SideInput{Input: arms})
}

func finiteFn(ctx context.Context, arm string, x float64, ok func(string, float64), bad func(Rejected)) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		rejectedCounter.Inc(ctx, 1)
		bad(Rejected{Field: "value of arm " + arm, Value: fmt.Sprint(x), Reason: fmt.Sprintf("abtest: value %v of arm %q: %v", x, arm, abtest.ErrNonFinite)})
		return
	}
	ok(arm, x)
}

func finiteRatioFn(ctx context.Context, arm string, u RatioUnit, ok func(string, RatioUnit), bad func(Rejected)) {
	var probe abtest.RatioSummary
	if err := probe.Add(u.Num, u.Den); err != nil {
		rejectedCounter.Inc(ctx, 1)
		bad(Rejected{Field: "unit of arm " + arm, Value: fmt.Sprintf("%v/%v", u.Num, u.Den), Reason: fmt.Sprintf("abtest: unit %v/%v of arm %q: %v", u.Num, u.Den, arm, err)})
		return
	}
	ok(arm, u)
}

type proportionFn struct{}

func (proportionFn) CreateAccumulator() abtest.Proportion { return abtest.Proportion{} }
func (proportionFn) AddInput(p abtest.Proportion, converted bool) (abtest.Proportion, error) {
	if p.Trials == math.MaxInt {
		return p, fmt.Errorf("cxbeam: %w: more than MaxInt trials in one arm", abtest.ErrOutOfRange)
	}
	p.Trials++
	if converted {
		p.Successes++
	}
	return p, nil
}
func (proportionFn) MergeAccumulators(a, b abtest.Proportion) (abtest.Proportion, error) {
	mergeCalls.Add(1)
	if b.Trials > math.MaxInt-a.Trials {
		return a, fmt.Errorf("cxbeam: %w: more than MaxInt trials in one arm", abtest.ErrOutOfRange)
	}
	return abtest.Proportion{Successes: a.Successes + b.Successes, Trials: a.Trials + b.Trials}, nil
}
func (proportionFn) ExtractOutput(p abtest.Proportion) abtest.Proportion { return p }

type summaryFn struct{}

func (summaryFn) CreateAccumulator() abtest.Summary { return abtest.Summary{} }
func (summaryFn) AddInput(a abtest.Summary, x float64) (abtest.Summary, error) {
	err := a.Add(x)
	return a, err
}
func (summaryFn) MergeAccumulators(a, b abtest.Summary) (abtest.Summary, error) {
	mergeCalls.Add(1)
	err := a.Merge(b)
	return a, err
}
func (summaryFn) ExtractOutput(a abtest.Summary) abtest.Summary { return a }

type ratioFn struct{}

func (ratioFn) CreateAccumulator() abtest.RatioSummary { return abtest.RatioSummary{} }
func (ratioFn) AddInput(a abtest.RatioSummary, u RatioUnit) (abtest.RatioSummary, error) {
	err := a.Add(u.Num, u.Den)
	return a, err
}
func (ratioFn) MergeAccumulators(a, b abtest.RatioSummary) (abtest.RatioSummary, error) {
	mergeCalls.Add(1)
	err := a.Merge(b)
	return a, err
}
func (ratioFn) ExtractOutput(a abtest.RatioSummary) abtest.RatioSummary { return a }

// gather reads a side input of (arm, accumulator) into a map and the sorted
// arm names; an arm seen twice (the input was not combined per arm) is an
// error.
func gather[T any](iter func(*string, *T) bool) (map[string]T, []string, error) {
	m := map[string]T{}
	var k string
	var v T
	for iter(&k, &v) {
		if _, dup := m[k]; dup {
			return nil, nil, fmt.Errorf("cxbeam: arm %q appears twice: combine per arm first", k)
		}
		m[k] = v
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return m, names, nil
}

// compareEach runs test(control, variant) for every arm but the control.
func compareEach[T any](control string, iter func(*string, *T) bool, emit func(ArmTest), test func(a, b T, t *ArmTest) error) {
	m, names, err := gather(iter)
	if err != nil {
		emit(ArmTest{Control: control, Err: err.Error()})
		return
	}
	a, ok := m[control]
	if !ok {
		emit(ArmTest{Control: control, Err: fmt.Sprintf("cxbeam: no control arm %q among %q", control, names)})
		return
	}
	for _, name := range names {
		if name == control {
			continue
		}
		t := ArmTest{Arm: name, Control: control}
		if err := test(a, m[name], &t); err != nil {
			t.Err = err.Error()
		}
		emit(t)
	}
}

type compareProportionsFn struct {
	Control  string
	Settings abtest.Settings
}

func (f *compareProportionsFn) ProcessElement(_ []byte, iter func(*string, *abtest.Proportion) bool, emit func(ArmTest)) {
	compareEach(f.Control, iter, emit, func(a, b abtest.Proportion, t *ArmTest) (err error) {
		t.Proportion, err = abtest.TwoProportionZ(a, b, &f.Settings)
		return err
	})
}

type compareMeansFn struct {
	Control  string
	Settings abtest.Settings
}

func (f *compareMeansFn) ProcessElement(_ []byte, iter func(*string, *abtest.Summary) bool, emit func(ArmTest)) {
	compareEach(f.Control, iter, emit, func(a, b abtest.Summary, t *ArmTest) (err error) {
		t.Mean, err = abtest.WelchTSummary(a, b, &f.Settings)
		return err
	})
}

type compareRatiosFn struct {
	Control  string
	Settings abtest.Settings
}

func (f *compareRatiosFn) ProcessElement(_ []byte, iter func(*string, *abtest.RatioSummary) bool, emit func(ArmTest)) {
	compareEach(f.Control, iter, emit, func(a, b abtest.RatioSummary, t *ArmTest) (err error) {
		t.Ratio, err = abtest.RatioTest(a, b, &f.Settings)
		return err
	})
}

type srmFn struct{ Weights map[string]float64 }

func (f *srmFn) ProcessElement(_ []byte, iter func(*string, *abtest.Proportion) bool, emit func(SRMResult)) {
	m, names, err := gather(iter)
	if err != nil {
		emit(SRMResult{Err: err.Error()})
		return
	}
	for arm := range f.Weights {
		if _, ok := m[arm]; !ok {
			m[arm] = abtest.Proportion{}
			names = append(names, arm)
		}
	}
	slices.Sort(names)
	r := SRMResult{Arms: names, Observed: make([]int, len(names))}
	var w []float64
	if f.Weights != nil {
		w = make([]float64, len(names))
	}
	for i, arm := range names {
		r.Observed[i] = m[arm].Trials
		if w != nil {
			x, ok := f.Weights[arm]
			if !ok {
				r.Err = fmt.Sprintf("cxbeam: arm %q has traffic but no intended weight", arm)
				emit(r)
				return
			}
			w[i] = x
		}
	}
	r.Result, err = abtest.SampleRatioMismatch(r.Observed, w)
	if err != nil {
		r.Err = err.Error()
	}
	emit(r)
}

func init() {
	register.Function5x0(finiteFn)
	register.Function5x0(finiteRatioFn)
	register.Emitter2[string, float64]()
	register.Emitter2[string, RatioUnit]()
	register.Emitter1[ArmTest]()
	register.Emitter1[SRMResult]()
	register.Iter2[string, abtest.Proportion]()
	register.Iter2[string, abtest.Summary]()
	register.Iter2[string, abtest.RatioSummary]()
	register.Combiner3[abtest.Proportion, bool, abtest.Proportion](&proportionFn{})
	register.Combiner3[abtest.Summary, float64, abtest.Summary](&summaryFn{})
	register.Combiner3[abtest.RatioSummary, RatioUnit, abtest.RatioSummary](&ratioFn{})
	register.DoFn3x0[[]byte, func(*string, *abtest.Proportion) bool, func(ArmTest)](&compareProportionsFn{})
	register.DoFn3x0[[]byte, func(*string, *abtest.Summary) bool, func(ArmTest)](&compareMeansFn{})
	register.DoFn3x0[[]byte, func(*string, *abtest.RatioSummary) bool, func(ArmTest)](&compareRatiosFn{})
	register.DoFn3x0[[]byte, func(*string, *abtest.Proportion) bool, func(SRMResult)](&srmFn{})
}
