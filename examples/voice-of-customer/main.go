// Command voice-of-customer is the course's voice-of-customer scenario: a
// retailer's survey programme (a relationship NPS, CSAT at the product page,
// delivery, app and renewal, CES at checkout, setup and support) read two
// ways.
//
//  1. By touchpoint: each score with its 95% interval, so that a small
//     sample does not pass for a verdict.
//  2. Over time: month by month, and quarter against quarter, with every
//     change tested and only the significant ones flagged (Holm-corrected,
//     so that testing ten touchpoints does not produce a false alarm).
//
// The data are simulated by the journey package's seeded simulator: Q1 is
// the bundled sample (simulate.Sample); in Q2 the retailer fixed delivery
// (experience quality 0.4 → 0.7) while the support line got worse (0.55 →
// 0.35). Run it with
//
//	go run ./examples/voice-of-customer
package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/experience"
	"github.com/cxkit/cxkit/journey/simulate"
	"github.com/cxkit/cxkit/nps"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "voice-of-customer:", err)
		os.Exit(1)
	}
}

// quarters simulates the two quarters of survey responses.
func quarters(ctx context.Context) (q1, q2 simulate.Data, err error) {
	if q1, err = simulate.Sample().Run(ctx); err != nil {
		return
	}
	s := simulate.Simulator{
		Customers:  500,
		Start:      time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
		SurveyProb: 0.6,
		Quality:    map[string]float64{"delivery": 0.7, "support_contact": 0.35},
		Src:        rand.NewPCG(2026, 12),
	}
	q2, err = s.Run(ctx)
	return
}

// run writes the whole analysis to w.
func run(w io.Writer) error {
	q1, q2, err := quarters(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Voice of the customer: survey scores by touchpoint and over time")
	fmt.Fprintf(w, "Q1 cohort (customers who arrived Jan-Mar 2024): %d responses; Q2 cohort (Apr-Jun 2024): %d responses\n\n", len(q1.Surveys), len(q2.Surveys))

	fmt.Fprintln(w, "1. Q1 by touchpoint (95% intervals)")
	s1, err := scores(q1)
	if err != nil {
		return err
	}
	printScores(w, s1)

	fmt.Fprintln(w, "\n2. Relationship NPS month by month, January to June (the 3-month rolling NPS pools the months)")
	if err := monthly(w, append(append([]journey.SurveyResponse{}, q1.Surveys...), q2.Surveys...), endOfH1); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n3. Q2 against Q1: which changes are real?")
	s2, err := scores(q2)
	if err != nil {
		return err
	}
	return changes(w, s1, s2)
}

// score is one metric at one touchpoint (or overall).
type score struct {
	key    string // "delivery CSAT"
	kind   journey.SurveyKind
	n      int
	value  float64 // % satisfied, % easy or NPS
	lo, hi float64
	csat   csat.Result
	ces    ces.Result
	nps    nps.Result
}

// scores computes CSAT and CES per touchpoint and the relationship NPS.
func scores(d simulate.Data) (map[string]score, error) {
	out := map[string]score{}
	for _, x := range experience.ByTouchpoint(d.Map, d.Surveys) {
		s := score{key: x.Touchpoint + " " + strings.ToUpper(x.Kind.String()), kind: x.Kind, n: len(x.Ratings)}
		rs := make([]float64, len(x.Ratings))
		for i, r := range x.Ratings {
			rs[i] = float64(r)
		}
		switch x.Kind {
		case journey.KindCSAT:
			r, err := csat.Score(rs, csat.Scale5)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.key, err)
			}
			iv, err := r.Interval(0.95, csat.Wilson)
			if err != nil {
				return nil, err
			}
			s.csat, s.value, s.lo, s.hi = r, r.CSAT, iv.Lower, iv.Upper
		case journey.KindCES:
			r, err := ces.Score(rs, ces.V2)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.key, err)
			}
			iv, err := r.Interval(0.95, ces.Wilson)
			if err != nil {
				return nil, err
			}
			s.ces, s.value, s.lo, s.hi = r, r.PctEasy, iv.Lower, iv.Upper
		default:
			continue
		}
		out[s.key] = s
	}
	var t nps.Tally
	for _, r := range d.Surveys {
		if r.Kind == journey.KindNPS {
			if err := t.Add(r.Rating); err != nil {
				return nil, err
			}
		}
	}
	r, err := t.Result()
	if err != nil {
		return nil, err
	}
	b, err := r.Interval(0.95, nps.AdjustedWald)
	if err != nil {
		return nil, err
	}
	out["relationship NPS"] = score{key: "relationship NPS", kind: journey.KindNPS, n: r.N, value: r.Score, lo: b.CI.Lower, hi: b.CI.Upper, nps: r}
	return out, nil
}

func sortedScores(m map[string]score) []score {
	out := make([]score, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].kind != out[j].kind {
			return out[i].kind < out[j].kind
		}
		return out[i].key < out[j].key
	})
	return out
}

