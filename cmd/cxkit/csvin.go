package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cxkit/cxkit/journey"
)

// lineError is a problem in an input file: "file:line: message".
type lineError struct {
	File string
	Line int
	Err  error
}

func (e *lineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *lineError) Unwrap() error { return e.Err }

// csvData is a CSV file read whole: its header, rows and the line number of
// each row (from 1, the header being line 1 in a plain file).
type csvData struct {
	File   string
	Header []string
	Rows   [][]string
	Lines  []int
	index  map[string]int
	// decimalComma says that numbers are written with a decimal comma
	// (3,5 for 3.5): --decimal-comma.
	decimalComma bool
	// delim is the field separator the file was read with.
	delim rune
}

// readCSV reads CSV with a header row. Every row must have as many fields as
// the header; a malformed row gives a *lineError naming it.
func readCSV(file string, r io.Reader) (*csvData, error) {
	var delim rune = ','
	if s, ok := r.(*csvStream); ok {
		delim = s.delim
	}
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &lineError{File: file, Err: errEmptyInput}
		}
		return nil, csvErr(file, err)
	}
	d := &csvData{File: file, Header: header, index: map[string]int{}, delim: delim}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		if _, dup := d.index[h]; !dup {
			d.index[h] = i
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			err = csvErr(file, err)
			if errors.Is(err, csv.ErrFieldCount) {
				err = withHint(err, delimHint(d.Header, delim))
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		d.Rows = append(d.Rows, rec)
		d.Lines = append(d.Lines, line)
	}
	return d, nil
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &lineError{File: file, Line: pe.Line, Err: pe.Err}
	}
	return &lineError{File: file, Err: err}
}

// col returns the index of a named column, or an error listing the columns.
func (d *csvData) col(name string) (int, error) {
	if i, ok := d.index[name]; ok {
		return i, nil
	}
	err := &lineError{File: d.File, Line: 1, Err: fmt.Errorf("no column %q (columns: %s)", name, strings.Join(d.Header, ", "))}
	return 0, withHint(err, delimHint(d.Header, d.delim))
}

// cols returns the indexes of the named columns, in the order given; the
// first one missing is col's error.
func (d *csvData) cols(names ...string) ([]int, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		c, err := d.col(n)
		if err != nil {
			return nil, err
		}
		idx[i] = c
	}
	return idx, nil
}

// has reports whether the file has a column.
func (d *csvData) has(name string) bool { _, ok := d.index[name]; return ok }

// errAt returns a *lineError for row i.
func (d *csvData) errAt(i int, format string, args ...any) error {
	return &lineError{File: d.File, Line: d.Lines[i], Err: fmt.Errorf(format, args...)}
}

// float parses the value of column c in row i as a finite number. A blank
// or NA is an error: a number is missing there.
func (d *csvData) float(i, c int) (float64, error) {
	s := strings.TrimSpace(d.Rows[i][c])
	v, ok := d.parseNum(s)
	if !ok {
		if isMissing(s) {
			return 0, d.errAt(i, "column %q: value %q: a number is missing", d.Header[c], s)
		}
		hint := ""
		if d.needsDecimalComma(s) {
			hint = " (a decimal comma? add --decimal-comma)"
		}
		return 0, d.errAt(i, "column %q: value %q is not a finite number%s", d.Header[c], s, hint)
	}
	return v, nil
}

// parseNum parses a number as the file writes it (with a decimal comma
// under --decimal-comma); NaN and ±Inf are not numbers here.
func (d *csvData) parseNum(s string) (float64, bool) {
	if d.decimalComma {
		if strings.Contains(s, ".") {
			return 0, false // 1.234,5: thousands separators are not read
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// needsDecimalComma reports whether s is a number written with a decimal
// comma (3,5) in a file read without --decimal-comma.
func (d *csvData) needsDecimalComma(s string) bool {
	if d.decimalComma || strings.Count(s, ",") != 1 || strings.Contains(s, ".") {
		return false
	}
	_, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return err == nil
}

// isMissing reports whether a cell is blank or a missing-value marker.
func isMissing(s string) bool {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "NA", "N/A", "NAN", "NULL", "NONE", "-", "?":
		return true
	}
	return false
}

// time parses the value of column c in row i as a timestamp or a date.
func (d *csvData) time(i, c int) (time.Time, error) {
	s := strings.TrimSpace(d.Rows[i][c])
	t, err := journey.ParseTime(s)
	if err != nil {
		if t, err2 := time.Parse("20060102", s); err2 == nil {
			return t, nil
		}
		return time.Time{}, d.errAt(i, "column %q: %q is not a date or timestamp (want 2006-01-02 or RFC 3339)", d.Header[c], s)
	}
	return t, nil
}

// filter keeps the rows where every "column=value" condition holds.
func (d *csvData) filter(where []string) error {
	if len(where) == 0 {
		return nil
	}
	type cond struct {
		col int
		val string
	}
	var cs []cond
	for _, w := range where {
		name, val, ok := strings.Cut(w, "=")
		if !ok {
			return usagef("--where %q: want COLUMN=VALUE", w)
		}
		c, err := d.col(name)
		if err != nil {
			return err
		}
		cs = append(cs, cond{c, val})
	}
	rows, lines := d.Rows[:0], d.Lines[:0]
	for i, r := range d.Rows {
		keep := true
		for _, c := range cs {
			if strings.TrimSpace(r[c.col]) != c.val {
				keep = false
				break
			}
		}
		if keep {
			rows = append(rows, r)
			lines = append(lines, d.Lines[i])
		}
	}
	d.Rows, d.Lines = rows, lines
	return nil
}

// groups returns each row's group (the value of column by, or "all" when by
// is "") and the group names in first-appearance order.
func (d *csvData) groups(by string) (keys []string, names []string, err error) {
	keys = make([]string, len(d.Rows))
	if by == "" {
		for i := range keys {
			keys[i] = "all"
		}
		if len(keys) > 0 {
			names = []string{"all"}
		}
		return keys, names, nil
	}
	c, err := d.col(by)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for i, r := range d.Rows {
		k := strings.TrimSpace(r[c])
		keys[i] = k
		if !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
	}
	return keys, names, nil
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// readInput opens the named input, reads it as CSV and applies --where.
func readInput(e *env, name string, where []string) (*csvData, error) {
	rc, file, err := openInput(e, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d, err := readCSV(file, rc)
	if err != nil {
		return nil, err
	}
	d.decimalComma = e.dialect.decimalComma
	if len(d.Rows) == 0 {
		return nil, &lineError{File: d.File, Err: errNoRows}
	}
	if err := d.filter(where); err != nil {
		return nil, err
	}
	if len(d.Rows) == 0 {
		return nil, &lineError{File: d.File, Err: fmt.Errorf("no rows where %s", strings.Join(where, " and "))}
	}
	return d, nil
}

// readColumns reads the named input as readInput does and returns the
// indexes of the columns cols (csvData.cols).
func readColumns(e *env, name string, where []string, cols ...string) (*csvData, []int, error) {
	d, err := readInput(e, name, where)
	if err != nil {
		return nil, nil, err
	}
	cs, err := d.cols(cols...)
	return d, cs, err
}

var (
	errNoRows     = errors.New("no data rows: the file has only a header")
	errEmptyInput = errors.New("empty input: want a CSV header row")
)
