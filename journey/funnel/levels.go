package funnel

import (
	"math"
	"slices"
)

// The ordered funnel level by level, for a log whose events are in strict
// (customer, time) order.
//
// The ladder (see ladder) keeps, per level k, the latest attempt that has
// completed steps 1 … k+1 and waits for step k+2; an event of step k+2
// takes that attempt on (if the windows allow) and leaves level k empty.
// Only two kinds of events touch level k: arrivals there (step k+1 events
// that moved an attempt on) and step-(k+2) events. So an event of step k+2
// moves an attempt on exactly when, among the customer's arrivals at level
// k and step-(k+2) events, the one just before it is an arrival: a rule
// about neighbours, with no state to carry.
//
// For steps 1 and 2, which are most of the events of a real log and come
// in a random mix, levelKernel applies the rule to each pair of neighbours
// in the stream of step-1 and step-2 events without a branch. The arrivals
// at level 1 it finds, and the events of later steps, are few in
// comparison; one ladder pass over the later events (climb) takes them on.
// Last, each customer's furthest level and best attempt (the fastest
// there, the first of equals, as the ladder chooses) give the counts and
// the gaps.

// levelBlock is the number of events levelKernel checks and splits at a
// time.
const levelBlock = 1 << 10

// arrival is an attempt that has just reached a level: the event's time
// and position, the customer, and the times of the attempt's step 1 and (at
// level 2 and up) of its step before this one. pos and cust are next to
// each other: assembly writes them as one word.
type arrival struct {
	t, start, prev int64
	pos, cust      int32
}

// stepEvent is an event of step 3 or later: its time, position, customer,
// step (0-based), and where the arrivals at level 1 stood when it came.
type stepEvent struct {
	t               int64
	pos, cust, step int32
	arr             int32 // how many arrivals at level 1 came before it (in levelRun.a1)
}

// levelKernel computes the funnel into acc when the log's events are in
// strict (customer code, time) order. It returns false, with acc
// unchanged, if they are not: two events of a customer at the same time,
// time going back within a customer, or a customer code going down (or a
// name code that is not in the log's names). It also returns false when
// the run's context is done, which it looks at every kernelChunk events.
//
// It reads the log in blocks of levelBlock events; the arrivals at level 1
// and the later steps' events it collects go through the later levels
// whenever about levelChunk of them are complete (their customer has no
// more events), so its memory stays small.
func levelKernel(c *compiled, cust []int32, t []int64, name []int32, acc *funnelAcc) bool {
	n := len(cust)
	if n >= 1<<31-1 {
		return false // positions are int32
	}
	t = t[:n]
	name = name[:n]
	r := &levelRun{c: c, parts: newAcc(c.n)}
	steps := make([]uint64, levelBlock)
	st := newPairState()
	_, lim := c.secondStep()
	tab := c.stepTable()
	prevC, prevT := int32(-1), int64(0)
	for lo := 0; lo < n; lo += levelBlock {
		if lo%kernelChunk == 0 && c.ctx.Err() != nil {
			r.parts.release()
			return false
		}
		hi := min(lo+levelBlock, n)
		ns := findSteps(name[lo:hi], cust[lo:hi], t[lo:hi], tab, lo, prevC, prevT, steps)
		if ns < 0 {
			r.parts.release()
			return false
		}
		prevC, prevT = cust[hi-1], t[hi-1]
		a1, deep := slices.Grow(r.a1, ns+1), slices.Grow(r.deep, ns+1)
		na, nd := pairSteps(steps[:ns], cust, t, uint64(lim), a1[len(a1):cap(a1)], deep[len(deep):cap(deep)], &st)
		fresh := deep[len(deep) : len(deep)+nd]
		for i := range fresh {
			fresh[i].arr += int32(len(a1))
		}
		r.a1, r.deep = a1[:len(a1)+na], deep[:len(deep)+nd]
		if len(r.a1)+len(r.deep) >= levelChunk {
			r.flush(prevC)
		}
	}
	r.flush(-1)
	r.parts.counts[0] = int(st.starters)
	if c.n == 1 {
		// Every customer who started converted, in no time.
		for range int(st.starters) {
			r.parts.toConvert = append(r.parts.toConvert, 0)
		}
	}
	acc.merge([]*funnelAcc{r.parts}) // releases r.parts
	return true
}

