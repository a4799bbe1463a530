package attribution

import (
	"encoding/binary"
	"fmt"
	"iter"
	"strings"
)

// Path is one channel path and the journeys on it: the unit that
// [Transitions.Add] counts, a row of a [journey.PathTable] with channel
// names instead of codes.
//
// JSON keys: channels, conversions, value, nulls.
type Path struct {
	Channels    []string // channel names in touch order, at least one, none empty
	Conversions float64  // journeys on this path that converted, ≥ 0
	Value       float64  // their total conversion value, ≥ 0
	Nulls       float64  // journeys on this path that did not convert, ≥ 0
}

// Edge counts the journeys that moved from channel-window state From to
// state To (indexes into [Transitions.States]).
//
// JSON keys: from, to, count.
type Edge struct {
	From, To int32
	Count    float64
}

// Transitions accumulates the transition counts of the Markov chain of
// [Markov]: everything the removal effects depend on, in memory that grows
// with the distinct states and transitions seen, never with the paths. It
// is the map-reduce form of Markov attribution: count paths per shard or
// worker with [Transitions.Add], combine with [Transitions.Merge], and
// compute with [Transitions.Markov]. Markov(ctx, table, s) is that on
// the Transitions of the table's rows (counted in two halves on two
// goroutines for a large table, then merged).
//
// At order k a path c1 … cn becomes the windows (c1 … ck), (c2 … ck+1), …;
// a path no longer than k is one state; runs of identical consecutive
// states are collapsed unless KeepRepeats. A path with w = Conversions +
// Nulls journeys adds w to Starts of its first state and to the Edge
// between each pair of consecutive states, and its Conversions, Value and
// Nulls to those of its last state.
//
// The zero value is an empty order-1 accumulator, ready to use; set Order
// and KeepRepeats before the first Add. Channels and States are numbered
// by first appearance, so that merging the accumulators of two parts gives
// the accumulator of one pass over both, field for field. Counts are
// float64 sums: when they (and the values) are whole numbers below 2⁵³, as
// counts of journeys are, the sums are exact and the results of Markov are
// the same bit for bit whatever the order of the paths and of the merges;
// fractional counts or values can differ in the last bits. A sum that
// overflows to +Inf is reported (ErrNonFinite) by Markov, Merge and
// MarshalBinary. A Transitions is not safe for concurrent use: give each
// goroutine its own and Merge them. MarshalBinary gives a compact,
// versioned encoding for shuffles and checkpoints.
//
// JSON keys: order, keep_repeats, channels, states, starts, conversions, value, nulls, edges
// (a decoded accumulator can be added to and merged).
type Transitions struct {
	// Order k ≥ 1 of the chain: a state is a window of k consecutive
	// channels. 0 means 1.
	Order int
	// KeepRepeats keeps runs of identical consecutive states as self-loops
	// instead of collapsing them (see [MarkovSettings]).
	KeepRepeats bool
	// Channels are the channel names by first appearance; a state's window
	// holds their indexes (codes).
	Channels []string
	// States[s] is the window of state s: the codes of 1 … Order channels,
	// fewer than Order only for a path shorter than the order. States are
	// distinct and numbered by first appearance.
	States [][]int32
	// Starts[s] is the number of journeys whose first state is s.
	Starts []float64
	// Conversions[s], Value[s] and Nulls[s] are the conversions, their
	// value and the non-converting journeys of the paths ending in state s.
	Conversions []float64
	Value       []float64
	Nulls       []float64
	// Edges are the transitions between states with their journey counts,
	// one per (From, To) pair, by first appearance.
	Edges []Edge

	idx transIndex // lookups, rebuilt when stale (decoded or built by hand)
}

// transIndex finds states, edges and channels of a Transitions. A window
// whose codes fit in 64/Order bits each is found by a packed integer key,
// any other by the bytes of its codes.
type transIndex struct {
	packed   map[uint64]int32 // packed window → state
	long     map[string]int32 // window key (4 bytes per code) → state
	edges    map[uint64]int32 // From<<32 | To → edge
	channels map[string]int32 // name → code; built only by Add and Merge
}

// size returns the number of states indexed.
func (x *transIndex) size() int { return len(x.packed) + len(x.long) }

// pack returns the packed key of a window at order k, or false when a code
// does not fit.
func pack(win []int32, k int) (uint64, bool) {
	bits := uint(64 / k)
	lim := uint64(1)<<bits - 1 // all ones for k = 1
	var key uint64
	for i, c := range win {
		v := uint64(uint32(c)) + 1
		if v > lim {
			return 0, false
		}
		key |= v << (bits * uint(i))
	}
	return key, true
}

