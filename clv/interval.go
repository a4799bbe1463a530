package clv

import (
	"fmt"
	"math"
	"reflect"

	"github.com/cxkit/cxkit/internal/dist"
)

// Interval is a confidence interval [Lower, Upper] at confidence Level.
//
// JSON keys: lower, upper, level.
type Interval struct {
	Lower float64
	Upper float64
	Level float64
}

// clip returns iv with both ends clamped to [lo, hi].
func (iv Interval) clip(lo, hi float64) Interval {
	iv.Lower = math.Max(lo, math.Min(hi, iv.Lower))
	iv.Upper = math.Max(lo, math.Min(hi, iv.Upper))
	return iv
}

// Prediction is a prediction with its delta-method uncertainty.
//
// JSON keys: estimate, std_err, ci.
type Prediction struct {
	// Estimate is the prediction at the estimated parameters.
	Estimate float64
	// StdErr is its asymptotic standard error by the delta method.
	StdErr float64
	// CI is the Wald interval Estimate ± z·StdErr at CI.Level (the level
	// actually used: 0.95 when 0 was asked for). The model-specific
	// functions clip it to the range of the quantity ([0, 1] for a
	// probability, [0, ∞) for counts, spend and value); DeltaMethod does
	// not clip.
	CI Interval
}

// deltaStep is the relative step of the central differences: the cube root
// of the machine epsilon, which balances truncation and rounding error.
var deltaStep = math.Cbrt(0x1p-52)

// DeltaMethod returns the prediction f(θ̂) with its delta-method standard
// error and interval. θ is the concatenation of the estimates of fits, in
// order (FitResult.Estimate, natural scale), and its covariance is
// block-diagonal with the fits' FitResult.Cov blocks: the fits are treated as
// independent, as are a transaction model and a Gamma-Gamma spend model
// fitted separately. The standard error is
//
//	SE = √(∇f(θ̂)ᵀ Σ ∇f(θ̂)),
//
// where the gradient is taken by central differences with the relative step
// h_i = ε^(1/3)·|θ_i| (ε the float64 machine epsilon; one-sided where f is not
// finite on one side), and the interval is f(θ̂) ± z·SE with z the two-sided
// normal critical value at level (0 means 0.95). f must not modify its
// argument.
//
// The delta method is a first-order approximation: it is accurate when f is
// close to linear over a few standard errors of the parameters (large
// samples), and it can give intervals that leave the range of f. It costs
// 2k + 1 calls of f for k parameters.
//
// Errors: a wrapped [ErrLevel] for a level that is NaN or outside (0, 1)
// other than 0; [ErrNoCovariance] if a
// fit has no covariance (or one whose size does not match its estimate);
// [ErrUndefined] if f(θ̂) is not finite or f is not finite on both sides of
// θ̂ in some direction.
func DeltaMethod(f func(theta []float64) float64, level float64, fits ...FitResult) (Prediction, error) {
	level, err := dist.Level(level)
	if err != nil {
		return Prediction{}, fmt.Errorf("clv: %w", err)
	}
	if f == nil {
		return Prediction{}, fmt.Errorf("%w: nil prediction function", ErrUndefined)
	}
	var theta []float64
	for i, r := range fits {
		k := len(r.Estimate)
		if len(r.Cov) != k || k == 0 {
			return Prediction{}, fmt.Errorf("%w (fit %d of %d)", ErrNoCovariance, i+1, len(fits))
		}
		for _, row := range r.Cov {
			if len(row) != k {
				return Prediction{}, fmt.Errorf("%w (fit %d of %d)", ErrNoCovariance, i+1, len(fits))
			}
		}
		theta = append(theta, r.Estimate...)
	}
	if len(theta) == 0 {
		return Prediction{}, fmt.Errorf("%w: no fit given", ErrNoCovariance)
	}
	est := f(append([]float64(nil), theta...))
	if math.IsNaN(est) || math.IsInf(est, 0) {
		return Prediction{}, fmt.Errorf("%w: value %v at the estimate", ErrUndefined, est)
	}
	grad, err := deltaGradient(f, theta, est)
	if err != nil {
		return Prediction{}, err
	}
	// gᵀ Σ g over the diagonal blocks.
	v, off := 0.0, 0
	for _, r := range fits {
		for i, row := range r.Cov {
			for j, c := range row {
				v += grad[off+i] * c * grad[off+j]
			}
		}
		off += len(r.Estimate)
	}
	se := math.Sqrt(math.Max(v, 0))
	half := dist.ZCritical(level) * se
	return Prediction{
		Estimate: est,
		StdErr:   se,
		CI:       Interval{Lower: est - half, Upper: est + half, Level: level},
	}, nil
}

