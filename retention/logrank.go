package retention

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"

	"github.com/cxkit/cxkit/internal/dist"
)

// MaxGroups is the largest number of distinct groups [LogRank] accepts: its
// variance matrix has MaxGroups² entries.
const MaxGroups = 1000

// maxStrata bounds the strata (and stratum × group cells) of [LogRank].
const maxStrata = 100_000

// GroupCount is one group's line in a log-rank test.
//
// JSON keys: group, n, observed, expected.
type GroupCount struct {
	Group    int     // the group id as given
	N        int64   // tenures in the group
	Observed float64 // churn events in the group
	Expected float64 // events expected under no difference, Σ n_g·d/n over the event times (summed over strata)
}

// LogRankResult is the outcome of a log-rank test of equal survival
// curves in two or more groups.
//
// JSON keys: groups, statistic, df, p, defined, hazard_ratio, ci, level,
// variance.
type LogRankResult struct {
	// Groups holds one line per group, in increasing order of group id.
	Groups []GroupCount
	// Statistic is (O − E)ᵀV⁻¹(O − E) over the groups with E > 0, the first
	// dropped, as R's survdiff computes it; χ² with DF degrees of freedom
	// under equal curves.
	Statistic float64
	DF        int     // degrees of freedom: groups with E > 0, minus one
	P         float64 // upper-tail χ² probability of Statistic
	// Defined is false when there is no test: fewer than two groups with
	// expected events, or a singular variance matrix; Statistic and P are
	// then NaN.
	Defined bool
	// HazardRatio is, with exactly two groups, the hazard of the second
	// group (b, the larger id) relative to the first (a), by the one-step
	// log-rank estimate exp((O_b − E_b)/V_bb); above 1 means b churns
	// faster. NaN with more than two groups.
	HazardRatio float64
	// CI is the interval of HazardRatio, exp((O_b − E_b)/V_bb ± z/√V_bb).
	CI    Interval
	Level float64 // confidence level of CI
	// Variance is the k × k variance matrix of O − E, row-major.
	Variance []float64
}

// LogRank tests whether the survival curves of the groups differ: tenures
// times[i], event flags events[i] (1 churned, 0 censored; nil means all
// churned), group ids groups[i] (any ints: segments, A/B arms; control
// first when there are two, i.e. the smaller id is a). strata, when not
// nil, gives each tenure a stratum: the stratified test sums O, E and V
// over strata and compares groups only within a stratum (R's
// survdiff(Surv(time, event) ~ group + strata(s))). Matches R's survdiff
// with rho = 0, and lifelines' logrank_test and multivariate_logrank_test.
// Bad input returns an *[InputError] with its index.
//
// The tenures of each stratum × group cell are radix-sorted once (O(n))
// and merged time by time; the variance costs O(k²) per event time for k
// groups. It looks at ctx every 65,536 tenures (or fewer time points when
// k is large) and returns ctx.Err() once it is cancelled.
func LogRank(ctx context.Context, times []float64, events []int, groups, strata []int, s *Settings) (LogRankResult, error) {
	rs, err := s.resolve()
	if err != nil {
		return LogRankResult{}, err
	}
	n := len(times)
	if len(groups) != n || (events != nil && len(events) != n) || (strata != nil && len(strata) != n) {
		return LogRankResult{}, fmt.Errorf("retention: %w: %d tenures, %d event flags, %d groups, %d strata",
			ErrLength, n, len(events), len(groups), len(strata))
	}
	if n == 0 {
		return LogRankResult{}, fmt.Errorf("retention: %w: no tenures", ErrEmpty)
	}
	m := &meter{ctx: ctx, f: rs.progress, total: 4*n + sortWork(n)}
	keys, err := exitKeys(m, times, events)
	if err != nil {
		return LogRankResult{}, err
	}
	ids, gOf, err := denseIDs(ctx, groups, MaxGroups)
	if err != nil {
		return LogRankResult{}, err
	}
	nStrata := 1
	var sOf []uint32
	if strata != nil {
		var sIDs []int
		sIDs, sOf, err = denseIDs(ctx, strata, maxStrata)
		if err != nil {
			return LogRankResult{}, err
		}
		nStrata = len(sIDs)
		if nStrata*len(ids) > maxStrata {
			return LogRankResult{}, fmt.Errorf("retention: %w: more than %d stratum × group cells", ErrOutOfRange, maxStrata)
		}
	}
	k := len(ids)
	// Partition the keys by cell (a counting sort), then sort each cell.
	cellOf := gOf
	start := make([]int, nStrata*k+1)
	for lo := 0; lo < n; lo += chunk {
		for i := lo; i < min(lo+chunk, n); i++ {
			if sOf != nil {
				cellOf[i] += sOf[i] * uint32(k)
			}
			start[cellOf[i]+1]++
		}
		if err := ctx.Err(); err != nil {
			return LogRankResult{}, err
		}
	}
	for c := range nStrata * k {
		start[c+1] += start[c]
	}
	pos := slices.Clone(start[:nStrata*k])
	sorted := make([]uint64, n)
	for lo := 0; lo < n; lo += chunk {
		for i := lo; i < min(lo+chunk, n); i++ {
			c := cellOf[i]
			sorted[pos[c]] = keys[i]
			pos[c]++
		}
		if err := m.step(min(chunk, n-lo)); err != nil {
			return LogRankResult{}, err
		}
	}
	keys = nil
	sets := make([][]RiskSet, nStrata)
	for si := range sets {
		sets[si] = make([]RiskSet, k)
		for g := range k {
			c := si*k + g
			part := sorted[start[c]:start[c+1]]
			if err := sortKeys(part, m); err != nil {
				return LogRankResult{}, err
			}
			if sets[si][g], err = riskSetOf(m, part); err != nil {
				return LogRankResult{}, err
			}
		}
	}
	acc := newLogRankAcc(k)
	for _, st := range sets {
		if err := acc.stratum(m, st); err != nil {
			return LogRankResult{}, err
		}
	}
	m.finish()
	return acc.result(ids, rs.level), nil
}

