package clv

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"

	"github.com/cxkit/cxkit/internal/addall"
)

// maxCount is the largest count a PatternTable holds exactly (2⁵³, the
// largest run of whole numbers a float64 represents).
const maxCount = 1 << 53

// PatternTable counts customer summaries per distinct pattern: the
// compressed form of a customer base that every fit of this package
// accepts with weights. The transaction models' likelihoods depend on a
// customer only through (Frequency, Recency, T), so a table of distinct
// triples with their counts fits exactly like the customers it counts,
// standard errors included:
//
//	data, counts := table.Result()
//	bg, res, err := clv.FitBGNBD(ctx, data, counts, nil)
//
// A customer base of millions, or a stream of a billion purchases
// summarised per customer, compresses to as many patterns as there are
// distinct (x, t_x, T), at most about periods³/6 and in practice a few
// thousand (CDNOW's 2,357 customers have 1,016).
//
// By default Monetary is not part of a pattern: it is 0 in every pattern
// of the result, which the transaction models ignore and [FitGammaGamma]
// rejects. With Monetary set, patterns are distinct (Frequency, Recency, T,
// Monetary) and the table fits all five models, Gamma-Gamma included, but
// compresses only customers whose mean spends are equal. IDs are dropped.
//
// The zero value is an empty table, ready to use. Add a customer with
// [PatternTable.Add], a stream with [PatternTable.AddAll] or a slice with
// [Patterns]; combine tables built in parallel (per worker, per shard)
// with [PatternTable.Merge]. [PatternTable.Result] returns the patterns
// sorted by (Frequency, Recency, T, Monetary), so the result, and a fit on
// it, is the same bit for bit whatever the order of the customers and of
// the merges. Counts are exact up to 2⁵³ customers per pattern. A
// PatternTable is not safe for concurrent use: give each goroutine its own
// and Merge them.
//
// JSON keys: monetary, customers, counts (a decoded table can be added to
// and merged).
type PatternTable struct {
	// Monetary makes Monetary part of a pattern (see above). Set it before
	// the first Add; tables merge only with tables of the same setting.
	Monetary bool
	// Customers holds the distinct patterns in the order they were first
	// seen (ID empty; Monetary 0 unless Monetary is set).
	Customers []Customer
	// Counts[i] is the number of customers with pattern Customers[i].
	Counts []float64

	index map[patternKey]int // position in Customers; rebuilt when stale
}

// patternKey is a pattern as a map key (+0 for −0).
type patternKey struct{ x, tx, T, m float64 }

// Patterns returns the distinct (Frequency, Recency, T) patterns of data
// with the number of customers of each, sorted, ready for the weights
// argument of the transaction models' fits (see [PatternTable]; Monetary is
// 0 in every pattern). An invalid customer gives its [*InputError] at its
// index; an empty slice gives empty results.
func Patterns(data []Customer) (patterns []Customer, counts []float64, err error) {
	var t PatternTable
	for i, c := range data {
		if e := t.add(c, 1); e != nil {
			return nil, nil, e.at(i)
		}
	}
	patterns, counts = t.Result()
	return patterns, counts, nil
}

// key returns c's pattern under t's setting.
func (t *PatternTable) key(c Customer) patternKey {
	k := patternKey{c.Frequency + 0, c.Recency + 0, c.T + 0, 0}
	if t.Monetary {
		k.m = c.Monetary + 0
	}
	return k
}

// reindex rebuilds the index when it does not describe Customers (a table
// built by hand or decoded from JSON). It reports an error for a table
// whose fields are inconsistent.
func (t *PatternTable) reindex() *InputError {
	if len(t.Counts) != len(t.Customers) {
		return &InputError{Index: -1, Field: "counts", Value: fmt.Sprint(len(t.Counts)),
			Err: fmt.Errorf("%w: %d counts for %d patterns", ErrLength, len(t.Counts), len(t.Customers))}
	}
	if len(t.index) == len(t.Customers) {
		return nil
	}
	t.index = make(map[patternKey]int, len(t.Customers))
	for i, c := range t.Customers {
		if err := c.check(); err != nil {
			return err.at(i)
		}
		if n := t.Counts[i]; !(n >= 0 && n <= maxCount) || n != math.Trunc(n) {
			return &InputError{Index: i, Field: "count", Value: fmt.Sprint(n), Err: fmt.Errorf("%w: not a whole number in 0..2⁵³", ErrOutOfRange)}
		}
		k := t.key(c)
		if _, dup := t.index[k]; dup {
			return &InputError{Index: i, Field: "pattern", Value: fmt.Sprintf("%+v", c), Err: ErrDuplicate}
		}
		t.index[k] = i
	}
	return nil
}

