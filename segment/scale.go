package segment

import (
	"fmt"
	"math"
)

// Scaling selects how [FitScaler] standardises each feature.
type Scaling int

const (
	// NoScaling leaves the features as they are (after the optional log1p).
	NoScaling Scaling = iota
	// ZScore subtracts the mean and divides by the population standard
	// deviation √(Σ(x − mean)²/n), as scikit-learn's StandardScaler does.
	// R's scale() and pandas' .std() divide by the sample standard
	// deviation √(Σ(x − mean)²/(n − 1)) instead (ZScoreSample). For
	// k-means the two give the same partition: every distance shrinks by
	// the same factor √((n − 1)/n), so the inertia is multiplied by
	// (n − 1)/n and the silhouette, Calinski–Harabasz and Davies–Bouldin
	// indices do not change.
	ZScore
	// ZScoreSample is ZScore with the sample standard deviation (R's scale()).
	ZScoreSample
	// MinMax maps each feature's minimum to 0 and maximum to 1.
	MinMax
)

// Scaler is a fitted feature transformation: first log(1 + x) when Log1p is
// set, then (value − Offset[j]) / Scale[j]. A feature with zero spread gets
// Scale 1, as in scikit-learn. The zero value (no features) transforms
// nothing; build one with [FitScaler]. A Scaler is safe for concurrent use.
type Scaler struct {
	Method Scaling
	Log1p  bool      // apply log(1 + x) before standardising
	Offset []float64 // per feature: mean (ZScore) or minimum (MinMax), 0 for NoScaling
	Scale  []float64 // per feature: standard deviation or range, 1 for NoScaling
}

// FitScaler learns the scaling of each column of x. With log1p every value
// must be > −1 (amounts, counts and days are ≥ 0); log1p tames the long
// right tails of spending and frequency. It returns the errors of
// [Matrix.Validate], a [*RowError] wrapping [ErrNonFinite] for a value
// ≤ −1 under log1p, and [ErrSettings] for an unknown method.
func FitScaler(x Matrix, method Scaling, log1p bool) (Scaler, error) {
	if method < NoScaling || method > MinMax {
		return Scaler{}, fmt.Errorf("%w: unknown scaling %d", ErrSettings, method)
	}
	if err := x.Validate(); err != nil {
		return Scaler{}, err
	}
	s := Scaler{Method: method, Log1p: log1p, Offset: make([]float64, x.Cols), Scale: make([]float64, x.Cols)}
	src := x
	if log1p {
		var err error
		if src, err = s.logged(x); err != nil {
			return Scaler{}, err
		}
	}
	switch method {
	case NoScaling:
		for j := range s.Scale {
			s.Scale[j] = 1
		}
	case ZScore, ZScoreSample:
		for j, c := range columnSummaries(src) {
			s.Offset[j] = c.Mean
			v := c.M2 / float64(c.N)
			if method == ZScoreSample {
				v = c.Variance()
			}
			s.Scale[j] = math.Sqrt(v)
		}
	case MinMax:
		lo := append([]float64(nil), src.Row(0)...)
		hi := append([]float64(nil), src.Row(0)...)
		for i := 1; i < src.Rows; i++ {
			for j, v := range src.Row(i) {
				lo[j], hi[j] = min(lo[j], v), max(hi[j], v)
			}
		}
		for j := range lo {
			s.Offset[j], s.Scale[j] = lo[j], hi[j]-lo[j]
		}
	}
	for j, v := range s.Scale {
		if !(v > 0) || math.IsInf(v, 0) { // zero spread (or n = 1 for the sample std)
			s.Scale[j] = 1
		}
	}
	return s, nil
}

func (s Scaler) logged(x Matrix) (Matrix, error) {
	out := Matrix{Data: make([]float64, len(x.Data)), Rows: x.Rows, Cols: x.Cols}
	for k, v := range x.Data {
		if v <= -1 {
			return Matrix{}, rowErr(k/x.Cols, k%x.Cols, ErrNonFinite, "log1p of %v", v)
		}
		out.Data[k] = math.Log1p(v)
	}
	return out, nil
}

func (s Scaler) checkCols(x Matrix) error {
	if err := x.Validate(); err != nil {
		return err
	}
	if x.Cols != len(s.Scale) {
		return fmt.Errorf("%w: data has %d columns, scaler %d", ErrDimension, x.Cols, len(s.Scale))
	}
	return nil
}

// Transform returns the scaled copy of x. It returns the errors of
// [Matrix.Validate], [ErrDimension] when x has the wrong number of
// columns, and a [*RowError] for a value ≤ −1 under log1p.
func (s Scaler) Transform(x Matrix) (Matrix, error) {
	if err := s.checkCols(x); err != nil {
		return Matrix{}, err
	}
	out := x.clone()
	if s.Log1p {
		var err error
		if out, err = s.logged(x); err != nil {
			return Matrix{}, err
		}
	}
	d := x.Cols
	for k := range out.Data {
		out.Data[k] = (out.Data[k] - s.Offset[k%d]) / s.Scale[k%d]
	}
	return out, nil
}

// Inverse maps scaled values (such as k-means centres fitted on scaled
// data) back to the original units: value·Scale + Offset, then exp(v) − 1
// under log1p. Note that the inverse of a mean of logs is a geometric-type
// mean, smaller than the arithmetic mean of the original values; segment
// profiles report both.
func (s Scaler) Inverse(x Matrix) (Matrix, error) {
	if err := s.checkCols(x); err != nil {
		return Matrix{}, err
	}
	out := x.clone()
	d := x.Cols
	for k, v := range out.Data {
		v = v*s.Scale[k%d] + s.Offset[k%d]
		if s.Log1p {
			v = math.Expm1(v)
		}
		out.Data[k] = v
	}
	return out, nil
}
