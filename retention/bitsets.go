package retention

import "math/bits"

// periodSets holds, for Cohorts, the periods in which each customer had a
// start event and a return event: one bit per customer and period in
// packed bitsets, customer c's periods at bits c·w … c·w + w − 1. When
// every event is both a start and a return (shared) there is one bitset.
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
	w          int      // bits per customer: the periods
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
	s := &periodSets{w: w, shared: shared}
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

// flush applies the events still in the buffers.
func (s *periodSets) flush() {
	for b, k := range s.fill {
		s.apply(b, s.buf[b*s.size:b*s.size+k])
		s.fill[b] = 0
	}
}

// customer copies customer c's start and return periods to starts and
// rets, ⌈w/64⌉ words each with period 0 at bit 0 (when shared, rets may be
// starts).
func (s *periodSets) customer(c int, starts, rets []uint64) {
	field(starts, s.start, c*s.w, s.w)
	if !s.shared {
		field(rets, s.ret, c*s.w, s.w)
	}
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