// Add counts one customer. An invalid customer (see [Customer.Validate])
// gives its [*InputError] (Index −1) and leaves t unchanged; so does a count
// that would exceed 2⁵³ (ErrOutOfRange).
func (t *PatternTable) Add(c Customer) error {
	if e := t.add(c, 1); e != nil {
		return e
	}
	return nil
}

// add counts n customers with c's pattern.
func (t *PatternTable) add(c Customer, n float64) *InputError {
	if err := c.check(); err != nil {
		return err
	}
	if err := t.reindex(); err != nil {
		return err
	}
	k := t.key(c)
	if j, ok := t.index[k]; ok {
		if t.Counts[j] > maxCount-n {
			return &InputError{Index: -1, Field: "count", Value: fmt.Sprint(t.Counts[j] + n), Err: fmt.Errorf("%w: above 2⁵³", ErrOutOfRange)}
		}
		t.Counts[j] += n
		return nil
	}
	if t.index == nil {
		t.index = map[patternKey]int{}
	}
	t.index[k] = len(t.Customers)
	t.Customers = append(t.Customers, Customer{Frequency: k.x, Recency: k.tx, T: k.T, Monetary: k.m})
	t.Counts = append(t.Counts, n)
	return nil
}

// AddAll counts every customer of seq, a stream of summaries of any
// length (memory grows with the number of distinct patterns, not of
// customers). It stops at the first invalid customer and returns its
// [*InputError] with Index its 0-based position in seq; the customers
// before it stay counted.
func (t *PatternTable) AddAll(seq iter.Seq[Customer]) error {
	// Add's errors are all *InputError.
	return addall.Seq(seq, t.Add, func(err error, i int) { err.(*InputError).at(i) })
}

// Merge adds the counts of o to t. Tables with different Monetary
// settings do not merge (an error wrapping [ErrScale]); nor do tables whose
// fields are inconsistent (counts and customers of different lengths, an
// invalid pattern or count). On error t is unchanged.
func (t *PatternTable) Merge(o PatternTable) error {
	if t.Monetary != o.Monetary {
		return fmt.Errorf("%w: merging a pattern table with Monetary %v into one with %v", ErrScale, o.Monetary, t.Monetary)
	}
	if err := t.reindex(); err != nil {
		return err
	}
	if err := o.reindex(); err != nil {
		return err
	}
	for i, c := range o.Customers {
		if j, ok := t.index[t.key(c)]; ok && t.Counts[j] > maxCount-o.Counts[i] {
			return fmt.Errorf("%w: merged count %v above 2⁵³", ErrOutOfRange, t.Counts[j]+o.Counts[i])
		}
	}
	for i, c := range o.Customers {
		if o.Counts[i] > 0 {
			t.add(c, o.Counts[i]) // checked above: cannot fail
		}
	}
	return nil
}

// Result returns the patterns and their counts, sorted by (Frequency,
// Recency, T, Monetary), as new slices: pass them as the data and weights of
// a fit. Patterns counted 0 times (from a hand-built table) are left out.
func (t PatternTable) Result() (patterns []Customer, counts []float64) {
	idx := make([]int, 0, len(t.Customers))
	for i := range t.Customers {
		if i < len(t.Counts) && t.Counts[i] > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		ca, cb := t.Customers[a], t.Customers[b]
		return cmp.Or(cmp.Compare(ca.Frequency, cb.Frequency), cmp.Compare(ca.Recency, cb.Recency),
			cmp.Compare(ca.T, cb.T), cmp.Compare(ca.Monetary, cb.Monetary))
	})
	patterns = make([]Customer, len(idx))
	counts = make([]float64, len(idx))
	for j, i := range idx {
		c := t.Customers[i]
		patterns[j] = Customer{Frequency: c.Frequency, Recency: c.Recency, T: c.T, Monetary: c.Monetary}
		if !t.Monetary {
			patterns[j].Monetary = 0
		}
		counts[j] = t.Counts[i]
	}
	return patterns, counts
}
