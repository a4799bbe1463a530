package nps_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/cxkit/cxkit/nps"
)

func ExampleScore() {
	ratings := []float64{10, 9, 8, 7, 6, 3, 10, 9, 5, 8}
	r, err := nps.Score(ratings)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("NPS %.1f (promoters %.0f%%, detractors %.0f%%, n=%d)\n",
		r.Score, r.PctPromoters, r.PctDetractors, r.N)
	// Output:
	// NPS 10.0 (promoters 40%, detractors 30%, n=10)
}

func ExampleScore_badRating() {
	_, err := nps.Score([]float64{9, 10, 8.5})
	var ie *nps.InputError
	if errors.As(err, &ie) {
		fmt.Println("bad", ie.Field, "at index", ie.Index, "value", ie.Value)
	}
	fmt.Println(errors.Is(err, nps.ErrNotInteger))
	fmt.Println(err)
	// Output:
	// bad rating at index 2 value 8.5
	// true
	// nps: rating 8.5 at index 2: not a whole number
}

func ExampleResult_Interval() {
	r, _ := nps.FromCounts(nps.Counts{Promoters: 55, Passives: 25, Detractors: 20})
	for _, m := range []nps.Method{nps.AdjustedWald, nps.Wald} {
		b, _ := r.Interval(0, m) // level 0 means 0.95
		fmt.Printf("%-13s NPS %.1f, %.0f%% CI [%.1f, %.1f], margin ±%.1f\n", m, r.Score, 100*b.CI.Level, b.CI.Lower, b.CI.Upper, b.Margin)
	}
	// Output:
	// adjusted-wald NPS 35.0, 95% CI [18.7, 49.3], margin ±15.3
	// wald          NPS 35.0, 95% CI [19.5, 50.5], margin ±15.5
}

func ExampleTally() {
	// Two shards counted separately, then merged: the same as one pass.
	var east, west nps.Tally
	for _, r := range []int{10, 9, 9, 4} {
		_ = east.Add(r)
	}
	for _, r := range []int{7, 8, 2} {
		_ = west.Add(r)
	}
	if err := east.Merge(west); err != nil {
		fmt.Println(err)
		return
	}
	r, _ := east.Result()
	fmt.Printf("n=%d NPS %.1f\n", r.N, r.Score)
	// Output:
	// n=7 NPS 14.3
}

func ExampleCompare() {
	q1 := nps.Counts{Promoters: 55, Passives: 25, Detractors: 20}
	q2 := nps.Counts{Promoters: 45, Passives: 30, Detractors: 25}
	// a = Q1 (the reference), b = Q2: Diff is NPS_Q2 − NPS_Q1.
	c, _ := nps.Compare(q1, q2, nil) // adjusted-Wald, 95 %, two-sided
	fmt.Printf("change %.1f points, z = %.2f, p = %.3f, 95%% CI [%.1f, %.1f]\n",
		c.Diff, c.Statistic, c.P, c.CI.Lower, c.CI.Upper)
	// Output:
	// change -14.6 points, z = -1.30, p = 0.192, 95% CI [-36.4, 7.3]
}

func ExampleCompareBenchmark() {
	c := nps.Counts{Promoters: 55, Passives: 25, Detractors: 20}
	t, _ := nps.CompareBenchmark(c, 20, &nps.Settings{Alternative: nps.Greater})
	fmt.Printf("NPS′ %.1f − benchmark 20 = %.1f, z = %.2f, p(above 20) = %.3f\n", t.Score, t.Diff, t.Statistic, t.P)
	// Output:
	// NPS′ 34.0 − benchmark 20 = 14.0, z = 1.79, p(above 20) = 0.037
}

func ExampleWeighted() {
	ratings := []float64{10, 9, 8, 7, 6, 3, 10, 9, 5, 8}
	weights := []float64{1.0, 2.0, 0.5, 1.0, 1.5, 1.0, 0.8, 1.2, 2.5, 0.5}
	w, _ := nps.Weighted(ratings, weights)
	fmt.Printf("NPS %.1f, effective n %.2f, design effect %.3f\n", w.Score, w.NEff, w.DesignEffect)
	fmt.Printf("SE %.2f (Kish), %.2f (linearised)\n", w.StdErr, w.StdErrLinearized)
	// Output:
	// NPS 0.0, effective n 7.96, design effect 1.256
	// SE 32.35 (Kish), 35.77 (linearised)
}

