package abtest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// ChiSquareResult is the outcome of a chi-square test: [ChiSquareIndependence]
// or [SampleRatioMismatch]. (A chi-square test has no alternative and no
// interval.)
//
// # Degenerate cases
//
// Tested in degenerate_test.go.
//
//	input                                 result
//	an all-zero row                       ErrEmpty
//	an all-zero column (no conversions)   Defined false; Statistic, P NaN (R: NaN;
//	                                      SciPy raises); use FisherExact: P 1
//	SRM with all counts in one arm        an ordinary test (a huge statistic)
//	SRM with no observations              ErrEmpty
//
// JSON keys: statistic, df, p, expected, yates, n, defined.
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

// maxExactCount is the largest total count whose sums stay exact in float64.
const maxExactCount = 1 << 53

// addCell adds v, the count of a table's row i, column j, to *total: a
// negative count is an *InputError wrapping ErrNegative, a total above
// 2⁵³ an error wrapping ErrTooLarge (*total is then unchanged).
func addCell(total *int, i, j, v int) error {
	if v < 0 {
		return inputErr(ErrNegative, fmt.Sprintf("table row %d", i), j, v)
	}
	if v > maxExactCount-*total {
		return fmt.Errorf("%w: the table's total count exceeds 2^53", ErrTooLarge)
	}
	*total += v
	return nil
}

// ChiSquareIndependence tests independence of the rows (groups, e.g. arms,
// control first) and columns (outcomes, e.g. converted / not converted) of
// a contingency table of counts with Pearson's chi-square statistic,
// df = (r − 1)(c − 1). With s.Yates and df = 1 the Yates continuity
// correction is applied, each |O − E| reduced by 0.5 but never below 0 (as
// SciPy's chi2_contingency, gh-13875); for larger tables it is ignored
// (Result.Yates says so). The usual A/B layout is 2 × k; any r × c table
// with r, c ≥ 2 is accepted. The p-value is the chi-square survival
// function, accurate far in the tail. The statistic is symmetric in the
// rows, so the order of the groups does not matter.
//
// Errors: fewer than two rows or columns (ErrTooFew), ragged rows
// (ErrLength), a negative count (*InputError, ErrNegative), an all-zero row
// (ErrEmpty with the row index), a total count above 2⁵³ (ErrTooLarge:
// sums would overflow or lose exactness). An all-zero column is valid but
// uninformative: Defined is false.
func ChiSquareIndependence(table [][]int, s *ChiSquareSettings) (ChiSquareResult, error) {
	yates := s != nil && s.Yates
	if len(table) < 2 || len(table[0]) < 2 {
		return ChiSquareResult{}, fmt.Errorf("%w: need at least 2 rows and 2 columns", ErrTooFew)
	}
	nr, nc := len(table), len(table[0])
	rows := make([]float64, nr)
	cols := make([]float64, nc)
	var total int
	for i, row := range table {
		if len(row) != nc {
			return ChiSquareResult{}, fmt.Errorf("%w: row %d has %d columns, row 0 has %d", ErrLength, i, len(row), nc)
		}
		var rowSum int
		for j, v := range row {
			if err := addCell(&total, i, j, v); err != nil {
				return ChiSquareResult{}, err
			}
			rowSum += v
			cols[j] += float64(v)
		}
		if rowSum == 0 {
			return ChiSquareResult{}, fmt.Errorf("%w: table row %d is all zero", ErrEmpty, i)
		}
		rows[i] = float64(rowSum)
	}
	ftotal := float64(total)
	r := ChiSquareResult{DF: (nr - 1) * (nc - 1), N: total, Defined: true}
	r.Yates = yates && r.DF == 1
	r.Expected = make([][]float64, nr)
	for i := range table {
		r.Expected[i] = make([]float64, nc)
		for j := range cols {
			r.Expected[i][j] = rows[i] * cols[j] / ftotal
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
// Errors: fewer than two arms (ErrTooFew), len(weights) ≠ len(observed)
// (ErrLength), a negative count (ErrNegative), a NaN or infinite weight
// (ErrNonFinite), a negative or zero weight (ErrNegative, ErrOutOfRange),
// all in an *InputError with the index; no observations at all (ErrEmpty);
// a total count above 2⁵³ (ErrTooLarge).
func SampleRatioMismatch(observed []int, weights []float64) (ChiSquareResult, error) {
	k := len(observed)
	if k < 2 {
		return ChiSquareResult{}, fmt.Errorf("%w: need at least 2 arms, got %d", ErrTooFew, k)
	}
	if weights != nil && len(weights) != k {
		return ChiSquareResult{}, fmt.Errorf("%w: %d weights for %d arms", ErrLength, len(weights), k)
	}
	var total int
	var wsum float64
	for i, o := range observed {
		if o < 0 {
			return ChiSquareResult{}, inputErr(ErrNegative, "observed", i, o)
		}
		if o > maxExactCount-total {
			return ChiSquareResult{}, fmt.Errorf("%w: the total count exceeds 2^53", ErrTooLarge)
		}
		total += o
		w := 1.0
		if weights != nil {
			w = weights[i]
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return ChiSquareResult{}, inputErr(ErrNonFinite, "weights", i, w)
			}
			if w < 0 {
				return ChiSquareResult{}, inputErr(ErrNegative, "weights", i, w)
			}
			if w == 0 {
				return ChiSquareResult{}, inputErr(fmt.Errorf("%w: a weight must be positive", ErrOutOfRange), "weights", i, w)
			}
		}
		wsum += w
	}
	if total == 0 {
		return ChiSquareResult{}, fmt.Errorf("%w: no observations in any arm", ErrEmpty)
	}
	if math.IsInf(wsum, 0) {
		return ChiSquareResult{}, inputErr(fmt.Errorf("%w: the weights' sum overflows", ErrOutOfRange), "weights", -1, wsum)
	}
	r := ChiSquareResult{DF: k - 1, N: total, Defined: true, Expected: [][]float64{make([]float64, k)}}
	for i, o := range observed {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		e := float64(total) * w / wsum
		r.Expected[0][i] = e
		d := float64(o) - e
		r.Statistic += d * d / e
	}
	r.P = chiSquareSF(r.Statistic, float64(r.DF))
	return r, nil
}
