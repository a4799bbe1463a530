package attribution

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/cxkit/cxkit/journey"
)

// Counting a path table's rows: what Add does row after row, with lookups
// sized for the table, in a fixed number of parts counted on up to
// GOMAXPROCS goroutines and merged in order.
//
// A state is found by direct indexing when the windows of order k over C
// channels number (C+1)^k ≤ 2¹⁸, and an edge by its origin and the last
// channel of its end (which determines the end: the next window is the
// last one shifted by one touch) when C ≤ 64, in C slots per origin state
// seen. Otherwise both use the hash index of Transitions.
//
// The parts are countParts blocks of consecutive rows (one for a small
// table), whatever the number of goroutines, and merged in row order, so
// that the result does not depend on the number of goroutines: states and
// edges are numbered by first appearance as in one pass, and every count
// is the same bit for bit as Add's when counts are whole numbers (as
// journeys are); fractional counts are summed per part, then across parts.

// countParts is the number of blocks of a table of at least countMinRows
// rows.
const (
	countParts   = 2
	countMinRows = 2 * rowChunk
)

// counter counts rows into one Transitions.
type counter struct {
	t       *Transitions
	k, base int
	dense   []int32 // window key → state + 1, or nil
	succ    []int32 // edge + 1 by origin state × C + last channel of the end
	useSucc bool
	sc      pathScratch
}

func newCounter(t *Transitions, k int) *counter {
	nc := len(t.Channels)
	c := &counter{t: t, k: k, base: nc + 1, useSucc: nc <= 64}
	if size, ok := densePow(nc+1, k, 1<<18); ok {
		c.dense = make([]int32, size)
	}
	return c
}

// densePow returns base^k if it is at most limit.
func densePow(base, k, limit int) (int, bool) {
	p := 1
	for range k {
		if p > limit/base {
			return 0, false
		}
		p *= base
	}
	return p, true
}

// state returns the state of window win, adding it if new.
func (c *counter) state(win []int32) (int32, error) {
	t := c.t
	key := 0
	if c.dense != nil {
		for _, ch := range win {
			key = key*c.base + int(ch) + 1
		}
		if s := c.dense[key] - 1; s >= 0 {
			return s, nil
		}
	} else if s, ok := t.idx.find(win, c.k, &c.sc); ok {
		return s, nil
	}
	if len(t.States) >= MaxMarkovStates {
		return 0, fmt.Errorf("%w: more than %d states at order %d", ErrOutOfRange, MaxMarkovStates, c.k)
	}
	s := t.newState(win)
	if c.dense != nil {
		c.dense[key] = s + 1
	} else {
		t.idx.put(win, c.k, s, &c.sc)
	}
	if c.useSucc {
		c.succ = append(c.succ, make([]int32, c.base-1)...)
	}
	return s, nil
}

// edge adds w journeys to the edge from → to, whose end's window ends
// with channel last.
func (c *counter) edge(from, to, last int32, w float64) {
	t := c.t
	if !c.useSucc {
		t.edge(from, to, w)
		return
	}
	slot := &c.succ[int(from)*(c.base-1)+int(last)]
	if *slot == 0 {
		t.Edges = append(t.Edges, Edge{from, to, 0})
		*slot = int32(len(t.Edges))
	}
	t.Edges[*slot-1].Count += w
}

// rows counts rows, checking ctx every rowChunk rows.
func (c *counter) rows(ctx context.Context, rows []journey.PathRow) error {
	t, k := c.t, c.k
	for i := range rows {
		if i%rowChunk == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := &rows[i]
		touches := r.Touches
		w := r.Conversions + r.Nulls
		prev := int32(-1)
		for j := range max(len(touches)-k+1, 1) {
			s := int32(-1)
			if c.dense != nil {
				key := int(touches[j]) + 1
				if k > 1 {
					key = 0
					for _, ch := range touches[j:min(j+k, len(touches))] {
						key = key*c.base + int(ch) + 1
					}
				}
				s = c.dense[key] - 1
			}
			if s < 0 {
				var err error
				if s, err = c.state(touches[j:min(j+k, len(touches))]); err != nil {
					return err
				}
			}
			switch {
			case prev < 0:
				t.Starts[s] += w
			case s == prev && !t.KeepRepeats:
				continue
			case c.useSucc: // c.edge, inline
				slot := &c.succ[int(prev)*(c.base-1)+int(touches[min(j+k, len(touches))-1])]
				if *slot == 0 {
					t.Edges = append(t.Edges, Edge{prev, s, 0})
					*slot = int32(len(t.Edges))
				}
				t.Edges[*slot-1].Count += w
			default:
				t.edge(prev, s, w)
			}
			prev = s
		}
		t.Conversions[prev] += r.Conversions
		t.Value[prev] += r.Value
		t.Nulls[prev] += r.Nulls
	}
	return nil
}

// merge adds the counts of o, counted over the same channels.
func (c *counter) merge(o *Transitions) error {
	t := c.t
	state := make([]int32, len(o.States))
	for s, win := range o.States {
		j, err := c.state(win)
		if err != nil {
			return err
		}
		state[s] = j
		t.addEnds(j, o, s)
	}
	for _, e := range o.Edges {
		to := o.States[e.To]
		c.edge(state[e.From], state[e.To], to[len(to)-1], e.Count)
	}
	return nil
}

// addTable counts every row of a valid path table into t, which has the
// table's channels and no states yet.
func (t *Transitions) addTable(ctx context.Context, pt *journey.PathTable) error {
	k, err := t.order()
	if err != nil {
		return err
	}
	defer func() { t.idx = transIndex{} }() // incomplete with direct lookups: rebuilt when needed
	c := newCounter(t, k)
	if len(pt.Rows) < countMinRows {
		return c.rows(ctx, pt.Rows)
	}
	parts := make([]*Transitions, countParts)
	errs := make([]error, countParts)
	per := (len(pt.Rows) + countParts - 1) / countParts
	count := func(p int) {
		part := t
		if p > 0 {
			part = &Transitions{Order: t.Order, KeepRepeats: t.KeepRepeats, Channels: t.Channels}
		}
		pc := c
		if p > 0 {
			pc = newCounter(part, k)
		}
		errs[p] = pc.rows(ctx, pt.Rows[p*per:min((p+1)*per, len(pt.Rows))])
		parts[p] = part
	}
	workers := min(runtime.GOMAXPROCS(0), countParts)
	next := make(chan int, countParts)
	for p := range countParts {
		next <- p
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				count(p)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, part := range parts[1:] {
		if err := c.merge(part); err != nil {
			return err
		}
	}
	return nil
}