// deltaGradient returns the central-difference gradient of f at theta,
// where f(theta) = f0.
func deltaGradient(f func([]float64) float64, theta []float64, f0 float64) ([]float64, error) {
	grad := make([]float64, len(theta))
	x := append([]float64(nil), theta...)
	for i, t := range theta {
		h := deltaStep * math.Abs(t)
		if h == 0 {
			h = deltaStep
		}
		up, down := t+h, t-h
		x[i] = up
		fu := f(x)
		x[i] = down
		fd := f(x)
		x[i] = t
		okU := !math.IsNaN(fu) && !math.IsInf(fu, 0)
		okD := !math.IsNaN(fd) && !math.IsInf(fd, 0)
		switch {
		case okU && okD:
			grad[i] = (fu - fd) / (up - down)
		case okU:
			grad[i] = (fu - f0) / (up - t)
		case okD:
			grad[i] = (f0 - fd) / (t - down)
		default:
			return nil, fmt.Errorf("%w: not finite next to the estimate in parameter %d", ErrUndefined, i)
		}
	}
	return grad, nil
}

// ProbAliveInterval returns m.ProbAlive(c) with its delta-method standard
// error and interval (clipped to [0, 1]) from res, the fit that produced m.
//
// M is any model of this package ([BGNBD], [MBGNBD], [ParetoNBD], [BGBB]),
// also held in a [TransactionModel] interface value, or any value struct
// whose fields are all float64 parameters in the order of res.Params; the
// model is rebuilt from perturbed parameter vectors by setting those fields.
// m must hold res.Estimate (relative difference at most 1e-9), or the error
// wraps [ErrModelMismatch]. A customer that fails [Customer.Validate] gives
// its [*InputError], and one the model cannot predict for (a fractional
// recency for BG/BB) [ErrUndefined]; other errors are as for [DeltaMethod]
// (level 0 means 0.95).
func ProbAliveInterval[M TransactionModel](m M, res FitResult, c Customer, level float64) (Prediction, error) {
	if err := c.Validate(); err != nil {
		return Prediction{}, err
	}
	p, err := modelDelta(m, res, level, func(m M) float64 { return m.ProbAlive(c) })
	p.CI = p.CI.clip(0, 1)
	return p, err
}

// ConditionalPurchasesInterval returns m.ConditionalExpectedPurchases(c, t),
// the expected number of purchases of c in the next t time units (or
// opportunities for [BGBB]), with its delta-method standard error and
// interval (clipped to [0, ∞)). The requirements on M and m, and the errors,
// are those of [ProbAliveInterval]; a negative or non-finite t gives
// ErrUndefined.
func ConditionalPurchasesInterval[M TransactionModel](m M, res FitResult, c Customer, t, level float64) (Prediction, error) {
	if err := c.Validate(); err != nil {
		return Prediction{}, err
	}
	p, err := modelDelta(m, res, level, func(m M) float64 { return m.ConditionalExpectedPurchases(c, t) })
	p.CI = p.CI.clip(0, math.Inf(1))
	return p, err
}

// SpendInterval returns s.ConditionalExpectedSpend(c) with its
// delta-method standard error and interval (clipped to [0, ∞)) from res, the
// [FitGammaGamma] result that produced s. The customer must pass the checks
// of [GammaGamma.ConditionalExpectedSpends] (the error is an
// [*InputError]); other errors are as for [ProbAliveInterval], and a model
// with Q ≤ 1 gives [ErrUndefined].
//
// The sampling distribution of the spend is skewed when few customers have
// repeat purchases, and the symmetric interval then covers a little less
// than its level: 87 % for a nominal 90 % in a simulation with 800 repeat
// buyers (600 replications; P(alive) of BG/BB with 1,500 customers: 89.5 %).
func SpendInterval(s GammaGamma, res FitResult, c Customer, level float64) (Prediction, error) {
	if err := ggCheckCustomer(0, c); err != nil {
		return Prediction{}, err
	}
	p, err := modelDelta(s, res, level, func(s GammaGamma) float64 { return s.ConditionalExpectedSpend(c) })
	p.CI = p.CI.clip(0, math.Inf(1))
	return p, err
}

