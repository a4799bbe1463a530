package segment

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReferenceIrisQuality(t *testing.T) {
	c := loadRef(t)["iris_quality_true_species_labels"]
	x, labels := irisData(t)
	for _, workers := range []int{1, 2} {
		s, err := Silhouette(context.Background(), x, labels, &SilhouetteSettings{Workers: workers})
		require.NoError(t, err)
		assert.InDelta(t, field[float64](t, c.Expected, "silhouette_mean"), s.Mean, 1e-12)
		want := field[[]float64](t, c.Expected, "silhouette_samples_all")
		require.Len(t, s.Samples, len(want))
		for i := range want {
			assert.InDelta(t, want[i], s.Samples[i], 1e-12, "point %d", i)
		}
		for k, v := range field[map[string]float64](t, c.Expected, "silhouette_samples_at_indices") {
			i, err := strconv.Atoi(k)
			require.NoError(t, err)
			assert.InDelta(t, v, s.Samples[i], 1e-12, "point %d", i)
		}
	}
	checkIndices(t, c, x, labels, assert.InEpsilon)
}

// checkIndices compares the Calinski–Harabasz and Davies–Bouldin indices
// of the labelling with case c's, within 1e-12 by within (assert.InDelta
// or assert.InEpsilon).
func checkIndices(t *testing.T, c refCase, x Matrix, labels []int, within func(assert.TestingT, any, any, float64, ...any) bool) {
	t.Helper()
	ch, err := CalinskiHarabasz(x, labels)
	require.NoError(t, err)
	within(t, field[float64](t, c.Expected, "calinski_harabasz"), ch, 1e-12)
	db, err := DaviesBouldin(context.Background(), x, labels)
	require.NoError(t, err)
	within(t, field[float64](t, c.Expected, "davies_bouldin"), db, 1e-12)
}

func TestReferenceSmallQuality(t *testing.T) {
	ref := loadRef(t)
	for _, name := range []string{"tiny_1d_two_clusters_quality", "silhouette_singleton_convention"} {
		c := ref[name]
		t.Run(name, func(t *testing.T) {
			x, err := NewMatrix(field[[][]float64](t, c.Inputs, "points"))
			require.NoError(t, err)
			labels := field[[]int](t, c.Inputs, "labels")
			s, err := Silhouette(context.Background(), x, labels, nil)
			require.NoError(t, err)
			want := field[[]float64](t, c.Expected, "silhouette_samples")
			for i := range want {
				assert.InDelta(t, want[i], s.Samples[i], 1e-12, "point %d", i)
			}
			if _, ok := c.Expected["silhouette_mean"]; !ok {
				return
			}
			assert.InDelta(t, field[float64](t, c.Expected, "silhouette_mean"), s.Mean, 1e-12)
			checkIndices(t, c, x, labels, assert.InDelta)
		})
	}
}
