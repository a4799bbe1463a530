package attribution

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// The absorbing chain of a Transitions, solved for the expected visits of
// its transient states once as counted and once per removed channel.
//
// Each solve is a Gauss–Seidel sweep of the forward equation N = e_start +
// PᵀN written as pushes: with visits x (0 at first) and residual ρ (e_start
// at first), pushing state i adds v = ρ_i/(1 − P_ii) to x_i, sends P_ij·v to
// ρ_j and sets ρ_i to 0. The invariant N = x + (I − Pᵀ)⁻¹ρ holds after
// every push, every quantity is ≥ 0, and since the probability of
// conversion from any state is at most 1, the conversion still missing
// from Σ x_i r_i is at most M = Σ ρ_i. A solve stops when M ≤ 2⁻⁵⁵ Σ x_i r_i:
// the answer is then exact to the rounding of its sums, like the direct
// solution, and nothing is simulated. States that cannot reach
// (conversion) are left out first (their visits do not change any
// conversion, and they would keep M from falling), so M falls
// geometrically; the states are swept in depth-first order from (start)
// (reverse postorder), so that along the usual forward flow one sweep
// carries the mass along a whole path. Where the chain returns too often
// for the sweeps to pay (many cycles of high probability), a solve
// switches to Gaussian elimination on the dense matrix when it has at most
// maxDense states; on a larger chain that contracts slowly (residual
// falling by less than 10% a sweep) the sweeps are over-relaxed, pushing
// ω·ρ_i/(1 − P_ii) with ω from Young's formula damped by 0.7. The pushes
// keep the invariant for any ω, residuals may then be negative, and the
// stopping bound uses Σ|ρ_i|; where the residual grows (ω too large for
// this chain) ω is halved towards 1.
//
// The states are first put in a canonical order (by the names of their
// channels), so that the result does not depend on the order in which the
// paths were counted or merged, and the removals run on as many goroutines
// as GOMAXPROCS, each solve sequential: results are the same bit for bit
// for any number of workers.

// maxDense is the most states for which a solve may fall back on dense
// Gaussian elimination (maxDense² float64 per worker: 18 MB); a variable
// so that tests can make the sweeps run to the end.
var maxDense = 1500

// smallDense is the size below which dense elimination is always used.
const smallDense = 64

// stopRatio is the residual mass, relative to the conversion probability
// found, at which a solve stops.
const stopRatio = 0x1p-55

// omegaDamp damps Young's over-relaxation factor (a variable so that
// tests can make it too large and see the sweeps back off).
var omegaDamp = 0.7

// maxSweeps bounds the sweeps of one solve (ErrNotConverged beyond; a
// substochastic chain never needs it).
const maxSweeps = 1 << 20

// forceDense makes every solve dense (tests compare the two).
var forceDense = false

// markovSystem is the chain in sweep order: state 0 is (start).
type markovSystem struct {
	n      int
	rowOff []int32   // CSR rows of P without the diagonal
	col    []int32   //
	prob   []float64 //
	invDia []float64 // 1/(1 − P_ii)
	self   []float64 // P_ii
	r      []float64 // P(i → conversion)
	revOff []int32   // CSR of the predecessors (without i → i)
	revCol []int32   //
	conv   []float64 // conversions of paths ending in the state (for the value)
	value  []float64 // their value
	byChan [][]int32 // per channel (t's code), the states whose window holds it
}

