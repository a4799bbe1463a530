package clv

import (
	"context"
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dense"
)

// This file holds the two model checks of Fader, Hardie & Lee (2005):
// conditional expectations against holdout purchases by calibration
// frequency (their Figure 4), and the expected against the observed number
// of customers with 0, 1, 2, … repeat purchases in calibration (Figure 2).

// FrequencyRow is one row of [HoldoutByFrequency].
//
// JSON keys: frequency, n, actual, predicted.
type FrequencyRow struct {
	// Frequency is the calibration frequency x of the row; the last row
	// pools every x ≥ Frequency.
	Frequency int
	// N is the number of customers in the row.
	N int
	// Actual is the mean number of holdout purchase periods.
	Actual float64
	// Predicted is the mean conditional expected number of purchases over
	// the holdout duration.
	Predicted float64
}

// HoldoutByFrequency compares a fitted model with holdout data: customers
// are grouped by calibration frequency x = 0, 1, …, maxFrequency (the last
// group pools x ≥ maxFrequency), and for each group the mean actual
// number of holdout purchases is set against the mean of
// m.ConditionalExpectedPurchases(c, duration). Groups without customers
// are left out. cal and holdout are index-aligned, as [SplitHoldout]
// returns them, and duration is the holdout length in model time units.
//
// Errors: [ErrEmpty] for no customers; [ErrLength] for a length mismatch;
// [ErrNegative] for a negative maxFrequency; [ErrOutOfRange] for a
// non-positive duration; an
// [*InputError] for an invalid customer or holdout frequency (at its index)
// or invalid parameters of a model of this package; ctx.Err() when ctx is
// cancelled (checked every 64 customers).
func HoldoutByFrequency(ctx context.Context, m TransactionModel, cal []Customer, holdout []Holdout, duration float64, maxFrequency int) ([]FrequencyRow, error) {
	switch {
	case len(cal) == 0:
		return nil, ErrEmpty
	case len(cal) != len(holdout):
		return nil, fmt.Errorf("%w: %d calibration customers but %d holdout rows", ErrLength, len(cal), len(holdout))
	case maxFrequency < 0:
		return nil, fmt.Errorf("%w: maxFrequency %d", ErrNegative, maxFrequency)
	case !(duration > 0) || math.IsInf(duration, 0):
		return nil, fmt.Errorf("%w: holdout duration %v must be positive and finite", ErrOutOfRange, duration)
	}
	if err := checkModel("model", m); err != nil {
		return nil, err
	}
	// Rows above the number of customers would be empty anyway; the bound
	// keeps the allocation proportional to the data.
	maxFrequency = min(maxFrequency, len(cal))
	rows := make([]FrequencyRow, maxFrequency+1)
	for i, c := range cal {
		if i%64 == 63 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := c.check(); err != nil {
			return nil, err.at(i)
		}
		h := holdout[i].Frequency
		switch {
		case math.IsNaN(h) || math.IsInf(h, 0):
			return nil, &InputError{Index: i, Field: "holdout frequency", Value: fmt.Sprint(h), Err: ErrNonFinite}
		case h < 0:
			return nil, &InputError{Index: i, Field: "holdout frequency", Value: fmt.Sprint(h), Err: ErrNegative}
		}
		k := int(math.Min(c.Frequency, float64(maxFrequency)))
		rows[k].N++
		rows[k].Actual += h
		rows[k].Predicted += m.ConditionalExpectedPurchases(c, duration)
	}
	out := rows[:0]
	for k, r := range rows {
		if r.N == 0 {
			continue
		}
		n := float64(r.N)
		out = append(out, FrequencyRow{Frequency: k, N: r.N, Actual: r.Actual / n, Predicted: r.Predicted / n})
	}
	return out, nil
}

// CountModel is a model that gives the distribution of the number of
// repeat purchases of a new customer over a period of length t, such as
// [BGNBD] and [MBGNBD].
type CountModel interface {
	// ProbPurchases returns P(X(t) = n).
	ProbPurchases(n int, t float64) float64
}

// CountRow is one row of [RepeatCounts].
//
// JSON keys: repeat, observed, expected.
type CountRow struct {
	// Repeat is the number of repeat purchases; the last row pools
	// Repeat or more.
	Repeat int
	// Observed is the number of customers with that many repeat purchases.
	Observed float64
	// Expected is Σ_i P(X(T_i) = Repeat) over customers i, each over the
	// customer's own age T_i (for the pooled row, the customers not
	// expected in the rows before).
	Expected float64
}

// RepeatCounts returns the observed and expected numbers of customers with
// 0, 1, …, maxRepeat−1 and maxRepeat-or-more repeat purchases in the
// calibration period (the histogram check of FHL 2005, Figure 2). Customers
// with the same T share the model calls.
//
// The cost is maxRepeat model calls per distinct age, so maxRepeat is
// capped at [MaxPeriods].
//
// Errors: [ErrEmpty] for no customers; [ErrOutOfRange] for maxRepeat < 1 or
// above MaxPeriods; an [*InputError] for an invalid customer (at its index)
// or invalid parameters of a model of this package; ctx.Err() when ctx is
// cancelled (checked every 64 model calls).
func RepeatCounts(ctx context.Context, m CountModel, data []Customer, maxRepeat int) ([]CountRow, error) {
	if len(data) == 0 {
		return nil, ErrEmpty
	}
	if maxRepeat < 1 || maxRepeat > MaxPeriods {
		return nil, fmt.Errorf("%w: maxRepeat %d must be in 1..%d", ErrOutOfRange, maxRepeat, MaxPeriods)
	}
	if err := checkModel("model", m); err != nil {
		return nil, err
	}
	out := make([]CountRow, maxRepeat+1)
	for i := range out {
		out[i].Repeat = i
	}
	var ages dense.Codes[float64] // distinct ages in order of appearance, for a deterministic sum
	var weights []float64
	for i, c := range data {
		if err := c.check(); err != nil {
			return nil, err.at(i)
		}
		out[int(math.Min(c.Frequency, float64(maxRepeat)))].Observed++
		j, added := ages.Code(c.T)
		if added {
			weights = append(weights, 0)
		}
		weights[j]++
	}
	calls := 0
	for j, T := range ages.Keys {
		w := weights[j]
		rest := w
		for n := range maxRepeat {
			if calls++; calls%64 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			e := w * m.ProbPurchases(n, T)
			out[n].Expected += e
			rest -= e
		}
		out[maxRepeat].Expected += math.Max(rest, 0)
	}
	return out, nil
}
