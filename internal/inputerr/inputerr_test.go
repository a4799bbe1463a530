package inputerr

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMessage(t *testing.T) {
	e := errors.New("out of range 0..10")
	for _, tc := range []struct {
		value       string
		index, line int
		want        string
	}{
		{"11", 2, 0, "nps: rating 11 at index 2: out of range 0..10"},
		{"11", 0, 7, "nps: rating 11 at line 7: out of range 0..10"},
		{"11", -1, 0, "nps: rating 11: out of range 0..10"},
		{"", 3, 0, "nps: rating at index 3: out of range 0..10"},
	} {
		assert.Equal(t, tc.want, Message("nps", "rating", tc.value, tc.index, tc.line, e))
	}
}

// TestMessagePrefix checks that the package's "pkg: " at the start of the
// problem is not repeated, and that another package's prefix is kept.
func TestMessagePrefix(t *testing.T) {
	assert.Equal(t, "abtest: b 3 at index 2: not finite", Message("abtest", "b", "3", 2, 0, errors.New("abtest: not finite")))
	assert.Equal(t, "abtest: b 3: dist: level 2 outside (0, 1)", Message("abtest", "b", "3", -1, 0, errors.New("dist: level 2 outside (0, 1)")))
	assert.Equal(t, "clv: weight at index 0", Message("clv", "weight", "", 0, 0, nil))
}