// levelChunk is about how many arrivals and later events levelKernel
// collects before it runs the later levels on them.
const levelChunk = 1 << 14

// levelRun is levelKernel's state between blocks: what it has collected,
// the buffers of the later levels, reused from chunk to chunk, and the
// results so far (kept apart from the caller's acc until the whole log has
// passed the order check).
type levelRun struct {
	c       *compiled
	a1      []arrival
	deep    []stepEvent
	levels  [][]arrival // the arrivals at each level
	parent  [][]int32   // for each arrival at level k ≥ 2, its index at k−1
	latest  []int32     // climb's state
	stepWin []uint64    // per step, its step window, MaxUint64 for none
	carry   [2][]int32
	further []int32
	parts   *funnelAcc
}

// flush runs the later levels on what has been collected for customers
// other than cur (−1: all) and keeps the rest.
func (r *levelRun) flush(cur int32) {
	ia, id := len(r.a1), len(r.deep)
	for ia > 0 && r.a1[ia-1].cust == cur {
		ia--
	}
	for id > 0 && r.deep[id-1].cust == cur {
		id--
	}
	if r.c.n > 1 {
		r.run(r.a1[:ia], r.deep[:id])
	}
	r.a1 = r.a1[:copy(r.a1, r.a1[ia:])]
	r.deep = r.deep[:copy(r.deep, r.deep[id:])]
	for i := range r.deep {
		r.deep[i].arr -= int32(ia)
	}
}

// run applies the neighbour rule level by level from the arrivals at level
// 1 and the later steps' events of complete customers, and records them.
func (r *levelRun) run(a1 []arrival, deep []stepEvent) {
	n := r.c.n
	if r.levels == nil {
		r.levels = make([][]arrival, n)
		r.parent = make([][]int32, n)
		r.latest = make([]int32, n)
		r.stepWin = make([]uint64, n)
		for k := range r.stepWin {
			r.stepWin[k] = uint64(r.c.stepWinOf(k))
			if r.stepWin[k] == 0 {
				r.stepWin[k] = math.MaxUint64
			}
		}
	}
	r.levels[1] = a1
	for k := 2; k < n; k++ {
		r.levels[k], r.parent[k] = r.levels[k][:0], r.parent[k][:0]
	}
	r.climb(a1, deep)
	r.record()
}

// climb applies the neighbour rule to the later steps' events, in log
// order, in one pass: level k holds the latest arrival there (latest[k],
// an index into levels[k], −1 for none), which an event of step k+1 takes
// on if the windows allow, and leaves empty either way. At level 1 the
// latest arrival is the one before the event's arr count; it is still
// there if no step-3 event came after it (taken counts how far they took).
func (r *levelRun) climb(a1 []arrival, deep []stepEvent) {
	window := uint64(r.c.window)
	latest := r.latest
	for k := range latest {
		latest[k] = -1
	}
	taken := int32(0)
	for _, e := range deep {
		m := int(e.step)
		var a *arrival
		var up int32
		if m == 2 {
			up = e.arr - 1
			if up >= taken && a1[up].cust == e.cust {
				a = &a1[up]
			}
			taken = e.arr
		} else {
			up = latest[m-1]
			if up >= 0 && r.levels[m-1][up].cust == e.cust {
				a = &r.levels[m-1][up]
			}
			latest[m-1] = -1
		}
		if a != nil && uint64(e.t-a.start) <= window && uint64(e.t-a.t) <= r.stepWin[m] {
			latest[m] = int32(len(r.levels[m]))
			r.levels[m] = append(r.levels[m], arrival{t: e.t, start: a.start, prev: a.t, pos: e.pos, cust: e.cust})
			r.parent[m] = append(r.parent[m], up)
		}
	}
}

// stepTable is, per name code, the step index (0-based) of the name, 255
// for a name that is not a step; vec is the same for the first 32 codes,
// padded with 255, for the vector loop of findSteps.
type stepTable struct {
	of  []uint8
	vec [32]uint32
}

