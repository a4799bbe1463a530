package clv

import (
	"fmt"
	"reflect"
)

// TransactionModel is a fitted model of repeat-purchase counts in
// continuous time, such as [BGNBD] or [MBGNBD] (and the Pareto/NBD model of
// this package). Every method works in the time unit of the [Customer]
// summaries the model was fitted on (weeks for the CDNOW data): t is a length
// of time in that unit, and rates are per unit.
//
// Implementations are small value types with exported parameters; their
// methods are safe for concurrent use and never panic. They return NaN when
// the model's parameters are not positive and finite (the models of this
// package report which one with their Validate method), for a negative or
// non-finite t, and for a Customer that fails [Customer.Validate].
//
// [CLV], [DiscountedPurchases] and the model checks ([HoldoutByFrequency],
// [RepeatCounts]) take any TransactionModel, so a new model plugs into
// valuation and validation by implementing these three methods; if it also
// has a Validate() error method, they call it first.
type TransactionModel interface {
	// ExpectedPurchases returns E[X(t)], the expected number of repeat
	// purchases in a period of length t of a customer picked at random from
	// the population at the time of the first purchase.
	ExpectedPurchases(t float64) float64

	// ConditionalExpectedPurchases returns the expected number of
	// purchases of customer c in the future window (T, T+t], given the
	// customer's history (frequency x, recency t_x, age T).
	ConditionalExpectedPurchases(c Customer, t float64) float64

	// ProbAlive returns the probability that customer c is still active
	// ("alive") at the end of the observation period, given the history.
	ProbAlive(c Customer) float64
}

// validator is implemented by the models of this package.
type validator interface{ Validate() error }

// checkModel returns an error wrapping [ErrOutOfRange] for a nil model
// (what names it: "model", "spend model"), a nil interface or a nil
// pointer such as (*BGNBD)(nil), whose value methods would panic, and,
// when the model can say (a Validate method, as every model of this
// package has), the error for its invalid parameters.
func checkModel(what string, m any) error {
	if m == nil {
		return fmt.Errorf("%w: nil %s", ErrOutOfRange, what)
	}
	if v := reflect.ValueOf(m); v.Kind() == reflect.Pointer && v.IsNil() {
		return fmt.Errorf("%w: nil %s (%T)", ErrOutOfRange, what, m)
	}
	if v, ok := m.(validator); ok {
		return v.Validate()
	}
	return nil
}
