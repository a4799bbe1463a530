package clv

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIncludeFirstPurchaseLifetimes compares Summarize on the CDNOW log,
// with and without IncludeFirstPurchase, with lifetimes'
// summary_data_from_transaction_data with include_first_transaction False
// and True (testdata/cdnow_summary_include_first.csv; SOURCE.md says how it
// was made). Every customer matches to 1e-9.
func TestIncludeFirstPurchaseLifetimes(t *testing.T) {
	log := cdnowLog(t)
	def, err := Summarize(log, cdnowOptions())
	require.NoError(t, err)
	o := cdnowOptions()
	o.IncludeFirstPurchase = true
	first, err := Summarize(log, o)
	require.NoError(t, err)
	wantDef := readSummaryCSV(t, "cdnow_summary_include_first.csv", "id", "frequency_default", "recency_default", "T_default", "monetary_value_default")
	wantFirst := readSummaryCSV(t, "cdnow_summary_include_first.csv", "id", "frequency_first", "recency_first", "T_first", "monetary_value_first")
	require.Len(t, def, len(wantDef))
	require.Len(t, first, len(wantFirst))
	for i := range def {
		id, err := strconv.Atoi(wantDef[i].ID)
		require.NoError(t, err)
		require.Equal(t, i+1, id) // the k-th customer of the log has sample id k
		for _, pair := range [][2]Customer{{wantDef[i], def[i]}, {wantFirst[i], first[i]}} {
			w, g := pair[0], pair[1]
			assert.Equal(t, w.Frequency, g.Frequency, "customer %s x", w.ID)
			assert.InDelta(t, w.Recency, g.Recency, 1e-9, "customer %s t_x", w.ID)
			assert.InDelta(t, w.T, g.T, 1e-9, "customer %s T", w.ID)
			assert.InDelta(t, w.Monetary, g.Monetary, 1e-9, "customer %s monetary", w.ID)
		}
		// The option adds the first purchase and changes nothing else.
		assert.Equal(t, def[i].Frequency+1, first[i].Frequency)
		assert.Equal(t, def[i].Recency, first[i].Recency)
		assert.Equal(t, def[i].T, first[i].T)
		require.NoError(t, first[i].Validate())
	}

	// A spend model of every customer: Gamma-Gamma on all customers with a
	// positive spend (one-time buyers included; a few CDNOW purchases are
	// of $0, which a gamma model cannot hold) fits, and differs from the
	// repeat-buyer fit.
	var pos []Customer
	for _, c := range first {
		if c.Monetary > 0 {
			pos = append(pos, c)
		}
	}
	assert.Greater(t, len(pos), 2300)
	gAll, _, err := FitGammaGamma(context.Background(), pos, nil, nil)
	require.NoError(t, err)
	gRep, _, err := FitGammaGamma(context.Background(), def, nil, nil)
	require.NoError(t, err)
	assert.NotEqual(t, gAll, gRep)
	t.Logf("Gamma-Gamma with the first purchase: %+v; repeat purchases only: %+v", gAll, gRep)
}

func TestIncludeFirstPurchaseSmall(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }
	log := []journey.Purchase{
		{Customer: "a", Time: day(1), Amount: 10},
		{Customer: "a", Time: day(1), Amount: 20}, // same day: merged, 30
		{Customer: "a", Time: day(4), Amount: 6},
		{Customer: "b", Time: day(3), Amount: 8},
	}
	o := &SummarySettings{End: day(8), IncludeFirstPurchase: true}
	got, err := Summarize(log, o)
	require.NoError(t, err)
	assert.Equal(t, []Customer{
		{ID: "a", Frequency: 2, Recency: 3, T: 7, Monetary: 18},
		{ID: "b", Frequency: 1, Recency: 0, T: 5, Monetary: 8},
	}, got)
	o.IncludeFirstPurchase = false
	got, err = Summarize(log, o)
	require.NoError(t, err)
	assert.Equal(t, []Customer{
		{ID: "a", Frequency: 1, Recency: 3, T: 7, Monetary: 6},
		{ID: "b", T: 5},
	}, got)
	// SplitHoldout applies the option to the calibration summaries only.
	s, err := SplitHoldout(log, day(3), &SummarySettings{End: day(8), IncludeFirstPurchase: true})
	require.NoError(t, err)
	assert.Equal(t, []Customer{{ID: "a", Frequency: 1, Recency: 0, T: 2, Monetary: 30}, {ID: "b", Frequency: 1, T: 0, Monetary: 8}}, s.Calibration)
	assert.Equal(t, []Holdout{{Frequency: 1, Monetary: 6}, {}}, s.Holdout)
}
