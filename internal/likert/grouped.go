package likert

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
)

// Classes maps each byte value to a class: ratings in [Min, Max] go to the
// class Of[r] in [0, N), every other byte to the "invalid" class N. nps uses
// three classes (detractor, passive, promoter); csat and ces one class per
// scale point. Fewer classes mean a smaller count table per goroutine (for
// 1,000 groups and 3 classes, 16 KB, which stays in the L1 cache). Of must
// map every byte outside [Min, Max] to N and every rating in it below N.
type Classes struct {
	Of       [256]uint8
	N        int // number of valid classes, 1 … 15
	Min, Max int // the valid ratings, for error messages
}

// PerPoint returns the classes "one per rating" for the scale [min, max]
// (0 ≤ min < max ≤ 255, max − min < 15): rating r goes to class r − min.
func PerPoint(min, max int) *Classes {
	c := &Classes{N: max - min + 1, Min: min, Max: max}
	for b := range c.Of {
		c.Of[b] = uint8(c.N)
		if b >= min && b <= max {
			c.Of[b] = uint8(b - min)
		}
	}
	return c
}

// block bounds how many ratings one uint32 table sees before it is flushed
// into the int64 totals, so that no counter can overflow; chunk is how many
// ratings a goroutine counts between two looks at its context (a tenth of a
// millisecond of work with few groups), and bigChunk the same when the
// table passes bigTable bytes and the increments miss the cache (a few
// milliseconds at MaxGroups).
const (
	block    = 1 << 31
	chunk    = 1 << 18
	bigChunk = 1 << 15
	bigTable = 1 << 20
)

// With at most smallCells cells (1,000 groups of up to 8 classes) the
// table holds uint16 counts instead, half the bytes, so that it stays in
// the L1 cache beside the streaming input even when another thread shares
// the core; it is flushed every block16 ratings (a multiple of the
// assembly kernel's 128 below 65,536, so that no count overflows), which
// adds about one addition per 10 ratings.
const (
	smallCells = 8192
	block16    = 511 * 128
)

// MaxGroups is the largest number of groups the grouped counters accept:
// their count tables take one int64 and one uint32 per group, class and
// goroutine (up to 15 classes: about 190 MB per goroutine at MaxGroups), so
// more is refused before anything is allocated.
const MaxGroups = 1 << 20

// maxTableBytes bounds the count tables of all goroutines together (int64
// and uint32 per cell): with many groups, fewer goroutines run.
const maxTableBytes = 1 << 30

// Count validates byte ratings (through cls) and group ids (each in
// [0, numGroups)) and counts them in one pass. It returns numGroups rows of
// cls.N counts: table[g*cls.N + k] is the number of ratings of class k in
// group g. The work is split over up to workers goroutines (0 means
// GOMAXPROCS; inputs under a million ratings use one, and fewer run when
// their tables would pass maxTableBytes), each with its own
// count table, merged at the end; the result does not depend on workers.
// Each goroutine looks at ctx every [chunk] ratings ([block16] with small
// tables, [bigChunk] with big ones) and the call returns
// ctx.Err() once it is cancelled. Errors, all before anything is allocated
// or any goroutine starts: lengths that differ (e.Length), numGroups outside
// 1..[MaxGroups] (e.OutOfRange); then an *[Input] for the first bad element
// (lowest index), a rating ("rating 0 at index 7: out of range 1..5") or a
// group id ("group 12 at index 3: out of range 0..9").
func (e *Errors) Count(ctx context.Context, ratings []uint8, groups []int32, numGroups int, cls *Classes, workers int) ([]int64, error) {
	if len(ratings) != len(groups) {
		return nil, fmt.Errorf("%w: %d ratings, %d group ids", e.Length, len(ratings), len(groups))
	}
	if numGroups <= 0 || numGroups > MaxGroups {
		return nil, fmt.Errorf("%w: number of groups %d, not in %s", e.OutOfRange, numGroups, Range(1, MaxGroups))
	}
	tab, bad, err := count(ctx, ratings, groups, numGroups, cls, workers)
	if bad >= 0 {
		if g := groups[bad]; g < 0 || int(g) >= numGroups {
			return nil, &Input{Index: bad, Field: "group", Value: strconv.Itoa(int(g)), Err: Detail(e.OutOfRange, Range(0, numGroups-1))}
		}
		return nil, e.BadRating(bad, int(ratings[bad]), cls.Min, cls.Max)
	}
	return tab, err
}

// count is the counter behind [Errors.Count], after its checks. It
// returns the table, or the index of the first bad element, or ctx's error.
func count(ctx context.Context, ratings []uint8, groups []int32, numGroups int, cls *Classes, workers int) ([]int64, int, error) {
	n := len(ratings)
	stride := cls.N
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Each goroutine has its own tables: their total is held to
	// maxTableBytes, and a goroutine gets at least half a million ratings.
	workers = max(1, min(workers, maxTableBytes/((numGroups+1)*stride*12), n/(1<<19)))
	parts := make([][]int64, workers)
	bad := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w], bad[w] = countRange(ctx, ratings[lo:hi], groups[lo:hi], numGroups, cls, stride, lo)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, -1, err
	}
	for w := range workers {
		if i := bad[w]; i >= 0 {
			return nil, i, nil
		}
	}
	k := cls.N
	out := make([]int64, numGroups*k)
	for _, p := range parts {
		for g := range numGroups {
			row := out[g*k : (g+1)*k]
			src := p[g*stride : g*stride+k]
			for j := range row {
				row[j] += src[j]
			}
		}
	}
	return out, -1, nil
}

