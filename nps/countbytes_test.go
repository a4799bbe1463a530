package nps

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCountBytesLoops checks CountBytes with and without its vector loop
// against a byte-by-byte count, on lengths around the 8- and 64-byte
// steps, with a bad byte (11, 128 or 255) in the vector part, in the tail
// or nowhere.
func TestCountBytesLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, vec := range []bool{true, false} {
		restore := setVectorLoop(vec)
		for trial := range 500 {
			n := []int{0, 1, 7, 8, 63, 64, 65, 127, 128, 129, 1000, 5000}[trial%12] + rng.IntN(3)
			r := make([]uint8, n)
			for i := range r {
				r[i] = uint8(rng.IntN(11))
			}
			bad := -1
			if n > 0 && trial%3 == 1 {
				bad = rng.IntN(n)
				r[bad] = []uint8{11, 128, 255}[rng.IntN(3)]
			}
			got, err := CountBytes(r)
			if bad >= 0 {
				var re *InputError
				require.ErrorAs(t, err, &re, "vector %v, trial %d", vec, trial)
				require.Equal(t, bad, re.Index, "vector %v, trial %d", vec, trial)
				continue
			}
			require.NoError(t, err)
			var want Counts
			for _, v := range r {
				switch {
				case v >= 9:
					want.Promoters++
				case v >= 7:
					want.Passives++
				default:
					want.Detractors++
				}
			}
			require.Equal(t, want, got, "vector %v, trial %d", vec, trial)
		}
		restore()
	}
}
