package segment

import (
	"fmt"
	"math"
)

// centroids returns the mean of every cluster of members (rows of x) and
// the mean of all points.
func centroids(x Matrix, members [][]int) (cent [][]float64, overall []float64) {
	d := x.Cols
	overall = make([]float64, d)
	cent = make([][]float64, len(members))
	for c, mem := range members {
		cent[c] = make([]float64, d)
		for _, i := range mem {
			axpy(cent[c], 1, x.Row(i))
		}
		axpy(overall, 1, cent[c])
		for j := range cent[c] {
			cent[c][j] /= float64(len(mem))
		}
	}
	for j := range overall {
		overall[j] /= float64(x.Rows)
	}
	return cent, overall
}

// CalinskiHarabasz returns the Calinski–Harabasz index (variance ratio
// criterion; Caliński & Harabasz 1974) of a clustering of the rows of x:
//
//	CH = [B / (k − 1)] / [W / (n − k)],
//
// where B = Σ_c n_c‖m_c − m‖² is the between-cluster and W = Σᵢ‖xᵢ − m_c(i)‖²
// the within-cluster sum of squares, m_c the cluster means and m the overall
// mean. Higher is better; the range is [0, +Inf). It is +Inf when every
// point equals its cluster mean (W = 0; scikit-learn returns 1 there).
// Labels are integers in [0, n); there must be 2..n−1 distinct labels
// ([ErrTooFew]).
func CalinskiHarabasz(x Matrix, labels []int) (float64, error) {
	members, _, err := qualityInput(x, labels, 2, x.Rows-1)
	if err != nil {
		return math.NaN(), err
	}
	cent, overall := centroids(x, members)
	var between, within float64
	for c, mem := range members {
		between += float64(len(mem)) * sqDist(cent[c], overall)
		for _, i := range mem {
			within += sqDist(x.Row(i), cent[c])
		}
	}
	n, k := float64(x.Rows), float64(len(members))
	if within == 0 {
		return math.Inf(1), nil
	}
	return between * (n - k) / (within * (k - 1)), nil
}

// DaviesBouldin returns the Davies–Bouldin index (Davies & Bouldin 1979):
//
//	DB = (1/k) Σ_c max_{c′≠c} (S_c + S_c′) / ‖m_c − m_c′‖,
//
// where S_c is the mean Euclidean distance of cluster c's points to its
// mean m_c. Lower is better; the range is [0, +Inf). Clusters with equal
// means contribute as if infinitely far apart (as in scikit-learn), and
// DB = 0 when every point equals its cluster mean. Labels are integers in
// [0, n); there must be at least 2 distinct labels ([ErrTooFew]).
func DaviesBouldin(x Matrix, labels []int) (float64, error) {
	members, _, err := qualityInput(x, labels, 2, x.Rows)
	if err != nil {
		return math.NaN(), err
	}
	cent, _ := centroids(x, members)
	k := len(members)
	spread := make([]float64, k)
	for c, mem := range members {
		for _, i := range mem {
			spread[c] += math.Sqrt(sqDist(x.Row(i), cent[c]))
		}
		spread[c] /= float64(len(mem))
	}
	total := 0.0
	for a := 0; a < k; a++ {
		worst := 0.0
		for b := 0; b < k; b++ {
			if b == a {
				continue
			}
			dist := math.Sqrt(sqDist(cent[a], cent[b]))
			if dist == 0 {
				continue
			}
			worst = max(worst, (spread[a]+spread[b])/dist)
		}
		total += worst
	}
	return total / float64(k), nil
}

func qualityInput(x Matrix, labels []int, minK, maxK int) ([][]int, []int, error) {
	if err := x.Validate(); err != nil {
		return nil, nil, err
	}
	members, id, err := clusterIndex(labels, x.Rows)
	if err != nil {
		return nil, nil, err
	}
	if len(members) < minK || len(members) > maxK {
		return nil, nil, fmt.Errorf("%w: %d distinct labels for %d points, need %d..%d", ErrTooFew, len(members), x.Rows, minK, maxK)
	}
	return members, id, nil
}

// AdjustedRand returns the adjusted Rand index (Hubert & Arabie 1985) of two
// labellings of the same points: 1 for identical partitions (whatever the
// label numbers), about 0 for independent ones, and down to −0.5 for
// partitions that disagree more than chance. It is the standard way to
// check that two segmentations, e.g. of two reruns, are the same. When
// both labellings put every point in one cluster (or each in its own) the
// index is 1. Labels are integers in [0, n).
func AdjustedRand(a, b []int) (float64, error) {
	if len(a) != len(b) {
		return math.NaN(), fmt.Errorf("%w: %d and %d labels", ErrLabel, len(a), len(b))
	}
	if len(a) == 0 {
		return math.NaN(), ErrNoData
	}
	ma, ia, err := clusterIndex(a, len(a))
	if err != nil {
		return math.NaN(), err
	}
	mb, ib, err := clusterIndex(b, len(b))
	if err != nil {
		return math.NaN(), err
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	table := map[[2]int]int{}
	for i := range ia {
		table[[2]int{ia[i], ib[i]}]++
	}
	var index, sa, sb float64
	for _, v := range table {
		index += pairs(v)
	}
	for _, m := range ma {
		sa += pairs(len(m))
	}
	for _, m := range mb {
		sb += pairs(len(m))
	}
	expected := sa * sb / pairs(len(a))
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1, nil
	}
	return (index - expected) / (maxIndex - expected), nil
}
