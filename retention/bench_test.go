package retention

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/reftest"
)

// benchData names a directory to write the benchmarks' data sets to, for
// the peers (testdata/bench_survival.R, testdata/bench_cohorts.py):
//
//	go test ./retention -run WriteBenchData -benchdata /tmp/retention-bench
var benchData = flag.String("benchdata", "", "write the benchmark data sets (CSV) to this directory")

// benchTenures returns n tenures from a fixed seed: exponential with mean
// 400 days (a faster-churning second group for half of them), censored at
// a uniform follow-up of up to 1,000 days. days rounds them up to whole
// days, as tenures usually come; otherwise every time is distinct.
func benchTenures(n int, days bool) ([]float64, []int, []int) {
	rng := rand.New(rand.NewPCG(20261207, 19))
	times := make([]float64, n)
	events := make([]int, n)
	groups := make([]int, n)
	for i := range n {
		g := rng.IntN(2)
		t := rng.ExpFloat64() * 400 / (1 + 0.3*float64(g))
		follow := rng.Float64() * 1000
		e := 1
		if follow < t {
			t, e = follow, 0
		}
		if days {
			t = math.Ceil(t)
		}
		times[i], events[i], groups[i] = t, e, g
	}
	return times, events, groups
}

// benchLadder times run on benchTenures of 10⁴ and 10⁶ tenures, in whole
// days (many ties) and in fractions (none), with its CPU time beside.
func benchLadder(b *testing.B, run func(times []float64, events, groups []int)) {
	for _, n := range []int{1e4, 1e6} {
		for _, days := range []bool{true, false} {
			times, events, groups := benchTenures(n, days)
			b.Run(fmt.Sprintf("n=%d/days=%v", n, days), func(b *testing.B) {
				b.ReportAllocs()
				reftest.BenchCPU(b, func() { run(times, events, groups) })
			})
		}
	}
}

func BenchmarkKaplanMeier(b *testing.B) {
	benchLadder(b, func(times []float64, events, _ []int) {
		c, _ := KaplanMeier(context.Background(), times, events, nil)
		_ = c.Median() // as R's survfit + summary()$table
	})
}

func BenchmarkLogRank(b *testing.B) {
	benchLadder(b, func(times []float64, events, groups []int) {
		_, _ = LogRank(context.Background(), times, events, groups, nil, nil)
	})
}

// BenchmarkKaplanMeierLogRank is the comparison: the curve with
// its median and the two-group test on the same 1,000,000 tenures.
func BenchmarkKaplanMeierLogRank(b *testing.B) {
	times, events, groups := benchTenures(1e6, false)
	b.ReportAllocs()
	reftest.BenchCPU(b, func() {
		c, _ := KaplanMeier(context.Background(), times, events, nil)
		_ = c.Median()
		_, _ = LogRank(context.Background(), times, events, groups, nil, nil)
	})
}

func BenchmarkRiskSetMerge(b *testing.B) {
	times, events, _ := benchTenures(1e5, true)
	x, _ := NewRiskSet(context.Background(), times[:5e4], events[:5e4], nil)
	y, _ := NewRiskSet(context.Background(), times[5e4:], events[5e4:], nil)
	b.ReportAllocs()
	for b.Loop() {
		z := RiskSet{Rows: x.Rows}
		_ = z.Merge(y)
	}
}

func BenchmarkFitSBG(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = FitSBG(ctx, [][]int64{fhRegular, fhHighEnd}, nil)
	}
}

// benchLog returns n events of n/10 customers over 2024 from a fixed seed:
// each customer's first event on a random day, later ones spread after it.
func benchLog(n int) ([]int64, []time.Time) {
	rng := rand.New(rand.NewPCG(7, 19))
	customers := make([]int64, n)
	times := make([]time.Time, n)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m := max(n/10, 1)
	first := make([]time.Duration, m)
	for c := range first {
		first[c] = time.Duration(rng.Int64N(int64(300 * 24 * time.Hour)))
	}
	for i := range n {
		c := rng.IntN(m)
		customers[i] = int64(c)
		later := time.Duration(rng.ExpFloat64() * float64(30*24*time.Hour))
		times[i] = t0.Add(first[c] + later)
	}
	return customers, times
}

// BenchmarkCohorts is the weekly cohort table (Cohorts, then Table with
// its Wilson intervals) from an event log; n=10000000 is the issue's
// comparison with pandas (testdata/bench_cohorts.py on the same events).
func BenchmarkCohorts(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1e5, 1e6, 1e7} {
		customers, times := benchLog(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			reftest.BenchCPU(b, func() {
				c, _ := Cohorts(ctx, customers, times, nil, nil)
				_, _ = c.Table(nil)
			})
		})
	}
}

