package ces_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/cxkit/cxkit/ces"
)

func ExampleScore() {
	// CES 2.0: "The company made it easy for me to handle my issue", 1–7.
	ratings := []float64{7, 6, 6, 5, 4, 2, 7, 5, 3, 6}
	r, _ := ces.Score(ratings, ces.V2)
	ci, _ := r.Interval(0.95, ces.Wilson)
	fmt.Printf("%v (%v): %.0f%% agree, 95%% CI [%.1f, %.1f]\n", r.Version, r.Direction, r.PctEasy, ci.Lower, ci.Upper)
	fmt.Printf("net ease %.0f, mean %.1f of 7\n", r.NetEase, r.Mean)
	// Output:
	// ces-2.0 (higher-is-easier): 70% agree, 95% CI [39.7, 89.2]
	// net ease 50, mean 5.1 of 7
}

func ExampleScore_v1() {
	// CES 1.0: effort from 1 (very low) to 5 (very high); lower is better.
	r, _ := ces.Score([]float64{1, 2, 2, 3, 5, 1, 2, 4}, ces.V1)
	iv, ok, _ := r.MeanInterval(0.95)
	fmt.Printf("%v: mean effort %.2f (%v), 95%% CI [%.2f, %.2f] %v\n", r.Version, r.Mean, r.Direction, iv.Lower, iv.Upper, ok)
	fmt.Printf("low effort %.1f%%, high effort %.1f%%\n", r.PctEasy, r.PctHard)
	// Output:
	// ces-1.0: mean effort 2.50 (lower-is-easier), 95% CI [1.32, 3.68] true
	// low effort 62.5%, high effort 25.0%
}

func ExampleTally() {
	var t ces.Tally // the zero value is a CES 2.0 tally
	for _, r := range []int{7, 5, 4, 1} {
		_ = t.Add(r)
	}
	r, _ := t.Result()
	fmt.Printf("%.0f%% agree, %.0f%% disagree\n", r.PctEasy, r.PctHard)
	// Output:
	// 50% agree, 25% disagree
}

func ExampleCompare() {
	chat, _ := ces.FromCounts([]int{3, 4, 6, 9, 14, 24, 20}, ces.V2)
	phone, _ := ces.FromCounts([]int{8, 9, 10, 12, 10, 8, 5}, ces.V2)
	c, _ := ces.Compare(phone, chat, nil) // control, treatment: differences are chat − phone
	fmt.Printf("%% agree: chat %.1f vs phone %.1f, difference %+.1f points (z = %.2f, p = %.1e)\n", chat.PctEasy, phone.PctEasy, c.Share.Diff, c.Share.Statistic, c.Share.P)
	fmt.Printf("mean: %+.2f (Welch t = %.2f, p = %.1e), %v\n", c.Mean.Diff, c.Mean.Statistic, c.Mean.P, c.Direction)
	// Output:
	// % agree: chat 72.5 vs phone 37.1, difference +35.4 points (z = 4.23, p = 2.4e-05)
	// mean: +1.41 (Welch t = 4.77, p = 5.0e-06), higher-is-easier
}

func ExampleFromCounts() {
	// Counts of ratings 1…7 for CES 2.0.
	r, _ := ces.FromCounts([]int{3, 4, 6, 9, 14, 24, 20}, ces.V2)
	fmt.Printf("n=%d: %.1f%% agree, %.1f%% neutral, %.1f%% disagree, net ease %+.1f\n",
		r.N, r.PctEasy, r.PctNeutral, r.PctHard, r.NetEase)
	// Output:
	// n=80: 72.5% agree, 11.2% neutral, 16.2% disagree, net ease +56.2
}

func ExampleVersion() {
	for _, v := range []ces.Version{ces.V2, ces.V1} {
		lo, hi := v.Scale()
		fmt.Printf("%v: %d–%d, %v\n", v, lo, hi, v.Direction())
	}
	// Output:
	// ces-2.0: 1–7, higher-is-easier
	// ces-1.0: 1–5, lower-is-easier
}

func ExampleCountByGroup() {
	// CES 2.0 answers stored one per byte, with the support channel of each.
	ratings := []uint8{7, 6, 5, 2, 6, 3, 1, 4}
	channels := []int32{0, 0, 0, 0, 1, 1, 1, 1}
	names := []string{"chat", "phone"}
	tallies, _ := ces.CountByGroup(context.Background(), ratings, channels, 2, ces.V2, nil)
	for g, t := range tallies {
		r, _ := t.Result()
		fmt.Printf("%s: %.0f%% found it easy, net ease %+.0f\n", names[g], r.PctEasy, r.NetEase)
	}
	// Output:
	// chat: 75% found it easy, net ease +50
	// phone: 25% found it easy, net ease -25
}

func ExampleTally_Merge() {
	// Per-agent tallies merged into a team tally, as in a map-reduce.
	var team ces.Tally
	for _, agent := range [][]int{{7, 6, 2}, {5, 4}, {7}} {
		var t ces.Tally
		_ = t.AddAll(slices.Values(agent))
		if err := team.Merge(t); err != nil {
			fmt.Println(err)
		}
	}
	r, _ := team.Result()
	fmt.Printf("n=%d, %.1f%% agree\n", r.N, r.PctEasy)
	// Output:
	// n=6, 66.7% agree
}
