package ces

import (
	"fmt"

	"github.com/cxkit/cxkit/internal/likert"
)

// Interval is a confidence interval [Lower, Upper] at confidence Level.
// JSON keys: lower, upper, level.
type Interval struct {
	Lower float64
	Upper float64
	Level float64
}

// Contains reports whether x lies in the closed interval.
func (iv Interval) Contains(x float64) bool { return x >= iv.Lower && x <= iv.Upper }

// Method names an interval for the share of easy responses. The zero value
// is Wilson. Its JSON form is its name: "wilson", "clopper-pearson",
// "agresti-coull", "wald", "jeffreys" or "jeffreys-plain".
type Method int

// The interval methods for PctEasy.
const (
	Wilson         Method = iota // Wilson's score interval (1927): the default
	ClopperPearson               // exact (1934), conservative
	AgrestiCoull                 // Agresti and Coull (1998), clipped to [0, 100]
	Wald                         // the textbook normal interval, clipped; not recommended
	// Jeffreys is the equal-tailed interval of Beta(x + ½, n − x + ½) with
	// the boundary rule of Brown, Cai & DasGupta (2001, Statistical Science
	// 16(2), §4.1.2): 0 % as the lower end when no response is easy, 100 %
	// as the upper when all are (else the coverage falls to 0 near 0 %
	// and 100 %).
	Jeffreys
	// JeffreysPlain is the Jeffreys interval without the boundary rule, the
	// Beta quantiles at every count (statsmodels' proportion_confint
	// "jeffreys", R's binom.confint "bayes"): to reproduce those numbers.
	JeffreysPlain
)

// Result is a Customer Effort Score in both of its headline forms, the share
// of easy responses and the mean rating, with the version and direction
// recorded so that the numbers cannot be misread. JSON keys: version,
// direction (by name), n, easy, neutral, hard, pct_easy, pct_neutral,
// pct_hard, net_ease, mean, sd, std_err, mean_defined, distribution
// (undefined values, such as the SD of one response, are null).
type Result struct {
	Version   Version
	Direction Direction // HigherIsEasier for V2, LowerIsEasier for V1
	N         int       // number of responses
	// Easy, Neutral and Hard count the responses in each band: for V2 agree
	// (5–7), neutral (4) and disagree (1–3); for V1 low effort (1–2),
	// neutral (3) and high effort (4–5).
	Easy, Neutral, Hard int
	// PctEasy is the headline share in percent: % agree for V2 (Delighted's
	// CES), % low effort for V1. PctNeutral and PctHard complete it to 100.
	PctEasy, PctNeutral, PctHard float64
	// NetEase is PctEasy − PctHard, in points on [−100, 100] (Mopinion's
	// "net effort score" style).
	NetEase float64
	// Mean is the mean rating; read it with Direction (higher is better for
	// V2, lower is better for V1).
	Mean float64
	// SD is the sample standard deviation (divisor n − 1) and StdErr = SD/√n
	// the standard error of Mean; both NaN when MeanDefined is false (a
	// single response).
	SD, StdErr  float64
	MeanDefined bool
	// Distribution[i] is the number of ratings i + 1.
	Distribution [7]int
}

// Score returns the CES of ratings under version v (V2: 1–7, V1: 1–5).
// Integer-valued floats are accepted. An empty slice returns an error
// wrapping [ErrEmpty]; the first bad rating returns an *[InputError]
// wrapping [ErrNonFinite], [ErrNotInteger] or [ErrOutOfRange]; an unknown
// version wraps [ErrScale].
func Score(ratings []float64, v Version) (Result, error) {
	t := Tally{Version: v}
	b, err := v.band()
	if err == nil {
		err = export(errs.CountFloats(ratings, b.min, b.max, t.Ratings[:]))
	}
	if err != nil {
		return Result{}, err
	}
	return t.Result()
}

