package funnel

import (
	"github.com/cxkit/cxkit/internal/radix"
	"github.com/cxkit/cxkit/journey"

	"context"
	"math/bits"
	"slices"
	"sync"
)

// The fast path of an ordered funnel with distinct steps, no exclusions and
// no breakdown: one pass per customer with the dynamic programme of ladder,
// and the literal attempt scan only for customers who have two events at the
// same time.

// ladder is the one-pass ordered funnel of one customer whose events have
// distinct times. Attempts that sit at the same step move on together at the
// next occurrence of the following step, so per step only the latest-started
// attempt matters: it has the most window left and the latest step time, and
// it dominates the others for every later check. Level k holds that
// attempt's step times in lvl[k*n : k*n+k+1]; when the attempts at level
// k−1 move on, level k−1 is empty again.
type ladder struct {
	n         int
	window    int64
	stepWin   []int64
	has       uint64 // bit k: an attempt waits at level k (n ≤ 63); bit 63: started
	t0        int64  // start of the attempt at level 0
	lvl       []int64
	best      []int64 // the chosen attempt's step times
	bestLevel int
	bestDur   int64
}

func newLadder(c *compiled) *ladder {
	return &ladder{n: c.n, window: c.window, stepWin: c.stepWin, lvl: make([]int64, c.n*c.n), best: make([]int64, c.n)}
}

// reset starts a new customer.
func (d *ladder) reset() {
	d.has = 0
	d.bestLevel = 0
}

// step feeds an event of step m (0-based) at time t. It is small enough to
// be inlined into the kernels' loops, which matters: most step events either
// start an attempt or find no attempt waiting for them.
func (d *ladder) step(m int, t int64) {
	if m == 0 {
		d.has |= 1 | started
		d.t0 = t
	} else if d.has&(1<<uint(m-1)) != 0 {
		d.advance(m, t)
	}
}

// started marks in ladder.has that the customer had a step-1 event.
const started = 1 << 63

// result returns the furthest level and the chosen attempt's step times. A
// customer who only reached step 1 gets the times of their first attempt
// (only its length, 0, is ever used).
func (d *ladder) result() (int, []int64) {
	if d.bestLevel == 0 && d.has&started != 0 {
		return 1, d.best[:1]
	}
	return d.bestLevel, d.best[:d.bestLevel]
}

// advance moves the attempts waiting at level m−1 on to level m at time t,
// if the window allows.
func (d *ladder) advance(m int, t int64) {
	n := d.n
	d.has &^= 1 << (m - 1)
	d.lvl[0] = d.t0
	prev := d.lvl[(m-1)*n : (m-1)*n+m]
	start := prev[0]
	if t-start > d.window || (d.stepWin != nil && d.stepWin[m] > 0 && t-prev[m-1] > d.stepWin[m]) {
		return
	}
	next := d.lvl[m*n : m*n+m+1]
	copy(next, prev)
	next[m] = t
	d.has |= 1 << m
	if m+1 > d.bestLevel || (m+1 == d.bestLevel && t-start < d.bestDur) {
		d.bestLevel, d.bestDur = m+1, t-start
		copy(d.best, next)
	}
}

