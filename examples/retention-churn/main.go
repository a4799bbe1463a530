// Command retention-churn walks a CX team through the three retention
// questions with the retention package:
//
//  1. Do new customers come back? Monthly cohort retention of the CDNOW
//     customers (first purchase in January, February or March 1997), classic
//     and unbounded, with the churn per month and a test of whether two
//     segments (first order of one CD or more) keep customers differently.
//  2. How long until a new customer buys again? The Kaplan–Meier curve of
//     the days from first to second purchase (censored at the end of the
//     data), its median and restricted mean, and a log-rank test of
//     customers whose first order held one CD against those with more.
//  3. How many subscribers will still be with us in year 12, and what is a
//     subscriber worth? The shifted-beta-geometric model on the two
//     segments of Fader and Hardie (2007).
//
// The data: CDNOW_sample.txt (embedded) is the 1-in-10 sample of the
// customers who first bought at the online music retailer CDNOW in Q1 1997,
// 2,357 customers and 6,919 transactions up to 30 June 1998 (Fader, Hardie
// and Lee 2005; see clv/testdata/SOURCE.md); the survivor counts of section
// 3 are printed in Fader and Hardie (2007), Table 1. Run it with
//
//	go run ./examples/retention-churn
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cxkit/cxkit/retention"
)

//go:embed CDNOW_sample.txt
var cdnowSample []byte

// The end of the CDNOW data.
var end = time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "retention-churn:", err)
		os.Exit(1)
	}
}

type purchase struct {
	customer string
	day      time.Time
	cds      int
}

// readCDNOW parses "customer id, (unused), yyyymmdd, CDs, dollars" lines.
func readCDNOW(b []byte) ([]purchase, error) {
	var out []purchase
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) != 5 {
			return nil, fmt.Errorf("line %d: %d fields, want 5", line, len(f))
		}
		d, err := time.Parse("20060102", f[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		out = append(out, purchase{customer: f[0], day: d, cds: n})
	}
	return out, sc.Err()
}

// run prints the walk-through to w.
func run(w io.Writer) error {
	log, err := readCDNOW(cdnowSample)
	if err != nil {
		return err
	}
	if err := cohorts(w, log); err != nil {
		return err
	}
	if err := repeatPurchase(w, log); err != nil {
		return err
	}
	return subscriptions(w)
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "    -"
	}
	return fmt.Sprintf("%4.1f%%", 100*x)
}

