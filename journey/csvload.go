package journey

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Column names recognised by the CSV loaders (case-insensitive). Any other
// column of an event file becomes a property.
var (
	customerCols   = []string{"customer_id", "customer"}
	timeCols       = []string{"timestamp", "time"}
	eventCols      = []string{"event", "name"}
	channelCols    = []string{"channel"}
	touchpointCols = []string{"touchpoint"}
	valueCols      = []string{"value"}
)

// ParseTime reads a timestamp in one of the layouts the loaders accept:
// RFC 3339 with or without fractional seconds ("2024-03-10T09:23:07Z",
// "2024-03-10T09:23:07.5+01:00"), "2006-01-02T15:04:05" and
// "2006-01-02 15:04:05" (read as UTC), or a date "2006-01-02" (midnight UTC).
func ParseTime(s string) (time.Time, error) {
	if t, ok := parseZulu(s); ok {
		return t, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q", ErrBadTime, s)
}

// parseZulu is the fast path for "YYYY-MM-DDTHH:MM:SSZ".
func parseZulu(s string) (time.Time, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			d := s[i] - '0'
			if d > 9 {
				return -1
			}
			v = v*10 + int(d)
		}
		return v
	}
	y, mo, d, h, mi, se := num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC)
	if t.Day() != d { // 31 February and the like
		return time.Time{}, false
	}
	return t, true
}

// header maps the required and optional columns of a CSV header.
type header struct {
	cust, time, name, channel, touchpoint, value int
	props                                        []int
	names                                        []string
}

func findCol(rec []string, names []string) int {
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		for _, n := range names {
			if h == n {
				return i
			}
		}
	}
	return -1
}

func readEventHeader(cr *csv.Reader) (header, error) {
	rec, err := cr.Read()
	if err == io.EOF {
		return header{}, &LineError{Line: 1, Err: fmt.Errorf("%w: empty file, want a header", ErrMalformedRow)}
	}
	if err != nil {
		return header{}, csvLineError(err)
	}
	h := header{
		cust: findCol(rec, customerCols), time: findCol(rec, timeCols), name: findCol(rec, eventCols),
		channel: findCol(rec, channelCols), touchpoint: findCol(rec, touchpointCols), value: findCol(rec, valueCols),
	}
	for _, c := range []struct {
		i    int
		name string
	}{{h.cust, "customer_id"}, {h.time, "timestamp"}, {h.name, "event"}} {
		if c.i < 0 {
			return header{}, &LineError{Line: 1, Err: fmt.Errorf("%w %q in header %q", ErrMissingCol, c.name, strings.Join(rec, ","))}
		}
	}
	for i, name := range rec {
		if i != h.cust && i != h.time && i != h.name && i != h.channel && i != h.touchpoint && i != h.value {
			h.props = append(h.props, i)
			h.names = append(h.names, strings.TrimSpace(name))
		}
	}
	return h, nil
}

// csvLineError turns an encoding/csv parse error into a LineError; other
// errors (from the underlying reader) are returned wrapped, without a line.
func csvLineError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{Line: pe.Line, Err: fmt.Errorf("%w: %v", ErrMalformedRow, pe.Err)}
	}
	return fmt.Errorf("journey: reading CSV: %w", err)
}

// scanEvents reads the CSV body and calls add for every row.
func scanEvents(r io.Reader, add func(h *header, rec []string, t time.Time, v float64) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = 0
	h, err := readEventHeader(cr)
	if err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvLineError(err)
		}
		line, _ := cr.FieldPos(0)
		if rec[h.cust] == "" {
			return &LineError{Line: line, Err: fmt.Errorf("%w: empty customer id", ErrMalformedRow)}
		}
		if rec[h.name] == "" {
			return &LineError{Line: line, Err: fmt.Errorf("%w: empty event name", ErrMalformedRow)}
		}
		t, err := ParseTime(rec[h.time])
		if err != nil {
			return &LineError{Line: line, Err: err}
		}
		var v float64
		if h.value >= 0 && rec[h.value] != "" {
			v, err = strconv.ParseFloat(rec[h.value], 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return &LineError{Line: line, Err: fmt.Errorf("%w: value %q is not a finite number", ErrMalformedRow, rec[h.value])}
			}
		}
		if err := add(&h, rec, t, v); err != nil {
			return &LineError{Line: line, Err: err}
		}
	}
}

