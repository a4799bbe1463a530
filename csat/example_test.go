package csat_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/cxkit/cxkit/csat"
)

func ExampleScore() {
	ratings := []float64{5, 4, 4, 3, 5, 2, 4, 5, 1, 4}
	r, _ := csat.Score(ratings, csat.Scale5)
	ci, _ := r.Interval(0.95, csat.Wilson)
	fmt.Printf("CSAT %.0f%% (%d of %d rated 4 or 5), 95%% CI [%.1f, %.1f]\n", r.CSAT, r.Satisfied, r.N, ci.Lower, ci.Upper)
	fmt.Printf("mean rating %.2f\n", r.Mean)
	// Output:
	// CSAT 70% (7 of 10 rated 4 or 5), 95% CI [39.7, 89.2]
	// mean rating 3.70
}

func ExampleResult_Interval() {
	r, _ := csat.FromCounts([]int{5, 7, 13, 40, 35}, csat.Scale5)
	for _, m := range []csat.Method{csat.Wilson, csat.ClopperPearson, csat.AgrestiCoull} {
		ci, _ := r.Interval(0.95, m)
		fmt.Printf("%-15s [%.2f, %.2f]\n", m, ci.Lower, ci.Upper)
	}
	// Output:
	// wilson          [65.70, 82.45]
	// clopper-pearson [65.34, 83.12]
	// agresti-coull   [65.65, 82.50]
}

func ExampleResult_MeanInterval() {
	r, _ := csat.FromCounts([]int{5, 7, 13, 40, 35}, csat.Scale5)
	iv, ok, _ := r.MeanInterval(0.95)
	fmt.Printf("mean %.2f, 95%% t interval [%.2f, %.2f] (defined: %v)\n", r.Mean, iv.Lower, iv.Upper, ok)
	one, _ := csat.Score([]float64{5}, csat.Scale5)
	_, ok, _ = one.MeanInterval(0.95)
	fmt.Println("one response, defined:", ok)
	// Output:
	// mean 3.93, 95% t interval [3.71, 4.15] (defined: true)
	// one response, defined: false
}

func ExampleTally() {
	t := csat.Tally{Scale: csat.Scale7}
	for _, r := range []int{7, 6, 5, 7, 2} {
		_ = t.Add(r)
	}
	r, _ := t.Result()
	fmt.Printf("CSAT %.0f%% on 1-7 (top-2-box)\n", r.CSAT)
	// Output:
	// CSAT 60% on 1-7 (top-2-box)
}

func ExampleCompareShares() {
	// Control: 60 of 90 satisfied; treatment: 75 of 100. Diff is b − a.
	c, _ := csat.CompareShares(60, 90, 75, 100, nil)
	fmt.Printf("difference %+.1f points, z = %.2f, p = %.3f\n", c.Diff, c.Statistic, c.P)
	// Output:
	// difference +8.3 points, z = 1.26, p = 0.206
}

func ExampleCompare() {
	before, _ := csat.FromCounts([]int{10, 10, 20, 30, 30}, csat.Scale5) // control
	after, _ := csat.FromCounts([]int{5, 7, 13, 40, 35}, csat.Scale5)    // treatment
	c, _ := csat.Compare(before, after, nil)                             // after − before
	fmt.Printf("CSAT %+.1f points (p = %.3f); mean %+.2f (Welch p = %.3f)\n", c.Share.Diff, c.Share.P, c.Mean.Diff, c.Mean.P)
	// Output:
	// CSAT +15.0 points (p = 0.024); mean +0.33 (Welch p = 0.053)
}

func ExampleSampleSize() {
	s, _ := csat.SampleSize(3, &csat.SampleSizeSettings{Share: 0.8, Population: 2000})
	fmt.Printf("±3 points at 95%%, expecting 80%%: %d responses, %d from a population of 2,000\n", s.N, s.NFPC)
	// Output:
	// ±3 points at 95%, expecting 80%: 683 responses, 510 from a population of 2,000
}

func ExampleCountByGroup() {
	ratings := []uint8{5, 4, 1, 3, 5, 2}
	stores := []int32{0, 0, 1, 1, 1, 1}
	tallies, _ := csat.CountByGroup(context.Background(), ratings, stores, 2, csat.Scale5, nil)
	for g, t := range tallies {
		r, _ := t.Result()
		fmt.Printf("store %d: CSAT %.0f%%\n", g, r.CSAT)
	}
	// Output:
	// store 0: CSAT 100%
	// store 1: CSAT 25%
}

func ExampleFromCounts() {
	// Zendesk-style binary ratings: 37 good, 8 bad.
	r, _ := csat.FromCounts([]int{8, 37}, csat.Binary)
	fmt.Printf("CSAT %.1f%% (n=%d)\n", r.CSAT, r.N)
	// Output:
	// CSAT 82.2% (n=45)
}

func ExampleScale() {
	// 1–10 scale counting 8–10 as satisfied instead of the preset's 9–10.
	wide := csat.Scale{Min: 1, Max: 10, TopBoxMin: 8}
	ratings := []float64{10, 9, 8, 8, 7, 6, 10, 3}
	a, _ := csat.Score(ratings, csat.Scale10)
	b, _ := csat.Score(ratings, wide)
	fmt.Printf("top-2-box %.1f%%, top-3-box %.1f%%\n", a.CSAT, b.CSAT)
	// Output:
	// top-2-box 37.5%, top-3-box 62.5%
}

func ExampleTally_Merge() {
	// Two shards counted apart, then merged: the same as one pass.
	var east, west csat.Tally
	_ = east.AddAll(slices.Values([]int{5, 4, 2}))
	_ = west.AddAll(slices.Values([]int{5, 5, 3, 1}))
	if err := east.Merge(west); err != nil {
		fmt.Println(err)
	}
	r, _ := east.Result()
	fmt.Printf("CSAT %.1f%% of %d\n", r.CSAT, r.N)

	// A tally on another scale does not merge.
	seven := csat.Tally{Scale: csat.Scale7}
	_ = seven.Add(7)
	err := east.Merge(seven)
	fmt.Println(errors.Is(err, csat.ErrScale))
	// Output:
	// CSAT 57.1% of 7
	// true
}

func ExampleTally_MarshalJSON() {
	// A tally is plain data: send it to another service and merge it there.
	t := csat.Tally{Scale: csat.Binary}
	_ = t.AddAll(slices.Values([]int{1, 1, 0}))
	b, _ := json.Marshal(t)
	fmt.Println(string(b))
	var back csat.Tally
	_ = json.Unmarshal(b, &back)
	fmt.Println(back == t)
	// Output:
	// {"scale":{"min":0,"max":1,"top_box_min":1},"ratings":[1,2,0,0,0,0,0,0,0,0,0]}
	// true
}
