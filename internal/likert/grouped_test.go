package likert

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// npsClasses are nps's three categories (0–6, 7–8, 9–10), for the tests.
func npsClasses() *Classes {
	c := &Classes{N: 3, Min: 0, Max: 10}
	for b := range c.Of {
		switch {
		case b > 10:
			c.Of[b] = 3
		case b >= 9:
			c.Of[b] = 2
		case b >= 7:
			c.Of[b] = 1
		}
	}
	return c
}

// randomInput returns n ratings in [lo, hi] and group ids in [glo, ghi].
func randomInput(rng *rand.Rand, n, lo, hi, glo, ghi int) ([]uint8, []int32) {
	r := make([]uint8, n)
	g := make([]int32, n)
	for i := range r {
		r[i] = uint8(lo + rng.IntN(hi-lo+1))
		g[i] = int32(glo + rng.IntN(ghi-glo+1))
	}
	return r, g
}

// TestCountBlock checks the hot loop (the assembly kernel where there is
// one) against the Go loop and against a plain count, cell by cell, on
// valid and invalid input of lengths around the kernel's step of 128.
func TestCountBlock(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		cls       *Classes
		numGroups int
	}{
		{npsClasses(), 1}, {npsClasses(), 1000}, {PerPoint(1, 5), 7}, {PerPoint(1, 7), 300},
		{PerPoint(0, 14), 3}, {PerPoint(240, 250), 2}, {PerPoint(0, 1), 1 << 12},
	} {
		stride := tc.cls.N
		k := newKernel(tc.numGroups, tc.cls)
		for _, n := range []int{0, 1, 127, 128, 129, 256, 1000, 4096 + 77} {
			for _, bad := range []bool{false, true} {
				name := fmt.Sprintf("%d-%d/groups=%d/n=%d/bad=%v", tc.cls.Min, tc.cls.Max, tc.numGroups, n, bad)
				r, g := randomInput(rng, n, tc.cls.Min, tc.cls.Max, 0, tc.numGroups-1)
				if bad && n > 0 {
					for range 1 + n/50 {
						i := rng.IntN(n)
						switch rng.IntN(4) {
						case 0:
							g[i] = -1 - rng.Int32N(1<<31-1)
						case 1:
							g[i] = int32(tc.numGroups + rng.IntN(1<<20))
						case 2:
							r[i] = uint8(tc.cls.Max + 1 + rng.IntN(255-tc.cls.Max+1)%max(1, 255-tc.cls.Max))
						default:
							r[i] = uint8(rng.IntN(256))
						}
					}
				}
				want := make([]uint32, (tc.numGroups+1)*stride)
				badRating := false
				for i, x := range r {
					row := min(uint32(g[i]), uint32(tc.numGroups))
					c := int(tc.cls.Of[x])
					if c == tc.cls.N { // counted anywhere in the row: the call fails
						c, badRating = 0, true
					}
					want[int(row)*stride+c]++
				}
				got := make([]uint32, len(want))
				assert.Equal(t, badRating, countBlock(r, g, got, &k), name)
				require.Equal(t, want, got, name)
				goGot := make([]uint32, len(want))
				assert.Equal(t, badRating, countBlockGo(r, g, goGot, &k), name)
				require.Equal(t, want, goGot, name)
				got16 := make([]uint16, len(want))
				assert.Equal(t, badRating, countBlock(r, g, got16, &k), name)
				goGot16 := make([]uint16, len(want))
				assert.Equal(t, badRating, countBlockGo(r, g, goGot16, &k), name)
				for i, c := range want {
					require.Equal(t, uint16(c), got16[i], "%s: uint16 cell %d", name, i)
					require.Equal(t, uint16(c), goGot16[i], "%s: uint16 cell %d", name, i)
				}
			}
		}
	}
}

// TestCountFirstBad checks that Count names the first bad element wherever
// it stands: in the kernel's part, in the tail after it, or in a later
// chunk, and with any number of goroutines.
func TestCountFirstBad(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = chunk + 3*128 + 5
	r, g := randomInput(rng, n, 1, 5, 0, 9)
	cls := PerPoint(1, 5)
	for _, at := range []int{0, 63, 64, 127, 128, n - 128 - 5, n - 1, block16 - 1, block16, block16 + 1, chunk - 1, chunk, chunk + 200} {
		for _, which := range []string{"rating", "group"} {
			for _, workers := range []int{1, 2} {
				r2, g2 := append([]uint8(nil), r...), append([]int32(nil), g...)
				if which == "rating" {
					r2[at] = 9
				} else {
					g2[at] = 10
				}
				r2[n-1], g2[n-1] = 0, -5 // a later bad element of each kind
				_, err := testErrs.Count(context.Background(), r2, g2, 10, cls, workers)
				var in *Input
				require.ErrorAs(t, err, &in, "%s at %d", which, at)
				if at == n-1 {
					assert.Equal(t, "group", in.Field, "a bad group id is named before the rating at the same index")
				} else {
					assert.Equal(t, which, in.Field, "%s at %d", which, at)
				}
				assert.Equal(t, at, in.Index, "%s at %d", which, at)
			}
		}
	}
}

// TestCountWorkers checks that the counts do not depend on the number of
// goroutines and equal a plain count, for one group (counts far past
// 65,535), 1,000 and 5,000 groups.
func TestCountWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 3<<19 + 77
	for _, numGroups := range []int{1, 1000, 5000} {
		r, g := randomInput(rng, n, 0, 10, 0, numGroups-1)
		cls := npsClasses()
		want := make([]int64, numGroups*3)
		for i, x := range r {
			want[int(g[i])*3+int(cls.Of[x])]++
		}
		for _, w := range []int{0, 1, 2, 3} {
			got, err := testErrs.Count(context.Background(), r, g, numGroups, cls, w)
			require.NoError(t, err)
			assert.Equal(t, want, got, "%d groups, workers %d", numGroups, w)
		}
	}
}