// system builds the chain of t (checked) in sweep order, or returns an
// error for counts whose sum overflows.
func (t *Transitions) system() (*markovSystem, error) {
	ns := len(t.States)
	n := ns + 1
	// Canonical order of the states: by the names of their channels.
	rank := make([]int32, len(t.Channels))
	{
		byName := make([]int32, len(t.Channels))
		for i := range byName {
			byName[i] = int32(i)
		}
		slices.SortFunc(byName, func(a, b int32) int {
			return cmp.Or(cmp.Compare(t.Channels[a], t.Channels[b]), cmp.Compare(a, b))
		})
		for r, c := range byName {
			rank[c] = int32(r)
		}
	}
	canon := make([]int32, ns) // canonical position → t's state
	for i := range canon {
		canon[i] = int32(i)
	}
	slices.SortFunc(canon, func(a, b int32) int {
		wa, wb := t.States[a], t.States[b]
		for i := range min(len(wa), len(wb)) {
			if c := cmp.Compare(rank[wa[i]], rank[wb[i]]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(wa), len(wb))
	})
	pos := make([]int32, ns) // t's state → canonical position + 1 (0 is start)
	for i, s := range canon {
		pos[s] = int32(i + 1)
	}
	// Rows in canonical labels, sorted by target.
	deg := make([]int32, n+1)
	for _, w := range t.Starts {
		if w > 0 {
			deg[1]++
		}
	}
	for _, e := range t.Edges {
		deg[pos[e.From]+1]++
	}
	for i := 1; i <= n; i++ {
		deg[i] += deg[i-1]
	}
	type arc struct {
		to int32
		w  float64
	}
	arcs := make([]arc, deg[n])
	fill := slices.Clone(deg[:n])
	for i, s := range canon {
		if w := t.Starts[s]; w > 0 {
			arcs[fill[0]] = arc{int32(i + 1), w}
			fill[0]++
		}
	}
	for _, e := range t.Edges {
		f := pos[e.From]
		arcs[fill[f]] = arc{pos[e.To], e.Count}
		fill[f]++
	}
	for i := range n {
		slices.SortFunc(arcs[deg[i]:deg[i+1]], func(a, b arc) int { return cmp.Compare(a.to, b.to) })
	}
	// Sweep order: reverse postorder of a depth-first search from start,
	// then the states it does not reach, in canonical order.
	order := make([]int32, 0, n)
	{
		seen := make([]bool, n)
		type frame struct{ i, next int32 }
		stack := []frame{{0, deg[0]}}
		seen[0] = true
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < deg[f.i+1] {
				j := arcs[f.next].to
				f.next++
				if !seen[j] {
					seen[j] = true
					stack = append(stack, frame{j, deg[j]})
				}
				continue
			}
			order = append(order, f.i)
			stack = stack[:len(stack)-1]
		}
		slices.Reverse(order)
		for i := range n {
			if !seen[i] {
				order = append(order, int32(i))
			}
		}
	}
	label := make([]int32, n) // canonical label → sweep label
	for k, i := range order {
		label[i] = int32(k)
	}
	m := &markovSystem{n: n, rowOff: make([]int32, n+1), invDia: make([]float64, n), self: make([]float64, n),
		r: make([]float64, n), conv: make([]float64, n), value: make([]float64, n), byChan: make([][]int32, len(t.Channels))}
	m.col = make([]int32, 0, len(arcs))
	m.prob = make([]float64, 0, len(arcs))
	for k, i := range order {
		var conv, null float64
		if i > 0 {
			s := canon[i-1]
			conv, null = t.Conversions[s], t.Nulls[s]
			m.conv[k], m.value[k] = conv, t.Value[s]
			for _, c := range distinctCodes(t.States[s]) {
				m.byChan[c] = append(m.byChan[c], int32(k))
			}
		}
		row := arcs[deg[i]:deg[i+1]]
		out, leave := conv+null, conv+null // all that leaves; all but the self-loop
		for _, a := range row {
			out += a.w
			if label[a.to] != int32(k) {
				leave += a.w
			}
		}
		if math.IsInf(out, 0) {
			return nil, fmt.Errorf("%w: the counts out of a state sum past the largest float64", ErrOutOfRange)
		}
		if out > 0 && leave > 0 {
			m.r[k] = conv / out
			m.invDia[k] = out / leave // 1/(1 − P_ii), without cancellation
			for _, a := range row {
				j := label[a.to]
				p := a.w / out
				switch {
				case j == int32(k):
					m.self[k] = p
				case p > 0: // a transition of probability 0 leads nowhere
					m.col = append(m.col, j)
					m.prob = append(m.prob, p)
				}
			}
		}
		m.rowOff[k+1] = int32(len(m.col))
	}
	// Predecessors, for the states that can reach conversion.
	m.revOff = make([]int32, n+1)
	for _, j := range m.col {
		m.revOff[j+1]++
	}
	for i := 1; i <= n; i++ {
		m.revOff[i] += m.revOff[i-1]
	}
	m.revCol = make([]int32, len(m.col))
	rfill := slices.Clone(m.revOff[:n])
	for i := range n {
		for _, j := range m.col[m.rowOff[i]:m.rowOff[i+1]] {
			m.revCol[rfill[j]] = int32(i)
			rfill[j]++
		}
	}
	return m, nil
}

