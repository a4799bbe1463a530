package abtest_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/cxkit/cxkit/abtest"
)

// A checkout-page experiment: the control page (A) and a redesigned
// one-page checkout (B) each got about half of the visitors.
var (
	control   = abtest.Proportion{Successes: 1000, Trials: 10000}
	treatment = abtest.Proportion{Successes: 1105, Trials: 10050}
)

// Example_checkout walks through the analysis of the checkout test: first
// the sample-ratio check, then the test, intervals, lift and the Bayesian
// view.
func Example_checkout() {
	// 1. Did the split work? A 50/50 design should give similar counts.
	srm, _ := abtest.SampleRatioMismatch([]int{control.Trials, treatment.Trials}, nil)
	fmt.Printf("SRM check: chi2 = %.3f, p = %.3f\n", srm.Statistic, srm.P)

	// 2. Is the new checkout's conversion rate different?
	r, _ := abtest.TwoProportionZ(control, treatment, nil)
	fmt.Printf("conversion: A %.2f%%, B %.2f%%\n", 100*r.RateA, 100*r.RateB)
	fmt.Printf("z = %.3f, p = %.4f\n", r.Statistic, r.P)
	fmt.Printf("difference %.2f points, 95%% CI [%.2f, %.2f] (Newcombe)\n",
		100*r.Diff, 100*r.CI.Lower, 100*r.CI.Upper)

	// 3. How big is the relative lift?
	l, _ := abtest.RelativeLift(control, treatment, 0) // level 0 means 0.95
	fmt.Printf("lift %.1f%%, 95%% CI [%.1f%%, %.1f%%] (Fieller)\n",
		100*l.Lift, 100*l.Fieller.Lower, 100*l.Fieller.Upper)

	// 4. The Bayesian reading: how likely is B better, and what does
	// shipping A cost if it is not?
	b, _ := abtest.BetaBinomial(control, treatment, nil)
	fmt.Printf("P(B > A) = %.4f, expected loss of shipping A = %.4f points\n",
		b.ProbBBeatsA, 100*b.LossA)
	// Output:
	// SRM check: chi2 = 0.125, p = 0.724
	// conversion: A 10.00%, B 11.00%
	// z = 2.298, p = 0.0216
	// difference 1.00 points, 95% CI [0.15, 1.84] (Newcombe)
	// lift 10.0%, 95% CI [1.4%, 19.3%] (Fieller)
	// P(B > A) = 0.9892, expected loss of shipping A = 0.9964 points
}

func ExampleTwoProportionZ() {
	// One-sided: is the new checkout better?
	r, err := abtest.TwoProportionZ(control, treatment, &abtest.Settings{Alternative: abtest.Greater})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("z = %.3f, one-sided p = %.4f\n", r.Statistic, r.P)
	// Output: z = 2.298, one-sided p = 0.0108
}

func ExampleRelativeLift() {
	l, _ := abtest.RelativeLift(control, treatment, 0.90)
	fmt.Printf("lift %.3f, delta-method 90%% CI [%.3f, %.3f]\n", l.Lift, l.Delta.Lower, l.Delta.Upper)
	// Output: lift 0.100, delta-method 90% CI [0.025, 0.174]
}

func ExampleProportionInterval() {
	// 12 of 40 visitors of a new landing page bought.
	p := abtest.Proportion{Successes: 12, Trials: 40}
	for _, m := range []abtest.IntervalMethod{abtest.Wilson, abtest.ClopperPearson, abtest.Jeffreys} {
		iv, _ := abtest.ProportionInterval(p, 0.95, m)
		fmt.Printf("%-16s [%.3f, %.3f]\n", m, iv.Lower, iv.Upper)
	}
	// Output:
	// wilson           [0.181, 0.454]
	// clopper-pearson  [0.166, 0.465]
	// jeffreys         [0.176, 0.452]
}