// find returns the state of a window.
func (x *transIndex) find(win []int32, k int, sc *pathScratch) (int32, bool) {
	if key, ok := pack(win, k); ok {
		s, ok := x.packed[key]
		return s, ok
	}
	sc.key = windowKey(sc.key[:0], win)
	s, ok := x.long[string(sc.key)]
	return s, ok
}

// put indexes a window that find did not find.
func (x *transIndex) put(win []int32, k int, s int32, sc *pathScratch) {
	if key, ok := pack(win, k); ok {
		if x.packed == nil {
			x.packed = map[uint64]int32{}
		}
		x.packed[key] = s
		return
	}
	if x.long == nil {
		x.long = map[string]int32{}
	}
	sc.key = windowKey(sc.key[:0], win)
	x.long[string(sc.key)] = s
}

// windowKey appends the bytes of a window's codes to buf.
func windowKey(buf []byte, win []int32) []byte {
	for _, c := range win {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(c))
	}
	return buf
}

func edgeKey(from, to int32) uint64 { return uint64(uint32(from))<<32 | uint64(uint32(to)) }

// order returns the chain's order, or an *InputError for one outside
// 1..MaxMarkovOrder.
func (t *Transitions) order() (int, error) {
	k := t.Order
	if k == 0 {
		k = 1
	}
	if k < 1 || k > MaxMarkovOrder {
		return 0, badValue("Markov order", fmt.Sprint(t.Order), fmt.Errorf("%w 1..%d", ErrOutOfRange, MaxMarkovOrder))
	}
	return k, nil
}

// check reports state that no sequence of Add calls can produce: an order
// out of range, per-state slices of different lengths, too many states,
// windows that are empty, too long, duplicated or with codes outside
// Channels, edges outside States or duplicated, and when full, negative or
// non-finite counts. It rebuilds the state and edge index when stale, and
// always when full (fields set by hand may keep their lengths); otherwise,
// with a current index, it costs nothing.
func (t *Transitions) check(full bool) error {
	k, err := t.order()
	if err != nil {
		return err
	}
	ns := len(t.States)
	for i, s := range [4][]float64{t.Starts, t.Conversions, t.Value, t.Nulls} {
		if len(s) != ns {
			name := [4]string{"starts", "conversions", "value", "nulls"}[i]
			return badValue(name, fmt.Sprint(len(s)), fmt.Errorf("%w: %d %s for %d states", ErrLength, len(s), name, ns))
		}
	}
	if ns > MaxMarkovStates {
		return badValue("states", fmt.Sprint(ns), fmt.Errorf("%w: at most %d", ErrOutOfRange, MaxMarkovStates))
	}
	if full {
		t.idx.packed, t.idx.long, t.idx.edges = nil, nil, nil
		for s := range ns {
			for i, v := range [4]float64{t.Starts[s], t.Conversions[s], t.Value[s], t.Nulls[s]} {
				if err := checkCount(s, [4]string{"start count", "conversions", "value", "nulls"}[i], v); err != nil {
					return err
				}
			}
		}
		for i, e := range t.Edges {
			if err := checkCount(i, "edge count", e.Count); err != nil {
				return err
			}
		}
	}
	if ns > 0 && t.idx.size() == ns && len(t.idx.edges) == len(t.Edges) {
		return nil
	}
	nc := len(t.Channels)
	t.idx.packed, t.idx.long, t.idx.edges = nil, nil, nil
	var sc pathScratch
	for s, win := range t.States {
		if len(win) == 0 || len(win) > k {
			return badAt(s, "state window", fmt.Sprint(win), fmt.Errorf("%w: 1..%d channels", ErrOutOfRange, k))
		}
		for _, c := range win {
			if uint(c) >= uint(nc) {
				return badAt(s, "state window", fmt.Sprint(win), fmt.Errorf("%w: channel codes 0..%d", ErrOutOfRange, nc-1))
			}
		}
		if _, dup := t.idx.find(win, k, &sc); dup {
			t.idx.packed, t.idx.long = nil, nil
			return badAt(s, "state window", fmt.Sprint(win), ErrDuplicate)
		}
		t.idx.put(win, k, int32(s), &sc)
	}
	edges := make(map[uint64]int32, len(t.Edges))
	for i, e := range t.Edges {
		if uint(e.From) >= uint(ns) || uint(e.To) >= uint(ns) {
			return badAt(i, "edge", fmt.Sprintf("%d->%d", e.From, e.To), fmt.Errorf("%w: states 0..%d", ErrOutOfRange, ns-1))
		}
		ek := edgeKey(e.From, e.To)
		if _, dup := edges[ek]; dup {
			return badAt(i, "edge", fmt.Sprintf("%d->%d", e.From, e.To), ErrDuplicate)
		}
		edges[ek] = int32(i)
	}
	t.idx.edges = edges
	return nil
}

