package retention

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
	"github.com/cxkit/cxkit/internal/settings"
)

// MaxPeriods is the largest number of periods between the first cohort
// and the end of observation that a cohort table accepts (about 27 years
// of days); a wider span is an error before anything is allocated.
const MaxPeriods = 10_000

// Customer is one customer's activity, as [CohortCounts.Add] takes it.
//
// JSON keys: starts, returns.
type Customer struct {
	// Starts are the times of the start event (first purchase, sign-up,
	// any event). A first-time cohort table puts the customer in the
	// period of the earliest; a recurring one in the period of each.
	Starts []time.Time
	// Returns are the times of the return event (may be the same events).
	Returns []time.Time
}

// CohortRow holds the counts of one cohort.
//
// JSON keys: start, size, active, retained.
type CohortRow struct {
	// Start is the first instant of the cohort's period, in UTC.
	Start time.Time
	// Size is the number of customers in the cohort.
	Size int64
	// Active[n] is the number of them with a return event in period n
	// after the cohort's period ("classic" retention); Active[0] = Size.
	// Periods past the end of the slice count 0.
	Active []int64
	// Retained[n] is the number with a return event in period n or later
	// ("unbounded" retention); Retained[0] = Size.
	Retained []int64
}

// CohortCounts accumulates cohort retention counts: per cohort (the
// customers whose first start event falls in one calendar period), its
// size and, per later period, how many came back. The zero value is a
// weekly first-time table in UTC with weeks starting on Sunday, ready for
// use; set Period, Location, WeekStart and Recurring before the first Add.
//
// Counts add up exactly, so the CohortCounts of shards that partition the
// customers (each customer's events on one shard) over the same time window
// Merge into the counts of the whole: a cohort table can be built on many
// machines. A CohortCounts is not safe for concurrent use: give each
// goroutine its own and Merge them.
//
// JSON keys: period, location, week_start, recurring, end, cohorts.
type CohortCounts struct {
	Period    Period       // the calendar unit; the zero value is Week
	Location  string       // IANA time zone name of the calendar, e.g. "Europe/Paris"; "" means UTC
	WeekStart time.Weekday // first day of a week (Week only); the zero value is Sunday
	// Recurring makes a recurring table: a customer joins the cohort of
	// every period with a start event (PostHog's "recurring"), not only
	// that of the first ("first time").
	Recurring bool
	// End is the end of observation, in UTC: the latest start or return
	// time added, or later if set by hand. Period n of a cohort is
	// observed when it starts no later than End (the last one may be
	// partial).
	End time.Time
	// Cohorts are sorted by Start, one per period that has customers.
	Cohorts []CohortRow
}

func (c *CohortCounts) calendar() (calendar, error) {
	return newCalendar(c.Period, c.Location, c.WeekStart)
}

