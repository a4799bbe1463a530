package retention

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPeriodSets sets random events through the block buffers (full ones
// applied on the way, the rest by flush) or directly, and reads every
// customer's periods back against a plain set.
func TestPeriodSets(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		m, w, n  int
		shared   bool
		buffered bool
	}{
		{10, 7, 50, true, false},           // fits the cache: set directly
		{200_000, 30, 400_000, true, true}, // blocks of 2048 customers
		{50_000, 69, 300_000, false, true}, // two bitsets, blocks of 128
		{3_000, 1000, 30_000, false, true}, // blocks of 16, words not aligned
		{400, 9000, 20_000, true, true},    // blocks of one customer
	} {
		t.Run(fmt.Sprintf("m=%d/w=%d/shared=%v", c.m, c.w, c.shared), func(t *testing.T) {
			s := newPeriodSets(c.m, c.w, c.n, c.shared)
			require.Equal(t, c.buffered, s.buf != nil)
			want := make([]map[int]uint32, c.m)
			for range c.n {
				cu, p, kind := rng.IntN(c.m), rng.IntN(c.w), uint32(3)
				if !c.shared {
					kind = 1 + uint32(rng.IntN(3))
				}
				s.set(cu, p, kind)
				if want[cu] == nil {
					want[cu] = map[int]uint32{}
				}
				want[cu][p] |= kind
			}
			s.flush()
			words := (c.w + 63) / 64
			starts, rets := make([]uint64, words), make([]uint64, words)
			if c.shared {
				rets = starts
			}
			for cu := range c.m {
				s.customer(cu, starts, rets)
				ws, wr := make([]uint64, words), make([]uint64, words)
				for p, kind := range want[cu] {
					if kind&2 != 0 {
						ws[p/64] |= 1 << (p % 64)
					}
					if kind&1 != 0 {
						wr[p/64] |= 1 << (p % 64)
					}
				}
				require.Equal(t, ws, starts, "customer %d starts", cu)
				require.Equal(t, wr, rets, "customer %d returns", cu)
			}
		})
	}
}