// writeTenures writes tenures as CSV: time (shortest round-trip form),
// event, group.
func writeTenures(w io.Writer, times []float64, events, groups []int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "time,event,group")
	buf := make([]byte, 0, 64)
	for i := range times {
		buf = strconv.AppendFloat(buf[:0], times[i], 'g', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(events[i]), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(groups[i]), 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// writeEvents writes an event log as CSV: customer, time_ns (Unix
// nanoseconds, UTC).
func writeEvents(w io.Writer, customers []int64, times []time.Time) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "customer,time_ns")
	buf := make([]byte, 0, 64)
	for i := range customers {
		buf = strconv.AppendInt(buf[:0], customers[i], 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, times[i].UnixNano(), 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// writeCounts writes cohort counts as CSV, one line per cohort and period:
// week (days since 1970-01-01 of its Sunday, divided by 7), period, size,
// active, retained; the form testdata/bench_cohorts.py compares.
func writeCounts(w io.Writer, c CohortCounts) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "week,period,size,active,retained")
	for _, r := range c.Cohorts {
		week := (r.Start.Unix()/86400 + 4) / 7
		for n := range r.Active {
			fmt.Fprintf(bw, "%d,%d,%d,%d,%d\n", week, n, r.Size, r.Active[n], r.Retained[n])
		}
	}
	return bw.Flush()
}

func createFile(t *testing.T, dir, name string, write func(io.Writer) error) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, write(f))
	require.NoError(t, f.Close())
	return path
}

// TestWriteBenchData writes the benchmarks' data sets, small ones to a
// temporary directory read back here to check that the CSV carries the
// generators' values exactly, and, with -benchdata DIR, the full ones
// (1,000,000 tenures in days and continuous, 10,000,000 events with Go's
// weekly cohort counts) to DIR for the peers.
func TestWriteBenchData(t *testing.T) {
	dir, nT, nE := t.TempDir(), 1000, 5000
	if *benchData != "" {
		dir, nT, nE = *benchData, 1e6, 1e7
		require.NoError(t, os.MkdirAll(dir, 0o755))
	}
	for _, days := range []bool{true, false} {
		times, events, groups := benchTenures(nT, days)
		path := createFile(t, dir, fmt.Sprintf("tenures_days_%v.csv", days), func(w io.Writer) error {
			return writeTenures(w, times, events, groups)
		})
		n := eachRow(t, path, func(i int, r []string) {
			x, err := strconv.ParseFloat(r[0], 64)
			require.NoError(t, err)
			if x != times[i] || r[1] != strconv.Itoa(events[i]) || r[2] != strconv.Itoa(groups[i]) {
				t.Fatalf("%s line %d: %v, want %v %d %d", path, i+2, r, times[i], events[i], groups[i])
			}
		})
		require.Equal(t, nT, n)
	}
	customers, times := benchLog(nE)
	path := createFile(t, dir, "events.csv", func(w io.Writer) error { return writeEvents(w, customers, times) })
	n := eachRow(t, path, func(i int, r []string) {
		ns, err := strconv.ParseInt(r[1], 10, 64)
		require.NoError(t, err)
		if r[0] != strconv.FormatInt(customers[i], 10) || !time.Unix(0, ns).Equal(times[i]) {
			t.Fatalf("%s line %d: %v, want %d %v", path, i+2, r, customers[i], times[i])
		}
	})
	require.Equal(t, nE, n)
	counts, err := Cohorts(context.Background(), customers, times, nil, nil)
	require.NoError(t, err)
	createFile(t, dir, "go_cohorts.csv", func(w io.Writer) error { return writeCounts(w, counts) })
	assert.NotEmpty(t, counts.Cohorts)
}

// eachRow calls f with the 0-based number and fields of every line of the
// CSV file after its header, and returns the number of lines.
func eachRow(t *testing.T, path string, f func(i int, r []string)) int {
	t.Helper()
	file, err := os.Open(path)
	require.NoError(t, err)
	defer file.Close()
	r := csv.NewReader(bufio.NewReaderSize(file, 1<<20))
	r.ReuseRecord = true
	_, err = r.Read()
	require.NoError(t, err)
	i := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return i
		}
		require.NoError(t, err)
		f(i, rec)
		i++
	}
}
