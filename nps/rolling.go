package nps

import (
	"fmt"
	"math"
)

// RollingPoint is the NPS over the trailing window ending at one period.
//
// An absent value is nil (null in JSON) or NaN, never a zero that could be
// read as a score.
//
// JSON keys: full, pooled, mean_of_periods, vs_previous.
type RollingPoint struct {
	// Full is false for the first window−1 periods, where the window is not
	// yet complete; the other fields are then absent (nil, NaN).
	Full bool
	// Pooled is the NPS of all responses in the window, pooled: the
	// specified behaviour. Its Interval gives the window's uncertainty.
	// Nil when the window is not full or holds no responses at all.
	Pooled *Result
	// MeanOfPeriods is the plain average of the per-period NPS values, for
	// comparison only: it weights a small period as much as a large one.
	// NaN when a period in the window has no responses.
	MeanOfPeriods float64
	// VsPrevious is the significance alert: the adjusted-Wald comparison of
	// the previous, non-overlapping window of the same length (the periods
	// window … 2·window−1 back) as a with this window as b, so that a
	// positive Diff means the score went up. Nil until two full windows
	// exist, or when either window has no responses.
	VsPrevious *Comparison
}

// Rolling returns, for each period, the pooled NPS of the trailing window of
// window periods ending there (and the mean of the period scores, to show
// how it differs), with the test of that window against the window before
// it as a significance alert. A period may have no responses. window < 1
// or a negative count returns an *[InputError] (Index is the period), and
// counts whose total overflows int an error wrapping [ErrOutOfRange].
func Rolling(periods []Counts, window int) ([]RollingPoint, error) {
	if window < 1 {
		return nil, badValue(-1, "window", window, ErrOutOfRange, "(at least 1 period)")
	}
	// Prefix sums of the counts: if the grand total fits in an int, so does
	// every window's.
	prefix := make([]Counts, len(periods)+1)
	scores := make([]float64, len(periods))
	total := 0
	for i, c := range periods {
		if err := c.checkSigns("", i); err != nil {
			return nil, err
		}
		n, ok := c.sum()
		if ok {
			total, ok = addInt(total, n)
		}
		if !ok {
			return nil, fmt.Errorf("%w: the counts up to period %d overflow int", ErrOutOfRange, i)
		}
		p := prefix[i]
		prefix[i+1] = Counts{p.Promoters + c.Promoters, p.Passives + c.Passives, p.Detractors + c.Detractors}
		scores[i] = math.NaN()
		if r, err := FromCounts(c); err == nil {
			scores[i] = r.Score
		}
	}
	out := make([]RollingPoint, len(periods))
	for i := range periods {
		pt := &out[i]
		pt.MeanOfPeriods = math.NaN()
		if i+1 < window {
			continue
		}
		pt.Full = true
		hi, lo := prefix[i+1], prefix[i+1-window]
		pool := Counts{hi.Promoters - lo.Promoters, hi.Passives - lo.Passives, hi.Detractors - lo.Detractors}
		if r, err := FromCounts(pool); err == nil {
			pt.Pooled = &r
		}
		var sum float64
		for _, s := range scores[i+1-window : i+1] {
			sum += s
		}
		if !math.IsNaN(sum) {
			pt.MeanOfPeriods = sum / float64(window)
		}
		if i+1 >= 2*window && pt.Pooled != nil {
			if prev := out[i-window].Pooled; prev != nil {
				if c, err := Compare(prev.Counts(), pool, nil); err == nil {
					pt.VsPrevious = &c
				}
			}
		}
	}
	return out, nil
}
