// Command segmentation walks through customer segmentation on the CDNOW
// purchase log of Fader, Hardie & Lee (2005) with the segment package:
// RFM scores and the ten named RFM segments, how customers moved between
// segments over six months, a data-driven alternative (k-means on
// log-scaled RFM values, with k chosen on the elbow curve), profiles of the
// clusters in original units, stable cluster identities across reruns, and
// a personalisation plan by segment.
//
// The data (datasets.CDNOWSample, embedded in the library) are the 1-in-10
// sample of the customers who first bought at CDNOW in the first quarter
// of 1997: 2,357 customers, 6,919 purchases up to 30 June 1998. Run it with
//
//	go run ./examples/segmentation
package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/cxkit/cxkit/datasets"
	"github.com/cxkit/cxkit/internal/rate"
	"github.com/cxkit/cxkit/segment"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "segmentation:", err)
		os.Exit(1)
	}
}

// actions is a personalisation plan: what each RFM segment is offered.
var actions = map[segment.RFMSegment]string{
	segment.Champions:          "early access, referral programme",
	segment.LoyalCustomers:     "loyalty tier upgrade, cross-sell",
	segment.PotentialLoyalists: "membership offer, recommendations",
	segment.NewCustomers:       "onboarding series",
	segment.Promising:          "second-purchase incentive",
	segment.NeedAttention:      "limited-time offer on favourites",
	segment.AboutToSleep:       "reactivation reminder",
	segment.AtRisk:             "personal win-back offer",
	segment.CantLoseThem:       "call from customer care, best offer",
	segment.Hibernating:        "low-cost newsletter only",
}

// run prints the walk-through to w.
func run(w io.Writer) error {
	ctx := context.Background()
	log, err := datasets.CDNOWSample()
	if err != nil {
		return err
	}
	asOf := time.Date(1998, 7, 1, 0, 0, 0, 0, time.UTC)

	// 1. RFM at 1 July 1998 and the named segments.
	rows, err := segment.BuildRFM(ctx, log, asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d purchases, %d customers, RFM as of %s\n\n", len(log), len(rows), asOf.Format(time.DateOnly))
	if err := printRFMSegments(w, rows); err != nil {
		return err
	}

	// 2. Migration: the same log scored six months earlier.
	before, err := segment.BuildRFM(ctx, log, time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	mg, err := segment.MigrateRFM(before, rows)
	if err != nil {
		return err
	}
	// Each row is every January customer of that segment, so it adds to
	// 100 %: the four segments shown, "other" for the six segments left
	// out, and "lost" for customers absent in July (none here: every
	// customer of the cohort is scored at both dates). Shares are rounded
	// to 0.1 % by largest remainder, so the printed row also adds to 100.0.
	shown := []segment.RFMSegment{segment.Champions, segment.LoyalCustomers, segment.AtRisk, segment.Hibernating}
	fmt.Fprintln(w, "\nwhere January's segments were in July (share of January's customers; each row adds to 100%):")
	for _, a := range []segment.RFMSegment{segment.Champions, segment.LoyalCustomers, segment.PotentialLoyalists} {
		counts := make([]int, 0, len(shown)+2)
		rest := mg.Lost[a]
		for _, c := range mg.Counts[a] {
			rest += c
		}
		for _, b := range shown {
			counts = append(counts, mg.Counts[a][b])
			rest -= mg.Counts[a][b]
		}
		counts = append(counts, rest-mg.Lost[a], mg.Lost[a])
		tenths := rate.RoundToTotal(counts, 1000)
		fmt.Fprintf(w, "  %-20s", a.String()+":")
		for i, b := range shown {
			fmt.Fprintf(w, "  %s %5.1f%%", b, float64(tenths[i])/10)
		}
		fmt.Fprintf(w, "  other %5.1f%%  lost %5.1f%%\n", float64(tenths[len(shown)])/10, float64(tenths[len(shown)+1])/10)
	}

	// 3. k-means on log-scaled RFM, k from the knee of the elbow curve.
	x := segment.RFMMatrix(rows)
	sc, err := segment.FitScaler(x, &segment.ScalerSettings{Method: segment.ZScore, Log1p: true})
	if err != nil {
		return err
	}
	z, err := sc.Transform(x)
	if err != nil {
		return err
	}
	curve, err := segment.ElbowCurve(ctx, z, 1, 8, segment.KMeans{Src: rand.NewPCG(1, 2)})
	if err != nil {
		return err
	}
	k, err := curve.Knee()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nk-means on log1p + z-scored RFM: elbow inertia")
	for i := range curve.K {
		fmt.Fprintf(w, " %d:%.0f", curve.K[i], curve.Inertia[i])
	}
	fmt.Fprintf(w, "\nknee of the elbow curve: k = %d\n", k)
	res := curve.Results[k-1]
	sil, err := segment.Silhouette(ctx, z, res.Labels, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "mean silhouette %.3f\n", sil.Mean)

	// 4. Profiles in original units (days, purchases, dollars).
	revenue := make([]float64, len(rows))
	for i, r := range rows {
		revenue[i] = r.Monetary
	}
	profiles, err := segment.Profiles(x, res.Labels, revenue, []string{"recency", "frequency", "monetary"})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "cluster  customers  revenue  mean recency  frequency  monetary   most distinctive")
	for _, p := range profiles {
		top := p.Distinctive[0]
		fmt.Fprintf(w, "%7d  %9d  %6.1f%%  %8.0f days  %9.2f  %8.2f   %s (SMD %+.2f)\n",
			p.Segment, p.Size, 100*p.RevenueShare, p.Mean[0], p.Mean[1], p.Mean[2], top.Name, top.SMD)
	}

	// 5. A rerun with another seed keeps the cluster numbers once aligned.
	rerun, err := segment.KMeans{K: k, Src: rand.NewPCG(7, 7)}.Fit(ctx, z)
	if err != nil {
		return err
	}
	aligned, err := segment.Align(ctx, res.Centers, rerun)
	if err != nil {
		return err
	}
	same := 0
	for i := range aligned.Labels {
		if aligned.Labels[i] == res.Labels[i] {
			same++
		}
	}
	ari, err := segment.AdjustedRand(res.Labels, rerun.Labels)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "rerun with another seed: adjusted Rand %.3f, %d of %d customers keep their cluster number after alignment\n",
		ari, same, len(rows))

	// 6. Personalisation by RFM segment.
	fmt.Fprintln(w, "\npersonalisation plan:")
	counts := map[segment.RFMSegment]int{}
	for _, r := range rows {
		counts[r.Segment]++
	}
	for _, s := range segment.RFMSegments {
		if counts[s] > 0 {
			fmt.Fprintf(w, "  %-20s %4d customers  -> %s\n", s.String()+":", counts[s], actions[s])
		}
	}
	return nil
}

// printRFMSegments prints the size, revenue share and mean R, F, M of each
// named segment (segment.SummarizeRFM).
func printRFMSegments(w io.Writer, rows []segment.RFM) error {
	sums, err := segment.SummarizeRFM(rows)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "segment               customers  revenue  mean recency  frequency  monetary")
	for _, s := range sums {
		if s.N == 0 {
			fmt.Fprintf(w, "%-20s  %9d        -             -          -         -\n", s.Segment, 0)
			continue
		}
		fmt.Fprintf(w, "%-20s  %9d  %6.1f%%  %8.0f days  %9.2f  %8.2f\n", s.Segment, s.N, 100*s.RevenueShare, s.MeanRecency, s.MeanFrequency, s.MeanMonetary)
	}
	return nil
}
