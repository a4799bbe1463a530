package ces

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

// metric is the package on CES 2.0 for the checks csat and ces share.
var metric = likerttest.Metric{
	Score: func(r ...float64) (any, error) { return Score(r, V2) },
	Compare: func(a, b any, level float64, alt int) (any, error) {
		return Compare(a.(Result), b.(Result), &CompareSettings{Level: level, Alternative: Alternative(alt)})
	},
	Share: "PctEasy", Top: 7, TopBox: []float64{5, 6, 7}, Same: [2][]float64{{5, 7}, {6, 5, 6}}, ErrEmpty: ErrEmpty,
}

// TestDegenerate checks every row of the "Degenerate cases" table of the
// package documentation (issue 16, point 1) on CES 2.0.
func TestDegenerate(t *testing.T) {
	likerttest.Degenerate(t, metric)
}

// TestJeffreysPlain: the plain Beta quantiles in percent (SciPy; see
// likerttest.JeffreysPlain), none easy of 10.
func TestJeffreysPlain(t *testing.T) {
	r, err := FromCounts([]int{4, 6, 0, 0, 0, 0, 0}, V2)
	require.NoError(t, err)
	likerttest.JeffreysPlain(t, r, JeffreysPlain, ErrMethod)
}
