package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// csvDialect is how the input CSV is written: --delimiter and
// --decimal-comma, shared by every command.
type csvDialect struct {
	delim        string // "auto" (detect ',', ';' or tab from the header), ",", ";", "tab", "|"
	decimalComma bool
}

func (d *csvDialect) register(fs *flag.FlagSet) {
	fs.StringVar(&d.delim, "delimiter", "auto", "field separator of the input CSV: auto (detects , ; or tab from the header row), ',', ';', tab or '|'")
	fs.BoolVar(&d.decimalComma, "decimal-comma", false, "numbers in the input use a decimal comma (3,5 for 3.5), as in ;-separated European exports")
}

// rune returns the declared delimiter, or 0 for auto.
func (d csvDialect) rune() (rune, error) {
	switch d.delim {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "tab", "\t", `\t`:
		return '\t', nil
	case "|", "pipe":
		return '|', nil
	}
	return 0, usagef("unknown --delimiter %q (want auto, ',', ';', tab or '|')", d.delim)
}

// delimName names a delimiter for messages.
func delimName(r rune) string {
	if r == '\t' {
		return "tab"
	}
	return "'" + string(r) + "'"
}

// detectDelim picks the separator of a header line: the most frequent of
// ',', ';' and tab outside quotes (',' when there is none).
func detectDelim(line []byte) rune {
	count := map[rune]int{}
	quoted := false
	for _, c := range string(line) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			count[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if count[c] > count[best] {
			best = c
		}
	}
	return best
}

// csvStream is an input normalised to plain CSV: no byte-order mark, and
// fields separated by commas whatever the file used (a ;- or tab-separated
// file is rewritten on the fly, keeping its line numbers). Every command
// reads its input through one.
type csvStream struct {
	io.Reader
	delim  rune // the file's own separator
	closer io.Closer
	empty  bool // nothing but a byte-order mark, if that
}

// Close closes the input, and stops the rewriting goroutine if the reader
// stopped early.
func (s *csvStream) Close() error {
	if pr, ok := s.Reader.(*io.PipeReader); ok {
		pr.Close()
	}
	return s.closer.Close()
}

// newCSVStream wraps r. declared is 0 to detect the separator.
func newCSVStream(r io.ReadCloser, declared rune) *csvStream {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	_, perr := br.Peek(1)
	delim := declared
	if delim == 0 {
		head, _ := br.Peek(br.Size())
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			head = head[:i]
		}
		delim = detectDelim(head)
	}
	s := &csvStream{Reader: br, delim: delim, closer: r, empty: errors.Is(perr, io.EOF)}
	if delim != ',' {
		s.Reader = transcode(br, delim)
	}
	return s
}

// transcode rewrites CSV separated by delim as comma-separated CSV through a
// pipe, padding with empty lines so that every record starts on the line it
// had in the file. A syntax error is passed on with its line.
func transcode(r io.Reader, delim rune) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		cr := csv.NewReader(r)
		cr.Comma = delim
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = false
		bw := bufio.NewWriterSize(pw, 1<<16)
		cw := csv.NewWriter(bw)
		line := 1 // the line the next output starts on
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				cw.Flush()
				_ = bw.Flush()
				pw.CloseWithError(err)
				return
			}
			at, _ := cr.FieldPos(0)
			for ; line < at; line++ {
				_ = bw.WriteByte('\n')
			}
			_ = cw.Write(rec)
			cw.Flush()
			line++
			for _, f := range rec {
				line += strings.Count(f, "\n")
			}
		}
		cw.Flush()
		pw.CloseWithError(bw.Flush())
	}()
	return pr
}

// delimHint suggests --delimiter when a header read with delim looks like
// it is separated by something else.
func delimHint(header []string, delim rune) string {
	joined := strings.Join(header, string(delim))
	for _, c := range []rune{';', '\t', ',', '|'} {
		if c != delim && strings.ContainsRune(joined, c) && len(header) <= strings.Count(joined, string(c)) {
			return fmt.Sprintf("the header looks %s-separated, not %s-separated: try --delimiter %s", delimName(c), delimName(delim), flagDelim(c))
		}
	}
	return ""
}

func flagDelim(c rune) string {
	if c == '\t' {
		return "tab"
	}
	return "'" + string(c) + "'"
}

// withHint appends a hint to an error message, keeping what it wraps.
func withHint(err error, hint string) error {
	if hint == "" {
		return err
	}
	var le *lineError
	if errors.As(err, &le) {
		return &lineError{File: le.File, Line: le.Line, Err: fmt.Errorf("%w (%s)", le.Err, hint)}
	}
	return fmt.Errorf("%w (%s)", err, hint)
}
