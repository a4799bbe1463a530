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
	"github.com/cxkit/cxkit/abtest"
)

type armValue struct {
	Arm   string
	Value float64
	Conv  bool
	Unit  RatioUnit
}

func experiment(n, arms int, seed uint64) []armValue {
	r := rand.New(rand.NewPCG(seed, 9))
	out := make([]armValue, n)
	for i := range out {
		a := r.IntN(arms)
		out[i] = armValue{
			Arm:   fmt.Sprintf("arm%04d", a),
			Value: 50 + 10*r.NormFloat64() + float64(a),
			Conv:  r.Float64() < 0.1+0.01*float64(a%3),
			Unit:  RatioUnit{Num: math.Round(100*r.ExpFloat64()) / 100, Den: float64(1 + r.IntN(5))},
		}
	}
	return out
}

func armConv(v armValue) (string, bool)                   { return v.Arm, v.Conv }
func armNum(v armValue) (string, float64)                 { return v.Arm, v.Value }
func armUnit(v armValue) (string, RatioUnit)              { return v.Arm, v.Unit }
func proportionLine(k string, p abtest.Proportion) string { return jsonLine(k, p) }
func armTestLine(t ArmTest) string                        { return jsonLine(t.Arm, t) }
func srmLine(r SRMResult) string                          { return jsonLine("srm", r) }

// libraryArms is one pass of the library per arm: the conversions of every
// row, and the summaries of the values and ratio units of the first valued
// rows (the job rejects the values and units of the others).
func libraryArms(rows []armValue, valued int) (map[string]*abtest.Proportion, map[string]abtest.Summary, map[string]abtest.RatioSummary) {
	props := map[string]*abtest.Proportion{}
	sums := map[string]abtest.Summary{}
	ratios := map[string]abtest.RatioSummary{}
	for i, v := range rows {
		if props[v.Arm] == nil {
			props[v.Arm] = &abtest.Proportion{}
		}
		props[v.Arm].Trials++
		if v.Conv {
			props[v.Arm].Successes++
		}
		if i >= valued {
			continue
		}
		s := sums[v.Arm]
		_ = s.Add(v.Value)
		sums[v.Arm] = s
		r := ratios[v.Arm]
		_ = r.Add(v.Unit.Num, v.Unit.Den)
		ratios[v.Arm] = r
	}
	return props, sums, ratios
}

