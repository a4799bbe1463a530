package funnel_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/funnel"
)

// A four-step ordered funnel with a three-day window on a small event log.
func ExampleFunnel() {
	const events = `customer_id,timestamp,event,channel
c1,2024-03-01T09:00:00Z,visit,web
c1,2024-03-01T09:05:00Z,view_product,web
c1,2024-03-01T09:20:00Z,add_to_cart,web
c1,2024-03-02T10:00:00Z,purchase,mobile_app
c2,2024-03-01T11:00:00Z,visit,email
c2,2024-03-01T11:02:00Z,view_product,web
c3,2024-03-03T08:00:00Z,visit,web
c3,2024-03-03T08:30:00Z,view_product,web
c3,2024-03-03T08:40:00Z,add_to_cart,web
c3,2024-03-09T08:00:00Z,purchase,web
c4,2024-03-04T12:00:00Z,view_product,web
`
	l, err := journey.ReadLog(strings.NewReader(events))
	if err != nil {
		log.Fatal(err)
	}
	f := funnel.Funnel{
		Steps:  []string{"visit", "view_product", "add_to_cart", "purchase"},
		Window: 72 * time.Hour,
	}
	r, err := f.Run(context.Background(), l)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range r.Steps {
		fmt.Printf("%-12s %d  %3.0f%% of first  drop-off %d", s.Name, s.Count, 100*s.ConversionFromFirst, s.DropOff)
		if s.TimeDefined {
			fmt.Printf("  median %v", time.Duration(s.MedianSeconds)*time.Second)
		}
		fmt.Println()
	}
	fmt.Println("median time to convert:", time.Duration(r.MedianSecondsToConvert)*time.Second)
	// Output:
	// visit        3  100% of first  drop-off 0
	// view_product 3  100% of first  drop-off 0  median 5m0s
	// add_to_cart  2   67% of first  drop-off 1  median 12m30s
	// purchase     1   33% of first  drop-off 1  median 24h40m0s
	// median time to convert: 25h0m0s
}
