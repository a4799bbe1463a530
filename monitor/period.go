package monitor

import (
	"fmt"
	"math"
	"time"
)

// Period is one period of a monitored metric (a day, a week, a month): its
// date or label, its number of responses N and either counts or a mean with
// its variance. Which fields a chart reads depends on its [Metric]:
//
//   - [Proportion] (top-box CSAT, percent easy CES, any share): Successes
//     out of N;
//   - [NPS]: Promoters, Passives and Detractors, which add up to N;
//   - [Mean] (mean rating, handle time): Mean and the sample Variance
//     (divisor N − 1) of the N responses.
//
// Date is optional; when one period has a date, all must, and dates must
// increase strictly ([ErrOrder], [ErrDuplicate]). A non-empty Label must be
// unique. Periods are taken as equally spaced in time, in slice order.
// Converting an accumulator of another package is one line, for example
// Period{Label: "W14", N: r.N, Promoters: r.Promoters, Passives: r.Passives,
// Detractors: r.Detractors} from an nps.Result r, Period{N: r.N, Successes:
// r.Satisfied} (top box) or Period{N: r.N, Mean: r.Mean, Variance: r.SD*r.SD}
// from a csat.Result, Period{N: r.N, Successes: r.Easy} from a ces.Result.
//
// JSON keys: label, date, n, successes, promoters, passives, detractors,
// mean, variance.
type Period struct {
	Label      string
	Date       time.Time
	N          int
	Successes  int
	Promoters  int
	Passives   int
	Detractors int
	Mean       float64
	Variance   float64
}

// Metric says which quantity of a [Period] a chart follows.
// The zero value is Proportion.
type Metric int

const (
	// Proportion is Successes/N, a share in [0, 1] ("proportion").
	Proportion Metric = iota
	// NPS is 100·(Promoters − Detractors)/N in points ("nps").
	NPS
	// Mean is the period's Mean ("mean").
	Mean
)

// Window is a baseline: the periods [From, To) (0-based indices, To
// excluded) from which a chart estimates its centre line and spread. The
// zero value means the whole series. A window that does not lie inside the
// series, or is empty, is an error wrapping [ErrOutOfRange].
//
// JSON keys: from, to.
type Window struct {
	From int
	To   int
}

// Standard is a known (target) process, used instead of a baseline
// estimate: the centre line and the per-response variance. For [Proportion]
// Center is p₀ and Variance p₀(1 − p₀) (0 means exactly that); for [NPS]
// Center is in points and Variance is the trinomial V = p + d − (p − d)² in
// share units (as nps.Result.Variance); for [Mean] Center is μ₀ and
// Variance σ². Charts with a Standard draw limits from it alone.
//
// JSON keys: center, variance.
type Standard struct {
	Center   float64
	Variance float64
}

// resolve returns the window w stands for in a series of n periods.
func (w Window) resolve(n int) (Window, error) {
	if w == (Window{}) {
		return Window{0, n}, nil
	}
	if w.From < 0 || w.To > n || w.From >= w.To {
		return Window{}, badValue(-1, "baseline", fmt.Sprintf("[%d, %d)", w.From, w.To),
			fmt.Errorf("%w: the series has periods [0, %d)", ErrOutOfRange, n))
	}
	return w, nil
}

// value returns the metric of period p.
func (m Metric) value(p Period) float64 {
	switch m {
	case NPS:
		return 100 * float64(p.Promoters-p.Detractors) / float64(p.N)
	case Mean:
		return p.Mean
	}
	return float64(p.Successes) / float64(p.N)
}

// check returns an error for an unknown metric.
func (m Metric) check() error {
	if m < Proportion || m > Mean {
		return badValue(-1, "metric", int(m), ErrOutOfRange)
	}
	return nil
}

