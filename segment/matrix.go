package segment

import (
	"context"
	"fmt"
	"math"
)

// Matrix is a dense data set of Rows points with Cols features each, stored
// row-major in one slice: feature j of point i is Data[i*Cols+j]. Keeping the
// points in one contiguous slice is what makes the distance kernels fast.
//
// The zero value is an empty matrix: every function of this package returns
// an error wrapping [ErrEmpty] for it. A Matrix does not own its Data: the
// functions of this package never modify the Data they are given.
//
// JSON keys: data, rows, cols.
type Matrix struct {
	Data []float64 // row-major values, len(Data) == Rows*Cols
	Rows int       // number of points, ≥ 0
	Cols int       // number of features, ≥ 0
}

// NewMatrix copies rows into a [Matrix]. It returns [ErrEmpty] for no rows
// or zero-length rows, an [*InputError] wrapping [ErrLength] naming the
// first row whose length differs from the first row, and an [*InputError]
// wrapping [ErrNonFinite] naming the row and column of the first NaN or ±Inf.
func NewMatrix(rows [][]float64) (Matrix, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return Matrix{}, fmt.Errorf("%w: empty rows", ErrEmpty)
	}
	d := len(rows[0])
	for i, r := range rows {
		if len(r) != d {
			return Matrix{}, inputErr(i, "row length", len(r), ErrLength, "(want %d, the length of row 0)", d)
		}
	}
	m := Matrix{Data: make([]float64, 0, len(rows)*d), Rows: len(rows), Cols: d}
	for _, r := range rows {
		m.Data = append(m.Data, r...)
	}
	if err := m.Validate(); err != nil {
		return Matrix{}, err
	}
	return m, nil
}

// Row returns point i as a slice sharing m.Data, or nil when i is not a row
// of m (or m's Data is too short to hold it).
func (m Matrix) Row(i int) []float64 {
	if i < 0 || i >= m.Rows || m.Cols <= 0 || i >= len(m.Data)/m.Cols {
		return nil
	}
	return m.Data[i*m.Cols : (i+1)*m.Cols : (i+1)*m.Cols]
}

// At returns feature j of point i, or NaN when (i, j) is not in m.
func (m Matrix) At(i, j int) float64 {
	if j < 0 || j >= m.Cols {
		return math.NaN()
	}
	r := m.Row(i)
	if r == nil {
		return math.NaN()
	}
	return r[j]
}

// Validate checks that m holds at least one point with at least one feature
// ([ErrEmpty]), that len(Data) == Rows*Cols ([ErrLength]), and that every
// value is finite (an [*InputError] wrapping [ErrNonFinite] that names the
// row and column of the first bad value).
func (m Matrix) Validate() error {
	if m.Rows <= 0 || m.Cols <= 0 {
		return fmt.Errorf("%w: %d rows × %d columns", ErrEmpty, m.Rows, m.Cols)
	}
	// Rows*Cols may overflow: compare by division.
	if len(m.Data)%m.Cols != 0 || len(m.Data)/m.Cols != m.Rows {
		return fmt.Errorf("%w: %d values for %d rows × %d columns", ErrLength, len(m.Data), m.Rows, m.Cols)
	}
	for k, v := range m.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return inputErr(k/m.Cols, fmt.Sprintf("column %d", k%m.Cols), v, ErrNonFinite, "")
		}
	}
	return nil
}

// clone returns a deep copy of m.
func (m Matrix) clone() Matrix {
	return Matrix{Data: append([]float64(nil), m.Data...), Rows: m.Rows, Cols: m.Cols}
}

// checkWeights validates optional sample weights for n points: nil means
// every weight is 1; otherwise the length must be n and every weight finite
// and ≥ 0 with a positive, finite total.
func checkWeights(w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("%w: %d weights for %d points", ErrLength, len(w), n)
	}
	total := 0.0
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return inputErr(i, "weight", v, ErrNonFinite, "")
		}
		if v < 0 {
			return inputErr(i, "weight", v, ErrNegative, "")
		}
		total += v
	}
	if math.IsInf(total, 0) {
		return fmt.Errorf("%w: the weights sum to %v", ErrNonFinite, total)
	}
	if total <= 0 {
		return fmt.Errorf("%w: every weight is 0", ErrEmpty)
	}
	return nil
}

// countDistinct counts the distinct points of m that have positive weight,
// stopping as soon as it has seen limit of them. −0 and +0 count as equal.
func countDistinct(m Matrix, w []float64, limit int) int {
	seen := make(map[string]struct{}, min(limit, m.Rows))
	key := make([]byte, 8*m.Cols)
	for i := 0; i < m.Rows && len(seen) < limit; i++ {
		if w != nil && w[i] == 0 {
			continue
		}
		for j, v := range m.Row(i) {
			b := math.Float64bits(v + 0) // v + 0 turns −0 into +0
			for s := 0; s < 8; s++ {
				key[8*j+s] = byte(b >> (8 * s))
			}
		}
		if _, ok := seen[string(key)]; !ok {
			seen[string(key)] = struct{}{}
		}
	}
	return len(seen)
}

// checkFit validates the data x, the weights and k, then the settings of
// one method (own), and last, as it costs most, that x has at least k
// distinct points of positive weight.
func checkFit(x Matrix, weights []float64, k int, own func() error) error {
	if err := x.Validate(); err != nil {
		return err
	}
	if err := checkWeights(weights, x.Rows); err != nil {
		return err
	}
	if k < 1 || k > x.Rows || k > math.MaxInt32 {
		return settingErr("k", k, ErrOutOfRange, "1..%d (the number of points)", x.Rows)
	}
	if err := own(); err != nil {
		return err
	}
	if n := countDistinct(x, weights, k); n < k {
		return settingErr("k", k, ErrOutOfRange, "1..%d (the number of distinct points with positive weight)", n)
	}
	return nil
}

// fitSettings is what ready needs of the settings of a fit ([KMeans],
// [MiniBatchKMeans]).
type fitSettings[S any] interface {
	withDefaults() (S, error)
	check(Matrix) error
}

// ready returns the settings s of a fit with their defaults filled in and
// checked against x, or the first error: ctx's, the settings', the data's,
// and ctx's again after the checks (they take O(n·d)).
func ready[S fitSettings[S]](ctx context.Context, s S, x Matrix) (S, error) {
	if err := ctx.Err(); err != nil {
		return s, err
	}
	s, err := s.withDefaults()
	if err != nil {
		return s, err
	}
	if err := s.check(x); err != nil {
		return s, err
	}
	return s, ctx.Err()
}
