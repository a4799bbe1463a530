package cxbeam

import (
	"context"
	"fmt"
	"math"
	"strconv"

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
	var cols []int
	var width int
	return readCSV(ctx, file, bad, csvReading{
		Header: func(header []string, reject rejectFunc) bool {
			var found bool
			cols, found = findColumns(header, reject, f.Columns...)
			width = len(header)
			return found
		},
		Row: func(src string, line int, rec []string, reject rejectFunc) {
			out := Record{Source: src, Line: line, Values: make([]string, len(cols))}
			if !pickColumns(rec, cols, out.Values) {
				rejectShort(reject, line, rec, width)
				return
			}
			ok(out)
		},
	})
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
