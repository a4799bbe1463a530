package journey

import (
	"fmt"
	"math"
	"strings"

	"github.com/cxkit/cxkit/internal/badinput"
)

// PathTable is a set of aggregated channel paths in the format of the R
// package ChannelAttribution: each row is a distinct sequence of channel
// touches with the number of journeys on it that converted, their total
// value, and the number that did not convert ("nulls"). Channel names are
// coded by first appearance in Channels.
//
// The zero PathTable is empty and ready for [PathTable.Add]. Attribution
// functions only read a table, so it may be shared between goroutines once
// filled.
//
// JSON keys: channels, rows.
type PathTable struct {
	Channels []string
	Rows     []PathRow
	index    map[string]int32
}

// PathRow is one path of a [PathTable].
//
// JSON keys: touches, conversions, value, nulls, days.
type PathRow struct {
	Touches     []int32   // channel codes in touch order, at least one
	Conversions float64   // journeys on this path that converted, ≥ 0
	Value       float64   // their total conversion value, ≥ 0
	Nulls       float64   // journeys on this path that did not convert, ≥ 0
	Days        []float64 // days before conversion per touch (last = 0), or nil
}

// Code returns the code of a channel, adding it if new (−1 for a nil
// table).
func (t *PathTable) Code(channel string) int32 {
	if t == nil {
		return -1
	}
	return intern(&t.index, &t.Channels, channel)
}

// checkCount returns nil when v is a finite number ≥ 0, and otherwise an
// InputError at index i (−1: none) wrapping ErrNonFinite or ErrNegative.
func checkCount(i int, field string, v float64) error {
	return badinput.Count[InputError](i, field, v, ErrNonFinite, ErrNegative)
}

// Add appends a path row. It returns an error, and leaves t as it was, for
// a nil table or an empty path (ErrEmpty), an empty channel name
// (ErrMissing), a negative (ErrNegative) or non-finite (ErrNonFinite) count,
// value or touch day, or days whose length differs from the path's
// (ErrLength).
func (t *PathTable) Add(channels []string, conversions, value, nulls float64, days []float64) error {
	if t == nil {
		return fmt.Errorf("%w: nil path table", ErrEmpty)
	}
	if len(channels) == 0 {
		return fmt.Errorf("%w: empty path", ErrEmpty)
	}
	for i, v := range [3]float64{conversions, value, nulls} {
		if err := checkCount(-1, [3]string{"conversions", "value", "nulls"}[i], v); err != nil {
			return err
		}
	}
	if days != nil && len(days) != len(channels) {
		return fmt.Errorf("%w: %d touch days for %d touches", ErrLength, len(days), len(channels))
	}
	for i, d := range days {
		if err := checkCount(i, "touch day", d); err != nil {
			return err
		}
	}
	for i, c := range channels {
		if c == "" {
			return badAt(i, "channel", "", ErrMissing)
		}
	}
	row := PathRow{Touches: make([]int32, len(channels)), Conversions: conversions, Value: value, Nulls: nulls, Days: days}
	for i, c := range channels {
		row.Touches[i] = t.Code(c)
	}
	t.Rows = append(t.Rows, row)
	return nil
}

// Validate reports whether t is a valid table, as [PathTable.Add] builds
// them: not nil (ErrEmpty), and every row with at least one touch, touch
// codes inside Channels (ErrOutOfRange), finite counts and value ≥ 0, and
// nil touch days or one per touch. Errors about a row are *InputError at
// the row's index. The attribution functions of journey/attribution call it first.
func (t *PathTable) Validate() error {
	if t == nil {
		return fmt.Errorf("%w: nil path table", ErrEmpty)
	}
	nc := len(t.Channels)
	for i := range t.Rows {
		r := &t.Rows[i]
		// One branch-light pass per row; the detailed error only for a bad one.
		ok := len(r.Touches) > 0 && finiteCount(r.Conversions) && finiteCount(r.Value) && finiteCount(r.Nulls) &&
			(r.Days == nil || len(r.Days) == len(r.Touches))
		for _, c := range r.Touches {
			ok = ok && uint(c) < uint(nc)
		}
		for _, d := range r.Days {
			ok = ok && finiteCount(d)
		}
		if !ok {
			return t.rowError(i)
		}
	}
	return nil
}

// finiteCount reports whether v is a finite number ≥ 0.
func finiteCount(v float64) bool { return v >= 0 && v <= math.MaxFloat64 }

// rowError describes what is wrong with row i.
func (t *PathTable) rowError(i int) error {
	r := &t.Rows[i]
	nc := len(t.Channels)
	if len(r.Touches) == 0 {
		return badAt(i, "path", "", fmt.Errorf("%w: no touches", ErrEmpty))
	}
	for _, c := range r.Touches {
		if uint(c) >= uint(nc) {
			return badAt(i, "touch code", fmt.Sprint(c), fmt.Errorf("%w 0..%d", ErrOutOfRange, nc-1))
		}
	}
	for k, v := range [3]float64{r.Conversions, r.Value, r.Nulls} {
		if err := checkCount(i, [3]string{"conversions", "value", "nulls"}[k], v); err != nil {
			return err
		}
	}
	if r.Days != nil && len(r.Days) != len(r.Touches) {
		return badAt(i, "touch days", fmt.Sprint(len(r.Days)), fmt.Errorf("%w: %d touches", ErrLength, len(r.Touches)))
	}
	for _, d := range r.Days {
		if err := checkCount(i, "touch day", d); err != nil {
			return err
		}
	}
	return nil
}

// Totals returns the sums of conversions, value and nulls over all rows
// (zeros for a nil table).
func (t *PathTable) Totals() (conversions, value, nulls float64) {
	if t == nil {
		return 0, 0, 0
	}
	for _, r := range t.Rows {
		conversions += r.Conversions
		value += r.Value
		nulls += r.Nulls
	}
	return
}

// PathsFromJourneys aggregates journeys into a path table: the channels of
// each journey's events (events without a channel skipped) form its path,
// cut before the first event named until when until is not ""; a
// journey converts when its Outcome is OutcomeConverted, and its value is the
// sum of its events' values. Journeys without any channel are left out. Rows
// have no touch days.
func PathsFromJourneys(js []Journey, until string) *PathTable {
	t := &PathTable{}
	rowOf := map[string]int{}
	var key strings.Builder
	for _, j := range js {
		var chans []string
		var value float64
		for _, e := range j.Events {
			value += e.Value
			if until != "" && e.Name == until {
				break
			}
			if e.Channel != "" {
				chans = append(chans, e.Channel)
			}
		}
		if len(chans) == 0 {
			continue
		}
		key.Reset()
		for _, c := range chans {
			key.WriteString(c)
			key.WriteByte(0)
		}
		i, ok := rowOf[key.String()]
		if !ok {
			i = len(t.Rows)
			rowOf[key.String()] = i
			_ = t.Add(chans, 0, 0, 0, nil) // channels are non-empty
		}
		if j.Outcome == OutcomeConverted {
			t.Rows[i].Conversions++
			t.Rows[i].Value += value
		} else {
			t.Rows[i].Nulls++
		}
	}
	return t
}
