package journey

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Names of the special states of the Markov chain, as ChannelAttribution
// prints them.
const (
	StartState      = "(start)"
	ConversionState = "(conversion)"
	NullState       = "(null)"
)

// MarkovSettings configures [Markov] and [TransitionMatrix]. A nil
// *MarkovSettings means order 1 with repeats collapsed.
type MarkovSettings struct {
	// Order k ≥ 1: a state is a window of k consecutive channels. 0 means 1.
	Order int
	// KeepRepeats keeps runs of identical consecutive states as self-loops
	// (A → A) instead of collapsing them. Self-loops change the transition
	// matrix but not the absorption probabilities or removal effects.
	KeepRepeats bool
}

func (s *MarkovSettings) order() (int, bool, error) {
	if s == nil {
		return 1, false, nil
	}
	k := s.Order
	if k == 0 {
		k = 1
	}
	if k < 1 {
		return 0, false, fmt.Errorf("%w: got %d", ErrBadOrder, s.Order)
	}
	return k, s.KeepRepeats, nil
}

// chain holds the transition counts of the absorbing Markov chain built from
// a path table. Transient state 0 is (start); states 1..n-1 are channel
// windows.
type chain struct {
	n        int
	names    []string  // state names, names[0] = StartState
	q        []float64 // n×n transient transition counts, row-major
	conv     []float64 // counts into (conversion)
	null     []float64 // counts into (null)
	valLast  []float64 // conversion value of rows ending in the state
	convLast []float64 // conversions of rows ending in the state
	chans    [][]int32 // distinct channels of each state's window
}

func buildChain(t *PathTable, order int, keep bool) *chain {
	c := &chain{names: []string{StartState}, chans: [][]int32{nil}}
	var ids map[string]int
	if order == 1 {
		for i, name := range t.Channels {
			c.names = append(c.names, name)
			c.chans = append(c.chans, []int32{int32(i)})
		}
	} else {
		ids = map[string]int{}
	}
	c.n = len(c.names)
	if order == 1 {
		c.q = make([]float64, c.n*c.n)
		c.conv, c.null = make([]float64, c.n), make([]float64, c.n)
		c.valLast, c.convLast = make([]float64, c.n), make([]float64, c.n)
	}
	type edge struct {
		from, to int
		w        float64
	}
	var edges []edge // used when states are discovered on the way
	var seq []int
	var key []byte
	for _, r := range t.Rows {
		seq = seq[:0]
		if order == 1 {
			for _, ch := range r.Touches {
				s := int(ch) + 1
				if keep || len(seq) == 0 || seq[len(seq)-1] != s {
					seq = append(seq, s)
				}
			}
		} else {
			nw := max(len(r.Touches)-order+1, 1)
			for i := 0; i < nw; i++ {
				win := r.Touches[i:min(i+order, len(r.Touches))]
				key = key[:0]
				for _, ch := range win {
					key = binary.LittleEndian.AppendUint32(key, uint32(ch))
				}
				s, ok := ids[string(key)]
				if !ok {
					s = len(c.names)
					ids[string(key)] = s
					c.names = append(c.names, windowName(t, win))
					c.chans = append(c.chans, distinctCodes(win))
				}
				if keep || len(seq) == 0 || seq[len(seq)-1] != s {
					seq = append(seq, s)
				}
			}
		}
		w := r.Conversions + r.Nulls
		prev := 0
		if order == 1 {
			for _, s := range seq {
				c.q[prev*c.n+s] += w
				prev = s
			}
		} else {
			for _, s := range seq {
				edges = append(edges, edge{prev, s, w})
				prev = s
			}
		}
		for len(c.conv) < len(c.names) {
			c.conv, c.null = append(c.conv, 0), append(c.null, 0)
			c.valLast, c.convLast = append(c.valLast, 0), append(c.convLast, 0)
		}
		c.conv[prev] += r.Conversions
		c.null[prev] += r.Nulls
		c.valLast[prev] += r.Value
		c.convLast[prev] += r.Conversions
	}
	c.n = len(c.names)
	for len(c.conv) < c.n {
		c.conv, c.null = append(c.conv, 0), append(c.null, 0)
		c.valLast, c.convLast = append(c.valLast, 0), append(c.convLast, 0)
	}
	if order == 1 {
		return c
	}
	c.q = make([]float64, c.n*c.n)
	for _, e := range edges {
		c.q[e.from*c.n+e.to] += e.w
	}
	return c
}

