package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/wire"
)

// table is one block of results: a title, named columns and rows of cells.
// A cell is a string, an int, a float64 or a bool; NaN means "not defined".
type table struct {
	Name    string   // machine name, used as the JSON key
	Title   string   // human title, printed above the table
	Columns []string // column names
	Rows    [][]any
	Notes   []string // lines printed under the table in the table format
	// Data, when set, is what --format json prints for this table: the
	// library's own result values, so that the CLI's JSON has exactly the
	// schema of json.Marshal on those values (api.md §1). Without it the
	// rows are printed as objects keyed by column name.
	Data any
	// Main marks the table that --format csv prints when a command has
	// several (the first one otherwise).
	Main bool
}

func (t *table) add(cells ...any) { t.Rows = append(t.Rows, cells) }

func (t *table) note(format string, args ...any) {
	t.Notes = append(t.Notes, fmt.Sprintf(format, args...))
}

// render writes the tables in format: "table" (aligned text), "json" (one
// object keyed by table name, each an array of row objects) or "csv" (each
// table with its header; tables separated by a blank line, a single table
// being plain CSV).
func render(w io.Writer, format string, tables []*table) error {
	switch format {
	case "json":
		return renderJSON(w, tables)
	case "csv":
		return renderCSV(w, tables)
	}
	return renderText(w, tables)
}

func renderText(w io.Writer, tables []*table) error {
	for i, t := range tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if t.Title != "" {
			fmt.Fprintln(w, t.Title)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, strings.Join(t.Columns, "\t")+"\t")
		for _, r := range t.Rows {
			cells := make([]string, len(r))
			for j, c := range r {
				cells[j] = textCell(c)
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, n := range t.Notes {
			fmt.Fprintln(w, n)
		}
	}
	return nil
}

// textCell formats a cell for reading: about four significant digits.
func textCell(c any) string {
	switch v := c.(type) {
	case float64:
		return fmtNum(v)
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case nil:
		return ""
	}
	return fmt.Sprint(c)
}

// fmtNum formats a number for a person: NA for NaN, two decimals for
// ordinary magnitudes, four for fractions, scientific for tiny p-values.
func fmtNum(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v):
		return "NA"
	case math.IsInf(v, 0):
		if v > 0 {
			return "Inf"
		}
		return "-Inf"
	case v == 0:
		return "0"
	case a < 1e-4:
		return strconv.FormatFloat(v, 'e', 2, 64)
	case a < 1:
		return strconv.FormatFloat(v, 'f', 4, 64)
	case a < 1e5:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// exactCell formats a cell for machines: full precision, NA for NaN.
func exactCell(c any) string {
	switch v := c.(type) {
	case float64:
		if math.IsNaN(v) {
			return "NA"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	return fmt.Sprint(c)
}

func renderCSV(w io.Writer, tables []*table) error {
	cw := csv.NewWriter(w)
	for i, t := range tables {
		if i > 0 {
			cw.Flush()
			fmt.Fprintln(w)
		}
		if err := cw.Write(t.Columns); err != nil {
			return err
		}
		rec := make([]string, len(t.Columns))
		for _, r := range t.Rows {
			for j, c := range r {
				rec[j] = exactCell(c)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func renderJSON(w io.Writer, tables []*table) error {
	// Build the object by hand so that tables and columns keep their order.
	var b strings.Builder
	b.WriteString("{\n")
	for i, t := range tables {
		key, _ := json.Marshal(t.Name)
		b.WriteString("  ")
		b.Write(key)
		b.WriteString(": ")
		if t.Data != nil {
			// wire keeps the library types' own encoding and gives the
			// CLI's wrapper structs the same snake_case keys.
			data, err := wire.Marshal(t.Data)
			if err != nil {
				return fmt.Errorf("table %s: %w", t.Name, err)
			}
			var ind bytes.Buffer
			if err := json.Indent(&ind, data, "  ", "  "); err != nil {
				return err
			}
			b.Write(ind.Bytes())
			if i < len(tables)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
			continue
		}
		b.WriteString("[")
		for k, r := range t.Rows {
			if k > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n    {")
			for j, c := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				name, _ := json.Marshal(t.Columns[j])
				b.Write(name)
				b.WriteString(": ")
				b.WriteString(jsonCell(c))
			}
			b.WriteString("}")
		}
		if len(t.Rows) > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString("]")
		if i < len(tables)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonCell encodes one cell by the library's JSON rules (NaN as null, ±Inf
// as "Infinity" and "-Infinity").
func jsonCell(c any) string {
	out, err := wire.Marshal(c)
	if err != nil {
		return "null"
	}
	return string(out)
}

func nan() float64 { return math.NaN() }

// zCrit returns the two-sided normal critical value of a confidence level.
func zCrit(level float64) float64 { return dist.ZCritical(level) }

// tCrit returns the two-sided Student t critical value of a level with df
// degrees of freedom.
func tCrit(level, df float64) float64 { return dist.TQuantile(1-(1-level)/2, df) }
