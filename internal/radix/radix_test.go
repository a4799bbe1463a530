package radix

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOffsets(t *testing.T) {
	for _, tc := range []struct {
		name        string
		count, want []int
	}{
		{"empty", []int{}, []int{}},
		{"one", []int{7}, []int{0}},
		{"zeros", []int{0, 0, 0}, []int{0, 0, 0}},
		{"mixed", []int{3, 0, 2, 5, 0, 1}, []int{0, 3, 3, 5, 10, 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			Offsets(tc.count)
			assert.Equal(t, tc.want, tc.count)
		})
	}
}

// TestOffsetsSort places digits by the offsets, as a counting-sort pass
// does, and checks that the result is sorted and stable.
func TestOffsetsSort(t *testing.T) {
	type item struct{ digit, pos int }
	in := []int{3, 1, 0, 3, 2, 1, 1, 0, 3}
	count := make([]int, 4)
	for _, d := range in {
		count[d]++
	}
	Offsets(count)
	out := make([]item, len(in))
	for i, d := range in {
		out[count[d]] = item{d, i}
		count[d]++
	}
	for i := 1; i < len(out); i++ {
		a, b := out[i-1], out[i]
		assert.True(t, a.digit < b.digit || a.digit == b.digit && a.pos < b.pos, "%v before %v", a, b)
	}
	assert.Equal(t, []int{2, 5, 6, 9}, count, "each bucket's next index is the next bucket's start")
}
