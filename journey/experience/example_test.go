package experience_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cxkit/cxkit/journey/experience"
)

// Which touchpoint ratings explain the overall rating.
func ExampleKeyDrivers() {
	x := [][]float64{{8, 7, 9}, {6, 5, 7}, {9, 9, 8}, {4, 6, 5}, {7, 8, 6}, {10, 9, 9},
		{5, 4, 6}, {8, 6, 8}, {3, 5, 4}, {9, 7, 10}, {6, 7, 5}, {7, 5, 7}}
	overall := []float64{8, 5, 10, 4, 7, 10, 4, 8, 2, 9, 6, 6}
	r, err := experience.KeyDrivers(context.Background(), []string{"support", "billing", "product"}, x, overall, nil)
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