func windowName(t *PathTable, win []int32) string {
	parts := make([]string, len(win))
	for i, ch := range win {
		parts[i] = t.Channels[ch]
	}
	return strings.Join(parts, ">")
}

func distinctCodes(win []int32) []int32 {
	var out []int32
	for _, ch := range win {
		dup := false
		for _, o := range out {
			dup = dup || o == ch
		}
		if !dup {
			out = append(out, ch)
		}
	}
	return out
}

// StateTransition is one non-zero entry of a Markov transition matrix.
type StateTransition struct {
	From, To string
	Count    float64 // journeys that made this transition
	Prob     float64 // Count / all transitions out of From
}

// TransitionMatrix returns the non-zero transitions of the Markov chain of
// the path table, row by row (From in state order: (start), then the states by
// first appearance; within a row the transient states first, then
// (conversion) and (null)).
func TransitionMatrix(t *PathTable, s *MarkovSettings) ([]StateTransition, error) {
	order, keep, err := s.order()
	if err != nil {
		return nil, err
	}
	if len(t.Rows) == 0 {
		return nil, ErrNoPaths
	}
	c := buildChain(t, order, keep)
	var out []StateTransition
	for i := 0; i < c.n; i++ {
		row := c.q[i*c.n : (i+1)*c.n]
		total := c.conv[i] + c.null[i]
		for _, v := range row {
			total += v
		}
		if total == 0 {
			continue
		}
		for j, v := range row {
			if v > 0 {
				out = append(out, StateTransition{c.names[i], c.names[j], v, v / total})
			}
		}
		if c.conv[i] > 0 {
			out = append(out, StateTransition{c.names[i], ConversionState, c.conv[i], c.conv[i] / total})
		}
		if c.null[i] > 0 {
			out = append(out, StateTransition{c.names[i], NullState, c.null[i], c.null[i] / total})
		}
	}
	return out, nil
}

// MarkovResult is the outcome of [Markov]. Slices are indexed like the path
// table's Channels.
type MarkovResult struct {
	Order  int
	States int // channel-window states (without start, conversion and null)
	// Defined is false when no journey converts: PConversion is then 0, the
	// removal effects are NaN and nothing is attributed (all zeros).
	Defined        bool
	PConversion    float64   // probability of reaching (conversion) from (start)
	PRemoved       []float64 // the same with the channel removed
	RemovalEffects []float64 // 1 − PRemoved/PConversion
	// Attribution splits the total conversions and value in proportion to
	// the removal effects.
	Attribution Attribution
	// ValueLastState is the value convention that ChannelAttribution's
	// simulation estimates: conversion value credited through the states that
	// lead into (conversion), each with its own mean value per conversion.
	ValueLastState []float64
}

