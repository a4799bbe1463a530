package funnel

import (
	"github.com/cxkit/cxkit/journey"

	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"
)

// The per-customer step of Run and its accumulator, for engines that group
// a log by customer themselves (a shuffle in Apache Beam or Spark, a GROUP
// BY in a database): a Stepper turns one customer's events into an
// Outcome, a Tally adds up the outcomes of a breakdown value, and tallies
// of disjoint sets of customers merge into the Result that Run gives on the
// whole log.

// Stepper runs a funnel on one customer's events at a time, with the same
// code as [Funnel.Run]. A handle, not a JSON value: it holds the compiled
// funnel and its buffers (encode the Funnel instead). It is not safe for
// concurrent use: make one per goroutine.
type Stepper struct {
	c     *compiled
	s     *scanner
	by    string           // Funnel.BreakdownBy
	codes map[string]int32 // step and exclusion names; any other name has code other
	other int32
	keyOf []string
	perm  []int   // the events' time order, when they are not in it
	t     []int64 // the times and codes in that order
	nm    []int32
}

// Stepper compiles the funnel for [Stepper.Customer]. It returns the
// errors of Run about the funnel itself (no steps, a window ≤ 0, bad step
// windows or exclusions, an unknown order); it cannot check that the steps
// occur in the log, so a step no customer has counts 0 where Run returns
// ErrUnknown. Goroutines and Progress are not used.
func (f *Funnel) Stepper() (*Stepper, error) {
	if f == nil {
		return nil, fmt.Errorf("%w: nil funnel", ErrEmpty)
	}
	// A log whose names are the funnel's own (in order of first mention)
	// gives the codes; every other name gets the one code past them.
	l := &journey.Log{}
	codes := map[string]int32{}
	name := func(s string) {
		if _, ok := codes[s]; !ok {
			codes[s] = int32(len(l.Names))
			l.Names = append(l.Names, s)
		}
	}
	for _, s := range f.Steps {
		name(s)
	}
	for _, e := range f.Exclusions {
		name(e.Event)
	}
	g := *f
	g.Goroutines = 0
	c, err := g.compile(l)
	if err != nil {
		return nil, err
	}
	other := int32(len(l.Names))
	c.stepOf = append(c.stepOf, -1)
	s := newScanner(c, l)
	return &Stepper{c: c, s: s, by: f.BreakdownBy, codes: codes, other: other}, nil
}

// Outcome is one customer's place in a funnel, from [Stepper.Customer]:
// Level is the number of steps reached (0 when the customer had no step-1
// event, or when every attempt was excluded), Times the Unix-nanosecond
// times of the steps of the chosen attempt (Level of them: the attempt that
// reaches Level fastest, the earliest of equals), Excluded whether every
// attempt was excluded, and Breakdown the customer's value of the funnel's
// BreakdownBy ("" without one, and for a customer of Level 0 who was not
// excluded: Run leaves those out of every breakdown value, and so should a
// caller that tallies outcomes per value).
//
// JSON keys: level, times, excluded, breakdown.
type Outcome struct {
	Level     int
	Times     []int64
	Excluded  bool
	Breakdown string
}

// Customer returns the outcome of one customer's events (their Customer
// field is not read), as Run finds it: the events are taken in time order,
// events at the same instant in the order given (Run takes those in log
// order). The breakdown value is read from the customer's first event that
// can be step 1 (for an Unordered funnel, the first step event): its
// Channel or Touchpoint, or the property named by BreakdownBy ("" if it
// has none). The returned Times are the Stepper's own buffer, valid until
// the next call.
//
// An event time outside the years 1678–2262 (which Unix nanoseconds cannot
// hold) is an *InputError wrapping ErrOutOfRange at the event's index.
// Customer checks ctx while it follows many attempts and returns ctx.Err()
// soon after it is cancelled.
func (st *Stepper) Customer(ctx context.Context, events []journey.Event) (Outcome, error) {
	s := st.s
	s.tBuf, s.nmBuf = s.tBuf[:0], s.nmBuf[:0]
	sorted := true
	for i := range events {
		e := &events[i]
		if e.Time.Before(minTime) || e.Time.After(maxTime) {
			return Outcome{}, badAt(i, "event time", e.Time.String(), fmt.Errorf("%w: outside the Unix nanoseconds of 1678–2262", ErrOutOfRange))
		}
		t := e.Time.UnixNano()
		sorted = sorted && (i == 0 || t >= s.tBuf[i-1])
		code, ok := st.codes[e.Name]
		if !ok {
			code = st.other
		}
		s.tBuf, s.nmBuf = append(s.tBuf, t), append(s.nmBuf, code)
	}
	st.perm = st.perm[:0]
	s.t, s.nm = s.tBuf, s.nmBuf
	if !sorted {
		for i := range events {
			st.perm = append(st.perm, i)
		}
		t := s.tBuf
		slices.SortStableFunc(st.perm, func(a, b int) int { return cmpInt64(t[a], t[b]) })
		st.t, st.nm = st.t[:0], st.nm[:0]
		for _, p := range st.perm {
			st.t, st.nm = append(st.t, s.tBuf[p]), append(st.nm, s.nmBuf[p])
		}
		s.t, s.nm = st.t, st.nm
	}
	s.pos, s.base = nil, 0
	st.c.ctx = ctx
	s.cancelled, s.work = false, 0
	level, chain, excluded := s.run()
	if s.cancelled {
		return Outcome{}, ctx.Err()
	}
	o := Outcome{Level: level, Times: chain[:level:level], Excluded: excluded}
	if st.by != "" && (level > 0 || excluded) {
		st.keyOf = st.keyOf[:0]
		for i := range events {
			p := i
			if len(st.perm) > 0 {
				p = st.perm[i]
			}
			st.keyOf = append(st.keyOf, events[p].Attribute(st.by))
		}
		o.Breakdown = s.breakdownKey(st.keyOf)
	}
	return o, nil
}

