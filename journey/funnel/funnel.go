package funnel

import (
	"github.com/cxkit/cxkit/internal/rate"

	"github.com/cxkit/cxkit/journey"

	"context"
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"sync"
	"time"
)

// Order says how the steps of a funnel must follow each other.
type Order int

// The step orders of a funnel.
const (
	// Ordered: after the step-1 event, the earliest later occurrence of
	// step 2, then of step 3, …; other events may come in between.
	Ordered Order = iota
	// Strict: the steps are consecutive events of the customer's stream, with
	// no other event between two steps.
	Strict
	// Unordered: the steps in any order; a customer's count is the number of
	// distinct steps done within the window.
	Unordered
)

// Exclusion discards a funnel attempt in which the event Event occurs
// strictly between the attempt's steps From and To (0-based, From < To). When
// the attempt never reached step To, the interval ends at the time of step 1
// plus the window.
//
// JSON keys: event, from, to.
type Exclusion struct {
	Event    string
	From, To int
}

// Funnel defines a conversion funnel over an event log. The zero Order is
// Ordered. Window must be positive.
//
// Semantics (those of testdata/SOURCE.md): every event that can be step 1
// starts an attempt; each attempt is followed as the Order says, each step
// strictly later than the one before and no more than Window after step 1
// (and, with StepWindows, no more than StepWindows[k] after step k-1); a
// customer counts at the furthest step any attempt reaches. The step times
// reported come from the attempt that reaches the customer's furthest step in
// the shortest total time (the earliest such attempt on a tie).
//
// JSON keys: steps, order, window, step_windows, exclusions, breakdown_by, goroutines (window and step_windows in nanoseconds, as time.Duration; Progress is not encoded).
type Funnel struct {
	Steps  []string      // event names, at least one
	Order  Order         // Ordered (zero value), Strict or Unordered
	Window time.Duration // conversion window from step 1, > 0

	// StepWindows, if not nil, has one entry per step: StepWindows[k] > 0
	// limits the time from step k-1 to step k; 0 means no limit; entry 0 is
	// ignored. Not allowed with Unordered.
	StepWindows []time.Duration

	// Exclusions discard attempts (Ordered and Strict only). A customer
	// whose attempts are all discarded leaves the funnel and is counted in
	// Result.CustomersExcluded.
	Exclusions []Exclusion

	// BreakdownBy, if not "", splits the customers by the value of this
	// attribute on their first event that can be step 1: "channel",
	// "touchpoint" or the name of a property column of the log.
	BreakdownBy string

	// Goroutines > 1 splits the customers of an ordered funnel with
	// distinct steps, no exclusions and no breakdown over that many
	// goroutines (at most MaxGoroutines); 0 or 1 means one. The result does
	// not depend on it.
	Goroutines int

	// Progress, if not nil, is called from Run's goroutine with the events
	// done and the events of the log: (0, n) when the run starts, from time
	// to time on the per-customer path, and (n, n) at the end. Not encoded.
	Progress func(done, total int)
}

// MaxGoroutines bounds Funnel.Goroutines.
const MaxGoroutines = 1024

// Step is the result for one step of a funnel.
//
// JSON keys: name, count, conversion_from_first, conversion_from_previous, drop_off, drop_off_rate, time_defined, median_seconds, mean_seconds.
type Step struct {
	Name                   string
	Count                  int     // customers who reached this step
	ConversionFromFirst    float64 // Count / Count of step 1 (NaN if no one reached step 1)
	ConversionFromPrevious float64 // Count / Count of the previous step (1 for step 1; NaN if 0/0)
	DropOff                int     // Count of the previous step − Count (0 for step 1)
	DropOffRate            float64 // DropOff / Count of the previous step (0 for step 1; NaN if 0/0)

	// TimeDefined is false for step 1 and when no customer reached the step;
	// the two times are then NaN.
	TimeDefined   bool
	MedianSeconds float64 // median time from the previous step, in seconds
	MeanSeconds   float64 // mean time from the previous step, in seconds
}

// Result is the outcome of [Funnel.Run].
//
// JSON keys: steps, median_seconds_to_convert, customers_excluded, breakdown.
type Result struct {
	Steps []Step
	// MedianSecondsToConvert is the median time from step 1 to the last step
	// over the customers who completed the funnel; NaN if none did.
	MedianSecondsToConvert float64
	CustomersExcluded      int // customers whose attempts were all excluded
	// Breakdown holds one result per value of BreakdownBy, sorted by value.
	Breakdown []Group
}

// Group is the funnel of the customers that share one breakdown value.
//
// JSON keys: value, result.
type Group struct {
	Value  string
	Result Result
}

