package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/internal/rating"
	"github.com/cxkit/cxkit/nps"
)

// shareIntervals lists the --interval names of csat and ces (their Method
// enumerations); jeffreys applies the boundary rule of Brown, Cai and
// DasGupta (2001) at 0 and n, jeffreys-plain gives the plain Beta quantiles
// of statsmodels and R's binom.
const shareIntervals = "wilson, clopper-pearson, agresti-coull, wald, jeffreys or jeffreys-plain"

// parseInterval parses an --interval name with the method enumeration's
// UnmarshalText; want lists the names for the usage error.
func parseInterval[M any, PM interface {
	*M
	UnmarshalText([]byte) error
}](name, want string) (M, error) {
	var m M
	if err := PM(&m).UnmarshalText([]byte(name)); err != nil {
		return m, usagef("unknown --interval %q (want %s)", name, want)
	}
	return m, nil
}

// surveyFlags are the flags of nps, csat and ces.
type surveyFlags struct {
	common
	ratingCol  string
	by         string
	where      multiFlag
	correction string
	noPairs    bool
	timeCol    string
	period     string
}

func (f *surveyFlags) register(e *env, name, extra string) (*flag.FlagSet, error) {
	fs := f.common.newFlagSet(e, name, name+" [flags] [FILE|-]"+extra)
	fs.StringVar(&f.ratingCol, "rating", "rating", "name of the column holding the ratings")
	fs.StringVar(&f.by, "by", "", "break the results down by the values of this column")
	fs.Var(&f.where, "where", "keep only rows where COLUMN=VALUE (repeatable), e.g. --where kind="+name)
	fs.StringVar(&f.correction, "correction", "holm", "multiple-testing correction of the pairwise tests: holm, bonferroni, sidak, bh, by or none")
	fs.BoolVar(&f.noPairs, "no-pairs", false, "leave out the pairwise comparisons of groups")
	fs.StringVar(&f.period, "period", "", "score per period of the --time column: day, week, month or quarter; each period is tested against the one before")
	fs.StringVar(&f.timeCol, "time", "timestamp", "with --period: the column of the response date or timestamp")
	return fs, nil
}

// pairMode says which groups are compared.
type pairMode int

const (
	allPairs    pairMode = iota // every pair of groups
	noPairs                     // none
	consecutive                 // each period with the one before, within a --by group
)

// mode returns the comparisons the flags ask for.
func (f *surveyFlags) mode() pairMode {
	switch {
	case f.noPairs:
		return noPairs
	case f.period != "":
		return consecutive
	}
	return allPairs
}

// groupTitle is the name of the group column.
func (f *surveyFlags) groupTitle() string {
	switch {
	case f.period != "" && f.by != "":
		return f.by + " " + f.period
	case f.period != "":
		return f.period
	case f.by != "":
		return f.by
	}
	return "group"
}

// pairsOf lists the pairs of group names to compare. In consecutive mode a
// name is "BY PERIOD" (or "PERIOD"), and names sort by period within a group.
func pairsOf(names []string, m pairMode) [][2]string {
	var out [][2]string
	switch m {
	case allPairs:
		for i, a := range names {
			for _, b := range names[i+1:] {
				out = append(out, [2]string{a, b})
			}
		}
	case consecutive:
		prefix := func(n string) string {
			if i := strings.LastIndexByte(n, ' '); i >= 0 {
				return n[:i]
			}
			return ""
		}
		for i := 1; i < len(names); i++ {
			if prefix(names[i]) == prefix(names[i-1]) {
				out = append(out, [2]string{names[i], names[i-1]})
			}
		}
	}
	return out
}

// periodOf labels a time with its period: 2024-03-07, 2024-W10, 2024-03 or 2024-Q1.
func periodOf(t time.Time, period string) (string, error) {
	switch period {
	case "day":
		return t.Format("2006-01-02"), nil
	case "week":
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w), nil
	case "month":
		return t.Format("2006-01"), nil
	case "quarter":
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3), nil
	}
	return "", usagef("unknown --period %q (want day, week, month or quarter)", period)
}

