package segment

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/reftest"
)

// Benchmarks matching /work/shared/bench/peer_kmeans.py (see its README):
// the same CSV files, the same k, restarts, tolerance and starting centres.

var blobFeatures = []string{"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"}

var (
	blobs100kOnce sync.Once
	blobs100k     Matrix
	blobs100kLab  []int
	blobs1MOnce   sync.Once
	blobs1M       Matrix
	blobs1MSource string
)

func loadBlobs100k(b *testing.B) (Matrix, []int) {
	blobs100kOnce.Do(func() {
		var lab []string
		blobs100k, lab = readCSV(b, "blobs_100k_d8.csv", blobFeatures, "label")
		blobs100kLab = make([]int, len(lab))
		for i, s := range lab {
			blobs100kLab[i] = int(s[0] - '0')
		}
	})
	return blobs100k, blobs100kLab
}

// loadBlobs1M reads /tmp/blobs_1m_d8.csv when present (written by
// peer_kmeans.py --generate-1m); otherwise it generates an equivalent data
// set in memory: 8 Gaussian blobs of unit spread, centres uniform in
// [−10, 10]⁸, 1,000,000 points.
func loadBlobs1M(b *testing.B) Matrix {
	blobs1MOnce.Do(func() {
		const path = "/tmp/blobs_1m_d8.csv"
		if _, err := os.Stat(path); err == nil {
			blobs1M, _ = readCSVPath(b, path, blobFeatures, "")
			blobs1MSource = path
			return
		}
		blobs1M = randomBlobs(42, 1_000_000, 8, 8, 1)
		blobs1MSource = "generated in memory (file absent)"
	})
	return blobs1M
}

// loopCPU runs op for each iteration of b.Loop, failing on its error, and
// reports the CPU milliseconds per operation (all goroutines) as
// "cpu-ms/op".
func loopCPU(b *testing.B, op func() error) {
	start, ops := reftest.CPUTime(), 0
	for b.Loop() {
		ops++
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((reftest.CPUTime()-start).Nanoseconds())/float64(ops)/1e6, "cpu-ms/op")
}

// firstCenters returns C0 of peer_kmeans.py: the k rows with the smallest
// x1 (stable: ties keep file order), in increasing x1.
func firstCenters(x Matrix, k int) Matrix {
	idx := make([]int, x.Rows)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		va, vb := x.At(a, 0), x.At(b, 0)
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return 0
	})
	c := Matrix{Rows: k, Cols: x.Cols}
	for _, i := range idx[:k] {
		c.Data = append(c.Data, x.Row(i)...)
	}
	return c
}

// benchLloydIter reports the time per iteration as (t(25) − t(5)) / 20 from
// fits started at C0 with Tol disabled, as peer_kmeans.py does.
func benchLloydIter(b *testing.B, x Matrix) {
	c0 := firstCenters(x, 8)
	for _, alg := range []Algorithm{Lloyd, Hamerly} {
		for _, workers := range []int{1, 2} {
			name := map[Algorithm]string{Lloyd: "lloyd", Hamerly: "hamerly"}[alg]
			b.Run(fmt.Sprintf("%s/goroutines=%d", name, workers), func(b *testing.B) {
				b.ReportAllocs()
				var diff, cpuDiff time.Duration
				runs := 0
				for b.Loop() {
					var took, cpu [2]time.Duration
					for j, iters := range []int{5, 25} {
						km := KMeans{K: 8, Init: InitGiven, Centers: c0, MaxIter: iters, Strict: true, Algorithm: alg, Workers: workers}
						start, cpu0 := time.Now(), reftest.CPUTime()
						r, err := km.Fit(context.Background(), x)
						took[j], cpu[j] = time.Since(start), reftest.CPUTime()-cpu0
						if err != nil || r.Iterations != iters {
							b.Fatalf("iterations %d, err %v", r.Iterations, err)
						}
					}
					diff += took[1] - took[0]
					cpuDiff += cpu[1] - cpu[0]
					runs++
				}
				b.ReportMetric(float64(diff.Nanoseconds())/float64(runs)/20/1e6, "ms/iter")
				b.ReportMetric(float64(cpuDiff.Nanoseconds())/float64(runs)/20/1e6, "cpu-ms/iter")
			})
		}
	}
}

func BenchmarkLloydIter100k(b *testing.B) {
	x, _ := loadBlobs100k(b)
	benchLloydIter(b, x)
}

func BenchmarkLloydIter1M(b *testing.B) {
	x := loadBlobs1M(b)
	b.Logf("data: %s", blobs1MSource)
	benchLloydIter(b, x)
}

// BenchmarkFit100k is peer_kmeans.py's kmeans_fit_lloyd_ninit10: k = 8,
// 10 k-means++ restarts, max 300 iterations, tol 1e-4.
func BenchmarkFit100k(b *testing.B) {
	x, _ := loadBlobs100k(b)
	for _, alg := range []Algorithm{Lloyd, Hamerly} {
		for _, workers := range []int{1, 2} {
			name := map[Algorithm]string{Lloyd: "lloyd", Hamerly: "hamerly"}[alg]
			b.Run(fmt.Sprintf("%s/goroutines=%d", name, workers), func(b *testing.B) {
				b.ReportAllocs()
				var r Result
				loopCPU(b, func() (err error) {
					r, err = KMeans{K: 8, Restarts: 10, Algorithm: alg, Workers: workers, Src: rand.NewPCG(1, 2)}.Fit(context.Background(), x)
					return err
				})
				b.ReportMetric(r.Inertia, "inertia")
			})
		}
	}
}