// compiled is a funnel with step names turned into the log's codes.
type compiled struct {
	n        int
	order    Order
	window   int64
	stepWin  []int64 // per step, 0 = none
	stepOf   []int8  // name code -> step index, -1 if not a step (Ordered/Strict with distinct steps, and Unordered)
	steps    []int32 // step codes
	distinct bool
	excl     []cExcl
	ctx      context.Context // the run's context, which the kernels check between blocks
}

type cExcl struct {
	code     int32
	from, to int
}

func (f *Funnel) compile(l *journey.Log) (*compiled, error) {
	n := len(f.Steps)
	if n == 0 {
		return nil, fmt.Errorf("%w: funnel has no steps", ErrEmpty)
	}
	if n > 127 {
		return nil, fmt.Errorf("%w: %d steps, at most 127", ErrOutOfRange, n)
	}
	if f.Window <= 0 {
		return nil, badValue("window", f.Window.String(), fmt.Errorf("%w: must be positive", ErrOutOfRange))
	}
	if f.Order < Ordered || f.Order > Unordered {
		return nil, badValue("order", fmt.Sprint(int(f.Order)), ErrUnknown)
	}
	if f.Goroutines < 0 || f.Goroutines > MaxGoroutines {
		return nil, badValue("goroutines", fmt.Sprint(f.Goroutines), fmt.Errorf("%w 0..%d", ErrOutOfRange, MaxGoroutines))
	}
	c := &compiled{n: n, order: f.Order, window: int64(f.Window), steps: make([]int32, n), distinct: true, ctx: context.Background()}
	c.stepOf = make([]int8, len(l.Names))
	for i := range c.stepOf {
		c.stepOf[i] = -1
	}
	for k, s := range f.Steps {
		code, ok := l.NameCode(s)
		if !ok {
			return nil, badAt(k, "step", s, fmt.Errorf("%w: no event of that name in the log", ErrUnknown))
		}
		c.steps[k] = code
		if c.stepOf[code] >= 0 {
			c.distinct = false
		} else {
			c.stepOf[code] = int8(k)
		}
	}
	if f.Order == Unordered && !c.distinct {
		return nil, fmt.Errorf("%w: an unordered funnel needs distinct steps", ErrUnsupported)
	}
	if f.StepWindows != nil {
		if f.Order == Unordered {
			return nil, fmt.Errorf("%w: step windows need an ordered or strict funnel", ErrUnsupported)
		}
		if len(f.StepWindows) != n {
			return nil, fmt.Errorf("%w: %d step windows for %d steps", ErrLength, len(f.StepWindows), n)
		}
		c.stepWin = make([]int64, n)
		for k, w := range f.StepWindows {
			if k > 0 && w < 0 {
				return nil, badAt(k, "step window", w.String(), fmt.Errorf("%w: negative", ErrOutOfRange))
			}
			if k > 0 {
				c.stepWin[k] = int64(w)
			}
		}
	}
	for i, e := range f.Exclusions {
		if f.Order == Unordered {
			return nil, fmt.Errorf("%w: exclusions need an ordered or strict funnel", ErrUnsupported)
		}
		if e.From < 0 || e.To >= n || e.From >= e.To {
			return nil, badAt(i, "exclusion steps", fmt.Sprintf("%d..%d", e.From, e.To), fmt.Errorf("%w: want 0 ≤ from < to < %d", ErrOutOfRange, n))
		}
		code, ok := l.NameCode(e.Event)
		if !ok {
			return nil, badAt(i, "exclusion event", e.Event, fmt.Errorf("%w: not in the log", ErrUnknown))
		}
		c.excl = append(c.excl, cExcl{code: code, from: e.From, to: e.To})
	}
	return c, nil
}

// funnelAcc collects per-customer funnel results.
type funnelAcc struct {
	counts    []int
	gaps      [][]int64 // gaps[k]: step k-1 -> k, nanoseconds
	toConvert []int64
	excluded  int
}

func newAcc(n int) *funnelAcc {
	a := &funnelAcc{counts: make([]int, n), gaps: make([][]int64, n), toConvert: getBuf()}
	for k := 1; k < n; k++ {
		a.gaps[k] = getBuf()
	}
	return a
}

// bufPool recycles the gap buffers of funnel runs: a large funnel collects
// millions of gaps, and fresh memory for them on every run costs more in
// page faults than the scan itself.
var bufPool sync.Pool

func getBuf() []int64 {
	if p, ok := bufPool.Get().(*[]int64); ok {
		return (*p)[:0]
	}
	return nil
}

func putBuf(b []int64) {
	if cap(b) > 0 {
		b = b[:0]
		bufPool.Put(&b)
	}
}

