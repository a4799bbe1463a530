package monitor

import "math"

// Rules is a set of run rules (the zero value is WesternElectric).
type Rules int

const (
	// WesternElectric applies the four rules of the Western Electric
	// Statistical Quality Control Handbook (1956): [BeyondLimits],
	// [TwoOfThree], [FourOfFive], [EightOneSide] ("western-electric").
	// More rules mean more false alarms: on independent normal points the
	// in-control average run length is 91.75 periods instead of 370 for
	// the limits alone (Champ & Woodall, Technometrics 29(4), 1987).
	WesternElectric Rules = iota
	// Nelson applies the eight rules of Nelson ("The Shewhart control
	// chart — tests for special causes", Journal of Quality Technology
	// 16(4), 1984): [BeyondLimits], [NineOneSide], [SixTrend],
	// [FourteenAlternating], [TwoOfThree], [FourOfFive], [FifteenWithin1],
	// [EightBeyond1] ("nelson").
	Nelson
	// LimitsOnly flags points beyond the limits and nothing else
	// ("limits-only").
	LimitsOnly
)

// Rule names the rule behind an alarm. Zones are in standard errors of the
// point, zᵢ = (Valueᵢ − Centerᵢ)/StdErrᵢ, so they respect each period's n;
// trends and alternations read the values. A rule fires at the point that
// completes its pattern, and again at each further point that extends it.
type Rule int

const (
	// BeyondLimits: a point beyond the control limits ("beyond-limits").
	BeyondLimits Rule = iota
	// TwoOfThree: two of three successive points beyond 2σ on one side,
	// the last of them included ("two-of-three-beyond-2-sigma").
	TwoOfThree
	// FourOfFive: four of five successive points beyond 1σ on one side,
	// the last of them included ("four-of-five-beyond-1-sigma").
	FourOfFive
	// EightOneSide: eight successive points on one side of the centre line
	// ("eight-on-one-side").
	EightOneSide
	// NineOneSide: nine successive points on one side ("nine-on-one-side").
	NineOneSide
	// SixTrend: six successive points steadily increasing or decreasing
	// ("six-trending").
	SixTrend
	// FourteenAlternating: fourteen successive points alternating up and
	// down ("fourteen-alternating").
	FourteenAlternating
	// FifteenWithin1: fifteen successive points within 1σ of the centre,
	// a sign of limits too wide ("fifteen-within-1-sigma").
	FifteenWithin1
	// EightBeyond1: eight successive points beyond 1σ, on either side
	// ("eight-beyond-1-sigma").
	EightBeyond1
	// CUSUMUpper: the upper CUSUM above h ("cusum-upper").
	CUSUMUpper
	// CUSUMLower: the lower CUSUM above h ("cusum-lower").
	CUSUMLower
)

// Alarm is one signal on a chart: the period's index and label and the
// rule that fired.
//
// JSON keys: index, label, rule.
type Alarm struct {
	Index int
	Label string
	Rule  Rule
}

func (r Rules) check() error {
	if r < WesternElectric || r > LimitsOnly {
		return badValue(-1, "rules", int(r), ErrOutOfRange)
	}
	return nil
}

// rules returns the rules of the set, in the order they are checked.
func (r Rules) rules() []Rule {
	switch r {
	case Nelson:
		return []Rule{BeyondLimits, NineOneSide, SixTrend, FourteenAlternating, TwoOfThree, FourOfFive, FifteenWithin1, EightBeyond1}
	case LimitsOnly:
		return []Rule{BeyondLimits}
	}
	return []Rule{BeyondLimits, TwoOfThree, FourOfFive, EightOneSide}
}

// applyRules returns the alarms of the rule set on the points, by index
// and then in the set's order.
func applyRules(pts []Point, set Rules) []Alarm {
	z := make([]float64, len(pts))
	for i, p := range pts {
		z[i] = (p.Value - p.Center) / p.StdErr
	}
	var alarms []Alarm
	rules := set.rules()
	for i := range pts {
		for _, r := range rules {
			if fires(r, pts, z, i) {
				alarms = append(alarms, Alarm{Index: i, Label: pts[i].Label, Rule: r})
			}
		}
	}
	return alarms
}

// fires reports whether rule r completes its pattern at point i.
func fires(r Rule, pts []Point, z []float64, i int) bool {
	switch r {
	case BeyondLimits:
		return pts[i].Out
	case TwoOfThree:
		return kOfLast(z, i, 2, 3, 2)
	case FourOfFive:
		return kOfLast(z, i, 4, 5, 1)
	case EightOneSide:
		return run(i, 8, func(j int) bool { return z[j] > 0 }) || run(i, 8, func(j int) bool { return z[j] < 0 })
	case NineOneSide:
		return run(i, 9, func(j int) bool { return z[j] > 0 }) || run(i, 9, func(j int) bool { return z[j] < 0 })
	case SixTrend:
		return i >= 5 && (run(i, 5, func(j int) bool { return pts[j].Value > pts[j-1].Value }) ||
			run(i, 5, func(j int) bool { return pts[j].Value < pts[j-1].Value }))
	case FourteenAlternating:
		return i >= 13 && run(i, 12, func(j int) bool {
			a, b := pts[j].Value-pts[j-1].Value, pts[j-1].Value-pts[j-2].Value
			return a*b < 0
		})
	case FifteenWithin1:
		return run(i, 15, func(j int) bool { return math.Abs(z[j]) < 1 })
	case EightBeyond1:
		return run(i, 8, func(j int) bool { return math.Abs(z[j]) > 1 })
	}
	return false
}

// run reports whether ok holds at the k indices i−k+1 … i (all ≥ 0).
func run(i, k int, ok func(j int) bool) bool {
	if i < k-1 {
		return false
	}
	for j := i - k + 1; j <= i; j++ {
		if !ok(j) {
			return false
		}
	}
	return true
}

// kOfLast reports whether at least k of the m points ending at i are beyond
// zone standard errors on one side, point i among them.
func kOfLast(z []float64, i, k, m int, zone float64) bool {
	if i < m-1 {
		return false
	}
	for _, sign := range []float64{1, -1} {
		if sign*z[i] <= zone {
			continue
		}
		c := 0
		for j := i - m + 1; j <= i; j++ {
			if sign*z[j] > zone {
				c++
			}
		}
		if c >= k {
			return true
		}
	}
	return false
}