// workspace holds one worker's buffers.
type workspace struct {
	x, res []float64
	alive  []bool
	queue  []int32
	dense  *visitSolver
	p      [][]edge // the rows for the dense solver, built on first use
}

func (m *markovSystem) newWorkspace() *workspace {
	return &workspace{x: make([]float64, m.n), res: make([]float64, m.n), alive: make([]bool, m.n), queue: make([]int32, 0, m.n)}
}

// solve returns the expected visits of every state (in w.x) with the
// states of channel ch removed (ch < 0: none). Visits of states removed or
// unable to reach conversion are 0.
func (m *markovSystem) solve(ctx context.Context, ch int, w *workspace) ([]float64, error) {
	n := m.n
	alive, x, res := w.alive, w.x, w.res
	clear(alive)
	clear(x)
	clear(res)
	// alive: not removed and able to reach (conversion).
	removed := w.res // borrowed as a mark: 1 = removed
	if ch >= 0 {
		for _, s := range m.byChan[ch] {
			removed[s] = 1
		}
	}
	q := w.queue[:0]
	for i := range n {
		if m.r[i] > 0 && removed[i] == 0 {
			alive[i] = true
			q = append(q, int32(i))
		}
	}
	for k := 0; k < len(q); k++ {
		j := q[k]
		for _, i := range m.revCol[m.revOff[j]:m.revOff[j+1]] {
			if !alive[i] && removed[i] == 0 {
				alive[i] = true
				q = append(q, i)
			}
		}
	}
	w.queue = q
	clear(res)
	if !alive[0] {
		return x, nil // nothing converts
	}
	if forceDense || n <= smallDense && maxDense > 0 {
		return m.solveDense(ctx, w)
	}
	res[0] = 1
	edges := 0
	for i := range n {
		if alive[i] {
			edges += int(m.rowOff[i+1]-m.rowOff[i]) + 1
		}
	}
	omega := 1.0 // over-relaxation, raised when the sweeps contract slowly
	var prevM, massAt4, checkM, windowM float64
	for sweep := 1; sweep <= maxSweeps; sweep++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i := range n {
			v := res[i]
			if v == 0 || !alive[i] {
				continue
			}
			res[i] = v * (1 - omega) // 0 without over-relaxation
			v *= omega * m.invDia[i]
			x[i] += v
			lo, hi := m.rowOff[i], m.rowOff[i+1]
			cols, probs := m.col[lo:hi], m.prob[lo:hi]
			for k, j := range cols {
				res[j] += probs[k] * v
			}
		}
		var mass, acc float64
		for i := range n {
			if alive[i] {
				mass += math.Abs(res[i]) // residuals are ≥ 0 unless over-relaxed
				acc += x[i] * m.r[i]
			}
		}
		if mass <= acc*stopRatio {
			return x, nil
		}
		switch {
		case omega > 1:
			// Over-relaxation may not suit the chain: where the residual
			// grows past 4 times its size when ω was set, or has not
			// fallen over 256 sweeps, relax less (down to plain sweeps).
			grown := mass > 4*checkM
			if sweep%256 == 8 {
				grown = grown || mass > windowM
				windowM = mass
			}
			if grown {
				if omega = 1 + (omega-1)/2; omega < 1.05 {
					omega = 1
				}
				checkM, windowM = mass, mass
			}
		case sweep == 4:
			massAt4 = mass
		case sweep == 8 && massAt4 > 0:
			// Slow contraction q per sweep: over-relax with a damped
			// version of Young's ω = 2/(1 + √(1 − q)), checked above.
			if q := math.Pow(mass/massAt4, 0.25); q > 0.9 && q < 1 {
				omega = 1 + omegaDamp*(2/(1+math.Sqrt(1-q))-1)
				checkM, windowM = mass, mass
			}
		}
		// Slow contraction: switch to elimination where it costs less.
		if omega == 1 && sweep >= 4 && n <= maxDense && acc > 0 {
			rate := mass / prevM
			left := math.Log(acc*stopRatio/mass) / math.Log(rate) // sweeps still needed
			if rate >= 1 || left*float64(edges) > float64(n)*float64(n)*float64(n)/3 {
				return m.solveDense(ctx, w)
			}
		}
		prevM = mass
	}
	return nil, fmt.Errorf("%w: Markov chain solve after %d sweeps", ErrNotConverged, maxSweeps)
}