// The times an int64 of Unix nanoseconds holds.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Tally adds up customers' outcomes into a funnel [Result], as Run does for
// the whole log and for each breakdown value: per step the customers who
// reached it and the gaps from the previous step of their chosen attempts,
// the times to convert, the customers excluded. Tallies of disjoint sets of
// customers merge exactly, in any order: the Result of the merged tally is
// Run's, bit for bit (the medians and means read the gaps as a multiset).
// Its memory grows with the customers who reached step 2 (8 bytes per gap).
//
// Make one with the funnel's steps, Tally{Steps: f.Steps}. The zero Tally
// has no steps: it takes outcomes of level 0 only, and merges into or from
// a tally with steps. Not safe for concurrent use; merge per-goroutine
// tallies.
//
// JSON keys: steps, counts, gaps, to_convert, excluded.
type Tally struct {
	Steps     []string  // the funnel's step names
	Counts    []int     // per step, the customers who reached it (nil before the first Add)
	Gaps      [][]int64 // Gaps[k], k ≥ 1: per customer who reached step k+1, nanoseconds from step k to step k+1
	ToConvert []int64   // per customer who reached the last step, nanoseconds from step 1 to it
	Excluded  int       // customers whose attempts were all excluded
}

// Add records one customer's outcome. It returns an error, and leaves t as
// it was, for an outcome that no funnel of t's steps gives: a Level outside
// 0..len(Steps), Times of another length than Level or going back in time,
// or Excluded with a Level (an *InputError wrapping ErrOutOfRange), or a
// count that would overflow.
func (t *Tally) Add(o Outcome) error {
	n := len(t.Steps)
	switch {
	case o.Level < 0 || o.Level > n:
		return badValue("outcome level", fmt.Sprint(o.Level), fmt.Errorf("%w 0..%d", ErrOutOfRange, n))
	case len(o.Times) != o.Level:
		return badValue("outcome times", fmt.Sprint(len(o.Times)), fmt.Errorf("%w: %d times for level %d", ErrLength, len(o.Times), o.Level))
	case o.Excluded && o.Level > 0:
		return badValue("outcome level", fmt.Sprint(o.Level), fmt.Errorf("%w: an excluded customer has level 0", ErrOutOfRange))
	}
	for k := 1; k < o.Level; k++ {
		if d := o.Times[k] - o.Times[k-1]; d < 0 || o.Times[k] < o.Times[k-1] {
			return badAt(k, "outcome time", fmt.Sprint(o.Times[k]), fmt.Errorf("%w: before the step before it or too far from it", ErrOutOfRange))
		}
	}
	if o.Level == n && n > 0 && o.Times[n-1]-o.Times[0] < 0 {
		return badValue("outcome times", fmt.Sprint(o.Times), fmt.Errorf("%w: too far apart", ErrOutOfRange))
	}
	if o.Level == 0 && !o.Excluded {
		return nil
	}
	if (o.Level > 0 && t.count(0) == math.MaxInt) || (o.Excluded && t.Excluded == math.MaxInt) {
		return badValue("count", fmt.Sprint(math.MaxInt), fmt.Errorf("%w: the count would overflow", ErrOutOfRange))
	}
	t.ensure()
	if o.Excluded {
		t.Excluded++
		return nil
	}
	for k := range o.Level {
		t.Counts[k]++
		if k > 0 {
			t.Gaps[k] = append(t.Gaps[k], o.Times[k]-o.Times[k-1])
		}
	}
	if o.Level == n {
		t.ToConvert = append(t.ToConvert, o.Times[n-1]-o.Times[0])
	}
	return nil
}

// AddAll records every outcome of seq, stopping at the first that Add
// rejects; its error then says which (an *InputError with the 0-based
// Index in seq).
func (t *Tally) AddAll(seq iter.Seq[Outcome]) error {
	i := 0
	for o := range seq {
		if err := t.Add(o); err != nil {
			return atIndex(err, i)
		}
		i++
	}
	return nil
}