// checkPeriods validates the series for metric m: at least one period,
// n ≥ 1 (minN for charts that need a spread per period), counts consistent,
// dates increasing, labels unique.
func checkPeriods(ps []Period, m Metric, minN int) error {
	if err := m.check(); err != nil {
		return err
	}
	if len(ps) == 0 {
		return fmt.Errorf("monitor: no periods: %w", ErrEmpty)
	}
	dated := !ps[0].Date.IsZero()
	var labels map[string]int // made at the first label
	for i, p := range ps {
		if err := checkPeriod(i, p, m, minN); err != nil {
			return err
		}
		if p.Date.IsZero() == dated {
			return badValue(i, "date", p.Date.Format(time.DateOnly),
				fmt.Errorf("%w: every period or none has a date", ErrOrder))
		}
		if dated && i > 0 {
			prev := ps[i-1].Date
			switch {
			case p.Date.Equal(prev):
				return badValue(i, "date", p.Date.Format(time.RFC3339), ErrDuplicate)
			case p.Date.Before(prev):
				return badValue(i, "date", p.Date.Format(time.RFC3339),
					fmt.Errorf("%w: before %s", ErrOrder, prev.Format(time.RFC3339)))
			}
		}
		if p.Label != "" {
			if labels == nil {
				labels = make(map[string]int, len(ps)-i)
			}
			if j, ok := labels[p.Label]; ok {
				return badValue(i, "label", p.Label, fmt.Errorf("%w: also at index %d", ErrDuplicate, j))
			}
			labels[p.Label] = i
		}
	}
	return nil
}

func checkPeriod(i int, p Period, m Metric, minN int) error {
	switch {
	case p.N < 0:
		return badValue(i, "n", p.N, ErrNegative)
	case p.N == 0:
		return badValue(i, "n", p.N, ErrEmpty)
	case p.N < minN:
		return badValue(i, "n", p.N, fmt.Errorf("%w: a chart of spread needs n ≥ %d", ErrOutOfRange, minN))
	}
	switch m {
	case Proportion:
		if p.Successes < 0 {
			return badValue(i, "successes", p.Successes, ErrNegative)
		}
		if p.Successes > p.N {
			return badValue(i, "successes", p.Successes, fmt.Errorf("%w: more than n = %d", ErrOutOfRange, p.N))
		}
	case NPS:
		for _, c := range []struct {
			name string
			v    int
		}{{"promoters", p.Promoters}, {"passives", p.Passives}, {"detractors", p.Detractors}} {
			if c.v < 0 {
				return badValue(i, c.name, c.v, ErrNegative)
			}
			if c.v > p.N {
				return badValue(i, c.name, c.v, fmt.Errorf("%w: more than n = %d", ErrOutOfRange, p.N))
			}
		}
		// Each count is at most N, so the sum cannot overflow.
		if p.Promoters+p.Passives+p.Detractors != p.N {
			return badValue(i, "n", p.N, fmt.Errorf("%w: promoters + passives + detractors = %d",
				ErrOutOfRange, p.Promoters+p.Passives+p.Detractors))
		}
	case Mean:
		if math.IsNaN(p.Mean) || math.IsInf(p.Mean, 0) {
			return badValue(i, "mean", p.Mean, ErrNonFinite)
		}
		switch {
		case math.IsNaN(p.Variance) || math.IsInf(p.Variance, 0):
			return badValue(i, "variance", p.Variance, ErrNonFinite)
		case p.Variance < 0:
			return badValue(i, "variance", p.Variance, ErrNegative)
		}
	}
	return nil
}

// checkStandard validates a known standard for metric m and returns it with
// a zero proportion variance filled in.
func checkStandard(sd Standard, m Metric) (Standard, error) {
	for _, f := range []struct {
		name string
		v    float64
	}{{"center", sd.Center}, {"variance", sd.Variance}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return sd, badValue(-1, "standard "+f.name, f.v, ErrNonFinite)
		}
	}
	switch m {
	case Proportion:
		if sd.Center < 0 || sd.Center > 1 {
			return sd, badValue(-1, "standard center", sd.Center, fmt.Errorf("%w 0..1", ErrOutOfRange))
		}
		if sd.Variance == 0 {
			sd.Variance = sd.Center * (1 - sd.Center)
		}
	case NPS:
		if sd.Center < -100 || sd.Center > 100 {
			return sd, badValue(-1, "standard center", sd.Center, fmt.Errorf("%w -100..100", ErrOutOfRange))
		}
	}
	if sd.Variance < 0 {
		return sd, badValue(-1, "standard variance", sd.Variance, ErrNegative)
	}
	if sd.Variance == 0 {
		if m == Proportion { // p₀ = 0 or 1
			return sd, ErrNoVariation
		}
		return sd, badValue(-1, "standard variance", sd.Variance,
			fmt.Errorf("%w: a known standard needs a positive variance", ErrOutOfRange))
	}
	return sd, nil
}

// params are a chart's centre and per-response variance, from a standard
// or estimated on a baseline window.
type params struct {
	center   float64 // centre line in the metric's units
	variance float64 // per-response variance (share units for NPS)
}

