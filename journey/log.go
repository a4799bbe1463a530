package journey

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Log is an event log stored by column with integer codes, the compact form
// that the funnel and path analytics run on. Customer, Name, Channel and
// Touchpoint hold indexes into the dictionaries Customers, Names, Channels and
// Touchpoints; Time holds Unix nanoseconds. Codes are assigned in order of
// first appearance. Value and Props are optional (nil when absent); Props maps
// a property name to one value per event.
//
// Customer, Time and Name are required and of equal length, with codes
// inside their dictionaries; Channel, Touchpoint, Value and the Props columns
// are nil or of that length too. [Log.Validate] checks this, and every
// analytic returns an error wrapping ErrLength or ErrOutOfRange for a Log
// that breaks it (a nil *Log is an error wrapping ErrEmpty). Build a Log with
// [NewLog] or [ReadLog]; the zero Log is empty and ready for [Log.Add].
//
// A Log is plain data: it encodes to JSON (keys customers, names, channels,
// touchpoints, customer, time, name, channel, touchpoint, value, props) and
// decodes back to an equal Log, checked by Validate. The analytics never
// modify a Log, so one Log may be read by many goroutines at once;
// [Log.Sort] and [Log.Add] modify it and need exclusive access.
type Log struct {
	Customers   []string
	Names       []string
	Channels    []string
	Touchpoints []string

	Customer   []int32
	Time       []int64
	Name       []int32
	Channel    []int32
	Touchpoint []int32
	Value      []float64
	Props      map[string][]string

	// The dictionaries' indexes, built on first use by Add (a cache,
	// rebuilt after decoding).
	custIdx, nameIdx, chanIdx, tpIdx map[string]int32
}

// reindex rebuilds the indexes of the non-empty dictionaries, as Add leaves
// them.
func (l *Log) reindex() {
	l.custIdx, l.nameIdx, l.chanIdx, l.tpIdx = nil, nil, nil, nil
	for _, d := range []struct {
		idx  *map[string]int32
		dict []string
	}{{&l.custIdx, l.Customers}, {&l.nameIdx, l.Names}, {&l.chanIdx, l.Channels}, {&l.tpIdx, l.Touchpoints}} {
		if len(d.dict) > 0 {
			*d.idx = make(map[string]int32, len(d.dict)+16)
			for i, v := range d.dict {
				(*d.idx)[v] = int32(i)
			}
		}
	}
}

// CheckShape checks, in time independent of the number of events, that l
// is not nil (ErrEmpty) and that its columns have the lengths they should
// (ErrLength). Unlike [Log.Validate] it does not read the codes; analytics
// that guard every code themselves call it to stay O(1) before their work.
func (l *Log) CheckShape() error {
	if l == nil {
		return fmt.Errorf("%w: nil log", ErrEmpty)
	}
	n := len(l.Customer)
	if len(l.Time) != n || len(l.Name) != n {
		return fmt.Errorf("%w: log columns customer %d, time %d, name %d", ErrLength, n, len(l.Time), len(l.Name))
	}
	for _, c := range []struct {
		name string
		len  int
		ok   bool
	}{{"channel", len(l.Channel), l.Channel == nil}, {"touchpoint", len(l.Touchpoint), l.Touchpoint == nil}, {"value", len(l.Value), l.Value == nil}} {
		if !c.ok && c.len != n {
			return fmt.Errorf("%w: log column %s has %d entries for %d events", ErrLength, c.name, c.len, n)
		}
	}
	for k, col := range l.Props {
		if len(col) != n {
			return fmt.Errorf("%w: log property %q has %d entries for %d events", ErrLength, k, len(col), n)
		}
	}
	return nil
}

// Validate reports whether l is a valid Log: not nil, columns of equal
// length (ErrLength) and every code inside its dictionary (an *InputError
// wrapping ErrOutOfRange, at the event's index). It reads every code once.
func (l *Log) Validate() error {
	if err := l.CheckShape(); err != nil {
		return err
	}
	for _, c := range []struct {
		field string
		codes []int32
		dict  []string
	}{{"customer code", l.Customer, l.Customers}, {"name code", l.Name, l.Names}, {"channel code", l.Channel, l.Channels}, {"touchpoint code", l.Touchpoint, l.Touchpoints}} {
		if i := outOfRange(c.codes, len(c.dict)); i >= 0 {
			return badAt(i, c.field, fmt.Sprint(c.codes[i]), fmt.Errorf("%w 0..%d", ErrOutOfRange, len(c.dict)-1))
		}
	}
	return nil
}

// outOfRange returns the index of the first code outside [0, n), or −1.
func outOfRange(codes []int32, n int) int {
	var bad bool
	for _, c := range codes {
		bad = bad || uint(c) >= uint(n)
	}
	if !bad {
		return -1
	}
	for i, c := range codes {
		if uint(c) >= uint(n) {
			return i
		}
	}
	return -1
}