// release returns the accumulator's buffers to the pool; a is unusable
// afterwards.
func (a *funnelAcc) release() {
	for _, g := range a.gaps {
		putBuf(g)
	}
	putBuf(a.toConvert)
	a.gaps, a.toConvert = nil, nil
}

// add records a customer who reached level steps with the chain times.
func (a *funnelAcc) add(level int, chain []int64) {
	for k := 0; k < level; k++ {
		a.counts[k]++
		if k > 0 {
			a.gaps[k] = append(a.gaps[k], chain[k]-chain[k-1])
		}
	}
	if level == len(a.counts) {
		a.toConvert = append(a.toConvert, chain[level-1]-chain[0])
	}
}

// Run computes the funnel on the log, which need not be sorted. Run is
// fastest on a log sorted by customer code and time (as [journey.Log.Sort] leaves
// it, or as a file in customer order reads); otherwise it sorts what it
// needs first: for an ordered funnel the step events, with a radix sort on
// the customer code; for the other kinds an index, with a counting sort.
//
// Run checks ctx between blocks of events and returns ctx.Err() soon after
// it is cancelled. Errors: ErrEmpty for a nil funnel or log or no steps;
// ErrOutOfRange for a window ≤ 0 or exclusion steps outside the funnel;
// ErrUnsupported for exclusions or step windows in an Unordered funnel;
// ErrUnknown naming a step, exclusion event or breakdown that is not in the
// log; ErrLength and ErrOutOfRange for an invalid log (see [journey.Log.Validate]).
func (f *Funnel) Run(ctx context.Context, l *journey.Log) (Result, error) {
	return f.run(ctx, l, modeFast)
}

// Evaluation modes of run; tests compare them.
const (
	modeFast    = iota // the one-pass kernel where it applies
	modeGeneral        // per customer, the dynamic programme where it applies
	modeBrute          // every attempt followed literally
)

func (f *Funnel) run(ctx context.Context, l *journey.Log, mode int) (Result, error) {
	if f == nil {
		return Result{}, fmt.Errorf("%w: nil funnel", ErrEmpty)
	}
	if err := l.CheckShape(); err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	c, err := f.compile(l)
	if err != nil {
		return Result{}, err
	}
	c.ctx = ctx
	progress := func(done int) {
		if f.Progress != nil {
			f.Progress(done, len(l.Customer))
		}
	}
	progress(0)
	total := newAcc(c.n)
	if mode == modeFast && c.order == Ordered && c.distinct && len(c.excl) == 0 && f.BreakdownBy == "" && c.n <= 63 {
		defer total.release()
		if err := runFast(c, l, total, f.Goroutines); err != nil {
			return Result{}, err
		}
		progress(len(l.Customer))
		return total.result(f.Steps), nil
	}
	defer total.release()
	if err := l.Validate(); err != nil {
		return Result{}, err
	}
	var keyOf []string
	if f.BreakdownBy != "" {
		if keyOf, err = breakdownColumn(l, f.BreakdownBy); err != nil {
			return Result{}, err
		}
	}
	g := l.ByCustomer()
	s := newScanner(c, l)
	s.brute = mode == modeBrute
	byKey := map[string]*funnelAcc{}
	defer func() {
		for _, a := range byKey {
			a.release()
		}
	}()
	for cust := 0; cust+1 < len(g.Start); cust++ {
		lo, hi := g.Start[cust], g.Start[cust+1]
		if cust%customerChunk == 0 && cust > 0 {
			if err := ctx.Err(); err != nil {
				return Result{}, err
			}
			progress(lo)
		}
		if lo == hi {
			continue
		}
		s.load(l, g.Perm, lo, hi)
		level, chain, excluded := s.run()
		if s.cancelled {
			return Result{}, ctx.Err()
		}
		acc := []*funnelAcc{total}
		if keyOf != nil && (level > 0 || excluded) {
			k := s.breakdownKey(keyOf)
			a := byKey[k]
			if a == nil {
				a = newAcc(c.n)
				byKey[k] = a
			}
			acc = append(acc, a)
		}
		for _, a := range acc {
			if excluded {
				a.excluded++
			} else if level > 0 {
				a.add(level, chain)
			}
		}
	}
	res := total.result(f.Steps)
	if keyOf != nil {
		for _, k := range slices.Sorted(maps.Keys(byKey)) {
			res.Breakdown = append(res.Breakdown, Group{Value: k, Result: byKey[k].result(f.Steps)})
		}
	}
	progress(len(l.Customer))
	return res, nil
}

// customerChunk is how many customers the per-customer funnel scans
// between two looks at its context.
const customerChunk = 1 << 12