func ExampleBayes() {
	post, _ := nps.Bayes(nps.Counts{Promoters: 55, Passives: 25, Detractors: 20}, nps.UniformPrior)
	ci, _ := post.CredibleInterval(0) // 0 means 0.95
	fmt.Printf("posterior mean %.2f, sd %.2f\n", post.Mean(), post.SD())
	fmt.Printf("95%% credible interval [%.2f, %.2f], P(NPS > 0) = %.5f\n", ci.Lower, ci.Upper, post.ProbPositive())
	// Output:
	// posterior mean 33.98, sd 7.80
	// 95% credible interval [18.23, 48.74], P(NPS > 0) = 0.99998
}

func ExamplePosterior_Simulate() {
	post, _ := nps.Bayes(nps.Counts{Promoters: 3, Passives: 1, Detractors: 1}, nps.JeffreysPrior)
	mc, _ := post.Simulate(context.Background(), &nps.MonteCarloSettings{Src: rand.NewPCG(1, 2)})
	fmt.Printf("P(NPS > 0) ≈ %.2f (exact %.2f)\n", mc.ProbPositive, post.ProbPositive())
	// Output:
	// P(NPS > 0) ≈ 0.84 (exact 0.84)
}

func ExampleProbGreater() {
	control, _ := nps.Bayes(nps.Counts{Promoters: 45, Passives: 30, Detractors: 25}, nps.UniformPrior)
	variant, _ := nps.Bayes(nps.Counts{Promoters: 55, Passives: 25, Detractors: 20}, nps.UniformPrior)
	p, _ := nps.ProbGreater(context.Background(), control, variant, &nps.MonteCarloSettings{Src: rand.NewPCG(1, 2)})
	fmt.Printf("P(NPS_variant > NPS_control) ≈ %.2f\n", p)
	// Output:
	// P(NPS_variant > NPS_control) ≈ 0.90
}

func ExampleSampleSize() {
	worst, _ := nps.SampleSize(5, nil)
	fmt.Println("±5 points, 95%, worst case:", worst.Wald)
	exp, _ := nps.SampleSize(10, &nps.SampleSizeSettings{Level: 0.90, Promoters: 0.4, Detractors: 0.2})
	fmt.Println("±10 points, 90%, expecting 40% promoters and 20% detractors:", exp.Wald)
	// Output:
	// ±5 points, 95%, worst case: 1537
	// ±10 points, 90%, expecting 40% promoters and 20% detractors: 152
}

func ExampleRolling() {
	months := []nps.Counts{{2, 0, 1}, {1, 1, 0}, {3, 0, 1}, {0, 1, 0}, {1, 0, 1}}
	pts, _ := nps.Rolling(months, 3)
	for i, p := range pts {
		if p.Full {
			fmt.Printf("month %d: pooled %.1f, mean of months %.1f\n", i+1, p.Pooled.Score, p.MeanOfPeriods)
		}
	}
	// Output:
	// month 3: pooled 44.4, mean of months 44.4
	// month 4: pooled 42.9, mean of months 33.3
	// month 5: pooled 28.6, mean of months 16.7
}

func ExampleCountByGroup() {
	ratings := []uint8{10, 9, 3, 8, 10, 0, 7}
	segments := []int32{0, 0, 0, 1, 1, 1, 1}
	counts, _ := nps.CountByGroup(context.Background(), ratings, segments, 2, nil)
	for g, c := range counts {
		r, _ := nps.FromCounts(c)
		fmt.Printf("segment %d: NPS %.1f (n=%d)\n", g, r.Score, r.N)
	}
	// Output:
	// segment 0: NPS 33.3 (n=3)
	// segment 1: NPS 0.0 (n=4)
}

func ExampleCountBytes() {
	c, _ := nps.CountBytes([]uint8{10, 9, 9, 8, 6, 0, 10, 7, 5})
	fmt.Printf("%+v\n", c)
	// Output:
	// {Promoters:4 Passives:2 Detractors:3}
}

