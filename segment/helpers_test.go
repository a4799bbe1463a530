package segment

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/cxkit/cxkit/internal/csvtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refCase is one case of testdata/public_reference.json.
type refCase struct {
	Name      string                     `json:"name"`
	Inputs    map[string]json.RawMessage `json:"inputs"`
	Expected  map[string]json.RawMessage `json:"expected"`
	Tolerance map[string]json.RawMessage `json:"tolerance"`
}

func loadRef(t testing.TB) map[string]refCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "public_reference.json"))
	require.NoError(t, err)
	var doc struct {
		Cases []refCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	out := map[string]refCase{}
	for _, c := range doc.Cases {
		out[c.Name] = c
	}
	return out
}

func field[T any](t testing.TB, m map[string]json.RawMessage, key string) T {
	t.Helper()
	raw, ok := m[key]
	require.True(t, ok, "missing key %q", key)
	var v T
	require.NoError(t, json.Unmarshal(raw, &v), key)
	return v
}

// readCSV reads the named numeric columns of a testdata CSV into a Matrix
// and returns the remaining column named labelCol (if any) as strings.
func readCSV(t testing.TB, file string, features []string, labelCol string) (Matrix, []string) {
	t.Helper()
	return readCSVPath(t, filepath.Join("testdata", file), features, labelCol)
}

func readCSVPath(t testing.TB, path string, features []string, labelCol string) (Matrix, []string) {
	t.Helper()
	tab := csvtest.Read(t, path)
	idx := make([]int, len(features))
	for j, name := range features {
		idx[j] = tab.Column(name)
	}
	lab := slices.Index(tab.Header, labelCol)
	m := Matrix{Rows: len(tab.Records), Cols: len(features), Data: make([]float64, 0, len(tab.Records)*len(features))}
	var labels []string
	for _, r := range tab.Records {
		for _, j := range idx {
			v, err := strconv.ParseFloat(r[j], 64)
			require.NoError(t, err)
			m.Data = append(m.Data, v)
		}
		if lab >= 0 {
			labels = append(labels, r[lab])
		}
	}
	return m, labels
}

var irisFeatures = []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}

func irisData(t testing.TB) (Matrix, []int) {
	m, species := readCSV(t, "iris.csv", irisFeatures, "species")
	codes := map[string]int{"setosa": 0, "versicolor": 1, "virginica": 2}
	labels := make([]int, len(species))
	for i, s := range species {
		labels[i] = codes[s]
	}
	return m, labels
}

// sortedCenters renumbers clusters in lexicographic order of their centres
// and returns the sorted centres and the renumbered labels.
func sortedCenters(r Result) ([][]float64, []int) {
	k := r.Centers.Rows
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return slices.Compare(r.Centers.Row(a), r.Centers.Row(b)) })
	rank := make([]int, k)
	centers := make([][]float64, k)
	for pos, j := range order {
		rank[j] = pos
		centers[pos] = r.Centers.Row(j)
	}
	labels := make([]int, len(r.Labels))
	for i, l := range r.Labels {
		labels[i] = rank[l]
	}
	return centers, labels
}

// checkInputError checks that err wraps want and, when field is not "",
// that it is an *InputError with that Index and Field (and otherwise that
// it is none).
func checkInputError(t *testing.T, err, want error, index int, field string) {
	t.Helper()
	require.ErrorIs(t, err, want)
	var ie *InputError
	if field == "" {
		assert.False(t, errors.As(err, &ie), "%v", err)
		return
	}
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, index, ie.Index)
	assert.Equal(t, field, ie.Field)
}

// fitCase is a k-means fit that the equivalence tests run with each
// algorithm, kernel and number of workers.
type fitCase struct {
	name     string
	x        Matrix
	k        int
	w        bool    // random weights 0..3 (randomWeights with seed 9)
	tol      float64 // 0 also sets Strict
	init     Init
	restarts int
	maxIter  int
}

// fit fits the case with alg and workers, seeded with rand.NewPCG(5, 6).
func (tc fitCase) fit(t *testing.T, alg Algorithm, workers int) Result {
	t.Helper()
	var w []float64
	if tc.w {
		w = randomWeights(9, tc.x.Rows, 4)
	}
	km := KMeans{K: tc.k, Restarts: tc.restarts, Tol: tc.tol, Strict: tc.tol == 0, Init: tc.init, Weights: w, MaxIter: tc.maxIter, Algorithm: alg, Workers: workers, Src: rand.NewPCG(5, 6)}
	r, err := km.Fit(context.Background(), tc.x)
	require.NoError(t, err)
	return r
}

// errorCase is a model of type M fitted to x, and the error it must return
// (checkInputError).
type errorCase[M any] struct {
	name  string
	model M
	x     Matrix
	want  error
	index int    // −1: no *InputError with a position expected
	field string // the *InputError's Field, "" when none
}

// Matrices of the error tests: three distinct points, and three points of
// which two are equal.
var (
	threePoints = Matrix{Data: []float64{0, 0, 1, 1, 2, 2}, Rows: 3, Cols: 2}
	twoDistinct = Matrix{Data: []float64{1, 1, 1, 1, 2, 2}, Rows: 3, Cols: 2}
)

// randomWeights returns n weights drawn uniformly from 0..top−1.
func randomWeights(seed uint64, n, top int) []float64 {
	rng := rand.New(rand.NewPCG(seed, seed))
	w := make([]float64, n)
	for i := range w {
		w[i] = float64(rng.IntN(top))
	}
	return w
}
