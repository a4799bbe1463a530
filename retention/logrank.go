package retention

import (
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
// with rho = 0. Bad input returns an *[InputError] with its index.
func LogRank(times []float64, events []int, groups, strata []int, s *Settings) (LogRankResult, error) {
	level, _, err := s.resolve()
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
	ids := distinct(groups, MaxGroups+1)
	if len(ids) > MaxGroups {
		return LogRankResult{}, fmt.Errorf("retention: %w: more than %d groups", ErrOutOfRange, MaxGroups)
	}
	if n > math.MaxUint32/2 {
		return LogRankResult{}, fmt.Errorf("retention: %w: more than 2³¹ tenures", ErrOutOfRange)
	}
	var sIDs []int
	if strata != nil {
		sIDs = distinct(strata, maxStrata+1)
		if len(sIDs) > maxStrata {
			return LogRankResult{}, fmt.Errorf("retention: %w: more than %d strata", ErrOutOfRange, maxStrata)
		}
		if len(sIDs)*len(ids) > maxStrata {
			return LogRankResult{}, fmt.Errorf("retention: %w: more than %d stratum × group cells", ErrOutOfRange, maxStrata)
		}
	}
	order := make([]keyed, n)
	for i, x := range times {
		tn := Tenure{Time: x, Event: true}
		if events != nil {
			switch events[i] {
			case 0:
				tn.Event = false
			case 1:
			default:
				return LogRankResult{}, badValue(i, "event", events[i], fmt.Errorf("%w {0, 1}", ErrOutOfRange))
			}
		}
		if err := tn.check(i); err != nil {
			return LogRankResult{}, err
		}
		order[i] = keyed{timeKey(x), uint32(i)}
	}
	sortKeyed(order)
	k := len(ids)
	nStrata := max(len(sIDs), 1)
	// Dense group and stratum numbers (small cases: binary search; many
	// tenures: a map lookup per tenure costs the same).
	gOf := func(i int) int { g, _ := slices.BinarySearch(ids, groups[i]); return g }
	sOf := func(i int) int {
		if strata == nil {
			return 0
		}
		s, _ := slices.BinarySearch(sIDs, strata[i])
		return s
	}
	// Count the distinct times of each cell first, to allocate once.
	sizes := make([]int, nStrata*k)
	lastT := make([]float64, nStrata*k)
	for i := range lastT {
		lastT[i] = -1
	}
	for _, o := range order {
		i := int(o.idx)
		c := sOf(i)*k + gOf(i)
		if t := times[i] + 0; t != lastT[c] {
			sizes[c]++
			lastT[c] = t
		}
	}
	sets := make([][]RiskSet, nStrata)
	for i := range sets {
		sets[i] = make([]RiskSet, k)
		for g := range k {
			sets[i][g].Rows = make([]RiskRow, 0, sizes[i*k+g])
		}
	}
	for _, o := range order {
		i := int(o.idx)
		rows := &sets[sOf(i)][gOf(i)].Rows
		m := len(*rows)
		t := times[i] + 0 // −0 → +0
		if m == 0 || (*rows)[m-1].Time != t {
			*rows = append(*rows, RiskRow{Time: t})
			m++
		}
		if events == nil || events[i] == 1 {
			(*rows)[m-1].Events++
		} else {
			(*rows)[m-1].Censored++
		}
	}
	acc := newLogRankAcc(k)
	for _, st := range sets {
		acc.stratum(st)
	}
	return acc.result(ids, level), nil
}

// LogRankRiskSets is the log-rank test from counts: strata[s][g] is the
// risk set of group g in stratum s (one stratum: a single row), for
// instance merged from many machines. Groups are numbered by their
// position; every stratum must list the same number of groups. Late
// entries are honoured in the numbers at risk.
func LogRankRiskSets(strata [][]RiskSet, s *Settings) (LogRankResult, error) {
	level, _, err := s.resolve()
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
	for i, st := range strata {
		if len(st) != k {
			return LogRankResult{}, badValue(i, "stratum groups", len(st), fmt.Errorf("%w: want %d", ErrLength, k))
		}
		for _, r := range st {
			if err := r.check(); err != nil {
				return LogRankResult{}, err
			}
		}
	}
	acc := newLogRankAcc(k)
	for _, st := range strata {
		acc.stratum(st)
	}
	ids := make([]int, k)
	for i := range ids {
		ids[i] = i
	}
	if slices.IndexFunc(acc.n, func(x int64) bool { return x > 0 }) < 0 {
		return LogRankResult{}, fmt.Errorf("retention: %w: no tenures", ErrEmpty)
	}
	return acc.result(ids, level), nil
}

// distinct returns the sorted distinct values of xs, stopping once there
// are more than limit.
func distinct(xs []int, limit int) []int {
	seen := map[int]struct{}{}
	for _, x := range xs {
		if _, ok := seen[x]; !ok {
			seen[x] = struct{}{}
			if len(seen) >= limit {
				break
			}
		}
	}
	out := make([]int, 0, len(seen))
	for x := range seen {
		out = append(out, x)
	}
	slices.Sort(out)
	return out
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
// (checked) risk sets sets.
func (a *logRankAcc) stratum(sets []RiskSet) {
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
	for {
		t := math.Inf(1)
		for g, r := range sets {
			if pos[g] < len(r.Rows) && r.Rows[pos[g]].Time < t {
				t = r.Rows[pos[g]].Time
			}
		}
		if math.IsInf(t, 1) {
			return
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
			}
			d += dg[g]
			n += ng[g]
		}
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
