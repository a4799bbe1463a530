package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cxkit/cxkit/abtest"
)

func runABTest(e *env, args []string) error {
	if len(args) > 0 && args[0] == "power" {
		return runPower(e, args[1:])
	}
	var c common
	fs := c.newFlagSet(e, "abtest", "abtest [power] [flags] [FILE|-]\n\nOne row per unit (visitor, customer) with its variant and outcome. A 0/1 outcome is\ntested as a proportion (pooled z-test, Bayesian P(beat control)), anything else as a\nmean (Welch's t-test). Every variant is compared with the control, with a multiple-\ntesting correction, after a sample-ratio-mismatch check. 'cxkit abtest power' plans\nthe sample size.")
	variantCol := fs.String("variant", "variant", "column of the variant name")
	metricCol := fs.String("metric", "converted", "column of the outcome (0/1 conversion, or a number such as revenue)")
	control := fs.String("control", "", "name of the control variant (default: 'control' if present, else the first in the file)")
	kind := fs.String("type", "auto", "outcome type: auto, proportion or mean")
	weights := fs.String("weights", "", "intended traffic split for the SRM check, e.g. 50,50 (default: equal)")
	correction := fs.String("correction", "holm", "multiple-testing correction: holm, bonferroni, sidak, bh, by or none")
	interval := fs.String("interval", "wilson", "proportions: interval of each variant's rate: "+rateIntervals)
	fisher := fs.Bool("fisher", false, "proportions: also run Fisher's exact test of each variant against the control (for small samples)")
	solver := fs.String("fisher-solver", "precise", "with --fisher: root finder of the odds ratio's estimate and interval: precise (SciPy's odds_ratio) or like-r (R's fisher.test)")
	var where multiFlag
	fs.Var(&where, "where", "keep only rows where COLUMN=VALUE (repeatable)")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	corr, err := parseCorrection(*correction)
	if err != nil {
		return err
	}
	po := propOptions{fisher: *fisher}
	if po.interval, err = parseInterval[abtest.IntervalMethod](*interval, rateIntervals); err != nil {
		return err
	}
	if err := po.solver.UnmarshalText([]byte(*solver)); err != nil {
		return usagef("unknown --fisher-solver %q (want precise or like-r)", *solver)
	}
	d, cs, err := readColumns(e, name, where, *variantCol, *metricCol)
	if err != nil {
		return err
	}
	vc, mc := cs[0], cs[1]
	switch *kind {
	case "auto", "proportion", "mean":
	default:
		return usagef("unknown --type %q (want auto, proportion or mean)", *kind)
	}
	arms := map[string][]float64{}
	lines := map[string]int{} // each variant's first line, for errors
	var order []string
	for i, r := range d.Rows {
		v := strings.TrimSpace(r[vc])
		if v == "" {
			return d.errAt(i, "column %q is empty", *variantCol)
		}
		x, err := d.float(i, mc)
		if err != nil {
			return err
		}
		if _, ok := arms[v]; !ok {
			order = append(order, v)
			lines[v] = d.Lines[i]
		}
		arms[v] = append(arms[v], x)
	}
	outcome, err := outcomeType(e, d, mc, *kind)
	if err != nil {
		return err
	}
	if len(order) < 2 {
		return &lineError{File: d.File, Err: fmt.Errorf("want at least two variants in column %q, found %d", *variantCol, len(order))}
	}
	ctl := *control
	if ctl == "" {
		ctl = order[0]
		if _, ok := arms["control"]; ok {
			ctl = "control"
		}
	}
	if _, ok := arms[ctl]; !ok {
		return usagef("--control %q is not a variant (variants: %s)", ctl, strings.Join(order, ", "))
	}
	names := []string{ctl}
	for _, v := range order {
		if v != ctl {
			names = append(names, v)
		}
	}
	var w []float64
	if *weights != "" {
		for _, s := range splitList(*weights) {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return usagef("bad --weights %q", *weights)
			}
			w = append(w, x)
		}
		if len(w) != len(names) {
			return usagef("--weights has %d values for %d variants (order: %s)", len(w), len(names), strings.Join(names, ", "))
		}
	}
	settings := &abtest.MultiArmSettings{Correction: corr, Alpha: 1 - c.level, Level: c.level}
	var tables []*table
	if outcome == "mean" && (po.fisher || po.interval != abtest.Wilson) {
		return usagef("--fisher and --interval apply to proportions (0/1 outcomes); column %q is compared as means", *metricCol)
	}
	if outcome == "mean" {
		for _, n := range names {
			if len(arms[n]) < 2 {
				return &lineError{File: d.File, Line: lines[n], Err: fmt.Errorf("variant %q has %d value(s) in column %q: comparing means needs at least 2 per variant", n, len(arms[n]), *metricCol)}
			}
		}
		tables, err = meanTables(names, arms, settings)
	} else {
		tables, err = proportionTables(e, names, arms, settings, po)
	}
	if err != nil {
		return variantErr(d.File, err, names, lines)
	}
	counts := make([]int, len(names))
	for i, n := range names {
		counts[i] = len(arms[n])
	}
	srm, err := srmTable(names, counts, w)
	if err != nil {
		return err
	}
	return c.emit(e, append([]*table{srm}, tables...)...)
}

