package csat

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

// metric is the package on Scale5 for the checks csat and ces share.
var metric = likerttest.Metric{
	Score: func(r ...float64) (any, error) { return Score(r, Scale5) },
	Compare: func(a, b any, level float64, alt int) (any, error) {
		return Compare(a.(Result), b.(Result), &CompareSettings{Level: level, Alternative: Alternative(alt)})
	},
	Share: "CSAT", Top: 5, TopBox: []float64{5, 4, 5}, Same: [2][]float64{{5, 5}, {4, 5, 4}}, ErrEmpty: ErrEmpty,
}

// TestDegenerate checks every row of the "Degenerate cases" table of the
// package documentation (issue 16, point 1) on Scale5.
func TestDegenerate(t *testing.T) {
	likerttest.Degenerate(t, metric)
}

// TestJeffreysPlain: the plain Beta quantiles in percent (SciPy; see
// likerttest.JeffreysPlain), x = 0 satisfied of 10.
func TestJeffreysPlain(t *testing.T) {
	r, err := FromCounts([]int{4, 6, 0, 0, 0}, Scale5)
	require.NoError(t, err)
	likerttest.JeffreysPlain(t, r, JeffreysPlain, ErrMethod)
}