// Add counts one customer. A customer without start times is not in any
// cohort and is ignored; return times before the cohort's period are
// ignored. Times are placed in periods in c's Location.
func (c *CohortCounts) Add(x Customer) error {
	cal, err := c.calendar()
	if err != nil {
		return err
	}
	if len(x.Starts) == 0 {
		return nil
	}
	starts := make([]int, 0, len(x.Starts))
	returns := make([]int, 0, len(x.Returns))
	end := c.End
	for _, t := range x.Starts {
		starts = append(starts, cal.index(t))
		if t.After(end) {
			end = t
		}
	}
	for _, t := range x.Returns {
		returns = append(returns, cal.index(t))
		if t.After(end) {
			end = t
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	slices.Sort(returns)
	returns = slices.Compact(returns)
	if !c.Recurring {
		starts = starts[:1]
	}
	first := c.firstIndex(cal, starts[0])
	if cal.index(end)-first > MaxPeriods {
		return fmt.Errorf("retention: %w: more than %d periods between the first cohort and the end", ErrOutOfRange, MaxPeriods)
	}
	c.End = end.UTC()
	for _, s := range starts {
		if err := c.count(cal, s, returns); err != nil {
			return err
		}
	}
	return nil
}

// firstIndex returns the smaller of s and the first cohort's period.
func (c *CohortCounts) firstIndex(cal calendar, s int) int {
	if len(c.Cohorts) > 0 {
		return min(s, cal.index(c.Cohorts[0].Start))
	}
	return s
}

// count adds one customer of cohort s with return periods returns (sorted,
// distinct).
func (c *CohortCounts) count(cal calendar, s int, returns []int) error {
	start := cal.start(s).UTC()
	i, found := slices.BinarySearchFunc(c.Cohorts, start, func(r CohortRow, t time.Time) int { return r.Start.Compare(t) })
	if !found {
		c.Cohorts = slices.Insert(c.Cohorts, i, CohortRow{Start: start, Active: []int64{0}, Retained: []int64{0}})
	}
	row := &c.Cohorts[i]
	if row.Size == math.MaxInt64 {
		return overflow()
	}
	row.Size++
	row.Active[0]++
	row.Retained[0]++
	last := 0
	for _, r := range returns {
		if n := r - s; n > 0 {
			for len(row.Active) <= n {
				row.Active = append(row.Active, 0)
				row.Retained = append(row.Retained, 0)
			}
			row.Active[n]++
			last = n
		}
	}
	for n := 1; n <= last; n++ {
		row.Retained[n]++
	}
	return nil
}

// AddAll counts every customer of seq and stops at the first error, whose
// *[InputError] (if it is one) has the customer's position as Index.
func (c *CohortCounts) AddAll(seq iter.Seq[Customer]) error {
	return addall.Seq(seq, c.Add, atIndex)
}

// check reports state that Add cannot produce.
func (c CohortCounts) check() error {
	cal, err := c.calendar()
	if err != nil {
		return err
	}
	var total int64
	for i, r := range c.Cohorts {
		field := fmt.Sprintf("cohort %s", r.Start.Format(time.RFC3339))
		if r.Size > 0 {
			if r.Size > math.MaxInt64-total {
				return overflow()
			}
			total += r.Size
		}
		switch {
		case i > 0 && !r.Start.After(c.Cohorts[i-1].Start):
			return badValue(i, "cohort start", r.Start.Format(time.RFC3339), ErrOrder)
		case !cal.start(cal.index(r.Start)).Equal(r.Start):
			return badValue(i, "cohort start", r.Start.Format(time.RFC3339), fmt.Errorf("%w: not the start of a %v", ErrOutOfRange, c.Period))
		case r.Size == 0:
			return badValue(i, field, 0, fmt.Errorf("%w: a cohort with no customers", ErrEmpty))
		case r.Size < 0:
			return badValue(i, field+" size", r.Size, ErrNegative)
		case len(r.Active) == 0 || len(r.Active) != len(r.Retained) || r.Active[0] != r.Size || r.Retained[0] != r.Size:
			return badValue(i, field, "counts", fmt.Errorf("%w: active and retained need period 0 = size", ErrLength))
		}
		for n := range r.Active {
			if r.Active[n] < 0 || r.Retained[n] < 0 {
				return badValue(n, field+" counts", fmt.Sprintf("%d/%d", r.Active[n], r.Retained[n]), ErrNegative)
			}
			if r.Active[n] > r.Retained[n] || (n > 0 && r.Retained[n] > r.Retained[n-1]) {
				return badValue(n, field+" retained", r.Retained[n], fmt.Errorf("%w: retained must not rise and must cover active", ErrOutOfRange))
			}
		}
	}
	if len(c.Cohorts) > 0 && cal.index(c.End) < cal.index(c.Cohorts[len(c.Cohorts)-1].Start) {
		return badValue(-1, "end", c.End.Format(time.RFC3339), fmt.Errorf("%w: before the last cohort", ErrOutOfRange))
	}
	if len(c.Cohorts) > 0 && cal.index(c.End)-cal.index(c.Cohorts[0].Start) > MaxPeriods {
		return fmt.Errorf("retention: %w: more than %d periods between the first cohort and the end", ErrOutOfRange, MaxPeriods)
	}
	return nil
}

// Merge adds the counts of o, whose calendar (Period, Location, WeekStart)
// and kind (Recurring) must be c's; End becomes the later of the two. A
// mismatch or invalid counts return an error and leave c unchanged.
func (c *CohortCounts) Merge(o CohortCounts) error {
	if c.Period != o.Period || c.Location != o.Location || c.WeekStart != o.WeekStart || c.Recurring != o.Recurring {
		return fmt.Errorf("retention: %w: merging cohort counts of different calendars or kinds", ErrOutOfRange)
	}
	if err := cmp.Or(c.check(), o.check()); err != nil {
		return err
	}
	out := CohortCounts{Period: c.Period, Location: c.Location, WeekStart: c.WeekStart, Recurring: c.Recurring, End: c.End}
	if o.End.After(out.End) {
		out.End = o.End
	}
	i, j := 0, 0
	for i < len(c.Cohorts) || j < len(o.Cohorts) {
		switch {
		case j == len(o.Cohorts) || (i < len(c.Cohorts) && c.Cohorts[i].Start.Before(o.Cohorts[j].Start)):
			out.Cohorts = append(out.Cohorts, cloneRow(c.Cohorts[i]))
			i++
		case i == len(c.Cohorts) || o.Cohorts[j].Start.Before(c.Cohorts[i].Start):
			out.Cohorts = append(out.Cohorts, cloneRow(o.Cohorts[j]))
			j++
		default:
			a, b := c.Cohorts[i], o.Cohorts[j]
			if a.Size > math.MaxInt64-b.Size {
				return overflow()
			}
			r := CohortRow{Start: a.Start, Size: a.Size + b.Size}
			n := max(len(a.Active), len(b.Active))
			r.Active, r.Retained = make([]int64, n), make([]int64, n)
			for k := range n {
				if k < len(a.Active) {
					r.Active[k], r.Retained[k] = a.Active[k], a.Retained[k]
				}
				if k < len(b.Active) {
					r.Active[k] += b.Active[k]
					r.Retained[k] += b.Retained[k]
				}
			}
			out.Cohorts = append(out.Cohorts, r)
			i++
			j++
		}
	}
	*c = out
	return nil
}

func cloneRow(r CohortRow) CohortRow {
	r.Active = slices.Clone(r.Active)
	r.Retained = slices.Clone(r.Retained)
	return r
}

// Definition says which customers count as retained in period n.
type Definition int

const (
	// Classic counts the customers with a return event in period n itself
	// (PostHog's and Amplitude's "N-day" retention); the zero value.
	Classic Definition = iota
	// Unbounded counts those with a return event in period n or later
	// (Amplitude's "unbounded", "rolling" retention): a curve that never
	// rises, the complement of churn.
	Unbounded
)

// TableSettings control [CohortCounts.Table]. A nil *TableSettings means
// all defaults.
//
// JSON keys: definition, level, periods.
type TableSettings struct {
	Definition Definition // Classic (the zero value) or Unbounded
	Level      float64    // confidence level of the Wilson intervals; 0 means 0.95
	Periods    int        // the last period n shown; 0 means all observed
}

// Cell is the retention of one cohort (or of the pooled cohorts) in one
// period.
//
// JSON keys: period, n, retained, rate, ci.
type Cell struct {
	Period   int      // periods after the cohort's own, 0, 1, 2, …
	N        int64    // customers in the cohort(s) observed that long
	Retained int64    // of them, retained in Period by the table's Definition
	Rate     float64  // Retained/N
	CI       Interval // the Wilson (1927) score interval of Rate
}

// Cohort is one row of a cohort table.
//
// JSON keys: start, size, cells.
type Cohort struct {
	Start time.Time // first instant of the cohort's period, in UTC (show it with .In of the Location)
	Size  int64     // customers in the cohort
	Cells []Cell    // periods 0 … the last observed (or TableSettings.Periods)
}

// ChurnCell is the churn of one period of the pooled curve: among the
// customers of the cohorts observed through period n who were still around
// at n − 1 (retained by the unbounded definition), the share never seen
// again from period n on.
//
// "Never seen again" is judged at the end of observation, so the last
// periods of each cohort overstate churn: some of those customers return
// after the end. Read the early periods, or compare groups observed over
// the same window.
//
// JSON keys: period, n, churned, rate, ci.
type ChurnCell struct {
	Period  int      // n ≥ 1
	N       int64    // retained (unbounded) at n − 1, in the cohorts observed through n
	Churned int64    // of them, not retained at n
	Rate    float64  // Churned/N
	CI      Interval // Wilson interval of Rate
}

// Table is a cohort retention table: one row per cohort, the pooled curve
// and the churn per period.
//
// JSON keys: period, location, definition, level, cohorts, overall, churn.
type Table struct {
	Period     Period     // the calendar unit
	Location   string     // the time zone of the calendar; "" means UTC
	Definition Definition // what "retained" means in the cells
	Level      float64    // confidence level of the intervals
	Cohorts    []Cohort   // one per cohort, oldest first
	// Overall is the curve of all cohorts pooled: at period n, the cohorts
	// observed through n only, so a rate is the size-weighted average of
	// those cohorts' rates (Σ retained/Σ size), with its Wilson interval.
	Overall []Cell
	// Churn is the churn per period n ≥ 1 of the pooled unbounded curve,
	// whatever the Definition.
	Churn []ChurnCell
}

// Table returns the cohort table of the counts. Invalid counts (set by
// hand or decoded) return an error; no cohorts wrap [ErrEmpty].
func (c CohortCounts) Table(s *TableSettings) (Table, error) {
	ts := settings.Of(s)
	level, err := resolveLevel(ts.Level)
	if err != nil {
		return Table{}, err
	}
	if ts.Definition < Classic || ts.Definition > Unbounded {
		return Table{}, badValue(-1, "definition", int(ts.Definition), ErrOutOfRange)
	}
	if ts.Periods < 0 {
		return Table{}, badValue(-1, "periods", ts.Periods, ErrNegative)
	}
	if err := c.check(); err != nil {
		return Table{}, err
	}
	if len(c.Cohorts) == 0 {
		return Table{}, fmt.Errorf("retention: %w: no cohorts", ErrEmpty)
	}
	cal, _ := c.calendar()
	z := dist.ZCritical(level)
	end := cal.index(c.End)
	span := end - cal.index(c.Cohorts[0].Start)
	if ts.Periods > 0 {
		span = min(span, ts.Periods)
	}
	t := Table{Period: c.Period, Location: c.Location, Definition: ts.Definition, Level: level}
	pooledN := make([]int64, span+1)
	pooledX := make([]int64, span+1)
	pooledU := make([]int64, span+1)
	for _, r := range c.Cohorts {
		age := min(end-cal.index(r.Start), span)
		co := Cohort{Start: r.Start, Size: r.Size, Cells: make([]Cell, age+1)}
		for n := 0; n <= age; n++ {
			var act, ret int64
			if n < len(r.Active) {
				act, ret = r.Active[n], r.Retained[n]
			}
			x := act
			if ts.Definition == Unbounded {
				x = ret
			}
			co.Cells[n] = cell(n, r.Size, x, z, level)
			pooledN[n] += r.Size
			pooledX[n] += x
			pooledU[n] += ret
		}
		t.Cohorts = append(t.Cohorts, co)
	}
	for n := 0; n <= span; n++ {
		t.Overall = append(t.Overall, cell(n, pooledN[n], pooledX[n], z, level))
	}
	// Churn at n uses the cohorts observed through n, at n − 1 and n.
	for n := 1; n <= span; n++ {
		var prev, cur int64
		for _, r := range c.Cohorts {
			if end-cal.index(r.Start) < n {
				continue
			}
			if n-1 < len(r.Retained) {
				prev += r.Retained[n-1]
			}
			if n < len(r.Retained) {
				cur += r.Retained[n]
			}
		}
		cc := ChurnCell{Period: n, N: prev, Churned: prev - cur, Rate: math.NaN(), CI: Interval{Lower: math.NaN(), Upper: math.NaN(), Level: level}}
		if prev > 0 {
			cc.Rate = float64(cc.Churned) / float64(prev)
			iv := interval.Wilson(float64(cc.Churned), float64(prev), z)
			cc.CI = Interval{Lower: iv.Lower, Upper: iv.Upper, Level: level}
		}
		t.Churn = append(t.Churn, cc)
	}
	return t, nil
}

func cell(n int, size, x int64, z, level float64) Cell {
	c := Cell{Period: n, N: size, Retained: x, Rate: math.NaN(), CI: Interval{Lower: math.NaN(), Upper: math.NaN(), Level: level}}
	if size > 0 {
		c.Rate = float64(x) / float64(size)
		iv := interval.Wilson(float64(x), float64(size), z)
		c.CI = Interval{Lower: iv.Lower, Upper: iv.Upper, Level: level}
	}
	return c
}

// RiskSet returns the customers' lifetimes in periods as survival data:
// a customer last retained (unbounded) at period n − 1 churned at time n,
// and one retained at the last observed period m of the cohort is censored
// at m. [RiskSet.KaplanMeier] then gives the lifetime curve of all cohorts
// together (each cohort counting as long as it is observed), and
// [LogRankRiskSets] compares two segments' curves ([CompareCohorts]).
func (c CohortCounts) RiskSet() (RiskSet, error) {
	if err := c.check(); err != nil {
		return RiskSet{}, err
	}
	cal, _ := c.calendar()
	end := cal.index(c.End)
	var rs RiskSet
	for _, r := range c.Cohorts {
		age := end - cal.index(r.Start)
		for n := 1; n <= age+1; n++ {
			var prev, cur int64
			if n-1 < len(r.Retained) {
				prev = r.Retained[n-1]
			}
			if n <= age && n < len(r.Retained) {
				cur = r.Retained[n]
			}
			if n == age+1 {
				// Still retained at the last observed period: censored there.
				if prev > 0 {
					row, _ := rs.row(float64(age))
					row.Censored += prev
				}
				break
			}
			if d := prev - cur; d > 0 {
				row, _ := rs.row(float64(n))
				row.Events += d
			}
		}
	}
	return rs, nil
}

// CompareCohorts tests whether two groups of customers (two segments, two
// acquisition channels, two cohorts: a first, b second) have the same
// retention curve, by the log-rank test on their lifetimes in periods
// ([CohortCounts.RiskSet]): at each period n, the customers of a and b
// still around at n − 1 who are never seen again from n on. Each customer
// counts once, so the periods of a curve are not treated as independent
// samples. The HazardRatio is b's churn hazard relative to a's (below 1:
// b retains better). Use it for first-time tables; in a recurring table a
// customer appears in several cohorts. A customer's last return is only
// known up to the end of observation, so compare groups observed over the
// same window (segments of the same cohorts); comparing a young cohort
// with an old one at the same age favours the old one, whose customers
// had longer to come back.
func CompareCohorts(a, b CohortCounts, s *Settings) (LogRankResult, error) {
	ra, err := a.RiskSet()
	if err != nil {
		return LogRankResult{}, err
	}
	rb, err := b.RiskSet()
	if err != nil {
		return LogRankResult{}, err
	}
	if len(ra.Rows) == 0 || len(rb.Rows) == 0 {
		return LogRankResult{}, fmt.Errorf("retention: %w: a group with no customers", ErrEmpty)
	}
	// At most MaxPeriods rows per group: no context needed.
	return LogRankRiskSets(context.Background(), [][]RiskSet{{ra, rb}}, s)
}

// CohortSettings control [Cohorts]. A nil *CohortSettings means all
// defaults: weekly first-time cohorts in UTC, weeks from Sunday, any
// event starting and any event returning, observation up to the last
// event.
//
// JSON keys: period, location, week_start, start_event, return_event,
// recurring, end (Progress is not encoded).
type CohortSettings struct {
	Period    Period       // the calendar unit; the zero value is Week
	Location  string       // IANA time zone name, e.g. "America/New_York"; "" means UTC
	WeekStart time.Weekday // first day of a week; the zero value is Sunday
	// StartEvent is the event name that puts a customer in a cohort; ""
	// means any event.
	StartEvent string
	// ReturnEvent is the event name that counts as a return; "" means any
	// event. It may differ from StartEvent (sign-up, then purchase).
	ReturnEvent string
	// Recurring makes a recurring table (see [CohortCounts]).
	Recurring bool
	// End is the end of observation; the zero value means the time of the
	// last event in the log.
	End time.Time
	// Progress, when not nil, is called with the events processed so far
	// and their total, from the caller's goroutine. Not encoded.
	Progress func(done, total int)
}

// Cohorts counts cohort retention from an event log: customers[i] did
// something named names[i] at times[i] (names nil: every event matches any
// StartEvent or ReturnEvent, which must then be ""). Customer ids can be
// any comparable type (string, int64); integer ids need no map. The log
// need not be sorted. Its cost is O(n + customers) when customers are at
// most two per event and customers × periods at most 128 per event (a bit
// each, in 64-bit words per customer), else one radix sort of n keys. Its
// memory beyond the log is at most about 4 bytes per event in the first
// case (1.7 for the weekly table of 10,000,000 events in the benchmark),
// 16 in the second, and 4 more with a map for ids that are not integers.
// It checks ctx every 65,536 events. Slices of different lengths wrap
// [ErrLength]; an empty log [ErrEmpty]; a log spanning more than
// [MaxPeriods] periods [ErrOutOfRange], at the index of its latest event.
func Cohorts[K comparable](ctx context.Context, customers []K, times []time.Time, names []string, s *CohortSettings) (CohortCounts, error) {
	cs := settings.Of(s)
	out := CohortCounts{Period: cs.Period, Location: cs.Location, WeekStart: cs.WeekStart, Recurring: cs.Recurring}
	cal, err := out.calendar()
	if err != nil {
		return CohortCounts{}, err
	}
	n := len(customers)
	if len(times) != n || (names != nil && len(names) != n) {
		return CohortCounts{}, fmt.Errorf("retention: %w: %d customers, %d times, %d names", ErrLength, n, len(times), len(names))
	}
	if names == nil && (cs.StartEvent != "" || cs.ReturnEvent != "") {
		return CohortCounts{}, fmt.Errorf("retention: %w: event names are needed to select %q and %q", ErrLength, cs.StartEvent, cs.ReturnEvent)
	}
	if n == 0 {
		return CohortCounts{}, fmt.Errorf("retention: %w: no events", ErrEmpty)
	}
	// Pass 1: the first and last events (the periods are monotone in time),
	// and the customers as numbers: integer ids as they are (when their
	// range is small enough), other ids through a map to dense numbers.
	id := intID(customers)
	var cust []int32
	var nCust int
	if id == nil {
		if cust, nCust, err = denseCustomers(ctx, customers); err != nil {
			return CohortCounts{}, err
		}
	}
	minID, maxID := int64(math.MaxInt64), int64(math.MinInt64)
	first, last := -1, -1 // indices of the earliest and latest events up to End
	var minU, maxU int64  // their Unix seconds, to skip most comparisons
	ids64, _ := any(customers).([]int64)
	hasEnd := !cs.End.IsZero()
	for i := range n {
		if i%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return CohortCounts{}, err
			}
			if cs.Progress != nil && i > 0 {
				cs.Progress(i, 2*n)
			}
		}
		if ids64 != nil {
			minID, maxID = min(minID, ids64[i]), max(maxID, ids64[i])
		} else if id != nil {
			v := id(i)
			minID, maxID = min(minID, v), max(maxID, v)
		}
		t := &times[i]
		if hasEnd && t.After(cs.End) {
			continue
		}
		switch u := t.Unix(); {
		case first < 0:
			first, last, minU, maxU = i, i, u, u
		case u <= minU && t.Before(times[first]):
			first, minU = i, u
		case u >= maxU && t.After(times[last]):
			last, maxU = i, u
		}
	}
	if first < 0 {
		return CohortCounts{}, fmt.Errorf("retention: %w: no events up to End", ErrEmpty)
	}
	lo := cal.index(times[first])
	if cal.index(times[last])-lo > MaxPeriods {
		return CohortCounts{}, badValue(last, "time", times[last].Format(time.RFC3339), fmt.Errorf("%w: the log spans more than %d periods", ErrOutOfRange, MaxPeriods))
	}
	end := cs.End
	if end.IsZero() {
		end = times[last]
	} else if cal.index(end)-lo > MaxPeriods {
		return CohortCounts{}, fmt.Errorf("retention: %w: more than %d periods to End", ErrOutOfRange, MaxPeriods)
	}
	out.End = end.UTC()
	span := cal.index(end) - lo
	// Integer ids must fit in a sort key with the period and kind bits;
	// ids too far apart are numbered densely.
	if id != nil && (maxID-minID < 0 || uint64(maxID-minID) >= 1<<(62-bits.Len(uint(span)))) {
		if cust, nCust, err = denseCustomers(ctx, customers); err != nil {
			return CohortCounts{}, err
		}
		id = nil
	}
	m := nCust // customers, numbered 0 … m−1
	if id != nil {
		m = int(maxID-minID) + 1
	}
	if id == nil {
		ids64 = nil
	}
	custNum := func(i int) int {
		if ids64 != nil {
			return int(ids64[i] - minID)
		}
		if id != nil {
			return int(id(i) - minID)
		}
		return int(cust[i])
	}
	// Pass 2: the distinct (customer, period, kind) of the events (kind
	// bit 1: a start event, bit 0: a return event). When customers are few
	// (at most two per event) and customers × periods not many (at most
	// two 64-bit words per event, the memory of sorting), bitsets of
	// periods per customer hold them, in O(n + m): all at once when they
	// take at most 2 bytes per event ([periodSets]), else a block of
	// customers at a time ([periodScatter]). Otherwise one sort key per
	// event, customer | period | kind, radix-sorted once with duplicates
	// removed.
	w := span + 1
	shared := names == nil || (cs.StartEvent == "" && cs.ReturnEvent == "")
	sets := uint64(2)
	if shared {
		sets = 1
	}
	var dense *periodSets
	var sparse *periodScatter
	var keys []uint64
	switch words := uint64(w+63) / 64; {
	case uint64(m)*uint64(w)*sets <= 16*uint64(n):
		dense = newPeriodSets(m, w, n, shared)
	case uint64(m) <= 2*uint64(n) && uint64(m)*words*sets <= 2*uint64(n):
		sparse = newPeriodScatter(m, w, shared)
		for i := range n {
			sparse.count(custNum(i))
		}
		sparse.layout(n)
	default:
		keys = make([]uint64, n)
	}
	pShift := uint(bits.Len(uint(span))) + 2 // a sort key's customer bits start here
	ix := indexer{cal: cal}
	nKeys := 0
	for i := range n {
		if i%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return CohortCounts{}, err
			}
			if cs.Progress != nil {
				cs.Progress(n+i, 2*n)
			}
		}
		var kind uint32
		if names == nil || cs.StartEvent == "" || names[i] == cs.StartEvent {
			kind = 2
		}
		if names == nil || cs.ReturnEvent == "" || names[i] == cs.ReturnEvent {
			kind |= 1
		}
		t := &times[i]
		if kind == 0 || (hasEnd && t.After(cs.End)) {
			continue
		}
		p, ok := ix.at(t.Unix())
		if !ok {
			p = ix.index(*t)
		}
		c, p := custNum(i), p-lo
		switch {
		case dense != nil:
			dense.set(c, p, kind)
		case sparse != nil:
			sparse.set(c, p, kind)
		default:
			keys[nKeys] = uint64(c)<<pShift | uint64(p)<<2 | uint64(kind)
			nKeys++
		}
	}
	cust = nil
	// Pass 3: per customer its start and return periods, counted.
	rows := make(cohortAccs, span+1)
	var starts, rets []int
	visit := func(sw, rw []uint64) {
		if !cs.Recurring {
			rows.addBits(sw, rw)
			return
		}
		starts = setBits(starts[:0], sw)
		rets = setBits(rets[:0], rw)
		rows.add(starts, rets, true)
	}
	switch {
	case dense != nil:
		err = dense.each(ctx, visit)
	case sparse != nil:
		err = sparse.each(ctx, visit)
	default:
		err = countKeys(ctx, keys[:nKeys], pShift, rows, cs.Recurring)
	}
	if err != nil {
		return CohortCounts{}, err
	}
	rows.finish()
	for s, r := range rows {
		if r.size == 0 {
			continue
		}
		// Trim trailing zero periods, as Add leaves them.
		m := len(r.active)
		for m > 1 && r.active[m-1] == 0 && r.retained[m-1] == 0 {
			m--
		}
		out.Cohorts = append(out.Cohorts, CohortRow{Start: cal.start(lo + s).UTC(), Size: r.size, Active: r.active[:m:m], Retained: r.retained[:m:m]})
	}
	if cs.Progress != nil {
		cs.Progress(2*n, 2*n)
	}
	return out, nil
}

