package journey_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/cxkit/cxkit/journey"
)

// Read an event log and group it into one journey per customer; a
// purchase marks a journey converted.
func ExampleLog_Journeys() {
	const events = `customer_id,timestamp,event,channel
c1,2024-03-01T09:00:00Z,visit,web
c2,2024-03-01T11:00:00Z,visit,email
c1,2024-03-01T09:05:00Z,view_product,web
c1,2024-03-02T10:00:00Z,purchase,mobile_app
c2,2024-03-01T11:02:00Z,view_product,web
`
	l, err := journey.ReadLog(strings.NewReader(events))
	if err != nil {
		log.Fatal(err)
	}
	js, err := l.Journeys("purchase")
	if err != nil {
		log.Fatal(err)
	}
	for _, j := range js {
		fmt.Println(j.Customer, len(j.Events), "events", j.Outcome, j.Channels())
	}
	// Output:
	// c1 3 events converted [web web mobile_app]
	// c2 2 events open [email web]
}