// checkChannels rebuilds the channel index when stale; duplicate or empty
// names are an error (Add and Merge match channels by name).
func (t *Transitions) checkChannels() error {
	if t.idx.channels != nil && len(t.idx.channels) == len(t.Channels) {
		return nil
	}
	m := make(map[string]int32, len(t.Channels))
	for i, c := range t.Channels {
		if c == "" {
			return badAt(i, "channel", "", ErrMissing)
		}
		if _, dup := m[c]; dup {
			return badAt(i, "channel", c, ErrDuplicate)
		}
		m[c] = int32(i)
	}
	t.idx.channels = m
	return nil
}

// pathScratch holds the buffers of one pass of adds.
type pathScratch struct {
	key   []byte
	seq   []int32
	codes []int32
}

// state returns the state of window win at order k, adding it if new.
func (t *Transitions) state(win []int32, k int, sc *pathScratch) int32 {
	if s, ok := t.idx.find(win, k, sc); ok {
		return s
	}
	s := t.newState(win)
	t.idx.put(win, k, s, sc)
	return s
}

// newState appends a state with window win and no counts (not indexed).
func (t *Transitions) newState(win []int32) int32 {
	s := int32(len(t.States))
	t.States = append(t.States, append([]int32(nil), win...))
	t.Starts = append(t.Starts, 0)
	t.Conversions = append(t.Conversions, 0)
	t.Value = append(t.Value, 0)
	t.Nulls = append(t.Nulls, 0)
	return s
}

// edge adds w journeys to the edge from → to.
func (t *Transitions) edge(from, to int32, w float64) {
	k := edgeKey(from, to)
	if e, ok := t.idx.edges[k]; ok {
		t.Edges[e].Count += w
		return
	}
	if t.idx.edges == nil {
		t.idx.edges = map[uint64]int32{}
	}
	t.idx.edges[k] = int32(len(t.Edges))
	t.Edges = append(t.Edges, Edge{from, to, w})
}

// addCodes counts one path given by channel codes, known valid, at order
// k; t's index is current. It returns an error only when the path would
// add a state beyond MaxMarkovStates, and t is then unchanged.
func (t *Transitions) addCodes(touches []int32, conv, value, nulls float64, k int, sc *pathScratch) error {
	nw := max(len(touches)-k+1, 1)
	if len(t.States)+nw > MaxMarkovStates { // may add up to nw states: look first
		n := len(t.States)
		for i := range nw {
			if _, ok := t.idx.find(touches[i:min(i+k, len(touches))], k, sc); !ok {
				if n++; n > MaxMarkovStates {
					return fmt.Errorf("%w: more than %d states at order %d", ErrOutOfRange, MaxMarkovStates, k)
				}
			}
		}
	}
	seq := sc.seq[:0]
	for i := range nw {
		s := t.state(touches[i:min(i+k, len(touches))], k, sc)
		if t.KeepRepeats || len(seq) == 0 || seq[len(seq)-1] != s {
			seq = append(seq, s)
		}
	}
	sc.seq = seq
	w := conv + nulls
	t.Starts[seq[0]] += w
	for i := 1; i < len(seq); i++ {
		t.edge(seq[i-1], seq[i], w)
	}
	last := seq[len(seq)-1]
	t.Conversions[last] += conv
	t.Value[last] += value
	t.Nulls[last] += nulls
	return nil
}

// Add counts the journeys of one path. A path without channels (ErrEmpty),
// with an empty channel name (ErrMissing), a negative (ErrNegative) or
// non-finite (ErrNonFinite) count or value, or one that would take the
// chain beyond MaxMarkovStates states (ErrOutOfRange) is an error, and so
// is a Transitions whose fields are inconsistent (see [Transitions.Merge]);
// t is then unchanged.
func (t *Transitions) Add(p Path) error {
	var sc pathScratch
	return t.add(p, &sc)
}