// runFast computes the funnel into acc. It reads the log in place when it
// is sorted by customer code and time: level by level (levelKernel) where
// its loops are in assembly and no two events of a customer share a time,
// else with the one-pass ladder (columnKernel). Otherwise it keeps only the step events, packed,
// arranges them by customer with an LSD radix sort on the customer code
// (stable, so each customer's events stay in arrival order) and fixes the
// time order within customers.
func runFast(c *compiled, l *journey.Log, acc *funnelAcc, goroutines int) error {
	n := len(l.Customer)
	parts := splitParts(n, goroutines, func(i int) bool { return l.Customer[i] == l.Customer[i-1] })
	accs := make([]*funnelAcc, len(parts)-1)
	ok := make([]bool, len(accs))
	for p := range accs {
		// The kernels take a negative code at the start of a part for a
		// customer; after it, a code that goes down stops them.
		if lo := parts[p]; lo < n && l.Customer[lo] < 0 {
			return l.Validate()
		}
	}
	parallel(len(accs), func(p int) {
		accs[p] = newAcc(c.n)
		lo, hi := parts[p], parts[p+1]
		cust, t, name := l.Customer[lo:hi], l.Time[lo:hi], l.Name[lo:hi]
		ok[p] = levelFirst && levelKernel(c, cust, t, name, accs[p]) || columnKernel(c, cust, t, name, accs[p])
		// A customer split between two parts means the log is not grouped.
		ok[p] = ok[p] && (hi == n || lo == hi || l.Customer[hi] > l.Customer[hi-1])
	})
	if err := c.ctx.Err(); err != nil {
		releaseAll(accs)
		return err
	}
	// The kernels checked the name codes; in a log sorted by customer the
	// customer codes are inside their dictionary when the first and last are.
	if !slices.Contains(ok, false) && (n == 0 || l.Customer[0] >= 0 && int(l.Customer[n-1]) < len(l.Customers)) {
		acc.merge(accs)
		return nil
	}
	if err := l.Validate(); err != nil {
		releaseAll(accs)
		return err
	}
	recs, spare := radixByCustomer(c.ctx, packSteps(c, l), len(l.Customers))
	defer func() { putRecs(recs); putRecs(spare) }()
	if err := c.ctx.Err(); err != nil {
		releaseAll(accs)
		return err
	}
	fixTimeOrder(recs)
	parts = splitParts(len(recs), goroutines, func(i int) bool { return recs[i].cust == recs[i-1].cust })
	parallel(len(accs), func(p int) {
		accs[p].reset()
		recordKernel(c, recs[parts[p]:parts[p+1]], accs[p])
	})
	if err := c.ctx.Err(); err != nil {
		releaseAll(accs)
		return err
	}
	acc.merge(accs)
	return nil
}

func releaseAll(accs []*funnelAcc) {
	for _, a := range accs {
		a.release()
	}
}

// kernelChunk is how many events the funnel kernels process between two
// looks at the run's context: a few milliseconds of work.
const kernelChunk = 1 << 16

// splitParts cuts n items into up to g parts of about equal size, moving
// each cut forward while sameCustomer(cut) says item cut belongs to the same
// customer as item cut−1. It returns the g+1 bounds.
func splitParts(n, g int, sameCustomer func(i int) bool) []int {
	g = max(g, 1)
	parts := []int{0}
	for p := 1; p < g; p++ {
		cut := max(n*p/g, parts[len(parts)-1])
		for cut < n && cut > 0 && sameCustomer(cut) {
			cut++
		}
		parts = append(parts, cut)
	}
	return append(parts, n)
}

// parallel runs f(0), …, f(n−1), each in its own goroutine when n > 1.
func parallel(n int, f func(p int)) {
	if n == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for p := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(p)
		}()
	}
	wg.Wait()
}

// merge adds the parts' results into a, in order, and releases the parts.
func (a *funnelAcc) merge(parts []*funnelAcc) {
	if len(parts) == 1 && a.excluded == 0 && slices.Max(a.counts) == 0 {
		a.release()
		*a = *parts[0]
		return
	}
	for _, p := range parts {
		for k := range a.counts {
			a.counts[k] += p.counts[k]
			a.gaps[k] = append(a.gaps[k], p.gaps[k]...)
		}
		a.toConvert = append(a.toConvert, p.toConvert...)
		a.excluded += p.excluded
		p.release()
	}
}

func (a *funnelAcc) reset() {
	clear(a.counts)
	for k := range a.gaps {
		a.gaps[k] = a.gaps[k][:0]
	}
	a.toConvert = a.toConvert[:0]
	a.excluded = 0
}

// finishCustomer records a customer: from the ladder d, or, when the
// customer has two step events at the same time (ties), from the literal
// attempt scan over the customer's step times and names.
func finishCustomer(d *ladder, slow *scanner, ties bool, times []int64, names []int32, acc *funnelAcc) {
	level, chain := d.result()
	if ties {
		slow.t, slow.nm = times, names
		level, chain, _ = slow.attempts()
	}
	if level > 0 {
		acc.add(level, chain[:level])
	}
}

