package clv

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHoldoutByFrequencyCDNOW(t *testing.T) {
	o := cdnowOptions()
	o.End = time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC)
	s, err := SplitHoldout(cdnowLog(t), time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC), o)
	require.NoError(t, err)
	m, _, err := FitBGNBD(context.Background(), s.Calibration, nil, nil)
	require.NoError(t, err)
	rows, err := HoldoutByFrequency(context.Background(), m, s.Calibration, s.Holdout, s.Duration, 7)
	require.NoError(t, err)
	require.Len(t, rows, 8)
	total := 0
	for _, r := range rows {
		total += r.N
		// FHL (2005, Fig. 4) show the conditional expectations tracking the
		// holdout means closely; within 0.6 purchases per group here.
		assert.InDelta(t, r.Actual, r.Predicted, 0.6, "x=%d", r.Frequency)
	}
	assert.Equal(t, len(s.Calibration), total)
	assert.Less(t, rows[0].Predicted, rows[7].Predicted)

	_, err = HoldoutByFrequency(context.Background(), m, s.Calibration, s.Holdout[:3], s.Duration, 7)
	assert.ErrorIs(t, err, ErrLength)
	_, err = HoldoutByFrequency(context.Background(), m, nil, nil, 1, 7)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = HoldoutByFrequency(context.Background(), m, s.Calibration, s.Holdout, 0, 7)
	assertInvalid(t, err)
	_, err = HoldoutByFrequency(context.Background(), m, s.Calibration[:1], []Holdout{{Frequency: -1}}, 1, 7)
	assertInvalid(t, err)
}

func TestRepeatCountsCDNOW(t *testing.T) {
	data := cdnowSummary(t)
	rows, err := RepeatCounts(context.Background(), cdnowBGNBD, data, 7)
	require.NoError(t, err)
	require.Len(t, rows, 8)
	var obs, exp float64
	for _, r := range rows {
		obs += r.Observed
		exp += r.Expected
	}
	assert.Equal(t, float64(len(data)), obs)
	assert.InDelta(t, float64(len(data)), exp, 1e-6)
	assert.Equal(t, 1411.0, rows[0].Observed)
	// The BG/NBD fits the histogram well (FHL 2005, Figure 2): the zero
	// class within 1 %.
	assert.InEpsilon(t, rows[0].Observed, rows[0].Expected, 0.01)
	for _, r := range rows {
		assert.False(t, math.IsNaN(r.Expected))
	}
	_, err = RepeatCounts(context.Background(), cdnowBGNBD, nil, 7)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = RepeatCounts(context.Background(), cdnowBGNBD, data, 0)
	assertInvalid(t, err)
	_, err = RepeatCounts(context.Background(), cdnowBGNBD, []Customer{{T: -1}}, 3)
	assertInvalid(t, err)
}