// parseCorrection reads a correction name.
func parseCorrection(s string) (abtest.Correction, error) {
	switch strings.ToLower(s) {
	case "holm", "":
		return abtest.Holm, nil
	case "bonferroni":
		return abtest.Bonferroni, nil
	case "sidak":
		return abtest.Sidak, nil
	case "bh", "benjamini-hochberg", "fdr":
		return abtest.BenjaminiHochberg, nil
	case "by", "benjamini-yekutieli":
		return abtest.BenjaminiYekutieli, nil
	case "none":
		return abtest.NoCorrection, nil
	}
	return 0, usagef("unknown --correction %q (want holm, bonferroni, sidak, bh, by or none)", s)
}

// ratingErr turns a library rating error of row i into "file:line: …".
func ratingErr(d *csvData, i, c int, err error) error {
	var re *rating.Error
	if errors.As(err, &re) {
		return d.errAt(i, "column %q: rating %v: %v (scale %d to %d)", d.Header[c], re.Value, re.Err, re.Min, re.Max)
	}
	var ce *csat.InputError
	if errors.As(err, &ce) {
		return d.errAt(i, "column %q: %s %s: %v", d.Header[c], ce.Field, ce.Value, ce.Err)
	}
	var ee *ces.InputError
	if errors.As(err, &ee) {
		return d.errAt(i, "column %q: %s %s: %v", d.Header[c], ee.Field, ee.Value, ee.Err)
	}
	var ne *nps.InputError
	if errors.As(err, &ne) {
		return d.errAt(i, "column %q: %s %s: %v", d.Header[c], ne.Field, ne.Value, ne.Err)
	}
	return d.errAt(i, "column %q: %v", d.Header[c], err)
}

// groupedTallies reads the rating column and adds each row to its group's
// accumulator through add. It returns the group names, sorted.
func groupedTallies[T any](d *csvData, f *surveyFlags, add func(t *T, r int) error) ([]string, map[string]*T, error) {
	c, err := d.col(f.ratingCol)
	if err != nil {
		return nil, nil, err
	}
	keys, names, err := d.groups(f.by)
	if err != nil {
		return nil, nil, err
	}
	if len(d.Rows) == 0 {
		return nil, nil, &lineError{File: d.File, Err: errors.New("no rows to score")}
	}
	if f.period != "" {
		if keys, names, err = periodKeys(d, f, keys); err != nil {
			return nil, nil, err
		}
	}
	tallies := make(map[string]*T, len(names))
	for _, n := range names {
		tallies[n] = new(T)
	}
	for i := range d.Rows {
		s := strings.TrimSpace(d.Rows[i][c])
		v, perr := strconv.ParseFloat(s, 64)
		if perr != nil {
			return nil, nil, d.errAt(i, "column %q: %q is not a number", f.ratingCol, s)
		}
		r, cerr := rating.Check(0, v, math.MinInt32, math.MaxInt32)
		if errors.Is(cerr, rating.ErrOutOfRange) {
			return nil, nil, d.errAt(i, "column %q: %v is not a rating on any scale", f.ratingCol, v)
		}
		var re *rating.Error
		if errors.As(cerr, &re) {
			return nil, nil, d.errAt(i, "column %q: rating %v: %v", f.ratingCol, v, re.Err)
		}
		if err := add(tallies[keys[i]], r); err != nil {
			return nil, nil, ratingErr(d, i, c, err)
		}
	}
	sort.Strings(names)
	return names, tallies, nil
}

// periodKeys appends each row's period to its group key.
func periodKeys(d *csvData, f *surveyFlags, keys []string) ([]string, []string, error) {
	tc, err := d.col(f.timeCol)
	if err != nil {
		return nil, nil, err
	}
	if _, err := periodOf(time.Time{}, f.period); err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	var names []string
	for i := range keys {
		t, err := d.time(i, tc)
		if err != nil {
			return nil, nil, err
		}
		p, _ := periodOf(t, f.period)
		if f.by == "" {
			keys[i] = p
		} else {
			keys[i] += " " + p
		}
		if !seen[keys[i]] {
			seen[keys[i]] = true
			names = append(names, keys[i])
		}
	}
	return keys, names, nil
}

// pairTable collects pairwise comparisons and adjusts their p-values.
type pairTable struct {
	t     *table
	p     []float64 // raw p-values, NaN when undefined
	pcol  int       // column of the raw p-value
	alpha float64
	corr  abtest.Correction
	adj   []float64 // adjusted p-values, filled in by finish
}