// countKeys counts the customers of the sort keys customer | period |
// kind (see Cohorts) into rows, after sorting them.
func countKeys(ctx context.Context, keys []uint64, pShift uint, rows cohortAccs, recurring bool) error {
	keys, err := sortDistinct(ctx, keys)
	if err != nil {
		return err
	}
	pMask := uint64(1)<<(pShift-2) - 1
	var starts, rets []int
	for i := 0; i < len(keys); {
		c := keys[i] >> pShift
		starts, rets = starts[:0], rets[:0]
		for ; i < len(keys) && keys[i]>>pShift == c; i++ {
			p := int(keys[i] >> 2 & pMask)
			if keys[i]&2 != 0 && (len(starts) == 0 || starts[len(starts)-1] != p) {
				starts = append(starts, p)
			}
			if keys[i]&1 != 0 && (len(rets) == 0 || rets[len(rets)-1] != p) {
				rets = append(rets, p)
			}
		}
		rows.add(starts, rets, recurring)
	}
	return nil
}

// intID returns, when K is an integer type that fits in int64, a function
// that gives customers[i] as an int64; nil otherwise.
func intID[K comparable](customers []K) func(int) int64 {
	switch cs := any(customers).(type) {
	case []int:
		return func(i int) int64 { return int64(cs[i]) }
	case []int64:
		return func(i int) int64 { return cs[i] }
	case []int32:
		return func(i int) int64 { return int64(cs[i]) }
	case []uint32:
		return func(i int) int64 { return int64(cs[i]) }
	}
	return nil
}

