package clv

import (
	"errors"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/cxkit/cxkit/datasets"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pur is a purchase literal.
func pur(c string, t time.Time, amount float64) journey.Purchase {
	return journey.Purchase{Customer: c, Time: t, Amount: amount}
}

// cdnowLog is the CDNOW purchase log, as package datasets embeds it (the
// same file as testdata/CDNOW_sample.txt, which SOURCE.md describes).
func cdnowLog(tb testing.TB) []journey.Purchase {
	tb.Helper()
	log, err := datasets.CDNOWSample()
	require.NoError(tb, err)
	return log
}

// cdnowOptions is the CDNOW convention of SOURCE.md: day periods, weeks,
// calibration end 1997-09-30.
func cdnowOptions() *SummarySettings {
	return &SummarySettings{Period: Day, Unit: Week, End: time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)}
}

// TestSummarizeCDNOW rebuilds the published CDNOW calibration summary from
// the transaction log (SOURCE.md: x exact for all 2,357 customers, t_x and T
// within 0.0043 weeks, zbar within 0.005 USD).
func TestSummarizeCDNOW(t *testing.T) {
	got, err := Summarize(cdnowLog(t), cdnowOptions())
	require.NoError(t, err)
	want := cdnowWithSpend(t)
	require.Len(t, got, len(want))
	for i, c := range got {
		w := want[i] // the k-th distinct customer of the log has sample id k
		require.Equal(t, strconv.Itoa(i+1), w.ID)
		assert.Equal(t, w.Frequency, c.Frequency, "customer %s x", w.ID)
		assert.InDelta(t, w.Recency, c.Recency, 0.0043, "customer %s t_x", w.ID)
		assert.InDelta(t, w.T, c.T, 0.0043, "customer %s T", w.ID)
		// 0.005 plus rounding: half-cent ties were rounded either way.
		assert.InDelta(t, w.Monetary, c.Monetary, 0.005+1e-9, "customer %s zbar", w.ID)
	}
	var sx float64
	zeros := 0
	for _, c := range got {
		sx += c.Frequency
		if c.Frequency == 0 {
			zeros++
		}
	}
	assert.Equal(t, 2457.0, sx)
	assert.Equal(t, 1411, zeros)
}

func TestSummarizeMergesPeriods(t *testing.T) {
	day := func(d int, h int) time.Time { return time.Date(2024, 1, d, h, 0, 0, 0, time.UTC) }
	// Unsorted input; two purchases on 3 Jan merge into one period.
	log := []journey.Purchase{
		{Customer: "a", Time: day(10, 9), Amount: 5},
		{Customer: "b", Time: day(2, 0), Amount: 7},
		{Customer: "a", Time: day(1, 8), Amount: 100},
		{Customer: "a", Time: day(3, 23), Amount: 4},
		{Customer: "a", Time: day(3, 1), Amount: 6},
	}
	got, err := Summarize(log, &SummarySettings{End: day(15, 0)})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, Customer{ID: "a", Frequency: 2, Recency: 9, T: 14, Monetary: 7.5}, got[0])
	assert.Equal(t, Customer{ID: "b", Frequency: 0, Recency: 0, T: 13, Monetary: 0}, got[1])

	// Weekly periods from Monday: 1 Jan 2024 is a Monday, so days 1-7 are
	// one period and day 10 is in the next.
	got, err = Summarize(log, &SummarySettings{Period: Week, End: day(15, 0)})
	require.NoError(t, err)
	assert.Equal(t, Customer{ID: "a", Frequency: 1, Recency: 1, T: 2, Monetary: 5}, got[0])

	// Default End is the latest purchase; times in days.
	got, err = SummarizeSlices([]string{"x", "x"}, []time.Time{day(1, 0), day(4, 0)}, []float64{1, 2}, nil)
	require.NoError(t, err)
	assert.Equal(t, []Customer{{ID: "x", Frequency: 1, Recency: 3, T: 3, Monetary: 2}}, got)
}

