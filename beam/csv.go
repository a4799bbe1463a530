package cxbeam

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths; import gcs, s3, ... for others
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Columns names the CSV columns (by their header) that hold a response's
// key, rating and weight. JSON keys: key, rating, weight.
type Columns struct {
	// Key is the column of the key (segment, team, arm); "" puts every row
	// under the key "" (one overall result).
	Key string
	// Rating is the column of the rating; "" means "rating".
	Rating string
	// Weight is the column of the survey weight; "" means weight 1 for
	// every row.
	Weight string
}

// ReadResponses reads survey responses from the CSV files that match glob
// on any Beam filesystem (local paths, gs://, s3://, …; .gz files are
// decompressed). Each file starts with a header row naming its columns, and
// may hold other columns too. It returns a PCollection<Response> carrying
// each row's file and line, and a PCollection<Rejected> of the rows that do
// not parse: a missing column, a rating that is not a whole number, a weight
// that is not a number, a malformed CSV record, or a file without the
// columns asked for (one Rejected at line 1). It never fails the job on bad
// data; a glob that matches nothing is an error of the job.
//
// Each file is read whole by one worker, from its first line, so that lines
// are numbered exactly (Beam's textio splits files at byte offsets, where
// line numbers are unknown, and cuts quoted fields that hold a newline);
// work spreads over the files, so split big inputs into many files.
func ReadResponses(s beam.Scope, glob string, cols Columns) (responses, rejected beam.PCollection) {
	s = s.Scope("cxbeam.ReadResponses")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()))
	return beam.ParDo2(s, &readResponsesFn{Columns: cols}, files)
}

type readResponsesFn struct{ Columns Columns }

func (f *readResponsesFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, ok func(Response), bad func(Rejected)) error {
	ratingName := f.Columns.Rating
	if ratingName == "" {
		ratingName = "rating"
	}
	var cols []int
	var width int
	vals := make([]string, 3)
	return readCSV(ctx, file, bad, csvReading{
		Header: func(header []string, reject rejectFunc) bool {
			var found bool
			cols, found = findColumns(header, reject, f.Columns.Key, ratingName, f.Columns.Weight)
			width = len(header)
			return found
		},
		Row: func(src string, line int, rec []string, reject rejectFunc) {
			if !pickColumns(rec, cols, vals) {
				rejectShort(reject, line, rec, width)
				return
			}
			resp := Response{Source: src, Line: line, Key: vals[0], Weight: 1}
			rating, weight := vals[1], vals[2]
			v, err := wholeNumber(rating)
			if err != nil {
				reject(line, "rating", rating, fmt.Sprintf("cxbeam: rating %s at line %d: %v", rating, line, err))
				return
			}
			resp.Rating = v
			if cols[2] >= 0 {
				w, err := strconv.ParseFloat(weight, 64)
				if err != nil {
					reject(line, "weight", weight, fmt.Sprintf("cxbeam: weight %s at line %d: not a number", weight, line))
					return
				}
				resp.Weight = w
			}
			ok(resp)
		},
	})
}

// rejectFunc sets a row of the file being read aside: it counts it and
// emits its Rejected.
type rejectFunc func(line int, field, value, reason string)

// csvReading says how readCSV reads a file for one of the Read transforms.
type csvReading struct {
	// Strict requires every record to have as many fields as the header
	// (journey.ReadEvents' rule); otherwise a record may have more or fewer.
	Strict bool
	// Empty is the reason an empty file is set aside; "" means
	// "cxbeam: empty file: no header row".
	Empty string
	// Header checks the header row; false sets the file aside (Header has
	// rejected it).
	Header func(header []string, reject rejectFunc) bool
	// Row takes each record that parses, with its file and 1-based line.
	// The record's slice is reused for the next one: Row keeps its strings,
	// never the slice.
	Row func(src string, line int, rec []string, reject rejectFunc)
	// Malformed rejects a record that does not parse; nil rejects it as
	// field "record" with csv's message.
	Malformed func(err *csv.ParseError, rec []string, reject rejectFunc)
}

// readCSV reads a CSV file with a header row for the Read transforms, whole
// and on one worker so that lines are numbered exactly, and sets its bad
// rows aside through bad (counted by "cxkit/rejected"). An empty file or a
// header that does not parse is one Rejected at line 1. It returns an
// error only for a file it cannot open or read, never for bad data.
func readCSV(ctx context.Context, file fileio.ReadableFile, bad func(Rejected), c csvReading) error {
	rc, err := file.Open(ctx)
	if err != nil {
		return err // an unreadable file is the job's problem, not a bad row
	}
	defer rc.Close()
	src := file.Metadata.Path
	reject := func(line int, field, value, reason string) {
		rejectedCounter.Inc(ctx, 1)
		bad(Rejected{Source: src, Line: line, Field: field, Value: value, Reason: reason})
	}
	r := csv.NewReader(rc)
	if !c.Strict {
		r.FieldsPerRecord = -1
	}
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		reason := cmp.Or(c.Empty, "cxbeam: empty file: no header row")
		if err != io.EOF {
			reason = "cxbeam: " + err.Error()
		}
		reject(1, "header", "", reason)
		return nil
	}
	if !c.Header(header, reject) {
		return nil
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) || pe.Line == 0 {
				return err // an I/O error, not a bad row
			}
			if c.Malformed != nil {
				c.Malformed(pe, rec, reject)
			} else {
				reject(pe.Line, "record", "", "cxbeam: "+err.Error())
			}
			continue
		}
		line, _ := r.FieldPos(0)
		c.Row(src, line, rec, reject)
	}
}

// findColumns returns the index in header of each named column (trimmed,
// without a byte order mark; the first of duplicates), −1 for a name "". A
// column missing from the header sets the file aside: it is rejected at
// line 1 and findColumns returns false.
func findColumns(header []string, reject rejectFunc, names ...string) ([]int, bool) {
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	cols := make([]int, len(names))
	for j, name := range names {
		if name == "" {
			cols[j] = -1
			continue
		}
		i, found := idx[name]
		if !found {
			reject(1, "header", strings.Join(header, ","), fmt.Sprintf("cxbeam: no column %q in the header: the file is set aside", name))
			return nil, false
		}
		cols[j] = i
	}
	return cols, true
}

// pickColumns stores the trimmed value of each column of rec in out ("" for
// the column −1), or returns false when rec is too short to have them all.
func pickColumns(rec []string, cols []int, out []string) bool {
	for j, i := range cols {
		switch {
		case i < 0:
			out[j] = ""
		case i >= len(rec):
			return false
		default:
			out[j] = strings.TrimSpace(rec[i])
		}
	}
	return true
}

// rejectShort sets aside a record too short to have the columns asked for,
// from a file whose header has width fields.
func rejectShort(reject rejectFunc, line int, rec []string, width int) {
	reject(line, "record", strings.Join(rec, ","), fmt.Sprintf("cxbeam: line %d has %d fields, fewer than the header's %d", line, len(rec), width))
}

// wholeNumber parses a rating written as an integer ("9") or as a float
// with no fractional part ("9.0").
func wholeNumber(s string) (int, error) {
	if i, err := strconv.Atoi(s); err == nil {
		return i, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, errors.New("not a number")
	case math.IsNaN(x) || math.IsInf(x, 0):
		return 0, errors.New("not finite")
	case x != math.Trunc(x):
		return 0, errors.New("not a whole number")
	case x < math.MinInt32 || x > math.MaxInt32:
		return 0, errors.New("out of range")
	}
	return int(x), nil
}

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Response), func(Rejected), error](&readResponsesFn{})
	register.Emitter1[Response]()
}