// closeFn fails the job unless each arm's summary has the wanted N and a
// Mean and M2 within a relative 1e-12 of the wanted ones (the merge order
// is the runner's, so the last bits may differ).
type closeFn struct {
	Want  map[string]abtest.Summary
	Ratio map[string]abtest.RatioSummary
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func (f *closeFn) ProcessElement(arm string, got abtest.Summary) error {
	w, ok := f.Want[arm]
	if !ok || got.N != w.N || !near(got.Mean, w.Mean) || !near(got.M2, w.M2) {
		return fmt.Errorf("arm %s: got %+v, want %+v", arm, got, w)
	}
	return nil
}

type closeRatioFn struct {
	Want map[string]abtest.RatioSummary
}

func (f *closeRatioFn) ProcessElement(arm string, got abtest.RatioSummary) error {
	w, ok := f.Want[arm]
	if !ok || got.N != w.N || !near(got.MeanNum, w.MeanNum) || !near(got.MeanDen, w.MeanDen) ||
		!near(got.M2Num, w.M2Num) || !near(got.M2Den, w.M2Den) || !near(got.CoMoment, w.CoMoment) {
		return fmt.Errorf("arm %s: got %+v, want %+v", arm, got, w)
	}
	return nil
}

func init() {
	register.Function1x2(armConv)
	register.Function1x2(armNum)
	register.Function1x2(armUnit)
	register.Function2x1(proportionLine)
	register.Function1x1(armTestLine)
	register.Function1x1(srmLine)
	register.DoFn2x1[string, abtest.Summary, error](&closeFn{})
	register.DoFn2x1[string, abtest.RatioSummary, error](&closeRatioFn{})
}

// TestArmSummariesMergeAcrossBundles checks the per-arm accumulators on
// more arms than the lifted combine caches, so that they are merged.
func TestArmSummariesMergeAcrossBundles(t *testing.T) {
	rows := experiment(30000, manyKeys, 1)
	props, sums, ratios := libraryArms(rows, len(rows))
	p, s := beam.NewPipelineWithRoot()
	in := spread(s, rows, 4)
	assertLines(s, beam.ParDo(s, proportionLine, ArmProportions(s, beam.ParDo(s, armConv, in))), sortedLines(props, proportionLine))
	summaries, bad := ArmSummaries(s, beam.ParDo(s, armNum, in))
	beam.ParDo0(s, &closeFn{Want: sums}, summaries)
	passert.Count(s, summaries, "arms", len(sums))
	passert.Empty(s, bad)
	rs, bad2 := ArmRatios(s, beam.ParDo(s, armUnit, in))
	beam.ParDo0(s, &closeRatioFn{Want: ratios}, rs)
	passert.Count(s, rs, "arms", len(ratios))
	passert.Empty(s, bad2)
	runMerged(t, p)
}

func TestCompareArms(t *testing.T) {
	rows := experiment(9000, 3, 2)
	rows = append(rows, armValue{Arm: "arm0001", Value: math.Inf(1), Unit: RatioUnit{Num: math.NaN(), Den: 1}})
	// The last row's conversion counts; its value and unit are rejected.
	props, sums, _ := libraryArms(rows, len(rows)-1)
	st := abtest.Settings{Alternative: abtest.Greater, Level: 0.9}
	var want []string
	for _, arm := range []string{"arm0001", "arm0002"} {
		r, err := abtest.TwoProportionZ(*props["arm0000"], *props[arm], &st)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, armTestLine(ArmTest{Arm: arm, Control: "arm0000", Proportion: r}))
	}
	srm, err := abtest.SampleRatioMismatch([]int{props["arm0000"].Trials, props["arm0001"].Trials, props["arm0002"].Trials, 0}, []float64{1, 1, 1, 0.01})
	if err != nil {
		t.Fatal(err)
	}
	wantSRM := srmLine(SRMResult{Arms: []string{"arm0000", "arm0001", "arm0002", "arm0003"}, Observed: []int{props["arm0000"].Trials, props["arm0001"].Trials, props["arm0002"].Trials, 0}, Result: srm})

	p, s := beam.NewPipelineWithRoot()
	in := spread(s, rows, 3)
	arms := ArmProportions(s, beam.ParDo(s, armConv, in))
	assertLines(s, beam.ParDo(s, armTestLine, CompareProportions(s, "arm0000", &st, arms)), want)
	assertLines(s, beam.ParDo(s, srmLine, SampleRatioMismatch(s, map[string]float64{"arm0000": 1, "arm0001": 1, "arm0002": 1, "arm0003": 0.01}, arms)), []string{wantSRM})
	assertLines(s, beam.ParDo(s, armTestLine, CompareProportions(s, "nope", nil, arms)), []string{
		armTestLine(ArmTest{Control: "nope", Err: `cxbeam: no control arm "nope" among ["arm0000" "arm0001" "arm0002"]`}),
	})
	summaries, bad := ArmSummaries(s, beam.ParDo(s, armNum, in))
	passert.Count(s, bad, "non-finite values", 1)
	means := CompareMeans(s, "arm0000", &st, summaries)
	beam.ParDo0(s, &welchCloseFn{Want: sums, Settings: st}, means)
	passert.Count(s, means, "mean tests", 2)
	rs, bad2 := ArmRatios(s, beam.ParDo(s, armUnit, in))
	passert.Count(s, bad2, "non-finite units", 1)
	passert.Count(s, CompareRatios(s, "arm0000", &st, rs), "ratio tests", 2)
	if _, counted := runMerging(t, p); counted != 2 {
		t.Errorf("counter cxkit/rejected = %d, want 2", counted)
	}
}

// welchCloseFn checks a Beam Welch test against the library's on the
// single-pass summaries (equal up to the rounding of the merged means).
type welchCloseFn struct {
	Want     map[string]abtest.Summary
	Settings abtest.Settings
}

func (f *welchCloseFn) ProcessElement(got ArmTest) error {
	want, err := abtest.WelchTSummary(f.Want[got.Control], f.Want[got.Arm], &f.Settings)
	if err != nil || got.Err != "" {
		return fmt.Errorf("%v / %s", err, got.Err)
	}
	g := got.Mean
	if !near(g.Diff, want.Diff) || !near(g.Statistic, want.Statistic) || math.Abs(g.P-want.P) > 1e-12 || g.NA != want.NA || g.NB != want.NB {
		return fmt.Errorf("arm %s: got %+v, want %+v", got.Arm, g, want)
	}
	return nil
}

func init() { register.DoFn1x1[ArmTest, error](&welchCloseFn{}) }

var _ = slices.Sort[[]string]