func TestSummarizeBadInput(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := Summarize(nil, nil)
	assert.ErrorIs(t, err, ErrEmpty)

	for name, amt := range map[string]float64{"negative": -1, "NaN": math.NaN(), "Inf": math.Inf(1)} {
		t.Run(name, func(t *testing.T) {
			log := []journey.Purchase{pur("a", t0, 1), pur("b", t0, amt)}
			_, err := Summarize(log, nil)
			assertInvalid(t, err)
			var re *InputError
			require.True(t, errors.As(err, &re))
			assert.Equal(t, 1, re.Index)
			assert.Equal(t, "amount", re.Field)
			assert.Contains(t, err.Error(), "at index 1")
		})
	}
	dup := []journey.Purchase{pur("a", t0, 1), pur("a", t0.Add(Day), 3), pur("a", t0, 1)}
	got, err := Summarize(dup, nil)
	require.NoError(t, err, "duplicates are kept by default")
	assert.Equal(t, 3.0, got[0].Monetary)
	_, err = Summarize(dup, &SummarySettings{RejectDuplicates: true})
	require.ErrorIs(t, err, ErrDuplicate)
	var re *InputError
	require.True(t, errors.As(err, &re))
	assert.Equal(t, 2, re.Index)

	_, err = Summarize(dup, &SummarySettings{Period: -Day})
	assertInvalid(t, err)
	_, err = Summarize(dup, &SummarySettings{End: t0.Add(-Week)})
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = Summarize([]journey.Purchase{pur("a", time.Time{}, 1)}, nil)
	assertInvalid(t, err)
	_, err = SummarizeSlices([]string{"a"}, nil, nil, nil)
	assert.ErrorIs(t, err, ErrLength)
}

func TestSplitHoldout(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }
	log := []journey.Purchase{
		pur("a", day(1), 10), pur("a", day(3), 20), // calibration
		pur("a", day(6), 1), pur("a", day(6), 2), pur("a", day(8), 6), // holdout: 2 periods, 3 and 6
		pur("b", day(2), 5),    // calibration only
		pur("c", day(7), 9),    // first purchase after the cut-off: left out
		pur("a", day(20), 100), // after End: ignored
	}
	s, err := SplitHoldout(log, day(4), &SummarySettings{End: day(10)})
	require.NoError(t, err)
	assert.Equal(t, 6.0, s.Duration)
	require.Len(t, s.Calibration, 2)
	assert.Equal(t, Customer{ID: "a", Frequency: 1, Recency: 2, T: 3, Monetary: 20}, s.Calibration[0])
	assert.Equal(t, Holdout{Frequency: 2, Monetary: 4.5}, s.Holdout[0])
	assert.Equal(t, Holdout{}, s.Holdout[1])

	_, err = SplitHoldout(log, day(12), &SummarySettings{End: day(10)})
	assertInvalid(t, err)
	_, err = SplitHoldout(nil, day(1), nil)
	assert.ErrorIs(t, err, ErrEmpty)
}

// TestSplitHoldoutCDNOW checks the papers' split: calibration weeks 1-39
// equals the published summary, holdout weeks 40-78.
func TestSplitHoldoutCDNOW(t *testing.T) {
	o := cdnowOptions()
	o.End = time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC)
	s, err := SplitHoldout(cdnowLog(t), time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC), o)
	require.NoError(t, err)
	want := cdnowSummary(t)
	require.Len(t, s.Calibration, len(want))
	for i, c := range s.Calibration {
		assert.Equal(t, want[i].Frequency, c.Frequency)
		assert.InDelta(t, want[i].T, c.T, 0.0043)
	}
	assert.InDelta(t, 39.0, s.Duration, 1e-12)
	var hx float64
	for _, h := range s.Holdout {
		hx += h.Frequency
	}
	t.Logf("CDNOW holdout repeat purchase days: %v", hx)
}
