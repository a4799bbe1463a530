package segment

import (
	"context"
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
// assignments are broken deterministically. The earlier fit comes first,
// as in [Align] and [Migrate].
//
// Both matrices must be valid ([Matrix.Validate]) with the same number of
// columns ([ErrLength]), and their squared distances must fit in a float64
// ([ErrNonFinite]). It returns ctx.Err() when ctx is cancelled.
func MatchCenters(ctx context.Context, prev, next Matrix) ([]int, error) {
	if err := prev.Validate(); err != nil {
		return nil, fmt.Errorf("previous centres: %w", err)
	}
	if err := next.Validate(); err != nil {
		return nil, fmt.Errorf("new centres: %w", err)
	}
	if prev.Cols != next.Cols {
		return nil, fmt.Errorf("%w: previous centres have %d columns, new %d", ErrLength, prev.Cols, next.Cols)
	}
	// Every squared distance, and sums of many of them in the potentials,
	// must stay finite: ‖a − b‖² ≤ (‖a‖ + ‖b‖)² ≤ 4·max‖·‖².
	zero := make([]float64, prev.Cols)
	for _, m := range []Matrix{prev, next} {
		for i := 0; i < m.Rows; i++ {
			if n := sqDist(m.Row(i), zero); !(n <= 1e280) {
				return nil, fmt.Errorf("%w: centre %d has squared norm %v, too large for the assignment (scale the data)", ErrNonFinite, i, n)
			}
		}
	}
	match := make([]int, next.Rows)
	if next.Rows <= prev.Rows {
		cost := func(i, j int) float64 { return sqDist(next.Row(i), prev.Row(j)) }
		rc, err := hungarian(ctx, next.Rows, prev.Rows, cost)
		if err != nil {
			return nil, err
		}
		copy(match, rc)
		return match, nil
	}
	cost := func(i, j int) float64 { return sqDist(prev.Row(i), next.Row(j)) }
	for j := range match {
		match[j] = -1
	}
	rc, err := hungarian(ctx, prev.Rows, next.Rows, cost)
	if err != nil {
		return nil, err
	}
	for i, j := range rc {
		match[j] = i
	}
	return match, nil
}

// hungarian solves the assignment problem for an n × m cost matrix with
// n ≤ m, returning for each row its column. It is the O(n²m) shortest
// augmenting path form with row and column potentials. It checks ctx once
// per row.
func hungarian(ctx context.Context, n, m int, cost func(i, j int) float64) ([]int, error) {
	u := make([]float64, n+1)
	v := make([]float64, m+1)
	p := make([]int, m+1) // p[j]: row (1-based) assigned to column j
	way := make([]int, m+1)
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
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
	return rowCol, nil
}

// Align renumbers the clusters of r so that each keeps the identity of the
// previous centre it is matched with by [MatchCenters]: cluster j of the
// result is the new cluster whose centre was paired with row j of prev.
// Labels, Sizes and Centers are permuted together; the partition, inertia
// and the rest are unchanged. The earlier fit comes first, as in
// [MatchCenters] and [Migrate].
//
// prev must have as many rows as r has clusters ([ErrLength]); r's Sizes
// must have one count per cluster or none, and its Labels lie in 0..K−1
// ([ErrOutOfRange]). It returns ctx.Err() when ctx is cancelled.
func Align(ctx context.Context, prev Matrix, r Result) (Result, error) {
	k := r.Centers.Rows
	if prev.Rows != k {
		return Result{}, fmt.Errorf("%w: %d previous centres for %d clusters", ErrLength, prev.Rows, k)
	}
	if len(r.Sizes) != 0 && len(r.Sizes) != k {
		return Result{}, fmt.Errorf("%w: %d sizes for %d clusters", ErrLength, len(r.Sizes), k)
	}
	for i, l := range r.Labels {
		if l < 0 || l >= k {
			return Result{}, inputErr(i, "label", l, ErrOutOfRange, "0..%d", k-1)
		}
	}
	match, err := MatchCenters(ctx, prev, r.Centers)
	if err != nil {
		return Result{}, err
	}
	out := r
	out.Centers = Matrix{Data: make([]float64, len(r.Centers.Data)), Rows: r.Centers.Rows, Cols: r.Centers.Cols}
	if r.Sizes != nil {
		out.Sizes = make([]int, len(r.Sizes))
	}
	if r.Labels != nil {
		out.Labels = make([]int, len(r.Labels))
	}
	for j, to := range match {
		copy(out.Centers.Row(to), r.Centers.Row(j))
		if len(r.Sizes) == k {
			out.Sizes[to] = r.Sizes[j]
		}
	}
	for i, l := range r.Labels {
		out.Labels[i] = match[l]
	}
	return out, nil
}

// MaxSegments bounds the segment numbers of [Migrate]: its matrix has
// Segments² cells, so a segment number of MaxSegments or more is an error
// ([ErrOutOfRange]) rather than a huge allocation.
const MaxSegments = 1 << 10

// Migration counts customers moving between segments from one date to the
// next. Segments are numbered 0..Segments−1 (k-means labels, or the values
// of [RFMSegment]). It is a plain value, safe for concurrent reads.
//
// JSON keys: segments, counts, lost, new.
type Migration struct {
	// Segments is one more than the largest segment number seen.
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
// customer id, the earlier (before) first. Segment numbers must be in
// 0..MaxSegments−1; Segments is one more than the largest. It returns
// [ErrEmpty] when both maps are empty and an [*InputError] wrapping
// [ErrOutOfRange] (Field "segment of customer ID") for a segment number out
// of range.
func Migrate(before, after map[string]int) (Migration, error) {
	if len(before) == 0 && len(after) == 0 {
		return Migration{}, fmt.Errorf("%w: no customers", ErrEmpty)
	}
	k := 0
	for _, m := range []map[string]int{before, after} {
		for id, s := range m {
			if s < 0 || s >= MaxSegments {
				return Migration{}, inputErr(-1, fmt.Sprintf("segment of customer %q", id), s, ErrOutOfRange, "0..%d", MaxSegments-1)
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
// at two as-of dates), the earlier first, with segments numbered by
// [RFMSegment]. It returns [ErrEmpty] when both are empty and an
// [*InputError] wrapping [ErrOutOfRange] for a segment that is not one of
// the constants, or [ErrDuplicate] for a customer listed twice in one of
// them (Field "customer (before)" or "customer (after)").
func MigrateRFM(before, after []RFM) (Migration, error) {
	toMap := func(rows []RFM, which string) (map[string]int, error) {
		m := make(map[string]int, len(rows))
		for i, r := range rows {
			if _, dup := m[r.Customer]; dup {
				return nil, inputErr(i, "customer ("+which+")", fmt.Sprintf("%q", r.Customer), ErrDuplicate, "")
			}
			m[r.Customer] = int(r.Segment)
		}
		return m, nil
	}
	b, err := toMap(before, "before")
	if err != nil {
		return Migration{}, err
	}
	a, err := toMap(after, "after")
	if err != nil {
		return Migration{}, err
	}
	return Migrate(b, a)
}

// Rate returns the share of the customers of segment a at the first date
// who are in segment b at the second (lost customers count in the
// denominator), or NaN when segment a was empty, when a or b is not a
// segment of m, or when m is not a consistent migration matrix (the zero
// Migration has no segments).
func (m Migration) Rate(a, b int) float64 {
	if a < 0 || b < 0 || a >= m.Segments || b >= m.Segments || a >= len(m.Counts) || a >= len(m.Lost) || b >= len(m.Counts[a]) {
		return math.NaN()
	}
	total := 0
	for _, c := range append([]int{m.Lost[a]}, m.Counts[a]...) {
		if c < 0 || total > math.MaxInt-c {
			return math.NaN() // not counts
		}
		total += c
	}
	if total == 0 {
		return math.NaN()
	}
	return float64(m.Counts[a][b]) / float64(total)
}
