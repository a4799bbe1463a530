package rate

import (
	"math"
	"testing"
)

func TestOf(t *testing.T) {
	if got := Of(1, 4); got != 0.25 {
		t.Fatalf("Of(1, 4) = %v, want 0.25", got)
	}
	if got := Of(0, 0); !math.IsNaN(got) {
		t.Fatalf("Of(0, 0) = %v, want NaN", got)
	}
}
