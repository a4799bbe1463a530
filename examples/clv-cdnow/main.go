// Command clv-cdnow walks through customer lifetime value on the CDNOW data
// of Fader, Hardie & Lee (2005): from the raw transaction log to a
// calibration/holdout split, a BG/NBD model of repeat purchases checked on
// the holdout period, a Gamma-Gamma model of spend, and the discounted
// value of each customer over the next years.
//
// The data (datasets.CDNOWSample, embedded in the library) are the 1-in-10
// sample of the customers who first bought at the online music retailer
// CDNOW in the first quarter of 1997: 2,357 customers, 6,919 transactions
// up to 30 June 1998. Time is in weeks, money in US dollars. Run it with
//
//	go run ./examples/clv-cdnow
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/datasets"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "clv-cdnow:", err)
		os.Exit(1)
	}
}

// run prints the walk-through to w.
func run(w io.Writer) error {
	ctx := context.Background()
	log, err := datasets.CDNOWSample()
	if err != nil {
		return err
	}

	// 1. Summaries: days with purchases count once; times in weeks. The
	// papers calibrate on weeks 1-39 and keep weeks 40-78 as holdout.
	cutoff := time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	end := time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC)
	split, err := clv.SplitHoldout(log, cutoff, &clv.SummarySettings{Period: clv.Day, Unit: clv.Week, End: end})
	if err != nil {
		return err
	}
	cal := split.Calibration
	fmt.Fprintf(w, "%d transactions, %d customers; calibration to %s, holdout %.0f weeks\n",
		len(log), len(cal), cutoff.Format("2006-01-02"), split.Duration)
	fmt.Fprint(w, `each customer is summarised by three numbers (time in weeks, calibration period only):
  x    repeat purchases: days with a purchase after the first purchase day
  t_x  recency: weeks from the first purchase to the last repeat purchase (0 if x = 0)
  T    age: weeks from the first purchase to the end of calibration
  a customer with a high x and t_x close to T is buying and still active; a high x and
  t_x far below T has gone quiet and may have left: the one to win back.
`)

	// 2. BG/NBD on the calibration period.
	bg, res, err := clv.FitBGNBD(ctx, cal, nil, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nBG/NBD (log-likelihood %.1f, %d iterations)\n", res.LogLik, res.Iterations)
	for i, name := range res.Params {
		fmt.Fprintf(w, "  %-5s = %6.3f  (s.e. %.3f)\n", name, res.Estimate[i], res.StdErr[i])
	}
	fmt.Fprintf(w, "  for a CX team: while active, a customer buys %.3f times a week on average (r/alpha,\n"+
		"  one purchase every %.0f weeks); after each purchase %.1f%% leave for good (a/(a+b)).\n",
		bg.R/bg.Alpha, bg.Alpha/bg.R, 100*bg.A/(bg.A+bg.B))

	// 3. Holdout check: mean purchases in weeks 40-78 by calibration
	// frequency, actual against the model's conditional expectation.
	rows, err := clv.HoldoutByFrequency(ctx, bg, cal, split.Holdout, split.Duration, 7)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nholdout purchases per customer by calibration frequency\n")
	fmt.Fprintf(w, "  (mean purchases per customer in weeks 40-78, by x in weeks 1-39: does the model\n"+
		"  forecast the customers a CX team will see again?)\n")
	fmt.Fprintf(w, "  %-3s %9s %8s %9s\n", "x", "customers", "actual", "predicted")
	var act, pred float64
	for _, r := range rows {
		label := fmt.Sprint(r.Frequency)
		if r.Frequency == 7 {
			label = "7+"
		}
		fmt.Fprintf(w, "  %-3s %9d %8.2f %9.2f\n", label, r.N, r.Actual, r.Predicted)
		act += r.Actual * float64(r.N)
		pred += r.Predicted * float64(r.N)
	}
	fmt.Fprintf(w, "  total holdout purchases: actual %.0f, predicted %.0f\n", act, pred)

	// 4. Spend: Gamma-Gamma on the repeat buyers' mean repeat spend.
	gg, gres, err := clv.FitGammaGamma(ctx, cal, nil, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nGamma-Gamma (log-likelihood %.1f): p = %.2f, q = %.2f, v = %.2f; mean spend $%.2f\n",
		gres.LogLik, gg.P, gg.Q, gg.V, gg.MeanSpend())
	fmt.Fprintf(w, "  mean spend: what a repeat purchase is worth on average; each customer's own mean is\n"+
		"  pulled toward it, the more so the fewer purchases they made.\n")

	// 5. Value of the next year and of years 2-3, discounted at 10 % a year
	// (Period 52 weeks, Rate 0.10: stated, not a hidden weeks-per-month).
	d := clv.Discounting{Period: 52, Rate: 0.10}
	vals, err := clv.CLV(ctx, bg, gg, cal, d, clv.Window{From: 0, To: 52}, clv.Window{From: 52, To: 156})
	if err != nil {
		return err
	}
	var y1, y23 float64
	order := make([]int, len(cal))
	for i, v := range vals {
		y1 += v[0]
		y23 += v[1]
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return vals[order[a]][0] > vals[order[b]][0] })
	fmt.Fprintf(w, "\ndiscounted value at 10%%/year: year 1 $%.0f, years 2-3 $%.0f (all %d customers)\n", y1, y23, len(cal))
	fmt.Fprintf(w, "  value = expected purchases x expected spend, discounted: what keeping a customer is\n"+
		"  worth, the ceiling on what to spend to retain them.\n")
	fmt.Fprintf(w, "top customers by year-1 value (P(alive): probability the customer has not silently left)\n")
	fmt.Fprintf(w, "  %-6s %3s %7s %6s %8s %8s %8s\n", "id", "x", "t_x", "T", "P(alive)", "year 1", "yrs 2-3")
	for _, i := range order[:5] {
		c := cal[i]
		fmt.Fprintf(w, "  %-6s %3.0f %7.2f %6.2f %8.3f %8.2f %8.2f\n",
			c.ID, c.Frequency, c.Recency, c.T, bg.ProbAlive(c), vals[i][0], vals[i][1])
	}
	return nil
}
