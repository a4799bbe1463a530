package nps

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/interval"
	"github.com/cxkit/cxkit/internal/rating"
)

// WeightedSE names the standard error of a weighted NPS. The zero value is
// KishSE.
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
	// StdErrKish is 100·√(V_w/NEff) with V_w = p_w + d_w − (p_w − d_w)².
	StdErrKish float64
	// StdErrLinearized is the linearised standard error; NaN when
	// LinearizedDefined is false.
	StdErrLinearized float64
	// LinearizedDefined is false when fewer than two weights are positive
	// (m/(m−1) is undefined).
	LinearizedDefined bool
}

// Weighted returns the NPS of ratings with survey weights. A nil weights
// slice means every weight is 1, and then the result matches [Score] with
// NEff = n. Weights must be finite and ≥ 0 (zero weights are allowed and
// drop the response) and not all zero; weights of the wrong length, a
// negative, NaN or infinite weight, or all-zero weights return an error
// wrapping [ErrWeights] that names the index. Ratings are checked as in
// [Score].
func Weighted(ratings, weights []float64) (WeightedResult, error) {
	if len(ratings) == 0 {
		return WeightedResult{}, fmt.Errorf("%w: empty ratings", ErrNoResponses)
	}
	if weights != nil && len(weights) != len(ratings) {
		return WeightedResult{}, fmt.Errorf("%w: %d weights for %d ratings", ErrWeights, len(weights), len(ratings))
	}
	var t WeightedTally
	for i, x := range ratings {
		v, err := rating.Check(i, x, 0, 10)
		if err != nil {
			return WeightedResult{}, wrap(err)
		}
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		if err := checkWeight(i, w); err != nil {
			return WeightedResult{}, err
		}
		t.add(v, w)
	}
	return t.Result()
}

// WeightedTally accumulates weighted 0–10 ratings one at a time; [Weighted]
// is the batch form. The zero value is empty and ready for use. It keeps,
// per category, the number of responses, of positive weights, and the sums
// of the weights and of their squares, so it is a comparable value type and
// Merge of two parts equals one pass over both up to floating-point rounding
// of the sums (the counts are exact). Not safe for concurrent use.
type WeightedTally struct {
	N         [3]int64   // responses per Category (Detractor, Passive, Promoter)
	NPositive int64      // responses with weight > 0
	Sum       [3]float64 // Σw per Category
	SumSq     [3]float64 // Σw² per Category
}

// Add includes one rating with its weight. A rating outside 0–10 returns a
// *[RatingError] (its Index is the number of responses added before it); a
// negative, NaN or infinite weight returns an error wrapping [ErrWeights].
// Nothing is counted on error.
func (t *WeightedTally) Add(r int, w float64) error {
	n := int(t.N[0] + t.N[1] + t.N[2])
	if r < 0 || r > 10 {
		return wrap(rating.CheckInt(n, r, 0, 10))
	}
	if err := checkWeight(n, w); err != nil {
		return err
	}
	t.add(r, w)
	return nil
}

func checkWeight(i int, w float64) error {
	if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
		return fmt.Errorf("%w: weight %v at index %d is not a finite number ≥ 0", ErrWeights, w, i)
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

// Merge adds every response counted by o.
func (t *WeightedTally) Merge(o WeightedTally) {
	for c := range t.N {
		t.N[c] += o.N[c]
		t.Sum[c] += o.Sum[c]
		t.SumSq[c] += o.SumSq[c]
	}
	t.NPositive += o.NPositive
}

// Reset empties the tally.
func (t *WeightedTally) Reset() { *t = WeightedTally{} }

// Result returns the weighted NPS of the responses so far. No responses
// return an error wrapping [ErrNoResponses]; a zero total weight, or sums
// beyond the floating-point range, wrap [ErrWeights].
func (t WeightedTally) Result() (WeightedResult, error) {
	n := t.N[0] + t.N[1] + t.N[2]
	if n == 0 {
		return WeightedResult{}, fmt.Errorf("%w: empty tally", ErrNoResponses)
	}
	sw, sw2, m := t.Sum, t.SumSq, int(t.NPositive)
	W := sw[0] + sw[1] + sw[2]
	if !(W > 0) || math.IsInf(W, 0) {
		return WeightedResult{}, fmt.Errorf("%w: total weight is %v", ErrWeights, W)
	}
	W2 := sw2[0] + sw2[1] + sw2[2]
	if !(W2 > 0) || math.IsInf(W2, 0) {
		return WeightedResult{}, fmt.Errorf("%w: the sum of squared weights %v is out of floating-point range", ErrWeights, W2)
	}
	p, a, d := sw[Promoter]/W, sw[Passive]/W, sw[Detractor]/W
	r := WeightedResult{
		N: int(n), NPositive: m, SumWeights: W,
		PctPromoters: 100 * p, PctPassives: 100 * a, PctDetractors: 100 * d,
		Score: 100 * (p - d),
		NEff:  W * W / W2,
	}
	r.DesignEffect = float64(m) / r.NEff
	r.StdErrKish = 100 * math.Sqrt(trinomialVariance(p, d)/r.NEff)
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

// category maps a valid rating to Detractor, Passive or Promoter.
func category(v int) Category {
	switch {
	case v >= 9:
		return Promoter
	case v >= 7:
		return Passive
	}
	return Detractor
}

// Interval returns the Wald interval Score ± z·SE at the given level with
// the chosen standard error; Raw is unclipped and Interval clipped to
// [−100, 100]. With LinearizedSE and fewer than two positive weights the
// interval is undefined: ok is false and the bounds are NaN.
func (w WeightedResult) Interval(level float64, se WeightedSE) (b Bounds, ok bool, err error) {
	if err := checkLevel(level); err != nil {
		return Bounds{}, false, err
	}
	s := w.StdErrKish
	switch se {
	case KishSE:
	case LinearizedSE:
		if !w.LinearizedDefined {
			nan := math.NaN()
			iv := Interval{Lower: nan, Upper: nan}
			return Bounds{Interval: iv, Raw: iv, Margin: nan, Centre: w.Score, Method: Wald, Level: level}, false, nil
		}
		s = w.StdErrLinearized
	default:
		return Bounds{}, false, fmt.Errorf("%w: weighted SE %d", ErrMethod, int(se))
	}
	margin := dist.ZCritical(level) * s
	raw := interval.Around(w.Score, margin)
	return Bounds{Interval: raw.Clip(-100, 100), Raw: raw, Margin: margin, Centre: w.Score, Method: Wald, Level: level}, true, nil
}