func (c *compiled) stepTable() *stepTable {
	t := &stepTable{of: make([]uint8, len(c.stepOf))}
	for k := range t.vec {
		t.vec[k] = 255
	}
	for code, m := range c.stepOf {
		t.of[code] = uint8(m)
		if code < len(t.vec) {
			t.vec[code] = uint32(uint8(m))
		}
	}
	return t
}

// stepWinOf returns the step window of step k (0-based), 0 for none.
func (c *compiled) stepWinOf(k int) int64 {
	if c.stepWin == nil {
		return 0
	}
	return c.stepWin[k]
}

// b2u is 1 for true and 0 for false, without a branch.
func b2u(b bool) uint32 {
	var u uint32
	if b {
		u = 1
	}
	return u
}

// findStepsGo checks that the events (cust, t) are in strict (customer,
// time) order, the first one after (prevC, prevT), and lists the step
// events among them in steps (which must be as long), as position |
// step<<32; base is the first event's position. It returns how many steps
// there are, or −1 if the order is broken or a name code is not in stepOf.
// It writes every event and moves the end on only for a step, so that the
// random mix of events costs no branch. findSteps is the same, in assembly
// where there is a version for the machine.
func findStepsGo(name, cust []int32, t []int64, stepOf []uint8, base int, prevC int32, prevT int64, steps []uint64) int {
	cust = cust[:len(name)]
	t = t[:len(name)]
	steps = steps[:len(name)]
	var bad uint32
	n := 0
	for i, code := range name {
		if uint(code) >= uint(len(stepOf)) {
			return -1
		}
		c, ti := cust[i], t[i]
		bad |= b2u(c < prevC) | b2u(c == prevC)&b2u(ti <= prevT)
		prevC, prevT = c, ti
		m := stepOf[code]
		steps[n%len(steps)] = uint64(base+i) | uint64(m)<<32
		n += int(b2u(m != 255))
	}
	if bad != 0 {
		return -1
	}
	return n
}

// pairState carries pairSteps from block to block, with customer and step
// in one key, c<<8 | step: for the last step-1 or step-2 event, the key a
// step-2 event of the same customer has if that event was a step 1
// (c<<8 | 1; c<<8 | 0x81, which no event has, after a step 2), and its
// time; the key of the last step-1 event; and the number of customers who
// had one. Assembly reads it: all fields are int64.
type pairState struct {
	c12key, t12 int64
	last1key    int64
	starters    int64
}

func newPairState() pairState {
	return pairState{c12key: -1, last1key: -1}
}

// pairStepsGo runs over step events (from findSteps) in order. It counts
// the customers with a step 1 and applies the neighbour rule to steps 1
// and 2: a step-2 event right after a step-1 event of the same customer
// (among their step-1 and step-2 events), within lim, moves that attempt
// to level 1. It writes those arrivals (without prev, which is start at
// level 1) to a1 and the events of later steps to deep, which must have
// room for len(steps) each, and returns how many it wrote. It writes every
// event to both and moves each end on only where it should, without a
// branch. pairSteps is the same, in assembly where there is a version for
// the machine.
func pairStepsGo(steps []uint64, cust []int32, t []int64, lim uint64, a1 []arrival, deep []stepEvent, st *pairState) (na, nd int) {
	if len(steps) == 0 {
		return 0, 0
	}
	a1 = a1[:len(steps)]
	deep = deep[:len(steps)]
	c12key, t12, last1key, starters := st.c12key, st.t12, st.last1key, st.starters
	for _, x := range steps {
		p := int32(x)
		m := int64(x >> 32)
		c := cust[p]
		ti := t[p]
		a1[na%len(a1)] = arrival{t: ti, start: t12, pos: p, cust: c}
		deep[nd%len(deep)] = stepEvent{t: ti, pos: p, cust: c, step: int32(m), arr: int32(na)}
		nd += int(b2u(m >= 2))
		key := int64(c)<<8 | m
		na += int(b2u(key == c12key) & b2u(uint64(ti-t12) <= lim))
		old := last1key
		if m == 0 {
			last1key = key
		}
		starters += int64(b2u(last1key != old))
		if m < 2 {
			c12key, t12 = key+127*m+1, ti
		}
	}
	st.c12key, st.t12, st.last1key, st.starters = c12key, t12, last1key, starters
	return na, nd
}