func ExampleWelchT() {
	// Order values (euros) of the two checkout pages.
	a := []float64{42.5, 38.0, 55.2, 61.0, 35.9, 47.3, 50.1, 44.8}
	b := []float64{49.9, 58.3, 61.2, 45.0, 66.7, 52.4, 57.8, 63.1}
	r, _ := abtest.WelchT(a, b, nil) // control first: Diff is B − A
	fmt.Printf("B − A = %.2f, t = %.3f, df = %.1f, p = %.4f\n", r.Diff, r.Statistic, r.DF, r.P)
	fmt.Printf("95%% CI [%.2f, %.2f]\n", r.CI.Lower, r.CI.Upper)
	// Output:
	// B − A = 9.95, t = 2.526, df = 13.7, p = 0.0245
	// 95% CI [1.48, 18.42]
}

func ExampleWelchTSummary() {
	// Revenue per visitor, accumulated in two shards per arm and merged.
	var a, b abtest.Summary
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		_ = a.Add(20 + 8*rng.NormFloat64())
		_ = b.Add(20.5 + 8*rng.NormFloat64())
	}
	var shard abtest.Summary
	for range 5000 {
		_ = shard.Add(20.5 + 8*rng.NormFloat64())
	}
	if err := b.Merge(shard); err != nil {
		fmt.Println(err)
		return
	}
	r, _ := abtest.WelchTSummary(a, b, nil)
	fmt.Printf("n = %d vs %d, diff = %.3f, p = %.4f\n", r.NA, r.NB, r.Diff, r.P)
	// Output: n = 5000 vs 10000, diff = 0.385, p = 0.0057
}

func ExampleMannWhitney() {
	// Satisfaction with checkout on a 1–5 scale: many ties.
	a := []float64{3, 4, 2, 3, 5, 3, 4, 2, 3, 4}
	b := []float64{4, 5, 4, 3, 5, 4, 5, 4, 3, 5}
	r, _ := abtest.MannWhitney(a, b, nil) // U is of b
	fmt.Printf("U(B) = %.1f, p = %.4f, P(B > A) + ½P(tie) = %.2f\n", r.U, r.P, r.Effect)
	// Output: U(B) = 76.0, p = 0.0440, P(B > A) + ½P(tie) = 0.76
}

func ExampleChiSquareIndependence() {
	// Rows: three checkout variants; columns: bought, left.
	table := [][]int{{1000, 9000}, {1105, 8945}, {1040, 8960}}
	r, _ := abtest.ChiSquareIndependence(table, nil)
	fmt.Printf("chi2 = %.3f, df = %d, p = %.4f\n", r.Statistic, r.DF, r.P)
	// Output: chi2 = 5.366, df = 2, p = 0.0684
}

func ExampleFisherExact() {
	// A small pilot: 4 of 50 bought on A (row 0), 12 of 50 on B (row 1).
	r, _ := abtest.FisherExact(context.Background(), [2][2]int{{4, 46}, {12, 38}}, nil)
	fmt.Printf("odds ratio %.2f (conditional MLE %.2f), p = %.4f\n", r.OddsRatio, r.MLE, r.P)
	// Output: odds ratio 3.63 (conditional MLE 3.59), p = 0.0538
}

func ExampleSampleRatioMismatch() {
	// A 90/10 rollout that logged 9,300 and 700 users.
	r, _ := abtest.SampleRatioMismatch([]int{9300, 700}, []float64{90, 10})
	fmt.Printf("chi2 = %.1f, p = %.2g, mismatch: %v\n", r.Statistic, r.P, r.P < 0.001)
	// Output: chi2 = 100.0, p = 1.5e-23, mismatch: true
}

func ExampleSampleSizeProportions() {
	// Baseline 10%; we want to detect 11% with 80% power at alpha 0.05.
	n, _ := abtest.SampleSizeProportions(0.10, 0.11, nil)
	fmt.Printf("Cohen's h = %.4f: %d visitors per arm\n", n.Effect, n.NA)
	u, _ := abtest.SampleSizeProportions(0.10, 0.11, &abtest.PowerSettings{Method: abtest.PowerUnpooled})
	fmt.Printf("unpooled normal approximation: %d per arm\n", u.NA)
	// Output:
	// Cohen's h = 0.0326: 14745 visitors per arm
	// unpooled normal approximation: 14749 per arm
}