// riskSetOf counts sorted exit keys (no late entries) into a risk set,
// reporting len(keys) units to m.
func riskSetOf(m *meter, keys []uint64) (RiskSet, error) {
	distinct := 0
	for i, k := range keys {
		if i == 0 || k>>1 != keys[i-1]>>1 {
			distinct++
		}
	}
	rows := make([]RiskRow, 0, distinct)
	reported := 0
	for lo := 0; lo < len(keys); {
		t := keys[lo] >> 1
		hi := lo
		var d int64
		for hi < len(keys) && keys[hi]>>1 == t {
			d += int64(1 - keys[hi]&1)
			hi++
		}
		rows = append(rows, RiskRow{Time: math.Float64frombits(t), Events: d, Censored: int64(hi-lo) - d})
		lo = hi
		if hi-reported >= chunk {
			if err := m.step(hi - reported); err != nil {
				return RiskSet{}, err
			}
			reported = hi
		}
	}
	return RiskSet{Rows: rows}, m.step(len(keys) - reported)
}

// denseIDs returns the sorted distinct values of xs and, for each x, its
// position among them; more than limit distinct values is an error. A run
// of equal values and a handful of distinct ones cost no map lookup.
func denseIDs(ctx context.Context, xs []int, limit int) ([]int, []uint32, error) {
	const linear = 16
	var seen []int // distinct values in order of appearance
	var index map[int]uint32
	of := make([]uint32, len(xs))
	last, lastID := 0, uint32(0)
	for i, x := range xs {
		if i%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		if i > 0 && x == last {
			of[i] = lastID
			continue
		}
		id := -1
		if index == nil {
			id = slices.Index(seen, x)
		} else if v, ok := index[x]; ok {
			id = int(v)
		}
		if id < 0 {
			if len(seen) == limit {
				return nil, nil, fmt.Errorf("retention: %w: more than %d groups or strata", ErrOutOfRange, limit)
			}
			id = len(seen)
			seen = append(seen, x)
			if index != nil {
				index[x] = uint32(id)
			} else if len(seen) > linear {
				index = make(map[int]uint32, 2*len(seen))
				for j, v := range seen {
					index[v] = uint32(j)
				}
			}
		}
		last, lastID = x, uint32(id)
		of[i] = lastID
	}
	// Renumber in increasing order of value.
	order := make([]int, len(seen))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(seen[a], seen[b]) })
	rank := make([]uint32, len(seen))
	ids := make([]int, len(seen))
	for r, j := range order {
		rank[j] = uint32(r)
		ids[r] = seen[j]
	}
	for i, v := range of {
		of[i] = rank[v]
	}
	return ids, of, nil
}

// LogRankRiskSets is the log-rank test from counts: strata[s][g] is the
// risk set of group g in stratum s (one stratum: a single row), for
// instance merged from many machines. Groups are numbered by their
// position; every stratum must list the same number of groups. Late
// entries are honoured in the numbers at risk. The variance costs O(k²)
// per event time for k groups; it looks at ctx every few thousand time
// points and returns ctx.Err() once it is cancelled.
func LogRankRiskSets(ctx context.Context, strata [][]RiskSet, s *Settings) (LogRankResult, error) {
	rs, err := s.resolve()
	if err != nil {
		return LogRankResult{}, err
	}
	if len(strata) == 0 || len(strata[0]) == 0 {
		return LogRankResult{}, fmt.Errorf("retention: %w: no groups", ErrEmpty)
	}
	k := len(strata[0])
	if k > MaxGroups {
		return LogRankResult{}, fmt.Errorf("retention: %w: more than %d groups", ErrOutOfRange, MaxGroups)
	}
	rows := 0
	for i, st := range strata {
		if len(st) != k {
			return LogRankResult{}, badValue(i, "stratum groups", len(st), fmt.Errorf("%w: want %d", ErrLength, k))
		}
		for _, r := range st {
			if err := r.check(); err != nil {
				return LogRankResult{}, err
			}
			rows += len(r.Rows)
		}
	}
	m := &meter{ctx: ctx, f: rs.progress, total: rows}
	acc := newLogRankAcc(k)
	for _, st := range strata {
		if err := acc.stratum(m, st); err != nil {
			return LogRankResult{}, err
		}
	}
	m.finish()
	ids := make([]int, k)
	for i := range ids {
		ids[i] = i
	}
	if slices.IndexFunc(acc.n, func(x int64) bool { return x > 0 }) < 0 {
		return LogRankResult{}, fmt.Errorf("retention: %w: no tenures", ErrEmpty)
	}
	return acc.result(ids, rs.level), nil
}

