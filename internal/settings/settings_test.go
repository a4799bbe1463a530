package settings

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOf(t *testing.T) {
	type s struct {
		Level float64
		Name  string
	}
	assert.Equal(t, s{}, Of[s](nil))
	p := &s{Level: 0.9, Name: "x"}
	got := Of(p)
	assert.Equal(t, *p, got)
	got.Level = 0.5
	assert.Equal(t, 0.9, p.Level, "Of returns a copy")
}
