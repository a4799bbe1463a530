package attribution

import (
	"github.com/cxkit/cxkit/journey"

	"context"
	"fmt"
	"math"
)

// Rule is a rule-based attribution model.
type Rule int

// The rule-based models. Each splits a path's conversions and value over its
// touches with weights that sum to 1; a channel touched twice gets two shares.
const (
	FirstTouch    Rule = iota // all credit to the first touch
	LastTouch                 // all credit to the last touch
	Linear                    // 1/n to each of the n touches
	PositionBased             // U-shaped: 40% first, 40% last, 20% shared by the middle
	TimeDecay                 // weight 2^(−d/H) for a touch d days before conversion, normalised
)

// HeuristicSettings tunes the heuristic models. A nil *HeuristicSettings, or a
// zero field, means the default.
//
// JSON keys: position_weights, half_life_days.
type HeuristicSettings struct {
	// PositionWeights are the shares of the first touch, of all middle
	// touches together, and of the last touch in PositionBased; default
	// {0.4, 0.2, 0.4}. A path of two touches splits first:last in proportion;
	// a path of one touch gives it everything.
	PositionWeights [3]float64
	// HalfLifeDays is the half-life H of TimeDecay in days; default 7.
	HalfLifeDays float64
	// Progress, if not nil, is called from Heuristic's goroutine with the
	// rows done and the rows of the table, every rowChunk rows and at the
	// end. Not encoded.
	Progress func(done, total int)
}

// rowChunk is how many rows of a path table the attribution functions
// process between two looks at their context.
const rowChunk = 1 << 14

// Heuristic attributes the table's conversions and value with a rule-based
// model, row by row. It checks ctx every rowChunk rows and returns
// ctx.Err() once it is cancelled. TimeDecay needs touch days on every row
// (an *InputError wrapping ErrMissing at the first row without). Errors:
// ErrEmpty for a nil or empty table; the errors of [journey.PathTable.Validate];
// ErrNegative, ErrNonFinite for settings; ErrUnknown for an unknown model.
func Heuristic(ctx context.Context, t *journey.PathTable, m Rule, s *HeuristicSettings) (Shares, error) {
	if err := checkTable(t); err != nil {
		return Shares{}, err
	}
	pw, half := [3]float64{0.4, 0.2, 0.4}, 7.0
	if s != nil {
		if s.PositionWeights != [3]float64{} {
			pw = s.PositionWeights
		}
		if s.HalfLifeDays != 0 {
			half = s.HalfLifeDays
		}
	}
	for i, w := range pw {
		if err := checkCount(i, "position weight", w); err != nil {
			return Shares{}, err
		}
	}
	if err := checkCount(-1, "half-life", half); err != nil {
		return Shares{}, err
	}
	if half == 0 {
		return Shares{}, badValue("half-life", "0", ErrOutOfRange)
	}
	if m < FirstTouch || m > TimeDecay {
		return Shares{}, badValue("heuristic model", fmt.Sprint(int(m)), ErrUnknown)
	}
	a := newShares(t)
	var w []float64
	for i, r := range t.Rows {
		if i%rowChunk == 0 {
			if err := ctx.Err(); err != nil {
				return Shares{}, err
			}
			if s != nil && s.Progress != nil {
				s.Progress(i, len(t.Rows))
			}
		}
		n := len(r.Touches)
		w = w[:0]
		for range n {
			w = append(w, 0)
		}
		switch m {
		case FirstTouch:
			w[0] = 1
		case LastTouch:
			w[n-1] = 1
		case Linear:
			for k := range w {
				w[k] = 1 / float64(n)
			}
		case PositionBased:
			positionWeights(w, pw)
		case TimeDecay:
			if r.Days == nil {
				return Shares{}, badAt(i, "touch days", "", fmt.Errorf("%w: time decay needs them", ErrMissing))
			}
			var sum float64
			for k, d := range r.Days {
				w[k] = math.Exp2(-d / half)
				sum += w[k]
			}
			for k := range w {
				w[k] /= sum
			}
		}
		for k, c := range r.Touches {
			a.Conversions[c] += w[k] * r.Conversions
			a.Value[c] += w[k] * r.Value
		}
	}
	if s != nil && s.Progress != nil {
		s.Progress(len(t.Rows), len(t.Rows))
	}
	return a, nil
}

func positionWeights(w []float64, pw [3]float64) {
	n := len(w)
	switch {
	case n == 1:
		w[0] = 1
	case n == 2:
		sum := pw[0] + pw[2]
		if sum == 0 {
			w[0], w[1] = 0.5, 0.5
			return
		}
		w[0], w[1] = pw[0]/sum, pw[2]/sum
	default:
		w[0], w[n-1] = pw[0], pw[2]
		for k := 1; k < n-1; k++ {
			w[k] = pw[1] / float64(n-2)
		}
	}
}