// Markov computes exact Markov-chain removal-effect attribution (Anderl et
// al. 2016; the model of ChannelAttribution) on a path table. At order k a
// path c1 … cn becomes the windows (c1 … ck), (c2 … ck+1), …; a path no
// longer than k is one state; runs of identical consecutive states are
// collapsed unless KeepRepeats. Each row adds its journeys to every
// transition (start) → s1 → … → sm, its conversions to sm → (conversion) and
// its nulls to sm → (null); row-normalised counts are the chain. Probabilities
// come from one linear solve of the absorbing chain, (I − Q)ᵀ N = e_start with
// P(conversion) = N · r, plus one per removed channel: nothing is simulated.
// Removing a channel cuts every state whose window contains it; the
// probability that flowed into those states is lost. A channel present on
// every converting path has removal effect 1.
//
// The cost is one dense LU factorisation per channel, O(C·S³) for S states:
// fine for thousands of states (order 3 on ten channels), too slow far
// beyond. Errors: ErrNoPaths, ErrBadOrder.
func Markov(t *PathTable, s *MarkovSettings) (MarkovResult, error) {
	order, keep, err := s.order()
	if err != nil {
		return MarkovResult{}, err
	}
	if len(t.Rows) == 0 {
		return MarkovResult{}, ErrNoPaths
	}
	c := buildChain(t, order, keep)
	nc := len(t.Channels)
	res := MarkovResult{
		Order: order, States: c.n - 1, PRemoved: make([]float64, nc), RemovalEffects: make([]float64, nc),
		Attribution: newAttribution(t), ValueLastState: make([]float64, nc),
	}
	totalConv, totalValue, _ := t.Totals()
	// Row-normalise: P = counts / out-flow; r = P(state -> conversion).
	n := c.n
	a := mat.NewDense(n, n, nil) // Aᵀ = I − Qᵀ, so that A x = e_start gives N
	r := make([]float64, n)
	for i := 0; i < n; i++ {
		row := c.q[i*n : (i+1)*n]
		out := c.conv[i] + c.null[i]
		for _, v := range row {
			out += v
		}
		if out > 0 {
			r[i] = c.conv[i] / out
			for j, v := range row {
				if v != 0 {
					a.Set(j, i, -v/out)
				}
			}
		}
	}
	for i := 0; i < n; i++ {
		a.Set(i, i, a.At(i, i)+1)
	}
	visits, err := solveVisits(a, nil)
	if err != nil {
		return MarkovResult{}, err
	}
	flow := make([]float64, n)
	for i := range flow {
		flow[i] = visits[i] * r[i]
		res.PConversion += flow[i]
	}
	if totalConv == 0 || res.PConversion <= 0 {
		for i := range res.RemovalEffects {
			res.RemovalEffects[i] = math.NaN()
		}
		res.PConversion = 0
		return res, nil
	}
	res.Defined = true
	removed := make([]bool, n)
	raw := make([]float64, nc)
	var sumRE, sumRaw float64
	for ch := 0; ch < nc; ch++ {
		for i := range removed {
			removed[i] = slicesContains(c.chans[i], int32(ch))
		}
		vc, err := solveVisits(a, removed)
		if err != nil {
			return MarkovResult{}, err
		}
		var p float64
		for i := 0; i < n; i++ {
			fc := 0.0
			if !removed[i] {
				fc = vc[i] * r[i]
			}
			p += fc
			if c.convLast[i] > 0 {
				raw[ch] += c.valLast[i] / c.convLast[i] * (flow[i] - fc)
			}
		}
		res.PRemoved[ch] = p
		res.RemovalEffects[ch] = 1 - p/res.PConversion
		sumRE += res.RemovalEffects[ch]
		sumRaw += raw[ch]
	}
	for ch := 0; ch < nc; ch++ {
		share := res.RemovalEffects[ch] / sumRE
		res.Attribution.Conversions[ch] = share * totalConv
		res.Attribution.Value[ch] = share * totalValue
		if sumRaw > 0 {
			res.ValueLastState[ch] = raw[ch] / sumRaw * totalValue
		}
	}
	return res, nil
}

func slicesContains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// solveVisits solves A N = e_start for the expected visits N, with the
// removed states cut out of A (their rows and columns set to the identity).
func solveVisits(a *mat.Dense, removed []bool) ([]float64, error) {
	n, _ := a.Dims()
	m := a
	if removed != nil {
		m = mat.DenseCopyOf(a)
		for j, cut := range removed {
			if !cut {
				continue
			}
			for i := 0; i < n; i++ {
				m.Set(i, j, 0)
				m.Set(j, i, 0)
			}
			m.Set(j, j, 1)
		}
	}
	var lu mat.LU
	lu.Factorize(m)
	b := mat.NewVecDense(n, nil)
	b.SetVec(0, 1)
	var x mat.VecDense
	if err := lu.SolveVecTo(&x, false, b); err != nil {
		if cond, ok := err.(mat.Condition); !ok || math.IsInf(float64(cond), 1) {
			return nil, fmt.Errorf("journey: Markov chain solve: %w", err)
		}
		// An ill-conditioned but solvable chain: the solution is still
		// the best available and is returned.
	}
	return x.RawVector().Data, nil
}