// record adds to the results what the arrivals say: per level k ≥ 1 the
// number of customers who reached step k+1, and for each customer whose
// furthest level is k, the gaps of their best attempt there (the fastest,
// the first of equals) and, at the last step, its time to convert. It works
// from the last level down, carrying the chosen attempts to their parents,
// so that every level is read in order.
func (r *levelRun) record() {
	levels, acc := r.levels, r.parts
	last := len(levels) - 1
	carry, next := r.carry[0][:0], r.carry[1][:0] // chosen attempts passing through the level
	for k := last; k >= 2; k-- {
		lv, par := levels[k], r.parent[k]
		gaps, conv := acc.gaps[k], acc.toConvert
		next = next[:0]
		for _, j := range carry {
			gaps = append(gaps, lv[j].t-lv[j].prev)
			next = append(next, par[j])
		}
		var deeper []arrival
		if k < last {
			deeper = levels[k+1]
		}
		q, count := 0, 0
		for g := 0; g < len(lv); {
			c := lv[g].cust
			best := g
			h := g + 1
			for ; h < len(lv) && lv[h].cust == c; h++ {
				if lv[h].t-lv[h].start < lv[best].t-lv[best].start {
					best = h
				}
			}
			count++
			for q < len(deeper) && deeper[q].cust < c {
				q++
			}
			if q == len(deeper) || deeper[q].cust != c {
				b := &lv[best]
				gaps = append(gaps, b.t-b.prev)
				if k == last {
					conv = append(conv, b.t-b.start)
				}
				next = append(next, par[best])
			}
			g = h
		}
		acc.gaps[k], acc.toConvert = gaps, conv
		acc.counts[k] += count
		carry, next = next, carry
	}
	a1 := levels[1]
	gaps := acc.gaps[1]
	for _, j := range carry {
		gaps = append(gaps, a1[j].t-a1[j].start)
	}
	acc.gaps[1] = gaps
	var deeper []arrival
	if last >= 2 {
		deeper = levels[2]
	}
	r.recordFirst(a1, deeper, last == 1)
	r.carry = [2][]int32{carry, next}
}

// recordFirst records the customers whose furthest level is 1, from the
// arrivals there (lv) and at level 2 (deeper); conv says level 1 is the
// last step. It is two loops without a branch on the data, each with few
// values live: one finds each customer's fastest arrival, the other drops
// the customers who went further.
func (r *levelRun) recordFirst(lv, deeper []arrival, conv bool) {
	acc := r.parts
	if len(lv) == 0 {
		return
	}
	// The customers at level 2, once each, then a stop no customer has.
	further := slices.Grow(r.further[:0], len(deeper)+1)[:len(deeper)+1]
	m := 0
	for j := range deeper {
		further[m] = deeper[j].cust
		m += int(b2u(j+1 == len(deeper)) | b2u(deeper[min(j+1, len(deeper)-1)].cust != deeper[j].cust))
	}
	further[m] = math.MaxInt32
	r.further = further

	gaps := slices.Grow(acc.gaps[1], len(lv))
	ng := len(gaps)
	gaps = gaps[:cap(gaps)]
	n, q := 0, 0
	d := int64(math.MaxInt64)
	prev := lv[0].cust - 1
	for j := range lv {
		c := lv[j].cust
		if c != prev {
			d = math.MaxInt64
		}
		d = min(d, lv[j].t-lv[j].start)
		prev = c
		end := b2u(j+1 == len(lv)) | b2u(lv[min(j+1, len(lv)-1)].cust != c)
		went := end & b2u(further[q] == c) // the customer reached level 2
		gaps[ng] = d
		ng += int(end &^ went)
		q += int(went)
		n += int(end)
	}
	acc.counts[1] += n
	fresh := gaps[len(acc.gaps[1]):ng]
	acc.gaps[1] = gaps[:ng]
	if conv {
		acc.toConvert = append(acc.toConvert, fresh...)
	}
}
