package retention

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"math"
	"slices"

	"github.com/cxkit/cxkit/internal/addall"
)

// Tenure is one customer's time under observation: from Entry (0 unless
// the customer entered the study late) to Time, when the customer churned
// (Event true) or was last seen active (Event false: right-censored).
//
// A customer with Entry e > 0 is at risk for the times in (e, Time]: one who
// is first observed after some tenure already (left truncation, "late
// entry") only counts among those at risk from then on, as in R's
// Surv(entry, time, event). Entry 0 means at risk from the start, time 0
// included, so a zero-length tenure (Time 0) is allowed and counts at time
// 0.
//
// JSON keys: time, event, entry.
type Tenure struct {
	Time  float64 // tenure at churn or censoring, ≥ 0
	Event bool    // true: churned at Time; false: still active at Time
	Entry float64 // late entry time, 0 ≤ Entry < Time; 0 means none
}

// check returns the error for t at index i, or nil.
func (t Tenure) check(i int) error {
	switch {
	case math.IsNaN(t.Time) || math.IsInf(t.Time, 0):
		return badValue(i, "tenure", t.Time, ErrNonFinite)
	case t.Time < 0:
		return badValue(i, "tenure", t.Time, ErrNegative)
	case math.IsNaN(t.Entry) || math.IsInf(t.Entry, 0):
		return badValue(i, "entry", t.Entry, ErrNonFinite)
	case t.Entry < 0:
		return badValue(i, "entry", t.Entry, ErrNegative)
	case t.Entry > 0 && t.Entry >= t.Time:
		return badValue(i, "entry", t.Entry, fmt.Errorf("%w: not below its tenure %v", ErrOutOfRange, t.Time))
	}
	return nil
}

// RiskRow holds the counts at one time of a [RiskSet].
//
// JSON keys: time, events, censored, entries.
type RiskRow struct {
	Time     float64 // the time
	Events   int64   // customers who churned at Time
	Censored int64   // customers last seen at Time, still active
	Entries  int64   // customers who entered late at Time (at risk after it)
}

// RiskSet accumulates the counts that every survival estimate of the
// package needs: per distinct time, the churn events, the censored tenures
// and the late entries. The number at risk at time t is the number of
// tenures ending at t or later minus the late entries at t or later.
//
// The zero value is an empty risk set ready for use. A RiskSet holds counts
// only, so merging the risk sets of the parts of a data set gives, bit for
// bit, the risk set of the whole: Kaplan–Meier, Nelson–Aalen, the median
// and the RMST can be computed from partial counts gathered on many
// machines. Add costs O(log m) for a time already seen or later than every
// time seen, and O(m) for a new earlier time (m distinct times); use
// [NewRiskSet] for a batch. A RiskSet is not safe for concurrent use: give
// each goroutine its own and Merge them.
//
// JSON keys: rows.
type RiskSet struct {
	// Rows are sorted by Time, with distinct times and non-negative counts;
	// Merge, the estimates and UnmarshalJSON report rows that are not.
	Rows []RiskRow
}

// NewRiskSet counts tenures times[i] with event flags events[i] (1 churned,
// 0 censored; nil means every tenure ended in churn) and, when entries is
// not nil, late entry times entries[i] (see [Tenure]). Bad values return an
// *[InputError] with their index: a NaN, infinite or negative time, a flag
// outside {0, 1}, an entry not below its tenure; slices of different
// lengths wrap [ErrLength]. The times are radix-sorted once (O(n)); it
// looks at ctx every 65,536 tenures and returns ctx.Err() once it is
// cancelled.
func NewRiskSet(ctx context.Context, times []float64, events []int, entries []float64) (RiskSet, error) {
	if events != nil && len(events) != len(times) {
		return RiskSet{}, fmt.Errorf("retention: %w: %d tenures, %d event flags", ErrLength, len(times), len(events))
	}
	if entries != nil && len(entries) != len(times) {
		return RiskSet{}, fmt.Errorf("retention: %w: %d tenures, %d entry times", ErrLength, len(times), len(entries))
	}
	m := &meter{ctx: ctx}
	// Exits sorted by time, a record's kind in its low bit (0 event, 1
	// censored); late entries in their own list.
	exits, err := exitKeys(m, times, events)
	if err != nil {
		return RiskSet{}, err
	}
	var lates []uint64
	for i, e := range entries {
		if e == 0 {
			continue
		}
		if err := (Tenure{Time: times[i], Entry: e}).check(i); err != nil {
			return RiskSet{}, err
		}
		lates = append(lates, timeKey(e))
		if i%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return RiskSet{}, err
			}
		}
	}
	if err := sortKeys(exits, m); err != nil {
		return RiskSet{}, err
	}
	if err := sortKeys(lates, m); err != nil {
		return RiskSet{}, err
	}
	// Count the distinct times first, to allocate the rows once.
	distinct := 0
	last := uint64(math.MaxUint64)
	err = mergeKeys(ctx, exits, lates, func(k uint64, _ bool) {
		if k>>1 != last {
			distinct++
			last = k >> 1
		}
	})
	if err != nil {
		return RiskSet{}, err
	}
	rs := RiskSet{Rows: make([]RiskRow, 0, distinct)}
	err = mergeKeys(ctx, exits, lates, func(k uint64, late bool) {
		n := len(rs.Rows)
		t := math.Float64frombits(k >> 1)
		if n == 0 || rs.Rows[n-1].Time != t {
			rs.Rows = append(rs.Rows, RiskRow{Time: t})
			n++
		}
		row := &rs.Rows[n-1]
		switch {
		case late:
			row.Entries++
		case k&1 == 0:
			row.Events++
		default:
			row.Censored++
		}
	})
	if err != nil {
		return RiskSet{}, err
	}
	return rs, nil
}

