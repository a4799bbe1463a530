// Command cxkit computes customer-experience metrics from CSV files: NPS,
// CSAT and CES with intervals and comparisons, A/B tests, customer lifetime
// value models, segments, journey funnels and attribution, and an HTML report
// that puts them all on one page.
//
// Usage:
//
//	cxkit <command> [flags] [FILE|-]
//
// The commands are nps, csat, ces, abtest, clv, segment, journey and report;
// "cxkit help COMMAND" lists a command's flags. Every command reads CSV with a
// header row from FILE, or from standard input when FILE is "-" or missing,
// and prints a readable table (--format table, the default), JSON (the
// library's own values, with the schema of json.Marshal) or CSV (one table
// per stream; --out-dir writes each table to its own file). Every command
// reads its input through one CSV reader: a byte-order mark, CRLF, quoted
// fields, ';' or tab separators (detected from the header, or --delimiter)
// and decimal commas (--decimal-comma). Column types are declared by a flag
// or inferred from the whole column, and the inference is printed.
// Columns are chosen by name with flags; --by COLUMN breaks the results down
// by the values of a column. A bad row stops the command with
// "file:line: what is wrong" and exit status 1; output files are written to a
// temporary file and renamed only when everything succeeded. Long work shows
// progress on standard error when it is a terminal.
//
// "cxkit report" with no arguments simulates the bundled sample data set
// (Sample of journey/simulate) and writes cx-report.html.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
