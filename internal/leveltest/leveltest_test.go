package leveltest

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

var errLevel = errors.New("x: level outside (0, 1)")

// level is a call that follows api.md §3.
func level(l float64) (float64, error) {
	switch {
	case l == 0:
		return 0.95, nil
	case l > 0 && l < 1:
		return l, nil
	}
	return 0, fmt.Errorf("x: level %v: %w", l, errLevel)
}

func TestCheck(t *testing.T) {
	Check(t, map[string]func(float64) (float64, error){
		"reports its level": level,
		"reports none":      func(l float64) (float64, error) { _, err := level(l); return math.NaN(), err },
	}, errLevel, "x: ")
}
