package journey_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/cxkit/cxkit/journey"
)

// Exact Markov-chain attribution of the three-journey textbook example.
func ExampleMarkov() {
	const paths = `path,total_conversions,total_conversion_value,total_null
C1 > C2 > C3,1,100,0
C1,0,0,1
C2 > C3,0,0,1
`
	pt, err := journey.ReadPaths(strings.NewReader(paths), ">")
	if err != nil {
		log.Fatal(err)
	}
	r, err := journey.Markov(context.Background(), pt, nil) // order 1
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(conversion) = %.4f\n", r.PConversion)
	for i, ch := range r.Attribution.Channels {
		fmt.Printf("%s: removal effect %.2f, conversions %.2f, value %.2f\n",
			ch, r.RemovalEffects[i], r.Attribution.Conversions[i], r.Attribution.Value[i])
	}
	// Output:
	// P(conversion) = 0.3333
	// C1: removal effect 0.50, conversions 0.20, value 20.00
	// C2: removal effect 1.00, conversions 0.40, value 40.00
	// C3: removal effect 1.00, conversions 0.40, value 40.00
}

// Rule-based attribution of the same paths.
func ExampleHeuristic() {
	pt := &journey.PathTable{}
	_ = pt.Add([]string{"search", "email", "display", "email"}, 2, 120, 0, nil)
	_ = pt.Add([]string{"display"}, 1, 40, 3, nil)
	for _, m := range []journey.HeuristicModel{journey.FirstTouch, journey.Linear, journey.PositionBased} {
		a, err := journey.Heuristic(context.Background(), pt, m, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-14s", m)
		for i, ch := range a.Channels {
			fmt.Printf(" %s=%.2f", ch, a.Conversions[i])
		}
		fmt.Println()
	}
	// Output:
	// first-touch    search=2.00 email=0.00 display=1.00
	// linear         search=0.50 email=1.00 display=1.50
	// position-based search=0.80 email=1.00 display=1.20
}

// Which touchpoint ratings explain the overall rating.
func ExampleKeyDrivers() {
	x := [][]float64{{8, 7, 9}, {6, 5, 7}, {9, 9, 8}, {4, 6, 5}, {7, 8, 6}, {10, 9, 9},
		{5, 4, 6}, {8, 6, 8}, {3, 5, 4}, {9, 7, 10}, {6, 7, 5}, {7, 5, 7}}
	overall := []float64{8, 5, 10, 4, 7, 10, 4, 8, 2, 9, 6, 6}
	r, err := journey.KeyDrivers(context.Background(), []string{"support", "billing", "product"}, x, overall, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("R² = %.3f\n", r.RSquared)
	for i, d := range r.Drivers {
		fmt.Printf("%-8s r=%.3f beta=%.3f share=%.1f%%\n", d, r.PearsonR[i], r.Beta[i], r.SharePct[i])
	}
	// Output:
	// R² = 0.985
	// support  r=0.980 beta=0.745 share=43.8%
	// billing  r=0.805 beta=0.244 share=26.7%
	// product  r=0.848 beta=0.068 share=29.4%
}

// Simulated data through the default journey map, ready for every analysis.
func ExampleSimulator() {
	d, err := journey.Sample().Run(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("customers:", len(d.Journeys))
	fmt.Println("moments of truth:", d.Map.MomentsOfTruth)
	sw, err := journey.ChannelSwitching(context.Background(), journey.NewLog(d.Events))
	if err != nil {
		panic(err)
	}
	fmt.Printf("customers on more than one channel: %.0f%%\n", 100*sw.ShareMultichannel)
	// Output:
	// customers: 500
	// moments of truth: [checkout delivery support_contact]
	// customers on more than one channel: 100%
}
