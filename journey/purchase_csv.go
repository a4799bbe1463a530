package journey

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ReadPurchases reads a purchase log in CSV with a header row and the columns
// customer_id, timestamp (any layout of [ParseTime]) and amount (a finite
// number ≥ 0). Errors name the line.
func ReadPurchases(r io.Reader) ([]Purchase, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &LineError{Line: 1, Err: fmt.Errorf("%w: empty file, want a header", ErrMalformedRow)}
	}
	if err != nil {
		return nil, csvLineError(err)
	}
	cols := [3]int{findCol(rec, customerCols), findCol(rec, timeCols), findCol(rec, []string{"amount"})}
	for i, name := range []string{"customer_id", "timestamp", "amount"} {
		if cols[i] < 0 {
			return nil, &LineError{Line: 1, Err: fmt.Errorf("%w %q in header %q", ErrMissingCol, name, strings.Join(rec, ","))}
		}
	}
	var out []Purchase
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvLineError(err)
		}
		line, _ := cr.FieldPos(0)
		p := Purchase{Customer: rec[cols[0]]}
		if p.Customer == "" {
			return nil, &LineError{Line: line, Err: fmt.Errorf("%w: empty customer id", ErrMalformedRow)}
		}
		if p.Time, err = ParseTime(rec[cols[1]]); err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		p.Amount, err = strconv.ParseFloat(strings.TrimSpace(rec[cols[2]]), 64)
		if err != nil || p.Amount < 0 || math.IsNaN(p.Amount) || math.IsInf(p.Amount, 0) {
			return nil, &LineError{Line: line, Err: fmt.Errorf("%w: amount %q is not a non-negative number", ErrMalformedRow, rec[cols[2]])}
		}
		out = append(out, p)
	}
}

// WritePurchases writes purchases as CSV that [ReadPurchases] reads back:
// customer_id, timestamp, amount.
func WritePurchases(w io.Writer, ps []Purchase) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"customer_id", "timestamp", "amount"}); err != nil {
		return err
	}
	for _, p := range ps {
		if err := cw.Write([]string{p.Customer, p.Time.UTC().Format(timeLayout), strconv.FormatFloat(p.Amount, 'f', -1, 64)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
