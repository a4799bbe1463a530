package retention

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// Period is the calendar unit of a cohort table: cohorts are the customers
// whose first activity falls in the same calendar day, week or month, and
// retention is counted per period after that.
type Period int

const (
	// Week is a calendar week starting on CohortCounts.WeekStart (Sunday
	// unless set); the zero value.
	Week Period = iota
	// Day is a calendar day, midnight to midnight.
	Day
	// Month is a calendar month.
	Month
)

// locations caches time.LoadLocation, which reads the zone database on
// every call. *time.Location values are immutable, so sharing is safe.
var locations sync.Map // string → *time.Location

// loadLocation returns the location named name ("" means UTC).
func loadLocation(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, badValue(-1, "location", name, fmt.Errorf("%w: %v", ErrOutOfRange, err))
	}
	locations.Store(name, l)
	return l, nil
}

// calendar turns instants into period numbers and back in one time zone.
type calendar struct {
	period    Period
	loc       *time.Location
	weekStart time.Weekday
}

func newCalendar(p Period, location string, ws time.Weekday) (calendar, error) {
	if p < Week || p > Month {
		return calendar{}, badValue(-1, "period", int(p), ErrOutOfRange)
	}
	if ws < time.Sunday || ws > time.Saturday {
		return calendar{}, badValue(-1, "week start", int(ws), ErrOutOfRange)
	}
	loc, err := loadLocation(location)
	if err != nil {
		return calendar{}, err
	}
	return calendar{period: p, loc: loc, weekStart: ws}, nil
}

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (H. Hinnant's algorithm).
func daysFromCivil(y int, m time.Month, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// index returns the number of the period that contains t (0 = the period
// containing 1970-01-01 in the calendar's zone).
func (c calendar) index(t time.Time) int {
	y, m, d := t.In(c.loc).Date()
	switch c.period {
	case Day:
		return daysFromCivil(y, m, d)
	case Month:
		return (y-1970)*12 + int(m) - 1
	default:
		// 1970-01-01 was a Thursday.
		off := (int(time.Thursday) - int(c.weekStart) + 7) % 7
		return floorDiv(daysFromCivil(y, m, d)+off, 7)
	}
}

// start returns the first instant of period i.
func (c calendar) start(i int) time.Time {
	switch c.period {
	case Day:
		return time.Date(1970, 1, 1+i, 0, 0, 0, 0, c.loc)
	case Month:
		return time.Date(1970+floorDiv(i, 12), time.Month(i-12*floorDiv(i, 12)+1), 1, 0, 0, 0, 0, c.loc)
	default:
		off := (int(time.Thursday) - int(c.weekStart) + 7) % 7
		return time.Date(1970, 1, 1+7*i-off, 0, 0, 0, 0, c.loc)
	}
}

// civilFromDays is the inverse of daysFromCivil (H. Hinnant's algorithm).
func civilFromDays(z int) (int, time.Month, int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), d
}

// indexer is a calendar that remembers the zone offset in force over an
// interval (time.Time.ZoneBounds), so that the period of the next instant
// in that interval is arithmetic on Unix seconds instead of a conversion.
// Not safe for concurrent use.
type indexer struct {
	cal    calendar
	lo, hi int64 // Unix seconds [lo, hi) where off holds
	off    int64
	// For days and weeks, period's arithmetic holds on [fast, hi): the
	// seconds of [lo, hi) from the first period after 1970 on (for
	// months, fast = hi).
	fast  int64
	shift int64 // seconds from a week's first day to Thursday, the weekday of 1970-01-01 (weeks only)
	valid bool
}

// at returns the period of Unix second u, with true, when x holds its zone
// offset (else false: call index): one division by a constant, for days
// and weeks after 1970. For a week, ⌊(⌊(u + off)/86400⌋ + d)/7⌋ =
// ⌊(u + off + 86400d)/604800⌋ with d the days from the week's first day to
// Thursday.
func (x *indexer) at(u int64) (int, bool) {
	if u < x.fast || u >= x.hi {
		return 0, false
	}
	a := uint64(u + x.off + x.shift)
	if x.cal.period == Week {
		return int(a / (7 * 86400)), true
	}
	return int(a / 86400), true
}

func (x *indexer) index(t time.Time) int {
	u := t.Unix()
	if !x.valid || u < x.lo || u >= x.hi {
		lt := t.In(x.cal.loc)
		_, off := lt.Zone()
		start, end := lt.ZoneBounds()
		x.lo, x.hi, x.off, x.valid = math.MinInt64, math.MaxInt64, int64(off), true
		if !start.IsZero() {
			x.lo = start.Unix()
		}
		if !end.IsZero() {
			x.hi = end.Unix()
		}
		x.shift, x.fast = 0, x.hi
		switch x.cal.period {
		case Week:
			x.shift = 86400 * int64((int(time.Thursday)-int(x.cal.weekStart)+7)%7)
			fallthrough
		case Day:
			x.fast = max(x.lo, -x.off-x.shift)
		}
	}
	day := int(floorDiv64(u+x.off, 86400))
	switch x.cal.period {
	case Day:
		return day
	case Month:
		y, m, _ := civilFromDays(day)
		return (y-1970)*12 + int(m) - 1
	default:
		off := (int(time.Thursday) - int(x.cal.weekStart) + 7) % 7
		return floorDiv(day+off, 7)
	}
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
