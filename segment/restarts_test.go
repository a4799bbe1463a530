package segment

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDefaultReachesBestKnown checks issue 16's point 6 on iris: with the
// default settings (more restarts for small data, then the refinement),
// every seed reaches the best known inertia of public_reference.json
// (scikit-learn with many restarts, cross-checked with R) for k = 2..8.
// scikit-learn's default (n_init = 10) reaches it for k = 4, 5, 6 and 8
// with only 5, 9, 4 and 0 of the seeds 0..9.
func TestDefaultReachesBestKnown(t *testing.T) {
	c := loadRef(t)["iris_elbow_raw_k1_to_10"]
	best := field[[]float64](t, c.Expected, "best_known_inertia")
	x, _ := irisData(t)
	for k := 2; k <= 8; k++ {
		for seed := uint64(0); seed < 6; seed++ {
			r, err := KMeans{K: k, Src: rand.NewPCG(seed, 1)}.Fit(context.Background(), x)
			require.NoError(t, err)
			require.InEpsilon(t, best[k-1], r.Inertia, 1e-9, "k = %d, seed %d", k, seed)
		}
	}
}

// TestRefinementNeverWorse checks that the refinement only ever lowers the
// inertia, that its result is a Lloyd fixed point (every label is the
// nearest final centre) and that NoRefine gives the plain best run.
func TestRefinementNeverWorse(t *testing.T) {
	for seed := uint64(0); seed < 8; seed++ {
		x := randomBlobs(seed, 400, 3, 7, 3)
		var w []float64
		if seed%2 == 1 {
			rng := rand.New(rand.NewPCG(seed, 9))
			w = make([]float64, x.Rows)
			for i := range w {
				w[i] = float64(rng.IntN(3))
			}
		}
		plain, err := KMeans{K: 9, Restarts: 3, NoRefine: true, Weights: w, Src: rand.NewPCG(seed, 2)}.Fit(context.Background(), x)
		require.NoError(t, err)
		refined, err := KMeans{K: 9, Restarts: 3, Weights: w, Src: rand.NewPCG(seed, 2)}.Fit(context.Background(), x)
		require.NoError(t, err)
		require.LessOrEqual(t, refined.Inertia, plain.Inertia)
		labels, err := refined.Predict(context.Background(), x)
		require.NoError(t, err)
		require.Equal(t, labels, refined.Labels)
		for j := range 9 {
			require.Positive(t, refined.Sizes[j])
		}
	}
}