func ExampleMDEProportions() {
	// With 5,000 visitors per arm and a 10% baseline, what can we detect?
	m, _ := abtest.MDEProportions(0.10, 5000, nil)
	fmt.Printf("minimum detectable rate %.4f (+%.2f points, lift %.1f%%)\n", m.Rate, 100*m.Diff, 100*m.Lift)
	// Output: minimum detectable rate 0.1174 (+1.74 points, lift 17.4%)
}

func ExampleSampleSizeMeans() {
	// Detect half a standard deviation (Cohen's d = 0.5).
	n, _ := abtest.SampleSizeMeans(0.5, nil)
	fmt.Printf("n = %.2f per group, plan %d\n", n.ExactNA, n.NA)
	// Output: n = 63.77 per group, plan 64
}

func ExampleAdjust() {
	p := []float64{0.01, 0.04, 0.03, 0.005, 0.2}
	adj, _ := abtest.Adjust(p, abtest.Holm)
	fmt.Printf("%.3f\n", adj)
	// Output: [0.040 0.090 0.090 0.025 0.200]
}

func ExampleCompareProportionsToControl() {
	variants := []abtest.Proportion{
		{Successes: 1105, Trials: 10050}, // one-page checkout
		{Successes: 1040, Trials: 9980},  // new button colour
		{Successes: 1010, Trials: 10020}, // trust badges
	}
	res, _ := abtest.CompareProportionsToControl(control, variants, nil)
	for _, r := range res {
		fmt.Printf("variant %d: diff %+.2f pts, p = %.4f, Holm p = %.4f, reject %v\n",
			r.Arm, 100*r.Diff, r.P, r.Adjusted, r.Reject)
	}
	// Output:
	// variant 0: diff +1.00 pts, p = 0.0216, Holm p = 0.0647, reject false
	// variant 1: diff +0.42 pts, p = 0.3259, Holm p = 0.6519, reject false
	// variant 2: diff +0.08 pts, p = 0.8509, Holm p = 0.8509, reject false
}

func ExampleBetaBinomial() {
	// An informative prior for A from last quarter (about 10%, worth 200 visitors).
	set := &abtest.BayesSettings{PriorA: abtest.Beta{Alpha: 20, Beta: 180}}
	r, _ := abtest.BetaBinomial(control, treatment, set)
	fmt.Printf("P(B > A) = %.4f, P(A > B) = %.4f\n", r.ProbBBeatsA, r.ProbABeatsB)
	fmt.Printf("B's 95%% credible interval [%.4f, %.4f]\n", r.CredibleB.Lower, r.CredibleB.Upper)
	// Output:
	// P(B > A) = 0.9901, P(A > B) = 0.0099
	// B's 95% credible interval [0.1040, 0.1162]
}

func ExampleMSPRT() {
	// Daily cumulative counts of a running checkout test, checked every day.
	days := [][2]abtest.Proportion{
		{{Successes: 96, Trials: 1000}, {Successes: 118, Trials: 1000}},
		{{Successes: 201, Trials: 2000}, {Successes: 236, Trials: 2000}},
		{{Successes: 298, Trials: 3000}, {Successes: 362, Trials: 3000}},
		{{Successes: 395, Trials: 4000}, {Successes: 489, Trials: 4000}},
	}
	m, _ := abtest.NewMSPRT(0.0004, 0) // alpha 0 means 0.05
	for i, d := range days {
		l, _ := m.ObserveProportions(d[0], d[1])
		fmt.Printf("day %d: diff %+.4f, always-valid p = %.3f, CS [%+.4f, %+.4f], stop: %v\n",
			i+1, l.Diff, l.P, l.CS.Lower, l.CS.Upper, l.Reject)
	}
	// Output:
	// day 1: diff +0.0220, always-valid p = 0.746, CS [-0.0228, +0.0668], stop: false
	// day 2: diff +0.0175, always-valid p = 0.637, CS [-0.0129, +0.0479], stop: false
	// day 3: diff +0.0213, always-valid p = 0.133, CS [-0.0032, +0.0459], stop: false
	// day 4: diff +0.0235, always-valid p = 0.020, CS [+0.0022, +0.0448], stop: true
}