// outcomeType decides how the outcome column is tested: declared by --type,
// or inferred from the whole column: a proportion when every value is 0 or
// 1, a mean when the values are not 0/1 data. A column that is 0/1 but for a
// few other values (where 1 is at least half of the non-zero values) is
// neither: it is an error naming the first odd value, so that one stray
// value never changes the analysis. The inference is printed on stderr.
func outcomeType(e *env, d *csvData, mc int, kind string) (string, error) {
	n, ones, nonzero, odd := 0, 0, 0, -1
	for i := range d.Rows {
		x, err := d.float(i, mc)
		if err != nil {
			return "", err
		}
		n++
		if x != 0 {
			nonzero++
		}
		switch {
		case x == 1:
			ones++
		case x != 0 && odd < 0:
			odd = i
		}
	}
	col := d.Header[mc]
	switch kind {
	case "proportion":
		if odd >= 0 {
			return "", d.errAt(odd, "column %q: value %q is not 0 or 1 (--type proportion)", col, strings.TrimSpace(d.Rows[odd][mc]))
		}
		return "proportion", nil
	case "mean":
		return "mean", nil
	}
	switch {
	case odd < 0:
		fmt.Fprintf(e.stderr, "cxkit abtest: column %q is 0/1 in every row: testing proportions (--type mean to compare means)\n", col)
		return "proportion", nil
	case ones > 0 && 2*ones >= nonzero:
		return "", d.errAt(odd, "column %q: value %q does not fit a 0/1 column (%d of %d values are 0 or 1): fix the value, or declare --type mean to compare means",
			col, strings.TrimSpace(d.Rows[odd][mc]), n-(nonzero-ones), n)
	}
	fmt.Fprintf(e.stderr, "cxkit abtest: column %q holds values other than 0 and 1: comparing means (--type proportion for 0/1 conversions)\n", col)
	return "mean", nil
}

// variantErr names the variant of a library error by its name and first
// line rather than by its index among the arms.
func variantErr(file string, err error, names []string, lines map[string]int) error {
	var ie *abtest.InputError
	if errors.As(err, &ie) && ie.Index >= 0 {
		// The multi-arm calls index the variants after the control.
		i := ie.Index + 1
		if ie.Field == "control" || i >= len(names) {
			i = 0
		}
		return &lineError{File: file, Line: lines[names[i]], Err: fmt.Errorf("variant %q: %v", names[i], ie.Err)}
	}
	return fmt.Errorf("%s: %w", file, err)
}

// srmData is the srm table in --format json: the variants in the order
// of the library's counts, and its chi-square result. JSON keys: variants,
// result.
type srmData struct {
	Variants []string
	Result   abtest.ChiSquareResult
}

// propArm is one arm of a proportion test in --format json. JSON keys:
// variant, proportion, interval.
type propArm struct {
	Variant    string
	Proportion abtest.Proportion
	Interval   abtest.Interval
}

// propComparison is one variant against the control in --format json: the
// library's comparison, relative lift and Bayesian view (null when not
// defined). JSON keys: variant, comparison, lift, bayes.
type propComparison struct {
	Variant    string
	Comparison abtest.ArmComparison
	Lift       *abtest.LiftResult
	Bayes      *abtest.BayesResult
}

// meanArm is one arm of a test of means in --format json: the library's
// summary, its standard deviation and the t interval of the mean. JSON
// keys: variant, summary, sd, interval.
type meanArm struct {
	Variant  string
	Summary  abtest.Summary
	SD       float64
	Interval abtest.Interval
}