// atIndex puts the position i on an *InputError from Add.
func atIndex(err error, i int) error {
	if ie, ok := err.(*InputError); ok {
		e := *ie
		e.Index = i
		return &e
	}
	return err
}

func (t *Tally) count(k int) int {
	if k >= len(t.Counts) {
		return 0
	}
	return t.Counts[k]
}

// ensure gives t its per-step slices.
func (t *Tally) ensure() {
	if t.Counts == nil {
		t.Counts = make([]int, len(t.Steps))
	}
	if t.Gaps == nil {
		t.Gaps = make([][]int64, len(t.Steps))
	}
}

// Merge adds the customers of o (disjoint from t's) into t. It returns an
// error, and leaves t as it was, for tallies of different steps (ErrLength
// or ErrUnknown), a tally whose slices do not match its steps (ErrLength),
// negative counts or counts that would overflow
// (ErrOutOfRange). A tally without steps merges into any tally, and takes
// the steps of the one merged into it.
func (t *Tally) Merge(o Tally) error {
	if err := o.check(); err != nil {
		return err
	}
	if err := t.check(); err != nil {
		return err
	}
	if len(t.Steps) == 0 && len(o.Steps) > 0 {
		t.Steps = slices.Clone(o.Steps)
		t.Counts, t.Gaps = nil, nil
	}
	if len(o.Steps) > 0 && !slices.Equal(t.Steps, o.Steps) {
		if len(t.Steps) != len(o.Steps) {
			return fmt.Errorf("%w: merging a tally of %d steps into one of %d", ErrLength, len(o.Steps), len(t.Steps))
		}
		return fmt.Errorf("%w: merging a tally of steps %q into one of %q", ErrUnknown, o.Steps, t.Steps)
	}
	if t.Excluded > math.MaxInt-o.Excluded || t.count(0) > math.MaxInt-o.count(0) {
		return fmt.Errorf("%w: merged counts would overflow", ErrOutOfRange)
	}
	t.Excluded += o.Excluded
	if o.Counts == nil {
		return nil
	}
	t.ensure()
	for k := range t.Counts {
		t.Counts[k] += o.Counts[k]
		if k > 0 {
			t.Gaps[k] = append(t.Gaps[k], o.Gaps[k]...)
		}
	}
	t.ToConvert = append(t.ToConvert, o.ToConvert...)
	return nil
}

// check reports whether t's slices fit its steps and its counts are
// possible.
func (t *Tally) check() error {
	n := len(t.Steps)
	if t.Excluded < 0 {
		return badValue("excluded", fmt.Sprint(t.Excluded), fmt.Errorf("%w: negative", ErrOutOfRange))
	}
	if t.Counts == nil && t.Gaps == nil && t.ToConvert == nil {
		return nil
	}
	if len(t.Counts) != n || len(t.Gaps) != n {
		return fmt.Errorf("%w: a tally of %d steps with %d counts and %d gap lists", ErrLength, n, len(t.Counts), len(t.Gaps))
	}
	for k, c := range t.Counts {
		switch {
		case c < 0:
			return badAt(k, "count", fmt.Sprint(c), fmt.Errorf("%w: negative", ErrOutOfRange))
		case k > 0 && c > t.Counts[k-1]:
			return badAt(k, "count", fmt.Sprint(c), fmt.Errorf("%w: more than the step before", ErrOutOfRange))
		case k > 0 && len(t.Gaps[k]) > c:
			return badAt(k, "gaps", fmt.Sprint(len(t.Gaps[k])), fmt.Errorf("%w: more than the %d customers at the step", ErrLength, c))
		}
	}
	if n > 0 && len(t.Gaps[0]) > 0 {
		return badAt(0, "gaps", fmt.Sprint(len(t.Gaps[0])), fmt.Errorf("%w: step 1 has no gap", ErrLength))
	}
	if n > 0 && len(t.ToConvert) > t.Counts[n-1] {
		return badValue("to convert", fmt.Sprint(len(t.ToConvert)), fmt.Errorf("%w: more than the %d customers at the last step", ErrLength, t.Counts[n-1]))
	}
	return nil
}

// Result returns the funnel's result for the customers of t, as Run
// computes it (without Breakdown, which is one Result per tally). Errors:
// ErrEmpty for a tally without steps, and those of Merge for a tally whose
// slices do not fit its steps.
func (t Tally) Result() (Result, error) {
	if len(t.Steps) == 0 {
		return Result{}, fmt.Errorf("%w: tally without steps", ErrEmpty)
	}
	if err := t.check(); err != nil {
		return Result{}, err
	}
	a := funnelAcc{counts: t.Counts, gaps: t.Gaps, toConvert: t.ToConvert, excluded: t.Excluded}
	if a.counts == nil {
		a.counts, a.gaps = make([]int, len(t.Steps)), make([][]int64, len(t.Steps))
	}
	return a.result(t.Steps), nil
}
