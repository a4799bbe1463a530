package cxbeam

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/funnel"
)

// Funnel computes the funnel f over a PCollection<Event>, as f.Run does on
// one machine, and returns:
//
//   - result, a PCollection<funnel.Result> of one element: the whole
//     funnel, with one Group per breakdown value when f.BreakdownBy is set;
//   - tallies, a PCollection<KV<string, funnel.Tally>>: per breakdown value
//     ("" without a breakdown), the funnel.Tally whose Result is that
//     value's funnel;
//   - rejected, a PCollection<Rejected> of the events whose time a
//     journey.Log cannot hold (outside 1678–2262).
//
// The events are keyed by customer and grouped (one shuffle, of the events
// that can matter: the steps and exclusion events, or for a Strict funnel
// every event, stripped to its time, its step, the breakdown value on the
// events that can give it, and its source and line); each customer's
// events are put in order of time, then source and line, and given to
// funnel.Stepper, the library's own per-customer step; the outcomes are
// combined per breakdown value into funnel.Tally accumulators, merged
// before and after the shuffle, and the tallies into the Result.
//
// The result equals f.Run's on a log of the same events, bit for bit, when
// the log is in (source, line) order, or in any order in which no customer
// has two events at the same instant: the counts are exact and the medians
// and means read the gaps as a multiset. Two differences: a step that no
// event has counts 0 (Run returns ErrUnknown), and so does a breakdown
// property that no event has (Run: ErrUnknown). f.Goroutines and
// f.Progress are not used. A funnel that Run would reject for its own
// settings is an error before the pipeline is built.
//
// The tallies hold, per breakdown value, one 8-byte gap per customer and
// step reached: the exact medians need them all in one place. They travel
// sorted and run-length encoded, which bounds them by the distinct gaps
// (at most the window divided by the timestamps' resolution).
func Funnel(s beam.Scope, f funnel.Funnel, events beam.PCollection) (result, tallies, rejected beam.PCollection, err error) {
	if _, err := f.Stepper(); err != nil {
		return beam.PCollection{}, beam.PCollection{}, beam.PCollection{}, err
	}
	spec, err := json.Marshal(f) // the DoFns carry it as JSON (Beam cannot encode its Progress field)
	if err != nil {
		return beam.PCollection{}, beam.PCollection{}, beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.Funnel")
	keyed, bad := beam.ParDo2(s, &funnelEventFn{Spec: string(spec)}, events)
	outcomes := beam.ParDo(s, &funnelCustomerFn{Spec: string(spec)}, beam.GroupByKey(s, keyed))
	tallies = beam.CombinePerKey(s, &funnelTallyFn{Steps: f.Steps}, outcomes)
	// One empty group more, so that the result exists when no customer
	// reached step 1 (a global combine of nothing gives nothing).
	groups := beam.Flatten(s, beam.ParDo(s, groupTallyFn, tallies), beam.Create(s, groupTally{}))
	result = beam.Combine(s, &funnelResultFn{Steps: f.Steps, Breakdown: f.BreakdownBy != ""}, groups)
	return result, tallies, bad, nil
}

// funnelEvent is what Funnel shuffles per event.
type funnelEvent struct {
	Time   int64  // Unix nanoseconds
	Step   int32  // the index of the event's name in funnelNames, −1 for another name
	Key    string // the breakdown value, on the events that can give it
	Source string
	Line   int
}

// funnelNames returns the funnel's step and exclusion event names, each
// once, in order of first mention.
func funnelNames(f *funnel.Funnel) []string {
	var names []string
	for _, s := range f.Steps {
		if !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	for _, e := range f.Exclusions {
		if !slices.Contains(names, e.Event) {
			names = append(names, e.Event)
		}
	}
	return names
}

// funnelEventFn keys the events that can matter by customer.
type funnelEventFn struct {
	Spec string // the funnel.Funnel, in JSON

	f     funnel.Funnel
	codes map[string]int32
}

func (f *funnelEventFn) Setup() error {
	if err := json.Unmarshal([]byte(f.Spec), &f.f); err != nil {
		return err
	}
	f.codes = map[string]int32{}
	for i, n := range funnelNames(&f.f) {
		f.codes[n] = int32(i)
	}
	return nil
}

func (f *funnelEventFn) ProcessElement(ctx context.Context, e Event, ok func(string, funnelEvent), bad func(Rejected)) {
	t := e.Event.Time
	if t.Before(minEventTime) || t.After(maxEventTime) {
		rejectOutOfRange(ctx, e, bad)
		return
	}
	code, known := f.codes[e.Event.Name]
	if !known {
		if f.f.Order != funnel.Strict {
			return // only steps and exclusions matter outside a strict funnel
		}
		code = -1
	}
	fe := funnelEvent{Time: t.UnixNano(), Step: code, Source: e.Source, Line: e.Line}
	if by := f.f.BreakdownBy; by != "" && known {
		// The breakdown value is read at the first event that can be step
		// 1 (for an unordered funnel, the first step event).
		first := e.Event.Name == f.f.Steps[0]
		if first || f.f.Order == funnel.Unordered && slices.Contains(f.f.Steps, e.Event.Name) {
			fe.Key = e.Event.Attribute(by)
		}
	}
	ok(e.Event.Customer, fe)
}

// funnelCustomerFn runs the library's per-customer step on each customer's
// events and emits the outcome under its breakdown value.
type funnelCustomerFn struct {
	Spec string // the funnel.Funnel, in JSON

	f     funnel.Funnel
	st    *funnel.Stepper
	names []string
	other string
	evs   []funnelEvent
	buf   []journey.Event
}

func (f *funnelCustomerFn) Setup() error {
	if err := json.Unmarshal([]byte(f.Spec), &f.f); err != nil {
		return err
	}
	g := f.f
	if g.BreakdownBy != "" {
		g.BreakdownBy = "channel" // the shuffled events carry the value there
	}
	st, err := g.Stepper()
	if err != nil {
		return err
	}
	f.st = st
	f.names = funnelNames(&f.f)
	f.other = "\x00other"
	for slices.Contains(f.names, f.other) {
		f.other += "\x00"
	}
	return nil
}

func (f *funnelCustomerFn) ProcessElement(ctx context.Context, customer string, iter func(*funnelEvent) bool, emit func(string, funnel.Outcome)) error {
	f.evs = f.evs[:0]
	var e funnelEvent
	for iter(&e) {
		f.evs = append(f.evs, e)
	}
	slices.SortFunc(f.evs, func(a, b funnelEvent) int {
		return cmp.Or(cmp.Compare(a.Time, b.Time), strings.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Step, b.Step), strings.Compare(a.Key, b.Key))
	})
	f.buf = f.buf[:0]
	for _, e := range f.evs {
		name := f.other
		if e.Step >= 0 && int(e.Step) < len(f.names) {
			name = f.names[e.Step]
		}
		f.buf = append(f.buf, journey.Event{Time: time.Unix(0, e.Time), Name: name, Channel: e.Key})
	}
	o, err := f.st.Customer(ctx, f.buf)
	if err != nil {
		return fmt.Errorf("cxbeam: funnel of customer %q: %w", customer, err)
	}
	if o.Level == 0 && !o.Excluded {
		return nil // no step 1: in no breakdown value, as in Run
	}
	o.Times = slices.Clone(o.Times)
	emit(o.Breakdown, o)
	return nil
}

// funnelTallyFn combines outcomes into a funnel.Tally per breakdown value.
type funnelTallyFn struct{ Steps []string }

func (f *funnelTallyFn) CreateAccumulator() funnel.Tally { return funnel.Tally{Steps: f.Steps} }
func (f *funnelTallyFn) AddInput(t funnel.Tally, o funnel.Outcome) (funnel.Tally, error) {
	err := t.Add(o)
	return t, err
}
func (f *funnelTallyFn) MergeAccumulators(a, b funnel.Tally) (funnel.Tally, error) {
	mergeCalls.Add(1)
	err := a.Merge(b)
	return a, err
}
func (f *funnelTallyFn) ExtractOutput(t funnel.Tally) funnel.Tally { return t }

// groupTally is a breakdown value's tally, the input of funnelResultFn.
type groupTally struct {
	Value string
	Tally funnel.Tally
}

func groupTallyFn(value string, t funnel.Tally) groupTally { return groupTally{Value: value, Tally: t} }

// funnelGroups is funnelResultFn's accumulator: the tallies seen, in any
// order, a value possibly more than once.
type funnelGroups struct{ Groups []groupTally }

// funnelResultFn assembles the Result from the tallies of the breakdown
// values, as Run does: the whole funnel is the merge of them all.
type funnelResultFn struct {
	Steps     []string
	Breakdown bool
}

func (f *funnelResultFn) CreateAccumulator() funnelGroups { return funnelGroups{} }
func (f *funnelResultFn) AddInput(a funnelGroups, g groupTally) funnelGroups {
	a.Groups = append(a.Groups, g)
	return a
}
func (f *funnelResultFn) MergeAccumulators(a, b funnelGroups) funnelGroups {
	mergeCalls.Add(1)
	a.Groups = append(a.Groups, b.Groups...)
	return a
}
func (f *funnelResultFn) ExtractOutput(a funnelGroups) (funnel.Result, error) {
	byValue := map[string]*funnel.Tally{}
	total := funnel.Tally{Steps: f.Steps}
	for _, g := range a.Groups {
		if len(g.Tally.Steps) == 0 {
			continue // the empty group
		}
		t := byValue[g.Value]
		if t == nil {
			t = &funnel.Tally{Steps: f.Steps}
			byValue[g.Value] = t
		}
		if err := t.Merge(g.Tally); err != nil {
			return funnel.Result{}, err
		}
		if err := total.Merge(g.Tally); err != nil {
			return funnel.Result{}, err
		}
	}
	res, err := total.Result()
	if err != nil || !f.Breakdown {
		return res, err
	}
	values := make([]string, 0, len(byValue))
	for v := range byValue {
		values = append(values, v)
	}
	slices.Sort(values)
	for _, v := range values {
		r, err := byValue[v].Result()
		if err != nil {
			return funnel.Result{}, err
		}
		res.Breakdown = append(res.Breakdown, funnel.Group{Value: v, Result: r})
	}
	return res, nil
}

// The coders of the funnel's values, versioned layouts:
//
//	funnel.Tally   byte 1, uvarint number of steps and each name (uvarint length and
//	               bytes), varint Excluded, byte 1 if Counts follow (0 for none), then
//	               varint Counts per step, the gaps of each step from the second, and
//	               ToConvert; each list of gaps sorted and run-length encoded: uvarint
//	               number of runs, per run varint difference from the previous run's
//	               value (from 0) and uvarint length
//	groupTally     byte 1, Value (uvarint length and bytes), the funnel.Tally layout
//	funnelGroups   byte 1, uvarint number of groups, each as uvarint length and its layout
//	funnel.Result  its JSON (an output, not state)
//
// A decoded tally has its gaps in ascending order (the medians and means
// read them as a multiset). Decoding rejects an unknown version, truncated
// data, trailing bytes and counts that no funnel gives.
func init() {
	beam.RegisterCoder(reflect.TypeOf(funnel.Tally{}), encTally, decTally)
	beam.RegisterCoder(reflect.TypeOf(groupTally{}), encGroupTally, decGroupTally)
	beam.RegisterCoder(reflect.TypeOf(funnelGroups{}), encFunnelGroups, decFunnelGroups)
	registerJSONCoders(funnel.Result{})
	for _, v := range []any{funnelEvent{}, funnel.Outcome{}} {
		beam.RegisterType(reflect.TypeOf(v))
	}
	register.DoFn4x0[context.Context, Event, func(string, funnelEvent), func(Rejected)](&funnelEventFn{})
	register.DoFn4x1[context.Context, string, func(*funnelEvent) bool, func(string, funnel.Outcome), error](&funnelCustomerFn{})
	register.Combiner3[funnel.Tally, funnel.Outcome, funnel.Tally](&funnelTallyFn{})
	register.Combiner3[funnelGroups, groupTally, funnel.Result](&funnelResultFn{})
	register.Function2x1(groupTallyFn)
	register.Emitter2[string, funnelEvent]()
	register.Emitter2[string, funnel.Outcome]()
	register.Iter1[funnelEvent]()
}

func appendGaps(b []byte, gaps []int64) []byte {
	sorted := slices.Sorted(slices.Values(gaps))
	runs := 0
	for i := range sorted {
		if i == 0 || sorted[i] != sorted[i-1] {
			runs++
		}
	}
	b = binary.AppendUvarint(b, uint64(runs))
	prev := int64(0)
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		b = binary.AppendVarint(b, sorted[i]-prev)
		b = binary.AppendUvarint(b, uint64(j-i))
		prev = sorted[i]
		i = j
	}
	return b
}

