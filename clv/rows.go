package clv

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// This file holds the compressed form of customer summaries that the fits
// and CLV work on, with the hash indexes that build it.

// rows is a compressed data set: the unique (x, t_x, T) triples of a slice
// of customers, with w the number of customers sharing each triple. Fitting
// on rows instead of customers gives the same likelihood and is where most of
// the speed comes from (CDNOW's 2,357 customers have far fewer triples).
type rows struct {
	x, tx, T, w []float64
}

// len returns the number of unique rows.
func (r rows) len() int { return len(r.x) }

// total returns the total weight (number of customers).
func (r rows) total() float64 {
	s := 0.0
	for _, w := range r.w {
		s += w
	}
	return s
}

// compress validates data (each customer with Customer.Validate; errors are
// *InputError at the customer's index) and returns its unique (x, t_x, T)
// rows with weights, in order of first appearance. An empty slice gives
// ErrEmpty.
func compress(data []Customer) (rows, error) { return compressCtx(context.Background(), data, nil) }

// checkWeights returns ErrLength when weights is not nil and its length
// differs from n.
func checkWeights(n int, weights []float64) error {
	if weights != nil && len(weights) != n {
		return fmt.Errorf("%w: %d customers, %d weights", ErrLength, n, len(weights))
	}
	return nil
}

// weightAt returns weights[i] (1 when weights is nil) or an *InputError at
// index i for a weight that is not finite or negative.
func weightAt(weights []float64, i int) (float64, *InputError) {
	if weights == nil {
		return 1, nil
	}
	w := weights[i]
	switch {
	case math.IsNaN(w) || math.IsInf(w, 0):
		return 0, &InputError{Index: i, Field: "weight", Value: fmt.Sprint(w), Err: ErrNonFinite}
	case w < 0:
		return 0, &InputError{Index: i, Field: "weight", Value: fmt.Sprint(w), Err: ErrNegative}
	}
	return w, nil
}

// compressCtx is compress with optional weights (nil means 1 per customer;
// see FitBGNBD) that returns ctx.Err() when ctx is cancelled (checked every
// 65,536 customers). Rows of weight 0 are validated and left out; a total
// weight of 0 gives ErrEmpty.
func compressCtx(ctx context.Context, data []Customer, weights []float64) (rows, error) {
	if err := checkWeights(len(data), weights); err != nil {
		return rows{}, err
	}
	if len(data) == 0 {
		return rows{}, ErrEmpty
	}
	var r rows
	var h rowIndex
	h.init(len(data))
	// Customers with x = 0 (often the majority) are keyed by T alone in a
	// small table that stays in cache; zrow maps its entries to rows.
	var zt floatIndex
	var zT, zrow []float64
	total := 0.0
	for i, c := range data {
		if i&0xffff == 0xffff {
			if err := ctx.Err(); err != nil {
				return rows{}, err
			}
		}
		if err := c.check(); err != nil {
			return rows{}, err.at(i)
		}
		w, werr := weightAt(weights, i)
		if werr != nil {
			return rows{}, werr
		}
		if w == 0 {
			continue
		}
		total += w
		// +0 makes −0 and +0 the same key.
		x, tx, T := c.Frequency+0, c.Recency+0, c.T+0
		if x == 0 {
			n := len(zT)
			k := zt.distinct(&zT, &zrow, T)
			if int(k) == n { // new age
				zrow[k] = float64(len(r.x))
				r.x = append(r.x, 0)
				r.tx = append(r.tx, 0)
				r.T = append(r.T, T)
				r.w = append(r.w, 0)
			}
			r.w[int(zrow[k])] += w
			continue
		}
		j, ok := h.find(x, tx, T, r)
		if ok {
			r.w[j] += w
			continue
		}
		h.insert(j, int32(len(r.x)))
		r.x = append(r.x, x)
		r.tx = append(r.tx, tx)
		r.T = append(r.T, T)
		r.w = append(r.w, w)
	}
	if !(total > 0) || math.IsInf(total, 0) {
		if math.IsInf(total, 0) {
			return rows{}, fmt.Errorf("%w: total weight %v", ErrOutOfRange, total)
		}
		return rows{}, fmt.Errorf("%w: total weight is 0", ErrEmpty)
	}
	return r, nil
}

// sorted returns the rows sorted by (x, t_x, T). The fits work on sorted
// rows, so that the likelihood of a data set is summed in the same order
// however its customers are ordered or grouped: a pattern table with
// whole-number counts then fits bit for bit like the customers it counts.
func (r rows) sorted() rows {
	type row struct{ x, tx, T, w float64 }
	rs := make([]row, r.len())
	for i := range rs {
		rs[i] = row{r.x[i], r.tx[i], r.T[i], r.w[i]}
	}
	// The rows are distinct, so the order is total and the sort's
	// instability does not matter.
	slices.SortFunc(rs, func(a, b row) int {
		switch {
		case a.x != b.x:
			return cmp.Compare(a.x, b.x)
		case a.tx != b.tx:
			return cmp.Compare(a.tx, b.tx)
		}
		return cmp.Compare(a.T, b.T)
	})
	s := rows{x: make([]float64, len(rs)), tx: make([]float64, len(rs)), T: make([]float64, len(rs)), w: make([]float64, len(rs))}
	for j, v := range rs {
		s.x[j], s.tx[j], s.T[j], s.w[j] = v.x, v.tx, v.T, v.w
	}
	return s
}

