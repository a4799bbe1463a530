package retention

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPeriodBits sets random events in a periodSets (through the block
// buffers, full ones applied on the way, or directly) and in a
// periodScatter (16- or 32-bit events), and reads every customer's
// periods back against a plain set.
func TestPeriodBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		m, w, n  int
		shared   bool
		buffered bool // periodSets through buffers
		narrow   bool // periodScatter in 16 bits
	}{
		{10, 7, 50, true, false, true},            // fits the cache: set directly
		{200_000, 30, 400_000, true, true, true},  // blocks of 2048 customers
		{50_000, 69, 300_000, false, true, false}, // two bitsets, blocks of 128
		{3_000, 1000, 30_000, false, true, false}, // blocks of 16, words not aligned
		{400, 9000, 20_000, true, true, false},    // blocks of 4 customers, many words
	} {
		type event struct {
			c, p int
			kind uint32
		}
		events := make([]event, c.n)
		want := make([]map[int]uint32, c.m)
		for i := range events {
			e := event{rng.IntN(c.m), rng.IntN(c.w), 3}
			if !c.shared {
				e.kind = 1 + uint32(rng.IntN(3))
			}
			events[i] = e
			if want[e.c] == nil {
				want[e.c] = map[int]uint32{}
			}
			want[e.c][e.p] |= e.kind
		}
		check := func(t *testing.T, each func(context.Context, func(starts, rets []uint64)) error) {
			words, cu := (c.w+63)/64, 0
			require.NoError(t, each(context.Background(), func(starts, rets []uint64) {
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
				cu++
			}))
			assert.Equal(t, c.m, cu)
		}
		name := fmt.Sprintf("m=%d/w=%d/shared=%v", c.m, c.w, c.shared)
		t.Run("sets/"+name, func(t *testing.T) {
			s := newPeriodSets(c.m, c.w, c.n, c.shared)
			require.Equal(t, c.buffered, s.buf != nil)
			for _, e := range events {
				s.set(e.c, e.p, e.kind)
			}
			check(t, s.each)
		})
		t.Run("scatter/"+name, func(t *testing.T) {
			s := newPeriodScatter(c.m, c.w, c.shared)
			require.Equal(t, c.narrow, s.narrow)
			for _, e := range events {
				s.count(e.c)
			}
			s.layout(len(events))
			for _, e := range events {
				s.set(e.c, e.p, e.kind)
			}
			check(t, s.each)
		})
	}
}
