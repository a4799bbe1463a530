package nps

import (
	"fmt"
	"math"
)

// RollingPoint is the NPS over the trailing window ending at one period.
type RollingPoint struct {
	// Full is false for the first window−1 periods, where the window is not
	// yet complete; the other fields are then absent (zero Result, NaN).
	Full bool
	// Pooled is the NPS of all responses in the window, pooled: the
	// specified behaviour. Its Interval gives the window's uncertainty.
	Pooled Result
	// PooledDefined is false when the window holds no responses at all.
	PooledDefined bool
	// MeanOfPeriods is the plain average of the per-period NPS values, for
	// comparison only: it weights a small period as much as a large one.
	// NaN when a period in the window has no responses.
	MeanOfPeriods float64
	// VsPrevious is the significance alert: the adjusted-Wald comparison of
	// this window with the previous, non-overlapping window of the same
	// length (the periods window … 2·window−1 back). HasPrevious is false,
	// and VsPrevious zero, until two full windows exist or when either
	// window has no responses.
	VsPrevious  Comparison
	HasPrevious bool
}

// Rolling returns, for each period, the pooled NPS of the trailing window of
// window periods ending there (and the mean of the period scores, to show
// how it differs), with the test of that window against the window before
// it as a significance alert. A period may have no responses. window < 1 or
// a negative count returns an error.
func Rolling(periods []Counts, window int) ([]RollingPoint, error) {
	if window < 1 {
		return nil, fmt.Errorf("%w: got %d", ErrWindow, window)
	}
	for i, c := range periods {
		if c.Promoters < 0 || c.Passives < 0 || c.Detractors < 0 {
			return nil, fmt.Errorf("%w: period %d: %+v", ErrNegativeCount, i, c)
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
		var pool Counts
		var sum float64
		empty := false
		for _, c := range periods[i+1-window : i+1] {
			pool.Promoters += c.Promoters
			pool.Passives += c.Passives
			pool.Detractors += c.Detractors
			if r, err := FromCounts(c); err == nil {
				sum += r.Score
			} else {
				empty = true
			}
		}
		if r, err := FromCounts(pool); err == nil {
			pt.Pooled, pt.PooledDefined = r, true
		}
		if !empty {
			pt.MeanOfPeriods = sum / float64(window)
		}
		if i+1 >= 2*window && pt.PooledDefined {
			prev := out[i-window]
			if c, err := Compare(pool, prev.Pooled.Counts, nil); err == nil && prev.PooledDefined {
				pt.VsPrevious, pt.HasPrevious = c, true
			}
		}
	}
	return out, nil
}
