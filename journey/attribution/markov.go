package attribution

import (
	"github.com/cxkit/cxkit/journey"

	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
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
//
// JSON keys: order, keep_repeats.
type MarkovSettings struct {
	// Order k ≥ 1: a state is a window of k consecutive channels. 0 means 1.
	Order int
	// KeepRepeats keeps runs of identical consecutive states as self-loops
	// (A → A) instead of collapsing them. Self-loops change the transition
	// matrix but not the absorption probabilities or removal effects.
	KeepRepeats bool
	// Progress, if not nil, is called from the caller's goroutine with the
	// linear solves done and to do (one, plus one per channel; Markov only).
	// Not encoded.
	Progress func(done, total int)
}

// MaxMarkovStates bounds the channel-window states of [Markov],
// [TransitionMatrix] and [Transitions], so that memory stays below a few
// hundred bytes per state and per distinct transition (about 1 GB at the
// bound with 20 transitions per state). Order k on C channels has at most
// C + C² + … + C^k states, and never more than the paths have windows.
const MaxMarkovStates = 1 << 20

// MaxMarkovOrder bounds MarkovSettings.Order.
const MaxMarkovOrder = 64

func (s *MarkovSettings) order() (int, bool, error) {
	if s == nil {
		return 1, false, nil
	}
	k := s.Order
	if k == 0 {
		k = 1
	}
	if k < 1 || k > MaxMarkovOrder {
		return 0, false, badValue("Markov order", fmt.Sprint(s.Order), fmt.Errorf("%w 1..%d", ErrOutOfRange, MaxMarkovOrder))
	}
	return k, s.KeepRepeats, nil
}

// chain holds the transition counts of the absorbing Markov chain built from
// a Transitions, as TransitionMatrix lists them. Transient state 0 is
// (start); state s+1 is the Transitions' state s.
type chain struct {
	n     int
	names []string  // state names, names[0] = StartState
	q     [][]edge  // transient transition counts, row by row, sorted by to
	conv  []float64 // counts into (conversion)
	null  []float64 // counts into (null)
}

// edge is a transition count from one transient state to another.
type edge struct {
	to int32
	w  float64
}

// tableTransitions counts the rows of a path table under s, or returns an
// error for bad settings, a bad table, too many states or ctx's error.
func tableTransitions(ctx context.Context, t *journey.PathTable, s *MarkovSettings) (*Transitions, error) {
	order, keep, err := s.order()
	if err != nil {
		return nil, err
	}
	if err := checkTable(t); err != nil {
		return nil, err
	}
	tr := &Transitions{Order: order, KeepRepeats: keep, Channels: t.Channels}
	if err := tr.addTable(ctx, t); err != nil {
		return nil, err
	}
	return tr, nil
}

// chain returns the chain of t's counts, which check has accepted.
func (t *Transitions) chain() *chain {
	ns := len(t.States)
	n := ns + 1
	c := &chain{n: n, names: make([]string, n), q: make([][]edge, n), conv: make([]float64, n), null: make([]float64, n)}
	c.names[0] = StartState
	for s, win := range t.States {
		c.names[s+1] = windowName(t.Channels, win)
		c.conv[s+1] = t.Conversions[s]
		c.null[s+1] = t.Nulls[s]
		if w := t.Starts[s]; w > 0 {
			c.q[0] = append(c.q[0], edge{int32(s + 1), w})
		}
	}
	for _, e := range t.Edges {
		c.q[e.From+1] = append(c.q[e.From+1], edge{e.To + 1, e.Count})
	}
	for i := range c.q {
		slices.SortFunc(c.q[i], func(a, b edge) int { return cmp.Compare(a.to, b.to) })
	}
	return c
}

func windowName(channels []string, win []int32) string {
	parts := make([]string, len(win))
	for i, ch := range win {
		parts[i] = channels[ch]
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
//
// JSON keys: from, to, count, prob.
type StateTransition struct {
	From, To string
	Count    float64 // journeys that made this transition
	Prob     float64 // Count / all transitions out of From
}

// TransitionMatrix returns the non-zero transitions of the Markov chain of
// the path table, row by row (From in state order: (start), then the states by
// first appearance; within a row the transient states first, then
// (conversion) and (null)). It checks ctx between blocks of rows. Errors:
// ErrEmpty, the errors of [journey.PathTable.Validate], ErrOutOfRange for an order
// outside 1..MaxMarkovOrder or more than MaxMarkovStates states.
func TransitionMatrix(ctx context.Context, t *journey.PathTable, s *MarkovSettings) ([]StateTransition, error) {
	tr, err := tableTransitions(ctx, t, s)
	if err != nil {
		return nil, err
	}
	c := tr.chain()
	var out []StateTransition
	for i := 0; i < c.n; i++ {
		row := c.q[i]
		total := c.conv[i] + c.null[i]
		for _, e := range row {
			total += e.w
		}
		if total == 0 {
			continue
		}
		for _, e := range row {
			if e.w > 0 {
				out = append(out, StateTransition{c.names[i], c.names[e.to], e.w, e.w / total})
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
//
// JSON keys: order, states, defined, p_conversion, p_removed, removal_effects, attribution, value_last_state.
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
	Attribution Shares
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
// Markov is [Transitions.Markov] on the counts of the table's rows.
// Removing a channel cuts every state whose window contains it; the
// probability that flowed into those states is lost. A channel present on
// every converting path has removal effect 1.
//
// Cost. Counting is one pass over the rows (two halves on two goroutines
// for a large table), a lookup per window and per transition: O(W) for W
// windows in all paths, memory O(S + E) for S states and E distinct
// transitions, never more per path. The C + 1
// solves (C channels) are Gauss–Seidel sweeps over the E transitions with
// a proven bound on what they miss: each stops when that bound is below
// 2⁻⁵⁵ of the probability found, so the results agree with a direct solve
// to rounding (1e-12 relative in the tests). A sweep costs O(S + E); the
// number of sweeps grows with how long journeys stay among the states:
// about 40 on paths of up to 8 touches, but thousands on journeys of a
// hundred touches or more that cycle between a few channels, where the
// sweeps are over-relaxed (on such data order 2 with 4,800 states takes
// about 3 CPU seconds, order 3 with 40,000 about 12). When the sweeps
// would cost more than elimination (at most 1,500 states) a solve is
// Gaussian elimination, O(S³).
// The removals run on GOMAXPROCS goroutines, with the same result bit for
// bit for any number. On 20 channels and 1,000,000 paths of 1–8 touches
// (BenchmarkMarkov; S = 20, 420, 8,420 and 168,000 at orders 1–4, E up to
// 20 per state) a call takes about 0.09, 0.11, 0.45 and 5 CPU seconds and
// 0.1, 2, 48 and about 500 MB of allocations. Markov checks ctx every
// block of rows and every sweep and returns ctx.Err() soon after it is
// cancelled. Errors: ErrEmpty, the errors of [journey.PathTable.Validate],
// ErrOutOfRange for an order outside 1..MaxMarkovOrder or more than
// MaxMarkovStates states.
func Markov(ctx context.Context, t *journey.PathTable, s *MarkovSettings) (MarkovResult, error) {
	tr, err := tableTransitions(ctx, t, s)
	if err != nil {
		return MarkovResult{}, err
	}
	return tr.markov(ctx, s)
}

// Markov computes the Markov attribution of [Markov] from the counts of t:
// the result of Markov(ctx, table, s) for the table whose paths t has
// counted, with the order and repeat setting of t. s may be nil; its
// Progress is used, and its Order and KeepRepeats, when set, must be t's
// (an error wrapping [ErrScale] otherwise). Slices of the result are
// indexed like t.Channels. Errors: ErrEmpty for t without states, the
// errors of inconsistent fields listed at [Transitions.Merge], ErrScale.
func (t *Transitions) Markov(ctx context.Context, s *MarkovSettings) (MarkovResult, error) {
	if err := t.check(true); err != nil {
		return MarkovResult{}, err
	}
	if s != nil {
		k, _ := t.order()
		if (s.Order != 0 && s.Order != k) || (s.KeepRepeats && !t.KeepRepeats) {
			return MarkovResult{}, fmt.Errorf("%w: settings of order %d (keep repeats %v) for transitions of order %d (keep repeats %v)",
				ErrScale, s.Order, s.KeepRepeats, k, t.KeepRepeats)
		}
	}
	if len(t.States) == 0 {
		return MarkovResult{}, fmt.Errorf("%w: no paths counted", ErrEmpty)
	}
	return t.markov(ctx, s)
}

// markov computes the attribution of t's counts, which check has accepted.
func (t *Transitions) markov(ctx context.Context, s *MarkovSettings) (MarkovResult, error) {
	order, _ := t.order()
	if err := ctx.Err(); err != nil {
		return MarkovResult{}, err
	}
	m, err := t.system()
	if err != nil {
		return MarkovResult{}, err
	}
	nc := len(t.Channels)
	progress := func(done int) {
		if s != nil && s.Progress != nil {
			s.Progress(done, nc+1)
		}
	}
	progress(0)
	res := MarkovResult{
		Order: order, States: len(t.States), PRemoved: make([]float64, nc), RemovalEffects: make([]float64, nc),
		Attribution:    Shares{Channels: slices.Clone(t.Channels), Conversions: make([]float64, nc), Value: make([]float64, nc)},
		ValueLastState: make([]float64, nc),
	}
	// Totals in sweep order, which does not depend on the order of counting.
	var totalConv, totalValue float64
	for i := range m.n {
		totalConv += m.conv[i]
		totalValue += m.value[i]
	}
	if err := ctx.Err(); err != nil {
		return MarkovResult{}, err
	}
	visits, err := m.solve(ctx, -1, m.newWorkspace())
	if err != nil {
		return MarkovResult{}, err
	}
	progress(1)
	flow := make([]float64, m.n)
	for i := range flow {
		flow[i] = visits[i] * m.r[i]
		res.PConversion += flow[i]
	}
	if totalConv == 0 || res.PConversion <= 0 {
		for i := range res.RemovalEffects {
			res.RemovalEffects[i] = math.NaN()
		}
		res.PConversion = 0
		progress(nc + 1)
		return res, nil
	}
	res.Defined = true
	raw := make([]float64, nc)
	var sumRE, sumRaw float64
	err = m.removals(ctx, nc, func(ch int, vc []float64) {
		var pc float64
		for i := range m.n {
			fc := vc[i] * m.r[i]
			pc += fc
			if m.conv[i] > 0 {
				raw[ch] += m.value[i] / m.conv[i] * (flow[i] - fc)
			}
		}
		res.PRemoved[ch] = pc
		res.RemovalEffects[ch] = 1 - pc/res.PConversion
		sumRE += res.RemovalEffects[ch]
		sumRaw += raw[ch]
		progress(ch + 2)
	})
	if err != nil {
		return MarkovResult{}, err
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

// visitSolver solves (I − Pᵀ) N = e_start for the expected visits N of the
// transient states, reusing one n×n work matrix from solve to solve.
type visitSolver struct {
	n  int
	a  []float64 // row-major work matrix
	b  []float64
	hi []int // per row, the last column that may be non-zero
}

func newVisitSolver(n int) *visitSolver {
	return &visitSolver{n: n, a: make([]float64, n*n), b: make([]float64, n), hi: make([]int, n)}
}

// solve returns the visits with the removed states (nil: none) cut out of
// the chain: their rows and columns of I − Pᵀ set to the identity, so that
// nothing flows through them.
//
// I − Pᵀ is column diagonally dominant (the rows of P sum to at most 1), so
// Gaussian elimination needs no pivoting and stays stable (Golub & Van Loan
// 2013, §3.4.3); it skips the zeros of the sparse chain, keeping per row
// the last non-zero column. ctx is checked every few rows.
func (s *visitSolver) solve(ctx context.Context, p [][]edge, removed []bool) ([]float64, error) {
	n, a, b, hi := s.n, s.a, s.b, s.hi
	// Clear (and, the first time, fault in) the work matrix in blocks, so
	// that a large one does not delay the first look at ctx.
	for lo := 0; lo < len(a); lo += 1 << 20 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		clear(a[lo:min(lo+1<<20, len(a))])
	}
	clear(b)
	b[0] = 1
	for i := range n {
		a[i*n+i] = 1
		hi[i] = i
	}
	for i, row := range p {
		if removed != nil && removed[i] {
			continue
		}
		for _, e := range row {
			j := int(e.to)
			if removed != nil && removed[j] {
				continue
			}
			a[j*n+i] -= e.w // (I − Pᵀ)[j][i]
			hi[j] = max(hi[j], i)
		}
	}
	work := 0
	for k := 0; k < n; k++ {
		if work += n; work >= 1<<20 {
			work = 0
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		piv := a[k*n+k]
		if !(math.Abs(piv) > 0) || math.IsInf(piv, 0) {
			return nil, fmt.Errorf("journey: Markov chain solve: pivot %v at state %d", piv, k)
		}
		rowK := a[k*n+k+1 : k*n+hi[k]+1]
		for i := k + 1; i < n; i++ {
			f := a[i*n+k]
			if f == 0 {
				continue
			}
			f /= piv
			a[i*n+k] = 0
			axpy(-f, rowK, a[i*n+k+1:i*n+hi[k]+1])
			work += len(rowK)
			b[i] -= f * b[k]
			hi[i] = max(hi[i], hi[k])
		}
	}
	x := make([]float64, n)
	for k := n - 1; k >= 0; k-- {
		v := b[k]
		for j := k + 1; j <= hi[k]; j++ {
			v -= a[k*n+j] * x[j]
		}
		x[k] = v / a[k*n+k]
	}
	return x, nil
}

// axpy adds alpha·x to y, which is as long as x.
func axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		x4, y4 := x[i:i+4:i+4], y[i:i+4:i+4]
		y4[0] += alpha * x4[0]
		y4[1] += alpha * x4[1]
		y4[2] += alpha * x4[2]
		y4[3] += alpha * x4[3]
	}
	for ; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}
