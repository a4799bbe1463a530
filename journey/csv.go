package journey

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
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
	return time.Time{}, badValue("timestamp", s, ErrMalformed)
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

// column is a column a CSV reader looks for: its name in messages, the
// header names it accepts (case-insensitive), and whether it may be missing.
type column struct {
	name     string
	aliases  []string
	optional bool
}

// readCSV reads CSV with a header row. It finds cols in the header (idx[i]
// is the position of cols[i], or -1 for a missing optional column), calls
// header (if not nil) with the header record, then row for every record. A
// missing required column, a malformed record or an error from row comes back
// as an *InputError naming the line.
func readCSV(r io.Reader, cols []column, header func(rec []string, idx []int), row func(rec []string, idx []int) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	rec, err := cr.Read()
	if err == io.EOF {
		return &InputError{Index: -1, Line: 1, Field: "header", Err: fmt.Errorf("%w: empty file", ErrMissing)}
	}
	if err != nil {
		return csvLineError(err)
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = findCol(rec, c.aliases)
		if idx[i] < 0 && !c.optional {
			return &InputError{Index: -1, Line: 1, Field: "header", Value: strings.Join(rec, ","), Err: fmt.Errorf("%w: column %s", ErrMissing, c.name)}
		}
	}
	if header != nil {
		header(rec, idx)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvLineError(err)
		}
		if err := row(rec, idx); err != nil {
			line, _ := cr.FieldPos(0)
			var ie *InputError
			if errors.As(err, &ie) {
				ie.Index, ie.Line = -1, line
				return ie
			}
			return &InputError{Index: -1, Line: line, Field: "row", Err: err}
		}
	}
}

// eventColumns are the columns of an event file, in the order of header's
// fields.
var eventColumns = []column{
	{"customer_id", customerCols, false}, {"timestamp", timeCols, false}, {"event", eventCols, false},
	{"channel", channelCols, true}, {"touchpoint", touchpointCols, true}, {"value", valueCols, true},
}

// csvLineError turns an encoding/csv parse error into an InputError; other
// errors (from the underlying reader) are returned wrapped, without a line.
func csvLineError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{Index: -1, Line: pe.Line, Field: "row", Err: fmt.Errorf("%w: %v", ErrMalformed, pe.Err)}
	}
	return fmt.Errorf("journey: reading CSV: %w", err)
}

