package clv

import (
	"context"
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dense"
)

// Discounting says how future purchases are discounted. Both fields are in
// explicit units: Period is in the model's time unit (the unit of the
// [Customer] summaries) and Rate is per Period. Nothing is assumed about
// months: for monthly discounting on weekly data, set Period to the number
// of weeks in your month (e.g. 365.25/12/7 ≈ 4.348; lifetimes hard-codes
// 4.345) and Rate to the monthly rate.
//
// Purchases expected in the k-th period after the end of calibration, the
// time interval (T+(k−1)·Period, T+k·Period], are discounted by
// (1+Rate)^k (end-of-period convention, as in lifetimes'
// customer_lifetime_value).
//
// JSON keys: period, rate.
type Discounting struct {
	Period float64 // length of a discounting period in model time units, > 0
	Rate   float64 // discount rate per Period, ≥ 0 (0 = no discounting)
}

func (d Discounting) check() error {
	switch {
	case math.IsNaN(d.Period) || math.IsInf(d.Period, 0):
		return inputErr("discounting period", d.Period, ErrNonFinite)
	case !(d.Period > 0):
		return inputErr("discounting period", d.Period, fmt.Errorf("%w: must be positive", ErrOutOfRange))
	case math.IsNaN(d.Rate) || math.IsInf(d.Rate, 0):
		return inputErr("discount rate", d.Rate, ErrNonFinite)
	case d.Rate < 0:
		return inputErr("discount rate", d.Rate, ErrNegative)
	}
	return nil
}

// Window is a future time window (From, To] after the end of calibration,
// in model time units: Window{0, 52} is the first year on weekly data,
// Window{156, 260} years 4–5.
//
// JSON keys: from, to.
type Window struct {
	From, To float64
}

func (w Window) check() error {
	if !(w.From >= 0) || !(w.To > w.From) || math.IsInf(w.To, 0) {
		return inputErr("window", fmt.Sprintf("(%v, %v]", w.From, w.To), fmt.Errorf("%w: need 0 ≤ From < To < ∞", ErrOutOfRange))
	}
	return nil
}

// MaxPeriods is the largest number of discounting periods that the windows
// of one call of [DiscountedPurchases] or [CLV] may span together (each
// costs one model evaluation per distinct customer). More periods, such
// as a ten-year window discounted by the second, are an error wrapping
// [ErrOutOfRange], returned before anything is allocated.
const MaxPeriods = 1 << 16

// SpendModel predicts the spend per purchase of a customer; the Gamma-Gamma
// model's ConditionalExpectedSpend satisfies it. Use [FixedSpend] for a
// known amount.
type SpendModel interface {
	ConditionalExpectedSpend(c Customer) float64
}

// FixedSpend is a [SpendModel] that predicts the same amount for everyone;
// FixedSpend(1) turns values into discounted expected purchase counts, and
// a margin can be applied by scaling the amount.
type FixedSpend float64

// ConditionalExpectedSpend returns s.
func (s FixedSpend) ConditionalExpectedSpend(Customer) float64 { return float64(s) }

// DiscountedPurchases returns the discounted expected number of purchases
// of customer c in each window, Σ_k E[purchases in period k ∩ window] /
// (1+Rate)^k, using m's conditional expectation. Multiply by the expected
// spend per purchase (and a margin) to get the customer's value.
//
// Errors: an [*InputError] for an invalid customer, window or discounting
// (or invalid parameters of a model of this package); [ErrEmpty] for no
// window; [ErrOutOfRange] when the windows span more than [MaxPeriods]
// periods; [ErrUndefined] when the model's prediction is not finite;
// ctx.Err() when ctx is cancelled (checked every 16 model calls).
func DiscountedPurchases(ctx context.Context, m TransactionModel, c Customer, d Discounting, windows ...Window) ([]float64, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := checkValueArgs(m, d, windows); err != nil {
		return nil, err
	}
	p := newValuePlan(d, windows)
	e := make([]float64, len(p.t))
	for i, t := range p.t {
		if i%16 == 15 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		e[i] = m.ConditionalExpectedPurchases(c, t)
		if math.IsNaN(e[i]) || math.IsInf(e[i], 0) {
			return nil, fmt.Errorf("%w: expected purchases %v at t = %v", ErrUndefined, e[i], t)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]float64, len(windows))
	p.apply(e, 1, out)
	return out, nil
}

