// Command journey-map walks through a customer-journey analysis on
// simulated data: the journey map and its moments of truth, the purchase
// funnel, the experience at each touchpoint, the pain points, the key drivers
// of the relationship NPS, channel attribution and channel switching. Run it
// with
//
//	go run ./examples/journey-map
package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
	"github.com/cxkit/cxkit/journey/experience"
	"github.com/cxkit/cxkit/journey/funnel"
	"github.com/cxkit/cxkit/journey/simulate"
)

// customers is the size of the simulated customer base; the seed makes every
// run print the same numbers.
const customers = 5000

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "journey-map:", err)
		os.Exit(1)
	}
}

// run simulates the data and writes the whole analysis to w.
func run(w io.Writer) error {
	sim := simulate.Simulator{Customers: customers, SurveyProb: 0.8, Src: rand.NewPCG(2026, 1)}
	ctx := context.Background()
	d, err := sim.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Simulated %d customers: %d events, %d survey responses, %d purchases\n\n",
		len(d.Journeys), len(d.Events), len(d.Surveys), len(d.Purchases))
	printMap(w, d.Map)
	l := journey.NewLog(d.Events)
	if err := printFunnel(ctx, w, l); err != nil {
		return err
	}
	exp := experience.ByTouchpoint(d.Map, d.Surveys)
	printExperience(w, exp)
	if err := printPainPoints(ctx, w, d, exp); err != nil {
		return err
	}
	if err := printDrivers(ctx, w, d.Surveys); err != nil {
		return err
	}
	if err := printAttribution(ctx, w, d.Journeys); err != nil {
		return err
	}
	return printSwitching(ctx, w, l)
}

func printMap(w io.Writer, m *journey.Map) {
	fmt.Fprintf(w, "1. Journey map %q (* = moment of truth)\n", m.Name)
	for _, st := range m.Stages {
		var tps []string
		for _, tp := range m.Touchpoints {
			if tp.Stage == st {
				name := tp.Name
				if m.IsMomentOfTruth(name) {
					name += "*"
				}
				tps = append(tps, name)
			}
		}
		fmt.Fprintf(w, "   %-13s %s\n", st, strings.Join(tps, ", "))
	}
	fmt.Fprintln(w)
}

func printFunnel(ctx context.Context, w io.Writer, l *journey.Log) error {
	f := funnel.Funnel{
		Steps:  []string{"website_visit", "product_page", "add_to_cart", "checkout", "payment"},
		Window: 7 * 24 * time.Hour,
	}
	r, err := f.Run(ctx, l)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "2. Purchase funnel (ordered, 7-day window)")
	fmt.Fprintln(w, "   step           customers  of first  of previous  drop-off  median gap")
	for _, s := range r.Steps {
		gap := "-"
		if s.TimeDefined {
			gap = (time.Duration(s.MedianSeconds) * time.Second).String()
		}
		fmt.Fprintf(w, "   %-14s %9d  %7.1f%%  %10.1f%%  %8d  %s\n",
			s.Name, s.Count, 100*s.ConversionFromFirst, 100*s.ConversionFromPrevious, s.DropOff, gap)
	}
	fmt.Fprintf(w, "   median time to convert: %v\n\n", time.Duration(r.MedianSecondsToConvert)*time.Second)
	return nil
}

func printExperience(w io.Writer, exp []experience.Touchpoint) {
	fmt.Fprintln(w, "3. Experience by touchpoint (raw ratings, ready for the csat and ces packages)")
	for _, e := range exp {
		star := " "
		if e.MomentOfTruth {
			star = "*"
		}
		sc := journey.DefaultScale(e.Kind)
		fmt.Fprintf(w, "   %s %-16s %-13s %-4s n=%4d  mean %.2f on %d-%d\n",
			star, e.Touchpoint, e.Stage, e.Kind, len(e.Ratings), e.Mean, sc.Min, sc.Max)
	}
	fmt.Fprintln(w)
}

