package cases

import (
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// ReadFile opens the file at path (an event log or path table that a case
// names, a committed sample that a test reads back) and reads it with read,
// such as journey.ReadLog; an error from either fails t.
func ReadFile[T any](t testing.TB, path string, read func(io.Reader) (T, error)) T {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	v, err := read(f)
	require.NoError(t, err)
	return v
}