func appendTally(b []byte, t *funnel.Tally) []byte {
	b = binary.AppendUvarint(b, uint64(len(t.Steps)))
	for _, s := range t.Steps {
		b = appendString(b, s)
	}
	b = binary.AppendVarint(b, int64(t.Excluded))
	if t.Counts == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	for _, c := range t.Counts {
		b = binary.AppendVarint(b, int64(c))
	}
	for k := 1; k < len(t.Steps); k++ {
		var g []int64
		if k < len(t.Gaps) {
			g = t.Gaps[k]
		}
		b = appendGaps(b, g)
	}
	return appendGaps(b, t.ToConvert)
}

// gaps reads a list of at most max gaps.
func (r layoutReader) gaps(max int) []int64 {
	runs := r.Len(2, math.MaxInt) // a run takes two bytes at least
	if r.Err() != nil {
		return nil
	}
	var out []int64
	prev := int64(0)
	for range runs {
		v := prev + int64(r.Int())
		n := r.Uint()
		if r.Err() != nil {
			return nil
		}
		if n == 0 || n > uint64(max-len(out)) || (len(out) > 0 && v < prev) {
			r.Failf("a run of %d gaps of %d: more than the %d customers, or out of order", n, v, max)
			return nil
		}
		for range n {
			out = append(out, v)
		}
		prev = v
	}
	return out
}

