package simulate_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/simulate"
)

// Simulated data through the default journey map, ready for every analysis.
func ExampleSimulator() {
	d, err := simulate.Sample().Run(context.Background())
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
