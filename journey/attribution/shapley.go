package attribution

import (
	"github.com/cxkit/cxkit/journey"

	"github.com/cxkit/cxkit/internal/shapley"

	"context"
	"fmt"
)

// ShapleyValue chooses the coalition value v(S) of Shapley attribution. A
// path belongs to coalition S when its set of distinct channels is a subset
// of S; order and repeats are ignored.
type ShapleyValue int

// The coalition values.
const (
	// ConversionRate: v(S) = conversions / (conversions + nulls) over the
	// paths in S; 0 when no path is in S.
	ConversionRate ShapleyValue = iota
	// SubsetSum: v(S) = the conversions of the paths in S. Its Shapley values
	// split each path's conversions equally over its distinct channels.
	SubsetSum
)

// ShapleySettings configures [Shapley]. A nil *ShapleySettings means the
// defaults.
//
// JSON keys: value.
type ShapleySettings struct {
	// Value is the coalition value; the zero value is ConversionRate.
	Value ShapleyValue
	// Progress, if not nil, is called from the caller's goroutine with the
	// passes done over the 2^C coalitions and the passes to do. Not
	// encoded.
	Progress func(done, total int)
}

// MaxShapleyChannels bounds the channels of exact Shapley attribution, which
// visits all 2^C coalitions.
const MaxShapleyChannels = 20

// ShapleyResult is the outcome of [Shapley]; slices are indexed like the
// path table's Channels.
//
// JSON keys: phi, defined, attribution.
type ShapleyResult struct {
	Phi []float64 // the Shapley value of each channel
	// Defined is false when the Shapley values sum to 0 (for example with no
	// conversions); Attribution is then all zeros.
	Defined bool
	// Attribution splits the total conversions and value in proportion to
	// Phi. Channels with a negative Shapley value get negative credit.
	Attribution Shares
}

// Shapley computes exact Shapley-value attribution over channel sets
// (Shapley 1953; Dalessandro et al. 2012 for advertising):
//
//	φ_c = Σ_{S ∌ c} |S|! (n−|S|−1)! / n! · [v(S ∪ {c}) − v(S)]
//
// by full enumeration, with the coalition values summed over subsets by a
// zeta transform in O(n·2^n). It checks ctx between passes and returns
// ctx.Err() once it is cancelled. Errors: ErrEmpty, the errors of
// [journey.PathTable.Validate], ErrOutOfRange beyond MaxShapleyChannels channels,
// ErrUnknown for an unknown value function.
func Shapley(ctx context.Context, t *journey.PathTable, s *ShapleySettings) (ShapleyResult, error) {
	if err := checkTable(t); err != nil {
		return ShapleyResult{}, err
	}
	var v ShapleyValue
	var progress func(done, total int)
	if s != nil {
		v, progress = s.Value, s.Progress
	}
	n := len(t.Channels)
	if n > MaxShapleyChannels {
		return ShapleyResult{}, fmt.Errorf("%w: %d channels, at most %d for exact Shapley values", ErrOutOfRange, n, MaxShapleyChannels)
	}
	if v != ConversionRate && v != SubsetSum {
		return ShapleyResult{}, badValue("Shapley value", fmt.Sprint(int(v)), ErrUnknown)
	}
	passes := 2*n + 1
	report := func(done int) error {
		if progress != nil {
			progress(done, passes)
		}
		return ctx.Err()
	}
	if err := report(0); err != nil {
		return ShapleyResult{}, err
	}
	size := 1 << n
	conv := make([]float64, size)
	tot := make([]float64, size)
	for _, r := range t.Rows {
		var m int
		for _, c := range r.Touches {
			m |= 1 << c
		}
		conv[m] += r.Conversions
		tot[m] += r.Conversions + r.Nulls
	}
	for b := 0; b < n; b++ {
		if err := report(1 + b); err != nil {
			return ShapleyResult{}, err
		}
		bit := 1 << b
		for m := 0; m < size; m++ {
			if m&bit != 0 {
				conv[m] += conv[m^bit]
				tot[m] += tot[m^bit]
			}
		}
	}
	val := conv
	if v == ConversionRate {
		for m := range val {
			if tot[m] > 0 {
				val[m] = conv[m] / tot[m]
			} else {
				val[m] = 0
			}
		}
	}
	phi, err := shapley.Values(val, n, func(c int) error { return report(n + 1 + c) })
	if err != nil {
		return ShapleyResult{}, err
	}
	res := ShapleyResult{Phi: phi, Attribution: newShares(t)}
	var sum float64
	for _, p := range res.Phi {
		sum += p
	}
	if sum == 0 {
		return res, nil
	}
	res.Defined = true
	totalConv, totalValue, _ := t.Totals()
	for c, p := range res.Phi {
		res.Attribution.Conversions[c] = p / sum * totalConv
		res.Attribution.Value[c] = p / sum * totalValue
	}
	return res, nil
}
