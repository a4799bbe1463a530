// Package inputerr formats the message of the error that every cxkit package
// returns for a bad input value (api.md §4–5): the package, the field, the
// value, where it is, then the problem.
//
//	nps: rating 11 at index 2: out of range 0..10
//	clv: frequency -1 at line 7: negative
//
// Each package declares its own exported InputError type (so that go doc of
// that package shows its fields) and formats it with [Message].
package inputerr

import (
	"fmt"
	"strings"
)

// Message returns "pkg: field value at index i: err" (or "at line l" when
// line > 0; no position when index < 0 and line ≤ 0). An empty value is left
// out, and so is a "pkg: " that starts err's message (the package's
// sentinels start with it, and the message has it already).
func Message(pkg, field, value string, index, line int, err error) string {
	var b strings.Builder
	b.WriteString(pkg)
	b.WriteString(": ")
	b.WriteString(field)
	if value != "" {
		b.WriteByte(' ')
		b.WriteString(value)
	}
	switch {
	case line > 0:
		fmt.Fprintf(&b, " at line %d", line)
	case index >= 0:
		fmt.Fprintf(&b, " at index %d", index)
	}
	if err != nil {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(err.Error(), pkg+": "))
	}
	return b.String()
}