func (t *Transitions) add(p Path, sc *pathScratch) error {
	k, err := t.order()
	if err != nil {
		return err
	}
	if len(p.Channels) == 0 {
		return fmt.Errorf("%w: path without channels", ErrEmpty)
	}
	for i, v := range [3]float64{p.Conversions, p.Value, p.Nulls} {
		if err := checkCount(-1, [3]string{"conversions", "value", "nulls"}[i], v); err != nil {
			return err
		}
	}
	for i, c := range p.Channels {
		if c == "" {
			return badAt(i, "channel", "", ErrMissing)
		}
	}
	if err := t.check(false); err != nil {
		return err
	}
	if err := t.checkChannels(); err != nil {
		return err
	}
	nc := len(t.Channels)
	codes := sc.codes[:0]
	for _, c := range p.Channels {
		code, ok := t.idx.channels[c]
		if !ok {
			code = int32(len(t.Channels))
			t.idx.channels[c] = code
			t.Channels = append(t.Channels, strings.Clone(c))
		}
		codes = append(codes, code)
	}
	sc.codes = codes
	if err := t.addCodes(codes, p.Conversions, p.Value, p.Nulls, k, sc); err != nil {
		for _, c := range t.Channels[nc:] {
			delete(t.idx.channels, c)
		}
		t.Channels = t.Channels[:nc]
		return err
	}
	return nil
}

// addEnds adds the start and end counts of o's state s to t's state j.
func (t *Transitions) addEnds(j int32, o *Transitions, s int) {
	t.Starts[j] += o.Starts[s]
	t.Conversions[j] += o.Conversions[s]
	t.Value[j] += o.Value[s]
	t.Nulls[j] += o.Nulls[s]
}

// AddAll counts every path of seq and stops at the first bad one, whose
// error is an *[InputError] with Index its 0-based position in seq; the
// paths before it stay counted.
func (t *Transitions) AddAll(seq iter.Seq[Path]) error {
	var sc pathScratch
	i := 0
	for p := range seq {
		if err := t.add(p, &sc); err != nil {
			if ie, ok := err.(*InputError); ok {
				ie.Index = i
				return ie
			}
			return &InputError{Index: i, Field: "path", Value: strings.Join(p.Channels, ">"), Err: err}
		}
		i++
	}
	return nil
}

// Merge adds the counts of o to t, matching channels by name and states by
// their channels. Accumulators of different Order (0 and 1 are one order)
// or KeepRepeats do not merge (an error wrapping [ErrScale]); nor does one
// whose fields are inconsistent: per-state slices of different lengths
// (ErrLength), a window or edge outside its range, too many states or an
// order outside 1..MaxMarkovOrder (ErrOutOfRange), a duplicate channel,
// window or edge (ErrDuplicate), an empty channel name (ErrMissing), a
// negative or non-finite count (ErrNegative, ErrNonFinite). On error t is
// unchanged.
func (t *Transitions) Merge(o Transitions) error {
	k, err := t.order()
	if err != nil {
		return err
	}
	ko, err := o.order()
	if err != nil {
		return err
	}
	if k != ko || t.KeepRepeats != o.KeepRepeats {
		return fmt.Errorf("%w: merging transitions of order %d (keep repeats %v) into order %d (keep repeats %v)",
			ErrScale, ko, o.KeepRepeats, k, t.KeepRepeats)
	}
	if err := t.check(false); err != nil {
		return err
	}
	if err := t.checkChannels(); err != nil {
		return err
	}
	o.idx = transIndex{} // o is a copy: its index must not be shared with the caller's
	if err := o.check(true); err != nil {
		return err
	}
	if err := o.checkChannels(); err != nil {
		return err
	}
	// Count the states that are new to t before changing anything.
	code := make([]int32, len(o.Channels))
	nc := int32(len(t.Channels))
	for i, c := range o.Channels {
		if j, ok := t.idx.channels[c]; ok {
			code[i] = j
		} else {
			code[i] = nc
			nc++
		}
	}
	var sc pathScratch
	win := make([]int32, 0, k)
	newStates := 0
	for _, w := range o.States {
		win = win[:0]
		for _, c := range w {
			win = append(win, code[c])
		}
		if _, ok := t.idx.find(win, k, &sc); !ok {
			newStates++
		}
	}
	if len(t.States)+newStates > MaxMarkovStates {
		return fmt.Errorf("%w: merged transitions have more than %d states", ErrOutOfRange, MaxMarkovStates)
	}
	for i, c := range o.Channels {
		if code[i] == int32(len(t.Channels)) {
			t.idx.channels[c] = code[i]
			t.Channels = append(t.Channels, c)
		}
	}
	state := make([]int32, len(o.States))
	for s, w := range o.States {
		win = win[:0]
		for _, c := range w {
			win = append(win, code[c])
		}
		j := t.state(win, k, &sc)
		state[s] = j
		t.addEnds(j, &o, s)
	}
	for _, e := range o.Edges {
		t.edge(state[e.From], state[e.To], e.Count)
	}
	return nil
}