// columnKernel runs the funnel over the log's columns when they are sorted
// by customer code and then time, which is how a log read or built in
// customer order, or sorted with Log.Sort, comes. It checks that as it goes
// and returns false, having stopped early, as soon as a customer code goes
// down (which is also how a customer reappearing shows) or time goes back
// within a customer.
//
// It is one loop over the events, customers and all (cut in chunks of
// kernelChunk events between which it looks at the context; it returns
// false when the context is done), with the ladder's
// state of the current customer in local variables. Per event it avoids
// branches on the event's name, which a random stream of events would
// mispredict: a step-1 event sets the start bit and time through the
// tables of stepMasks; only an event whose previous level has an attempt
// waiting branches off, to moveOn1 for step 2 (most of them) or to advance.
func columnKernel(c *compiled, cust []int32, t []int64, name []int32, acc *funnelAcc) bool {
	startMask, waitMask := stepMasks(c)
	masks := make([]stepMask, len(startMask))
	for code := range masks {
		masks[code] = stepMask{startMask[code], waitMask[code]}
	}
	second, lim := c.secondStep()
	d := newLadder(c)
	slow := &scanner{c: c, chain: make([]int64, c.n), best: make([]int64, c.n)}
	t = t[:len(cust)]
	name = name[:len(cust)]
	cur := int32(-1) // the current customer, whose events start at lo
	lo := 0
	ties := false
	var has uint64 // ladder.has and ladder.t0 of the current customer
	var t0 int64
	var prevT int64
	for base := 0; base < len(cust); base += kernelChunk {
		if c.ctx.Err() != nil {
			return false
		}
		end := min(base+kernelChunk, len(cust))
		cs := cust[base:end]
		ts := t[base:end]
		ns := name[base:end]
		ts, ns = ts[:len(cs)], ns[:len(cs)]
		for j, cc := range cs {
			ti := ts[j]
			if cc != cur {
				if cc < cur {
					return false
				}
				if i := base + j; i > 0 {
					d.has = has
					finishCustomer(d, slow, ties, t[lo:i], name[lo:i], acc)
				}
				cur, lo, ties = cc, base+j, false
				d.reset()
				has = 0
			} else if ti <= prevT {
				if ti < prevT {
					return false
				}
				ties = true
			}
			prevT = ti
			code := ns[j]
			if uint32(code) >= uint32(len(masks)) {
				return false // not a name of the log
			}
			mk := masks[code]
			has |= mk.start
			keep := int64(mk.start&1) - 1 // 0 for a step-1 event, all ones otherwise
			t0 = t0&keep | ti&^keep
			if has&mk.wait != 0 {
				if code == second {
					has = d.moveOn1(has, t0, ti, lim)
				} else {
					d.has, d.t0 = has, t0
					d.advance(int(c.stepOf[code]), ti)
					has = d.has
				}
			}
		}
	}
	if len(cust) > 0 {
		d.has = has
		finishCustomer(d, slow, ties, t[lo:], name[lo:], acc)
	}
	return true
}

// stepMask is stepMasks' two masks of one name code.
type stepMask struct{ start, wait uint64 }

// secondStep returns the name code of step 2 (−1 for a one-step funnel)
// and the most time step 2 may come after step 1: the window, or the step
// window of step 2 if that is shorter.
func (c *compiled) secondStep() (code int32, limit int64) {
	if c.n < 2 {
		return -1, c.window
	}
	limit = c.window
	if c.stepWin != nil && c.stepWin[1] > 0 {
		limit = min(limit, c.stepWin[1])
	}
	return c.steps[1], limit
}

// moveOn1 is advance(1, t) for the ladder state has whose attempt at level
// 0 started at t0, with lim from compiled.secondStep; it returns the new
// state. It is the most frequent move, and it skips advance's general
// slice copies (runtime calls for one or two values).
func (d *ladder) moveOn1(has uint64, t0, t, lim int64) uint64 {
	has &^= 1
	if dur := t - t0; dur <= lim {
		has |= 2
		n := d.n
		d.lvl[n], d.lvl[n+1] = t0, t
		if d.bestLevel < 2 || (d.bestLevel == 2 && dur < d.bestDur) {
			d.bestLevel, d.bestDur = 2, dur
			d.best[0], d.best[1] = t0, t
		}
	}
	return has
}

// stepMasks returns, per name code, the bits ladder.has gains from the
// event (step 1: an attempt at level 0 and the started flag) and the bit of
// the level whose attempts it would move on (steps 2 …), 0 otherwise.
func stepMasks(c *compiled) (startMask, waitMask []uint64) {
	startMask = make([]uint64, len(c.stepOf))
	waitMask = make([]uint64, len(c.stepOf))
	for code, m := range c.stepOf {
		switch {
		case m == 0:
			startMask[code] = 1 | started
		case m > 0:
			waitMask[code] = 1 << uint(m-1)
		}
	}
	return startMask, waitMask
}

