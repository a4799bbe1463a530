package journey

import (
	"slices"
	"strings"
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
// inside their dictionaries (a Log that breaks this is a programmer error and
// may make the analytics panic); Channel, Touchpoint, Value and Props may be
// nil. Build a Log with [NewLog] or [ReadLog]. The analytics never modify a Log, so
// one Log may be read by many goroutines at once; [Log.Sort] and [Log.Add]
// modify it and need exclusive access.
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

	custIdx, nameIdx, chanIdx, tpIdx map[string]int32
}

// NewLog builds a Log from events in any order. Properties become Props
// columns ("" where an event lacks a property).
func NewLog(events []Event) *Log {
	l := &Log{}
	for i := range events {
		l.Add(&events[i])
	}
	return l
}

func intern(idx *map[string]int32, dict *[]string, s string) int32 {
	if *idx == nil {
		*idx = make(map[string]int32, len(*dict)+16)
		for i, v := range *dict {
			(*idx)[v] = int32(i)
		}
	}
	if c, ok := (*idx)[s]; ok {
		return c
	}
	c := int32(len(*dict))
	s = strings.Clone(s)
	*dict = append(*dict, s)
	(*idx)[s] = c
	return c
}

// Add appends one event to the log.
func (l *Log) Add(e *Event) {
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

// Len returns the number of events.
func (l *Log) Len() int { return len(l.Customer) }

// Event returns event i as an Event value.
func (l *Log) Event(i int) Event {
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
	for i, n := range l.Names {
		if n == name {
			return int32(i), true
		}
	}
	return -1, false
}

// groups is a log arranged by customer: segment k holds the events at
// positions start[k] to start[k+1] of perm (perm == nil means the identity),
// one customer per segment, in time order.
type groups struct {
	start []int
	perm  []int32
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

// group arranges the log by customer. When every customer's events already
// form one run in time order it costs one check; otherwise a stable counting
// sort on the customer code and an insertion sort by time within each
// customer (event streams arrive nearly in time order, so that sort is close
// to one pass); segments are then in customer-code order.
func (l *Log) group() groups {
	if start := l.contiguous(); start != nil {
		return groups{start: start}
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
	return groups{start: start, perm: perm}
}

// at returns the log position of the k-th event of the grouped order.
func (g *groups) at(k int) int {
	if g.perm == nil {
		return k
	}
	return int(g.perm[k])
}

// Sort reorders the log in place by customer code and then time; events of
// one customer at the same time keep their order.
func (l *Log) Sort() {
	g := l.group()
	if g.perm == nil {
		return
	}
	l.Customer = gather(l.Customer, g.perm)
	l.Time = gather(l.Time, g.perm)
	l.Name = gather(l.Name, g.perm)
	l.Channel = gather(l.Channel, g.perm)
	l.Touchpoint = gather(l.Touchpoint, g.perm)
	l.Value = gather(l.Value, g.perm)
	for k, col := range l.Props {
		l.Props[k] = gather(col, g.perm)
	}
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
// named by one of goal.
func (l *Log) Journeys(goal ...string) []Journey {
	g := l.group()
	js := make([]Journey, len(l.Customers))
	for seg := 0; seg+1 < len(g.start); seg++ {
		if g.start[seg] == g.start[seg+1] {
			continue
		}
		c := l.Customer[g.at(g.start[seg])]
		j := &js[c]
		j.Customer = l.Customers[c]
		j.Events = make([]Event, 0, g.start[seg+1]-g.start[seg])
		for k := g.start[seg]; k < g.start[seg+1]; k++ {
			e := l.Event(g.at(k))
			j.Events = append(j.Events, e)
			if j.Outcome == OutcomeOpen && slices.Contains(goal, e.Name) {
				j.Outcome = OutcomeConverted
			}
		}
	}
	return js
}
