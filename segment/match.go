package segment

import (
	"fmt"
	"math"
)

// MatchCenters gives segments stable identities across reruns and data
// refreshes: it pairs the centres of a new fit (next) with those of a
// previous one (prev) so that the total squared distance between paired
// centres is as small as possible — an optimal assignment, solved by the
// Hungarian algorithm (Kuhn 1955, Munkres 1957) in O(k³). It returns
// match[j] = the row of prev paired with row j of next, or −1 when next has
// more centres than prev and row j is left over. Ties between equally good
// assignments are broken deterministically.
//
// Both matrices must be valid with the same number of columns ([ErrDimension]).
func MatchCenters(prev, next Matrix) ([]int, error) {
	if err := prev.Validate(); err != nil {
		return nil, fmt.Errorf("previous centres: %w", err)
	}
	if err := next.Validate(); err != nil {
		return nil, fmt.Errorf("new centres: %w", err)
	}
	if prev.Cols != next.Cols {
		return nil, fmt.Errorf("%w: previous centres have %d columns, new %d", ErrDimension, prev.Cols, next.Cols)
	}
	match := make([]int, next.Rows)
	if next.Rows <= prev.Rows {
		cost := func(i, j int) float64 { return sqDist(next.Row(i), prev.Row(j)) }
		copy(match, hungarian(next.Rows, prev.Rows, cost))
		return match, nil
	}
	cost := func(i, j int) float64 { return sqDist(prev.Row(i), next.Row(j)) }
	for j := range match {
		match[j] = -1
	}
	for i, j := range hungarian(prev.Rows, next.Rows, cost) {
		match[j] = i
	}
	return match, nil
}

// hungarian solves the assignment problem for an n × m cost matrix with
// n ≤ m, returning for each row its column. It is the O(n²m) shortest
// augmenting path form with row and column potentials.
func hungarian(n, m int, cost func(i, j int) float64) []int {
	u := make([]float64, n+1)
	v := make([]float64, m+1)
	p := make([]int, m+1) // p[j]: row (1-based) assigned to column j
	way := make([]int, m+1)
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	rowCol := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			rowCol[p[j]-1] = j - 1
		}
	}
	return rowCol
}

// Align renumbers the clusters of r so that each keeps the identity of the
// previous centre it is matched with by [MatchCenters]: cluster j of the
// result is the new cluster whose centre was paired with row j of prev.
// Labels, Sizes and Centers are permuted together; the partition, inertia
// and the rest are unchanged. prev must have as many rows as r has
// clusters ([ErrDimension]).
func Align(r Result, prev Matrix) (Result, error) {
	if prev.Rows != r.Centers.Rows {
		return Result{}, fmt.Errorf("%w: %d previous centres for %d clusters", ErrDimension, prev.Rows, r.Centers.Rows)
	}
	match, err := MatchCenters(prev, r.Centers)
	if err != nil {
		return Result{}, err
	}
	out := r
	out.Centers = Matrix{Data: make([]float64, len(r.Centers.Data)), Rows: r.Centers.Rows, Cols: r.Centers.Cols}
	out.Sizes = make([]int, len(r.Sizes))
	out.Labels = make([]int, len(r.Labels))
	for j, to := range match {
		copy(out.Centers.Row(to), r.Centers.Row(j))
		if j < len(r.Sizes) {
			out.Sizes[to] = r.Sizes[j]
		}
	}
	for i, l := range r.Labels {
		out.Labels[i] = match[l]
	}
	return out, nil
}

// Migration counts customers moving between segments from one date to the
// next. It is a plain value, safe for concurrent reads. Segments are numbered 0..Segments−1 (k-means labels, or the values
// of [RFMSegment]).
type Migration struct {
	Segments int
	// Counts[a][b] is the number of customers in segment a at the first
	// date and in segment b at the second.
	Counts [][]int
	// Lost[a] counts customers of segment a absent at the second date.
	Lost []int
	// New[b] counts customers of segment b absent at the first date.
	New []int
}

// Migrate builds the migration matrix of two segment assignments keyed by
// customer id. Segment numbers must be ≥ 0; Segments is one more than the
// largest. It returns [ErrNoData] when both maps are empty and an error
// wrapping [ErrLabel] for a negative segment.
func Migrate(before, after map[string]int) (Migration, error) {
	if len(before) == 0 && len(after) == 0 {
		return Migration{}, fmt.Errorf("%w: no customers", ErrNoData)
	}
	k := 0
	for _, m := range []map[string]int{before, after} {
		for id, s := range m {
			if s < 0 {
				return Migration{}, fmt.Errorf("%w: customer %q has segment %d", ErrLabel, id, s)
			}
			k = max(k, s+1)
		}
	}
	mg := Migration{Segments: k, Counts: make([][]int, k), Lost: make([]int, k), New: make([]int, k)}
	for a := range mg.Counts {
		mg.Counts[a] = make([]int, k)
	}
	for id, a := range before {
		if b, ok := after[id]; ok {
			mg.Counts[a][b]++
		} else {
			mg.Lost[a]++
		}
	}
	for id, b := range after {
		if _, ok := before[id]; !ok {
			mg.New[b]++
		}
	}
	return mg, nil
}

// MigrateRFM is [Migrate] for two RFM scorings (e.g. [BuildRFM] of one log
// at two as-of dates), with segments numbered by [RFMSegment].
func MigrateRFM(before, after []RFM) (Migration, error) {
	toMap := func(rows []RFM) map[string]int {
		m := make(map[string]int, len(rows))
		for _, r := range rows {
			m[r.Customer] = int(r.Segment)
		}
		return m
	}
	return Migrate(toMap(before), toMap(after))
}

// Rate returns the share of the customers of segment a at the first date
// who are in segment b at the second (lost customers count in the
// denominator), or NaN when segment a was empty.
func (m Migration) Rate(a, b int) float64 {
	total := m.Lost[a]
	for _, c := range m.Counts[a] {
		total += c
	}
	if total == 0 {
		return math.NaN()
	}
	return float64(m.Counts[a][b]) / float64(total)
}