// pairRow is one pairwise comparison in --format json: the library's
// comparison of a and b, with the CLI's multiple-testing adjustment.
// JSON keys: a, b, comparison, p_adjusted, significant.
type pairRow[C any] struct {
	A, B        string
	Comparison  C
	PAdjusted   float64
	Significant bool
}

// pairData builds the --format json rows of a finished pair table.
func pairData[C any](pt *pairTable, pairs [][2]string, cs []C) []pairRow[C] {
	out := make([]pairRow[C], len(cs))
	for i, c := range cs {
		out[i] = pairRow[C]{A: pairs[i][0], B: pairs[i][1], Comparison: c, PAdjusted: pt.adj[i], Significant: !math.IsNaN(pt.adj[i]) && pt.adj[i] <= pt.alpha}
	}
	return out
}

func newPairTable(name, title string, cols []string, pcol int, level float64, corr abtest.Correction) *pairTable {
	cols = append(cols, "p_adjusted", "significant")
	return &pairTable{t: &table{Name: name, Title: title, Columns: cols}, pcol: pcol, alpha: 1 - level, corr: corr}
}

func (pt *pairTable) add(cells ...any) {
	pt.t.add(cells...)
	pt.p = append(pt.p, cells[pt.pcol].(float64))
}

// finish fills in the adjusted p-values and the significance flags.
func (pt *pairTable) finish() (*table, error) {
	var idx []int
	var ps []float64
	for i, p := range pt.p {
		if !math.IsNaN(p) {
			idx = append(idx, i)
			ps = append(ps, p)
		}
	}
	adj := make([]float64, len(pt.p))
	for i := range adj {
		adj[i] = math.NaN()
	}
	if len(ps) > 0 {
		a, err := abtest.Adjust(ps, pt.corr)
		if err != nil {
			return nil, err
		}
		for k, i := range idx {
			adj[i] = a[k]
		}
	}
	for i := range pt.t.Rows {
		pt.t.Rows[i] = append(pt.t.Rows[i], adj[i], !math.IsNaN(adj[i]) && adj[i] <= pt.alpha)
	}
	pt.adj = adj
	pt.t.note("p_adjusted: %s correction over %d comparisons; significant at alpha = %s", pt.corr, len(ps), fmtNum(pt.alpha))
	return pt.t, nil
}

func runNPS(e *env, args []string) error {
	var f surveyFlags
	fs, _ := f.register(e, "nps", "\n\nNet Promoter Score of 0-10 ratings: % promoters (9-10) - % detractors (0-6),\nwith the adjusted-Wald interval (Lewis & Sauro) and pairwise z-tests between groups.")
	method := fs.String("method", "adjusted-wald", "interval and test method: adjusted-wald or wald")
	name, err := parseChecked(fs, args, f.check)
	if err != nil {
		return err
	}
	m := nps.AdjustedWald
	switch *method {
	case "adjusted-wald":
	case "wald":
		m = nps.Wald
	default:
		return usagef("unknown --method %q (want adjusted-wald or wald)", *method)
	}
	return scoreCommand(e, &f, name, func(t *nps.Tally, r int) error { return t.Add(r) },
		func(names []string, tallies map[string]*nps.Tally, corr abtest.Correction) ([]*table, error) {
			return npsTables(names, tallies, f.groupTitle(), f.level, m, corr, f.mode())
		})
}

// npsGroup is one row of the nps table in --format json: the group's
// library result and interval. JSON keys: group, result, interval.
type npsGroup struct {
	Group    string
	Result   nps.Result
	Interval nps.Bounds
}

