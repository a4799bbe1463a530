package ces

import "fmt"

// Version is the CES questionnaire, which fixes the scale, the bands and the
// direction. The zero value is V2, the current standard.
type Version int

const (
	// V2 is CES 2.0 (Dixon, Toman & DeLisi, The Effortless Experience, 2013;
	// CEB, now Gartner): agreement with "The company made it easy for me to
	// handle my issue" on 1 = strongly disagree … 7 = strongly agree. Higher
	// is easier. Easy = agree (5–7), neutral = 4, hard = disagree (1–3).
	V2 Version = iota
	// V1 is CES 1.0 (Dixon, Freeman & Toman, HBR 2010): "How much effort did
	// you personally have to put forth to handle your request?" on 1 = very
	// low … 5 = very high effort. Lower is easier. Easy = low effort (1–2),
	// neutral = 3, hard = high effort (4–5).
	V1
)

// Direction says which end of a version's scale is the good one.
type Direction int

const (
	// HigherIsEasier: a higher rating (and mean) means less effort (CES 2.0).
	HigherIsEasier Direction = iota
	// LowerIsEasier: a lower rating (and mean) means less effort (CES 1.0).
	LowerIsEasier
)

// String returns "higher is easier" or "lower is easier".
func (d Direction) String() string {
	if d == LowerIsEasier {
		return "lower is easier"
	}
	return "higher is easier"
}

// String returns "CES 2.0" or "CES 1.0".
func (v Version) String() string {
	switch v {
	case V2:
		return "CES 2.0"
	case V1:
		return "CES 1.0"
	}
	return fmt.Sprintf("Version(%d)", int(v))
}

// band holds a version's scale and its easy/hard bands, inclusive.
type band struct {
	min, max       int
	easyLo, easyHi int
	hardLo, hardHi int
	neutral        int
	dir            Direction
}

func (v Version) band() (band, error) {
	switch v {
	case V2:
		return band{min: 1, max: 7, easyLo: 5, easyHi: 7, hardLo: 1, hardHi: 3, neutral: 4, dir: HigherIsEasier}, nil
	case V1:
		return band{min: 1, max: 5, easyLo: 1, easyHi: 2, hardLo: 4, hardHi: 5, neutral: 3, dir: LowerIsEasier}, nil
	}
	return band{}, fmt.Errorf("%w: %v", ErrVersion, v)
}

// Scale returns the version's rating scale: 1–7 for V2, 1–5 for V1.
func (v Version) Scale() (min, max int) {
	b, _ := v.band()
	return b.min, b.max
}

// Direction returns which end of the scale is easier.
func (v Version) Direction() Direction {
	b, _ := v.band()
	return b.dir
}
