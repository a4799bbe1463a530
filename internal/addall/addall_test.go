package addall

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

var errBad = errors.New("bad")

func TestSeq(t *testing.T) {
	for _, c := range []struct {
		name    string
		in      []int
		added   []int
		errAt   int // -1: no error
		wantErr error
	}{
		{"empty", nil, nil, -1, nil},
		{"all good", []int{1, 2, 3}, []int{1, 2, 3}, -1, nil},
		{"stops at the first bad", []int{1, -1, 2, -3}, []int{1}, 1, errBad},
		{"bad first", []int{-5}, nil, 0, errBad},
	} {
		t.Run(c.name, func(t *testing.T) {
			var added []int
			at := -1
			err := Seq(slices.Values(c.in), func(v int) error {
				if v < 0 {
					return errBad
				}
				added = append(added, v)
				return nil
			}, func(err error, i int) {
				assert.ErrorIs(t, err, errBad)
				at = i
			})
			assert.ErrorIs(t, err, c.wantErr)
			if c.wantErr == nil {
				assert.NoError(t, err)
			}
			assert.Equal(t, c.added, added)
			assert.Equal(t, c.errAt, at)
		})
	}
}

func TestSeq2(t *testing.T) {
	in := map[string]int{"a": 1, "b": 2, "c": -1}
	keys := slices.Sorted(maps.Keys(in))
	sum, at := 0, -1
	err := Seq2(func(yield func(string, int) bool) {
		for _, k := range keys {
			if !yield(k, in[k]) {
				return
			}
		}
	}, func(_ string, v int) error {
		if v < 0 {
			return errBad
		}
		sum += v
		return nil
	}, func(_ error, i int) { at = i })
	assert.ErrorIs(t, err, errBad)
	assert.Equal(t, 3, sum)
	assert.Equal(t, 2, at)
}

// posError stands for a package's *InputError.
type posError struct{ Index int }

func (e *posError) Error() string { return "bad value" }

func TestAt(t *testing.T) {
	at := At(func(e *posError, i int) { e.Index = i })
	direct, wrapped := &posError{Index: -1}, &posError{Index: -1}
	at(direct, 3)
	at(fmt.Errorf("pkg: %w", wrapped), 7)
	at(errBad, 9) // no *posError in the chain: nothing to set, no panic
	assert.Equal(t, 3, direct.Index)
	assert.Equal(t, 7, wrapped.Index)

	// Through Seq: the stream position, not the count of earlier Adds.
	e := &posError{Index: -1}
	err := Seq(slices.Values([]int{1, 2, 3}), func(v int) error {
		if v == 3 {
			return e
		}
		return nil
	}, at)
	assert.Same(t, e, err)
	assert.Equal(t, 2, e.Index)
}
