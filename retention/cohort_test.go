package retention

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(m time.Month, d int) time.Time { return time.Date(2024, m, d, 12, 0, 0, 0, time.UTC) }

// smallLog is a hand-counted log: weeks from Monday 2024-01-01.
//
//	c1: start wk0 (Jan 1), back wk1, wk3     c4: start wk1 (Jan 8), back wk2, wk3
//	c2: start wk0 (Jan 3), back wk2          c5: start wk1 (Jan 10)
//	c3: start wk0 (Sun Jan 7)
func smallLog() ([]string, []time.Time, []string) {
	type ev struct {
		c    string
		t    time.Time
		name string
	}
	evs := []ev{
		{"c1", day(1, 1), "signup"}, {"c1", day(1, 9), "purchase"}, {"c1", day(1, 23), "purchase"},
		{"c2", day(1, 3), "signup"}, {"c2", day(1, 17), "purchase"}, {"c2", day(1, 18), "purchase"},
		{"c3", day(1, 7), "signup"},
		{"c4", day(1, 8), "signup"}, {"c4", day(1, 15), "purchase"}, {"c4", day(1, 22), "purchase"},
		{"c5", day(1, 10), "signup"},
	}
	// Out of order on purpose.
	slices.Reverse(evs)
	var cs, ns []string
	var ts []time.Time
	for _, e := range evs {
		cs, ts, ns = append(cs, e.c), append(ts, e.t), append(ns, e.name)
	}
	return cs, ts, ns
}

func TestCohortsHandCounted(t *testing.T) {
	cs, ts, ns := smallLog()
	s := &CohortSettings{WeekStart: time.Monday, StartEvent: "signup", ReturnEvent: "purchase"}
	counts, err := Cohorts(context.Background(), cs, ts, ns, s)
	require.NoError(t, err)
	require.Len(t, counts.Cohorts, 2)
	assert.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), counts.Cohorts[0].Start)
	assert.Equal(t, time.Date(2024, 1, 8, 0, 0, 0, 0, time.UTC), counts.Cohorts[1].Start)
	assert.Equal(t, []int64{3, 1, 1, 1}, counts.Cohorts[0].Active)
	assert.Equal(t, []int64{3, 2, 2, 1}, counts.Cohorts[0].Retained)
	assert.Equal(t, []int64{2, 1, 1}, counts.Cohorts[1].Active)
	assert.Equal(t, []int64{2, 1, 1}, counts.Cohorts[1].Retained)

	tab, err := counts.Table(nil)
	require.NoError(t, err)
	assert.Equal(t, 0.95, tab.Level)
	require.Len(t, tab.Cohorts[0].Cells, 4)
	require.Len(t, tab.Cohorts[1].Cells, 3, "the second cohort is observed through week 2")
	rates := func(cells []Cell) []float64 {
		var out []float64
		for _, c := range cells {
			out = append(out, c.Rate)
		}
		return out
	}
	assert.InDeltaSlice(t, []float64{1, 0.4, 0.4, 1.0 / 3}, rates(tab.Overall), 1e-15)
	assert.Equal(t, int64(3), tab.Overall[3].N, "only the first cohort is observed through week 3")
	require.Len(t, tab.Churn, 3)
	assert.Equal(t, []int64{2, 0, 1}, []int64{tab.Churn[0].Churned, tab.Churn[1].Churned, tab.Churn[2].Churned})
	assert.Equal(t, []int64{5, 3, 2}, []int64{tab.Churn[0].N, tab.Churn[1].N, tab.Churn[2].N})

	unb, err := counts.Table(&TableSettings{Definition: Unbounded, Periods: 2})
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{1, 0.6, 0.6}, rates(unb.Overall), 1e-15)
	// Wilson interval of 3/5 at 95 %: (x + z²/2)/(n + z²) ± z/(n + z²)·√(x(n − x)/n + z²/4).
	z := 1.959963984540054
	centre := (3 + z*z/2) / (5 + z*z)
	half := z / (5 + z*z) * math.Sqrt(3.0*2/5+z*z/4)
	assert.InDelta(t, centre-half, unb.Overall[1].CI.Lower, 1e-12)
	assert.InDelta(t, centre+half, unb.Overall[1].CI.Upper, 1e-12)

	// Lifetimes in weeks: KM 3/5 after week 1, then ½ at week 3.
	rs, err := counts.RiskSet()
	require.NoError(t, err)
	assert.Equal(t, []RiskRow{{Time: 1, Events: 2}, {Time: 2, Censored: 1}, {Time: 3, Events: 1, Censored: 1}}, rs.Rows)
	km, err := rs.KaplanMeier(nil)
	require.NoError(t, err)
	assert.InDelta(t, 0.3, km.Steps[2].Survival, 1e-15)

	// The accumulator path counts the same.
	var acc CohortCounts
	acc.WeekStart = time.Monday
	byCustomer := map[string]*Customer{}
	for i, c := range cs {
		if byCustomer[c] == nil {
			byCustomer[c] = &Customer{}
		}
		if ns[i] == "signup" {
			byCustomer[c].Starts = append(byCustomer[c].Starts, ts[i])
		} else {
			byCustomer[c].Returns = append(byCustomer[c].Returns, ts[i])
		}
	}
	for _, c := range []string{"c5", "c1", "c3", "c2", "c4"} {
		require.NoError(t, acc.Add(*byCustomer[c]))
	}
	assert.Equal(t, counts, acc)

	// Shards of customers merge into the whole.
	var a, b CohortCounts
	a.WeekStart, b.WeekStart = time.Monday, time.Monday
	require.NoError(t, a.Add(*byCustomer["c1"]))
	require.NoError(t, a.Add(*byCustomer["c4"]))
	require.NoError(t, b.Add(*byCustomer["c2"]))
	require.NoError(t, b.Add(*byCustomer["c3"]))
	require.NoError(t, b.Add(*byCustomer["c5"]))
	require.NoError(t, a.Merge(b))
	assert.Equal(t, counts, a)
	b.Period = Month
	require.ErrorIs(t, a.Merge(b), ErrOutOfRange)
}

