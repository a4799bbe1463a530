package segment

import (
	"math"

	"github.com/cxkit/cxkit/internal/summary"
)

// Column-wise summaries of a Matrix, shared by k-means, scaling and the
// silhouette.

// columnSummaries returns the count, mean and M2 of every column of x.
func columnSummaries(x Matrix) []summary.Summary {
	s := make([]summary.Summary, x.Cols)
	for i := 0; i < x.Rows; i++ {
		for j, v := range x.Row(i) {
			s[j].Add(v)
		}
	}
	return s
}

// meanVariance returns the mean over features of the population variance.
func meanVariance(x Matrix) float64 {
	s := columnSummaries(x)
	total := 0.0
	for _, c := range s {
		total += c.M2 / float64(c.N)
	}
	return total / float64(len(s))
}

// boxDiagonal returns the length of the diagonal of the bounding box of x.
func boxDiagonal(x Matrix) float64 {
	lo := append([]float64(nil), x.Row(0)...)
	hi := append([]float64(nil), x.Row(0)...)
	for i := 1; i < x.Rows; i++ {
		for j, v := range x.Row(i) {
			lo[j] = min(lo[j], v)
			hi[j] = max(hi[j], v)
		}
	}
	return math.Sqrt(sqDist(lo, hi))
}