func ExampleCUPED() {
	// Spend before (pre) and during (post) the test for each user.
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func(n int, lift float64) (pre, post []float64) {
		for range n {
			x := 100 + 20*rng.NormFloat64()
			pre = append(pre, x)
			post = append(post, 0.8*x+lift+10*rng.NormFloat64())
		}
		return pre, post
	}
	preA, postA := gen(500, 0)
	preB, postB := gen(500, 2)
	r, _ := abtest.CUPED(preA, postA, preB, postB, nil)
	fmt.Printf("theta %.3f, variance reduced by %.0f%%\n", r.Theta, 100*r.VarianceReduction)
	fmt.Printf("raw: diff %.2f p = %.3f; CUPED: diff %.2f p = %.4f\n",
		r.Diff, r.Unadjusted.P, r.AdjustedDiff, r.Adjusted.P)
	// Output:
	// theta 0.796, variance reduced by 72%
	// raw: diff 2.57 p = 0.028; CUPED: diff 2.70 p = 0.0000
}

func ExampleRatioTest() {
	// Revenue and sessions per user: revenue per session is a ratio metric.
	var a, b abtest.RatioSummary
	rng := rand.New(rand.NewPCG(3, 4))
	for range 4000 {
		s := float64(1 + rng.IntN(5))
		_ = a.Add(s*(10+3*rng.NormFloat64()), s)
		s = float64(1 + rng.IntN(5))
		_ = b.Add(s*(10.4+3*rng.NormFloat64()), s)
	}
	r, _ := abtest.RatioTest(a, b, nil)
	fmt.Printf("revenue/session A %.2f B %.2f, lift %.1f%%, p = %.4f\n",
		r.RatioA, r.RatioB, 100*r.Lift, r.P)
	// Output: revenue/session A 9.94 B 10.45, lift 5.2%, p = 0.0000
}

func ExampleStudentT() {
	a := []float64{42.5, 38.0, 55.2, 61.0, 35.9, 47.3, 50.1, 44.8}
	b := []float64{49.9, 58.3, 61.2, 45.0, 66.7, 52.4, 57.8, 63.1}
	r, _ := abtest.StudentT(a, b, &abtest.Settings{Alternative: abtest.Greater}) // is B above A?
	fmt.Printf("t = %.3f, df = %.0f, one-sided p = %.4f\n", r.Statistic, r.DF, r.P)
	// Output: t = 2.526, df = 14, one-sided p = 0.0121
}

func ExampleStudentTSummary() {
	// Published summaries: n, mean and standard deviation per arm.
	a, _ := abtest.NewSummary(50, 10.2, 2.1)
	b, _ := abtest.NewSummary(40, 9.5, 3.4)
	r, _ := abtest.StudentTSummary(a, b, nil)
	fmt.Printf("t = %.4f, df = %.0f, p = %.4f\n", r.Statistic, r.DF, r.P)
	// Output: t = -1.1987, df = 88, p = 0.2339
}

func ExampleNewSummary() {
	s, _ := abtest.NewSummary(40, 9.5, 3.4)
	fmt.Printf("n = %d, mean = %.1f, variance = %.2f\n", s.N, s.Mean, s.Variance())
	// Output: n = 40, mean = 9.5, variance = 11.56
}

func ExampleDescribe() {
	s, _ := abtest.Describe([]float64{42.5, 38.0, 55.2, 61.0, 35.9, 47.3, 50.1, 44.8})
	fmt.Printf("n = %d, mean = %.3f, sd = %.3f\n", s.N, s.Mean, s.StdDev())
	_, err := abtest.Describe([]float64{1, 2, math.NaN()})
	fmt.Println(err)
	// Output:
	// n = 8, mean = 46.850, sd = 8.469
	// abtest: x NaN at index 2: not finite
}

