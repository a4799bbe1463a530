package csvtest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.csv")
	require.NoError(t, os.WriteFile(path, []byte("id,x,x,y\na,1.5,9,-2\nb,0,9,1e3\n"), 0o600))
	tab := Read(t, path)
	assert.Equal(t, []string{"id", "x", "x", "y"}, tab.Header)
	assert.Equal(t, [][]string{{"a", "1.5", "9", "-2"}, {"b", "0", "9", "1e3"}}, tab.Records)
	assert.Equal(t, 1, tab.Column("x"), "the first of two columns of one name")
	assert.Equal(t, 3, tab.Column("y"))
	assert.InDelta(t, 1.5, tab.Float(tab.Records[0], "x"), 0)
	assert.InDelta(t, 1000.0, tab.Float(tab.Records[1], "y"), 0)
}