func ExampleClassify() {
	for _, r := range []int{10, 8, 6} {
		c, _ := nps.Classify(r)
		fmt.Println(r, c)
	}
	// Output:
	// 10 promoter
	// 8 passive
	// 6 detractor
}

func ExampleFromCounts() {
	r, _ := nps.FromCounts(nps.Counts{Promoters: 912, Passives: 604, Detractors: 484})
	fmt.Printf("NPS %.1f ± %.1f (SE %.2f, n=%d)\n", r.Score, 1.959963984540054*r.StdErr, r.StdErr, r.N)
	// Output:
	// NPS 21.4 ± 3.5 (SE 1.81, n=2000)
}

func ExampleResult_MarginOfError() {
	r, _ := nps.FromCounts(nps.Counts{Promoters: 50, Passives: 0, Detractors: 0})
	wald, _ := r.MarginOfError(0.95, nps.Wald)
	adj, _ := r.MarginOfError(0.95, nps.AdjustedWald)
	fmt.Printf("all promoters: Wald margin ±%.1f (collapsed), adjusted-Wald ±%.1f\n", wald, adj)
	// Output:
	// all promoters: Wald margin ±0.0 (collapsed), adjusted-Wald ±7.7
}

func ExampleWeightedResult_Interval() {
	w, _ := nps.Weighted([]float64{10, 9, 7, 3, 2, 9}, []float64{2, 2, 2, 2, 2, 2})
	kish, _ := w.Interval(0.95, nps.KishSE)
	lin, _ := w.Interval(0.95, nps.LinearizedSE)
	fmt.Printf("NPS %.1f, Kish [%.1f, %.1f], linearised [%.1f, %.1f] (defined %v)\n",
		w.Score, kish.CI.Lower, kish.CI.Upper, lin.CI.Lower, lin.CI.Upper, w.LinearizedDefined)
	// Output:
	// NPS 16.7, Kish [-55.1, 88.5], linearised [-62.0, 95.3] (defined true)
}

func ExamplePosterior_CDF() {
	post, _ := nps.Bayes(nps.Counts{Promoters: 35, Passives: 40, Detractors: 25}, nps.UniformPrior)
	fmt.Printf("P(NPS ≤ 0) = %.3f, P(NPS ≤ 10) = %.3f, median %.2f\n", post.CDF(0), post.CDF(10), post.Quantile(0.5))
	// Output:
	// P(NPS ≤ 0) = 0.100, P(NPS ≤ 10) = 0.513, median 9.75
}

func ExampleWeightedTally() {
	// Weighted responses arriving in two batches, merged.
	var monday, tuesday nps.WeightedTally
	_ = monday.Add(10, 1.5)
	_ = monday.Add(6, 0.5)
	_ = tuesday.Add(9, 1.0)
	_ = tuesday.Add(3, 2.0)
	if err := monday.Merge(tuesday); err != nil {
		fmt.Println(err)
		return
	}
	w, _ := monday.Result()
	fmt.Printf("weighted NPS %.1f, effective n %.2f of %d\n", w.Score, w.NEff, w.N)
	// Output:
	// weighted NPS 0.0, effective n 3.33 of 4
}

func Example_json() {
	// Results and accumulators are plain data: they encode with snake_case
	// keys, undefined numbers as null and enumerations by name, and a tally
	// decoded from JSON goes on counting where the original stopped.
	c, _ := nps.Compare(nps.Counts{Promoters: 10}, nps.Counts{Promoters: 20}, &nps.Settings{Method: nps.Wald})
	b, _ := json.Marshal(c)
	fmt.Println(string(b))

	var t nps.Tally
	_ = t.Add(10)
	_ = t.Add(3)
	b, _ = json.Marshal(t)
	fmt.Println(string(b))
	var back nps.Tally
	_ = json.Unmarshal(b, &back)
	_ = back.Add(9)
	r, _ := back.Result()
	fmt.Printf("n=%d NPS %.1f\n", r.N, r.Score)
	// Output:
	// {"diff":0,"std_err":0,"statistic":null,"p":null,"alternative":"two-sided","level":0.95,"ci":{"lower":0,"upper":0,"level":0.95},"defined":false,"method":"wald","na":10,"nb":20}
	// {"ratings":[0,0,0,1,0,0,0,0,0,0,1]}
	// n=3 NPS 33.3
}
