package segment

import (
	"fmt"
	"math"
	"slices"

	"github.com/cxkit/cxkit/internal/summary"
)

// Profile describes one segment for people who have to act on it.
//
// JSON keys: segment, size, share, revenue, revenue_share, mean,
// distinctive (RevenueShare is null when undefined).
type Profile struct {
	Segment      int       // the label
	Size         int       // number of customers
	Share        float64   // Size / n
	Revenue      float64   // Σ revenue of its customers (0 without revenue)
	RevenueShare float64   // Revenue / total revenue (NaN without revenue or when the total is 0)
	Mean         []float64 // per feature: mean in the segment, in the units of x
	// Distinctive lists every feature ordered by how strongly it sets the
	// segment apart from the rest (largest |SMD| first; ties keep feature
	// order).
	Distinctive []FeatureContrast
}

// FeatureContrast compares one feature inside a segment with the rest of
// the customers.
//
// JSON keys: feature, name, mean, rest_mean, smd (NaN as null, ±Inf as
// "Infinity" and "-Infinity").
type FeatureContrast struct {
	Feature  int     // column of x
	Name     string  // from the names given to Profiles ("" if none)
	Mean     float64 // mean in the segment
	RestMean float64 // mean over all other customers (NaN if there are none)
	// SMD is the standardised mean difference (Cohen's d) of the segment
	// against the rest: (Mean − RestMean) / pooled standard deviation, the
	// pooled variance being ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2). |SMD| of 0.2,
	// 0.5 and 0.8 are Cohen's small, medium and large. NaN when the rest is
	// empty or both groups have one point; ±Inf when the pooled deviation
	// is 0 but the means differ (0 when they are equal).
	SMD float64
}

// Profiles summarises each segment of a labelled data set: size, share,
// revenue and revenue share, per-feature means in the units of x (pass the
// unscaled data to read them in original units), and the features that
// most distinguish it from the other customers by standardised mean
// difference. revenue is optional (nil) and otherwise one finite
// non-negative value per row; names is optional (nil) and otherwise one
// per column. Profiles are returned in increasing label order, for every
// label present. The cost is O(n·d + k·d log d).
//
// Errors: those of [Matrix.Validate]; labels, revenue or names of the wrong
// length ([ErrLength]); an [*InputError] for a label outside 0..n−1
// ([ErrOutOfRange]) or a revenue that is negative ([ErrNegative]) or not
// finite ([ErrNonFinite]).
func Profiles(x Matrix, labels []int, revenue []float64, names []string) ([]Profile, error) {
	if err := x.Validate(); err != nil {
		return nil, err
	}
	members, _, err := clusterIndex(labels, x.Rows)
	if err != nil {
		return nil, err
	}
	if revenue != nil {
		if len(revenue) != x.Rows {
			return nil, fmt.Errorf("%w: %d revenue values for %d rows", ErrLength, len(revenue), x.Rows)
		}
		for i, v := range revenue {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, inputErr(i, "revenue", v, ErrNonFinite, "")
			}
			if v < 0 {
				return nil, inputErr(i, "revenue", v, ErrNegative, "")
			}
		}
	}
	if names != nil && len(names) != x.Cols {
		return nil, fmt.Errorf("%w: %d names for %d columns", ErrLength, len(names), x.Cols)
	}
	k := len(members)
	seg := make([][]summary.Summary, k)
	for c, mem := range members {
		seg[c] = make([]summary.Summary, x.Cols)
		for _, i := range mem {
			for j, v := range x.Row(i) {
				seg[c][j].Add(v)
			}
		}
	}
	// The rest of segment c merges the segments before it (prefix[c]) with
	// those after it (suffix[c+1]): O(k·d) merges in all, not O(k²·d).
	prefix := make([][]summary.Summary, k+1)
	suffix := make([][]summary.Summary, k+1)
	prefix[0], suffix[k] = make([]summary.Summary, x.Cols), make([]summary.Summary, x.Cols)
	for c := 0; c < k; c++ {
		prefix[c+1] = append([]summary.Summary(nil), prefix[c]...)
		for j := range prefix[c+1] {
			prefix[c+1][j].Merge(seg[c][j])
		}
	}
	for c := k - 1; c >= 0; c-- {
		suffix[c] = append([]summary.Summary(nil), seg[c]...)
		for j := range suffix[c] {
			suffix[c][j].Merge(suffix[c+1][j])
		}
	}
	totalRevenue := 0.0
	for _, v := range revenue {
		totalRevenue += v
	}
	out := make([]Profile, 0, k)
	for c, mem := range members {
		p := Profile{Segment: labels[mem[0]], Size: len(mem), Share: float64(len(mem)) / float64(x.Rows), RevenueShare: math.NaN()}
		for _, i := range mem {
			if revenue != nil {
				p.Revenue += revenue[i]
			}
		}
		if revenue != nil && totalRevenue > 0 && !math.IsInf(totalRevenue, 0) {
			p.RevenueShare = p.Revenue / totalRevenue
		}
		p.Mean = make([]float64, x.Cols)
		for j, in := range seg[c] {
			p.Mean[j] = in.Mean
			rest := prefix[c][j]
			rest.Merge(suffix[c+1][j])
			fc := contrast(in, rest)
			fc.Feature = j
			if names != nil {
				fc.Name = names[j]
			}
			p.Distinctive = append(p.Distinctive, fc)
		}
		slices.SortStableFunc(p.Distinctive, func(a, b FeatureContrast) int {
			aa, bb := math.Abs(a.SMD), math.Abs(b.SMD)
			switch {
			case aa > bb || (!math.IsNaN(aa) && math.IsNaN(bb)):
				return -1
			case aa < bb || (math.IsNaN(aa) && !math.IsNaN(bb)):
				return 1
			}
			return 0
		})
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Profile) int { return a.Segment - b.Segment })
	return out, nil
}

// contrast compares the summary of a segment with that of the rest.
func contrast(in, rest summary.Summary) FeatureContrast {
	fc := FeatureContrast{Mean: in.Mean, RestMean: math.NaN(), SMD: math.NaN()}
	if rest.N == 0 {
		return fc
	}
	fc.RestMean = rest.Mean
	df := in.N + rest.N - 2
	if df <= 0 {
		return fc
	}
	d := in.Mean - rest.Mean
	pooled := math.Sqrt((in.M2 + rest.M2) / float64(df))
	switch {
	case pooled > 0:
		fc.SMD = d / pooled
	case d == 0:
		fc.SMD = 0
	default:
		fc.SMD = math.Copysign(math.Inf(1), d)
	}
	return fc
}
