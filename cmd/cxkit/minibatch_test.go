package main

import (
	"context"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/segment"
)

// TestSegmentMiniBatch checks that --minibatch runs segment.MiniBatchKMeans
// with the CLI's seed and scaling: the labels are the library's on the same
// scaled data, and the fit is close to the full fit's inertia.
func TestSegmentMiniBatch(t *testing.T) {
	got := decodeAs[qualityData](t, jsonTables(t, "segment", "--k", "3", "--seed", "7", "--minibatch", "32", "testdata/iris.csv")["quality"])
	full := decodeAs[qualityData](t, jsonTables(t, "segment", "--k", "3", "--seed", "7", "testdata/iris.csv")["quality"])
	require.Len(t, got.Result.Labels, 150)
	assert.LessOrEqual(t, full.Result.Inertia, got.Result.Inertia)
	assert.Less(t, got.Result.Inertia, 1.1*full.Result.Inertia)

	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, ctx: context.Background()}
	d, err := readInput(e, "testdata/iris.csv", nil)
	require.NoError(t, err)
	feat, err := featureColumns(e, d, "", "")
	require.NoError(t, err)
	x, err := featureMatrix(d, feat)
	require.NoError(t, err)
	scaler, err := segment.FitScaler(x, &segment.ScalerSettings{Method: segment.ZScore})
	require.NoError(t, err)
	xs, err := scaler.Transform(x)
	require.NoError(t, err)
	want, err := segment.MiniBatchKMeans{K: 3, BatchSize: 32, Src: rand.NewPCG(7, 2)}.Fit(context.Background(), xs)
	require.NoError(t, err)
	assert.Equal(t, want.Labels, got.Result.Labels)

	for _, args := range [][]string{{"--minibatch", "-1", "--k", "3"}, {"--minibatch", "8", "--choose-k", "2-4"}} {
		code, _, errs := cli(t, "", append(append([]string{"segment"}, args...), "testdata/iris.csv")...)
		assert.NotEqual(t, 0, code)
		assert.Contains(t, errs, "--minibatch takes a batch size")
	}
}
