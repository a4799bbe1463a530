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
	"github.com/cxkit/cxkit/internal/settings"
	"github.com/cxkit/cxkit/internal/wire"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
)

// PathSettings says how MarkovPaths turns each customer's events into a
// channel path and counts it, as journey.BuildJourneys,
// journey.PathsFromJourneys and attribution.Markov do on one machine.
//
// JSON keys: goal, until, order, keep_repeats.
type PathSettings struct {
	// Goal names the events that make a journey convert
	// (journey.BuildJourneys' goal).
	Goal []string
	// Until, if not "", cuts each path before the customer's first event of
	// that name (journey.PathsFromJourneys' until).
	Until string
	// Order k ≥ 1 of the Markov chain (0 means 1) and KeepRepeats, as in
	// attribution.MarkovSettings.
	Order       int
	KeepRepeats bool
}

// MarkovPaths computes Markov-chain removal-effect attribution over a
// PCollection<Event>, as attribution.Markov does on the path table of
// journey.PathsFromJourneys(journey.BuildJourneys(events, st.Goal...),
// st.Until) (st nil means order 1 with no goal: no journey converts). It
// returns:
//
//   - transitions, a PCollection<attribution.Transitions> of one element:
//     the chain's counts, with the channels in the order of the library's
//     path table;
//   - result, a PCollection<attribution.MarkovResult> of one element, the
//     attribution computed from those counts (slices indexed like the
//     transitions' Channels);
//   - rejected, a PCollection<Rejected> of the events whose time a
//     journey.Log cannot hold (outside 1678–2262).
//
// The events are keyed by customer and grouped (one shuffle, of the
// events that can matter: those with a channel, a value, or a goal or
// until name, stripped to time, channel, value, that name, source and
// line); each customer's events are ordered by time, then source and line,
// and made into a journey and a path by the library's own
// journey.BuildJourneys and journey.PathsFromJourneys; the paths are counted
// into attribution.Transitions accumulators, merged before and after the
// shuffle (CombineGlobally), and the attribution computed from the merged
// counts by Transitions.Markov.
//
// The counts are whole numbers of journeys, so they are exact; the
// channels are numbered as journey.PathsFromJourneys numbers them (by first
// appearance in the journeys in customer order, whatever the bundles and
// merges), and the chain's states are put in a canonical order by the
// library. So on a log in (source, line) order with journey values that
// are whole numbers below 2⁵³ the result equals the library's bit for bit,
// slice for slice: the probabilities, removal effects, Attribution shares
// (which divide by a sum over the channels in their order) and
// ValueLastState. Sums of fractional values depend on the order of
// addition and can differ in the last bits. With no path at all the result
// is attribution's ErrEmpty and the job fails; bad settings are an error
// before the pipeline is built.
func MarkovPaths(s beam.Scope, st *PathSettings, events beam.PCollection) (transitions, result, rejected beam.PCollection, err error) {
	o := settings.Of(st)
	none := beam.PCollection{}
	if _, err := (&attribution.Transitions{Order: o.Order}).MarshalBinary(); err != nil {
		return none, none, none, err
	}
	spec, err := json.Marshal(o)
	if err != nil {
		return none, none, none, err
	}
	s = s.Scope("cxbeam.MarkovPaths")
	keyed, bad := beam.ParDo2(s, &pathEventFn{Spec: string(spec)}, events)
	paths := beam.ParDo(s, &customerPathFn{Spec: string(spec)}, beam.GroupByKey(s, keyed))
	transitions = beam.Combine(s, &transitionsFn{Order: o.Order, KeepRepeats: o.KeepRepeats}, paths)
	result = beam.ParDo(s, markovFn, transitions)
	return transitions, result, bad, nil
}

// pathEvent is what MarkovPaths shuffles per event.
type pathEvent struct {
	Time    int64 // Unix nanoseconds
	Channel string
	Value   float64
	Name    string // the event's name when it is a goal or Until, else ""
	Source  string
	Line    int
}

// pathEventFn keys the events that can matter by customer.
type pathEventFn struct {
	Spec string // the PathSettings, in JSON

	st PathSettings
}

