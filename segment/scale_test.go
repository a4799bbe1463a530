package segment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReferenceStandardization(t *testing.T) {
	c := loadRef(t)["iris_standardization_conventions"]
	x, _ := irisData(t)
	for _, tc := range []struct {
		method       Scaling
		stdKey, zKey string
	}{
		{ZScore, "std_population_ddof0", "zscore_row0_ddof0_sklearn_StandardScaler"},
		{ZScoreSample, "std_sample_ddof1", "zscore_row0_ddof1_R_scale"},
	} {
		t.Run(tc.stdKey, func(t *testing.T) {
			s, err := FitScaler(x, tc.method, false)
			require.NoError(t, err)
			assert.InDeltaSlice(t, field[[]float64](t, c.Expected, "mean"), s.Offset, 1e-12)
			assert.InDeltaSlice(t, field[[]float64](t, c.Expected, tc.stdKey), s.Scale, 1e-12)
			z, err := s.Transform(x)
			require.NoError(t, err)
			assert.InDeltaSlice(t, field[[]float64](t, c.Expected, tc.zKey), z.Row(0), 1e-12)
			back, err := s.Inverse(z)
			require.NoError(t, err)
			assert.InDeltaSlice(t, x.Data, back.Data, 1e-12)
		})
	}
}

func TestScalerMinMaxLog(t *testing.T) {
	x, err := NewMatrix([][]float64{{0, 5}, {9, 5}, {99, 5}})
	require.NoError(t, err)
	s, err := FitScaler(x, MinMax, true)
	require.NoError(t, err)
	y, err := s.Transform(x)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0, 0, 0.5, 0, 1, 0}, y.Data, 1e-15) // log1p: 0, ln 10, ln 100; constant column → 0
	back, err := s.Inverse(y)
	require.NoError(t, err)
	assert.InDeltaSlice(t, x.Data, back.Data, 1e-12)

	bad, err := NewMatrix([][]float64{{1}, {-1}})
	require.NoError(t, err)
	_, err = FitScaler(bad, ZScore, true)
	var re *RowError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1, re.Row)
	_, err = s.Transform(bad)
	assert.ErrorIs(t, err, ErrDimension)
}
