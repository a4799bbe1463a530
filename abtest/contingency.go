package abtest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// ChiSquareResult is the outcome of a chi-square test: [ChiSquareIndependence]
// or [SampleRatioMismatch].
type ChiSquareResult struct {
	Statistic float64 // Σ (|O − E| − c)²/E, c = Yates correction or 0
	DF        int     // degrees of freedom
	P         float64 // upper-tail probability of Statistic (survival function)
	// Expected holds the expected counts under H0, in the layout of the input
	// (one row for SampleRatioMismatch).
	Expected [][]float64
	// Yates reports whether the continuity correction was applied.
	Yates bool
	// N is the total count.
	N int
	// Defined is false when the test carries no information: a table with an
	// all-zero column (an outcome no group had, e.g. no conversions at all),
	// where the expected counts of that column are 0. Statistic and P are
	// then NaN.
	Defined bool
}

// ChiSquareIndependence tests independence of the rows (groups, e.g. arms)
// and columns (outcomes, e.g. converted / not converted) of a contingency
// table of counts with Pearson's chi-square statistic, df = (r − 1)(c − 1).
// With yates true and df = 1 the Yates continuity correction is applied,
// each |O − E| reduced by 0.5 but never below 0 (as SciPy's chi2_contingency,
// gh-13875); for larger tables yates is ignored (Result.Yates says so). The
// usual A/B layout is 2 × k; any r × c table with r, c ≥ 2 is accepted. The
// p-value is the chi-square survival function, accurate far in the tail.
//
// Errors: fewer than two rows or columns or ragged rows (ErrShape), a
// negative count (*InputError), an all-zero row (ErrZeroMargin with the row
// index). An all-zero column is valid but uninformative: Defined is false.
func ChiSquareIndependence(table [][]int, yates bool) (ChiSquareResult, error) {
	if len(table) < 2 || len(table[0]) < 2 {
		return ChiSquareResult{}, fmt.Errorf("%w: need at least 2 rows and 2 columns", ErrShape)
	}
	nr, nc := len(table), len(table[0])
	rows := make([]float64, nr)
	cols := make([]float64, nc)
	var total float64
	for i, row := range table {
		if len(row) != nc {
			return ChiSquareResult{}, fmt.Errorf("%w: row %d has %d columns, row 0 has %d", ErrShape, i, len(row), nc)
		}
		for j, v := range row {
			if v < 0 {
				return ChiSquareResult{}, inputErr(ErrNegative, fmt.Sprintf("table row %d", i), j, float64(v))
			}
			rows[i] += float64(v)
			cols[j] += float64(v)
		}
		if rows[i] == 0 {
			return ChiSquareResult{}, fmt.Errorf("%w: row %d", ErrZeroMargin, i)
		}
		total += rows[i]
	}
	r := ChiSquareResult{DF: (nr - 1) * (nc - 1), N: int(total), Defined: true}
	r.Yates = yates && r.DF == 1
	r.Expected = make([][]float64, nr)
	for i := range table {
		r.Expected[i] = make([]float64, nc)
		for j := range cols {
			r.Expected[i][j] = rows[i] * cols[j] / total
		}
	}
	for _, c := range cols {
		if c == 0 {
			r.Defined = false
		}
	}
	if !r.Defined {
		r.Statistic, r.P = math.NaN(), math.NaN()
		return r, nil
	}
	for i, row := range table {
		for j, v := range row {
			e := r.Expected[i][j]
			d := math.Abs(float64(v) - e)
			if r.Yates {
				d -= math.Min(0.5, d)
			}
			r.Statistic += d * d / e
		}
	}
	r.P = chiSquareSF(r.Statistic, float64(r.DF))
	return r, nil
}

// chiSquareSF returns P(χ²_df > x) through the regularised upper incomplete
// gamma function, so that tiny p-values keep their relative accuracy.
func chiSquareSF(x, df float64) float64 {
	if x <= 0 {
		return 1
	}
	return mathext.GammaIncRegComp(df/2, x/2)
}

// SampleRatioMismatch tests whether the observed assignment counts of an
// experiment's arms agree with the intended split, by the chi-square
// goodness-of-fit statistic Σ (O − E)²/E with E_i = N·w_i/Σw and df = k − 1.
// A small p-value (practitioners use p < 0.001) signals a broken
// randomisation or logging, and the experiment's results should not be
// trusted. weights nil means an equal split; weights need not sum to 1
// (e.g. {90, 10}). It matches scipy.stats.chisquare.
//
// Errors: fewer than two arms or len(weights) ≠ len(observed) (ErrShape), a
// negative count (ErrNegative), a NaN, infinite, negative or zero weight
// (*InputError), or no observations at all (ErrEmpty).
func SampleRatioMismatch(observed []int, weights []float64) (ChiSquareResult, error) {
	k := len(observed)
	if k < 2 {
		return ChiSquareResult{}, fmt.Errorf("%w: need at least 2 arms, got %d", ErrShape, k)
	}
	if weights != nil && len(weights) != k {
		return ChiSquareResult{}, fmt.Errorf("%w: %d weights for %d arms", ErrShape, len(weights), k)
	}
	var total, wsum float64
	for i, o := range observed {
		if o < 0 {
			return ChiSquareResult{}, inputErr(ErrNegative, "observed", i, float64(o))
		}
		total += float64(o)
		w := 1.0
		if weights != nil {
			w = weights[i]
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return ChiSquareResult{}, inputErr(ErrNotFinite, "weights", i, w)
			}
			if !(w > 0) {
				return ChiSquareResult{}, inputErr(ErrArgument, "weights", i, w)
			}
		}
		wsum += w
	}
	if total == 0 {
		return ChiSquareResult{}, fmt.Errorf("%w: no observations in any arm", ErrEmpty)
	}
	r := ChiSquareResult{DF: k - 1, N: int(total), Defined: true, Expected: [][]float64{make([]float64, k)}}
	for i, o := range observed {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		e := total * w / wsum
		r.Expected[0][i] = e
		d := float64(o) - e
		r.Statistic += d * d / e
	}
	r.P = chiSquareSF(r.Statistic, float64(r.DF))
	return r, nil
}
