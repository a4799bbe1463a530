package segment

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refPasses counts the public reference cases (and sub-checks) passed; the
// count is logged by TestReferenceCount.
func assertCenters(t *testing.T, got, want [][]float64, tol float64) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		require.Len(t, got[i], len(want[i]))
		for j := range want[i] {
			assert.InDelta(t, want[i][j], got[i][j], tol, "centre %d feature %d", i, j)
		}
	}
}

func TestReferenceIrisKMeans(t *testing.T) {
	c := loadRef(t)["iris_kmeans_k3_raw"]
	x, _ := irisData(t)
	for _, alg := range []Algorithm{Hamerly, Lloyd} {
		km := KMeans{K: 3, Restarts: 10, MaxIter: 300, Tol: 1e-4, Algorithm: alg, Src: rand.NewPCG(1, 2)}
		r, err := km.Fit(context.Background(), x)
		require.NoError(t, err)
		assert.InEpsilon(t, field[float64](t, c.Expected, "inertia"), r.Inertia, 1e-9)
		centers, labels := sortedCenters(r)
		assertCenters(t, centers, field[[][]float64](t, c.Expected, "centers_sorted"), 1e-9)
		assert.Equal(t, field[[]int](t, c.Expected, "labels_in_sorted_center_order"), labels)
		sizes := make([]int, 3)
		for _, l := range labels {
			sizes[l]++
		}
		assert.Equal(t, field[[]int](t, c.Expected, "cluster_sizes"), sizes)
	}
}

func TestReferenceLloydFromGivenCenters(t *testing.T) {
	ref := loadRef(t)
	for _, name := range []string{
		"iris_lloyd_from_rows_0_50_100_strict",
		"iris_lloyd_from_rows_0_1_2_max_iter_2",
		"blobs300_lloyd_from_rows_0_1_2_strict",
	} {
		c := ref[name]
		t.Run(name, func(t *testing.T) {
			file := field[string](t, c.Inputs, "data_file")
			x, _ := readCSV(t, file, field[[]string](t, c.Inputs, "features"), "")
			init, err := NewMatrix(field[[][]float64](t, c.Inputs, "init_centers"))
			require.NoError(t, err)
			tol := field[float64](t, c.Inputs, "tol")
			strict := tol == 0 // stop only when the labels do not change
			for _, alg := range []Algorithm{Hamerly, Lloyd} {
				km := KMeans{K: init.Rows, Init: InitGiven, Centers: init, MaxIter: field[int](t, c.Inputs, "max_iter"), Tol: tol, Strict: strict, Algorithm: alg}
				r, err := km.Fit(context.Background(), x)
				require.NoError(t, err)
				got := make([][]float64, r.Centers.Rows)
				for i := range got {
					got[i] = r.Centers.Row(i)
				}
				assertCenters(t, got, field[[][]float64](t, c.Expected, "centers_in_init_order"), 1e-9)
				assert.Equal(t, field[[]int](t, c.Expected, "labels"), r.Labels)
				assert.InEpsilon(t, field[float64](t, c.Expected, "inertia"), r.Inertia, 1e-10)
				assert.Equal(t, field[int](t, c.Expected, "n_iter_assignment_steps"), r.Iterations)
				assert.Equal(t, field[bool](t, c.Expected, "converged_strictly"), r.Converged)
				assert.Equal(t, field[[]int](t, c.Expected, "cluster_sizes"), r.Sizes)
			}
		})
	}
}

func TestReferenceBlobs100k(t *testing.T) {
	c := loadRef(t)["blobs100k_kmeans_k8"]
	x, truth := readCSV(t, "blobs_100k_d8.csv", field[[]string](t, c.Inputs, "features"), "label")
	km := KMeans{K: 8, Restarts: 10, Src: rand.NewPCG(1, 2)}
	r, err := km.Fit(context.Background(), x)
	require.NoError(t, err)
	assert.InEpsilon(t, field[float64](t, c.Expected, "inertia"), r.Inertia, 1e-9)
	centers, _ := sortedCenters(r)
	assertCenters(t, centers, field[[][]float64](t, c.Expected, "centers_sorted"), 1e-6)
	assert.Equal(t, field[[]int](t, c.Expected, "cluster_sizes"), r.Sizes)
	labels := make([]int, len(truth))
	for i, s := range truth {
		labels[i] = int(s[0] - '0')
	}
	ari, err := AdjustedRand(r.Labels, labels)
	require.NoError(t, err)
	assert.InDelta(t, field[float64](t, c.Expected, "adjusted_rand_vs_true_label"), ari, 1e-12)
}
