package retention

import (
	"context"
	"math/bits"
	"slices"
)

// periodSets holds, for Cohorts, the periods in which each customer had a
// start event and a return event: one bit per customer and period in
// packed bitsets, customer c's periods at bits c·w … c·w + w − 1. When
// every event is both a start and a return (shared) there is one bitset.
// It suits dense activity, at most 2 bytes of bits per event; sparser
// activity goes to a [periodScatter].
//
// The events arrive in any order of customers, so that setting each bit at
// once would miss the cache almost every time once the bitsets outgrow it.
// Instead the customers come in blocks of at most 2¹⁶ bits (8 KiB), and an
// event first goes to a small buffer of its block, in 16 bits (its bit in
// the block, and its kind unless shared); a full buffer sets its block's
// bits at once, a few per cache line. Bitsets that fit in 256 KiB are set
// directly.
type periodSets struct {
	start, ret []uint64 // a word past the last bit, for field
	m, w       int      // customers, and bits per customer: the periods
	shared     bool     // ret is start
	cBits      uint     // a block has 2^cBits customers
	kBits      uint     // kind bits of a buffered event: 0 when shared, else 2
	// buf[b·size …] holds block b's pending events, fill[b] of them: the
	// event's bit in the block's bits (customer in the block · w + period)
	// << kBits | kind (bit 1: start, bit 0: return). nil: no buffers.
	buf  []uint16
	fill []int
	size int
}

// newPeriodSets returns the empty bitsets of m customers over w periods,
// for n events.
func newPeriodSets(m, w, n int, shared bool) *periodSets {
	s := &periodSets{m: m, w: w, shared: shared}
	s.start = make([]uint64, (m*w+63)/64+1)
	s.ret = s.start
	if !shared {
		s.ret = make([]uint64, len(s.start))
		s.kBits = 2
	}
	s.cBits = uint(bits.Len(uint(max(1, (1<<(16-s.kBits))/w)))) - 1
	if blocks := (m-1)>>s.cBits + 1; blocks > 1 && 64*len(s.start) > 1<<21 {
		// 1,024 events (2 KiB) per block, fewer when the events spread
		// over many blocks.
		s.size = min(1<<10, n/blocks+1)
		s.buf = make([]uint16, blocks*s.size)
		s.fill = make([]int, blocks)
	}
	return s
}

// set records an event of kind (bit 1: start, bit 0: return) of customer c
// in period p.
func (s *periodSets) set(c, p int, kind uint32) {
	if s.buf == nil {
		s.setBit(c*s.w+p, kind)
		return
	}
	b := c >> s.cBits
	k := s.fill[b]
	s.buf[b*s.size+k] = uint16((c&(1<<s.cBits-1))*s.w+p)<<s.kBits | uint16(kind)&(1<<s.kBits-1)
	if k++; k < s.size {
		s.fill[b] = k
		return
	}
	s.fill[b] = 0
	s.apply(b, s.buf[b*s.size:(b+1)*s.size])
}

// apply sets the bits of block b's buffered events es.
func (s *periodSets) apply(b int, es []uint16) {
	base := b << s.cBits * s.w
	if s.shared {
		for _, e := range es {
			i := base + int(e)
			s.start[i>>6] |= 1 << (i & 63)
		}
		return
	}
	for _, e := range es {
		s.setBit(base+int(e>>2), uint32(e&3))
	}
}

// setBit sets bit i of the start bitset, the return bitset or both, as
// kind says.
func (s *periodSets) setBit(i int, kind uint32) {
	bit := uint64(1) << (i & 63)
	if kind&2 != 0 {
		s.start[i>>6] |= bit
	}
	if kind&1 != 0 {
		s.ret[i>>6] |= bit
	}
}

// each applies the events still in the buffers, then calls visit with
// every customer's start and return periods in turn (⌈w/64⌉ words each,
// period 0 at bit 0; when shared, the same slice), and stops with
// ctx.Err() once ctx is cancelled.
func (s *periodSets) each(ctx context.Context, visit func(starts, rets []uint64)) error {
	for b, k := range s.fill {
		s.apply(b, s.buf[b*s.size:b*s.size+k])
	}
	starts := make([]uint64, (s.w+63)/64)
	rets := starts
	if !s.shared {
		rets = make([]uint64, len(starts))
	}
	for c := range s.m {
		if c%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		field(starts, s.start, c*s.w, s.w)
		if !s.shared {
			field(rets, s.ret, c*s.w, s.w)
		}
		visit(starts, rets)
	}
	return nil
}

