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
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/journey"
)

// Record is one CSV row's values of the columns asked of [ReadRecords], in
// that order, with the file and line it came from.
//
// JSON keys: source, line, values.
type Record struct {
	Source string
	Line   int
	Values []string
}

// ReadRecords reads the CSV files that match glob on any Beam filesystem
// (each with a header row) and returns, for each row, the values of the
// named columns (trimmed) as a PCollection<Record>, and a
// PCollection<Rejected> of the malformed records, the rows with fewer
// fields than the header, and the files without one of the columns (one
// Rejected at line 1; the file is set aside). Like [ReadResponses], each
// file is read whole by one worker so that lines are numbered exactly. A
// glob that matches nothing is an error of the job.
func ReadRecords(s beam.Scope, glob string, columns ...string) (records, rejected beam.PCollection) {
	s = s.Scope("cxbeam.ReadRecords")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()))
	return beam.ParDo2(s, &readRecordsFn{Columns: columns}, files)
}

type readRecordsFn struct{ Columns []string }

func (f *readRecordsFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, ok func(Record), bad func(Rejected)) error {
	rc, err := file.Open(ctx)
	if err != nil {
		return err
	}
	defer rc.Close()
	src := file.Metadata.Path
	reject := func(line int, field, value, reason string) {
		rejectedCounter.Inc(ctx, 1)
		bad(Rejected{Source: src, Line: line, Field: field, Value: value, Reason: reason})
	}
	r := csv.NewReader(rc)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		reason := "cxbeam: empty file: no header row"
		if err != io.EOF {
			reason = "cxbeam: " + err.Error()
		}
		reject(1, "header", "", reason)
		return nil
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	cols := make([]int, len(f.Columns))
	for j, name := range f.Columns {
		i, found := idx[name]
		if !found {
			reject(1, "header", strings.Join(header, ","), fmt.Sprintf("cxbeam: no column %q in the header: the file is set aside", name))
			return nil
		}
		cols[j] = i
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
			reject(pe.Line, "record", "", "cxbeam: "+err.Error())
			continue
		}
		line, _ := r.FieldPos(0)
		out := Record{Source: src, Line: line, Values: make([]string, len(cols))}
		short := false
		for j, i := range cols {
			if i >= len(rec) {
				short = true
				break
			}
			out.Values[j] = strings.TrimSpace(rec[i])
		}
		if short {
			reject(line, "record", strings.Join(rec, ","), fmt.Sprintf("cxbeam: line %d has %d fields, fewer than the header's %d", line, len(rec), len(header)))
			continue
		}
		ok(out)
	}
}

// ReadPurchases reads a purchase log from CSV files on any Beam filesystem
// with the columns of journey.ReadPurchases: customer_id, timestamp (any
// layout of journey.ParseTime) and amount (a finite number ≥ 0). It
// returns a PCollection<journey.Purchase> and a PCollection<Rejected> of
// the rows that do not parse (with file, line and reason) and of the
// records ReadRecords rejects.
func ReadPurchases(s beam.Scope, glob string) (purchases, rejected beam.PCollection) {
	s = s.Scope("cxbeam.ReadPurchases")
	recs, bad := ReadRecords(s, glob, "customer_id", "timestamp", "amount")
	ok, bad2 := beam.ParDo2(s, parsePurchaseFn, recs)
	return ok, beam.Flatten(s, bad, bad2)
}

func parsePurchaseFn(ctx context.Context, r Record, ok func(journey.Purchase), bad func(Rejected)) {
	reject := func(field, value, reason string) {
		rejectedCounter.Inc(ctx, 1)
		bad(Rejected{Source: r.Source, Line: r.Line, Field: field, Value: value, Reason: fmt.Sprintf("cxbeam: %s %q at line %d: %s", field, value, r.Line, reason)})
	}
	id, ts, amount := r.Values[0], r.Values[1], r.Values[2]
	if id == "" {
		reject("customer_id", id, "empty")
		return
	}
	t, err := journey.ParseTime(ts)
	if err != nil {
		reject("timestamp", ts, err.Error())
		return
	}
	x, err := strconv.ParseFloat(amount, 64)
	switch {
	case err != nil:
		reject("amount", amount, "not a number")
		return
	case math.IsNaN(x) || math.IsInf(x, 0):
		reject("amount", amount, "not finite")
		return
	case x < 0:
		reject("amount", amount, "negative")
		return
	}
	ok(journey.Purchase{Customer: id, Time: t, Amount: x})
}

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Record), func(Rejected), error](&readRecordsFn{})
	register.Function4x0(parsePurchaseFn)
	register.Emitter1[Record]()
	register.Emitter1[journey.Purchase]()
}