// meanComparison is one variant against the control in --format json.
// RelativeLift is diff / control mean. JSON keys: variant, comparison,
// relative_lift.
type meanComparison struct {
	Variant      string
	Comparison   abtest.ArmComparison
	RelativeLift float64
}

// srmTable runs the sample-ratio-mismatch check.
func srmTable(names []string, counts []int, w []float64) (*table, error) {
	r, err := abtest.SampleRatioMismatch(counts, w)
	if err != nil {
		return nil, err
	}
	t := &table{Name: "srm", Title: "Sample ratio mismatch check (chi-square goodness of fit)", Columns: []string{"variant", "observed", "expected"}}
	for i, n := range names {
		t.add(n, counts[i], r.Expected[0][i])
	}
	t.Data = srmData{Variants: names, Result: r}
	verdict := "no mismatch"
	if r.P < 0.001 {
		verdict = "MISMATCH: the split differs from the plan; do not trust the results below"
	}
	t.note("chi-square %s, df %d, p %s: %s (threshold p < 0.001)", fmtNum(r.Statistic), r.DF, fmtNum(r.P), verdict)
	return t, nil
}

// rateIntervals lists the --interval names of abtest (abtest.IntervalMethod).
const rateIntervals = "wilson, agresti-coull, agresti-coull-unclipped, clopper-pearson, jeffreys, jeffreys-plain, normal or normal-unclipped"

// propOptions are abtest's flags for proportions: the interval of each
// rate, and Fisher's exact test with its solver.
type propOptions struct {
	interval abtest.IntervalMethod
	fisher   bool
	solver   abtest.FisherSolver
}

func proportionTables(e *env, names []string, arms map[string][]float64, s *abtest.MultiArmSettings, po propOptions) ([]*table, error) {
	props := make([]abtest.Proportion, len(names))
	at := &table{Name: "arms", Title: fmt.Sprintf("Conversion by variant (rates as shares 0–1, %s intervals)", po.interval), Columns: []string{"variant", "n", "conversions", "rate", "lower", "upper"}, Data: []propArm{}}
	for i, n := range names {
		p := abtest.Proportion{Trials: len(arms[n])}
		for _, x := range arms[n] {
			p.Successes += int(x)
		}
		props[i] = p
		iv, err := abtest.ProportionInterval(p, s.Level, po.interval)
		if err != nil {
			return nil, err
		}
		at.Data = append(at.Data.([]propArm), propArm{Variant: n, Proportion: p, Interval: iv})
		at.add(n, p.Trials, p.Successes, p.Rate(), iv.Lower, iv.Upper)
	}
	cmp, err := abtest.CompareProportionsToControl(props[0], props[1:], s)
	if err != nil {
		return nil, err
	}
	ct := &table{Name: "comparisons", Main: true, Title: fmt.Sprintf("Each variant against %s (pooled z-test; %s correction)", names[0], s.Correction),
		Columns: []string{"variant", "diff", "lower", "upper", "relative_lift", "z", "p", "p_adjusted", "significant", "prob_beat_control"}}
	var data []propComparison
	for _, a := range cmp {
		v := props[a.Arm+1]
		row := propComparison{Variant: names[a.Arm+1], Comparison: a}
		lift := math.NaN()
		if l, err := abtest.RelativeLift(props[0], v, s.Level); err == nil {
			lift = l.Lift
			row.Lift = &l
		}
		pb := math.NaN()
		if b, err := abtest.BetaBinomial(props[0], v, nil); err == nil {
			pb = b.ProbBBeatsA
			row.Bayes = &b
		}
		data = append(data, row)
		ct.add(names[a.Arm+1], a.Diff, a.CI.Lower, a.CI.Upper, lift, a.Statistic, a.P, a.Adjusted, a.Reject, pb)
	}
	ct.Data = data
	ct.note("diff: b − a in shares 0–1; relative_lift: b/a − 1; prob_beat_control: posterior P(rate > control rate) with uniform Beta(1, 1) priors")
	if !po.fisher {
		return []*table{at, ct}, nil
	}
	ft, err := fisherTable(e, names, props, s, po.solver)
	if err != nil {
		return nil, err
	}
	return []*table{at, ct, ft}, nil
}

// fisherRow is one variant against the control in the fisher table of
// --format json. JSON keys: variant, result, p_adjusted.
type fisherRow struct {
	Variant   string
	Result    abtest.FisherResult
	PAdjusted float64
}

