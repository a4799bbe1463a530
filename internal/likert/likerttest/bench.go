package likerttest

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// Sizes is the ladder of input sizes of the survey benchmarks, in ratings.
var Sizes = []int{1e3, 1e4, 1e5, 1e6, 1e7}

// BenchScore times score, a call of the package's Score, on the ratings
// data(n) as float64 at each size n of [Sizes], as the sub-benchmark
// "n=<n>" (8n bytes an operation, allocations reported).
func BenchScore(b *testing.B, data func(n int) []uint8, score func(xs []float64)) {
	for _, n := range Sizes {
		xs := Floats(data(n))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				score(xs)
			}
		})
	}
}

// BenchData returns the input of the survey benchmarks: n byte ratings
// min, min+1, … drawn with the given shares (rating min+i with probability
// shares[i] over their sum), and n segment ids uniform on [0, groups), from
// the PCG seed (20261123, stream). It is not peer_survey.py's exact data
// (NumPy's generator is not reproduced); see [PeerData] for that.
func BenchData(n, groups, min int, shares []float64, stream uint64) ([]uint8, []int32) {
	rng := rand.New(rand.NewPCG(20261123, stream))
	cdf := make([]float64, len(shares))
	s := 0.0
	for i, p := range shares {
		s += p
		cdf[i] = s
	}
	last := len(shares) - 1
	ratings, segs := make([]uint8, n), make([]int32, n)
	for i := range ratings {
		u := rng.Float64() * s
		r := 0
		for r < last && u >= cdf[r] {
			r++
		}
		ratings[i] = uint8(min + r)
		segs[i] = int32(rng.IntN(groups))
	}
	return ratings, segs
}

// PeerData reads the exact arrays of `peer_survey.py --write-data DIR` when
// CXKIT_SURVEY_DATA=DIR is set: the byte ratings of the file name and the
// little-endian int32 segment ids of segments.i32. ok is false, and the
// slices nil, when the variable is not set.
func PeerData(b *testing.B, name string) (ratings []uint8, segs []int32, ok bool) {
	dir := os.Getenv("CXKIT_SURVEY_DATA")
	if dir == "" {
		return nil, nil, false
	}
	ratings, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "segments.i32"))
	if err != nil {
		b.Fatal(err)
	}
	segs = make([]int32, len(raw)/4)
	for i := range segs {
		segs[i] = int32(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return ratings, segs, true
}