// fitRows is compressCtx followed by sorted: the rows a fit works on.
func fitRows(ctx context.Context, data []Customer, weights []float64) (rows, error) {
	r, err := compressCtx(ctx, data, weights)
	if err != nil {
		return rows{}, err
	}
	return r.sorted(), nil
}

// rowIndex is an open-addressing hash set of row indices keyed by the bits
// of (x, t_x, T); it is several times faster than a Go map with a struct of
// three floats as key, which matters at millions of customers.
type rowIndex struct {
	slots []int32 // row index + 1; 0 = empty
	mask  uint64
}

func (h *rowIndex) init(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	h.slots = make([]int32, size)
	h.mask = uint64(size - 1)
}

func rowHash(x, tx, T float64) uint64 {
	k := math.Float64bits(x)*0x9e3779b97f4a7c15 ^ math.Float64bits(tx)*0xc2b2ae3d27d4eb4f ^ math.Float64bits(T)*0x165667b19e3779f9
	k ^= k >> 29
	k *= 0xbf58476d1ce4e5b9
	return k ^ k>>32
}

// find returns the row with key (x, tx, T) and true, or the free slot where
// it belongs and false.
func (h *rowIndex) find(x, tx, T float64, r rows) (int, bool) {
	i := rowHash(x, tx, T) & h.mask
	for {
		s := h.slots[i]
		if s == 0 {
			return int(i), false
		}
		j := int(s - 1)
		if r.x[j] == x && r.tx[j] == tx && r.T[j] == T {
			return j, true
		}
		i = (i + 1) & h.mask
	}
}

func (h *rowIndex) insert(slot int, row int32) { h.slots[slot] = row + 1 }

// warmRows is the number of unique rows above which the models of this
// package warm-start on subsamples (see fitWarm), subRows the size of the
// smallest subsample and subStep the ratio of sizes between stages.
const (
	warmRows = 20000
	subRows  = 4000
	subStep  = 10
)

// subsamples returns nested systematic samples of the rows, smallest first:
// r.len()/subStep rows, r.len()/subStep² rows, … down to about subRows, or
// none if r has no more than warmRows rows. Each sample takes every k-th row
// of the full rows, with weights scaled so that the total weight is
// unchanged; rows are in order of first appearance in the data, so the
// samples spread over the whole data set.
func (r rows) subsamples() []rows {
	if r.len() <= warmRows {
		return nil
	}
	var out []rows
	for k := subStep; r.len()/k >= subRows; k *= subStep {
		var s rows
		for i := 0; i < r.len(); i += k {
			s.x = append(s.x, r.x[i])
			s.tx = append(s.tx, r.tx[i])
			s.T = append(s.T, r.T[i])
			s.w = append(s.w, r.w[i])
		}
		scale := r.total() / s.total()
		for i := range s.w {
			s.w[i] *= scale
		}
		out = append([]rows{s}, out...)
	}
	return out
}

// floatIndex maps distinct float64 values to their positions in a slice:
// a small open-addressing hash table (faster than a Go map for the few
// hundred distinct frequencies and ages of a data set, looked up once per
// row). The zero value is ready to use.
type floatIndex struct {
	slots []int32 // position + 1; 0 = empty
	n     int
}

// distinct returns the index of v in *vals, appending v (and a zero to
// *acc) when it is new.
func (h *floatIndex) distinct(vals, acc *[]float64, v float64) int32 {
	if 2*(h.n+1) > len(h.slots) {
		h.grow(*vals)
	}
	mask := uint64(len(h.slots) - 1)
	b := math.Float64bits(v) * 0x9e3779b97f4a7c15
	i := (b ^ b>>29) & mask
	for {
		s := h.slots[i]
		if s == 0 {
			break
		}
		if (*vals)[s-1] == v {
			return s - 1
		}
		i = (i + 1) & mask
	}
	h.slots[i] = int32(len(*vals)) + 1
	h.n++
	*vals = append(*vals, v)
	*acc = append(*acc, 0)
	return int32(len(*vals) - 1)
}

// grow doubles the table and re-inserts vals.
func (h *floatIndex) grow(vals []float64) {
	size := max(64, 2*len(h.slots))
	h.slots = make([]int32, size)
	mask := uint64(size - 1)
	for j, v := range vals {
		b := math.Float64bits(v) * 0x9e3779b97f4a7c15
		i := (b ^ b>>29) & mask
		for h.slots[i] != 0 {
			i = (i + 1) & mask
		}
		h.slots[i] = int32(j) + 1
	}
}
