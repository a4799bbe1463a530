package segment

import (
	"math"
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
			s, err := FitScaler(x, &ScalerSettings{Method: tc.method})
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
	s, err := FitScaler(x, &ScalerSettings{Method: MinMax, Log1p: true})
	require.NoError(t, err)
	y, err := s.Transform(x)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0, 0, 0.5, 0, 1, 0}, y.Data, 1e-15) // log1p: 0, ln 10, ln 100; constant column → 0
	back, err := s.Inverse(y)
	require.NoError(t, err)
	assert.InDeltaSlice(t, x.Data, back.Data, 1e-12)

	bad, err := NewMatrix([][]float64{{1}, {-1}})
	require.NoError(t, err)
	_, err = FitScaler(bad, &ScalerSettings{Log1p: true})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 1, ie.Index)
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = s.Transform(bad)
	assert.ErrorIs(t, err, ErrLength)
}

func TestScalerDefaultsAndErrors(t *testing.T) {
	x, err := NewMatrix([][]float64{{1, 10}, {3, 10}})
	require.NoError(t, err)
	def, err := FitScaler(x, nil)
	require.NoError(t, err)
	assert.Equal(t, ZScore, def.Method)
	assert.Equal(t, []float64{2, 10}, def.Offset)
	assert.Equal(t, []float64{1, 1}, def.Scale) // the constant column keeps scale 1

	_, err = FitScaler(x, &ScalerSettings{Method: 9})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = FitScaler(Matrix{}, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = FitScaler(Matrix{Data: []float64{-1e308, 1e308}, Rows: 2, Cols: 1}, &ScalerSettings{Method: MinMax})
	assert.ErrorIs(t, err, ErrNonFinite)

	// The zero Scaler and scalers with impossible state return errors.
	for _, tc := range []struct {
		s    Scaler
		want error
	}{
		{Scaler{}, ErrLength},
		{Scaler{Offset: []float64{0}, Scale: []float64{1, 1}}, ErrLength},
		{Scaler{Offset: []float64{0, 0}, Scale: []float64{1, 0}}, ErrOutOfRange},
		{Scaler{Offset: []float64{math.NaN(), 0}, Scale: []float64{1, 1}}, ErrNonFinite},
		{Scaler{Offset: []float64{0, 0}, Scale: []float64{1, math.Inf(1)}}, ErrOutOfRange},
	} {
		_, err := tc.s.Transform(x)
		assert.ErrorIs(t, err, tc.want, "%+v", tc.s)
		_, err = tc.s.Inverse(x)
		assert.ErrorIs(t, err, tc.want, "%+v", tc.s)
	}
	tiny := Scaler{Offset: []float64{0}, Scale: []float64{1e-300}}
	_, err = tiny.Transform(Matrix{Data: []float64{1e300}, Rows: 1, Cols: 1})
	assert.ErrorIs(t, err, ErrNonFinite)
	_, err = Scaler{Log1p: true, Offset: []float64{0}, Scale: []float64{1}}.Inverse(Matrix{Data: []float64{1000}, Rows: 1, Cols: 1})
	assert.ErrorIs(t, err, ErrNonFinite)
}