func TestCohortsCalendar(t *testing.T) {
	ctx := context.Background()
	// 23:30 UTC on Sunday 7 January is Monday morning in Tokyo: a new week
	// when weeks start on Monday, the same week when they start on Sunday.
	ts := []time.Time{time.Date(2024, 1, 6, 12, 0, 0, 0, time.UTC), time.Date(2024, 1, 7, 23, 30, 0, 0, time.UTC)}
	cs := []int64{1, 1}
	for _, c := range []struct {
		loc  string
		ws   time.Weekday
		per  Period
		want []int64
	}{
		{"", time.Monday, Week, []int64{1}},              // both in the week of Mon 1 Jan
		{"Asia/Tokyo", time.Monday, Week, []int64{1, 1}}, // the second is in the next week
		{"Asia/Tokyo", time.Sunday, Week, []int64{1, 1}}, // Sat 6th vs Mon 8th: weeks of Sun 31 Dec and Sun 7 Jan
		{"", time.Sunday, Week, []int64{1, 1}},           // Sat 6th vs Sun 7th
		{"", time.Sunday, Month, []int64{1}},
		{"", time.Sunday, Day, []int64{1, 1}},
	} {
		counts, err := Cohorts(ctx, cs, ts, nil, &CohortSettings{Location: c.loc, WeekStart: c.ws, Period: c.per})
		require.NoError(t, err)
		require.Len(t, counts.Cohorts, 1)
		assert.Equal(t, c.want, counts.Cohorts[0].Active, "%+v", c)
	}
	// Cohort starts are local midnights.
	counts, err := Cohorts(ctx, cs, ts, nil, &CohortSettings{Location: "Asia/Tokyo", Period: Month})
	require.NoError(t, err)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	assert.True(t, counts.Cohorts[0].Start.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, tokyo)))
	// Period numbering round-trips for every unit and week start.
	for _, p := range []Period{Day, Week, Month} {
		for ws := time.Sunday; ws <= time.Saturday; ws++ {
			cal, err := newCalendar(p, "America/New_York", ws)
			require.NoError(t, err)
			for i := -800; i < 800; i += 7 {
				assert.Equal(t, i, cal.index(cal.start(i)), "%v %v %d", p, ws, i)
				assert.Equal(t, i-1, cal.index(cal.start(i).Add(-time.Second)))
			}
		}
	}
}

