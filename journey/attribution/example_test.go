package attribution_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
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
	r, err := attribution.Markov(context.Background(), pt, nil) // order 1
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
	for _, m := range []attribution.Rule{attribution.FirstTouch, attribution.Linear, attribution.PositionBased} {
		a, err := attribution.Heuristic(context.Background(), pt, m, nil)
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

// Transition counts from two shards, merged, give the attribution of the
// whole (the map-reduce form of Markov).
func ExampleTransitions() {
	var east, west attribution.Transitions // order 1
	_ = east.Add(attribution.Path{Channels: []string{"C1", "C2", "C3"}, Conversions: 1, Value: 100})
	_ = west.Add(attribution.Path{Channels: []string{"C1"}, Nulls: 1})
	_ = west.Add(attribution.Path{Channels: []string{"C2", "C3"}, Nulls: 1})
	if err := east.Merge(west); err != nil {
		log.Fatal(err)
	}
	r, err := east.Markov(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for i, ch := range r.Attribution.Channels {
		fmt.Printf("%s: removal effect %.2f, conversions %.2f\n", ch, r.RemovalEffects[i], r.Attribution.Conversions[i])
	}
	// Output:
	// C1: removal effect 0.50, conversions 0.20
	// C2: removal effect 1.00, conversions 0.40
	// C3: removal effect 1.00, conversions 0.40
}