func ExampleDescribeRatio() {
	// Revenue and sessions of five users.
	rev := []float64{120, 0, 35, 60, 10}
	sessions := []float64{4, 1, 2, 3, 1}
	r, _ := abtest.DescribeRatio(rev, sessions)
	fmt.Printf("revenue per session %.2f, delta-method SE %.2f\n", r.Ratio(), math.Sqrt(r.Variance()))
	// Output: revenue per session 20.45, delta-method SE 4.57
}

func ExampleReject() {
	p := []float64{0.01, 0.04, 0.03, 0.005, 0.2}
	rej, adj, _ := abtest.Reject(p, 0.05, abtest.BenjaminiHochberg)
	fmt.Println(rej)
	fmt.Printf("%.3f\n", adj)
	// Output:
	// [true true true true false]
	// [0.025 0.050 0.050 0.025 0.200]
}

func ExampleCompareMeansToControl() {
	control, _ := abtest.NewSummary(5000, 23.75, 41.2)
	variants := []abtest.Summary{}
	for _, m := range []float64{25.40, 24.10} {
		v, _ := abtest.NewSummary(5000, m, 41.2)
		variants = append(variants, v)
	}
	res, _ := abtest.CompareMeansToControl(control, variants, &abtest.MultiArmSettings{Correction: abtest.Bonferroni})
	for _, r := range res {
		fmt.Printf("variant %d: %+.2f EUR, p = %.4f, Bonferroni p = %.4f\n", r.Arm, r.Diff, r.P, r.Adjusted)
	}
	// Output:
	// variant 0: +1.65 EUR, p = 0.0453, Bonferroni p = 0.0905
	// variant 1: +0.35 EUR, p = 0.6710, Bonferroni p = 1.0000
}

func ExampleCohenH() {
	fmt.Printf("h = %.4f\n", abtest.CohenH(0.10, 0.12))
	// Output: h = 0.0640
}

func ExamplePowerProportions() {
	pw, _ := abtest.PowerProportions(0.10, 0.12, 1000, nil)
	fmt.Printf("power with 1,000 per arm: %.3f\n", pw)
	// Output: power with 1,000 per arm: 0.299
}

func ExamplePowerMeans() {
	pw, _ := abtest.PowerMeans(0.5, 30, nil)
	fmt.Printf("power of the t-test, d = 0.5, 30 per group: %.4f\n", pw)
	// Output: power of the t-test, d = 0.5, 30 per group: 0.4779
}

func ExampleMDEMeans() {
	d, _ := abtest.MDEMeans(400, nil)
	fmt.Printf("with 400 per group the t-test detects d = %.3f\n", d)
	// Output: with 400 per group the t-test detects d = 0.198
}

// Summaries built on separate workers travel as bytes and merge on
// arrival; the test on the merged summaries is the test on all values.
func ExampleSummary_MarshalBinary() {
	shards := [][]float64{{12.5, 9, 14, 11}, {10.5, 13, 8.5}, {12, 15.5, 9.5}}
	var wire [][]byte
	for _, xs := range shards { // on each worker
		s, err := abtest.Describe(xs)
		if err != nil {
			panic(err)
		}
		b, err := s.MarshalBinary()
		if err != nil {
			panic(err)
		}
		wire = append(wire, b)
	}
	var all abtest.Summary
	for _, b := range wire { // on the coordinator
		var s abtest.Summary
		if err := s.UnmarshalBinary(b); err != nil {
			panic(err)
		}
		if err := all.Merge(s); err != nil {
			panic(err)
		}
	}
	fmt.Printf("%d values in %d bytes each: mean %.3f, sd %.3f\n", all.N, len(wire[0]), all.Mean, all.StdDev())
	// Output:
	// 10 values in 18 bytes each: mean 11.550, sd 2.266
}
