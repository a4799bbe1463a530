package journey

import (
	"math/bits"
	"slices"
)

// The fast path of an ordered funnel with distinct steps, no exclusions and
// no breakdown: one pass over columns arranged by customer, the per-level
// dynamic programme of scanner.fastOrdered inlined, and the literal attempt
// scan only for customers who have two events at the same time.

// runFast computes the funnel into acc. It reads the log in place when
// every customer's events already form one run in time order; otherwise it
// first arranges copies of the three columns it needs by customer with an
// LSD radix sort on the customer code (stable, so each customer's events stay
// in arrival order) and fixes the time order within customers.
func runFast(c *compiled, l *Log, acc *funnelAcc) {
	if fastOrderedKernel(c, l.Customer, l.Time, l.Name, len(l.Customers), false, acc) {
		return
	}
	acc.reset()
	cust, t, name := radixByCustomer(l.Customer, l.Time, l.Name, len(l.Customers))
	fixTimeOrder(cust, t, name)
	fastOrderedKernel(c, cust, t, name, len(l.Customers), true, acc)
}

func (a *funnelAcc) reset() {
	clear(a.counts)
	for k := range a.gaps {
		a.gaps[k] = a.gaps[k][:0]
	}
	a.toConvert = a.toConvert[:0]
	a.excluded = 0
}

// fastOrderedKernel runs the funnel over columns in which each customer's
// events are one run. When grouped is false it checks that as it goes and
// returns false, having stopped early, as soon as a customer reappears or
// time goes back within a customer.
func fastOrderedKernel(c *compiled, cust []int32, t []int64, name []int32, ncust int, grouped bool, acc *funnelAcc) bool {
	n := c.n
	stepOf := c.stepOf
	window := c.window
	stepWin := c.stepWin
	has := make([]bool, n)
	lvl := make([]int64, n*n)
	best := make([]int64, n)
	var seen []uint64
	if !grouped {
		seen = make([]uint64, (ncust+63)/64)
	}
	if cap(acc.toConvert) == 0 {
		for k := 1; k < n; k++ {
			acc.gaps[k] = make([]int64, 0, ncust)
		}
		acc.toConvert = make([]int64, 0, ncust)
	}
	slow := &scanner{c: c, chain: make([]int64, n), best: make([]int64, n), has: make([]bool, n)}
	finish := func(lo, hi int, ties bool, level int) {
		if ties {
			slow.t, slow.nm = t[lo:hi], name[lo:hi]
			var chain []int64
			level, chain, _ = slow.attempts()
			copy(best, chain)
		}
		if level > 0 {
			acc.add(level, best[:level])
		}
	}
	cur := int32(-1)
	lo := 0
	ties := false
	bestLevel, bestDur := 0, int64(0)
	var prevT int64
	for i, cc := range cust {
		ti := t[i]
		if cc != cur {
			if i > 0 {
				finish(lo, i, ties, bestLevel)
			}
			if !grouped {
				if seen[cc>>6]&(1<<(cc&63)) != 0 {
					return false
				}
				seen[cc>>6] |= 1 << (cc & 63)
			}
			cur, lo, ties = cc, i, false
			clear(has)
			bestLevel = 0
		} else if ti <= prevT {
			if ti < prevT {
				return false
			}
			ties = true
		}
		prevT = ti
		m := int(stepOf[name[i]])
		if m < 0 {
			continue
		}
		if m == 0 {
			has[0] = true
			lvl[0] = ti
			if bestLevel == 0 {
				bestLevel, best[0] = 1, ti
			}
			continue
		}
		if !has[m-1] {
			continue
		}
		has[m-1] = false
		prev := lvl[(m-1)*n : (m-1)*n+m]
		start := prev[0]
		if ti-start > window || (stepWin != nil && stepWin[m] > 0 && ti-prev[m-1] > stepWin[m]) {
			continue
		}
		next := lvl[m*n : m*n+m+1]
		copy(next, prev)
		next[m] = ti
		has[m] = true
		if m+1 > bestLevel || (m+1 == bestLevel && ti-start < bestDur) {
			bestLevel, bestDur = m+1, ti-start
			copy(best, next)
		}
	}
	if len(cust) > 0 {
		finish(lo, len(cust), ties, bestLevel)
	}
	return true
}

// radixByCustomer returns copies of the three columns ordered by customer
// code, stably, with an LSD radix sort of at most 11 bits per pass.
func radixByCustomer(cust []int32, t []int64, name []int32, ncust int) ([]int32, []int64, []int32) {
	nb := bits.Len(uint(max(ncust-1, 1)))
	passes := (nb + 10) / 11
	digit := (nb + passes - 1) / passes
	size := 1 << digit
	mask := int32(size - 1)
	counts := make([]int, passes*size)
	for _, c := range cust {
		for p := 0; p < passes; p++ {
			counts[p*size+int((c>>(p*digit))&mask)]++
		}
	}
	n := len(cust)
	srcC, srcT, srcN := cust, t, name
	dstC, dstT, dstN := make([]int32, n), make([]int64, n), make([]int32, n)
	var bufC []int32
	var bufT []int64
	var bufN []int32
	for p := 0; p < passes; p++ {
		off := counts[p*size : (p+1)*size]
		sum := 0
		for d, k := range off {
			off[d] = sum
			sum += k
		}
		shift := p * digit
		for i, c := range srcC {
			d := (c >> shift) & mask
			j := off[d]
			off[d]++
			dstC[j], dstT[j], dstN[j] = c, srcT[i], srcN[i]
		}
		if p+1 < passes {
			if bufC == nil {
				bufC, bufT, bufN = make([]int32, n), make([]int64, n), make([]int32, n)
			}
			srcC, srcT, srcN, dstC, dstT, dstN = dstC, dstT, dstN, bufC, bufT, bufN
			bufC, bufT, bufN = srcC, srcT, srcN
		}
	}
	return dstC, dstT, dstN
}

// fixTimeOrder sorts each customer's run of events by time, stably, where it
// is not in order already.
func fixTimeOrder(cust []int32, t []int64, name []int32) {
	lo := 0
	sorted := true
	for i := 1; i <= len(cust); i++ {
		if i < len(cust) && cust[i] == cust[i-1] {
			if t[i] < t[i-1] {
				sorted = false
			}
			continue
		}
		if !sorted {
			type ev struct {
				t    int64
				name int32
			}
			seg := make([]ev, i-lo)
			for k := range seg {
				seg[k] = ev{t[lo+k], name[lo+k]}
			}
			slices.SortStableFunc(seg, func(a, b ev) int {
				switch {
				case a.t < b.t:
					return -1
				case a.t > b.t:
					return 1
				}
				return 0
			})
			for k, e := range seg {
				t[lo+k], name[lo+k] = e.t, e.name
			}
		}
		lo, sorted = i, true
	}
}
