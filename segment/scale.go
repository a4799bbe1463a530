package segment

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/settings"
)

// Scaling selects how [FitScaler] standardises each feature. It encodes in
// JSON by name: "z-score", "z-score-sample", "min-max", "none".
type Scaling int

const (
	// ZScore (the default) subtracts the mean and divides by the
	// population standard deviation √(Σ(x − mean)²/n), as scikit-learn's
	// StandardScaler does. R's scale() and pandas' .std() divide by the
	// sample standard deviation √(Σ(x − mean)²/(n − 1)) instead
	// (ZScoreSample). For k-means the two give the same partition: every
	// distance shrinks by the same factor √((n − 1)/n), so the inertia is
	// multiplied by (n − 1)/n and the silhouette, Calinski–Harabasz and
	// Davies–Bouldin indices do not change.
	ZScore Scaling = iota
	// ZScoreSample is ZScore with the sample standard deviation (R's scale()).
	ZScoreSample
	// MinMax maps each feature's minimum to 0 and maximum to 1.
	MinMax
	// NoScaling leaves the features as they are (after the optional log1p).
	NoScaling
)

// ScalerSettings selects the transformation that [FitScaler] learns. A nil
// *ScalerSettings means the zero value: z-scores, no log.
//
// JSON keys: method, log1p.
type ScalerSettings struct {
	// Method is the standardisation (default ZScore).
	Method Scaling
	// Log1p takes log(1 + x) of every value first; every value must then be
	// > −1 (amounts, counts and days are ≥ 0). It tames the long right tails
	// of spending and frequency.
	Log1p bool
}

// Scaler is a fitted feature transformation: first log(1 + x) when Log1p is
// set, then (value − Offset[j]) / Scale[j]. A feature with zero spread gets
// Scale 1, as in scikit-learn. Build one with [FitScaler]; the zero value
// has no features, so its methods return an error wrapping [ErrLength]. A
// Scaler is safe for concurrent use, and one decoded from JSON transforms
// exactly as the original.
//
// JSON keys: method, log1p, offset, scale.
type Scaler struct {
	Method Scaling
	Log1p  bool      // apply log(1 + x) before standardising
	Offset []float64 // per feature: mean (ZScore) or minimum (MinMax), 0 for NoScaling
	Scale  []float64 // per feature: standard deviation or range, 1 for NoScaling; finite and > 0
}

// FitScaler learns the scaling of each column of x (s nil: z-scores). It
// returns the errors of [Matrix.Validate], an [*InputError] wrapping
// [ErrOutOfRange] for a value ≤ −1 under Log1p or an unknown method, and
// [ErrNonFinite] when a feature's spread overflows float64.
func FitScaler(x Matrix, s *ScalerSettings) (Scaler, error) {
	set := settings.Of(s)
	method := set.Method
	if method < ZScore || method > NoScaling {
		return Scaler{}, settingErr("method", int(method), ErrOutOfRange, "")
	}
	if err := x.Validate(); err != nil {
		return Scaler{}, err
	}
	sc := Scaler{Method: method, Log1p: set.Log1p, Offset: make([]float64, x.Cols), Scale: make([]float64, x.Cols)}
	src := x
	if set.Log1p {
		var err error
		if src, err = sc.logged(x); err != nil {
			return Scaler{}, err
		}
	}
	switch method {
	case NoScaling:
		for j := range sc.Scale {
			sc.Scale[j] = 1
		}
	case ZScore, ZScoreSample:
		for j, c := range columnSummaries(src) {
			sc.Offset[j] = c.Mean
			v := c.M2 / float64(c.N)
			if method == ZScoreSample {
				v = c.Variance()
			}
			sc.Scale[j] = math.Sqrt(v)
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
			sc.Offset[j], sc.Scale[j] = lo[j], hi[j]-lo[j]
		}
	}
	for j, v := range sc.Scale {
		switch {
		case math.IsInf(v, 0) || math.IsNaN(sc.Offset[j]) || math.IsInf(sc.Offset[j], 0):
			return Scaler{}, inputErr(-1, fmt.Sprintf("spread of column %d", j), v, ErrNonFinite, "(scale the data down)")
		case !(v > 0): // zero spread (or NaN: n = 1 for the sample std)
			sc.Scale[j] = 1
		}
	}
	return sc, nil
}

func (s Scaler) logged(x Matrix) (Matrix, error) {
	out := Matrix{Data: make([]float64, len(x.Data)), Rows: x.Rows, Cols: x.Cols}
	for k, v := range x.Data {
		if v <= -1 {
			return Matrix{}, inputErr(k/x.Cols, fmt.Sprintf("column %d", k%x.Cols), v, ErrOutOfRange, "(log1p needs values > -1)")
		}
		out.Data[k] = math.Log1p(v)
	}
	return out, nil
}

// check validates the scaler's state (which may come from JSON) and x.
func (s Scaler) check(x Matrix) error {
	if len(s.Offset) != len(s.Scale) {
		return fmt.Errorf("%w: scaler has %d offsets and %d scales", ErrLength, len(s.Offset), len(s.Scale))
	}
	for j := range s.Scale {
		if o := s.Offset[j]; math.IsNaN(o) || math.IsInf(o, 0) {
			return inputErr(j, "offset", o, ErrNonFinite, "")
		}
		if v := s.Scale[j]; !(v > 0) || math.IsInf(v, 0) {
			return inputErr(j, "scale", v, ErrOutOfRange, "(want finite and > 0)")
		}
	}
	if err := x.Validate(); err != nil {
		return err
	}
	if x.Cols != len(s.Scale) {
		return fmt.Errorf("%w: data has %d columns, scaler %d", ErrLength, x.Cols, len(s.Scale))
	}
	return nil
}

// Transform returns the scaled copy of x. It returns the errors of
// [Matrix.Validate]; [ErrLength] when x has the wrong number of columns (or
// the scaler has none, as the zero Scaler); an [*InputError] for a value
// ≤ −1 under Log1p ([ErrOutOfRange]), for a scaled value that overflows
// ([ErrNonFinite]), or for a scaler whose Scale is not finite and positive
// or whose Offset is not finite.
func (s Scaler) Transform(x Matrix) (Matrix, error) {
	if err := s.check(x); err != nil {
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
		v := (out.Data[k] - s.Offset[k%d]) / s.Scale[k%d]
		if math.IsInf(v, 0) {
			return Matrix{}, inputErr(k/d, fmt.Sprintf("column %d", k%d), x.Data[k], ErrNonFinite, "(scaled value overflows)")
		}
		out.Data[k] = v
	}
	return out, nil
}

// Inverse maps scaled values (such as k-means centres fitted on scaled
// data) back to the original units: value·Scale + Offset, then exp(v) − 1
// under log1p. Note that the inverse of a mean of logs is a geometric-type
// mean, smaller than the arithmetic mean of the original values; segment
// profiles report both. Its errors are those of [Scaler.Transform].
func (s Scaler) Inverse(x Matrix) (Matrix, error) {
	if err := s.check(x); err != nil {
		return Matrix{}, err
	}
	out := x.clone()
	d := x.Cols
	for k, v := range out.Data {
		v = v*s.Scale[k%d] + s.Offset[k%d]
		if s.Log1p {
			v = math.Expm1(v)
		}
		if math.IsInf(v, 0) {
			return Matrix{}, inputErr(k/d, fmt.Sprintf("column %d", k%d), x.Data[k], ErrNonFinite, "(value in original units overflows)")
		}
		out.Data[k] = v
	}
	return out, nil
}