// ValueInterval returns the delta-method standard error and interval
// (clipped to [0, ∞)) of a customer value computed from a transaction model
// and a Gamma-Gamma spend model: value(m, s) is evaluated at the two fits'
// estimates and at perturbed parameters, with the covariance of mres and
// sres combined block-diagonally (the two fits are independent, as the
// Gamma-Gamma model assumes spend independent of the purchase process).
//
// value is typically a closure over a customer and the CLV settings, for
// example margin · [DiscountedPurchases] · s.ConditionalExpectedSpend(c), or simply
// margin · m.ConditionalExpectedPurchases(c, t) · s.ConditionalExpectedSpend(c).
// The requirements on M, m and s are those of [ProbAliveInterval].
func ValueInterval[M TransactionModel](m M, mres FitResult, s GammaGamma, sres FitResult,
	value func(m M, s GammaGamma) float64, level float64) (Prediction, error) {
	if value == nil {
		return Prediction{}, fmt.Errorf("%w: nil value function", ErrUndefined)
	}
	mp, err := modelVector(m, mres)
	if err != nil {
		return Prediction{}, err
	}
	_, err = modelVector(s, sres)
	if err != nil {
		return Prediction{}, err
	}
	k := len(mp)
	f := func(th []float64) float64 {
		return value(setModelVector(m, th[:k]), setModelVector(s, th[k:]))
	}
	p, err := DeltaMethod(f, level, mres, sres)
	p.CI = p.CI.clip(0, math.Inf(1))
	return p, err
}

// modelDelta applies DeltaMethod to pred as a function of m's parameters.
func modelDelta[M any](m M, res FitResult, level float64, pred func(M) float64) (Prediction, error) {
	if _, err := modelVector(m, res); err != nil {
		return Prediction{}, err
	}
	return DeltaMethod(func(th []float64) float64 { return pred(setModelVector(m, th)) }, level, res)
}

// modelVector returns the parameters of m, a struct of float64 fields, and
// checks them against res.Estimate.
func modelVector(m any, res FitResult) ([]float64, error) {
	v := reflect.ValueOf(m)
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%w: %T is not a struct of float64 parameters", ErrModelMismatch, m)
	}
	n := v.NumField()
	out := make([]float64, n)
	for i := range n {
		f := v.Field(i)
		if f.Kind() != reflect.Float64 || !v.Type().Field(i).IsExported() {
			return nil, fmt.Errorf("%w: %T is not a struct of float64 parameters", ErrModelMismatch, m)
		}
		out[i] = f.Float()
	}
	if len(res.Estimate) != n {
		return nil, fmt.Errorf("%w: %T has %d parameters, the fit %d", ErrModelMismatch, m, n, len(res.Estimate))
	}
	for i, e := range res.Estimate {
		if !(math.Abs(out[i]-e) <= 1e-9*math.Abs(e)) {
			return nil, fmt.Errorf("%w: %T parameter %d is %v, the fit's estimate %v", ErrModelMismatch, m, i, out[i], e)
		}
	}
	return out, nil
}

// setModelVector returns a copy of m with its float64 fields set to th. M
// may be an interface type such as TransactionModel holding a model struct.
func setModelVector[M any](m M, th []float64) M {
	v := reflect.ValueOf(&m).Elem()
	boxed := v.Kind() == reflect.Interface
	s := v
	if boxed {
		s = reflect.New(v.Elem().Type()).Elem()
		s.Set(v.Elem())
	}
	for i, t := range th {
		s.Field(i).SetFloat(t)
	}
	if boxed {
		v.Set(s)
	}
	return m
}