// npsTables builds the score table and the pairwise table of NPS groups.
func npsTables(names []string, tallies map[string]*nps.Tally, group string, level float64, m nps.Method, corr abtest.Correction, pm pairMode) ([]*table, error) {
	pct := strconv.FormatFloat(100*level, 'g', -1, 64)
	t := &table{Name: "nps", Title: fmt.Sprintf("Net Promoter Score (%s%% %s interval)", pct, m),
		Columns: []string{group, "n", "promoters", "passives", "detractors", "nps", "lower", "upper", "margin"}}
	results := map[string]nps.Result{}
	var data []npsGroup
	for _, n := range names {
		r, err := tallies[n].Result()
		if err != nil {
			return nil, fmt.Errorf("group %q: %w", n, err)
		}
		results[n] = r
		b, err := r.Interval(level, m)
		if err != nil {
			return nil, err
		}
		data = append(data, npsGroup{Group: n, Result: r, Interval: b})
		t.add(n, r.N, r.Promoters, r.Passives, r.Detractors, r.Score, b.CI.Lower, b.CI.Upper, b.Margin)
	}
	t.Data = data
	out := []*table{t}
	pairs := laterSecond(pairsOf(names, pm), pm)
	if len(pairs) == 0 {
		return out, nil
	}
	title := "Pairwise differences (b − a, two-sided z-tests)"
	if m == nps.AdjustedWald {
		title = "Pairwise differences of the adjusted-Wald scores (b − a, two-sided z-tests; Lewis & Sauro)"
	}
	pt := newPairTable("nps_pairs", title,
		[]string{"a", "b", "diff", "lower", "upper", "z", "p"}, 6, level, corr)
	var cs []nps.Comparison
	for _, ab := range pairs {
		a, b := ab[0], ab[1]
		c, err := nps.Compare(results[a].Counts(), results[b].Counts(), &nps.Settings{Method: m, Level: level})
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		pt.add(a, b, c.Diff, c.CI.Lower, c.CI.Upper, c.Statistic, c.P)
	}
	pt2, err := pt.finish()
	if err != nil {
		return nil, err
	}
	pt2.Data = pairData(pt, pairs, cs)
	return append(out, pt2), nil
}

// scoreCommand is the common tail of nps, csat and ces: read the input,
// tally the ratings per group with add, lay out the tables and print them.
func scoreCommand[T any](e *env, f *surveyFlags, name string, add func(t *T, r int) error,
	tables func(names []string, tallies map[string]*T, corr abtest.Correction) ([]*table, error)) error {
	corr, err := parseCorrection(f.correction)
	if err != nil {
		return err
	}
	d, err := readInput(e, name, f.where)
	if err != nil {
		return err
	}
	names, tallies, err := groupedTallies(d, f, add)
	if err != nil {
		return err
	}
	ts, err := tables(names, tallies, corr)
	if err != nil {
		return err
	}
	if len(names) > 1 {
		// A --by or --period table ends with the overall row, scored on
		// every response (not an average of the groups).
		all := *f
		all.by, all.period = "", ""
		_, whole, err := groupedTallies(d, &all, add)
		if err != nil {
			return err
		}
		ot, err := tables([]string{overallGroup}, map[string]*T{overallGroup: whole["all"]}, corr)
		if err != nil {
			return err
		}
		ts[0].Rows = append(ts[0].Rows, ot[0].Rows...)
		ts[0].Data = reflect.AppendSlice(reflect.ValueOf(ts[0].Data), reflect.ValueOf(ot[0].Data)).Interface()
	}
	return f.emit(e, ts...)
}

// overallGroup names the overall row of a --by or --period table.
const overallGroup = "(all)"

// laterSecond orders consecutive pairs (earlier, later), so that b − a is
// the change since the previous period (pairsOf lists them later first).
func laterSecond(pairs [][2]string, m pairMode) [][2]string {
	if m == consecutive {
		for i, ab := range pairs {
			pairs[i] = [2]string{ab[1], ab[0]}
		}
	}
	return pairs
}

// likertDiff is one row of likertPairs: b − a on the share (with its
// interval, z and p) and on the mean (with Welch's p).
type likertDiff struct{ diff, lower, upper, z, p, meanDiff, meanP float64 }

// likertPairs compares every pair of groups on the share (two-proportion
// z-test) and the mean (Welch's t-test) with cmp; differences are b − a.
func likertPairs[C any](name, title string, pairs [][2]string, level float64, corr abtest.Correction,
	cmp func(a, b string) (likertDiff, C, error)) (*table, error) {
	pt := newPairTable(name, title, []string{"a", "b", "diff", "lower", "upper", "z", "p", "mean_diff", "mean_p"}, 6, level, corr)
	var cs []C
	for _, ab := range pairs {
		d, c, err := cmp(ab[0], ab[1])
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		pt.add(ab[0], ab[1], d.diff, d.lower, d.upper, d.z, d.p, d.meanDiff, d.meanP)
	}
	t, err := pt.finish()
	if err != nil {
		return nil, err
	}
	t.Data = pairData(pt, pairs, cs)
	return t, nil
}