// BenchmarkSilhouette10k is peer_kmeans.py's silhouette: the first 10,000
// rows of the 100k file with the file's labels.
func BenchmarkSilhouette10k(b *testing.B) {
	x, lab := loadBlobs100k(b)
	const m = 10000
	xs := Matrix{Data: x.Data[:m*8], Rows: m, Cols: 8}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			var s SilhouetteResult
			loopCPU(b, func() (err error) {
				s, err = Silhouette(context.Background(), xs, lab[:m], &SilhouetteSettings{Workers: workers})
				return err
			})
			b.ReportMetric(s.Mean, "silhouette")
		})
	}
}

func BenchmarkBuildRFM(b *testing.B) {
	p := cdnow(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildRFM(context.Background(), p, cdnowAsOf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQualityIndices100k(b *testing.B) {
	x, lab := loadBlobs100k(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CalinskiHarabasz(x, lab); err != nil {
			b.Fatal(err)
		}
		if _, err := DaviesBouldin(context.Background(), x, lab); err != nil {
			b.Fatal(err)
		}
	}
}

// rawBlobs is a benchmark data set read from a raw little-endian float64
// file named by an environment variable (written by
// testdata/peer_kmeans_1m16.py: scikit-learn's make_blobs, 20 centres,
// spread 2, seed 7), or generated in memory with the same shape.
type rawBlobs struct {
	once   sync.Once
	env    string
	n, d   int
	x      Matrix
	source string
}

var (
	blobs1M16 = &rawBlobs{env: "CXKIT_BLOBS_1M_D16", n: 1_000_000, d: 16}
	blobs10M8 = &rawBlobs{env: "CXKIT_BLOBS_10M_D8", n: 10_000_000, d: 8}
)

func (r *rawBlobs) load(b *testing.B) Matrix {
	r.once.Do(func() {
		path := os.Getenv(r.env)
		if path == "" {
			r.x = randomBlobs(7, r.n, r.d, 20, 2)
			r.source = "generated in memory (" + r.env + " not set)"
			return
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if len(raw) != r.n*r.d*8 {
			b.Fatalf("%s: %d bytes, want %d × %d float64", path, len(raw), r.n, r.d)
		}
		r.x = Matrix{Data: make([]float64, r.n*r.d), Rows: r.n, Cols: r.d}
		for i := range r.x.Data {
			r.x.Data[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[i*8:]))
		}
		r.source = path
	})
	b.Logf("data: %s", r.source)
	return r.x
}

// BenchmarkFit1M16 is a full fit at a size users have: 1,000,000 × 16,
// k = 20, 10 k-means++ restarts (the peer: testdata/peer_kmeans_1m16.py).
func BenchmarkFit1M16(b *testing.B) {
	x := blobs1M16.load(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", workers), func(b *testing.B) {
			var r Result
			loopCPU(b, func() (err error) {
				r, err = KMeans{K: 20, Restarts: 10, Workers: workers, Src: rand.NewPCG(1, 2)}.Fit(context.Background(), x)
				return err
			})
			b.ReportMetric(r.Inertia, "inertia")
			b.ReportMetric(float64(r.Iterations), "iterations")
		})
	}
}

// benchMiniBatch times MiniBatchKMeans{K: 20} (3 starts, scikit-learn's
// defaults otherwise) on x for each batch size, on one goroutine and on
// two, and reports the inertia on the whole data and the steps taken.
func benchMiniBatch(b *testing.B, x Matrix, batches ...int) {
	for _, batch := range batches {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("batch=%d/goroutines=%d", batch, workers), func(b *testing.B) {
				var r Result
				loopCPU(b, func() (err error) {
					r, err = MiniBatchKMeans{K: 20, BatchSize: batch, Workers: workers, Src: rand.NewPCG(1, 2)}.Fit(context.Background(), x)
					return err
				})
				b.ReportMetric(r.Inertia, "inertia")
				b.ReportMetric(float64(r.Iterations), "steps")
			})
		}
	}
}

// BenchmarkMiniBatch1M16 is mini-batch k-means on the data of
// BenchmarkFit1M16 (the peer: testdata/peer_kmeans_1m16.py).
func BenchmarkMiniBatch1M16(b *testing.B) {
	benchMiniBatch(b, blobs1M16.load(b), 1024, 4096)
}

// BenchmarkMiniBatch10M8 is mini-batch k-means on 10,000,000 × 8, k = 20
// (the peer: testdata/peer_kmeans_1m16.py --n 10000000 --d 8 --no-kmeans).
func BenchmarkMiniBatch10M8(b *testing.B) {
	benchMiniBatch(b, blobs10M8.load(b), 1024, 4096)
}

// BenchmarkFitIrisDefault is the cost of the default fit on a small data
// set (iris, 150 × 4), where Restarts = 0 means 100 runs and the winner is
// refined, against 10 runs without refinement (scikit-learn's default).
func BenchmarkFitIrisDefault(b *testing.B) {
	x, _ := irisData(b)
	for _, k := range []int{3, 8} {
		for _, tc := range []struct {
			name string
			km   KMeans
		}{{"default", KMeans{K: k}}, {"restarts=10,no-refine", KMeans{K: k, Restarts: 10, NoRefine: true}}} {
			b.Run(fmt.Sprintf("k=%d/%s", k, tc.name), func(b *testing.B) {
				var r Result
				loopCPU(b, func() (err error) {
					km := tc.km
					km.Workers, km.Src = 1, rand.NewPCG(1, 2)
					r, err = km.Fit(context.Background(), x)
					return err
				})
				b.ReportMetric(r.Inertia, "inertia")
			})
		}
	}
}
