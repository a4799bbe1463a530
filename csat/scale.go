package csat

import "fmt"

// MaxPoints is the widest scale supported: 11 points (0–10), enough for
// every CSAT question in use. A [Tally] keeps one count per point.
const MaxPoints = 11

// Scale declares the rating scale of a CSAT question and which ratings count
// as satisfied. Ratings are whole numbers from Min to Max inclusive; ratings
// ≥ TopBoxMin are "satisfied" (the top box or boxes). At most [MaxPoints]
// points (Max − Min ≤ 10) are supported; a wider or inverted scale, or a top
// box outside it, is an error wrapping [ErrScale] before anything is
// allocated.
//
// The zero Scale means [Scale5], so that a zero [Tally] is ready for the most
// common question. JSON keys: min, max, top_box_min.
type Scale struct {
	Min, Max  int
	TopBoxMin int
}

// The preset scales (see the package documentation for the vendors behind each).
var (
	// Scale5 is 1–5 with 4–5 satisfied (Delighted, Zendesk, SoGoSurvey, CustomerGauge).
	Scale5 = Scale{Min: 1, Max: 5, TopBoxMin: 4}
	// Scale7 is 1–7 with 6–7 satisfied (top-2-box).
	Scale7 = Scale{Min: 1, Max: 7, TopBoxMin: 6}
	// Scale10 is 1–10 with 9–10 satisfied (CustomerGauge; some teams use
	// 8–10: set TopBoxMin to 8).
	Scale10 = Scale{Min: 1, Max: 10, TopBoxMin: 9}
	// Scale3 is Zendesk's 1–3 scale, where only 3 is "good".
	Scale3 = Scale{Min: 1, Max: 3, TopBoxMin: 3}
	// Binary is good/bad: 0 = bad, 1 = good; CSAT = good/(good + bad).
	// Unrated tickets are not responses: leave them out.
	Binary = Scale{Min: 0, Max: 1, TopBoxMin: 1}
)

// resolve returns the scale with the zero value replaced by Scale5, or an
// error for an invalid scale. Max − Min is computed so that it cannot wrap
// around, whatever the ints.
func (s Scale) resolve() (Scale, error) {
	if s == (Scale{}) {
		return Scale5, nil
	}
	if d := s.Max - s.Min; s.Min >= s.Max || d <= 0 || d >= MaxPoints {
		return s, fmt.Errorf("%w: %d to %d (need min < max and at most %d points)", ErrScale, s.Min, s.Max, MaxPoints)
	}
	if s.TopBoxMin < s.Min || s.TopBoxMin > s.Max {
		return s, fmt.Errorf("%w: top box from %d on a %d–%d scale", ErrScale, s.TopBoxMin, s.Min, s.Max)
	}
	return s, nil
}

// Points returns the number of points on the scale, Max − Min + 1 (5 for
// the zero Scale), or 0 for an invalid scale.
func (s Scale) Points() int {
	s, err := s.resolve()
	if err != nil {
		return 0
	}
	return s.Max - s.Min + 1
}