func optField(rec []string, i int) string {
	if i < 0 {
		return ""
	}
	return rec[i]
}

// ReadEvents reads an event log in CSV with a header row. The columns
// customer_id (or customer), timestamp (or time) and event (or name) are
// required; channel, touchpoint and value are optional; every other column
// becomes a property. Timestamps are read by [ParseTime]. A row with the wrong
// number of fields, an empty customer or event, a timestamp that does not
// parse or a value that is not a finite number gives a *LineError naming the
// line (from 1, the header being line 1).
func ReadEvents(r io.Reader) ([]Event, error) {
	var out []Event
	err := scanEvents(r, func(h *header, rec []string, t time.Time, v float64) error {
		e := Event{
			Customer: rec[h.cust], Time: t, Name: rec[h.name],
			Channel: optField(rec, h.channel), Touchpoint: optField(rec, h.touchpoint), Value: v,
		}
		for k, i := range h.props {
			if rec[i] != "" {
				if e.Properties == nil {
					e.Properties = make(map[string]string, len(h.props))
				}
				e.Properties[h.names[k]] = rec[i]
			}
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReadLog reads the same CSV format as [ReadEvents] straight into a column
// Log, which takes far less memory than a slice of Events for large files.
func ReadLog(r io.Reader) (*Log, error) {
	l := &Log{}
	err := scanEvents(r, func(h *header, rec []string, t time.Time, v float64) error {
		n := len(l.Customer)
		l.Customer = append(l.Customer, intern(&l.custIdx, &l.Customers, rec[h.cust]))
		l.Time = append(l.Time, t.UnixNano())
		l.Name = append(l.Name, intern(&l.nameIdx, &l.Names, rec[h.name]))
		l.Channel = append(l.Channel, intern(&l.chanIdx, &l.Channels, optField(rec, h.channel)))
		l.Touchpoint = append(l.Touchpoint, intern(&l.tpIdx, &l.Touchpoints, optField(rec, h.touchpoint)))
		if h.value >= 0 {
			l.Value = append(l.Value, v)
		}
		for k, i := range h.props {
			if l.Props == nil {
				l.Props = make(map[string][]string, len(h.props))
			}
			col := l.Props[h.names[k]]
			if col == nil {
				col = make([]string, 0, n+1)
			}
			l.Props[h.names[k]] = append(col, strings.Clone(rec[i]))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// ReadSurveys reads survey responses in CSV with a header row and the columns
// customer_id, timestamp, touchpoint, kind (nps, csat or ces) and rating (an
// integer). Errors name the line, as for [ReadEvents]. Ratings are not checked
// against a scale here; the nps, csat and ces packages do that.
func ReadSurveys(r io.Reader) ([]SurveyResponse, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &LineError{Line: 1, Err: fmt.Errorf("%w: empty file, want a header", ErrMalformedRow)}
	}
	if err != nil {
		return nil, csvLineError(err)
	}
	cols := [5]int{findCol(rec, customerCols), findCol(rec, timeCols), findCol(rec, touchpointCols),
		findCol(rec, []string{"kind"}), findCol(rec, []string{"rating", "score"})}
	for i, name := range []string{"customer_id", "timestamp", "touchpoint", "kind", "rating"} {
		if cols[i] < 0 {
			return nil, &LineError{Line: 1, Err: fmt.Errorf("%w %q in header %q", ErrMissingCol, name, strings.Join(rec, ","))}
		}
	}
	var out []SurveyResponse
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvLineError(err)
		}
		line, _ := cr.FieldPos(0)
		s := SurveyResponse{Customer: rec[cols[0]], Touchpoint: rec[cols[2]]}
		if s.Customer == "" {
			return nil, &LineError{Line: line, Err: fmt.Errorf("%w: empty customer id", ErrMalformedRow)}
		}
		if s.Time, err = ParseTime(rec[cols[1]]); err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		if s.Kind, err = ParseSurveyKind(rec[cols[3]]); err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		if s.Rating, err = strconv.Atoi(strings.TrimSpace(rec[cols[4]])); err != nil {
			return nil, &LineError{Line: line, Err: fmt.Errorf("%w: rating %q is not an integer", ErrMalformedRow, rec[cols[4]])}
		}
		out = append(out, s)
	}
}