// fisherTable runs Fisher's exact test of each variant against the control
// (two-sided, the conditional MLE of the odds ratio b over a with its exact
// interval), with the comparisons' multiple-testing correction.
func fisherTable(e *env, names []string, props []abtest.Proportion, s *abtest.MultiArmSettings, solver abtest.FisherSolver) (*table, error) {
	t := &table{Name: "fisher", Title: fmt.Sprintf("Fisher's exact test against %s (odds ratio b over a: conditional MLE, %s%% exact interval)", names[0], strconv.FormatFloat(100*s.Level, 'g', -1, 64)),
		Columns: []string{"variant", "odds_ratio", "lower", "upper", "p", "p_adjusted", "significant"}}
	a := props[0]
	rows := make([]fisherRow, 0, len(props)-1)
	ps := make([]float64, 0, len(props)-1)
	for i, b := range props[1:] {
		table := [2][2]int{{a.Successes, a.Trials - a.Successes}, {b.Successes, b.Trials - b.Successes}}
		r, err := abtest.FisherExact(e.ctx, table, &abtest.FisherSettings{Level: s.Level, Solver: solver})
		if err != nil {
			return nil, fmt.Errorf("variant %q: %w", names[i+1], err)
		}
		rows = append(rows, fisherRow{Variant: names[i+1], Result: r})
		ps = append(ps, r.P)
	}
	adj, err := abtest.Adjust(ps, s.Correction)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].PAdjusted = adj[i]
		r := rows[i].Result
		t.add(rows[i].Variant, r.MLE, r.CI.Lower, r.CI.Upper, r.P, adj[i], adj[i] <= s.Alpha)
	}
	t.Data = rows
	t.note("p_adjusted: %s correction over %d comparisons; significant at alpha = %s; solver: %s", s.Correction, len(rows), fmtNum(s.Alpha), solver)
	return t, nil
}

func meanTables(names []string, arms map[string][]float64, s *abtest.MultiArmSettings) ([]*table, error) {
	sums := make([]abtest.Summary, len(names))
	at := &table{Name: "arms", Title: "Mean by variant (t intervals)", Columns: []string{"variant", "n", "mean", "sd", "lower", "upper"}}
	var armData []meanArm
	for i, n := range names {
		sm, err := abtest.Describe(arms[n])
		if err != nil {
			return nil, fmt.Errorf("variant %q: %w", n, err)
		}
		sums[i] = sm
		sd := math.Sqrt(sm.Variance())
		lo, hi := math.NaN(), math.NaN()
		if sm.N > 1 {
			h := tCrit(s.Level, float64(sm.N-1)) * sd / math.Sqrt(float64(sm.N))
			lo, hi = sm.Mean-h, sm.Mean+h
		}
		armData = append(armData, meanArm{Variant: n, Summary: sm, SD: sd, Interval: abtest.Interval{Lower: lo, Upper: hi, Level: s.Level}})
		at.add(n, sm.N, sm.Mean, sd, lo, hi)
	}
	at.Data = armData
	cmp, err := abtest.CompareMeansToControl(sums[0], sums[1:], s)
	if err != nil {
		return nil, err
	}
	ct := &table{Name: "comparisons", Main: true, Title: fmt.Sprintf("Each variant against %s (Welch's t-test; %s correction)", names[0], s.Correction),
		Columns: []string{"variant", "diff", "lower", "upper", "relative_lift", "t", "p", "p_adjusted", "significant"}}
	var data []meanComparison
	for _, a := range cmp {
		data = append(data, meanComparison{Variant: names[a.Arm+1], Comparison: a, RelativeLift: a.Diff / sums[0].Mean})
		ct.add(names[a.Arm+1], a.Diff, a.CI.Lower, a.CI.Upper, a.Diff/sums[0].Mean, a.Statistic, a.P, a.Adjusted, a.Reject)
	}
	ct.Data = data
	return []*table{at, ct}, nil
}

// powerData is the power table in --format json: the design settings, the
// inputs (null when not given) and the library's answer: a sample size, a
// power, or a minimum detectable effect (the others null). JSON keys:
// settings, baseline, target, effect, n, sample_size, power, mde,
// mde_effect.
type powerData struct {
	Settings                    abtest.PowerSettings
	Baseline, Target, Effect, N float64
	SampleSize                  *abtest.SampleSize
	Power                       *float64
	MDE                         *abtest.MDE
	MDEEffect                   *float64
}