func (r layoutReader) tally() funnel.Tally {
	n := r.Len(1, math.MaxInt)
	var t funnel.Tally
	for i := 0; i < n && r.Err() == nil; i++ {
		t.Steps = append(t.Steps, r.string())
	}
	t.Excluded = r.Int()
	flag := r.UintTo(1) // 1 when the counts follow
	if t.Excluded < 0 {
		r.Failf("excluded %d", t.Excluded)
	}
	if flag == 0 || r.Err() != nil {
		return t
	}
	t.Counts = make([]int, n)
	for k := range t.Counts {
		t.Counts[k] = r.Int()
		if r.Err() == nil && (t.Counts[k] < 0 || k > 0 && t.Counts[k] > t.Counts[k-1]) {
			r.Failf("counts %v", t.Counts[:k+1])
		}
	}
	t.Gaps = make([][]int64, n)
	for k := 1; k < int(n) && r.Err() == nil; k++ {
		t.Gaps[k] = r.gaps(t.Counts[k])
	}
	if n > 0 && r.Err() == nil {
		t.ToConvert = r.gaps(t.Counts[n-1])
	}
	return t
}

func encTally(t funnel.Tally) []byte { return appendTally([]byte{layoutVersion}, &t) }

func decTally(b []byte) (funnel.Tally, error) {
	r, err := newLayoutReader("funnel.Tally", b)
	if err != nil {
		return funnel.Tally{}, err
	}
	t := r.tally()
	if err := r.Done(); err != nil {
		return funnel.Tally{}, err
	}
	return t, nil
}

