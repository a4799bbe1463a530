package experience

import (
	"github.com/cxkit/cxkit/journey"

	"github.com/cxkit/cxkit/internal/shapley"

	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/cxkit/cxkit/internal/summary"
	"gonum.org/v1/gonum/mat"
)

// MaxExactDrivers is the largest number of drivers for which [KeyDrivers]
// computes the exact Shapley (LMG) decomposition, which fits 2^p regressions;
// beyond it Importance holds Johnson's relative weights.
const MaxExactDrivers = 15

// KeyDriverSettings configures [KeyDrivers]. A nil *KeyDriverSettings
// means the defaults.
// It has no JSON keys: it encodes as {}.
type KeyDriverSettings struct {
	// Progress, if not nil, is called from the caller's goroutine with the
	// regressions of the exact decomposition done and to do (2^p − 1). Not
	// encoded.
	Progress func(done, total int)
}

// DriverResult is the outcome of [KeyDrivers]. Slices are indexed like
// Drivers.
//
// JSON keys: drivers, n, pearson_r, beta, r_squared, shapley, exact, relative_weights, share_pct.
type DriverResult struct {
	Drivers  []string
	N        int       // rows used
	PearsonR []float64 // correlation of each driver with the outcome
	Beta     []float64 // standardised OLS coefficients (z-scores with n−1)
	RSquared float64   // R² of the OLS model with all drivers
	// Shapley is the LMG decomposition of R²: each driver's R² increment
	// when it enters the model, averaged over all orders of entry (Lindeman,
	// Merenda & Gold 1980). It sums to RSquared. Exact is false (and Shapley
	// nil) beyond MaxExactDrivers drivers.
	Shapley []float64
	Exact   bool
	// RelativeWeights are Johnson's (2000) relative weights, an
	// approximation of Shapley that also sums to RSquared and costs one
	// eigendecomposition.
	RelativeWeights []float64
	// SharePct is each driver's share of R² in percent: from Shapley when
	// Exact, else from RelativeWeights.
	SharePct []float64
}

// KeyDrivers explains an overall outcome (an NPS rating, satisfaction,
// churn as 0/1) by driver ratings (one column per touchpoint): the Pearson
// correlation of each driver with the outcome, the standardised coefficients
// of the linear regression on all drivers, its R², and how R² splits over the
// drivers. x[i] is row i's drivers; y[i] its outcome.
//
// It checks ctx during the exact decomposition (2^p regressions) and
// returns ctx.Err() once it is cancelled. Errors: ErrLength when a row's
// length differs from len(names) or len(x) ≠ len(y), ErrEmpty without
// drivers or with fewer than p+2 rows, ErrNonFinite for NaN or ±Inf (an
// *InputError at the row), ErrConstant for a constant driver or outcome,
// ErrCollinear when the drivers are linearly dependent.
func KeyDrivers(ctx context.Context, names []string, x [][]float64, y []float64, s *KeyDriverSettings) (DriverResult, error) {
	p, n := len(names), len(y)
	if len(x) != n {
		return DriverResult{}, fmt.Errorf("%w: %d rows of drivers, %d outcomes", ErrLength, len(x), n)
	}
	if p == 0 {
		return DriverResult{}, fmt.Errorf("%w: no drivers", ErrEmpty)
	}
	for i, row := range x {
		if len(row) != p {
			return DriverResult{}, badAt(i, "driver row", fmt.Sprint(len(row)), fmt.Errorf("%w: %d drivers", ErrLength, p))
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return DriverResult{}, badAt(i, "driver "+names[j], fmt.Sprint(v), ErrNonFinite)
			}
		}
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return DriverResult{}, badAt(i, "outcome", fmt.Sprint(y[i]), ErrNonFinite)
		}
	}
	if n < p+2 {
		return DriverResult{}, fmt.Errorf("%w: %d rows for %d drivers, need %d", ErrEmpty, n, p, p+2)
	}
	if err := ctx.Err(); err != nil {
		return DriverResult{}, err
	}
	// Correlation matrix of (drivers, outcome).
	cols := make([][]float64, p+1)
	for j := 0; j < p; j++ {
		cols[j] = make([]float64, n)
		for i := range x {
			cols[j][i] = x[i][j]
		}
	}
	cols[p] = slices.Clone(y) // standardised in place below
	for j, col := range cols {
		if !standardise(col) {
			what := "outcome"
			if j < p {
				what = fmt.Sprintf("driver %q", names[j])
			}
			return DriverResult{}, fmt.Errorf("%w: %s", ErrConstant, what)
		}
	}
	rxx := mat.NewSymDense(p, nil)
	rxy := make([]float64, p)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			rxx.SetSym(a, b, dot(cols[a], cols[b])/float64(n-1))
		}
		rxy[a] = dot(cols[a], cols[p]) / float64(n-1)
	}
	var chol mat.Cholesky
	if !chol.Factorize(rxx) {
		return DriverResult{}, ErrCollinear
	}
	beta := mat.NewVecDense(p, nil)
	if err := chol.SolveVecTo(beta, mat.NewVecDense(p, rxy)); err != nil {
		return DriverResult{}, fmt.Errorf("%w: %v", ErrCollinear, err)
	}
	res := DriverResult{Drivers: slices.Clone(names), N: n, PearsonR: rxy, Beta: beta.RawVector().Data}
	for j := 0; j < p; j++ {
		res.RSquared += res.Beta[j] * rxy[j]
	}
	rw, err := relativeWeights(rxx, rxy)
	if err != nil {
		return DriverResult{}, err
	}
	res.RelativeWeights = rw
	share := rw
	if p <= MaxExactDrivers {
		var progress func(done, total int)
		if s != nil {
			progress = s.Progress
		}
		if res.Shapley, err = lmg(ctx, rxx, rxy, progress); err != nil {
			return DriverResult{}, err
		}
		res.Exact = true
		share = res.Shapley
	}
	res.SharePct = make([]float64, p)
	for j := range share {
		res.SharePct[j] = 100 * share[j] / res.RSquared
	}
	return res, nil
}

