package nps

import (
	"cmp"
	"fmt"
	"iter"
	"math"

	"github.com/cxkit/cxkit/internal/addall"
)

// WeightedSE names the standard error of a weighted NPS. The zero value is
// KishSE. It encodes in JSON by its name: "kish" or "linearized".
type WeightedSE int

const (
	// KishSE is 100·√(V_w/n_eff): the trinomial variance of the weighted
	// shares over Kish's effective sample size. The default.
	KishSE WeightedSE = iota
	// LinearizedSE is the Taylor-linearised (sandwich) standard error
	// 100·√(m/(m−1)·Σ(w_i(s_i − NPS_w/100))²)/W, which reflects how the
	// weights fall on each category. It can differ a lot from KishSE when a
	// few large weights dominate.
	LinearizedSE
)

// WeightedResult is the NPS of weighted responses. Scores and standard
// errors are in NPS points; shares are percentages of the total weight.
//
// JSON keys: n, n_positive, sum_weights, pct_promoters, pct_passives,
// pct_detractors, score, n_eff, design_effect, std_err,
// std_err_linearized, linearized_defined.
type WeightedResult struct {
	N             int     // number of responses, zero weights included
	NPositive     int     // m, the number of responses with weight > 0
	SumWeights    float64 // W = Σw
	PctPromoters  float64 // 100·Σ_{promoters} w / W
	PctPassives   float64 // 100·Σ_{passives} w / W
	PctDetractors float64 // 100·Σ_{detractors} w / W
	Score         float64 // NPS_w = PctPromoters − PctDetractors
	// NEff is Kish's (1965) effective sample size W²/Σw².
	NEff float64
	// DesignEffect is m/NEff: how much the weights inflate the variance
	// compared with m unweighted responses (1 for equal weights).
	DesignEffect float64
	// StdErr is Kish's standard error 100·√(V_w/NEff) with
	// V_w = p_w + d_w − (p_w − d_w)², the default ([KishSE]).
	StdErr float64
	// StdErrLinearized is the linearised standard error ([LinearizedSE]);
	// NaN (null in JSON) when LinearizedDefined is false.
	StdErrLinearized float64
	// LinearizedDefined is false when fewer than two weights are positive
	// (m/(m−1) is undefined).
	LinearizedDefined bool
}

// Weighted returns the NPS of ratings with survey weights. A nil weights
// slice means every weight is 1, and then the result matches [Score] with
// NEff = n. Weights must be finite and ≥ 0 (zero weights are allowed and
// drop the response) and not all zero. Errors: no ratings or a zero total
// weight wrap [ErrEmpty]; weights of another length than the ratings wrap
// [ErrLength]; a bad rating (as in [Score]) or weight (negative: wrapping
// [ErrNegative]; NaN or ±Inf: [ErrNonFinite]) is an *[InputError] with its
// index; sums of weights beyond the floating-point range wrap
// [ErrOutOfRange].
func Weighted(ratings, weights []float64) (WeightedResult, error) {
	if len(ratings) == 0 {
		return WeightedResult{}, fmt.Errorf("%w: empty ratings", ErrEmpty)
	}
	if weights != nil && len(weights) != len(ratings) {
		return WeightedResult{}, fmt.Errorf("%w: %d weights for %d ratings", ErrLength, len(weights), len(ratings))
	}
	var t WeightedTally
	for i, x := range ratings {
		if err := ratingError(i, x); err != nil {
			return WeightedResult{}, err
		}
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		if err := checkWeight(i, w); err != nil {
			return WeightedResult{}, err
		}
		t.add(int(x), w)
	}
	return t.Result()
}

// WeightedTally accumulates weighted 0–10 ratings one at a time; [Weighted]
// is the batch form. The zero value is empty and ready for use. It keeps,
// per category, the number of responses, of positive weights, and the sums
// of the weights and of their squares, so it is a comparable value type that
// can be sent as JSON, and Merge of two parts equals one pass over both up
// to floating-point rounding of the sums (the counts are exact). Not safe
// for concurrent use; give each goroutine its own and Merge them.
//
// JSON keys: n, n_positive, sum, sum_sq.
type WeightedTally struct {
	N         [3]int64   // responses per Category (Detractor, Passive, Promoter)
	NPositive int64      // responses with weight > 0 (at most the sum of N)
	Sum       [3]float64 // Σw per Category
	SumSq     [3]float64 // Σw² per Category
}

// Add includes one rating with its weight. A rating outside 0–10 or a
// negative, NaN or infinite weight returns an *[InputError] whose Index is
// the number of responses added before it. Nothing is counted on error.
func (t *WeightedTally) Add(r int, w float64) error {
	n := t.n()
	if err := intRatingError(n, r); err != nil {
		return err
	}
	if err := checkWeight(n, w); err != nil {
		return err
	}
	if t.N[category(r)] == math.MaxInt64 || t.NPositive == math.MaxInt64 {
		return fmt.Errorf("%w: a count would overflow int64", ErrOutOfRange)
	}
	t.add(r, w)
	return nil
}

// AddAll includes every (rating, weight) pair of seq and stops at the first
// bad one, whose *[InputError] has its position in seq as Index; the pairs
// before it stay counted.
func (t *WeightedTally) AddAll(seq iter.Seq2[int, float64]) error {
	return addall.Seq2(seq, t.Add, atIndex)
}

// n returns the number of responses, saturated at math.MaxInt.
func (t *WeightedTally) n() int {
	return satAdd(satAdd(int(t.N[0]), int(t.N[1])), int(t.N[2]))
}