// cohorts prints the monthly cohort table.
func cohorts(w io.Writer, log []purchase) error {
	customers := make([]string, len(log))
	times := make([]time.Time, len(log))
	for i, p := range log {
		customers[i], times[i] = p.customer, p.day
	}
	s := &retention.CohortSettings{Period: retention.Month, Location: "UTC", End: end}
	counts, err := retention.Cohorts(context.Background(), customers, times, nil, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== 1. Do new customers come back? (%d purchases, %d cohorts by month of first purchase)\n\n",
		len(log), len(counts.Cohorts))
	for _, def := range []retention.Definition{retention.Classic, retention.Unbounded} {
		tab, err := counts.Table(&retention.TableSettings{Definition: def, Periods: 6})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s retention, share of the cohort buying in month n after the first:\n", def)
		fmt.Fprintf(w, "%-9s %5s", "cohort", "size")
		for n := 1; n <= 6; n++ {
			fmt.Fprintf(w, " %6s", fmt.Sprintf("m%d", n))
		}
		fmt.Fprintln(w)
		ny := time.UTC
		for _, c := range tab.Cohorts {
			fmt.Fprintf(w, "%-9s %5d", c.Start.In(ny).Format("Jan 2006"), c.Size)
			for _, cell := range c.Cells[1:] {
				fmt.Fprintf(w, " %6s", pct(cell.Rate))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%-9s %5d", "all", tab.Overall[0].N)
		for _, cell := range tab.Overall[1:] {
			fmt.Fprintf(w, " %6s", pct(cell.Rate))
		}
		fmt.Fprintln(w)
		m1 := tab.Overall[1]
		fmt.Fprintf(w, "month 1, all cohorts: %s [%s, %s] (Wilson 95%%)\n\n", pct(m1.Rate), pct(m1.CI.Lower), pct(m1.CI.Upper))
		if def == retention.Unbounded {
			fmt.Fprintln(w, "churn per month (never seen again from month n on, among those still around at n-1):")
			for _, c := range tab.Churn {
				fmt.Fprintf(w, "  m%d: %s of %4d [%s, %s]\n", c.Period, pct(c.Rate), c.N, pct(c.CI.Lower), pct(c.CI.Upper))
			}
			fmt.Fprintln(w)
		}
	}
	// Two segments of the same cohorts, over the same window: customers
	// whose first day of purchases held one CD (a) or more (b).
	firstCDs := map[string]int{}
	firstDay := map[string]time.Time{}
	for _, p := range log {
		d, ok := firstDay[p.customer]
		switch {
		case !ok || p.day.Before(d):
			firstDay[p.customer], firstCDs[p.customer] = p.day, p.cds
		case p.day.Equal(d):
			firstCDs[p.customer] += p.cds
		}
	}
	var seg [2]struct {
		customers []string
		times     []time.Time
	}
	for i, p := range log {
		g := 0
		if firstCDs[p.customer] > 1 {
			g = 1
		}
		seg[g].customers = append(seg[g].customers, customers[i])
		seg[g].times = append(seg[g].times, times[i])
	}
	var segCounts [2]retention.CohortCounts
	for g := range seg {
		segCounts[g], err = retention.Cohorts(context.Background(), seg[g].customers, seg[g].times, nil, s)
		if err != nil {
			return err
		}
	}
	r, err := retention.CompareCohorts(segCounts[0], segCounts[1], nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "first order of 1 CD (a) vs more (b), months until last seen (log-rank): chi² = %.1f, p = %.2g, churn hazard b/a = %.2f [%.2f, %.2f]\n\n",
		r.Statistic, r.P, r.HazardRatio, r.CI.Lower, r.CI.Upper)
	return nil
}

// repeatPurchase prints the survival analysis of the time to a second
// purchase.
func repeatPurchase(w io.Writer, log []purchase) error {
	type first struct {
		day, second time.Time
		cds         int
	}
	byCustomer := map[string]*first{}
	var order []string
	for _, p := range log {
		f := byCustomer[p.customer]
		switch {
		case f == nil:
			byCustomer[p.customer] = &first{day: p.day, cds: p.cds}
			order = append(order, p.customer)
		case p.day.Before(f.day):
			f.second, f.day, f.cds = f.day, p.day, p.cds
		case p.day.After(f.day) && (f.second.IsZero() || p.day.Before(f.second)):
			f.second = p.day
		case p.day.Equal(f.day):
			f.cds += p.cds // the same day counts as one first order
		}
	}
	var days []float64
	var bought, group []int
	for _, c := range order {
		f := byCustomer[c]
		stop, ev := end, 0
		if !f.second.IsZero() {
			stop, ev = f.second, 1
		}
		days = append(days, stop.Sub(f.day).Hours()/24)
		bought = append(bought, ev)
		g := 0
		if f.cds > 1 {
			g = 1
		}
		group = append(group, g)
	}
	curve, err := retention.KaplanMeier(context.Background(), days, bought, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== 2. How long until a new customer buys again? (%d customers, %d second purchases)\n\n", curve.N, curve.Events)
	fmt.Fprintln(w, "share still waiting for a second purchase (Kaplan-Meier, log-log 95% band):")
	for _, d := range []float64{30, 90, 180, 365, 480} {
		s := curve.At(d)
		fmt.Fprintf(w, "  day %3.0f: %s [%s, %s]\n", d, pct(s.Survival), pct(s.CI.Lower), pct(s.CI.Upper))
	}
	m := curve.Median()
	if m.Defined {
		fmt.Fprintf(w, "median wait: %.0f days\n", m.Time)
	} else {
		fmt.Fprintln(w, "median wait: not reached (fewer than half ever buy again)")
	}
	r, err := curve.RMST(365)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "of the first year, a new customer spends on average %.0f days [%.0f, %.0f] before a second purchase\n",
		r.Mean, r.CI.Lower, r.CI.Upper)
	lr, err := retention.LogRank(context.Background(), days, bought, group, nil, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "first order of 1 CD (a, %d customers) vs more (b, %d): chi² = %.1f, p = %.2g, rate of coming back b/a = %.2f [%.2f, %.2f]\n\n",
		lr.Groups[0].N, lr.Groups[1].N, lr.Statistic, lr.P, lr.HazardRatio, lr.CI.Lower, lr.CI.Upper)
	return nil
}

// subscriptions fits the sBG model to the two segments of Fader and Hardie
// (2007), projects them and values a subscriber.
func subscriptions(w io.Writer) error {
	fmt.Fprintln(w, "== 3. Subscriptions: the sBG model on Fader and Hardie (2007), years 0-7 of two cohorts of 1000")
	fmt.Fprintln(w)
	for _, seg := range []struct {
		name      string
		survivors []int64
	}{
		{"regular", []int64{1000, 631, 468, 382, 326, 289, 262, 241}},
		{"high end", []int64{1000, 869, 743, 653, 593, 551, 517, 491}},
	} {
		m, fit, err := retention.FitSBG(context.Background(), [][]int64{seg.survivors}, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: gamma = %.3f (se %.3f), delta = %.3f (se %.3f); mean churn probability in year 1 = %.1f%%\n",
			seg.name, m.Gamma, fit.StdErr[0], m.Delta, fit.StdErr[1], 100*m.Gamma/(m.Gamma+m.Delta))
		proj, err := fit.Project(12, 0)
		if err != nil {
			return err
		}
		for _, t := range []int{1, 7, 12} {
			p := proj[t-1]
			fmt.Fprintf(w, "  year %2d: %s still active [%s, %s], renewal rate %s\n",
				t, pct(p.Survival), pct(p.SurvivalCI.Lower), pct(p.SurvivalCI.Upper), pct(p.Retention))
		}
		del, err := m.DERL(0, 0.10)
		if err != nil {
			return err
		}
		after7, err := m.DERL(7, 0.10)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  value at $100 margin a year, 10%% discount: new subscriber $%.0f, one who renewed 7 times $%.0f\n\n",
			100*(1+del), 100*after7)
	}
	fmt.Fprint(w, howToRead)
	return nil
}

const howToRead = `How to read the numbers
- A cohort cell is the share of the customers who first bought in that month
  who bought again n months later (classic), or in month n or any later month
  (unbounded). Compare cells down a column (same age, different cohorts): a
  column that rises means newer customers come back more.
- Churn per month is the unbounded curve read as a hazard: of the customers
  who were still coming back, the share never seen again. It falls with age:
  the customers who stay are the loyal ones. "Never seen again" is judged
  at the end of the data, so the last months of every cohort overstate it:
  compare segments over the same window, not young cohorts with old ones.
- The Kaplan-Meier curve counts customers whose second purchase is still to
  come (censored) as waiting, not as lost; a plain share of "bought again"
  would understate returns of the customers who joined last.
- The hazard ratio compares the speed of the event (here: coming back); above
  1, group b does it sooner. A small p says the difference is unlikely to be
  chance, the interval says how large it may be.
- The sBG renewal rate rises with tenure although no subscriber changes: the
  ones likely to leave leave first. Projecting a constant retention rate
  would undervalue long-standing subscribers; their value (margin x DERL) is
  what a save offer may cost at most.
`
