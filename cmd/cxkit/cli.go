package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// env is what a command runs with: its input, output and error streams.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// tty reports whether stderr is a terminal, so that progress may be shown.
	tty bool
	ctx context.Context
	// dialect is the input CSV's dialect (--delimiter, --decimal-comma),
	// registered on every command's flags by newFlagSet.
	dialect csvDialect
}

// command is one subcommand of cxkit.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

func commands() []command {
	return []command{
		{"nps", "Net Promoter Score per group, with intervals and pairwise tests", runNPS},
		{"csat", "CSAT (top-box share and mean) per group, with intervals and pairwise tests", runCSAT},
		{"ces", "Customer Effort Score per group, with intervals and pairwise tests", runCES},
		{"abtest", "A/B and multi-arm tests, SRM check, Bayesian view; 'abtest power' plans sample sizes", runABTest},
		{"clv", "customer lifetime value: 'clv summary' and 'clv fit --model bgnbd|mbgnbd|pnbd|bgbb|gg'", runCLV},
		{"segment", "k-means segments (--k or --choose-k) and 'segment rfm' named RFM segments", runSegment},
		{"journey", "journey analytics: 'journey funnel', 'journey paths', 'journey attribution'", runJourney},
		{"retention", "cohort retention, Kaplan-Meier survival with log-rank, and the sBG subscription model", runRetention},
		{"monitor", "control charts of a metric by period (p, NPS, X̄, Laney, EWMA, CUSUM), run rules, --change", runMonitor},
		{"report", "all of the above on one data set, as a self-contained HTML page", runReport},
	}
}

// usageError is a mistake in the command line; run prints the usage with it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// run is the whole program behind main, so that tests can call it: it
// returns the exit status (0 success, 1 failure, 2 usage error).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Ctrl-C cancels long work (model fits, k-means) through its context;
	// nothing is written then.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, tty: isTerminal(stderr), ctx: ctx}
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" && len(args) == 1 {
		printUsage(stdout)
		return 0
	}
	name := args[0]
	if name == "help" {
		// cxkit help clv fit → cxkit clv fit --help
		name, args = args[1], append(append([]string{}, args[1:]...), "--help")
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(e, args[1:])
		if err == nil {
			return 0
		}
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "cxkit %s: %s\n", helpName(name, args[1:]), destutter(err.Error()))
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "run 'cxkit %s --help' for the flags\n", helpName(name, args[1:]))
			return 2
		}
		return 1
	}
	fmt.Fprintf(stderr, "cxkit: unknown command %q\n", name)
	printUsage(stderr)
	return 2
}

// libraryPrefixes are the package names that library errors start with.
var libraryPrefixes = map[string]bool{"nps": true, "csat": true, "ces": true, "abtest": true, "clv": true,
	"segment": true, "journey": true, "retention": true, "monitor": true}

// destutter drops the package names that library errors repeat at every
// level ("clv: gamma-gamma: clv: no data" → "gamma-gamma: no data"): the
// command name in front of the message already says where it came from.
func destutter(msg string) string {
	parts := strings.Split(msg, ": ")
	out := parts[:0]
	for i, p := range parts {
		// A package name is a prefix only when something follows it.
		if !libraryPrefixes[p] || i == len(parts)-1 {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return msg
	}
	return strings.Join(out, ": ")
}

// helpName is the command whose help lists the flags: "clv fit" for
// cxkit clv fit …, "nps" for cxkit nps ….
func helpName(name string, rest []string) string {
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		switch name + " " + rest[0] {
		case "clv summary", "clv fit", "journey funnel", "journey paths", "journey attribution",
			"segment rfm", "abtest power", "retention cohorts", "retention survival", "retention sbg":
			return name + " " + rest[0]
		}
	}
	return name
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: cxkit <command> [flags] [FILE|-]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command reads CSV with a header row from FILE or standard input (UTF-8 with or")
	fmt.Fprintln(w, "without BOM; ',' ';' or tab detected, or --delimiter; --decimal-comma for 3,5) and prints")
	fmt.Fprintln(w, "a table (--format table|json|csv; --out-dir DIR for one file per table).")
	fmt.Fprintln(w, "'cxkit help COMMAND [SUBCOMMAND]' lists the flags, e.g. 'cxkit help clv fit'.")
	fmt.Fprintln(w, "'cxkit report' with no arguments writes cx-report.html from the bundled sample data.")
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// common holds the flags that every table-printing command shares.
type common struct {
	format string
	output string
	outDir string
	level  float64
}

// subcommand is one command of a group, such as summary in cxkit clv
// summary.
type subcommand struct {
	name string
	run  func(e *env, args []string) error
}

// runGroup runs the command of group that args[0] names with the rest of
// args; -h or --help prints usage.
func runGroup(e *env, args []string, group, usage string, cmds ...subcommand) error {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	want := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stdout, usage)
			return nil
		}
		return usagef("want a %s command: %s", group, want)
	}
	for _, c := range cmds {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	return usagef("unknown %s command %q (want %s)", group, args[0], want)
}

// newFlagSet returns the flags of a command, with the input dialect flags
// (--delimiter, --decimal-comma) that every command shares. --help prints
// the usage and every flag to standard output; a flag error prints only
// the error (run adds where the help is).
func newFlagSet(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("cxkit "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	helpers.Store(fs, func() {
		fmt.Fprintf(e.stdout, "usage: cxkit %s\n\nFlags:\n", usage)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	})
	e.dialect.register(fs)
	return fs
}

// helpers maps a flag set to the function that prints its help.
var helpers sync.Map

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", "table", "output format: table, json or csv")
	fs.StringVar(&c.output, "o", "", "write the output to this file (written whole, or not at all) instead of standard output")
	fs.StringVar(&c.outDir, "out-dir", "", "write each table to its own file DIR/NAME.csv (or .json, .txt) instead of standard output; --format csv prints only the first table without it")
	fs.Float64Var(&c.level, "level", 0.95, "confidence level of intervals, in (0, 1)")
}