func breakdownColumn(l *journey.Log, by string) ([]string, error) {
	switch by {
	case "channel":
		return codesToStrings(l.Channel, l.Channels), nil
	case "touchpoint":
		return codesToStrings(l.Touchpoint, l.Touchpoints), nil
	}
	col, ok := l.Props[by]
	if !ok {
		return nil, badValue("breakdown property", by, fmt.Errorf("%w: not in the log", ErrUnknown))
	}
	return col, nil
}

func codesToStrings(codes []int32, dict []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = dict[c]
	}
	return out
}

func (a *funnelAcc) result(names []string) Result {
	n := len(names)
	r := Result{Steps: make([]Step, n), CustomersExcluded: a.excluded, MedianSecondsToConvert: math.NaN()}
	for k := range r.Steps {
		s := &r.Steps[k]
		s.Name = names[k]
		s.Count = a.counts[k]
		s.ConversionFromFirst = rate.Of(a.counts[k], a.counts[0])
		s.MedianSeconds, s.MeanSeconds = math.NaN(), math.NaN()
		if k == 0 {
			s.ConversionFromPrevious = 1
			continue
		}
		s.ConversionFromPrevious = rate.Of(a.counts[k], a.counts[k-1])
		s.DropOff = a.counts[k-1] - a.counts[k]
		s.DropOffRate = rate.Of(s.DropOff, a.counts[k-1])
		if len(a.gaps[k]) > 0 {
			s.TimeDefined = true
			s.MedianSeconds = medianInt64(a.gaps[k]) / 1e9
			s.MeanSeconds = meanInt64(a.gaps[k]) / 1e9
		}
	}
	if len(a.toConvert) > 0 {
		r.MedianSecondsToConvert = medianInt64(a.toConvert) / 1e9
	}
	return r
}

// meanInt64 returns the mean of x, which must not be empty.
func meanInt64(x []int64) float64 {
	// An exact 128-bit sum: one carry chain instead of a chain of
	// floating-point additions, and no rounding until the end.
	var hi int64
	var lo uint64
	for _, v := range x {
		var c uint64
		lo, c = bits.Add64(lo, uint64(v), 0)
		hi += v>>63 + int64(c)
	}
	if hi == int64(lo)>>63 { // the sum fits in an int64
		return float64(int64(lo)) / float64(len(x))
	}
	return (float64(hi)*0x1p64 + float64(lo)) / float64(len(x))
}

// medianInt64 returns the median of x (the mean of the two middle values
// for an even count), leaving x as it is. It runs in linear time.
func medianInt64(x []int64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	hi := selectInt64(x, n/2)
	if n%2 == 1 {
		return float64(hi)
	}
	// The value of rank n/2−1 is the largest one below hi if n/2 values
	// lie below it, else hi again: one pass instead of a second selection.
	below, lo := 0, int64(math.MinInt64)
	for _, v := range x {
		lt := v < hi
		if lt {
			below++
		}
		lo = max(lo, pickInt64(lt, v, math.MinInt64))
	}
	if below < n/2 {
		lo = hi
	}
	return (float64(lo) + float64(hi)) / 2
}

// pickInt64 returns a if c, else b, without a branch.
func pickInt64(c bool, a, b int64) int64 {
	if c {
		b = a
	}
	return b
}

// selectInt64 returns the k-th smallest value of x (0-based), leaving x as
// it is: a most-significant-digit radix selection on the offsets from the
// minimum, 11 bits per pass, each pass keeping only the values of the digit
// that holds rank k (a copy first, then in place). It is linear and nearly
// free of data-dependent branches; on the funnel's million gaps it took a
// third of the time of the quickselect it replaced, whose comparisons
// mispredict.
func selectInt64(x []int64, k int) int64 {
	var buf []int64
	var hist [1 << 11]int
	for len(x) > 32 {
		lo, hi := x[0], x[0]
		for _, v := range x[1:] {
			lo, hi = min(lo, v), max(hi, v)
		}
		if lo == hi {
			return lo
		}
		shift := max(bits.Len64(uint64(hi-lo))-11, 0)
		clear(hist[:])
		for _, v := range x {
			hist[uint64(v-lo)>>shift]++
		}
		d := 0
		for k >= hist[d] {
			k -= hist[d]
			d++
		}
		if buf == nil {
			buf = make([]int64, hist[d]+1) // the last write may be one past the digit's values
		}
		m := 0
		for _, v := range x {
			buf[m] = v
			if uint64(v-lo)>>shift == uint64(d) {
				m++
			}
		}
		x, buf = buf[:m], buf[:cap(buf)]
	}
	x = slices.Clone(x)
	slices.Sort(x)
	return x[k]
}