// checkValueArgs validates the model (when it can say), the discounting and
// the windows, and bounds the number of periods they span.
func checkValueArgs(m TransactionModel, d Discounting, windows []Window) error {
	if err := checkModel("model", m); err != nil {
		return err
	}
	if err := d.check(); err != nil {
		return err
	}
	if len(windows) == 0 {
		return fmt.Errorf("%w: no window", ErrEmpty)
	}
	total := 0.0
	for _, w := range windows {
		if err := w.check(); err != nil {
			return err
		}
		// Periods k0+1 … ⌈To/Period⌉ (at least one), counted in float64 so
		// that nothing overflows; the loop of newValuePlan runs over them.
		first := math.Floor(w.From / d.Period)
		last := math.Max(math.Ceil(w.To/d.Period), first+1)
		total += last - first
		switch {
		case !(last < 1<<52):
			return inputErr("window", fmt.Sprintf("(%v, %v]", w.From, w.To),
				fmt.Errorf("%w: more than 2^52 discounting periods of %v from the end of calibration", ErrOutOfRange, d.Period))
		case !(total <= MaxPeriods):
			return inputErr("window", fmt.Sprintf("(%v, %v]", w.From, w.To),
				fmt.Errorf("%w: the windows span more than %d discounting periods of %v", ErrOutOfRange, MaxPeriods, d.Period))
		}
	}
	return nil
}

// valuePlan lists the time points at which the cumulative conditional
// expectation is needed and how the windows combine them: window w's value
// is Σ over its terms of (E(t[hi]) − E(t[lo])) / (1+Rate)^k.
type valuePlan struct {
	t     []float64
	terms [][]planTerm // per window
}

type planTerm struct {
	lo, hi int     // indices into t
	disc   float64 // 1/(1+Rate)^k
}

func newValuePlan(d Discounting, windows []Window) valuePlan {
	var p valuePlan
	p.terms = make([][]planTerm, len(windows))
	for i, w := range windows {
		k0 := math.Floor(w.From / d.Period)
		prev := len(p.t)
		p.t = append(p.t, w.From)
		for k := k0 + 1; (k-1)*d.Period < w.To; k++ {
			p.t = append(p.t, math.Min(k*d.Period, w.To))
			cur := len(p.t) - 1
			p.terms[i] = append(p.terms[i], planTerm{lo: prev, hi: cur, disc: math.Pow(1+d.Rate, -k)})
			prev = cur
		}
	}
	return p
}

// apply fills out[w] from the cumulative expectations e (indexed like p.t),
// scaled by s.
func (p valuePlan) apply(e []float64, s float64, out []float64) {
	for w, terms := range p.terms {
		v := 0.0
		for _, tm := range terms {
			v += (e[tm.hi] - e[tm.lo]) * tm.disc
		}
		out[w] = s * v
	}
}

// aliveCurver is implemented by models whose conditional expectation
// factorises as P(alive)·A(x, T, t), with A the expected purchases in
// (T, T+t] of a customer known to be alive at T (BG/NBD and MBG/NBD). CLV
// then evaluates A once per distinct (x, T) instead of once per customer.
type aliveCurver interface {
	ProbAlive(c Customer) float64
	aliveExpected(x, T, t float64) float64
}

