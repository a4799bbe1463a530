package clv_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/journey"
)

// loadCDNOW reads the published CDNOW calibration summary (weeks).
func loadCDNOW() []clv.Customer { return readCustomers("cdnow_customers_summary.csv") }

// cdnowSpend reads the CDNOW calibration summary with mean repeat spend
// (columns ID, x, t_x, T, zbar; weeks and US dollars).
func cdnowSpend() []clv.Customer {
	return readCustomers("cdnow_customers_summary_with_transactions.csv")
}

// readCustomers reads a summary file of testdata: a header, then per
// customer its ID, x, t_x, T and, in a fifth column, the mean repeat spend.
func readCustomers(name string) []clv.Customer {
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	var out []clv.Customer
	for _, r := range recs[1:] {
		var v [4]float64
		for i, field := range r[1:] {
			if v[i], err = strconv.ParseFloat(field, 64); err != nil {
				log.Fatal(err)
			}
		}
		out = append(out, clv.Customer{ID: r[0], Frequency: v[0], Recency: v[1], T: v[2], Monetary: v[3]})
	}
	return out
}

// Example_cdnow fits the BG/NBD model to the CDNOW calibration data of
// Fader, Hardie & Lee (2005) and uses it for predictions. Time is in weeks.
func Example_cdnow() {
	data := loadCDNOW()
	m, res, err := clv.FitBGNBD(context.Background(), data, nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("r = %.3f, alpha = %.3f, a = %.3f, b = %.3f\n", m.R, m.Alpha, m.A, m.B)
	fmt.Printf("log-likelihood %.1f, standard error of r %.4f\n", res.LogLik, res.StdErr[0])

	// Customer 1 bought on 2 more days, the last at week 30.43 of 38.86.
	c := data[0]
	fmt.Printf("customer %s: P(alive) = %.3f, expected purchases in the next 39 weeks = %.3f\n",
		c.ID, m.ProbAlive(c), m.ConditionalExpectedPurchases(c, 39))
	fmt.Printf("new customer: expected repeat purchases in 52 weeks = %.3f\n", m.ExpectedPurchases(52))

	// Value of the next three years at $35 per purchase, discounted at
	// 10 % a year (Period 52 weeks).
	v, err := clv.DiscountedPurchases(context.Background(), m, c, clv.Discounting{Period: 52, Rate: 0.10}, clv.Window{From: 0, To: 156})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("customer %s: 3-year discounted value $%.2f\n", c.ID, 35*v[0])
	// Output:
	// r = 0.243, alpha = 4.414, a = 0.793, b = 2.426
	// log-likelihood -9582.4, standard error of r 0.0126
	// customer 1: P(alive) = 0.727, expected purchases in the next 39 weeks = 1.226
	// new customer: expected repeat purchases in 52 weeks = 1.444
	// customer 1: 3-year discounted value $104.93
}

// ExampleSummarize turns a purchase log into per-customer summaries with
// day periods and times in weeks.
func ExampleSummarize() {
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 10, 0, 0, 0, time.UTC) }
	purchases := []journey.Purchase{
		{Customer: "ann", Time: day(1, 1), Amount: 20},
		{Customer: "ann", Time: day(1, 15), Amount: 30},
		{Customer: "ann", Time: day(1, 15), Amount: 10}, // same day: merged
		{Customer: "bob", Time: day(2, 1), Amount: 50},
	}
	o := &clv.SummarySettings{Period: clv.Day, Unit: clv.Week, End: day(3, 31)}
	cs, err := clv.Summarize(purchases, o)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range cs {
		fmt.Printf("%s: x=%g t_x=%.2f T=%.2f monetary=%.2f\n", c.ID, c.Frequency, c.Recency, c.T, c.Monetary)
	}
	// Output:
	// ann: x=1 t_x=2.00 T=12.86 monetary=40.00
	// bob: x=0 t_x=0.00 T=8.43 monetary=0.00
}

// ExampleRetentionValue computes the retention-based CLV of Gupta &
// Lehmann (2003): margin $100 a year, 80 % retention, 12 % discount rate.
func ExampleRetentionValue() {
	v, _ := clv.RetentionValue(100, 0.8, 0.12)
	v5, _ := clv.RetentionValueN(100, 0.8, 0.12, 5)
	fmt.Printf("infinite horizon $%.2f, five years $%.2f\n", v, v5)
	// Output:
	// infinite horizon $250.00, five years $203.52
}

// ExampleRepeatCounts compares the expected and observed numbers of CDNOW
// customers by number of repeat purchases in weeks 1-39 (FHL 2005, Fig. 2).
func ExampleRepeatCounts() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	rows, err := clv.RepeatCounts(context.Background(), m, loadCDNOW(), 3)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Printf("%d: observed %4.0f, expected %6.1f\n", r.Repeat, r.Observed, r.Expected)
	}
	// Output:
	// 0: observed 1411, expected 1406.5
	// 1: observed  439, expected  460.8
	// 2: observed  214, expected  192.7
	// 3: observed  293, expected  297.0
}

// ExampleCLV values two CDNOW customers over year 1 and years 2-3 (time in
// weeks), with an expected $35 per purchase and 10 % discounting per
// 52-week period. Units are explicit: no weeks-per-month constant is
// assumed anywhere.
func ExampleCLV() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	customers := []clv.Customer{
		{ID: "active", Frequency: 6, Recency: 36, T: 38},
		{ID: "lapsed", Frequency: 6, Recency: 8, T: 38},
	}
	d := clv.Discounting{Period: 52, Rate: 0.10}
	vals, err := clv.CLV(context.Background(), m, clv.FixedSpend(35), customers, d, clv.Window{From: 0, To: 52}, clv.Window{From: 52, To: 156})
	if err != nil {
		log.Fatal(err)
	}
	for i, c := range customers {
		fmt.Printf("%s: P(alive) %.2f, year 1 $%.2f, years 2-3 $%.2f\n", c.ID, m.ProbAlive(c), vals[i][0], vals[i][1])
	}
	// Output:
	// active: P(alive) 0.87, year 1 $160.26, years 2-3 $164.35
	// lapsed: P(alive) 0.00, year 1 $0.80, years 2-3 $0.82
}