// denseCustomers numbers the customers 0, 1, … in order of appearance
// through a map sized for a few events per customer (to avoid most
// rehashing); consecutive events of one customer (a log sorted by
// customer) skip the lookup.
func denseCustomers[K comparable](ctx context.Context, customers []K) ([]int32, int, error) {
	ids := make(map[K]int32, min(len(customers)/4, 1<<22))
	cust := make([]int32, len(customers))
	for i, k := range customers {
		if i%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		if i > 0 && k == customers[i-1] {
			cust[i] = cust[i-1]
			continue
		}
		c, ok := ids[k]
		if !ok {
			if len(ids) == math.MaxInt32 {
				return nil, 0, fmt.Errorf("retention: %w: more than 2³¹ customers", ErrOutOfRange)
			}
			c = int32(len(ids))
			ids[k] = c
		}
		cust[i] = c
	}
	return cust, len(ids), nil
}

// cohortAcc holds the counts of one cohort while Cohorts builds them.
type cohortAcc struct {
	size             int64
	active, retained []int64
}

type cohortAccs []cohortAcc

// add counts one customer with start periods starts and return periods
// rets (both ascending, distinct, relative to the first period): in the
// cohort of its first start, or of every start when recurring. retained
// holds, until [cohortAccs.finish], the number of customers whose last
// return is d periods after the cohort's (a histogram, O(1) per customer).
func (rows cohortAccs) add(starts, rets []int, recurring bool) {
	if len(starts) == 0 {
		return
	}
	if !recurring {
		starts = starts[:1]
	}
	for _, s := range starts {
		r := rows.row(s)
		last := 0
		for _, p := range rets {
			if d := p - s; d > 0 && d < len(r.active) {
				r.active[d]++
				last = d
			}
		}
		r.retained[last]++
	}
}

