package segment

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestPanelKernels checks the panel kernels (AVX-512 where the machine has
// it) against their Go reference and against the scalar nearest and sqDist,
// bit for bit, for many widths, numbers of centres and data with ties.
func TestPanelKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for d := 1; d <= 19; d++ {
		for _, k := range []int{1, 2, 3, 7, 8, 9, 20} {
			for _, n := range []int{1, 7, 8, 9, 64, 133} {
				x := Matrix{Data: make([]float64, n*d), Rows: n, Cols: d}
				for i := range x.Data {
					switch rng.IntN(5) {
					case 0:
						x.Data[i] = float64(rng.IntN(3)) // ties
					case 1:
						x.Data[i] = rng.NormFloat64() * 1e150
					default:
						x.Data[i] = rng.NormFloat64()
					}
				}
				c := make([]float64, k*d)
				for j := 0; j < k; j++ {
					copy(c[j*d:(j+1)*d], x.Row(rng.IntN(n)))
					if j%3 == 2 {
						for f := range d {
							c[j*d+f] += rng.NormFloat64() * 0.1
						}
					}
				}
				xt, dp := toPanels(x), panelWidth(d)
				cp := padCenters(c, k, d, make([]float64, k*dp))
				panels := len(xt) / (8 * dp)
				lab, dist := make([]int32, panels*8), make([]float64, panels*8)
				panelNearest(xt, dp, cp, k, lab, dist)
				out := make([]float64, panels*8)
				panelDists(xt, dp, cp[(k-1)*dp:], out)
				closest := make([]float64, panels*8)
				for i := range closest {
					closest[i] = rng.ExpFloat64() * float64(d)
				}
				var acc, want laneSums
				acc[3] = 1.5
				want[3] = 1.5
				o1, o2 := make([]float64, panels*8), make([]float64, panels*8)
				panelMinSums(xt, dp, cp, closest, &acc, o1)
				minSumPanelsGo(xt, panels, dp, cp, closest, &want, o2)
				if acc != want || !reflect.DeepEqual(o1, o2) {
					t.Fatalf("d=%d k=%d n=%d: lane sums %v, reference %v", d, k, n, acc, want)
				}
				for _, withLower := range []bool{false, true} {
					cl1, cl2 := append([]float64(nil), closest...), append([]float64(nil), closest...)
					lb1, lb2 := make([]int32, len(closest)), make([]int32, len(closest))
					var lw1, lw2 []float64
					if withLower {
						lw1 = make([]float64, len(closest))
						for i := range lw1 {
							lw1[i] = closest[i] + rng.ExpFloat64()
						}
						lw2 = append([]float64(nil), lw1...)
					}
					var a1, a2 laneSums
					panelTighten(xt, dp, cp, int32(k), cl1, lb1, lw1, &a1)
					tightenPanelsGo(xt, dp, cp, int32(k), cl2, lb2, lw2, &a2)
					if a1 != a2 || !reflect.DeepEqual(cl1, cl2) || !reflect.DeepEqual(lb1, lb2) || !reflect.DeepEqual(lw1, lw2) {
						t.Fatalf("d=%d k=%d n=%d lower %v: tightenPanels differs from its reference", d, k, n, withLower)
					}
				}
				for i := 0; i < n; i++ {
					wl, wd := nearest(x.Row(i), c, k)
					if int(lab[i]) != wl || math.Float64bits(dist[i]) != math.Float64bits(wd) {
						t.Fatalf("d=%d k=%d n=%d row %d: kernel (%d, %v), scalar (%d, %v)", d, k, n, i, lab[i], dist[i], wl, wd)
					}
					if w := sqDist(x.Row(i), c[(k-1)*d:]); math.Float64bits(out[i]) != math.Float64bits(w) {
						t.Fatalf("d=%d k=%d n=%d row %d: distance %v, scalar %v", d, k, n, i, out[i], w)
					}
				}
			}
		}
	}
}

// TestVectorKernelsBitIdentical checks that whole fits give the same
// result, bit for bit, with and without the vector kernels, for both
// algorithms, 1 and 2 workers, weights, widths that are and are not
// multiples of 4 and 8, and row counts that are not multiples of 8 or of
// a chunk.
func TestVectorKernelsBitIdentical(t *testing.T) {
	was := useVector
	defer func() { useVector = was }()
	for _, tc := range []fitCase{
		{"d8 blobs", randomBlobs(1, 5003, 8, 6, 2), 6, false, 1e-4, InitKMeansPlusPlus, 3, 0},
		{"d8 weighted", randomBlobs(7, 4100, 8, 5, 3), 8, true, 1e-4, InitKMeansPlusPlus, 2, 0},
		{"d3 overlapping, strict", randomBlobs(2, 3001, 3, 4, 6), 9, false, 0, InitRandom, 2, 0},
		{"d5 weighted", randomBlobs(3, 4100, 5, 3, 3), 5, true, 1e-6, InitKMeansPlusPlus, 2, 0},
		{"d16 k20", randomBlobs(8, 6001, 16, 20, 2), 20, false, 1e-4, InitKMeansPlusPlus, 2, 0},
		{"d12 max iter 3", randomBlobs(4, 2500, 12, 5, 5), 7, false, 0, InitKMeansPlusPlus, 1, 3},
		{"d1 grid with ties", gridData(), 4, false, 0, InitRandom, 4, 0},
		{"d8 small", randomBlobs(9, 13, 8, 3, 1), 3, false, 1e-4, InitKMeansPlusPlus, 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var first Result
			for i, v := range []bool{false, canVector} {
				useVector = v
				for _, alg := range []Algorithm{Lloyd, Hamerly} {
					for _, workers := range []int{1, 2} {
						r := tc.fit(t, alg, workers)
						if i == 0 && alg == Lloyd && workers == 1 {
							first = r
							continue
						}
						if !reflect.DeepEqual(r, first) {
							t.Fatalf("vector %v, %v, %d workers: inertia %v (restart %d), want %v (restart %d)", v, alg, workers, r.Inertia, r.Restart, first.Inertia, first.Restart)
						}
					}
				}
			}
		})
	}
}
