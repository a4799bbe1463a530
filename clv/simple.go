package clv

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dense"
	"github.com/cxkit/cxkit/journey"
)

// This file holds the simple (non-probabilistic) CLV formulas taught before
// the BTYD models: historic value, the average-based estimate and the
// retention-based formula of Gupta & Lehmann (2003).

// HistoricValue is one customer's historic (realised) value.
//
// JSON keys: id, purchases, revenue, value.
type HistoricValue struct {
	ID        string  // customer
	Purchases int     // number of transactions
	Revenue   float64 // sum of amounts
	Value     float64 // margin × Revenue
}

// Historic returns each customer's historic CLV, margin × the sum of all
// the customer's past purchase amounts, in order of first appearance in the
// log. Historic value looks only backwards: it says what a customer was
// worth, not what the customer will be worth. margin is the gross-margin
// share in [0, 1] (1 for revenue).
//
// Errors: [ErrEmpty] for an empty log; [ErrOutOfRange] for a margin outside
// [0, 1]; an [*InputError] at the row's index for a negative, NaN or
// infinite amount.
func Historic(log []journey.Purchase, margin float64) ([]HistoricValue, error) {
	if !(margin >= 0 && margin <= 1) {
		return nil, fmt.Errorf("%w: margin %v is not in [0, 1]", ErrOutOfRange, margin)
	}
	if len(log) == 0 {
		return nil, ErrEmpty
	}
	var ids dense.Codes[string]
	var out []HistoricValue
	for i, p := range log {
		if e := checkAmount(p.Amount); e != nil {
			return nil, e.at(i)
		}
		j, added := ids.Code(p.Customer)
		if added {
			out = append(out, HistoricValue{ID: p.Customer})
		}
		out[j].Purchases++
		out[j].Revenue += p.Amount
	}
	for i := range out {
		out[i].Value = margin * out[i].Revenue
	}
	return out, nil
}

// AverageValue returns the average-based CLV,
//
//	CLV = order value × purchase frequency × lifespan,
//
// with orderValue the mean amount per order (times a margin if you want
// profit), frequency the mean number of orders per customer per time unit,
// and lifespan the mean customer lifetime in the same time unit (often
// 1/churn rate, see [CohortRetention]). It is a population average, the
// same for every customer. All inputs must be finite and ≥ 0; otherwise the
// error wraps [ErrOutOfRange].
func AverageValue(orderValue, frequency, lifespan float64) (float64, error) {
	for _, v := range []float64{orderValue, frequency, lifespan} {
		if !(v >= 0) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%w: average CLV inputs (%v, %v, %v) must be finite and non-negative", ErrOutOfRange, orderValue, frequency, lifespan)
		}
	}
	return orderValue * frequency * lifespan, nil
}

func checkRetention(margin, retention, discount float64) error {
	switch {
	case math.IsNaN(margin) || math.IsInf(margin, 0):
		return fmt.Errorf("%w: margin %v is not finite", ErrNonFinite, margin)
	case !(retention >= 0 && retention <= 1):
		return fmt.Errorf("%w: retention rate %v is not in [0, 1]", ErrOutOfRange, retention)
	case !(discount > -1) || math.IsInf(discount, 0):
		return fmt.Errorf("%w: discount rate %v is not above -1 and finite", ErrOutOfRange, discount)
	}
	return nil
}

// RetentionValue returns the retention-based CLV of Gupta & Lehmann (2003)
// over an infinite horizon,
//
//	CLV = m·r / (1 + d − r),
//
// for a margin m per period earned at the end of each period the customer
// is retained, a constant retention rate r per period and a discount rate
// d per period. It is the limit of [RetentionValueN] and needs 1 + d − r > 0
// (so d = 0 and r = 1 gives an error: the value is infinite). The error
// wraps [ErrOutOfRange] for r outside [0, 1], d ≤ −1 or non-finite inputs.
func RetentionValue(margin, retention, discount float64) (float64, error) {
	if err := checkRetention(margin, retention, discount); err != nil {
		return 0, err
	}
	den := 1 + discount - retention
	if !(den > 0) {
		return 0, fmt.Errorf("%w: 1 + discount − retention = %v; the infinite-horizon value diverges", ErrOutOfRange, den)
	}
	return margin * retention / den, nil
}