func (f *pathEventFn) Setup() error { return json.Unmarshal([]byte(f.Spec), &f.st) }

func (f *pathEventFn) ProcessElement(ctx context.Context, e Event, ok func(string, pathEvent), bad func(Rejected)) {
	t := e.Event.Time
	if t.Before(minEventTime) || t.After(maxEventTime) {
		rejectOutOfRange(ctx, e, bad)
		return
	}
	pe := pathEvent{Time: t.UnixNano(), Channel: e.Event.Channel, Value: e.Event.Value, Source: e.Source, Line: e.Line}
	if n := e.Event.Name; n == f.st.Until && n != "" || slices.Contains(f.st.Goal, n) {
		pe.Name = n
	}
	if pe.Channel == "" && pe.Value == 0 && pe.Name == "" {
		return // adds nothing to a path
	}
	ok(e.Event.Customer, pe)
}

// customerPathFn makes each customer's journey and path with the library.
type customerPathFn struct {
	Spec string // the PathSettings, in JSON

	st  PathSettings
	evs []pathEvent
	buf []journey.Event
}

func (f *customerPathFn) Setup() error { return json.Unmarshal([]byte(f.Spec), &f.st) }

func (f *customerPathFn) ProcessElement(customer string, iter func(*pathEvent) bool, emit func(customerPath)) {
	f.evs = f.evs[:0]
	var e pathEvent
	for iter(&e) {
		f.evs = append(f.evs, e)
	}
	slices.SortFunc(f.evs, func(a, b pathEvent) int {
		return cmp.Or(cmp.Compare(a.Time, b.Time), strings.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line))
	})
	f.buf = f.buf[:0]
	for _, e := range f.evs {
		f.buf = append(f.buf, journey.Event{Customer: customer, Time: time.Unix(0, e.Time), Name: e.Name, Channel: e.Channel, Value: e.Value})
	}
	table := journey.PathsFromJourneys(journey.BuildJourneys(f.buf, f.st.Goal...), f.st.Until)
	for _, r := range table.Rows {
		p := attribution.Path{Channels: make([]string, len(r.Touches)), Conversions: r.Conversions, Value: r.Value, Nulls: r.Nulls}
		for i, c := range r.Touches {
			p.Channels[i] = table.Channels[c]
		}
		emit(customerPath{Customer: customer, Path: p})
	}
}

// customerPath is a customer's path, the input of transitionsFn.
type customerPath struct {
	Customer string
	Path     attribution.Path
}

// channelFirst is where a channel first appears: the smallest customer id
// whose path has it, and its position there.
type channelFirst struct {
	Channel, Customer string
	Pos               int
}

func (a channelFirst) less(b channelFirst) bool {
	return cmp.Or(strings.Compare(a.Customer, b.Customer), cmp.Compare(a.Pos, b.Pos)) < 0
}

// pathCounts is transitionsFn's accumulator: the counts, and where each
// channel first appears in the order of journey.PathsFromJourneys
// (journeys by customer id, touches in order), which numbers the channels.
type pathCounts struct {
	Transitions attribution.Transitions
	First       []channelFirst
}

func (a *pathCounts) see(f channelFirst) {
	for i := range a.First {
		if a.First[i].Channel == f.Channel {
			if f.less(a.First[i]) {
				a.First[i] = f
			}
			return
		}
	}
	a.First = append(a.First, f)
}

// transitionsFn counts paths into attribution.Transitions.
type transitionsFn struct {
	Order       int
	KeepRepeats bool
}

func (f *transitionsFn) CreateAccumulator() pathCounts {
	return pathCounts{Transitions: attribution.Transitions{Order: f.Order, KeepRepeats: f.KeepRepeats}}
}
func (f *transitionsFn) AddInput(a pathCounts, p customerPath) (pathCounts, error) {
	if err := a.Transitions.Add(p.Path); err != nil {
		return a, err
	}
	for i, c := range p.Path.Channels {
		a.see(channelFirst{Channel: c, Customer: p.Customer, Pos: i})
	}
	return a, nil
}
func (f *transitionsFn) MergeAccumulators(a, b pathCounts) (pathCounts, error) {
	mergeCalls.Add(1)
	if err := a.Transitions.Merge(b.Transitions); err != nil {
		return a, err
	}
	for _, c := range b.First {
		a.see(c)
	}
	return a, nil
}

