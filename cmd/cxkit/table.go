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
	// PerCell formats each number on its own in the text format, for
	// tables whose rows are different quantities (parameters, settings);
	// otherwise every number of a column has the same format.
	PerCell bool
}

// hours is a duration in hours: a number in CSV and JSON, "4h 06m" in the
// text format.
type hours float64

// fmtHours writes hours as hours and minutes, "4h 06m" (NA when undefined).
func fmtHours(h float64) string {
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return fmtNum(h)
	}
	m := int64(math.Round(h * 60))
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	if m < 60 {
		return fmt.Sprintf("%s%dm", sign, m)
	}
	return fmt.Sprintf("%s%dh %02dm", sign, m/60, m%60)
}

// columnFormats returns a formatter per column of t for the text format:
// one number format per column (the same decimals in every row), chosen
// from the column's magnitudes. p-value columns and PerCell tables keep
// fmtNum per cell (a p-value of 2e-7 needs its exponent).
func columnFormats(t *table) []func(any) string {
	out := make([]func(any) string, len(t.Columns))
	for j, name := range t.Columns {
		out[j] = textCell
		if t.PerCell || name == "p" || strings.HasPrefix(name, "p_") || strings.HasSuffix(name, "_p") {
			continue
		}
		maxAbs, minAbs, integral, seen := 0.0, math.Inf(1), true, false
		for _, r := range t.Rows {
			if j >= len(r) {
				continue
			}
			v, ok := r[j].(float64)
			if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			seen = true
			a := math.Abs(v)
			maxAbs = max(maxAbs, a)
			if a > 0 {
				minAbs = min(minAbs, a)
			}
			if v != math.Trunc(v) {
				integral = false
			}
		}
		if !seen {
			continue
		}
		dec := -1
		switch {
		case integral && maxAbs >= 1:
			dec = 0
		case maxAbs >= 1e5:
			if minAbs < 1 {
				continue // magnitudes too far apart for one format
			}
			dec = 0
		case maxAbs > 1 && minAbs >= 0.01:
			dec = 2
		case minAbs >= 1e-4:
			dec = 4
		default:
			continue
		}
		out[j] = func(c any) string {
			v, ok := c.(float64)
			if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
				return textCell(c)
			}
			return strconv.FormatFloat(v, 'f', dec, 64)
		}
	}
	return out
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
		formats := columnFormats(t)
		for _, r := range t.Rows {
			cells := make([]string, len(r))
			for j, c := range r {
				if j < len(formats) {
					cells[j] = formats[j](c)
				} else {
					cells[j] = textCell(c)
				}
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
	case hours:
		return fmtHours(float64(v))
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
	case hours:
		return exactCell(float64(v))
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
