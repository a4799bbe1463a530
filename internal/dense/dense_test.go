package dense

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCodes(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    []string
		codes []int
		added []bool
		keys  []string
	}{
		{"empty", nil, nil, nil, nil},
		{"distinct", []string{"b", "a"}, []int{0, 1}, []bool{true, true}, []string{"b", "a"}},
		{"repeats", []string{"x", "y", "x", "z", "y"}, []int{0, 1, 0, 2, 1}, []bool{true, true, false, true, false}, []string{"x", "y", "z"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var codes Codes[string]
			var got []int
			var added []bool
			for _, k := range c.in {
				j, a := codes.Code(k)
				got, added = append(got, j), append(added, a)
			}
			assert.Equal(t, c.codes, got)
			assert.Equal(t, c.added, added)
			assert.Equal(t, c.keys, codes.Keys)
		})
	}
	// Float keys are compared with ==: −0 is 0, and each NaN is new.
	var f Codes[float64]
	f.Code(0)
	j, added := f.Code(math.Copysign(0, -1))
	assert.Equal(t, 0, j)
	assert.False(t, added)
	f.Code(math.NaN())
	j, added = f.Code(math.NaN())
	assert.Equal(t, 2, j)
	assert.True(t, added)
}