// likertGroup is one row of the csat or ces table in --format json: the
// group's library result, the interval of its share and that of its mean
// (null for a single response). JSON keys: group, result, interval,
// mean_interval.
type likertGroup[R, I any] struct {
	Group        string
	Result       R
	Interval     I
	MeanInterval I
}

// parseScale reads a CSAT scale name: 5, 7, 10, 3 or binary, or MIN-MAX/TOP.
func parseScale(s string) (csat.Scale, error) {
	switch s {
	case "5", "":
		return csat.Scale5, nil
	case "7":
		return csat.Scale7, nil
	case "10":
		return csat.Scale10, nil
	case "3":
		return csat.Scale3, nil
	case "binary":
		return csat.Binary, nil
	}
	var sc csat.Scale
	if _, err := fmt.Sscanf(s, "%d-%d/%d", &sc.Min, &sc.Max, &sc.TopBoxMin); err != nil {
		return sc, usagef("unknown --scale %q (want 5, 7, 10, 3, binary or MIN-MAX/TOP such as 1-10/8)", s)
	}
	return sc, nil
}

func runCSAT(e *env, args []string) error {
	var f surveyFlags
	fs, _ := f.register(e, "csat", "\n\nCSAT: the share of ratings in the top box(es), in percent, with the Wilson\ninterval, and the mean rating with its t interval; pairwise z- and Welch tests.")
	scaleName := fs.String("scale", "5", "rating scale: 5 (1-5, 4-5 satisfied), 7, 10, 3, binary, or MIN-MAX/TOP such as 1-10/8")
	interval := fs.String("interval", "wilson", "interval of the share: "+shareIntervals)
	name, err := parseChecked(fs, args, f.check)
	if err != nil {
		return err
	}
	scale, err := parseScale(*scaleName)
	if err != nil {
		return err
	}
	method, err := parseInterval[csat.Method](*interval, shareIntervals)
	if err != nil {
		return err
	}
	return scoreCommand(e, &f, name, func(t *csat.Tally, r int) error {
		t.Scale = scale
		return t.Add(r)
	}, func(names []string, tallies map[string]*csat.Tally, corr abtest.Correction) ([]*table, error) {
		return csatTables(names, tallies, f.groupTitle(), f.level, method, corr, f.mode())
	})
}

func csatTables(names []string, tallies map[string]*csat.Tally, group string, level float64, method csat.Method, corr abtest.Correction, pm pairMode) ([]*table, error) {
	pct := strconv.FormatFloat(100*level, 'g', -1, 64)
	t := &table{Name: "csat", Title: fmt.Sprintf("CSAT (%% satisfied, %s%% %s interval) and mean rating (%s%% t interval)", pct, method, pct),
		Columns: []string{group, "n", "satisfied", "csat", "lower", "upper", "mean", "mean_lower", "mean_upper"}}
	return likertTables(t, names, level, corr, pm, "Pairwise differences (b − a): CSAT by two-proportion z-test, mean by Welch's t-test",
		func(n string) (likertGroup[csat.Result, csat.Interval], []any, error) {
			g, err := likertScore(n, tallies[n].Result, func(r csat.Result) (csat.Interval, error) { return r.Interval(level, method) },
				func(r csat.Result) (csat.Interval, bool, error) { return r.MeanInterval(level) })
			r, iv, mi := g.Result, g.Interval, g.MeanInterval
			return g, []any{n, r.N, r.Satisfied, r.CSAT, iv.Lower, iv.Upper, r.Mean, mi.Lower, mi.Upper}, err
		},
		func(a, b csat.Result) (likertDiff, csat.Comparison, error) {
			c, err := csat.Compare(a, b, &csat.CompareSettings{Level: level})
			return likertDiff{c.Share.Diff, c.Share.CI.Lower, c.Share.CI.Upper, c.Share.Statistic, c.Share.P, c.Mean.Diff, c.Mean.P}, c, err
		})
}

// likertScore scores one group: its result, the interval of its share and
// the interval of its mean.
func likertScore[R, I any](group string, result func() (R, error), share func(R) (I, error), mean func(R) (I, bool, error)) (likertGroup[R, I], error) {
	g := likertGroup[R, I]{Group: group}
	var err error
	if g.Result, err = result(); err != nil {
		return g, fmt.Errorf("group %q: %w", group, err)
	}
	if g.Interval, err = share(g.Result); err != nil {
		return g, err
	}
	g.MeanInterval, _, err = mean(g.Result)
	return g, err
}

