package funnel

import "github.com/cxkit/cxkit/journey"

// scanner runs a compiled funnel over one customer's events at a time. It
// owns its buffers and is reused from customer to customer.
type scanner struct {
	c     *compiled
	t     []int64 // the customer's event times, ascending
	nm    []int32 // their name codes
	pos   []int32 // their positions in the log (nil: base + i)
	base  int
	tBuf  []int64
	nmBuf []int32

	chain  []int64 // the chosen attempt's step times
	best   []int64
	brute  bool // always follow every attempt
	ladder *ladder
	has    []bool

	// cancelled is set when the run's context was done during a
	// customer's attempts (which can be many: one per step-1 event, each
	// scanning ahead); the result is then meaningless.
	cancelled bool
	work      int // events an attempt may have scanned since the last look at the context
}

// scanChunk bounds the events the scanner's attempts may read between two
// looks at the context.
const scanChunk = 1 << 16

// stop is called before an attempt that starts at event i; it reports
// whether the run's context is done, looking at it once the attempts since
// the last look may have read scanChunk events, and records it.
func (s *scanner) stop(i int) bool {
	if s.work += len(s.nm) - i; s.work >= scanChunk {
		s.work = 0
		if s.c.ctx.Err() != nil {
			s.cancelled = true
		}
	}
	return s.cancelled
}

func newScanner(c *compiled, l *journey.Log) *scanner {
	return &scanner{
		c: c, chain: make([]int64, c.n), best: make([]int64, c.n), has: make([]bool, c.n),
	}
}

// load points the scanner at the events lo..hi of the grouped log.
func (s *scanner) load(l *journey.Log, perm []int32, lo, hi int) {
	if perm == nil {
		s.t, s.nm, s.pos, s.base = l.Time[lo:hi], l.Name[lo:hi], nil, lo
		return
	}
	s.pos = perm[lo:hi]
	s.tBuf, s.nmBuf = s.tBuf[:0], s.nmBuf[:0]
	for _, p := range s.pos {
		s.tBuf = append(s.tBuf, l.Time[p])
		s.nmBuf = append(s.nmBuf, l.Name[p])
	}
	s.t, s.nm = s.tBuf, s.nmBuf
}

func (s *scanner) breakdownKey(keyOf []string) string {
	for i, code := range s.nm {
		k := s.c.stepOf[code]
		if (s.c.order == Unordered && k >= 0) || code == s.c.steps[0] {
			if s.pos != nil {
				return keyOf[s.pos[i]]
			}
			return keyOf[s.base+i]
		}
	}
	return ""
}

// run returns the furthest level (number of steps) the customer reached, the
// step times of the chosen attempt, and whether every attempt was excluded.
func (s *scanner) run() (level int, chain []int64, excluded bool) {
	c := s.c
	switch {
	case c.order == Unordered:
		return s.unordered()
	case !s.brute && c.order == Ordered && c.distinct && len(c.excl) == 0 && c.n <= 63 && strictlyIncreasing(s.t):
		return s.fastOrdered()
	}
	return s.attempts()
}

func strictlyIncreasing(t []int64) bool {
	for i := 1; i < len(t); i++ {
		if t[i] <= t[i-1] {
			return false
		}
	}
	return true
}

// fastOrdered is the one-pass ordered funnel (see ladder) for customers
// whose events have distinct times.
func (s *scanner) fastOrdered() (int, []int64, bool) {
	c := s.c
	if s.ladder == nil {
		s.ladder = newLadder(c)
	}
	d := s.ladder
	d.reset()
	for i, code := range s.nm {
		if m := c.stepOf[code]; m >= 0 {
			d.step(int(m), s.t[i])
		}
	}
	level, chain := d.result()
	return level, chain, false
}

// attempts follows every attempt of an ordered or strict funnel literally,
// applying exclusions; it handles repeated steps and equal timestamps.
func (s *scanner) attempts() (int, []int64, bool) {
	c := s.c
	bestLevel, bestDur := 0, int64(0)
	tried := false
	for i, code := range s.nm {
		if code != c.steps[0] {
			continue
		}
		if s.stop(i) {
			return 0, nil, false
		}
		tried = true
		start := s.t[i]
		s.chain[0] = start
		level, pos := 1, i
		for k := 1; k < c.n; k++ {
			j := s.nextStep(pos, k)
			if j < 0 {
				break
			}
			s.chain[k] = s.t[j]
			level, pos = k+1, j
		}
		if s.isExcluded(start, level) {
			continue
		}
		dur := s.chain[level-1] - start
		if level > bestLevel || (level == bestLevel && dur < bestDur) {
			bestLevel, bestDur = level, dur
			copy(s.best, s.chain[:level])
		}
	}
	if bestLevel == 0 {
		return 0, nil, tried
	}
	return bestLevel, s.best[:bestLevel], false
}

// nextStep returns the index of step k after the step matched at pos, or -1.
func (s *scanner) nextStep(pos, k int) int {
	c := s.c
	prevT := s.t[pos]
	j := -1
	if c.order == Strict {
		if pos+1 < len(s.nm) && s.nm[pos+1] == c.steps[k] && s.t[pos+1] > prevT {
			j = pos + 1
		}
	} else {
		for q := pos + 1; q < len(s.nm); q++ {
			if s.nm[q] == c.steps[k] && s.t[q] > prevT {
				j = q
				break
			}
		}
	}
	if j < 0 || s.t[j]-s.chain[0] > c.window || (c.stepWin != nil && c.stepWin[k] > 0 && s.t[j]-prevT > c.stepWin[k]) {
		return -1
	}
	return j
}

// isExcluded reports whether an exclusion event falls strictly inside one of
// the attempt's exclusion intervals.
func (s *scanner) isExcluded(start int64, level int) bool {
	for _, e := range s.c.excl {
		if level <= e.from {
			continue
		}
		lo, hi := s.chain[e.from], start+s.c.window
		if level > e.to {
			hi = s.chain[e.to]
		}
		for q, code := range s.nm {
			if code == e.code && s.t[q] > lo && s.t[q] < hi {
				return true
			}
		}
	}
	return false
}

// unordered follows every attempt of an unordered funnel: an attempt starts
// at any step event and collects each other step at its first occurrence
// strictly later and within the window.
func (s *scanner) unordered() (int, []int64, bool) {
	c := s.c
	bestLevel, bestDur := 0, int64(0)
	seen := s.has
	for i, code := range s.nm {
		m := c.stepOf[code]
		if m < 0 {
			continue
		}
		if s.stop(i) {
			return 0, nil, false
		}
		clear(seen)
		seen[m] = true
		start := s.t[i]
		s.chain[0] = start
		level := 1
		for q := i + 1; q < len(s.nm) && level < c.n; q++ {
			if s.t[q]-start > c.window {
				break
			}
			k := c.stepOf[s.nm[q]]
			if k < 0 || seen[k] || s.t[q] <= start {
				continue
			}
			seen[k] = true
			s.chain[level] = s.t[q]
			level++
		}
		dur := s.chain[level-1] - start
		if level > bestLevel || (level == bestLevel && dur < bestDur) {
			bestLevel, bestDur = level, dur
			copy(s.best, s.chain[:level])
		}
	}
	return bestLevel, s.best[:bestLevel], false
}