func TestCohortsRecurring(t *testing.T) {
	// One customer active in weeks 0, 1 and 3: in a recurring table they
	// belong to cohorts 0, 1 and 3.
	ts := []time.Time{day(1, 1), day(1, 8), day(1, 22)}
	counts, err := Cohorts(context.Background(), []string{"x", "x", "x"}, ts, nil, &CohortSettings{WeekStart: time.Monday, Recurring: true})
	require.NoError(t, err)
	require.Len(t, counts.Cohorts, 3)
	assert.Equal(t, []int64{1, 1, 0, 1}, counts.Cohorts[0].Active)
	assert.Equal(t, []int64{1, 0, 1}, counts.Cohorts[1].Active)
	assert.Equal(t, []int64{1}, counts.Cohorts[2].Active)
}

func TestCompareCohorts(t *testing.T) {
	// b keeps its customers longer than a.
	mk := func(keep int) CohortCounts {
		var c CohortCounts
		c.WeekStart = time.Monday
		for i := range 200 {
			x := Customer{Starts: []time.Time{day(1, 1)}}
			weeks := i % keep
			for w := 1; w <= weeks; w++ {
				x.Returns = append(x.Returns, day(1, 1).AddDate(0, 0, 7*w))
			}
			require.NoError(t, c.Add(x))
		}
		c.End = day(3, 1)
		return c
	}
	a, b := mk(3), mk(8)
	r, err := CompareCohorts(a, b, nil)
	require.NoError(t, err)
	assert.True(t, r.Defined)
	assert.Less(t, r.P, 1e-6)
	assert.Less(t, r.HazardRatio, 1.0, "b churns more slowly")
	assert.Less(t, r.CI.Upper, 1.0)
	same, err := CompareCohorts(a, a, nil)
	require.NoError(t, err)
	assert.InDelta(t, 0, same.Statistic, 1e-12)
}

func TestCohortsErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Cohorts(ctx, []int{1}, nil, nil, nil)
	require.ErrorIs(t, err, ErrLength)
	_, err = Cohorts[int](ctx, nil, nil, nil, nil)
	require.ErrorIs(t, err, ErrEmpty)
	_, err = Cohorts(ctx, []int{1}, []time.Time{day(1, 1)}, nil, &CohortSettings{StartEvent: "x"})
	require.ErrorIs(t, err, ErrLength)
	_, err = Cohorts(ctx, []int{1}, []time.Time{day(1, 1)}, nil, &CohortSettings{Location: "Mars/Olympus"})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = Cohorts(ctx, []int{1}, []time.Time{day(1, 1)}, nil, &CohortSettings{Period: 7})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = Cohorts(ctx, []int{1, 2}, []time.Time{day(1, 1), day(1, 1).AddDate(30, 0, 0)}, nil, &CohortSettings{Period: Day})
	require.ErrorIs(t, err, ErrOutOfRange)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 1, ie.Index)
	_, err = Cohorts(ctx, []int{1}, []time.Time{day(3, 1)}, nil, &CohortSettings{End: day(1, 1)})
	require.ErrorIs(t, err, ErrEmpty)

	var empty CohortCounts
	_, err = empty.Table(nil)
	require.ErrorIs(t, err, ErrEmpty)
	bad := CohortCounts{Cohorts: []CohortRow{{Start: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), Size: 0, Active: []int64{0}, Retained: []int64{0}}}, End: day(1, 1)}
	_, err = bad.Table(nil)
	require.ErrorIs(t, err, ErrEmpty, "a cohort with no customers")
	bad.Cohorts = []CohortRow{
		{Start: time.Date(2024, 1, 7, 0, 0, 0, 0, time.UTC), Size: 1, Active: []int64{1}, Retained: []int64{1}},
		{Start: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), Size: 1, Active: []int64{1}, Retained: []int64{1}},
	}
	_, err = bad.Table(nil)
	require.ErrorIs(t, err, ErrOrder, "periods out of order")
	bad.Cohorts = []CohortRow{{Start: time.Date(2024, 1, 7, 0, 0, 0, 0, time.UTC), Size: 2, Active: []int64{2, 1}, Retained: []int64{2, 0}}}
	_, err = bad.Table(nil)
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = bad.Table(&TableSettings{Level: 2})
	require.ErrorIs(t, err, ErrLevel)
}

func TestCohortsCancel(t *testing.T) {
	n := 3_000_000
	cs := make([]int32, n)
	ts := make([]time.Time, n)
	t0 := day(1, 1)
	for i := range n {
		cs[i] = int32(i % 100_000)
		ts[i] = t0.Add(time.Duration(i) * time.Second)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := Cohorts(ctx, cs, ts, nil, &CohortSettings{Period: Day})
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), time.Second)
}

