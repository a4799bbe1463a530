package segment_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/segment"
)

// Segment customers on two features of very different scales: scale them,
// cluster, align the cluster numbers with a previous run, and profile.
func Example_segmentCustomers() {
	// Visits per month and spend per month of nine customers.
	rows := [][]float64{
		{2, 20}, {3, 25}, {2, 22}, // occasional, low spend
		{12, 60}, {10, 55}, {11, 58}, // frequent, medium spend
		{4, 400}, {5, 380}, {3, 420}, // rare, high spend
	}
	x, err := segment.NewMatrix(rows)
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, _ := segment.FitScaler(x, nil) // z-scores
	z, _ := sc.Transform(x)
	res, err := segment.KMeans{K: 3, Src: rand.NewPCG(1, 2)}.Fit(context.Background(), z)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Number the clusters like last month's centres (scaled units).
	last, _ := segment.NewMatrix([][]float64{{-0.8, -0.8}, {1.5, -0.5}, {-0.5, 1.4}})
	res, _ = segment.Align(context.Background(), last, res)
	centres, _ := sc.Inverse(res.Centers)
	revenue := make([]float64, x.Rows)
	for i := range revenue {
		revenue[i] = x.At(i, 1)
	}
	profiles, _ := segment.Profiles(x, res.Labels, revenue, []string{"visits", "spend"})
	for _, p := range profiles {
		top := p.Distinctive[0]
		fmt.Printf("segment %d: %d customers, revenue share %.2f, centre %.0f visits %.0f spend, most distinctive %s (SMD %+.1f)\n",
			p.Segment, p.Size, p.RevenueShare, centres.At(p.Segment, 0), centres.At(p.Segment, 1), top.Name, top.SMD)
	}
	// Output:
	// segment 0: 3 customers, revenue share 0.05, centre 2 visits 22 spend, most distinctive visits (SMD -1.5)
	// segment 1: 3 customers, revenue share 0.12, centre 11 visits 58 spend, most distinctive visits (SMD +7.0)
	// segment 2: 3 customers, revenue share 0.83, centre 4 visits 400 spend, most distinctive spend (SMD +18.3)
}

// Score a purchase log by recency, frequency and monetary value and name
// the segments.
func Example_rfmSegments() {
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC) }
	log := []journey.Purchase{
		{Customer: "1", Time: day(1, 5), Amount: 30}, {Customer: "1", Time: day(3, 2), Amount: 45},
		{Customer: "1", Time: day(6, 20), Amount: 60}, {Customer: "1", Time: day(6, 28), Amount: 20},
		{Customer: "2", Time: day(1, 10), Amount: 15},
		{Customer: "3", Time: day(2, 1), Amount: 80}, {Customer: "3", Time: day(2, 9), Amount: 70},
		{Customer: "3", Time: day(2, 20), Amount: 90},
		{Customer: "4", Time: day(6, 25), Amount: 25}, {Customer: "4", Time: day(6, 29), Amount: 35},
		{Customer: "5", Time: day(4, 15), Amount: 10},
	}
	rows, err := segment.BuildRFM(context.Background(), log, day(7, 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("customer %s: R=%d days F=%d M=%.0f  scores %d  %s\n", r.Customer, r.Recency, r.Frequency, r.Monetary, r.Cell(), r.Segment)
	}
	// Output:
	// customer 1: R=3 days F=4 M=155  scores 454  Loyal Customers
	// customer 2: R=173 days F=1 M=15  scores 112  Hibernating
	// customer 3: R=132 days F=3 M=240  scores 245  At Risk
	// customer 4: R=2 days F=2 M=60  scores 533  Potential Loyalists
	// customer 5: R=77 days F=1 M=10  scores 321  About to Sleep
}

// Fit k-means from given starting centres and predict new points.
func ExampleKMeans_Fit() {
	x, _ := segment.NewMatrix([][]float64{{1}, {2}, {3}, {10}, {11}, {12}})
	start, _ := segment.NewMatrix([][]float64{{0}, {5}})
	res, _ := segment.KMeans{K: 2, Init: segment.InitGiven, Centers: start}.Fit(context.Background(), x)
	fmt.Println("centres:", res.Centers.Data, "inertia:", res.Inertia, "iterations:", res.Iterations, "converged:", res.Converged)
	newPoints, _ := segment.NewMatrix([][]float64{{4}, {8}})
	labels, _ := res.Predict(context.Background(), newPoints)
	fmt.Println("predicted:", labels)
	// Output:
	// centres: [2 11] inertia: 4 iterations: 3 converged: true
	// predicted: [0 1]
}