// stdErr returns the standard error of a period of n responses, in the
// metric's units.
func (q params) stdErr(m Metric, n int) float64 {
	se := math.Sqrt(q.variance / float64(n))
	if m == NPS {
		se *= 100
	}
	return se
}

// estimate returns the pooled centre and per-response variance of the
// periods in w: p̄ = Σx/Σn and p̄(1 − p̄); the NPS of the pooled counts and
// its trinomial variance; the n-weighted mean and the pooled within-period
// variance Σ(n − 1)s²/(Σn − m). Sums are in float64, so they cannot wrap.
func estimate(ps []Period, m Metric, w Window) (params, error) {
	var n, a, b float64
	for _, p := range ps[w.From:w.To] {
		n += float64(p.N)
		switch m {
		case Proportion:
			a += float64(p.Successes)
		case NPS:
			a += float64(p.Promoters)
			b += float64(p.Detractors)
		case Mean:
			a += float64(p.N) * p.Mean
			b += float64(p.N-1) * p.Variance
		}
	}
	var q params
	switch m {
	case Proportion:
		q.center = a / n
		q.variance = q.center * (1 - q.center)
	case NPS:
		pp, dd := a/n, b/n
		q.center = 100 * (pp - dd)
		q.variance = pp + dd - (pp-dd)*(pp-dd)
	case Mean:
		q.center = a / n
		df := n - float64(w.To-w.From)
		if df <= 0 {
			return q, badValue(-1, "baseline", fmt.Sprintf("[%d, %d)", w.From, w.To),
				fmt.Errorf("%w: one response per period leaves no degrees of freedom for the variance", ErrOutOfRange))
		}
		q.variance = b / df
	}
	if math.IsInf(q.center, 0) || math.IsNaN(q.center) || math.IsInf(q.variance, 0) {
		return q, badValue(-1, "baseline", fmt.Sprintf("[%d, %d)", w.From, w.To),
			fmt.Errorf("%w: the pooled mean or variance overflows float64", ErrOutOfRange))
	}
	if !(q.variance > 0) {
		return q, ErrNoVariation
	}
	return q, nil
}

// resolveParams returns the chart parameters: the standard when one is
// given, else the estimate on the baseline window.
func resolveParams(ps []Period, m Metric, base Window, sd *Standard) (Window, params, error) {
	w, err := base.resolve(len(ps))
	if err != nil {
		return w, params{}, err
	}
	if sd != nil {
		s, err := checkStandard(*sd, m)
		if err != nil {
			return w, params{}, err
		}
		return w, params{center: s.Center, variance: s.Variance}, nil
	}
	q, err := estimate(ps, m, w)
	return w, q, err
}

// standardize returns z_i = (x_i − centre)/SE_i for every period.
func standardize(ps []Period, m Metric, q params) []float64 {
	z := make([]float64, len(ps))
	for i, p := range ps {
		z[i] = (m.value(p) - q.center) / q.stdErr(m, p.N)
	}
	return z
}

// DateWindow returns the window of the dated periods whose Date lies in
// [from, to), for a baseline declared by dates; its From is also the
// index of the first period on or after from, the at of [Change]. Periods
// without dates, or no period in the range, are an error wrapping
// [ErrOutOfRange]; dates out of order or duplicated are errors as for a
// chart (counts are not checked here).
func DateWindow(periods []Period, from, to time.Time) (Window, error) {
	// Only the dates and labels matter here: check them on bare copies.
	bare := make([]Period, len(periods))
	for i, p := range periods {
		bare[i] = Period{Label: p.Label, Date: p.Date, N: 1}
	}
	if err := checkPeriods(bare, Proportion, 1); err != nil {
		return Window{}, err
	}
	if periods[0].Date.IsZero() {
		return Window{}, badValue(0, "date", "", fmt.Errorf("%w: the periods have no dates", ErrOutOfRange))
	}
	w := Window{From: len(periods), To: len(periods)}
	for i, p := range periods {
		if !p.Date.Before(from) && i < w.From {
			w.From = i
		}
		if !p.Date.Before(to) {
			w.To = i
			break
		}
	}
	if w.From >= w.To {
		return Window{}, badValue(-1, "baseline", fmt.Sprintf("[%s, %s)", from.Format(time.RFC3339), to.Format(time.RFC3339)),
			fmt.Errorf("%w: no period in the range", ErrOutOfRange))
	}
	return w, nil
}