// ExtractOutput returns the counts with the channels numbered as
// journey.PathsFromJourneys numbers them on one machine, whatever the order
// of the merges: the attribution sums over channels in that order.
func (f *transitionsFn) ExtractOutput(a pathCounts) (attribution.Transitions, error) {
	slices.SortFunc(a.First, func(x, y channelFirst) int {
		return cmp.Or(strings.Compare(x.Customer, y.Customer), cmp.Compare(x.Pos, y.Pos))
	})
	c := attribution.Transitions{Order: a.Transitions.Order, KeepRepeats: a.Transitions.KeepRepeats}
	for _, x := range a.First {
		c.Channels = append(c.Channels, x.Channel)
	}
	err := c.Merge(a.Transitions)
	return c, err
}

func markovFn(ctx context.Context, t attribution.Transitions) (attribution.MarkovResult, error) {
	return t.Markov(ctx, nil)
}

// The coders (attribution.Transitions travels in its own versioned
// MarshalBinary layout, registered in coders.go): attribution.MarkovResult (an output, not state) as
// its JSON; pathCounts in a versioned layout:
//
//	pathCounts  byte 1, uvarint length and bytes of the Transitions' MarshalBinary,
//	            uvarint number of channels, each as Channel and Customer (uvarint
//	            length and bytes) and uvarint Pos
func init() {
	registerJSONCoders(attribution.MarkovResult{})
	beam.RegisterCoder(reflect.TypeOf(pathCounts{}), encPathCounts, decPathCounts)
	for _, v := range []any{pathEvent{}, attribution.Path{}, customerPath{}} {
		beam.RegisterType(reflect.TypeOf(v))
	}
	register.DoFn4x0[context.Context, Event, func(string, pathEvent), func(Rejected)](&pathEventFn{})
	register.DoFn3x0[string, func(*pathEvent) bool, func(customerPath)](&customerPathFn{})
	register.Combiner3[pathCounts, customerPath, attribution.Transitions](&transitionsFn{})
	register.Function2x2(markovFn)
	register.Emitter2[string, pathEvent]()
	register.Emitter1[customerPath]()
	register.Iter1[pathEvent]()
}

func encPathCounts(a pathCounts) ([]byte, error) {
	t, err := a.Transitions.MarshalBinary()
	if err != nil {
		return nil, err
	}
	b := appendString([]byte{layoutVersion}, string(t))
	b = binary.AppendUvarint(b, uint64(len(a.First)))
	for _, f := range a.First {
		b = appendString(appendString(b, f.Channel), f.Customer)
		b = binary.AppendUvarint(b, uint64(f.Pos))
	}
	return b, nil
}

func decPathCounts(b []byte) (pathCounts, error) {
	r, err := newLayoutReader("cxbeam.pathCounts", b)
	if err != nil {
		return pathCounts{}, err
	}
	var a pathCounts
	tb := r.bytes()
	if r.Err() == nil {
		if err := a.Transitions.UnmarshalBinary(tb); err != nil {
			return pathCounts{}, fmt.Errorf("cxbeam: decoding cxbeam.pathCounts: %w", err)
		}
	}
	n := r.Len(3, math.MaxInt) // a channel takes three bytes at least
	for i := 0; i < n && r.Err() == nil; i++ {
		f := channelFirst{Channel: r.string(), Customer: r.string()}
		pos := r.Uint()
		if r.Err() == nil && pos > math.MaxInt32 {
			r.Failf("position %d", pos)
		}
		f.Pos = int(pos)
		a.First = append(a.First, f)
	}
	if err := r.Done(); err != nil {
		return pathCounts{}, err
	}
	return a, nil
}

// MarshalJSON encodes p with the keys listed in the type's doc.
func (p PathSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *PathSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }
