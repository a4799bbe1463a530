package cxbeam

import (
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
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		reject(1, "header", "", "cxbeam: empty file: no header row")
		return nil
	}
	if err != nil {
		reject(1, "header", "", "cxbeam: "+err.Error())
		return nil
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	col := func(name string) int {
		if i, ok := idx[name]; ok {
			return i
		}
		return -2
	}
	ratingName := f.Columns.Rating
	if ratingName == "" {
		ratingName = "rating"
	}
	ki, ri, wi := -1, col(ratingName), -1
	if f.Columns.Key != "" {
		ki = col(f.Columns.Key)
	}
	if f.Columns.Weight != "" {
		wi = col(f.Columns.Weight)
	}
	for _, c := range []struct {
		name string
		i    int
	}{{f.Columns.Key, ki}, {ratingName, ri}, {f.Columns.Weight, wi}} {
		if c.i == -2 {
			reject(1, "header", strings.Join(header, ","), fmt.Sprintf("cxbeam: no column %q in the header: the file is set aside", c.name))
			return nil
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			if line == 0 {
				return err // an I/O error, not a bad row
			}
			reject(line, "record", "", "cxbeam: "+err.Error())
			continue
		}
		line, _ := r.FieldPos(0)
		get := func(i int) (string, bool) {
			if i < 0 {
				return "", true
			}
			if i >= len(rec) {
				return "", false
			}
			return strings.TrimSpace(rec[i]), true
		}
		resp := Response{Source: src, Line: line, Weight: 1}
		key, okKey := get(ki)
		rating, okRating := get(ri)
		weight, okWeight := get(wi)
		switch {
		case !okKey || !okRating || !okWeight:
			reject(line, "record", strings.Join(rec, ","), fmt.Sprintf("cxbeam: line %d has %d fields, fewer than the header's %d", line, len(rec), len(header)))
			continue
		}
		resp.Key = key
		v, err := wholeNumber(rating)
		if err != nil {
			reject(line, "rating", rating, fmt.Sprintf("cxbeam: rating %s at line %d: %v", rating, line, err))
			continue
		}
		resp.Rating = v
		if wi >= 0 {
			w, err := strconv.ParseFloat(weight, 64)
			if err != nil {
				reject(line, "weight", weight, fmt.Sprintf("cxbeam: weight %s at line %d: not a number", weight, line))
				continue
			}
			resp.Weight = w
		}
		ok(resp)
	}
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
