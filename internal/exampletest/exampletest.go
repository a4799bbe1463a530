// Package exampletest holds what the tests of the example programs under
// examples/ share: run the program's run function into a buffer, and find
// the key lines of its printout in it.
package exampletest

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Output runs run, fails the test at once if it returns an error, and
// returns what it wrote.
func Output(t testing.TB, run func(io.Writer) error) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, run(&b))
	return b.String()
}

// Lines checks that each non-blank line of want, leading spaces included,
// ends a line of out: it may be a whole printed line or its tail.
func Lines(t testing.TB, out, want string) {
	t.Helper()
	for _, line := range wanted(want) {
		assert.Contains(t, out, line+"\n")
	}
}

// Contains checks that each non-blank line of want, leading spaces
// included, stands somewhere in out.
func Contains(t testing.TB, out, want string) {
	t.Helper()
	for _, line := range wanted(want) {
		assert.Contains(t, out, line)
	}
}

// wanted splits want into its non-blank lines.
func wanted(want string) []string {
	var lines []string
	for line := range strings.SplitSeq(want, "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	return lines
}
