package retention

import (
	"math"
	"slices"
)

// timeKey maps a non-negative time to a uint64 whose order is the time's
// (−0 maps to +0).
func timeKey(t float64) uint64 {
	if t == 0 {
		return 0
	}
	return math.Float64bits(t)
}

type keyed struct {
	key uint64
	idx uint32
}

// sortKeyed sorts xs by key, stably, by an LSD radix sort on 16-bit digits
// that skips the digits all keys share. Small inputs use slices.SortFunc.
func sortKeyed(xs []keyed) {
	if len(xs) < 512 {
		slices.SortStableFunc(xs, func(a, b keyed) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
		return
	}
	var and, or uint64 = math.MaxUint64, 0
	for _, x := range xs {
		and &= x.key
		or |= x.key
	}
	diff := and ^ or // the bits that vary
	buf := make([]keyed, len(xs))
	src, dst := xs, buf
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		if (diff>>shift)&0xffff == 0 {
			continue
		}
		clear(count[:])
		for _, x := range src {
			count[(x.key>>shift)&0xffff]++
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, x := range src {
			b := (x.key >> shift) & 0xffff
			dst[count[b]] = x
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
}

// sortDistinct sorts keys and removes duplicates in place.
func sortDistinct(keys []uint64) []uint64 {
	if len(keys) < 512 {
		slices.Sort(keys)
		return slices.Compact(keys)
	}
	var and, or uint64 = math.MaxUint64, 0
	for _, k := range keys {
		and &= k
		or |= k
	}
	diff := and ^ or
	buf := make([]uint64, len(keys))
	src, dst := keys, buf
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		if (diff>>shift)&0xffff == 0 {
			continue
		}
		clear(count[:])
		for _, k := range src {
			count[(k>>shift)&0xffff]++
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, k := range src {
			b := (k >> shift) & 0xffff
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	return slices.Compact(src)
}