// solveDense solves for the visits of the alive states by Gaussian
// elimination on the dense matrix.
func (m *markovSystem) solveDense(ctx context.Context, w *workspace) ([]float64, error) {
	if w.dense == nil {
		w.dense = newVisitSolver(m.n)
		w.p = make([][]edge, m.n)
		for i := range m.n {
			row := make([]edge, 0, m.rowOff[i+1]-m.rowOff[i]+1)
			if m.self[i] > 0 {
				row = append(row, edge{int32(i), m.self[i]})
			}
			for k := m.rowOff[i]; k < m.rowOff[i+1]; k++ {
				row = append(row, edge{m.col[k], m.prob[k]})
			}
			w.p[i] = row
		}
	}
	dead := make([]bool, m.n)
	for i, a := range w.alive {
		dead[i] = !a
	}
	v, err := w.dense.solve(ctx, w.p, dead)
	if err != nil {
		return nil, err
	}
	for i := range v {
		if dead[i] {
			v[i] = 0
		}
	}
	copy(w.x, v)
	return w.x, nil
}

// removals solves the chain once per channel, on up to GOMAXPROCS
// goroutines, calling each(ch, visits) from the caller's goroutine in
// channel order; it returns the first error (ctx's when cancelled).
func (m *markovSystem) removals(ctx context.Context, nc int, each func(ch int, x []float64)) error {
	workers := min(runtime.GOMAXPROCS(0), nc)
	if workers <= 1 {
		w := m.newWorkspace()
		for ch := range nc {
			x, err := m.solve(ctx, ch, w)
			if err != nil {
				return err
			}
			each(ch, x)
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type done struct {
		ch  int
		x   []float64
		err error
	}
	jobs := make(chan int)
	out := make(chan done)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := m.newWorkspace()
			for ch := range jobs {
				x, err := m.solve(ctx, ch, w)
				if err == nil {
					x = slices.Clone(x)
				}
				out <- done{ch, x, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for ch := range nc {
			select {
			case jobs <- ch:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	// Deliver in channel order.
	pending := map[int][]float64{}
	next := 0
	var first error
	for d := range out {
		if d.err != nil {
			if first == nil {
				first = d.err
				cancel()
			}
			continue
		}
		if first != nil {
			continue
		}
		pending[d.ch] = d.x
		for x, ok := pending[next]; ok; x, ok = pending[next] {
			delete(pending, next)
			each(next, x)
			next++
		}
	}
	if first != nil {
		return first
	}
	return ctx.Err()
}