func printPainPoints(ctx context.Context, w io.Writer, d simulate.Data, exp []experience.Touchpoint) error {
	pp, err := experience.PainPoints(ctx, d.Map, d.Journeys, exp, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "4. Pain points (drop-off x (1 - score); ! = flagged: drop-off >= 20% and score <= 0.60)")
	for _, p := range pp[:min(5, len(pp))] {
		flag := " "
		if p.Flagged {
			flag = "!"
		}
		fmt.Fprintf(w, "   %s %-16s drop-off %5.1f%% of %4d  score %.2f  pain %.3f\n",
			flag, p.Touchpoint, 100*p.DropOffRate, p.Reached, p.Score, p.Pain)
	}
	fmt.Fprintln(w)
	return nil
}

func printDrivers(ctx context.Context, w io.Writer, rs []journey.SurveyResponse) error {
	names, x, y := experience.DriverTable(rs, journey.KindNPS, journey.KindUnknown,
		[]string{"product_page", "checkout", "delivery"})
	r, err := experience.KeyDrivers(ctx, names, x, y, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "5. Key drivers of the relationship NPS rating (%d customers, R² = %.2f)\n", r.N, r.RSquared)
	for i, name := range r.Drivers {
		fmt.Fprintf(w, "   %-14s r = %.2f  beta = %5.2f  share of R² = %4.1f%%\n",
			name, r.PearsonR[i], r.Beta[i], r.SharePct[i])
	}
	fmt.Fprintln(w)
	return nil
}

func printAttribution(ctx context.Context, w io.Writer, js []journey.Journey) error {
	pt := journey.PathsFromJourneys(js, "payment")
	conv, value, nulls := pt.Totals()
	mk, err := attribution.Markov(ctx, pt, nil)
	if err != nil {
		return err
	}
	first, err := attribution.Heuristic(ctx, pt, attribution.FirstTouch, nil)
	if err != nil {
		return err
	}
	last, err := attribution.Heuristic(ctx, pt, attribution.LastTouch, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "6. Attribution of %.0f purchases (value %.0f; %.0f journeys without one), %d distinct paths\n",
		conv, value, nulls, len(pt.Rows))
	fmt.Fprintf(w, "   exact order-1 Markov chain: P(conversion) = %.3f\n", mk.PConversion)
	fmt.Fprintln(w, "   channel       first touch  last touch  Markov  removal effect")
	idx := make([]int, len(pt.Channels))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Compare(mk.Attribution.Conversions[b], mk.Attribution.Conversions[a])
	})
	for _, i := range idx {
		fmt.Fprintf(w, "   %-12s %12.1f %11.1f %7.1f  %14.3f\n", pt.Channels[i],
			first.Conversions[i], last.Conversions[i], mk.Attribution.Conversions[i], mk.RemovalEffects[i])
	}
	fmt.Fprintln(w)
	return nil
}

func printSwitching(ctx context.Context, w io.Writer, l *journey.Log) error {
	sw, err := journey.ChannelSwitching(ctx, l)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "7. Channel switching")
	fmt.Fprintf(w, "   %.1f%% of consecutive events change channel; %.2f switches per customer; %.2f channels per customer\n",
		100*sw.SwitchRate, sw.MeanSwitches, sw.MeanChannels)
	type pair struct {
		from, to string
		n        int
	}
	var web []pair
	for _, from := range []string{"web", "mobile_app"} {
		for to, n := range sw.Matrix[from] {
			if to == "web" || to == "mobile_app" {
				web = append(web, pair{from, to, n})
			}
		}
	}
	slices.SortFunc(web, func(a, b pair) int { return cmp.Compare(a.from+a.to, b.from+b.to) })
	for _, p := range web {
		fmt.Fprintf(w, "   device switches %s -> %s: %d\n", p.from, p.to, p.n)
	}
	return nil
}