func printScores(w io.Writer, m map[string]score) {
	fmt.Fprintf(w, "   %-22s %5s  %-22s %s\n", "touchpoint / metric", "n", "score [95% interval]", "reading")
	for _, s := range sortedScores(m) {
		unit, reading := "%", ""
		switch s.kind {
		case journey.KindNPS:
			unit = " "
			reading = "NPS points, -100 to 100"
		case journey.KindCSAT:
			reading = "% satisfied (4-5 of 5)"
		case journey.KindCES:
			reading = "% finding it easy (5-7 of 7)"
		}
		if s.hi-s.lo > 30 {
			reading += "; interval too wide to act on"
		}
		fmt.Fprintf(w, "   %-22s %5d  %6.1f%s [%6.1f, %6.1f]  %s\n", s.key, s.n, s.value, unit, s.lo, s.hi, reading)
	}
}

// endOfH1 ends the monthly view: later months hold only the stragglers of
// the two cohorts.
var endOfH1 = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)

// monthly prints the relationship NPS per month before end and its rolling
// 3-month value, with the rolling window tested against the one before it.
func monthly(w io.Writer, rs []journey.SurveyResponse, end time.Time) error {
	counts := map[string]*nps.Tally{}
	for _, r := range rs {
		if r.Kind != journey.KindNPS || !r.Time.Before(end) {
			continue
		}
		m := r.Time.Format("2006-01")
		if counts[m] == nil {
			counts[m] = &nps.Tally{}
		}
		if err := counts[m].Add(r.Rating); err != nil {
			return err
		}
	}
	months := make([]string, 0, len(counts))
	for m := range counts {
		months = append(months, m)
	}
	sort.Strings(months)
	periods := make([]nps.Counts, len(months))
	for i, m := range months {
		periods[i] = counts[m].Counts()
	}
	roll, err := nps.Rolling(periods, 3)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %-8s %5s %8s %14s  %s\n", "month", "n", "NPS", "rolling 3-mo", "rolling window vs the 3 months before")
	for i, m := range months {
		r, err := counts[m].Result()
		if err != nil {
			return err
		}
		rolling, vs := "-", ""
		if p := roll[i]; p.Pooled != nil {
			rolling = fmt.Sprintf("%.1f", p.Pooled.Score)
			if p.VsPrevious != nil {
				vs = fmt.Sprintf("%+.1f points, p %s", p.VsPrevious.Diff, pval(p.VsPrevious.P))
				if p.VsPrevious.Defined && p.VsPrevious.P < 0.05 {
					vs += "  SIGNIFICANT"
				}
			}
		}
		fmt.Fprintf(w, "   %-8s %5d %8.1f %14s  %s\n", m, r.N, r.Score, rolling, vs)
	}
	return nil
}

// changes tests every metric of Q2 against Q1 and flags the significant ones
// after a Holm correction across all of them.
func changes(w io.Writer, s1, s2 map[string]score) error {
	type change struct {
		key     string
		before  float64
		after   float64
		diff, p float64
		lo, hi  float64
	}
	var cs []change
	for _, a := range sortedScores(s1) {
		b, ok := s2[a.key]
		if !ok {
			continue
		}
		c := change{key: a.key, before: a.value, after: b.value}
		switch a.kind {
		case journey.KindCSAT:
			r, err := csat.Compare(a.csat, b.csat, nil) // after − before
			if err != nil {
				return err
			}
			c.diff, c.p, c.lo, c.hi = r.Share.Diff, r.Share.P, r.Share.CI.Lower, r.Share.CI.Upper
		case journey.KindCES:
			r, err := ces.Compare(a.ces, b.ces, nil) // after − before
			if err != nil {
				return err
			}
			c.diff, c.p, c.lo, c.hi = r.Share.Diff, r.Share.P, r.Share.CI.Lower, r.Share.CI.Upper
		case journey.KindNPS:
			r, err := nps.Compare(a.nps.Counts(), b.nps.Counts(), nil) // after − before
			if err != nil {
				return err
			}
			c.diff, c.p, c.lo, c.hi = r.Diff, r.P, r.CI.Lower, r.CI.Upper
		}
		cs = append(cs, c)
	}
	ps := make([]float64, len(cs))
	for i, c := range cs {
		ps[i] = c.p
	}
	reject, adj, err := abtest.Reject(ps, 0.05, abtest.Holm)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %-22s %7s %7s %8s %18s %10s  %s\n", "touchpoint / metric", "Q1", "Q2", "change", "95% interval", "Holm p", "verdict")
	flagged := 0
	for i, c := range cs {
		verdict := "no significant change"
		if reject[i] {
			flagged++
			verdict = "SIGNIFICANT: improved"
			if c.diff < 0 {
				verdict = "SIGNIFICANT: worse"
			}
		}
		fmt.Fprintf(w, "   %-22s %7.1f %7.1f %+8.1f   [%6.1f, %6.1f] %10s  %s\n", c.key, c.before, c.after, c.diff, c.lo, c.hi, pval(adj[i]), verdict)
	}
	fmt.Fprintf(w, "\n   %d of %d changes are significant at the 5%% family-wise level.\n", flagged, len(cs))
	fmt.Fprintln(w, "   Changes without the flag are within what two random samples of this size differ by:")
	fmt.Fprintln(w, "   do not report them as wins or losses.")
	return nil
}

// pval formats a p-value for reading.
func pval(p float64) string {
	if p < 0.0001 {
		return "< 0.0001"
	}
	return fmt.Sprintf("= %.4f", p)
}
