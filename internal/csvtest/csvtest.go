// Package csvtest is test support only: reading a reference CSV file (a
// header row, then records) of a package's testdata and taking its columns
// by name, failing the test on any problem.
package csvtest

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// Table is a CSV file read by [Read]: its header and the records after it.
type Table struct {
	tb      testing.TB
	Header  []string
	Records [][]string
	col     map[string]int
}

// Read reads the CSV file at path, which must have a header row and at
// least one record.
func Read(tb testing.TB, path string) Table {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(tb, err)
	require.Greater(tb, len(recs), 1, "%s: a header and at least one record", path)
	col := make(map[string]int, len(recs[0]))
	for j, h := range recs[0] {
		if _, ok := col[h]; !ok {
			col[h] = j
		}
	}
	return Table{tb: tb, Header: recs[0], Records: recs[1:], col: col}
}

// Column returns the position of the first column called name; the table
// must have one.
func (t Table) Column(name string) int {
	t.tb.Helper()
	j, ok := t.col[name]
	require.True(t.tb, ok, "column %q", name)
	return j
}

// Float parses the value of the column called name in rec, a record of t.
func (t Table) Float(rec []string, name string) float64 {
	t.tb.Helper()
	v, err := strconv.ParseFloat(rec[t.Column(name)], 64)
	require.NoError(t.tb, err, "column %q", name)
	return v
}