// countRange counts one contiguous part of the input into an int64 table of
// stride columns, through a uint16 table when it is small, else a uint32
// one.
func countRange(ctx context.Context, ratings []uint8, groups []int32, numGroups int, cls *Classes, stride, offset int) ([]int64, int) {
	if (numGroups+1)*stride <= smallCells {
		return countRangeT[uint16](ctx, ratings, groups, numGroups, cls, stride, offset, block16, block16)
	}
	step := chunk
	if 4*(numGroups+1)*stride > bigTable {
		step = bigChunk
	}
	return countRangeT[uint32](ctx, ratings, groups, numGroups, cls, stride, offset, step, block)
}

// countRangeT counts one contiguous part of the input into an int64 table of
// stride columns, looking at ctx every step ratings and flushing its table
// of T every flush ratings (a multiple of step). It returns the table and the absolute index of the first
// bad element (offset + position), or −1; on cancellation it returns
// (nil, −1) early. The hot loop has no test at all: a bad group id is
// counted in the extra row numGroups of the uint32 table and a bad rating
// is noted by the kernel, and both are looked for only when that table is
// flushed (once per block, and at the end).
func countRangeT[T uint16 | uint32](ctx context.Context, ratings []uint8, groups []int32, numGroups int, cls *Classes, stride, offset, step, flush int) ([]int64, int) {
	var total []int64 // allocated at the first flush: a cancelled call need not wait for it
	tab := make([]T, (numGroups+1)*stride)
	k := newKernel(numGroups, cls)
	flushed, bad := 0, false // ratings[:flushed] are in total and valid
	for start := 0; start < len(ratings); start += step {
		if ctx.Err() != nil {
			return nil, -1
		}
		end := min(start+step, len(ratings))
		bad = countBlock(ratings[start:end], groups[start:end], tab, &k) || bad
		if end%flush != 0 && end != len(ratings) {
			continue
		}
		if bad || slices.ContainsFunc(tab[numGroups*stride:], func(c T) bool { return c != 0 }) {
			return nil, offset + flushed + firstBad(ratings[flushed:end], groups[flushed:end], numGroups, cls)
		}
		if total == nil {
			total = make([]int64, numGroups*stride)
		}
		for i, c := range tab[:len(total)] {
			total[i] += int64(c)
			tab[i] = 0
		}
		flushed = end
	}
	if total == nil { // no ratings
		total = make([]int64, numGroups*stride)
	}
	return total, -1
}

// kernel holds what the hot loop needs, laid out for the assembly kernel
// (grouped_amd64.s), which reads it by offset. The rating r of group g is
// counted in the cell min(g, NG)·N + class of the table (N = cls.N), so
// that every group id outside [0, NG) (a negative int32 is a large uint32)
// lands in the extra row NG. The assembly kernel finds the class as
// Cls[d], d = min(r − Min, Clamp) (unsigned, so that r < Min wraps around
// and is clamped too), which needs Clamp = Max − Min + 1 ≤ 15; it keeps the
// largest d of each lane in Max, so that d = Clamp reveals a bad rating.
// The Go loop reads Val[r]: the class, plus 256 for a bad rating.
type kernel struct {
	NG, Min, Clamp, N uint32
	Cls               [16]uint32
	Max               [16]uint32
	Val               [256]uint16
}

func newKernel(numGroups int, cls *Classes) kernel {
	k := kernel{NG: uint32(numGroups), Min: uint32(cls.Min), Clamp: uint32(cls.Max - cls.Min + 1), N: uint32(cls.N)}
	for d := range k.Cls {
		if r := cls.Min + d; d < int(k.Clamp) && r < len(cls.Of) {
			k.Cls[d] = uint32(cls.Of[r])
		}
	}
	for r, c := range cls.Of {
		k.Val[r] = uint16(c)
		if int(c) >= cls.N {
			k.Val[r] = 256
		}
	}
	return k
}

// countBlockGo is the hot loop in Go: per rating one table lookup for its
// class, one min for its group id, one increment, and no branch. It
// reports whether it saw a bad rating.
func countBlockGo[T uint16 | uint32](ratings []uint8, groups []int32, tab []T, k *kernel) bool {
	groups = groups[:len(ratings)]
	val, ng, n := &k.Val, k.NG, k.N
	var bad uint16
	for i, r := range ratings {
		v := val[r]
		bad |= v
		tab[min(uint32(groups[i]), ng)*n+uint32(v&255)]++
	}
	return bad > 255
}

// firstBad returns the position of the first bad rating or group id, the
// slow scan after the hot loop has seen one; −1 if there is none.
func firstBad(ratings []uint8, groups []int32, numGroups int, cls *Classes) int {
	for i, r := range ratings {
		if g := groups[i]; g < 0 || int(g) >= numGroups || int(cls.Of[r]) == cls.N {
			return i
		}
	}
	return -1
}