// TestIndexer checks the cached period numbers against the plain calendar
// on instants around daylight-saving changes and far from 1970.
func TestIndexer(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, loc := range []string{"", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"} {
		for _, p := range []Period{Day, Week, Month} {
			cal, err := newCalendar(p, loc, time.Wednesday)
			require.NoError(t, err)
			ix := indexer{cal: cal}
			base := time.Date(2024, 3, 30, 0, 0, 0, 0, time.UTC)
			for range 3000 {
				tm := base.Add(time.Duration(rng.Int64N(int64(400*24*time.Hour))) - 200*24*time.Hour)
				if rng.IntN(10) == 0 {
					tm = time.Date(1900+rng.IntN(250), 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
				}
				require.Equal(t, cal.index(tm), ix.index(tm), "%s %v %v", loc, p, tm)
				if got, ok := ix.at(tm.Unix()); ok {
					require.Equal(t, cal.index(tm), got, "at: %s %v %v", loc, p, tm)
				}
			}
		}
	}
	for d := -800000; d < 800000; d += 997 {
		y, m, dd := civilFromDays(d)
		require.Equal(t, d, daysFromCivil(y, m, dd))
	}
}

func TestCohortCountsEndBeforeCohort(t *testing.T) {
	c := CohortCounts{End: day(1, 1), Cohorts: []CohortRow{{Start: time.Date(2024, 2, 4, 0, 0, 0, 0, time.UTC), Size: 1, Active: []int64{1}, Retained: []int64{1}}}}
	_, err := c.Table(nil)
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = c.RiskSet()
	require.ErrorIs(t, err, ErrOutOfRange)
}

// TestCohortsNaive compares Cohorts and CohortCounts.Add with a naive
// recount on random logs, for every combination of start and return event
// and of first-time and recurring cohorts.
func TestCohortsNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for trial := range 30 {
		n := 50 + rng.IntN(300)
		cs := make([]int, n)
		ts := make([]time.Time, n)
		ns := make([]string, n)
		for i := range n {
			cs[i] = rng.IntN(40)
			ts[i] = t0.Add(time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))
			ns[i] = []string{"a", "b", "c"}[rng.IntN(3)]
		}
		for _, s := range []CohortSettings{
			{Period: Day},
			{Period: Day, StartEvent: "a", ReturnEvent: "b"},
			{Period: Day, StartEvent: "a", ReturnEvent: "a", Recurring: true},
			{Period: Day, ReturnEvent: "c", Recurring: true},
		} {
			got, err := Cohorts(context.Background(), cs, ts, ns, &s)
			require.NoError(t, err)
			// The same customers as strings (numbered through a map) and
			// as int64 ids too far apart for the sort key (the fallback).
			strIDs := make([]string, n)
			wide := make([]int64, n)
			for i, c := range cs {
				strIDs[i] = fmt.Sprint("customer-", c)
				wide[i] = int64(c)<<57 - 1<<62
			}
			for _, other := range []func() (CohortCounts, error){
				func() (CohortCounts, error) { return Cohorts(context.Background(), strIDs, ts, ns, &s) },
				func() (CohortCounts, error) { return Cohorts(context.Background(), wide, ts, ns, &s) },
			} {
				o, err := other()
				require.NoError(t, err)
				assert.Equal(t, got, o)
			}
			// Naive: per customer, the sets of start and return days.
			dayOf := func(tm time.Time) int { return int(tm.Sub(t0).Hours()) / 24 }
			starts := map[int]map[int]bool{}
			rets := map[int]map[int]bool{}
			last := 0
			for i := range n {
				last = max(last, dayOf(ts[i]))
				if s.StartEvent == "" || ns[i] == s.StartEvent {
					if starts[cs[i]] == nil {
						starts[cs[i]] = map[int]bool{}
					}
					starts[cs[i]][dayOf(ts[i])] = true
				}
				if s.ReturnEvent == "" || ns[i] == s.ReturnEvent {
					if rets[cs[i]] == nil {
						rets[cs[i]] = map[int]bool{}
					}
					rets[cs[i]][dayOf(ts[i])] = true
				}
			}
			type row struct{ size, active, retained [31]int64 }
			want := map[int]*row{}
			for c, ss := range starts {
				first := 31
				for d := range ss {
					first = min(first, d)
				}
				for d := range ss {
					if !s.Recurring && d != first {
						continue
					}
					if want[d] == nil {
						want[d] = &row{}
					}
					r := want[d]
					r.size[0]++
					for k := 0; d+k <= last; k++ {
						any := false
						for e := d + k; e <= last; e++ {
							if rets[c][e] && (k > 0 && e > d) {
								any = true
							}
						}
						if k == 0 || rets[c][d+k] {
							r.active[k]++
						}
						if k == 0 || any {
							r.retained[k]++
						}
					}
				}
			}
			require.Len(t, got.Cohorts, len(want), "trial %d %+v", trial, s)
			for _, r := range got.Cohorts {
				d := dayOf(r.Start)
				w := want[d]
				require.NotNil(t, w, "cohort day %d", d)
				assert.Equal(t, w.size[0], r.Size)
				for k := 0; k < 31; k++ {
					var a, u int64
					if k < len(r.Active) {
						a, u = r.Active[k], r.Retained[k]
					}
					assert.Equal(t, w.active[k], a, "trial %d %+v cohort %d active[%d]", trial, s, d, k)
					assert.Equal(t, w.retained[k], u, "trial %d %+v cohort %d retained[%d]", trial, s, d, k)
				}
			}
			// The accumulator agrees.
			acc := CohortCounts{Period: Day, Recurring: s.Recurring}
			for c := range 40 {
				var x Customer
				for i := range n {
					if cs[i] != c {
						continue
					}
					if s.StartEvent == "" || ns[i] == s.StartEvent {
						x.Starts = append(x.Starts, ts[i])
					}
					if s.ReturnEvent == "" || ns[i] == s.ReturnEvent {
						x.Returns = append(x.Returns, ts[i])
					}
				}
				require.NoError(t, acc.Add(x))
			}
			acc.End = got.End
			assert.Equal(t, got.Cohorts, acc.Cohorts, "trial %d %+v", trial, s)
		}
	}
}

