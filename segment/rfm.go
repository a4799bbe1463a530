package segment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cxkit/cxkit/internal/wire"
	"github.com/cxkit/cxkit/journey"
)

// RFM is one customer's recency, frequency and monetary value at an as-of
// date, with the quintile scores and the named segment.
//
// JSON keys: customer, recency, frequency, days, monetary, r, f, m,
// segment (by name, e.g. "cant-lose-them").
type RFM struct {
	Customer string
	// Recency is the number of calendar days from the customer's last
	// purchase to the as-of date (≥ 1 when the as-of date follows the window).
	Recency int
	// Frequency is the number of purchase records; records on the same day
	// count separately.
	Frequency int
	// Days is the number of distinct days with a purchase.
	Days int
	// Monetary is the total amount spent, rounded to cents (two decimals) so
	// that equal totals tie exactly whatever the order of addition.
	Monetary float64
	// R, F and M are the quintile scores 1..5 (5 = most recent, most
	// frequent, highest spending).
	R, F, M int
	// Segment is the named segment of the (R, F) pair.
	Segment RFMSegment
}

// Cell returns the three scores as the usual three-digit cell, e.g. 544.
func (r RFM) Cell() int { return 100*r.R + 10*r.F + r.M }

// BuildRFM summarises a purchase log per customer at the date asOf and
// scores it with [ScoreRFM]. Only purchases strictly before asOf count (so
// one log can be scored at several dates, e.g. for [Migrate]); asOf is
// conventionally the day after the last day of the window. Recency counts
// calendar days in asOf's time zone. The result is in customer order (see
// [CompareCustomers]); customers with no purchase before asOf are absent.
//
// Errors: an empty log or one with no purchase before asOf ([ErrEmpty]);
// a zero asOf ([ErrDate]); an [*InputError] naming the purchase for a zero
// time ([ErrDate]), an empty customer id ([ErrEmpty]), a negative
// ([ErrNegative]) or non-finite ([ErrNonFinite]) amount, or a customer
// total that overflows ([ErrNonFinite]); ctx.Err() when ctx is cancelled.
func BuildRFM(ctx context.Context, purchases []journey.Purchase, asOf time.Time) ([]RFM, error) {
	if len(purchases) == 0 {
		return nil, fmt.Errorf("%w: empty purchase log", ErrEmpty)
	}
	if asOf.IsZero() {
		return nil, fmt.Errorf("%w: as-of date", ErrDate)
	}
	end := dayNumber(asOf, asOf.Location())
	type acc struct {
		last int
		n    int
		sum  float64
	}
	byCustomer := map[string]*acc{}
	for i, p := range purchases {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		switch {
		case p.Customer == "":
			return nil, inputErr(i, "customer", `""`, ErrEmpty, "")
		case p.Time.IsZero():
			return nil, inputErr(i, "time", p.Time.Format(time.RFC3339), ErrDate, "")
		case math.IsNaN(p.Amount) || math.IsInf(p.Amount, 0):
			return nil, inputErr(i, "amount", p.Amount, ErrNonFinite, "")
		case p.Amount < 0:
			return nil, inputErr(i, "amount", p.Amount, ErrNegative, "")
		}
		if !p.Time.Before(asOf) {
			continue
		}
		day := dayNumber(p.Time, asOf.Location())
		a := byCustomer[p.Customer]
		if a == nil {
			a = &acc{last: day}
			byCustomer[p.Customer] = a
		}
		a.n++
		a.sum += p.Amount
		if math.IsInf(a.sum, 0) {
			return nil, inputErr(i, "amount", p.Amount, ErrNonFinite, "(the total of customer %q overflows)", p.Customer)
		}
		a.last = max(a.last, day)
	}
	if len(byCustomer) == 0 {
		return nil, fmt.Errorf("%w: no purchase before %s", ErrEmpty, asOf.Format(time.DateOnly))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Distinct days need a second look at the purchases of each customer.
	daySets := make(map[string]map[int]struct{}, len(byCustomer))
	for i, p := range purchases {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !p.Time.Before(asOf) {
			continue
		}
		s := daySets[p.Customer]
		if s == nil {
			s = map[int]struct{}{}
			daySets[p.Customer] = s
		}
		s[dayNumber(p.Time, asOf.Location())] = struct{}{}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]RFM, 0, len(byCustomer))
	for id, a := range byCustomer {
		out = append(out, RFM{
			Customer:  id,
			Recency:   end - a.last,
			Frequency: a.n,
			Days:      len(daySets[id]),
			Monetary:  math.Round(a.sum*100) / 100,
		})
	}
	slices.SortFunc(out, func(a, b RFM) int { return CompareCustomers(a.Customer, b.Customer) })
	if err := scoreRFM(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// dayNumber returns the calendar day of t in loc as a day count.
func dayNumber(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// CompareCustomers is the customer order used to break ties in RFM
// scoring: identifiers that are decimal integers (digits only) come first,
// in numeric order ("4" < "18" < "0021" ≡ 21); all other identifiers follow
// in byte order. It returns −1, 0 or +1.
func CompareCustomers(a, b string) int {
	da, db := isDigits(a), isDigits(b)
	switch {
	case da && db:
		ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(ta) != len(tb) {
			if len(ta) < len(tb) {
				return -1
			}
			return 1
		}
		if c := strings.Compare(ta, tb); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	case da:
		return -1
	case db:
		return 1
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ScoreRFM fills the R, F and M quintile scores and the Segment of rows
// from their Recency, Frequency and Monetary, in place. The tie rule is
// that of pandas' rank(method="first") followed by qcut(rank, 5): each
// measure is ranked 1..n in increasing order with ties broken by the order
// of rows (put them in customer order first, as [BuildRFM] does); rank r
// goes to the first bin j = 1..5 with r ≤ 1 + j(n − 1)/5 (evaluated exactly
// in integers), so the five bins hold equal counts ±1 whatever the ties.
// F and M score = bin; R score = 6 − bin, so the most recent get 5. Ties
// are therefore split across bins: with many one-time buyers, some get
// F = 1 and others F = 2, depending only on their order.
//
// It returns [ErrEmpty] for no rows and an [*InputError] naming the row
// and the field for a negative recency, frequency or monetary value
// ([ErrNegative]) or a NaN or infinite monetary value ([ErrNonFinite]).
func ScoreRFM(rows []RFM) error { return scoreRFM(context.Background(), rows) }

// scoreRFM is ScoreRFM checking ctx between its sorts.
func scoreRFM(ctx context.Context, rows []RFM) error {
	if len(rows) == 0 {
		return fmt.Errorf("%w: no customers", ErrEmpty)
	}
	for i, r := range rows {
		switch {
		case r.Recency < 0:
			return inputErr(i, "recency", r.Recency, ErrNegative, "")
		case r.Frequency < 0:
			return inputErr(i, "frequency", r.Frequency, ErrNegative, "")
		case math.IsNaN(r.Monetary) || math.IsInf(r.Monetary, 0):
			return inputErr(i, "monetary", r.Monetary, ErrNonFinite, "")
		case r.Monetary < 0:
			return inputErr(i, "monetary", r.Monetary, ErrNegative, "")
		}
	}
	n := len(rows)
	idx := make([]int, n)
	score := func(key func(RFM) float64, set func(*RFM, int)) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			ka, kb := key(rows[a]), key(rows[b])
			switch {
			case ka < kb:
				return -1
			case ka > kb:
				return 1
			}
			return 0
		})
		for rank0, i := range idx {
			set(&rows[i], quintile(rank0+1, n))
		}
		return nil
	}
	if err := score(func(r RFM) float64 { return float64(r.Recency) }, func(r *RFM, b int) { r.R = 6 - b }); err != nil {
		return err
	}
	if err := score(func(r RFM) float64 { return float64(r.Frequency) }, func(r *RFM, b int) { r.F = b }); err != nil {
		return err
	}
	if err := score(func(r RFM) float64 { return r.Monetary }, func(r *RFM, b int) { r.M = b }); err != nil {
		return err
	}
	for i := range rows {
		rows[i].Segment = SegmentOf(rows[i].R, rows[i].F)
	}
	return nil
}

// quintile returns the bin 1..5 of rank (1..n): the first j with
// rank ≤ 1 + j(n − 1)/5.
func quintile(rank, n int) int {
	for j := 1; j < 5; j++ {
		if 5*(rank-1) <= j*(n-1) {
			return j
		}
	}
	return 5
}

// RFMMatrix returns the rows' recency, frequency and monetary value as an
// n × 3 [Matrix] (days, purchases, money), ready for [FitScaler] and [KMeans].
func RFMMatrix(rows []RFM) Matrix {
	m := Matrix{Data: make([]float64, 0, 3*len(rows)), Rows: len(rows), Cols: 3}
	for _, r := range rows {
		m.Data = append(m.Data, float64(r.Recency), float64(r.Frequency), r.Monetary)
	}
	return m
}

// RFMClusters is k-means on log-scaled RFM values.
//
// JSON keys: fit, scaler, centers.
type RFMClusters struct {
	Fit     Result // the fit on the scaled values (Fit.Labels: each customer's cluster)
	Scaler  Scaler // log1p then z-score of (recency, frequency, monetary)
	Centers Matrix // the centres back in days, purchases and money
}

// ClusterRFM is the data-driven alternative to the fixed RFM grid: it
// takes log(1 + x) of recency, frequency and monetary value (all three are
// long-tailed), z-scores them (population standard deviation) and runs
// km (km.K clusters) on the result. Centers holds the centres back in the
// original units (geometric-type means, see [Scaler.Inverse]). It returns
// [ErrEmpty] for no rows and the errors of [FitScaler] and [KMeans.Fit].
func ClusterRFM(ctx context.Context, rows []RFM, km KMeans) (RFMClusters, error) {
	if len(rows) == 0 {
		return RFMClusters{}, fmt.Errorf("%w: no customers", ErrEmpty)
	}
	x := RFMMatrix(rows)
	s, err := FitScaler(x, &ScalerSettings{Method: ZScore, Log1p: true})
	if err != nil {
		return RFMClusters{}, err
	}
	z, err := s.Transform(x)
	if err != nil {
		return RFMClusters{}, err
	}
	res, err := km.Fit(ctx, z)
	if err != nil {
		return RFMClusters{}, err
	}
	c, err := s.Inverse(res.Centers)
	if err != nil {
		return RFMClusters{}, err
	}
	return RFMClusters{Fit: res, Scaler: s, Centers: c}, nil
}

// RFMSegment is one of the ten named segments of the (R, F) score grid. It
// encodes in JSON by a kebab-case name ("champions", "cant-lose-them",
// "unscored"; see [RFMSegment.MarshalText]); String gives the display name
// ("Can't Lose Them").
type RFMSegment int

// The ten segments of the RFM grid, from the widespread 10-segment map of
// public RFM tutorials (see testdata/SOURCE.md). Rows are R scores, columns
// F scores:
//
//	R\F  1               2                    3                    4                5
//	5    New Customers   Potential Loyalists  Potential Loyalists  Champions        Champions
//	4    Promising       Potential Loyalists  Potential Loyalists  Loyal Customers  Loyal Customers
//	3    About to Sleep  About to Sleep       Need Attention       Loyal Customers  Loyal Customers
//	2    Hibernating     Hibernating          At Risk              At Risk          Can't Lose Them
//	1    Hibernating     Hibernating          At Risk              At Risk          Can't Lose Them
//
// The M score does not enter the grid. The R package rfm uses a different,
// range-based map with an "Others" fallback.
const (
	Unscored           RFMSegment = iota // scores outside 1..5
	Champions                            // bought recently and often
	LoyalCustomers                       // buy often, fairly recently
	PotentialLoyalists                   // recent, a few purchases
	NewCustomers                         // very recent first purchase
	Promising                            // recent, one purchase
	NeedAttention                        // middling recency and frequency
	AboutToSleep                         // middling recency, rare buyers
	AtRisk                               // used to buy fairly often, not lately
	CantLoseThem                         // used to buy most often, not lately
	Hibernating                          // long ago and rarely
)

// rfmSegmentLabels are the display names, rfmSegmentNames (in json.go) the
// JSON names.
var rfmSegmentLabels = []string{
	Unscored:           "Unscored",
	Champions:          "Champions",
	LoyalCustomers:     "Loyal Customers",
	PotentialLoyalists: "Potential Loyalists",
	NewCustomers:       "New Customers",
	Promising:          "Promising",
	NeedAttention:      "Need Attention",
	AboutToSleep:       "About to Sleep",
	AtRisk:             "At Risk",
	CantLoseThem:       "Can't Lose Them",
	Hibernating:        "Hibernating",
}

// RFMSegments lists the ten named segments in the order of the constants.
var RFMSegments = []RFMSegment{
	Champions, LoyalCustomers, PotentialLoyalists, NewCustomers, Promising,
	NeedAttention, AboutToSleep, AtRisk, CantLoseThem, Hibernating,
}

// String returns the segment's display name, e.g. "Can't Lose Them", or
// "segment.RFMSegment(n)" for a value that is not one of the constants.
func (s RFMSegment) String() string {
	return wire.EnumString("segment.RFMSegment", rfmSegmentLabels, int(s))
}

// rfmGrid[r-1][f-1] is the segment of scores (r, f).
var rfmGrid = [5][5]RFMSegment{
	{Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem},
	{Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem},
	{AboutToSleep, AboutToSleep, NeedAttention, LoyalCustomers, LoyalCustomers},
	{Promising, PotentialLoyalists, PotentialLoyalists, LoyalCustomers, LoyalCustomers},
	{NewCustomers, PotentialLoyalists, PotentialLoyalists, Champions, Champions},
}

// SegmentOf returns the named segment of an R score and an F score (each
// 1..5), or Unscored when either is out of range.
func SegmentOf(r, f int) RFMSegment {
	if r < 1 || r > 5 || f < 1 || f > 5 {
		return Unscored
	}
	return rfmGrid[r-1][f-1]
}