// field copies to dst the w bits of bs from bit off on (bit 0 of dst[0]
// first, the bits past w cleared); bs has a word past the last bit.
func field(dst, bs []uint64, off, w int) {
	for k := range dst {
		o := off + 64*k
		i, s := o>>6, uint(o&63)
		dst[k] = bs[i]>>s | bs[i+1]<<(64-s) // a shift by 64 gives 0
	}
	if r := w % 64; r != 0 {
		dst[len(dst)-1] &= 1<<r - 1
	}
}

// periodScatter holds, for Cohorts, the same as a [periodSets] for sparse
// activity (more than 2 bytes of bits per event): the events scattered to
// blocks of customers whose bitsets (⌈w/64⌉ words per customer) fit in a
// 256 KiB cache, each event its customer in the block | period | kind (no
// kind when shared), in 16 bits when that leaves blocks of 256 customers
// or more, else in 32. A block's bits are set when they are read, one
// block at a time.
type periodScatter struct {
	m, words     int
	shared       bool
	cBits, kBits uint // a block has 2^cBits customers; kind bits: 0 when shared, else 2
	eShift       uint // an event's customer bits start here
	narrow       bool // the events are in s16, not s32
	s16          []uint16
	s32          []uint32
	offset, pos  []int    // block b's events are [offset[b], pos[b])
	start, ret   []uint64 // one block's bits
}

// newPeriodScatter returns the empty scatter of m customers over w
// periods. Count each event's customer, call layout, then set them.
func newPeriodScatter(m, w int, shared bool) *periodScatter {
	s := &periodScatter{m: m, words: (w + 63) / 64, shared: shared}
	sets := 1
	if !shared {
		s.kBits, sets = 2, 2
	}
	s.eShift = uint(bits.Len(uint(w-1))) + s.kBits
	cBits := uint(bits.Len(uint(max(1, (1<<18)/8/(s.words*sets))))) - 1
	if s.narrow = s.eShift+8 <= 16; s.narrow {
		cBits = min(cBits, 16-s.eShift)
	}
	s.cBits = min(cBits, uint(bits.Len(uint(m-1))))
	s.start = make([]uint64, s.words<<s.cBits)
	s.ret = s.start
	if !shared {
		s.ret = make([]uint64, len(s.start))
	}
	s.offset = make([]int, (m-1)>>s.cBits+2)
	return s
}

// count counts an event of customer c, before layout.
func (s *periodScatter) count(c int) { s.offset[c>>s.cBits+1]++ }

// layout makes room for the n events counted.
func (s *periodScatter) layout(n int) {
	for b := range len(s.offset) - 1 {
		s.offset[b+1] += s.offset[b]
	}
	s.pos = slices.Clone(s.offset)
	if s.narrow {
		s.s16 = make([]uint16, n)
	} else {
		s.s32 = make([]uint32, n)
	}
}

// set records an event of kind (bit 1: start, bit 0: return) of customer c
// in period p; c was counted.
func (s *periodScatter) set(c, p int, kind uint32) {
	b := c >> s.cBits
	e := uint32(c&(1<<s.cBits-1))<<s.eShift | uint32(p)<<s.kBits | kind&(1<<s.kBits-1)
	if s.narrow {
		s.s16[s.pos[b]] = uint16(e)
	} else {
		s.s32[s.pos[b]] = e
	}
	s.pos[b]++
}

// each calls visit with every customer's start and return periods in turn,
// as [periodSets.each] does.
func (s *periodScatter) each(ctx context.Context, visit func(starts, rets []uint64)) error {
	pMask := uint32(1)<<(s.eShift-s.kBits) - 1
	for b := range len(s.offset) - 1 {
		if err := ctx.Err(); err != nil {
			return err
		}
		clear(s.start)
		clear(s.ret)
		if s.narrow {
			for _, e := range s.s16[s.offset[b]:s.pos[b]] {
				s.setEvent(uint32(e), pMask)
			}
		} else {
			for _, e := range s.s32[s.offset[b]:s.pos[b]] {
				s.setEvent(e, pMask)
			}
		}
		for c := range min(1<<s.cBits, s.m-b<<s.cBits) {
			visit(s.start[c*s.words:(c+1)*s.words], s.ret[c*s.words:(c+1)*s.words])
		}
	}
	return nil
}

// setEvent sets the bits of a scattered event in its block's bitsets.
func (s *periodScatter) setEvent(e, pMask uint32) {
	c, p := int(e>>s.eShift), int(e>>s.kBits&pMask)
	i, bit := c*s.words+p/64, uint64(1)<<(p%64)
	if s.shared || e&2 != 0 {
		s.start[i] |= bit
	}
	if !s.shared && e&1 != 0 {
		s.ret[i] |= bit
	}
}