// NewLog builds a Log from events in any order. Properties become Props
// columns ("" where an event lacks a property).
func NewLog(events []Event) *Log {
	l := &Log{}
	for i := range events {
		l.add(&events[i])
	}
	return l
}

// Add appends one event to the log. It returns an error, and leaves l as it
// was, for a nil l or e (ErrEmpty), a Log whose columns have different
// lengths (ErrLength) or a dictionary that is full (2³¹−1 names,
// ErrOutOfRange).
func (l *Log) Add(e *Event) error {
	if e == nil {
		return fmt.Errorf("%w: nil event", ErrEmpty)
	}
	if err := l.CheckShape(); err != nil {
		return err
	}
	if l.Channel == nil && len(l.Customer) > 0 || l.Touchpoint == nil && len(l.Customer) > 0 {
		return fmt.Errorf("%w: log without channel or touchpoint column", ErrLength)
	}
	for _, d := range [][]string{l.Customers, l.Names, l.Channels, l.Touchpoints} {
		if len(d) >= maxCodes {
			return fmt.Errorf("%w: more than %d names in a dictionary", ErrOutOfRange, maxCodes)
		}
	}
	l.add(e)
	return nil
}

func (l *Log) add(e *Event) {
	n := len(l.Customer)
	l.Customer = append(l.Customer, intern(&l.custIdx, &l.Customers, e.Customer))
	l.Time = append(l.Time, e.Time.UnixNano())
	l.Name = append(l.Name, intern(&l.nameIdx, &l.Names, e.Name))
	l.Channel = append(l.Channel, intern(&l.chanIdx, &l.Channels, e.Channel))
	l.Touchpoint = append(l.Touchpoint, intern(&l.tpIdx, &l.Touchpoints, e.Touchpoint))
	if e.Value != 0 && l.Value == nil {
		l.Value = make([]float64, n, n+1)
	}
	if l.Value != nil {
		l.Value = append(l.Value, e.Value)
	}
	for k, v := range e.Properties {
		if l.Props == nil {
			l.Props = make(map[string][]string)
		}
		col, ok := l.Props[k]
		if !ok {
			col = make([]string, n, n+1)
		}
		l.Props[k] = append(col, v)
	}
	for k, col := range l.Props {
		if len(col) == n {
			l.Props[k] = append(col, "")
		}
	}
}

// Len returns the number of events (0 for a nil Log).
func (l *Log) Len() int {
	if l == nil {
		return 0
	}
	return len(l.Customer)
}

// Event returns event i as an Event value. It returns an error wrapping
// ErrOutOfRange when i is not an event of the log, and the error of
// [Log.Validate] when the log is not valid.
func (l *Log) Event(i int) (Event, error) {
	if err := l.CheckShape(); err != nil {
		return Event{}, err
	}
	if i < 0 || i >= len(l.Customer) {
		return Event{}, badAt(i, "event index", fmt.Sprint(i), fmt.Errorf("%w 0..%d", ErrOutOfRange, len(l.Customer)-1))
	}
	for _, c := range []struct {
		codes []int32
		dict  []string
	}{{l.Customer, l.Customers}, {l.Name, l.Names}, {l.Channel, l.Channels}, {l.Touchpoint, l.Touchpoints}} {
		if c.codes != nil && uint(c.codes[i]) >= uint(len(c.dict)) {
			return Event{}, badAt(i, "code", fmt.Sprint(c.codes[i]), ErrOutOfRange)
		}
	}
	return l.event(i), nil
}

// event is Event for a valid log.
func (l *Log) event(i int) Event {
	e := Event{
		Customer: l.Customers[l.Customer[i]],
		Time:     time.Unix(0, l.Time[i]).UTC(),
		Name:     l.Names[l.Name[i]],
	}
	if l.Channel != nil {
		e.Channel = l.Channels[l.Channel[i]]
	}
	if l.Touchpoint != nil {
		e.Touchpoint = l.Touchpoints[l.Touchpoint[i]]
	}
	if l.Value != nil {
		e.Value = l.Value[i]
	}
	for k, col := range l.Props {
		if col[i] != "" {
			if e.Properties == nil {
				e.Properties = make(map[string]string)
			}
			e.Properties[k] = col[i]
		}
	}
	return e
}

// NameCode returns the code of an event name and whether the log has it.
func (l *Log) NameCode(name string) (int32, bool) {
	if l == nil {
		return -1, false
	}
	for i, n := range l.Names {
		if n == name {
			return int32(i), true
		}
	}
	return -1, false
}

// Groups is a log arranged by customer, as [Log.ByCustomer] returns it:
// segment k holds the events at positions Start[k] to Start[k+1] of Perm
// (Perm == nil means the identity: the log is already in that order), one
// customer per segment, in time order; [Groups.At] maps a position of the
// grouped order to the log's index. Groups is a view of one Log that the
// analytics (paths, funnels) walk, not a JSON value: it is only meaningful
// next to the Log it was made from.
type Groups struct {
	Start []int
	Perm  []int32
}