// likertTables fills t with one row per group (score gives the group's
// value and row) and adds the table of pairwise comparisons (compare).
func likertTables[R, I, C any](t *table, names []string, level float64, corr abtest.Correction, pm pairMode, pairsTitle string,
	score func(group string) (likertGroup[R, I], []any, error), compare func(a, b R) (likertDiff, C, error)) ([]*table, error) {
	results := map[string]R{}
	var data []likertGroup[R, I]
	for _, n := range names {
		g, row, err := score(n)
		if err != nil {
			return nil, err
		}
		results[n] = g.Result
		data = append(data, g)
		t.add(row...)
	}
	t.Data = data
	out := []*table{t}
	pairs := laterSecond(pairsOf(names, pm), pm)
	if len(pairs) == 0 {
		return out, nil
	}
	ptab, err := likertPairs(t.Name+"_pairs", pairsTitle, pairs, level, corr, func(a, b string) (likertDiff, C, error) {
		return compare(results[a], results[b])
	})
	if err != nil {
		return nil, err
	}
	return append(out, ptab), nil
}

func runCES(e *env, args []string) error {
	var f surveyFlags
	fs, _ := f.register(e, "ces", "\n\nCustomer Effort Score: CES 2.0 (1-7 agreement, % agree 5-7 = easy) or CES 1.0\n(--version 1: 1-5 effort, % low effort 1-2 = easy), with intervals and pairwise tests.")
	version := fs.Int("version", 2, "CES version: 2 (1-7, higher is easier) or 1 (1-5, lower is easier)")
	interval := fs.String("interval", "wilson", "interval of the share of easy ratings: "+shareIntervals)
	name, err := parseChecked(fs, args, f.check)
	if err != nil {
		return err
	}
	var v ces.Version
	switch *version {
	case 2:
		v = ces.V2
	case 1:
		v = ces.V1
	default:
		return usagef("unknown --version %d (want 1 or 2)", *version)
	}
	method, err := parseInterval[ces.Method](*interval, shareIntervals)
	if err != nil {
		return err
	}
	return scoreCommand(e, &f, name, func(t *ces.Tally, r int) error {
		t.Version = v
		return t.Add(r)
	}, func(names []string, tallies map[string]*ces.Tally, corr abtest.Correction) ([]*table, error) {
		return cesTables(names, tallies, f.groupTitle(), f.level, method, corr, f.mode())
	})
}

func cesTables(names []string, tallies map[string]*ces.Tally, group string, level float64, method ces.Method, corr abtest.Correction, pm pairMode) ([]*table, error) {
	pct := strconv.FormatFloat(100*level, 'g', -1, 64)
	t := &table{Name: "ces", Title: fmt.Sprintf("Customer Effort Score (%% easy with %s%% %s interval; net ease = %% easy − %% hard)", pct, method),
		Columns: []string{group, "n", "pct_easy", "lower", "upper", "pct_hard", "net_ease", "mean", "mean_lower", "mean_upper"}}
	var version ces.Version
	out, err := likertTables(t, names, level, corr, pm, "Pairwise differences (b − a): % easy by two-proportion z-test, mean by Welch's t-test",
		func(n string) (likertGroup[ces.Result, ces.Interval], []any, error) {
			g, err := likertScore(n, tallies[n].Result, func(r ces.Result) (ces.Interval, error) { return r.Interval(level, method) },
				func(r ces.Result) (ces.Interval, bool, error) { return r.MeanInterval(level) })
			r, iv, mi := g.Result, g.Interval, g.MeanInterval
			version = r.Version
			return g, []any{n, r.N, r.PctEasy, iv.Lower, iv.Upper, r.PctHard, r.NetEase, r.Mean, mi.Lower, mi.Upper}, err
		},
		func(a, b ces.Result) (likertDiff, ces.Comparison, error) {
			c, err := ces.Compare(a, b, &ces.CompareSettings{Level: level})
			return likertDiff{c.Share.Diff, c.Share.CI.Lower, c.Share.CI.Upper, c.Share.Statistic, c.Share.P, c.Mean.Diff, c.Mean.P}, c, err
		})
	if err != nil {
		return nil, err
	}
	t.note("%s: the mean is read with %q", version, version.Direction())
	return out, nil
}