// row returns cohort s's counts with one more customer.
func (rows cohortAccs) row(s int) *cohortAcc {
	r := &rows[s]
	if r.active == nil {
		span := len(rows) - 1
		r.active = make([]int64, span-s+1)
		r.retained = make([]int64, span-s+1)
	}
	r.size++
	r.active[0]++
	return r
}

// addBits counts one first-time customer from its bitsets of start and
// return periods, as add does from their positions.
func (rows cohortAccs) addBits(starts, rets []uint64) {
	s := -1
	for j, w := range starts {
		if w != 0 {
			s = j*64 + bits.TrailingZeros64(w)
			break
		}
	}
	if s < 0 {
		return
	}
	r := rows.row(s)
	last := 0
	j := s / 64
	w := rets[j] &^ (uint64(2)<<(s%64) - 1) // periods after s
	for {
		for w != 0 {
			d := j*64 + bits.TrailingZeros64(w) - s
			r.active[d]++
			last = d
			w &= w - 1
		}
		if j++; j == len(rets) {
			break
		}
		w = rets[j]
	}
	r.retained[last]++
}

// finish turns the histograms of last returns into retained counts:
// retained[d] = the customers whose last return is d or more periods
// after the cohort's, retained[0] = size.
func (rows cohortAccs) finish() {
	for i := range rows {
		r := &rows[i]
		for d := len(r.retained) - 2; d >= 1; d-- {
			r.retained[d] += r.retained[d+1]
		}
		if len(r.retained) > 0 {
			r.retained[0] = r.size
		}
	}
}

// setBits appends the positions of the set bits of ws, ascending.
func setBits(dst []int, ws []uint64) []int {
	for j, w := range ws {
		for w != 0 {
			dst = append(dst, j*64+bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
	return dst
}