// FromCounts returns the CES of a distribution: counts[i] is the number of
// ratings i + 1, with 7 counts for V2 and 5 for V1. A wrong length
// ([ErrLength]), a negative count (an *[InputError] wrapping [ErrNegative]),
// all-zero counts ([ErrEmpty]) or counts summing past MaxInt64
// ([ErrOutOfRange]) return an error.
func FromCounts(counts []int, v Version) (Result, error) {
	t := Tally{Version: v}
	b, err := v.band()
	if err == nil {
		_, err = errs.FromInts(t.Ratings[:], counts, b.max)
	}
	if err != nil {
		return Result{}, export(err)
	}
	return t.Result()
}

// result computes the Result of checked, non-empty counts.
func result(v Version, b band, counts []int64) Result {
	m := likert.Of(counts[:b.max], b.min)
	n := float64(m.N)
	r := Result{
		Version: v, Direction: b.dir, N: int(m.N),
		Easy:    int(likert.Sum(counts, b.min, b.easyLo, b.easyHi)),
		Neutral: int(likert.Sum(counts, b.min, b.neutral, b.neutral)),
		Hard:    int(likert.Sum(counts, b.min, b.hardLo, b.hardHi)),
		Mean:    m.Mean,
	}
	r.PctEasy, r.PctNeutral, r.PctHard = 100*float64(r.Easy)/n, 100*float64(r.Neutral)/n, 100*float64(r.Hard)/n
	r.NetEase = r.PctEasy - r.PctHard
	r.SD, r.MeanDefined = m.SD()
	r.StdErr, _ = m.SEMean()
	for i := range b.max {
		r.Distribution[i] = int(counts[i])
	}
	return r
}

// moments recovers the moments of the ratings from the distribution.
func (r Result) moments() likert.Moments { return likert.OfInts(r.Distribution[:], 1) }

// Interval returns the confidence interval of PctEasy in percent at the
// given level (0 means 0.95) by method m (the zero Method is Wilson). A bad
// level returns an error wrapping [ErrLevel], an unknown method
// [ErrMethod], an empty result [ErrEmpty].
func (r Result) Interval(level float64, m Method) (Interval, error) {
	return likert.Share[Interval](int64(r.Easy), int64(r.N), level, int(m), errs)
}

// MeanInterval returns the t interval of the mean rating at the given level
// (0 means 0.95). With a single response it is undefined: ok is false and
// the bounds are NaN. A bad level returns an error wrapping [ErrLevel].
func (r Result) MeanInterval(level float64) (iv Interval, ok bool, err error) {
	return likert.Mean[Interval](r.moments(), level, errs)
}

// Version is the CES questionnaire, which fixes the scale, the bands and the
// direction. The zero value is V2, the current standard. It encodes as its
// name, "ces-2.0" or "ces-1.0".
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

// Direction says which end of a version's scale is the good one. It
// encodes as its name, "higher-is-easier" or "lower-is-easier".
type Direction int

const (
	// HigherIsEasier: a higher rating (and mean) means less effort (CES 2.0).
	HigherIsEasier Direction = iota
	// LowerIsEasier: a lower rating (and mean) means less effort (CES 1.0).
	LowerIsEasier
)

// band holds a version's scale and its easy/hard bands, inclusive.
type band struct {
	min, max       int
	easyLo, easyHi int
	hardLo, hardHi int
	neutral        int
	dir            Direction
}

// bands holds each version's band, indexed by Version.
var bands = [...]band{
	V2: {min: 1, max: 7, easyLo: 5, easyHi: 7, hardLo: 1, hardHi: 3, neutral: 4, dir: HigherIsEasier},
	V1: {min: 1, max: 5, easyLo: 1, easyHi: 2, hardLo: 4, hardHi: 5, neutral: 3, dir: LowerIsEasier},
}

func (v Version) band() (band, error) {
	if uint(v) < uint(len(bands)) {
		return bands[v], nil
	}
	return band{}, fmt.Errorf("%w: %v", ErrScale, v)
}

// Scale returns the version's rating scale: 1–7 for V2, 1–5 for V1, and
// 0, 0 for an unknown version.
func (v Version) Scale() (min, max int) {
	b, _ := v.band()
	return b.min, b.max
}

// Direction returns which end of the scale is easier (HigherIsEasier for an
// unknown version, whose every call returns an error wrapping [ErrScale]).
func (v Version) Direction() Direction {
	b, _ := v.band()
	return b.dir
}