func runPower(e *env, args []string) error {
	var c common
	fs := c.newFlagSet(e, "abtest power", "abtest power --baseline P --mde D | --effect d | --n N [flags]\n\nSample size per arm to detect a change of a conversion rate from --baseline by --mde\n(absolute, or relative with --relative), or a standardised mean difference --effect;\nwith --n, the power and the minimum detectable effect of a planned size instead.")
	baseline := fs.Float64("baseline", 0, "control conversion rate, in (0, 1)")
	mde := fs.Float64("mde", 0, "minimum detectable effect: the change of the rate (absolute, e.g. 0.01)")
	relative := fs.Bool("relative", false, "--mde is relative to the baseline (0.1 = +10%)")
	effect := fs.Float64("effect", 0, "means: standardised difference (Cohen's d)")
	n := fs.Float64("n", 0, "planned units in the control arm: report power and the minimum detectable effect")
	alpha := fs.Float64("alpha", 0.05, "significance level")
	power := fs.Float64("power", 0.8, "power (probability of detecting the effect)")
	ratio := fs.Float64("ratio", 1, "treatment arm size / control arm size")
	oneSided := fs.Bool("one-sided", false, "plan a one-sided test (treatment better)")
	if _, err := parseChecked(fs, args, c.check); err != nil {
		return err
	}
	ps := &abtest.PowerSettings{Alpha: *alpha, Power: *power, Ratio: *ratio}
	if *oneSided {
		ps.Alternative = abtest.Greater
	}
	t := &table{Name: "power", Title: "Power and sample size", Columns: []string{"quantity", "value"}, PerCell: true}
	pd := &powerData{Settings: *ps, Baseline: nan(), Target: nan(), Effect: nan(), N: nan()}
	t.Data = pd
	t.add("alpha", *alpha)
	t.add("ratio n2/n1", *ratio)
	switch {
	case *effect != 0:
		t.add("effect (Cohen's d)", *effect)
		if *n > 0 {
			pw, err := abtest.PowerMeans(*effect, *n, ps)
			if err != nil {
				return err
			}
			md, err := abtest.MDEMeans(*n, ps)
			if err != nil {
				return err
			}
			pd.Effect, pd.N, pd.Power, pd.MDEEffect = *effect, *n, &pw, &md
			t.add("n per control arm", *n)
			t.add("power", pw)
			t.add(fmt.Sprintf("minimum detectable d at power %g", *power), md)
			break
		}
		ss, err := abtest.SampleSizeMeans(*effect, ps)
		if err != nil {
			return err
		}
		pd.Effect, pd.SampleSize = *effect, &ss
		t.add("power", *power)
		t.add("n control", ss.NA)
		t.add("n treatment", ss.NB)
	case *baseline > 0:
		pd.Baseline = *baseline
		t.add("baseline rate", *baseline)
		if *n > 0 && *mde == 0 {
			m, err := abtest.MDEProportions(*baseline, *n, ps)
			if err != nil {
				return err
			}
			pd.N, pd.MDE = *n, &m
			t.add("n per control arm", *n)
			t.add(fmt.Sprintf("detectable rate at power %g", *power), m.Rate)
			t.add("detectable difference", m.Diff)
			t.add("detectable relative lift", m.Lift)
			break
		}
		p2 := *baseline + *mde
		if *relative {
			p2 = *baseline * (1 + *mde)
		}
		if *mde == 0 {
			return usagef("give --mde (or --n for the minimum detectable effect)")
		}
		pd.Target = p2
		t.add("target rate", p2)
		if *n > 0 {
			pw, err := abtest.PowerProportions(*baseline, p2, *n, ps)
			if err != nil {
				return err
			}
			pd.N, pd.Power = *n, &pw
			t.add("n per control arm", *n)
			t.add("power", pw)
			break
		}
		ss, err := abtest.SampleSizeProportions(*baseline, p2, ps)
		if err != nil {
			return err
		}
		t.add("power", *power)
		pd.SampleSize = &ss
		t.add("Cohen's h", ss.Effect)
		t.add("n control", ss.NA)
		t.add("n treatment", ss.NB)
		t.add("n total", ss.NA+ss.NB)
	default:
		return usagef("give --baseline with --mde (proportions) or --effect (means)")
	}
	return c.emit(e, t)
}