func encGroupTally(g groupTally) []byte {
	return appendTally(appendString([]byte{layoutVersion}, g.Value), &g.Tally)
}

func decGroupTally(b []byte) (groupTally, error) {
	r, err := newLayoutReader("cxbeam.groupTally", b)
	if err != nil {
		return groupTally{}, err
	}
	g := groupTally{Value: r.string()}
	g.Tally = r.tally()
	if err := r.Done(); err != nil {
		return groupTally{}, err
	}
	return g, nil
}

func encFunnelGroups(a funnelGroups) []byte {
	b := binary.AppendUvarint([]byte{layoutVersion}, uint64(len(a.Groups)))
	for _, g := range a.Groups {
		e := encGroupTally(g)
		b = append(binary.AppendUvarint(b, uint64(len(e))), e...)
	}
	return b
}

func decFunnelGroups(b []byte) (funnelGroups, error) {
	r, err := newLayoutReader("cxbeam.funnelGroups", b)
	if err != nil {
		return funnelGroups{}, err
	}
	n := r.Len(1, math.MaxInt)
	var a funnelGroups
	for i := 0; i < n && r.Err() == nil; i++ {
		e := r.bytes()
		if r.Err() != nil {
			break
		}
		g, err := decGroupTally(e)
		if err != nil {
			return funnelGroups{}, err
		}
		a.Groups = append(a.Groups, g)
	}
	if err := r.Done(); err != nil {
		return funnelGroups{}, err
	}
	return a, nil
}