// newFlagSet returns the flags of a command (newFlagSet) with the common
// flags registered in c.
func (c *common) newFlagSet(e *env, name, usage string) *flag.FlagSet {
	fs := newFlagSet(e, name, usage)
	c.register(fs)
	return fs
}

func (c *common) check() error {
	switch c.format {
	case "table", "json", "csv":
	default:
		return usagef("unknown --format %q (want table, json or csv)", c.format)
	}
	if !(c.level > 0 && c.level < 1) {
		return usagef("--level %v is outside (0, 1)", c.level)
	}
	return nil
}

// parseArgs parses flags and returns the one positional argument (the input
// file, "-" when absent). Flags may follow the file name.
func parseArgs(fs *flag.FlagSet, args []string) (string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if h, ok := helpers.Load(fs); ok {
					h.(func())()
				}
				return "", err
			}
			return "", &usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch len(pos) {
	case 0:
		return "-", nil
	case 1:
		return pos[0], nil
	}
	return "", usagef("want one input file, got %d: %s", len(pos), strings.Join(pos, " "))
}

// parseChecked parses flags and returns the positional argument as
// parseArgs does, then checks the flags' values with check.
func parseChecked(fs *flag.FlagSet, args []string, check func() error) (string, error) {
	name, err := parseArgs(fs, args)
	if err != nil {
		return "", err
	}
	return name, check()
}

// openInput opens the named file, or standard input for "-", as plain CSV:
// the one reader of every command (csvStream: byte-order mark dropped, a ;-
// or tab-separated file read as such, detected from its header unless
// --delimiter says). An empty input is an error, the same in every
// command. The display name is used in error messages.
func openInput(e *env, name string) (io.ReadCloser, string, error) {
	file := name
	var rc io.ReadCloser
	if name == "-" {
		rc, file = io.NopCloser(e.stdin), "<stdin>"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, name, err
		}
		rc = f
	}
	declared, err := e.dialect.rune()
	if err != nil {
		rc.Close()
		return nil, file, err
	}
	s := newCSVStream(rc, declared)
	if s.empty {
		s.Close()
		return nil, file, &lineError{File: file, Err: errEmptyInput}
	}
	if declared == 0 && s.delim != ',' {
		fmt.Fprintf(e.stderr, "cxkit: %s: reading %s-separated fields (detected from the header; --delimiter to choose)\n", file, delimName(s.delim))
	}
	if e.dialect.decimalComma && s.delim == ',' {
		s.Close()
		return nil, file, usagef("--decimal-comma needs a separator other than ',' (--delimiter ';' or tab)")
	}
	return s, file, nil
}

// emit renders the tables in the chosen format and writes them to the output
// file or standard output in one piece.
//
// A stream holds one table in --format csv, so that a CSV reader gets one
// header and one type per column: the first table goes to the output and
// stderr names the others, which --out-dir DIR writes as DIR/NAME.csv.
// With --out-dir every table goes to its own file, in any format.
func (c *common) emit(e *env, tables ...*table) error {
	if c.outDir != "" {
		if c.output != "" {
			return usagef("give -o or --out-dir, not both")
		}
		ext := map[string]string{"csv": ".csv", "json": ".json", "table": ".txt"}[c.format]
		var names []string
		for _, t := range tables {
			var buf bytes.Buffer
			if err := render(&buf, c.format, []*table{t}); err != nil {
				return err
			}
			path := filepath.Join(c.outDir, t.Name+ext)
			if err := writeFileAtomic(path, buf.Bytes()); err != nil {
				return err
			}
			names = append(names, path)
		}
		fmt.Fprintf(e.stderr, "cxkit: wrote %s\n", strings.Join(names, ", "))
		return nil
	}
	if c.format == "csv" && len(tables) > 1 {
		main := tables[0]
		for _, t := range tables {
			if t.Main {
				main = t
				break
			}
		}
		var rest []string
		for _, t := range tables {
			if t != main {
				rest = append(rest, t.Name)
			}
		}
		fmt.Fprintf(e.stderr, "cxkit: --format csv writes one table (%s); --out-dir DIR writes every table, adding %s\n",
			main.Name, strings.Join(rest, ", "))
		tables = []*table{main}
	}
	var buf bytes.Buffer
	if err := render(&buf, c.format, tables); err != nil {
		return err
	}
	return writeOutput(e, c.output, buf.Bytes())
}

// writeOutput writes data to path atomically (a temporary file in the same
// directory, renamed at the end), or to standard output when path is "" or "-".
func writeOutput(e *env, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	return writeFileAtomic(path, data)
}

// writeFileAtomic writes data to path through a temporary file renamed at
// the end. Its errors name path, never the temporary file.
func writeFileAtomic(path string, data []byte) error {
	if err := writeTemp(path, data); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

func writeTemp(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		_ = os.Remove(tmp)
	}
	return werr
}

// progress returns a reporter that rewrites one status line on stderr when it
// is a terminal, and nil otherwise. done ends the line.
func (e *env) progress(what string) (report func(format string, args ...any), done func()) {
	if !e.tty {
		return nil, func() {}
	}
	shown := false
	report = func(format string, args ...any) {
		shown = true
		fmt.Fprintf(e.stderr, "\r\033[K%s: %s", what, fmt.Sprintf(format, args...))
	}
	done = func() {
		if shown {
			fmt.Fprint(e.stderr, "\r\033[K")
		}
	}
	return report, done
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