// CLV returns the discounted value of every customer in each window:
// out[i][j] is customer i's expected spend per purchase (from spend)
// times the discounted expected purchases in windows[j] (see
// [DiscountedPurchases]). For example, on weekly data with yearly
// discounting at 10 %,
//
//	CLV(ctx, bg, gg, data, Discounting{Period: 52, Rate: 0.1}, Window{0, 52}, Window{52, 156}, Window{156, 260})
//
// gives the value of years 1, 2–3 and 4–5. Customers with the same
// (x, t_x, T) share the purchase computation (for BG/NBD, MBG/NBD and
// Pareto/NBD, whose conditional expectation is P(alive) times a curve of
// (x, T), the same (x, T) share the curve), and the work is spread over
// GOMAXPROCS goroutines, so m and spend must be safe for concurrent use
// (all models of this package are).
//
// Errors: [ErrEmpty] for no customers; an [*InputError] for an invalid
// customer (at its index), a non-finite or negative predicted spend (field
// "spend"), a bad window or discounting, or invalid parameters of a model
// of this package (m or spend); [ErrOutOfRange] for a nil m or spend (a
// nil pointer included) or when the windows span more than [MaxPeriods]
// periods; [ErrUndefined] when a predicted value is not
// finite; ctx.Err() when ctx is cancelled (checked before each distinct
// customer's periods, so the call returns within milliseconds).
func CLV(ctx context.Context, m TransactionModel, spend SpendModel, data []Customer, d Discounting, windows ...Window) ([][]float64, error) {
	if err := checkValueArgs(m, d, windows); err != nil {
		return nil, err
	}
	if err := checkModel("spend model", spend); err != nil {
		return nil, err
	}
	r, err := compressCtx(ctx, data, nil)
	if err != nil {
		return nil, err
	}
	plan := newValuePlan(d, windows)
	nw, nt := len(windows), len(plan.t)
	per := make([]float64, r.len()*nw) // discounted purchases per unique row
	if ac, ok := m.(aliveCurver); ok {
		if err := clvCurves(ctx, ac, r, plan, per); err != nil {
			return nil, err
		}
	} else {
		parallelFor(r.len(), func(lo, hi int) {
			e := make([]float64, nt)
			for i := lo; i < hi; i++ {
				if ctx.Err() != nil { // each row costs len(plan.t) model calls
					return
				}
				c := Customer{Frequency: r.x[i], Recency: r.tx[i], T: r.T[i]}
				for j, t := range plan.t {
					e[j] = m.ConditionalExpectedPurchases(c, t)
				}
				plan.apply(e, 1, per[i*nw:(i+1)*nw])
			}
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	type key struct{ x, tx, T float64 }
	idx := make(map[key]int, r.len())
	for i := range r.x {
		idx[key{r.x[i], r.tx[i], r.T[i]}] = i
	}
	out := make([][]float64, len(data))
	flat := make([]float64, len(data)*nw)
	for i, c := range data {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s := spend.ConditionalExpectedSpend(c)
		if !(s >= 0) || math.IsInf(s, 0) {
			err := ErrNegative
			if math.IsNaN(s) || math.IsInf(s, 0) {
				err = ErrNonFinite
			}
			return nil, &InputError{Index: i, Field: "spend", Value: fmt.Sprint(s), Err: fmt.Errorf("%w: predicted spend per purchase", err)}
		}
		j := idx[key{c.Frequency, c.Recency, c.T}]
		out[i] = flat[i*nw : (i+1)*nw : (i+1)*nw]
		for k := range nw {
			v := s * per[j*nw+k]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: value %v of the customer at index %d in window %d", ErrUndefined, v, i, k)
			}
			out[i][k] = v
		}
	}
	return out, nil
}

// clvCurves fills per (rows × windows) for a factorising model: the
// alive-customer curve A(x, T, ·) at the plan's time points once per
// distinct (x, T), then P(alive) per row. It returns ctx.Err() if ctx is
// cancelled.
func clvCurves(ctx context.Context, m aliveCurver, r rows, plan valuePlan, per []float64) error {
	type xt struct{ x, T float64 }
	var codes dense.Codes[xt]
	of := make([]int, r.len())
	for i := range r.x {
		of[i], _ = codes.Code(xt{r.x[i], r.T[i]})
	}
	keys := codes.Keys
	nt, nw := len(plan.t), len(plan.terms)
	curves := make([]float64, len(keys)*nw) // discounted value of an alive customer
	parallelFor(len(keys), func(lo, hi int) {
		e := make([]float64, nt)
		for j := lo; j < hi; j++ {
			if ctx.Err() != nil {
				return
			}
			for i, t := range plan.t {
				e[i] = m.aliveExpected(keys[j].x, keys[j].T, t)
			}
			plan.apply(e, 1, curves[j*nw:(j+1)*nw])
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	parallelFor(r.len(), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if i%256 == 0 && ctx.Err() != nil {
				return
			}
			p := m.ProbAlive(Customer{Frequency: r.x[i], Recency: r.tx[i], T: r.T[i]})
			for w := range nw {
				per[i*nw+w] = p * curves[of[i]*nw+w]
			}
		}
	})
	return ctx.Err()
}
