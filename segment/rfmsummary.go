package segment

import (
	"fmt"
	"math"
)

// RFMSummary describes one named segment of a scored RFM table: how many
// customers it holds, what share of the revenue they bring, and their mean
// recency, frequency and spend: the table a CX team reads first ("Champions
// are 12 % of customers and 41 % of revenue").
//
// JSON keys: segment, n, share, revenue, revenue_share, mean_recency,
// mean_frequency, mean_monetary (the means are null for an empty segment,
// revenue_share when no customer spent anything).
type RFMSummary struct {
	Segment       RFMSegment
	N             int     // customers in the segment
	Share         float64 // N over all customers, 0–1
	Revenue       float64 // their total Monetary
	RevenueShare  float64 // Revenue over all customers' revenue, 0–1; NaN when that is 0
	MeanRecency   float64 // mean Recency in days; NaN when N = 0
	MeanFrequency float64 // mean Frequency (purchase records); NaN when N = 0
	MeanMonetary  float64 // mean Monetary; NaN when N = 0
}

// SummarizeRFM summarises scored rows (from [BuildRFM] or [ScoreRFM]) per
// named segment: one [RFMSummary] for each of the ten segments in the
// order of [RFMSegments], empty ones included so that a dashboard always
// shows the same ten rows, then one for [Unscored] when some row is
// unscored. Sums run in the order of rows.
//
// Errors: an empty rows ([ErrEmpty]); an [*InputError] naming the row for a
// segment that is not one of the constants ([ErrOutOfRange]), a negative
// or non-finite Monetary ([ErrNegative], [ErrNonFinite]) or a negative
// Recency or Frequency ([ErrNegative]).
func SummarizeRFM(rows []RFM) ([]RFMSummary, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no RFM rows", ErrEmpty)
	}
	out := make([]RFMSummary, len(RFMSegments)+1)
	at := make([]int, Hibernating+1) // segment → position in out
	for i, s := range RFMSegments {
		at[s] = i
		out[i].Segment = s
	}
	at[Unscored] = len(RFMSegments)
	out[len(RFMSegments)].Segment = Unscored
	var total float64
	for i, r := range rows {
		switch {
		case r.Segment < Unscored || r.Segment > Hibernating:
			return nil, inputErr(i, "segment", int(r.Segment), ErrOutOfRange, "")
		case math.IsNaN(r.Monetary) || math.IsInf(r.Monetary, 0):
			return nil, inputErr(i, "monetary", r.Monetary, ErrNonFinite, "")
		case r.Monetary < 0:
			return nil, inputErr(i, "monetary", r.Monetary, ErrNegative, "")
		case r.Recency < 0:
			return nil, inputErr(i, "recency", r.Recency, ErrNegative, "")
		case r.Frequency < 0:
			return nil, inputErr(i, "frequency", r.Frequency, ErrNegative, "")
		}
		s := &out[at[r.Segment]]
		s.N++
		s.Revenue += r.Monetary
		s.MeanRecency += float64(r.Recency)
		s.MeanFrequency += float64(r.Frequency)
		total += r.Monetary
	}
	if out[len(RFMSegments)].N == 0 {
		out = out[:len(RFMSegments)]
	}
	for i := range out {
		s := &out[i]
		n := float64(s.N)
		s.Share = n / float64(len(rows))
		s.RevenueShare = s.Revenue / total
		if total == 0 {
			s.RevenueShare = math.NaN()
		}
		s.MeanRecency /= n
		s.MeanFrequency /= n
		s.MeanMonetary = s.Revenue / n
	}
	return out, nil
}
