package main

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/nps"
)

// printer writes the report and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) intro(s *survey) {
	p.printf("cxkit quickstart: %d survey responses from %d touchpoints and %d channels\n",
		s.overall.nps.N(), len(s.touchpoints), len(s.channels))
	p.printf("(synthetic data of an online shop, bundled in examples/quickstart/survey.csv)\n\n")
	p.printf("How to read the numbers\n")
	p.printf("  NPS      Net Promoter Score: %% promoters (rating 9–10) − %% detractors (0–6), from −100 to +100.\n")
	p.printf("  CSAT     %% of customers who rated their satisfaction 4 or 5 on a 1–5 scale.\n")
	p.printf("  CES      Customer Effort Score 2.0: %% who agree (5–7 on 1–7) that \"the company made it easy\"; higher is better.\n")
	p.printf("  95%% CI   the range of true values compatible with the sample (a 95%% confidence interval).\n")
	p.printf("  vs rest  this touchpoint minus all other touchpoints together, in points (for NPS the\n")
	p.printf("           adjusted-Wald difference, which shrinks each score slightly towards 0).\n")
	p.printf("  p        chance of a gap at least this large if the touchpoint were really no different (Holm-adjusted).\n")
	p.printf("  *        significant: Holm-adjusted p < %.2f over the touchpoint tests of that table.\n", alpha)
}

// row is one line of a section's table.
type row struct {
	name     string
	n        int
	estimate float64
	ci       nps.Interval
	diff, p  float64 // vs rest; NaN for the overall row
	extra    string
}

func (p *printer) table(title, estimateName string, rows []row) {
	ps := make([]float64, 0, len(rows))
	for _, r := range rows[1:] {
		ps = append(ps, r.p)
	}
	adj := holm(ps)
	p.printf("\n== %s ==\n", title)
	p.printf("%-10s %6s %7s  %-16s %8s %8s\n", "", "n", estimateName, "95% CI", "vs rest", "p")
	for i, r := range rows {
		p.printf("%-10s %6d %7.1f  [%5.1f, %5.1f]  ", r.name, r.n, r.estimate, r.ci.Lower, r.ci.Upper)
		if i == 0 {
			p.printf("%8s %8s  %s\n", "", "", r.extra)
			continue
		}
		star := " "
		if adj[i-1] < alpha {
			star = "*"
		}
		p.printf("%+8.1f %8s %s%s\n", r.diff, formatP(adj[i-1]), star, r.extra)
	}
}

func formatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p < 0.001:
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// others returns every touchpoint except skip.
func others(s *survey, skip *group) []*group {
	var out []*group
	for _, g := range s.touchpoints {
		if g != skip {
			out = append(out, g)
		}
	}
	return out
}

// section prints one metric's table: the overall row (measure with no
// rest), then one row per touchpoint where the question was asked, each
// measured against all the other touchpoints together.
func (p *printer) section(s *survey, title, estimateName string,
	asked func(*group) bool, measure func(g *group, rest []*group) (row, error)) error {
	top, err := measure(&s.overall, nil)
	if err != nil {
		return err
	}
	rows := []row{top}
	skipped := ""
	for _, g := range s.touchpoints {
		if !asked(g) {
			skipped += " " + g.name
			continue
		}
		r, err := measure(g, others(s, g))
		if err != nil {
			return fmt.Errorf("%s: %w", g.name, err)
		}
		rows = append(rows, r)
	}
	p.table(title, estimateName, rows)
	if skipped != "" {
		p.printf("(not asked at:%s)\n", skipped)
	}
	return nil
}

func (p *printer) npsSection(s *survey) error {
	return p.section(s, "Net Promoter Score (adjusted-Wald interval and test)", "NPS",
		func(*group) bool { return true },
		func(g *group, rest []*group) (row, error) {
			r, err := g.nps.Result()
			if err != nil {
				return row{}, err
			}
			b, err := r.Interval(0.95, nps.AdjustedWald)
			out := row{name: g.name, n: r.N, estimate: r.Score, ci: b.CI, diff: math.NaN(), p: math.NaN()}
			if rest == nil {
				out.extra = fmt.Sprintf("(%.0f%% promoters, %.0f%% passives, %.0f%% detractors)", r.PctPromoters, r.PctPassives, r.PctDetractors)
				return out, err
			}
			var o nps.Tally
			for _, h := range rest {
				if err := o.Merge(h.nps); err != nil {
					return row{}, err
				}
			}
			// The rest is the reference a, this group b: diff = group − rest.
			c, err2 := nps.Compare(o.Counts(), r.Counts(), nil)
			out.diff, out.p = c.Diff, c.P
			return out, errors.Join(err, err2)
		})
}

func (p *printer) csatSection(s *survey) error {
	return p.section(s, "CSAT, % satisfied (Wilson interval, two-proportion z-test)", "CSAT",
		func(g *group) bool { return g.csat.N() > 0 },
		func(g *group, rest []*group) (row, error) {
			r, err := g.csat.Result()
			if err != nil {
				return row{}, err
			}
			ci, err := r.Interval(0.95, csat.Wilson)
			out := row{name: g.name, n: r.N, estimate: r.CSAT, ci: nps.Interval(ci), diff: math.NaN(), p: math.NaN(),
				extra: fmt.Sprintf("(mean rating %.2f of 5)", r.Mean)}
			if rest == nil {
				return out, err
			}
			var o csat.Tally
			var errM error
			for _, h := range rest {
				errM = errors.Join(errM, o.Merge(h.csat))
			}
			or, err2 := o.Result()
			c, err3 := csat.Compare(or, r, nil) // this group − the rest
			err2 = errors.Join(errM, err2)
			out.diff, out.p, out.extra = c.Share.Diff, c.Share.P, ""
			return out, errors.Join(err, err2, err3)
		})
}

func (p *printer) cesSection(s *survey) error {
	return p.section(s, "CES 2.0, % agree it was easy (Wilson interval, two-proportion z-test)", "% agree",
		func(g *group) bool { return g.ces.N() > 0 },
		func(g *group, rest []*group) (row, error) {
			r, err := g.ces.Result()
			if err != nil {
				return row{}, err
			}
			ci, err := r.Interval(0.95, ces.Wilson)
			out := row{name: g.name, n: r.N, estimate: r.PctEasy, ci: nps.Interval(ci), diff: math.NaN(), p: math.NaN(),
				extra: fmt.Sprintf(" mean %.2f", r.Mean)}
			if rest == nil {
				out.extra = fmt.Sprintf("(mean %.2f of 7, %v; net ease %+.1f)", r.Mean, r.Direction, r.NetEase)
				return out, err
			}
			var o ces.Tally
			var errM error
			for _, h := range rest {
				errM = errors.Join(errM, o.Merge(h.ces))
			}
			or, err2 := o.Result()
			c, err3 := ces.Compare(or, r, nil) // this group − the rest
			err2 = errors.Join(errM, err2)
			out.diff, out.p = c.Share.Diff, c.Share.P
			return out, errors.Join(err, err2, err3)
		})
}

func (p *printer) channelSection(s *survey) error {
	p.printf("\n== NPS by channel (for orientation; no tests) ==\n")
	for _, g := range s.channels {
		r, err := g.nps.Result()
		if err != nil {
			return err
		}
		b, err := r.Interval(0.95, nps.AdjustedWald)
		if err != nil {
			return err
		}
		p.printf("%-10s %6d %7.1f  [%5.1f, %5.1f]  margin of error ±%.1f\n", g.name, r.N, r.Score, b.CI.Lower, b.CI.Upper, b.Margin)
	}
	return nil
}