// forEachEvent reads the CSV body and calls add for every row.
func forEachEvent(r io.Reader, add func(h *header, rec []string, t time.Time, v float64) error) error {
	var h header
	onHeader := func(rec []string, idx []int) {
		h = header{cust: idx[0], time: idx[1], name: idx[2], channel: idx[3], touchpoint: idx[4], value: idx[5]}
		for i, name := range rec {
			if !slices.Contains(idx, i) {
				h.props = append(h.props, i)
				h.names = append(h.names, strings.TrimSpace(name))
			}
		}
	}
	return readCSV(r, eventColumns, onHeader, func(rec []string, _ []int) error {
		if rec[h.cust] == "" {
			return badValue("customer_id", "", ErrMissing)
		}
		if rec[h.name] == "" {
			return badValue("event", "", ErrMissing)
		}
		t, err := ParseTime(rec[h.time])
		if err != nil {
			return err
		}
		var v float64
		if h.value >= 0 && rec[h.value] != "" {
			v, err = strconv.ParseFloat(rec[h.value], 64)
			if err != nil {
				return badValue("value", rec[h.value], ErrMalformed)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return badValue("value", rec[h.value], ErrNonFinite)
			}
		}
		return add(&h, rec, t, v)
	})
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
// parse or a value that is not a finite number gives an *InputError naming
// the line (from 1, the header being line 1).
func ReadEvents(r io.Reader) ([]Event, error) { return collect(ScanEvents(r)) }

// ScanEvents is the streaming form of [ReadEvents]: it yields the events one
// at a time, in file order, holding one row in memory; the first bad row ends
// the sequence with its *InputError.
func ScanEvents(r io.Reader) iter.Seq2[Event, error] {
	return rows(func(emit func(Event) error) error {
		return forEachEvent(r, func(h *header, rec []string, t time.Time, v float64) error {
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
			return emit(e)
		})
	})
}

// ReadLog reads the same CSV format as [ReadEvents] straight into a column
// Log, which takes far less memory than a slice of Events for large files.
func ReadLog(r io.Reader) (*Log, error) {
	l := &Log{}
	err := forEachEvent(r, func(h *header, rec []string, t time.Time, v float64) error {
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
func ReadSurveys(r io.Reader) ([]SurveyResponse, error) { return collect(ScanSurveys(r)) }

// ScanSurveys is the streaming form of [ReadSurveys]: one response at a time,
// in file order; the first bad row ends the sequence with its *InputError.
func ScanSurveys(r io.Reader) iter.Seq2[SurveyResponse, error] {
	more := []column{{"touchpoint", touchpointCols, false}, {"kind", []string{"kind"}, false}, {"rating", []string{"rating", "score"}, false}}
	return scanCustomerRows(r, more, func(customer string, t time.Time, rec []string, idx []int) (SurveyResponse, error) {
		s := SurveyResponse{Customer: customer, Time: t, Touchpoint: rec[idx[0]]}
		var err error
		if s.Kind, err = ParseSurveyKind(rec[idx[1]]); err != nil {
			return s, err
		}
		if s.Rating, err = strconv.Atoi(strings.TrimSpace(rec[idx[2]])); err != nil {
			return s, badValue("rating", rec[idx[2]], fmt.Errorf("%w: not an integer", ErrMalformed))
		}
		return s, nil
	})
}

// ReadPurchases reads a purchase log in CSV with a header row and the columns
// customer_id, timestamp (any layout of [ParseTime]) and amount (a finite
// number ≥ 0). Errors name the line.
func ReadPurchases(r io.Reader) ([]Purchase, error) { return collect(ScanPurchases(r)) }

// ScanPurchases is the streaming form of [ReadPurchases]: one purchase at a
// time, in file order; the first bad row ends the sequence with its
// *InputError.
func ScanPurchases(r io.Reader) iter.Seq2[Purchase, error] {
	more := []column{{"amount", []string{"amount"}, false}}
	return scanCustomerRows(r, more, func(customer string, t time.Time, rec []string, idx []int) (Purchase, error) {
		amount, err := parseAmount(rec[idx[0]])
		return Purchase{Customer: customer, Time: t, Amount: amount}, err
	})
}

// scanCustomerRows is the streaming reader of a CSV file whose columns are
// customer_id and timestamp, then more (ScanSurveys, ScanPurchases): for
// every row it checks that the customer is not empty and parses the
// timestamp by [ParseTime], then row builds the value from the record, with
// idx[k] the position of more[k]. The first error ends the sequence.
func scanCustomerRows[T any](r io.Reader, more []column, row func(customer string, t time.Time, rec []string, idx []int) (T, error)) iter.Seq2[T, error] {
	return rows(func(emit func(T) error) error {
		cols := append([]column{{"customer_id", customerCols, false}, {"timestamp", timeCols, false}}, more...)
		return readCSV(r, cols, nil, func(rec []string, idx []int) error {
			if rec[idx[0]] == "" {
				return badValue("customer_id", "", ErrMissing)
			}
			t, err := ParseTime(rec[idx[1]])
			if err != nil {
				return err
			}
			v, err := row(rec[idx[0]], t, rec, idx[2:])
			if err != nil {
				return err
			}
			return emit(v)
		})
	})
}

// parseAmount reads a money amount: a finite number ≥ 0.
func parseAmount(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	switch {
	case err != nil:
		return 0, badValue("amount", s, ErrMalformed)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, badValue("amount", s, ErrNonFinite)
	case v < 0:
		return 0, badValue("amount", s, ErrNegative)
	}
	return v, nil
}

// timeLayout is how the writers format timestamps: RFC 3339 in UTC, with
// fractional seconds only when present.
const timeLayout = time.RFC3339Nano

// ReadPaths reads a path table in CSV with a header row: path (channels
// joined by sep, spaces around names trimmed; ">" if sep is ""),
// total_conversions, total_conversion_value and total_null, and optionally
// touch_days_before_conversion (one number per touch joined by sep). Errors
// name the line.
func ReadPaths(r io.Reader, sep string) (*PathTable, error) {
	if sep == "" {
		sep = ">"
	}
	cols := []column{{"path", []string{"path"}, false}, {"total_conversions", []string{"total_conversions"}, false},
		{"total_conversion_value", []string{"total_conversion_value"}, false}, {"total_null", []string{"total_null"}, false},
		{"touch_days_before_conversion", []string{"touch_days_before_conversion"}, true}}
	t := &PathTable{}
	err := readCSV(r, cols, nil, func(rec []string, idx []int) error { return t.addRecord(rec, idx, sep) })
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (t *PathTable) addRecord(rec []string, col []int, sep string) error {
	channels := strings.Split(rec[col[0]], sep)
	for i := range channels {
		channels[i] = strings.TrimSpace(channels[i])
	}
	var v [3]float64
	for i, name := range []string{"total_conversions", "total_conversion_value", "total_null"} {
		x, err := strconv.ParseFloat(strings.TrimSpace(rec[col[i+1]]), 64)
		if err != nil {
			return badValue(name, rec[col[i+1]], ErrMalformed)
		}
		v[i] = x
	}
	var days []float64
	if col[4] >= 0 && strings.TrimSpace(rec[col[4]]) != "" {
		for _, s := range strings.Split(rec[col[4]], sep) {
			d, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return badValue("touch day", s, ErrMalformed)
			}
			days = append(days, d)
		}
	}
	return t.Add(channels, v[0], v[1], v[2], days)
}

// WriteEvents writes events as CSV that [ReadEvents] and [ReadLog] read
// back: customer_id, timestamp, event, channel, touchpoint, value, then one
// column per property name (sorted).
func WriteEvents(w io.Writer, events []Event) error {
	var props []string
	seen := map[string]bool{}
	for _, e := range events {
		for k := range e.Properties {
			if !seen[k] {
				seen[k] = true
				props = append(props, k)
			}
		}
	}
	slices.Sort(props)
	head := append([]string{"customer_id", "timestamp", "event", "channel", "touchpoint", "value"}, props...)
	rec := make([]string, len(head))
	return writeCSV(w, head, events, func(e Event) []string {
		rec[0], rec[1], rec[2], rec[3], rec[4] = e.Customer, e.Time.UTC().Format(timeLayout), e.Name, e.Channel, e.Touchpoint
		rec[5] = ""
		if e.Value != 0 {
			rec[5] = strconv.FormatFloat(e.Value, 'g', -1, 64)
		}
		for i, k := range props {
			rec[6+i] = e.Properties[k]
		}
		return rec
	})
}

// WriteSurveys writes survey responses as CSV that [ReadSurveys] reads
// back: customer_id, timestamp, touchpoint, kind, rating.
func WriteSurveys(w io.Writer, rs []SurveyResponse) error {
	return writeCSV(w, []string{"customer_id", "timestamp", "touchpoint", "kind", "rating"}, rs, func(r SurveyResponse) []string {
		return []string{r.Customer, r.Time.UTC().Format(timeLayout), r.Touchpoint, r.Kind.String(), strconv.Itoa(r.Rating)}
	})
}

// WritePurchases writes purchases as CSV that [ReadPurchases] reads back:
// customer_id, timestamp, amount.
func WritePurchases(w io.Writer, ps []Purchase) error {
	return writeCSV(w, []string{"customer_id", "timestamp", "amount"}, ps, func(p Purchase) []string {
		return []string{p.Customer, p.Time.UTC().Format(timeLayout), strconv.FormatFloat(p.Amount, 'f', -1, 64)}
	})
}

// writeCSV writes the header row head, then the record of each value of
// vs (record may reuse one slice: a record is written before the next is
// asked for), and flushes; it returns the first write error.
func writeCSV[T any](w io.Writer, head []string, vs []T, record func(T) []string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, v := range vs {
		if err := cw.Write(record(v)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