// standardise turns col into z-scores (sample standard deviation) and
// reports false when it is constant.
func standardise(col []float64) bool {
	s := summary.Of(col)
	sd := s.StdDev()
	if !(sd > 0) || sd < 1e-12*math.Max(1, math.Abs(s.Mean)) {
		return false
	}
	for i, v := range col {
		col[i] = (v - s.Mean) / sd
	}
	return true
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// lmg returns the exact Shapley decomposition of R², with
// R²(S) = r_Sᵀ R_SS⁻¹ r_S computed for every subset S.
func lmg(ctx context.Context, rxx *mat.SymDense, rxy []float64, progress func(done, total int)) ([]float64, error) {
	p := len(rxy)
	size := 1 << p
	r2 := make([]float64, size)
	idx := make([]int, 0, p)
	for m := 1; m < size; m++ {
		if m%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(m-1, size-1)
			}
		}
		idx = idx[:0]
		for j := 0; j < p; j++ {
			if m&(1<<j) != 0 {
				idx = append(idx, j)
			}
		}
		k := len(idx)
		sub := mat.NewSymDense(k, nil)
		rs := mat.NewVecDense(k, nil)
		for a, ja := range idx {
			for b := a; b < k; b++ {
				sub.SetSym(a, b, rxx.At(ja, idx[b]))
			}
			rs.SetVec(a, rxy[ja])
		}
		var chol mat.Cholesky
		var sol mat.VecDense
		if chol.Factorize(sub) && chol.SolveVecTo(&sol, rs) == nil {
			r2[m] = mat.Dot(rs, &sol)
		}
	}
	if progress != nil {
		progress(size-1, size-1)
	}
	return shapley.Values(r2, p, nil)
}

// relativeWeights returns Johnson's (2000) relative weights: with
// R = V Λ Vᵀ, Λ* = V Λ^½ Vᵀ relates the drivers to their closest orthogonal
// counterparts, β = Λ*⁻¹ r_xy regresses the outcome on those, and driver j
// gets Σ_k Λ*_jk² β_k².
func relativeWeights(rxx *mat.SymDense, rxy []float64) ([]float64, error) {
	p := len(rxy)
	var eig mat.EigenSym
	if !eig.Factorize(rxx, true) {
		return nil, fmt.Errorf("%w: eigendecomposition failed", ErrCollinear)
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	for _, v := range vals {
		if !(v > 0) {
			return nil, ErrCollinear
		}
	}
	lam := mat.NewDense(p, p, nil)
	for a := 0; a < p; a++ {
		for b := 0; b < p; b++ {
			var s float64
			for k := 0; k < p; k++ {
				s += vecs.At(a, k) * math.Sqrt(vals[k]) * vecs.At(b, k)
			}
			lam.Set(a, b, s)
		}
	}
	var beta mat.VecDense
	if err := beta.SolveVec(lam, mat.NewVecDense(p, rxy)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCollinear, err)
	}
	w := make([]float64, p)
	for j := 0; j < p; j++ {
		for k := 0; k < p; k++ {
			l := lam.At(j, k)
			w[j] += l * l * beta.AtVec(k) * beta.AtVec(k)
		}
	}
	return w, nil
}

// DriverTable arranges survey responses for [KeyDrivers]: one row per
// customer who gave an outcome rating (a response of kind outcome with no
// touchpoint, the relationship survey) and a rating of kind driver at every
// touchpoint in touchpoints (all touchpoints rated with that kind, sorted,
// when touchpoints is nil). Driver kind KindUnknown accepts any kind (the
// standardised regression does not depend on the scales). A customer's latest response counts. Customers
// missing any value are left out (complete cases).
func DriverTable(rs []journey.SurveyResponse, outcome, driver journey.SurveyKind, touchpoints []string) (names []string, x [][]float64, y []float64) {
	type key struct{ cust, tp string }
	latest := map[key]journey.SurveyResponse{}
	overall := map[string]journey.SurveyResponse{}
	seen := map[string]bool{}
	for _, r := range rs {
		switch {
		case r.Kind == outcome && r.Touchpoint == "":
			if o, ok := overall[r.Customer]; !ok || !r.Time.Before(o.Time) {
				overall[r.Customer] = r
			}
		case (driver == journey.KindUnknown || r.Kind == driver) && r.Touchpoint != "":
			k := key{r.Customer, r.Touchpoint}
			if o, ok := latest[k]; !ok || !r.Time.Before(o.Time) {
				latest[k] = r
			}
			seen[r.Touchpoint] = true
		}
	}
	names = touchpoints
	if names == nil {
		names = slices.Sorted(maps.Keys(seen))
	}
	for _, c := range slices.Sorted(maps.Keys(overall)) {
		row := make([]float64, len(names))
		ok := true
		for j, tp := range names {
			r, has := latest[key{c, tp}]
			if !has {
				ok = false
				break
			}
			row[j] = float64(r.Rating)
		}
		if ok {
			x = append(x, row)
			y = append(y, float64(overall[c].Rating))
		}
	}
	return names, x, y
}
