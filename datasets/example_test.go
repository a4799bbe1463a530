package datasets_test

import (
	"fmt"

	"github.com/cxkit/cxkit/datasets"
)

// The CDNOW sample needs no file path: it is embedded in the binary.
func ExampleCDNOWSample() {
	log, err := datasets.CDNOWSample()
	if err != nil {
		fmt.Println(err)
		return
	}
	customers := map[string]bool{}
	for _, p := range log {
		customers[p.Customer] = true
	}
	first := log[0]
	fmt.Printf("%d purchases, %d customers\n", len(log), len(customers))
	fmt.Printf("first: customer %s on %s, $%.2f\n", first.Customer, first.Time.Format("2006-01-02"), first.Amount)
	// Output:
	// 6919 purchases, 2357 customers
	// first: customer 4 on 1997-01-01, $29.33
}
