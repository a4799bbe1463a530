package segment

// RFMSegment is one of the ten named segments of the (R, F) score grid.
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

var rfmSegmentNames = [...]string{
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

// String returns the segment's name, e.g. "Can't Lose Them".
func (s RFMSegment) String() string {
	if s < 0 || int(s) >= len(rfmSegmentNames) {
		return "Unscored"
	}
	return rfmSegmentNames[s]
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