func checkWeight(i int, w float64) error {
	switch {
	case math.IsNaN(w) || math.IsInf(w, 0):
		return badValue(i, "weight", w, ErrNonFinite, "")
	case w < 0:
		return badValue(i, "weight", w, ErrNegative, "")
	}
	return nil
}

func (t *WeightedTally) add(v int, w float64) {
	c := category(v)
	t.N[c]++
	if w > 0 {
		t.NPositive++
	}
	t.Sum[c] += w
	t.SumSq[c] += w * w
}

// check reports state that no sequence of Add calls can produce: negative
// or overflowing counts, more positive weights than responses, negative or
// NaN sums.
func (t WeightedTally) check() error {
	var n int64
	for c, k := range t.N {
		if k < 0 {
			return badValue(-1, fmt.Sprintf("N[%d]", c), k, ErrNegative, "")
		}
		if n += k; n < k {
			return fmt.Errorf("%w: the tally's counts overflow int64", ErrOutOfRange)
		}
	}
	if t.NPositive < 0 || t.NPositive > n {
		return badValue(-1, "NPositive", t.NPositive, ErrOutOfRange, fmt.Sprintf("0..%d", n))
	}
	for c := range t.Sum {
		for _, f := range [2]struct {
			name string
			v    float64
		}{{"Sum", t.Sum[c]}, {"SumSq", t.SumSq[c]}} {
			if math.IsNaN(f.v) {
				return badValue(-1, fmt.Sprintf("%s[%d]", f.name, c), f.v, ErrNonFinite, "")
			}
			if f.v < 0 {
				return badValue(-1, fmt.Sprintf("%s[%d]", f.name, c), f.v, ErrNegative, "")
			}
		}
	}
	return nil
}

// Merge adds every response counted by o. State that Add cannot produce
// (negative counts or sums, NaN sums) in either tally, or counts that would
// overflow int64, return an error and leave t unchanged.
func (t *WeightedTally) Merge(o WeightedTally) error {
	if err := cmp.Or(t.check(), o.check()); err != nil {
		return err
	}
	m := *t
	var n int64
	for c := range m.N {
		s := m.N[c] + o.N[c]
		if s < m.N[c] {
			return fmt.Errorf("%w: merged counts overflow int64", ErrOutOfRange)
		}
		if n += s; n < s {
			return fmt.Errorf("%w: merged counts overflow int64", ErrOutOfRange)
		}
		m.N[c] = s
		m.Sum[c] += o.Sum[c]
		m.SumSq[c] += o.SumSq[c]
	}
	m.NPositive += o.NPositive // at most n, which fits
	*t = m
	return nil
}

// Reset empties the tally.
func (t *WeightedTally) Reset() { *t = WeightedTally{} }

// Result returns the weighted NPS of the responses so far. No responses,
// or a zero total weight, return an error wrapping [ErrEmpty]; sums beyond
// the floating-point range wrap [ErrOutOfRange]; state set by hand that Add
// cannot produce returns an error (see Merge).
func (t WeightedTally) Result() (WeightedResult, error) {
	if err := t.check(); err != nil {
		return WeightedResult{}, err
	}
	n := t.N[0] + t.N[1] + t.N[2]
	if n == 0 {
		return WeightedResult{}, fmt.Errorf("%w: empty tally", ErrEmpty)
	}
	sw, sw2, m := t.Sum, t.SumSq, int(t.NPositive)
	W := sw[0] + sw[1] + sw[2]
	if W == 0 {
		return WeightedResult{}, fmt.Errorf("%w: the total weight is 0", ErrEmpty)
	}
	W2 := sw2[0] + sw2[1] + sw2[2]
	if math.IsInf(W, 0) || !(W2 > 0) || math.IsInf(W2, 0) {
		return WeightedResult{}, fmt.Errorf("%w: the sums of the weights (%v) or of their squares (%v) are out of floating-point range",
			ErrOutOfRange, W, W2)
	}
	p, a, d := sw[Promoter]/W, sw[Passive]/W, sw[Detractor]/W
	r := WeightedResult{
		N: int(n), NPositive: m, SumWeights: W,
		PctPromoters: 100 * p, PctPassives: 100 * a, PctDetractors: 100 * d,
		Score: 100 * (p - d),
		NEff:  W * W / W2,
	}
	r.DesignEffect = float64(m) / r.NEff
	r.StdErr = 100 * math.Sqrt(trinomialVariance(p, d)/r.NEff)
	r.StdErrLinearized = math.NaN()
	if m >= 2 {
		// Σ(w_i(s_i − μ))² = Σ_c Σw²_c (s_c − μ)², with s = −1, 0, +1.
		mu := p - d
		var q float64
		for c, s := range [3]float64{-1, 0, 1} {
			q += sw2[c] * (s - mu) * (s - mu)
		}
		r.StdErrLinearized = 100 * math.Sqrt(float64(m)/float64(m-1)*q) / W
		r.LinearizedDefined = true
	}
	return r, nil
}

// Interval returns the Wald interval Score ± z·SE at the given level (0
// means 0.95) with the chosen standard error: CI is clipped to [−100, 100],
// Raw is not. With LinearizedSE and fewer than two positive weights the
// interval is undefined: its ends and Margin are NaN (check
// LinearizedDefined).
func (w WeightedResult) Interval(level float64, se WeightedSE) (Bounds, error) {
	level, err := errs.Level(level)
	if err != nil {
		return Bounds{}, err
	}
	s := w.StdErr
	switch se {
	case KishSE:
	case LinearizedSE:
		s = w.StdErrLinearized // NaN when undefined
	default:
		return Bounds{}, badValue(-1, "standard error", se, ErrOutOfRange, "(want kish or linearized)")
	}
	return bounds(w.Score, s, level, Wald), nil
}
