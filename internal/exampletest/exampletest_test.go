package exampletest

import (
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOutput(t *testing.T) {
	out := Output(t, func(w io.Writer) error {
		_, err := fmt.Fprint(w, "  a 1\nb 2\n")
		return err
	})
	assert.Equal(t, "  a 1\nb 2\n", out)
	Lines(t, out, "\n  a 1\n\nb 2\n")
	Lines(t, out, "a 1")
	Contains(t, out, "\n  a\n 1\nb")
}

func TestWanted(t *testing.T) {
	for _, c := range []struct {
		want string
		got  []string
	}{
		{"", nil},
		{"\n \n\t\n", nil},
		{"\n  a 1\nb 2\n", []string{"  a 1", "b 2"}},
		{"x", []string{"x"}},
	} {
		assert.Equal(t, c.got, wanted(c.want), "want %q", c.want)
	}
}