// stepRec is a step event packed for sorting: time, customer code and the
// step's name code.
type stepRec struct {
	t    int64
	cust int32
	name int32
}

// recPool recycles the record buffers of the sorting path (see bufPool).
var recPool sync.Pool

func getRecs(n int) []stepRec {
	if p, ok := recPool.Get().(*[]stepRec); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]stepRec, n)
}

func putRecs(r []stepRec) {
	recPool.Put(&r)
}

// packSteps copies the log's step events into records, in log order.
func packSteps(c *compiled, l *journey.Log) []stepRec {
	n := 0
	for _, nm := range l.Name {
		if c.stepOf[nm] >= 0 {
			n++
		}
	}
	recs := getRecs(n)[:0]
	for i, nm := range l.Name {
		if c.stepOf[nm] >= 0 {
			recs = append(recs, stepRec{l.Time[i], l.Customer[i], nm})
		}
	}
	return recs
}

// recordKernel runs the funnel over step records grouped by customer and in
// time order within each customer.
func recordKernel(c *compiled, recs []stepRec, acc *funnelAcc) {
	stepOf := c.stepOf
	startMask, waitMask := stepMasks(c)
	second, lim := c.secondStep()
	d := newLadder(c)
	slow := &scanner{c: c, chain: make([]int64, c.n), best: make([]int64, c.n)}
	finish := func(lo, hi int, ties bool) {
		var ts []int64
		var ns []int32
		if ties {
			for _, r := range recs[lo:hi] {
				ts, ns = append(ts, r.t), append(ns, r.name)
			}
		}
		finishCustomer(d, slow, ties, ts, ns, acc)
	}
	cur := int32(-1)
	lo := 0
	ties := false
	var prevT int64
	for i := range recs {
		r := &recs[i]
		if i%kernelChunk == 0 && c.ctx.Err() != nil {
			return
		}
		if r.cust != cur {
			if i > 0 {
				finish(lo, i, ties)
			}
			cur, lo, ties = r.cust, i, false
			d.reset()
		} else if r.t == prevT {
			ties = true
		}
		prevT = r.t
		if sm := startMask[r.name]; sm != 0 { // as in columnKernel
			d.has |= sm
			d.t0 = r.t
		} else if d.has&waitMask[r.name] != 0 {
			if r.name == second {
				d.has = d.moveOn1(d.has, d.t0, r.t, lim)
			} else {
				d.advance(int(stepOf[r.name]), r.t)
			}
		}
	}
	if len(recs) > 0 {
		finish(lo, len(recs), ties)
	}
}

// radixByCustomer orders the records by customer code, stably, with an LSD
// radix sort of at most 11 bits per pass. It returns the sorted records and
// the other buffer (for putRecs); either may be recs.
// It stops early, leaving the records unsorted, when ctx is done.
func radixByCustomer(ctx context.Context, recs []stepRec, ncust int) (sorted, spare []stepRec) {
	nb := bits.Len(uint(max(ncust-1, 1)))
	passes := (nb + 10) / 11
	digit := (nb + passes - 1) / passes
	size := 1 << digit
	mask := int32(size - 1)
	counts := make([]int, passes*size)
	for i := range recs {
		c := recs[i].cust
		for p := 0; p < passes; p++ {
			counts[p*size+int((c>>(p*digit))&mask)]++
		}
	}
	src, dst := recs, getRecs(len(recs))
	for p := 0; p < passes; p++ {
		if ctx.Err() != nil {
			break
		}
		off := counts[p*size : (p+1)*size]
		radix.Offsets(off)
		shift := p * digit
		for _, r := range src {
			d := (r.cust >> shift) & mask
			dst[off[d]] = r
			off[d]++
		}
		src, dst = dst, src
	}
	return src, dst
}

// fixTimeOrder sorts each customer's run of records by time, stably, where
// it is not in order already.
func fixTimeOrder(recs []stepRec) {
	lo := 0
	sorted := true
	for i := 1; i <= len(recs); i++ {
		if i < len(recs) && recs[i].cust == recs[i-1].cust {
			sorted = sorted && recs[i].t >= recs[i-1].t
			continue
		}
		if !sorted {
			slices.SortStableFunc(recs[lo:i], func(a, b stepRec) int {
				switch {
				case a.t < b.t:
					return -1
				case a.t > b.t:
					return 1
				}
				return 0
			})
		}
		lo, sorted = i, true
	}
}