// RetentionValueN returns the retention-based CLV over a finite horizon of
// n periods,
//
//	CLV = Σ_{t=1..n} m·r^t / (1+d)^t = m·q·(1 − q^n)/(1 − q),  q = r/(1+d),
//
// (m·n when q = 1). n = 0 gives 0; a negative n is an error.
func RetentionValueN(margin, retention, discount float64, n int) (float64, error) {
	if err := checkRetention(margin, retention, discount); err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("%w: horizon %d is negative", ErrNegative, n)
	}
	q := retention / (1 + discount)
	if q == 1 {
		return margin * float64(n), nil
	}
	return margin * q * -math.Expm1(float64(n)*math.Log(q)) / (1 - q), nil
}

// Retention summarises the retention of one cohort over successive periods.
// A Lifespan of +Inf (no churn) encodes as "Infinity" in JSON.
//
// JSON keys: rates, mean, churn, lifespan.
type Retention struct {
	// Rates holds the period-to-period retention rates n_t / n_{t−1}.
	Rates []float64
	// Mean is the constant per-period rate that gives the same overall
	// survival, (n_last / n_0)^(1/periods), the geometric mean of Rates.
	Mean float64
	// Churn is 1 − Mean.
	Churn float64
	// Lifespan is the expected lifetime in periods under constant churn,
	// 1/Churn (+Inf when Churn is 0).
	Lifespan float64
}

// CohortRetention returns the retention of a cohort from active[t], the
// number of the cohort's customers still active in period t (active[0] is
// the cohort size). Counts must be finite, non-negative and not increase
// (customers of a cohort cannot come back in this accounting), and
// active[0] > 0. At least two counts are needed.
func CohortRetention(active []float64) (Retention, error) {
	if len(active) < 2 {
		return Retention{}, fmt.Errorf("%w: need at least two periods, got %d", ErrEmpty, len(active))
	}
	if !(active[0] > 0) || math.IsInf(active[0], 0) {
		return Retention{}, fmt.Errorf("%w: cohort size active[0] = %v must be positive", ErrOutOfRange, active[0])
	}
	r := Retention{Rates: make([]float64, len(active)-1)}
	for t := 1; t < len(active); t++ {
		v := active[t]
		if !(v >= 0) || v > active[t-1] {
			return Retention{}, fmt.Errorf("%w: active[%d] = %v must be in [0, active[%d] = %v]", ErrOutOfRange, t, v, t-1, active[t-1])
		}
		if active[t-1] > 0 {
			r.Rates[t-1] = v / active[t-1]
		}
	}
	periods := float64(len(active) - 1)
	r.Mean = math.Pow(active[len(active)-1]/active[0], 1/periods)
	r.Churn = 1 - r.Mean
	r.Lifespan = 1 / r.Churn
	return r, nil
}

// RetentionRate returns the customer retention rate of a period,
//
//	retention = (E − N) / S,
//
// from the number of customers at the start S, at the end E and the number
// newly acquired during the period N (churn = 1 − retention). It needs
// S > 0 and 0 ≤ N ≤ E ≤ S + N.
func RetentionRate(start, end, acquired int) (float64, error) {
	if start <= 0 || acquired < 0 || end < acquired || end-acquired > start { // no sum that can overflow
		return 0, fmt.Errorf("%w: retention needs start > 0 and 0 ≤ acquired ≤ end ≤ start + acquired, got start %d, end %d, acquired %d", ErrOutOfRange, start, end, acquired)
	}
	return float64(end-acquired) / float64(start), nil
}