type logRankAcc struct {
	k        int
	n        []int64
	obs, exp []float64
	v        []float64 // k × k
}

func newLogRankAcc(k int) *logRankAcc {
	return &logRankAcc{k: k, n: make([]int64, k), obs: make([]float64, k), exp: make([]float64, k), v: make([]float64, k*k)}
}

// stratum adds the contributions of one stratum whose groups have the
// (checked) risk sets sets, reporting the rows consumed to m and returning
// ctx.Err() once it is cancelled.
func (a *logRankAcc) stratum(m *meter, sets []RiskSet) error {
	k := a.k
	pos := make([]int, k)
	atRiskExits := make([]int64, k) // exits at or after the current time
	entriesAfter := make([]int64, k)
	for g, r := range sets {
		for _, row := range r.Rows {
			atRiskExits[g] += row.Events + row.Censored
			entriesAfter[g] += row.Entries
		}
		a.n[g] += atRiskExits[g]
	}
	ng := make([]float64, k)
	dg := make([]float64, k)
	work, rows := 0, 0 // since the last look at ctx
	for {
		if work >= chunk {
			if err := m.step(rows); err != nil {
				return err
			}
			work, rows = 0, 0
		}
		t := math.Inf(1)
		for g, r := range sets {
			if pos[g] < len(r.Rows) && r.Rows[pos[g]].Time < t {
				t = r.Rows[pos[g]].Time
			}
		}
		if math.IsInf(t, 1) {
			return m.step(rows)
		}
		var d, n float64
		for g, r := range sets {
			ng[g] = float64(atRiskExits[g] - entriesAfter[g])
			dg[g] = 0
			if pos[g] < len(r.Rows) && r.Rows[pos[g]].Time == t {
				row := r.Rows[pos[g]]
				dg[g] = float64(row.Events)
				atRiskExits[g] -= row.Events + row.Censored
				entriesAfter[g] -= row.Entries
				pos[g]++
				rows++
			}
			d += dg[g]
			n += ng[g]
		}
		work += 2 * k
		if d == 0 || n == 0 {
			continue
		}
		for g := range k {
			a.obs[g] += dg[g]
			a.exp[g] += ng[g] * d / n
		}
		if n > 1 {
			f := d * (n - d) / (n - 1) / n
			for g := range k {
				if ng[g] == 0 {
					continue
				}
				for h := range k {
					x := -ng[g] * ng[h] / n
					if g == h {
						x += ng[g]
					}
					a.v[g*k+h] += f * x
				}
			}
			work += k * k
		}
	}
}

func (a *logRankAcc) result(ids []int, level float64) LogRankResult {
	k := a.k
	r := LogRankResult{Level: level, Variance: a.v, HazardRatio: math.NaN(),
		CI: Interval{Lower: math.NaN(), Upper: math.NaN(), Level: level}}
	var keep []int
	for g := range k {
		r.Groups = append(r.Groups, GroupCount{Group: ids[g], N: a.n[g], Observed: a.obs[g], Expected: a.exp[g]})
		if a.exp[g] > 0 {
			keep = append(keep, g)
		}
	}
	r.DF = len(keep) - 1
	r.Statistic, r.P = math.NaN(), math.NaN()
	if r.DF < 1 {
		r.DF = 0
		return r
	}
	m := len(keep) - 1
	vv := mat.NewSymDense(m, nil)
	diff := mat.NewVecDense(m, nil)
	for i, g := range keep[1:] {
		diff.SetVec(i, a.obs[g]-a.exp[g])
		for j, h := range keep[1:] {
			vv.SetSym(i, j, a.v[g*k+h])
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(vv) {
		return r
	}
	var x mat.VecDense
	if err := ch.SolveVecTo(&x, diff); err != nil {
		return r
	}
	r.Statistic = mat.Dot(&x, diff)
	r.P = mathext.GammaIncRegComp(float64(r.DF)/2, r.Statistic/2)
	r.Defined = true
	if k == 2 && len(keep) == 2 {
		vb := a.v[3]
		lhr := (a.obs[1] - a.exp[1]) / vb
		h := dist.ZCritical(level) / math.Sqrt(vb)
		r.HazardRatio = math.Exp(lhr)
		r.CI = Interval{Lower: math.Exp(lhr - h), Upper: math.Exp(lhr + h), Level: level}
	}
	return r
}