// TestCohortsPaths checks the ways Cohorts counts, on logs whose bitsets
// outgrow the cache: dense bitsets set through block buffers and sparse
// ones a block at a time (int ids, one or two event kinds), the sort path
// (a span of days too wide for the bitsets), all against CohortCounts.Add
// customer by customer.
func TestCohortsPaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name         string
		s            CohortSettings
		spread       time.Duration
		n, customers int
	}{
		{"dense bitsets", CohortSettings{}, 300 * 24 * time.Hour, 200_000, 60_000},
		{"dense bitsets, two kinds", CohortSettings{StartEvent: "a", ReturnEvent: "b", Recurring: true}, 300 * 24 * time.Hour, 400_000, 60_000},
		{"sparse bitsets", CohortSettings{}, 300 * 24 * time.Hour, 120_000, 70_000},
		{"sparse bitsets, two kinds", CohortSettings{StartEvent: "a", ReturnEvent: "b", Recurring: true}, 300 * 24 * time.Hour, 120_000, 70_000},
		{"sort", CohortSettings{Period: Day}, 800 * 24 * time.Hour, 120_000, 70_000},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, customers := c.n, c.customers
			cs := make([]int, n)
			ns := make([]string, n)
			ts := make([]time.Time, n)
			byCustomer := map[int]*Customer{}
			for i := range n {
				cs[i] = 1000 + rng.IntN(customers)
				ts[i] = t0.Add(time.Duration(rng.Int64N(int64(c.spread))))
				ns[i] = []string{"a", "b"}[rng.IntN(2)]
				x := byCustomer[cs[i]]
				if x == nil {
					x = &Customer{}
					byCustomer[cs[i]] = x
				}
				if c.s.StartEvent == "" || ns[i] == c.s.StartEvent {
					x.Starts = append(x.Starts, ts[i])
				}
				if c.s.ReturnEvent == "" || ns[i] == c.s.ReturnEvent {
					x.Returns = append(x.Returns, ts[i])
				}
			}
			got, err := Cohorts(context.Background(), cs, ts, ns, &c.s)
			require.NoError(t, err)
			want := CohortCounts{Period: c.s.Period, Recurring: c.s.Recurring}
			for _, x := range byCustomer {
				require.NoError(t, want.Add(*x))
			}
			// Add ignores customers without a start event, End included;
			// Cohorts observes up to the log's last event.
			assert.False(t, want.End.After(got.End))
			want.End = got.End
			assert.Equal(t, want, got)
		})
	}
}