// Mini-batch k-means for data too large for full restarts: each step
// reads BatchSize random rows; the labels and inertia cover every row.
func ExampleMiniBatchKMeans_Fit() {
	rows := make([][]float64, 0, 30000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 30000 {
		c := float64(i%3) * 10 // three groups of customers, around 0, 10 and 20
		rows = append(rows, []float64{c + rng.NormFloat64(), c + rng.NormFloat64()})
	}
	x, _ := segment.NewMatrix(rows)
	res, err := segment.MiniBatchKMeans{K: 3, BatchSize: 512, Src: rand.NewPCG(3, 4)}.Fit(context.Background(), x)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sizes:", res.Sizes)
	fmt.Printf("inertia per customer: %.2f\n", res.Inertia/float64(x.Rows))
	// Output:
	// sizes: [10000 10000 10000]
	// inertia per customer: 2.02
}

// Quality indices of a clustering.
func ExampleSilhouette() {
	x, _ := segment.NewMatrix([][]float64{{0}, {1}, {2}, {10}, {11}, {13}})
	labels := []int{0, 0, 0, 1, 1, 1}
	s, _ := segment.Silhouette(context.Background(), x, labels, nil)
	ch, _ := segment.CalinskiHarabasz(x, labels)
	db, _ := segment.DaviesBouldin(context.Background(), x, labels)
	fmt.Printf("silhouette %.4f, Calinski-Harabasz %.1f, Davies-Bouldin %.4f\n", s.Mean, ch, db)
	// Output:
	// silhouette 0.8383, Calinski-Harabasz 96.1, Davies-Bouldin 0.1720
}

// Choose k on the elbow curve.
func ExampleCurve_Knee() {
	rng := rand.New(rand.NewPCG(1, 1))
	var rows [][]float64
	for _, c := range [][2]float64{{0, 0}, {10, 0}, {0, 10}, {10, 10}} {
		for i := 0; i < 50; i++ {
			rows = append(rows, []float64{c[0] + rng.NormFloat64(), c[1] + rng.NormFloat64()})
		}
	}
	x, _ := segment.NewMatrix(rows)
	curve, _ := segment.ElbowCurve(context.Background(), x, 1, 8, segment.KMeans{Src: rand.NewPCG(2, 2)})
	best, _, _ := curve.BestSilhouette(context.Background(), x, nil)
	knee, _ := curve.Knee()
	fmt.Println("knee:", knee, "best silhouette:", best)
	// Output:
	// knee: 4 best silhouette: 4
}

// Keep segment numbers stable when the model is refitted.
func ExampleMatchCenters() {
	lastMonth, _ := segment.NewMatrix([][]float64{{1, 1}, {10, 10}, {1, 10}})
	thisMonth, _ := segment.NewMatrix([][]float64{{9.5, 10.2}, {1.2, 9.1}, {0.8, 1.3}})
	match, _ := segment.MatchCenters(context.Background(), lastMonth, thisMonth)
	fmt.Println("new centre j continues old segment:", match)
	// Output:
	// new centre j continues old segment: [1 2 0]
}

// Count customers moving between segments.
func ExampleMigrate() {
	january := map[string]int{"ann": 0, "bob": 0, "cy": 1, "dee": 1}
	july := map[string]int{"ann": 0, "bob": 1, "cy": 1, "eve": 0}
	m, _ := segment.Migrate(january, july)
	fmt.Println("counts:", m.Counts, "lost:", m.Lost, "new:", m.New)
	fmt.Printf("segment 0 kept %.0f%%\n", 100*m.Rate(0, 0))
	// Output:
	// counts: [[1 1] [0 1]] lost: [0 1] new: [1 0]
	// segment 0 kept 50%
}

// Standardise features and map centres back to original units.
func ExampleFitScaler() {
	x, _ := segment.NewMatrix([][]float64{{1, 100}, {2, 200}, {3, 600}})
	sc, _ := segment.FitScaler(x, nil) // z-scores
	z, _ := sc.Transform(x)
	fmt.Printf("means %v, population std %.4f %.4f\n", sc.Offset, sc.Scale[0], sc.Scale[1])
	fmt.Printf("first row scaled: %.4f %.4f\n", z.At(0, 0), z.At(0, 1))
	back, _ := sc.Inverse(z)
	fmt.Println("back:", back.Row(2))
	// Output:
	// means [2 300], population std 0.8165 216.0247
	// first row scaled: -1.2247 -0.9258
	// back: [3 600]
}

// Score RFM values computed elsewhere (e.g. in a data warehouse).
// Summarise scored customers per named segment: size, revenue share and
// the means a CX team compares.
func ExampleSummarizeRFM() {
	rows := []segment.RFM{ // already scored, e.g. by BuildRFM
		{Customer: "a", Recency: 4, Frequency: 12, Monetary: 610, Segment: segment.Champions},
		{Customer: "b", Recency: 9, Frequency: 8, Monetary: 390, Segment: segment.Champions},
		{Customer: "c", Recency: 180, Frequency: 6, Monetary: 420, Segment: segment.CantLoseThem},
		{Customer: "d", Recency: 400, Frequency: 1, Monetary: 30, Segment: segment.Hibernating},
	}
	sums, err := segment.SummarizeRFM(rows)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sums {
		if s.N > 0 {
			fmt.Printf("%-16s %d customer(s), %3.0f%% of revenue, mean recency %3.0f days\n", s.Segment, s.N, 100*s.RevenueShare, s.MeanRecency)
		}
	}
	// Output:
	// Champions        2 customer(s),  69% of revenue, mean recency   6 days
	// Can't Lose Them  1 customer(s),  29% of revenue, mean recency 180 days
	// Hibernating      1 customer(s),   2% of revenue, mean recency 400 days
}

func ExampleScoreRFM() {
	rows := []segment.RFM{
		{Customer: "a", Recency: 5, Frequency: 9, Monetary: 400},
		{Customer: "b", Recency: 300, Frequency: 1, Monetary: 20},
		{Customer: "c", Recency: 40, Frequency: 3, Monetary: 90},
		{Customer: "d", Recency: 200, Frequency: 4, Monetary: 150},
		{Customer: "e", Recency: 15, Frequency: 1, Monetary: 35},
	}
	if err := segment.ScoreRFM(rows); err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Println(r.Customer, r.Cell(), r.Segment)
	}
	// Output:
	// a 555 Champions
	// b 111 Hibernating
	// c 333 Need Attention
	// d 244 At Risk
	// e 422 Potential Loyalists
}
