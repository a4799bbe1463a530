package funnel

import (
	"github.com/cxkit/cxkit/journey"

	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFindSteps checks findSteps (assembly where there is a version for
// the machine: its vector loop where the machine has one, then its scalar
// loop) against findStepsGo, for few and many name codes, any length of
// block, events in order or not (a tie, time going back, a customer code
// going down, at the block's start too), and bad name codes.
func TestFindSteps(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, vec := range []bool{true, false} {
		restore := setVectorLoop(vec)
		for trial := range 600 {
			ncodes := []int{1, 7, 32, 33, 200}[trial%5]
			c := &compiled{stepOf: make([]int8, ncodes)}
			for code := range c.stepOf {
				c.stepOf[code] = -1
				if rng.IntN(3) == 0 {
					c.stepOf[code] = int8(rng.IntN(5))
				}
			}
			tab := c.stepTable()
			n := rng.IntN(levelBlock + 1)
			name, cust, tm := make([]int32, n), make([]int32, n), make([]int64, n)
			prevC, prevT := int32(rng.IntN(3)), int64(rng.IntN(100))
			cc, at := prevC, prevT
			for i := range name {
				name[i] = int32(rng.IntN(ncodes))
				if rng.IntN(4) == 0 {
					cc, at = cc+1+int32(rng.IntN(3)), int64(rng.IntN(100))
				} else {
					at += 1 + int64(rng.IntN(9))
				}
				cust[i], tm[i] = cc, at
			}
			if n > 0 {
				switch i := rng.IntN(n); trial % 6 {
				case 1:
					name[i] = []int32{-1, int32(ncodes), 1 << 30}[rng.IntN(3)]
				case 2:
					if i > 0 {
						cust[i], tm[i] = cust[i-1], tm[i-1] // a tie
					} else {
						cust[i], tm[i] = prevC, prevT
					}
				case 3:
					tm[i] -= 1000 // time going back, unless a new customer starts here
				case 4:
					cust[i] = -1 // a customer code going down
				}
			}
			base := rng.IntN(1 << 20)
			got, want := make([]uint64, n), make([]uint64, n)
			k := findSteps(name, cust, tm, tab, base, prevC, prevT, got)
			require.Equal(t, findStepsGo(name, cust, tm, tab.of, base, prevC, prevT, want), k, "vector %v, trial %d", vec, trial)
			if k > 0 {
				require.Equal(t, want[:k], got[:k], "vector %v, trial %d", vec, trial)
			}
		}
		restore()
	}
}

// TestPairSteps checks pairSteps against pairStepsGo on step streams in
// (customer, time) order, block after block.
func TestPairSteps(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for trial := range 200 {
		var cust []int32
		var tm []int64
		var steps []uint64
		for c := range int32(1 + rng.IntN(300)) {
			at := int64(rng.IntN(1000))
			for range rng.IntN(8) {
				at += 1 + int64(rng.IntN(50))
				steps = append(steps, uint64(len(cust))|uint64(rng.IntN(4))<<32)
				cust, tm = append(cust, c), append(tm, at)
			}
		}
		lim := uint64(rng.IntN(60))
		sa, sg := newPairState(), newPairState()
		for lo := 0; lo < len(steps); lo += 97 {
			block := steps[lo:min(lo+97, len(steps))]
			a1a, a1g := make([]arrival, len(block)), make([]arrival, len(block))
			da, dg := make([]stepEvent, len(block)), make([]stepEvent, len(block))
			na, nd := pairSteps(block, cust, tm, lim, a1a, da, &sa)
			ng, ndg := pairStepsGo(block, cust, tm, lim, a1g, dg, &sg)
			require.Equal(t, [2]int{ng, ndg}, [2]int{na, nd}, "trial %d", trial)
			require.Equal(t, a1g[:ng], a1a[:na], "trial %d", trial)
			require.Equal(t, dg[:ndg], da[:nd], "trial %d", trial)
			require.Equal(t, sg, sa, "trial %d", trial)
		}
	}
}

// TestLevelKernel checks the level-by-level funnel against the literal
// attempt scan on logs large enough to span many blocks and chunks, for
// one to five steps, with and without step windows, with few and with more
// than 32 event names, and that a log with ties leaves it for the other
// kernels.
func TestLevelKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	names := []string{"a", "b", "c", "d", "e", "x", "y"}
	many := slices.Clone(names) // more than 32 names: the scalar first pass
	for k := range 40 {
		many = append(many, fmt.Sprint("n", k))
	}
	for trial := range 12 {
		pool := names
		if trial%3 == 2 {
			pool = many
		}
		var events []journey.Event
		for c := range 8000 + rng.IntN(4000) {
			at := rng.IntN(600)
			for range rng.IntN(14) {
				at += 1 + rng.IntN(90)
				name := pool[rng.IntN(len(pool))]
				if rng.IntN(3) == 0 {
					name = names[rng.IntN(5)] // keep the steps frequent
				}
				events = append(events, ev(fmt.Sprint("c", c), at, name))
			}
		}
		l := journey.NewLog(events)
		require.NoError(t, l.Sort())
		n := 1 + trial%5
		f := randomFunnel(rng, names[:n], 30, 400, 100, trial%2 == 1)
		c, err := f.compile(l)
		require.NoError(t, err)
		require.True(t, levelKernel(c, l.Customer, l.Time, l.Name, newAcc(n)), "trial %d: a strictly ordered log", trial)
		want, err := f.run(bg, l, modeBrute)
		require.NoError(t, err)
		got, err := f.run(bg, l, modeFast)
		require.NoError(t, err)
		sameResult(t, want, got, fmt.Sprintf("level kernel trial %d", trial))

		i := 1 + rng.IntN(len(l.Time)-1)
		for l.Customer[i] != l.Customer[i-1] || c.stepOf[l.Name[i]] < 0 || c.stepOf[l.Name[i-1]] < 0 {
			i = 1 + rng.IntN(len(l.Time)-1)
		}
		l.Time[i] = l.Time[i-1] // a tie between two step events
		acc := newAcc(n)
		require.False(t, levelKernel(c, l.Customer, l.Time, l.Name, acc), "trial %d: a tie", trial)
		assert.Zero(t, slices.Max(acc.counts), "trial %d: acc unchanged", trial)
		want, err = f.run(bg, l, modeBrute)
		require.NoError(t, err)
		got, err = f.run(bg, l, modeFast)
		require.NoError(t, err)
		sameResult(t, want, got, fmt.Sprintf("tie trial %d", trial))
	}
}