// mergeKeys calls f on the sorted exit keys and the sorted late-entry
// times, as exit-shaped keys (time<<1), in time order, and returns
// ctx.Err() once ctx is cancelled.
func mergeKeys(ctx context.Context, exits, lates []uint64, f func(k uint64, late bool)) error {
	i, j := 0, 0
	for i < len(exits) || j < len(lates) {
		if (i+j)%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if j == len(lates) || (i < len(exits) && exits[i]>>1 <= lates[j]) {
			f(exits[i], false)
			i++
		} else {
			f(lates[j]<<1, true)
			j++
		}
	}
	return nil
}

// Add counts one tenure. A bad tenure is not counted and returns an
// *[InputError] whose Index is -1 (AddAll sets it).
func (r *RiskSet) Add(t Tenure) error {
	if err := t.check(-1); err != nil {
		return err
	}
	row, err := r.row(t.Time)
	if err != nil {
		return err
	}
	if t.Event {
		if row.Events == math.MaxInt64 {
			return overflow()
		}
		row.Events++
	} else {
		if row.Censored == math.MaxInt64 {
			return overflow()
		}
		row.Censored++
	}
	if t.Entry > 0 {
		row, err := r.row(t.Entry)
		if err != nil {
			return err
		}
		if row.Entries == math.MaxInt64 {
			return overflow()
		}
		row.Entries++
	}
	return nil
}

func overflow() error {
	return fmt.Errorf("retention: %w: a count would overflow int64", ErrOutOfRange)
}

// row returns the row at time t, inserting an empty one if needed.
func (r *RiskSet) row(t float64) (*RiskRow, error) {
	n := len(r.Rows)
	if n > 0 && r.Rows[n-1].Time == t {
		return &r.Rows[n-1], nil
	}
	if n == 0 || r.Rows[n-1].Time < t {
		r.Rows = append(r.Rows, RiskRow{Time: t})
		return &r.Rows[n], nil
	}
	i, found := slices.BinarySearchFunc(r.Rows, t, func(row RiskRow, t float64) int { return cmp.Compare(row.Time, t) })
	if !found {
		r.Rows = slices.Insert(r.Rows, i, RiskRow{Time: t})
	}
	return &r.Rows[i], nil
}

// AddAll counts every tenure of seq and stops at the first bad one, whose
// *[InputError] has its position in seq as Index; the tenures before it stay
// counted.
func (r *RiskSet) AddAll(seq iter.Seq[Tenure]) error {
	return addall.Seq(seq, r.Add, atIndex)
}

// Merge adds the counts of o. Rows that are not sorted with distinct times
// or hold negative counts, in either risk set, and counts whose sum would
// overflow int64 return an error, and r is then left unchanged.
func (r *RiskSet) Merge(o RiskSet) error {
	if err := cmp.Or(r.check(), o.check()); err != nil {
		return err
	}
	out := make([]RiskRow, 0, len(r.Rows)+len(o.Rows))
	i, j := 0, 0
	for i < len(r.Rows) || j < len(o.Rows) {
		switch {
		case j == len(o.Rows) || (i < len(r.Rows) && r.Rows[i].Time < o.Rows[j].Time):
			out = append(out, r.Rows[i])
			i++
		case i == len(r.Rows) || o.Rows[j].Time < r.Rows[i].Time:
			out = append(out, o.Rows[j])
			j++
		default:
			a, b := r.Rows[i], o.Rows[j]
			if a.Events > math.MaxInt64-b.Events || a.Censored > math.MaxInt64-b.Censored || a.Entries > math.MaxInt64-b.Entries {
				return overflow()
			}
			out = append(out, RiskRow{Time: a.Time, Events: a.Events + b.Events, Censored: a.Censored + b.Censored, Entries: a.Entries + b.Entries})
			i++
			j++
		}
	}
	if err := (RiskSet{Rows: out}).check(); err != nil {
		return err
	}
	r.Rows = out
	return nil
}

// check reports rows that Add cannot produce.
func (r RiskSet) check() error {
	var nOut, nIn int64
	for i, row := range r.Rows {
		switch {
		case math.IsNaN(row.Time) || math.IsInf(row.Time, 0):
			return badValue(i, "risk row time", row.Time, ErrNonFinite)
		case row.Time < 0:
			return badValue(i, "risk row time", row.Time, ErrNegative)
		case i > 0 && row.Time <= r.Rows[i-1].Time:
			return badValue(i, "risk row time", row.Time, ErrOrder)
		case row.Events < 0 || row.Censored < 0 || row.Entries < 0:
			return badValue(i, "risk row counts", fmt.Sprintf("%d/%d/%d", row.Events, row.Censored, row.Entries), ErrNegative)
		}
		if row.Events > math.MaxInt64-nOut {
			return overflow()
		}
		nOut += row.Events
		if row.Censored > math.MaxInt64-nOut || row.Entries > math.MaxInt64-nIn {
			return overflow()
		}
		nOut += row.Censored
		nIn += row.Entries
	}
	// At every time, the entries still to come cannot exceed the exits
	// still to come: each late entry belongs to a later exit.
	var exits, entries int64
	for i := len(r.Rows) - 1; i >= 0; i-- {
		row := r.Rows[i]
		entries += row.Entries
		if entries > exits {
			return badValue(i, "risk row entries", row.Entries, fmt.Errorf("%w: more late entries than later exits", ErrOutOfRange))
		}
		exits += row.Events + row.Censored
	}
	return nil
}

// N returns the number of tenures counted.
func (r RiskSet) N() int64 {
	var n int64
	for _, row := range r.Rows {
		n += row.Events + row.Censored
	}
	return n
}
