package segment

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/wiretest"
)

func TestSummarizeRFM(t *testing.T) {
	rows := []RFM{
		{Recency: 5, Frequency: 9, Monetary: 400, Segment: Champions},
		{Recency: 9, Frequency: 7, Monetary: 200, Segment: Champions},
		{Recency: 300, Frequency: 1, Monetary: 20, Segment: Hibernating},
		{Recency: 200, Frequency: 4, Monetary: 180, Segment: AtRisk},
	}
	got, err := SummarizeRFM(rows)
	require.NoError(t, err)
	require.Len(t, got, len(RFMSegments), "the ten named segments, no Unscored row")
	by := map[RFMSegment]RFMSummary{}
	for i, s := range got {
		assert.Equal(t, RFMSegments[i], s.Segment, "in the order of RFMSegments")
		by[s.Segment] = s
	}
	// By hand: total revenue 800.
	assert.Equal(t, RFMSummary{Segment: Champions, N: 2, Share: 0.5, Revenue: 600, RevenueShare: 0.75,
		MeanRecency: 7, MeanFrequency: 8, MeanMonetary: 300}, by[Champions])
	assert.Equal(t, RFMSummary{Segment: AtRisk, N: 1, Share: 0.25, Revenue: 180, RevenueShare: 0.225,
		MeanRecency: 200, MeanFrequency: 4, MeanMonetary: 180}, by[AtRisk])
	empty := by[Promising]
	assert.Zero(t, empty.N)
	assert.Zero(t, empty.Share)
	assert.Zero(t, empty.RevenueShare)
	assert.True(t, math.IsNaN(empty.MeanRecency) && math.IsNaN(empty.MeanFrequency) && math.IsNaN(empty.MeanMonetary))

	// Invariants: counts, shares and revenue add up.
	n, share, rev, revShare := 0, 0.0, 0.0, 0.0
	for _, s := range got {
		n += s.N
		share += s.Share
		rev += s.Revenue
		revShare += s.RevenueShare
	}
	assert.Equal(t, len(rows), n)
	assert.InDelta(t, 1, share, 1e-15)
	assert.InDelta(t, 800, rev, 1e-12)
	assert.InDelta(t, 1, revShare, 1e-15)

	// An unscored row adds a last row; no revenue at all gives NaN shares.
	got, err = SummarizeRFM([]RFM{{Recency: 1, Frequency: 1, Segment: Unscored}})
	require.NoError(t, err)
	require.Len(t, got, len(RFMSegments)+1)
	last := got[len(got)-1]
	assert.Equal(t, Unscored, last.Segment)
	assert.Equal(t, 1, last.N)
	assert.True(t, math.IsNaN(last.RevenueShare))

	wiretest.RoundTrip(t, got)
	wiretest.RoundTrip(t, empty)
}

func TestSummarizeRFMErrors(t *testing.T) {
	_, err := SummarizeRFM(nil)
	assert.ErrorIs(t, err, ErrEmpty)
	for _, tc := range []struct {
		row   RFM
		field string
		want  error
	}{
		{RFM{Segment: Hibernating + 1}, "segment", ErrOutOfRange},
		{RFM{Segment: -1}, "segment", ErrOutOfRange},
		{RFM{Monetary: math.NaN()}, "monetary", ErrNonFinite},
		{RFM{Monetary: math.Inf(1)}, "monetary", ErrNonFinite},
		{RFM{Monetary: -1}, "monetary", ErrNegative},
		{RFM{Recency: -1}, "recency", ErrNegative},
		{RFM{Frequency: -2}, "frequency", ErrNegative},
	} {
		_, err := SummarizeRFM([]RFM{{Segment: Champions}, tc.row})
		assert.ErrorIs(t, err, tc.want, tc.field)
		var ie *InputError
		require.True(t, errors.As(err, &ie), tc.field)
		assert.Equal(t, 1, ie.Index)
		assert.Equal(t, tc.field, ie.Field)
	}
}
