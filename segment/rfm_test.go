package segment

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cxkit/cxkit/datasets"
	"github.com/cxkit/cxkit/internal/csvtest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cdnow is the CDNOW purchase log, as package datasets embeds it (the same
// file as testdata/cdnow_sample.txt, which SOURCE.md describes).
func cdnow(t testing.TB) []journey.Purchase {
	t.Helper()
	p, err := datasets.CDNOWSample()
	require.NoError(t, err)
	return p
}

var cdnowAsOf = time.Date(1998, 7, 1, 0, 0, 0, 0, time.UTC)

func TestReferenceCDNOWRFM(t *testing.T) {
	c := loadRef(t)["cdnow_rfm_quintiles_asof_1998-07-01"]
	purchases := cdnow(t)
	require.Len(t, purchases, field[int](t, c.Expected, "n_transactions"))
	rows, err := BuildRFM(context.Background(), purchases, cdnowAsOf)
	require.NoError(t, err)
	require.Len(t, rows, field[int](t, c.Expected, "n_customers"))

	// Per customer, against the expected file.
	recs := csvtest.Read(t, filepath.Join("testdata", "cdnow_rfm_expected_asof_1998-07-01.csv")).Records
	require.Len(t, recs, len(rows))
	atoi := func(s string) int {
		v, err := strconv.Atoi(s)
		require.NoError(t, err)
		return v
	}
	mismatches := 0
	for i, rec := range recs {
		r := rows[i]
		m, err := strconv.ParseFloat(rec[4], 64)
		require.NoError(t, err)
		ok := r.Customer == rec[0] && r.Recency == atoi(rec[1]) && r.Frequency == atoi(rec[2]) &&
			r.Days == atoi(rec[3]) && r.R == atoi(rec[6]) && r.F == atoi(rec[7]) && r.M == atoi(rec[8]) &&
			r.Cell() == atoi(rec[9]) && r.Segment.String() == rec[10]
		ok = ok && assert.InDelta(t, m, r.Monetary, 0.005, "customer %s", rec[0])
		if !ok {
			mismatches++
			if mismatches < 5 {
				t.Errorf("customer %s: got %+v, want %v", rec[0], r, rec)
			}
		}
	}
	assert.Zero(t, mismatches)

	// Aggregates.
	var total, rec, freq float64
	counts := map[string]int{}
	score := [3]map[string]int{{}, {}, {}}
	sums := map[string][3]float64{}
	cells := map[int]bool{}
	for _, r := range rows {
		total += r.Monetary
		rec += float64(r.Recency)
		freq += float64(r.Frequency)
		counts[r.Segment.String()]++
		score[0][strconv.Itoa(r.R)]++
		score[1][strconv.Itoa(r.F)]++
		score[2][strconv.Itoa(r.M)]++
		s := sums[r.Segment.String()]
		sums[r.Segment.String()] = [3]float64{s[0] + float64(r.Recency), s[1] + float64(r.Frequency), s[2] + r.Monetary}
		cells[r.Cell()] = true
	}
	n := float64(len(rows))
	assert.InDelta(t, field[float64](t, c.Expected, "total_monetary"), total, 0.005)
	assert.InEpsilon(t, field[float64](t, c.Expected, "recency_mean"), rec/n, 1e-9)
	assert.InEpsilon(t, field[float64](t, c.Expected, "frequency_mean"), freq/n, 1e-9)
	assert.InEpsilon(t, field[float64](t, c.Expected, "monetary_mean"), total/n, 1e-9)
	assert.Equal(t, field[map[string]int](t, c.Expected, "segment_counts"), counts)
	assert.Equal(t, field[map[string]int](t, c.Expected, "r_score_counts"), score[0])
	assert.Equal(t, field[map[string]int](t, c.Expected, "f_score_counts"), score[1])
	assert.Equal(t, field[map[string]int](t, c.Expected, "m_score_counts"), score[2])
	assert.Len(t, cells, field[int](t, c.Expected, "rfm_cell_count_distinct"))
	for name, want := range field[map[string][3]float64](t, c.Expected, "segment_mean_recency_frequency_monetary") {
		got := sums[name]
		k := float64(counts[name])
		for j := range want {
			assert.InEpsilon(t, want[j], got[j]/k, 1e-9, "%s measure %d", name, j)
		}
	}
	for key, name := range field[map[string]string](t, c.Expected, "segment_grid") {
		assert.Equal(t, name, SegmentOf(int(key[0]-'0'), int(key[1]-'0')).String(), key)
	}
}

func TestReferenceCDNOWRFMSummary(t *testing.T) {
	c := loadRef(t)["cdnow_rfm_quintiles_asof_1998-07-01"]
	rows, err := BuildRFM(context.Background(), cdnow(t), cdnowAsOf)
	require.NoError(t, err)
	minR, maxR, maxF := rows[0].Recency, rows[0].Recency, 0
	money := make([]float64, len(rows))
	for i, r := range rows {
		minR, maxR, maxF = min(minR, r.Recency), max(maxR, r.Recency), max(maxF, r.Frequency)
		money[i] = r.Monetary
	}
	assert.Equal(t, field[int](t, c.Expected, "recency_min"), minR)
	assert.Equal(t, field[int](t, c.Expected, "recency_max"), maxR)
	assert.Equal(t, field[int](t, c.Expected, "frequency_max"), maxF)
	slices.Sort(money)
	median := (money[len(money)/2-1] + money[len(money)/2]) / 2
	if len(money)%2 == 1 {
		median = money[len(money)/2]
	}
	assert.InDelta(t, field[float64](t, c.Expected, "monetary_median"), median, 0.005)
	type first struct {
		Customer  int     `json:"customer_id"`
		Recency   int     `json:"recency"`
		Frequency int     `json:"frequency"`
		Monetary  float64 `json:"monetary"`
		R         int     `json:"r_score"`
		F         int     `json:"f_score"`
		M         int     `json:"m_score"`
		Segment   string  `json:"segment"`
	}
	for i, want := range field[[]first](t, c.Expected, "first_5_customers") {
		got := rows[i]
		assert.Equal(t, strconv.Itoa(want.Customer), got.Customer)
		assert.Equal(t, []int{want.Recency, want.Frequency, want.R, want.F, want.M}, []int{got.Recency, got.Frequency, got.R, got.F, got.M})
		assert.InDelta(t, want.Monetary, got.Monetary, 0.005)
		assert.Equal(t, want.Segment, got.Segment.String())
	}
}

// TestReferenceCoverage guards against a new public case going untested.
func TestReferenceCoverage(t *testing.T) {
	tested := []string{
		"iris_kmeans_k3_raw", "iris_elbow_raw_k1_to_10", "iris_quality_true_species_labels",
		"tiny_1d_two_clusters_quality", "silhouette_singleton_convention", "iris_standardization_conventions",
		"iris_lloyd_from_rows_0_50_100_strict", "iris_lloyd_from_rows_0_1_2_max_iter_2",
		"blobs300_lloyd_from_rows_0_1_2_strict", "blobs100k_kmeans_k8", "cdnow_rfm_quintiles_asof_1998-07-01",
	}
	ref := loadRef(t)
	got := make([]string, 0, len(ref))
	for name := range ref {
		got = append(got, name)
	}
	assert.ElementsMatch(t, tested, got)
}
