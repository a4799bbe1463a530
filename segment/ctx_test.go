package segment

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cxkit/cxkit/internal/ctxtest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	bigOnce sync.Once
	big     Matrix // 200,000 × 8: every call below takes seconds on it
)

func bigData() Matrix {
	bigOnce.Do(func() { big = randomBlobs(77, 200_000, 8, 8, 3) })
	return big
}

// assertCancels runs f with a context cancelled after 20 ms and checks that
// f returns context.Canceled soon after (100 ms is the contract; the bound
// here is generous for a loaded machine, and more so under -race).
func assertCancels(t *testing.T, f func(ctx context.Context) error) {
	t.Helper()
	after, err := ctxtest.CancelAfter(20*time.Millisecond, f)
	require.ErrorIs(t, err, context.Canceled)
	require.NotZero(t, after, "returned before the cancel")
	bound := 500 * time.Millisecond
	if raceEnabled {
		bound = 3 * time.Second
	}
	assert.Less(t, after, bound)
}

func TestCancelFit(t *testing.T) {
	x := bigData()
	for _, workers := range []int{1, 2} {
		assertCancels(t, func(ctx context.Context) error {
			_, err := KMeans{K: 40, Restarts: 50, Workers: workers, Src: rand.NewPCG(1, 1)}.Fit(ctx, x)
			return err
		})
	}
	assertCancels(t, func(ctx context.Context) error { // progress: runs in turn
		_, err := KMeans{K: 40, Restarts: 50, Src: rand.NewPCG(1, 1), Progress: func(int, int) {}}.Fit(ctx, x)
		return err
	})
	assertCancels(t, func(ctx context.Context) error {
		_, err := ElbowCurve(ctx, x, 1, 40, KMeans{Restarts: 10, Src: rand.NewPCG(1, 1)})
		return err
	})
	assertCancels(t, func(ctx context.Context) error {
		_, err := KMeans{K: 1, Restarts: 1 << 40, Workers: 1}.Fit(ctx, x) // no seed slice of 2^40
		return err
	})
}

func TestCancelPredict(t *testing.T) {
	x := bigData()
	r := Result{Centers: Matrix{Data: x.Data[:2000*8], Rows: 2000, Cols: 8}}
	assertCancels(t, func(ctx context.Context) error {
		_, err := r.Predict(ctx, x)
		return err
	})
}

func TestCancelSilhouette(t *testing.T) {
	x := bigData()
	head := Matrix{Data: x.Data[:50_000*8], Rows: 50_000, Cols: 8}
	few := make([]int, head.Rows)
	many := make([]int, head.Rows)
	for i := range few {
		few[i] = i % 4
		many[i] = i % 100 // above the pair-sum limit: the per-point path
	}
	for _, labels := range [][]int{few, many} {
		for _, workers := range []int{1, 2} {
			assertCancels(t, func(ctx context.Context) error {
				_, err := Silhouette(ctx, head, labels, &SilhouetteSettings{Workers: workers})
				return err
			})
		}
	}
}

func TestCancelQualityAndMatch(t *testing.T) {
	x := bigData()
	head := Matrix{Data: x.Data[:30_000*8], Rows: 30_000, Cols: 8}
	distinct := make([]int, head.Rows)
	for i := range distinct {
		distinct[i] = i // k = n: k² pairs of centres
	}
	assertCancels(t, func(ctx context.Context) error {
		_, err := DaviesBouldin(ctx, head, distinct)
		return err
	})
	prev := Matrix{Data: x.Data[:1500*8], Rows: 1500, Cols: 8}
	next := Matrix{Data: x.Data[8*1500 : 8*3000], Rows: 1500, Cols: 8}
	assertCancels(t, func(ctx context.Context) error {
		_, err := MatchCenters(ctx, prev, next)
		return err
	})
	assertCancels(t, func(ctx context.Context) error {
		_, err := Align(ctx, prev, Result{Centers: next})
		return err
	})
}

func TestCancelBuildRFM(t *testing.T) {
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	log := make([]journey.Purchase, 1_500_000)
	for i := range log {
		log[i] = journey.Purchase{Customer: strconv.Itoa(rng.IntN(500_000)), Time: base.Add(time.Duration(rng.IntN(1000)) * time.Hour), Amount: 10}
	}
	assertCancels(t, func(ctx context.Context) error {
		_, err := BuildRFM(ctx, log, base.AddDate(1, 0, 0))
		return err
	})
}

func TestSilhouetteProgress(t *testing.T) {
	x := randomBlobs(3, 3000, 3, 3, 1)
	labels := make([]int, x.Rows)
	for i := range labels {
		labels[i] = i % 3
	}
	for _, s := range []*SilhouetteSettings{{Workers: 2}, {Workers: 2, SampleSize: 500, Src: rand.NewPCG(1, 1)}} {
		var calls [][2]int
		s.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
		want, err := Silhouette(context.Background(), x, labels, &SilhouetteSettings{Workers: 1, SampleSize: s.SampleSize, Src: rand.NewPCG(1, 1)})
		require.NoError(t, err)
		got, err := Silhouette(context.Background(), x, labels, s)
		require.NoError(t, err)
		assert.Equal(t, want, got) // progress changes nothing
		require.NotEmpty(t, calls)
		last := calls[len(calls)-1]
		assert.Equal(t, last[1], last[0])
		for i := 1; i < len(calls); i++ {
			assert.Greater(t, calls[i][0], calls[i-1][0])
		}
	}
}

func TestElbowProgress(t *testing.T) {
	x := randomBlobs(3, 2000, 2, 3, 1)
	var calls [][2]int
	_, err := ElbowCurve(context.Background(), x, 2, 4, KMeans{Restarts: 2, MaxIter: 20, Src: rand.NewPCG(1, 1),
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	require.NoError(t, err)
	require.NotEmpty(t, calls)
	assert.Equal(t, [2]int{120, 120}, calls[len(calls)-1]) // 3 fits × 2 runs × 20 steps
	for i := 1; i < len(calls); i++ {
		assert.Greater(t, calls[i][0], calls[i-1][0])
	}

	// With the default restarts, which depend on k, the steps still add up.
	calls = nil
	_, err = ElbowCurve(context.Background(), x, 2, 4, KMeans{MaxIter: 20, Src: rand.NewPCG(1, 1),
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	require.NoError(t, err)
	total := 0
	for k := 2; k <= 4; k++ {
		total += defaultRestarts(x.Rows, k, x.Cols) * 20
	}
	assert.Equal(t, [2]int{total, total}, calls[len(calls)-1])
	for i := 1; i < len(calls); i++ {
		assert.Greater(t, calls[i][0], calls[i-1][0])
		assert.Equal(t, total, calls[i][1])
	}
}