// contiguous returns the segment bounds when each customer's events already
// form one run in time order, or nil.
func (l *Log) contiguous() []int {
	seen := make([]bool, len(l.Customers))
	start := make([]int, 0, len(l.Customers)+1)
	for i, c := range l.Customer {
		if i > 0 && c == l.Customer[i-1] {
			if l.Time[i] < l.Time[i-1] {
				return nil
			}
			continue
		}
		if seen[c] {
			return nil
		}
		seen[c] = true
		start = append(start, i)
	}
	return append(start, len(l.Customer))
}

// ByCustomer arranges the log by customer without changing it. When every
// customer's events already form one run in time order it costs one check; otherwise a stable counting
// sort on the customer code and an insertion sort by time within each
// customer (event streams arrive nearly in time order, so that sort is close
// to one pass); segments are then in customer-code order.
// The log must be valid (see [Log.Validate]).
func (l *Log) ByCustomer() Groups {
	if start := l.contiguous(); start != nil {
		return Groups{Start: start}
	}
	nc := len(l.Customers)
	start := make([]int, nc+1)
	for _, c := range l.Customer {
		start[c+1]++
	}
	for c := 0; c < nc; c++ {
		start[c+1] += start[c]
	}
	next := slices.Clone(start[:nc])
	perm := make([]int32, len(l.Customer))
	for i, c := range l.Customer {
		perm[next[c]] = int32(i)
		next[c]++
	}
	t := l.Time
	for c := 0; c < nc; c++ {
		seg := perm[start[c]:start[c+1]]
		if len(seg) > 64 && !sortedBy(seg, t) {
			// A long run out of order: insertion sort would be quadratic.
			slices.SortStableFunc(seg, func(a, b int32) int { return cmp.Compare(t[a], t[b]) })
			continue
		}
		for i := 1; i < len(seg); i++ {
			p := seg[i]
			j := i
			for j > 0 && t[seg[j-1]] > t[p] {
				seg[j] = seg[j-1]
				j--
			}
			seg[j] = p
		}
	}
	return Groups{Start: start, Perm: perm}
}

// sortedBy reports whether t is non-decreasing along seg, with at most a
// few inversions that insertion sort fixes quickly.
func sortedBy(seg []int32, t []int64) bool {
	inv := 0
	for i := 1; i < len(seg); i++ {
		if t[seg[i]] < t[seg[i-1]] {
			inv++
		}
	}
	return inv <= 8
}

// At returns the log index of the k-th event of the grouped order.
func (g *Groups) At(k int) int {
	if g.Perm == nil {
		return k
	}
	return int(g.Perm[k])
}

// Sort reorders the log in place by customer code and then time; events of
// one customer at the same time keep their order. It returns the error of
// [Log.Validate] for an invalid log, which it leaves as it is.
func (l *Log) Sort() error {
	if err := l.Validate(); err != nil {
		return err
	}
	g := l.ByCustomer()
	if g.Perm == nil {
		return nil
	}
	l.Customer = gather(l.Customer, g.Perm)
	l.Time = gather(l.Time, g.Perm)
	l.Name = gather(l.Name, g.Perm)
	l.Channel = gather(l.Channel, g.Perm)
	l.Touchpoint = gather(l.Touchpoint, g.Perm)
	l.Value = gather(l.Value, g.Perm)
	for k, col := range l.Props {
		l.Props[k] = gather(col, g.Perm)
	}
	return nil
}

func gather[T any](x []T, perm []int32) []T {
	if x == nil {
		return nil
	}
	out := make([]T, len(perm))
	for i, p := range perm {
		out[i] = x[p]
	}
	return out
}

// Journeys returns one journey per customer with events in time order, in
// order of customer code. The outcome is OutcomeConverted when an event is
// named by one of goal. It returns the error of [Log.Validate] for an
// invalid log.
func (l *Log) Journeys(goal ...string) ([]Journey, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	g := l.ByCustomer()
	js := make([]Journey, len(l.Customers))
	for seg := 0; seg+1 < len(g.Start); seg++ {
		if g.Start[seg] == g.Start[seg+1] {
			continue
		}
		c := l.Customer[g.At(g.Start[seg])]
		j := &js[c]
		j.Customer = l.Customers[c]
		j.Events = make([]Event, 0, g.Start[seg+1]-g.Start[seg])
		for k := g.Start[seg]; k < g.Start[seg+1]; k++ {
			e := l.event(g.At(k))
			j.Events = append(j.Events, e)
			if j.Outcome == OutcomeOpen && slices.Contains(goal, e.Name) {
				j.Outcome = OutcomeConverted
			}
		}
	}
	return js, nil
}
