package experience

import (
	"github.com/cxkit/cxkit/journey"

	"github.com/cxkit/cxkit/internal/rate"

	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/cxkit/cxkit/internal/summary"
)

// Touchpoint gathers the survey responses of one kind about one
// touchpoint, joined to the journey map. Ratings holds the raw ratings in
// input order, ready for the nps, csat and ces packages (experience does not
// compute those scores itself).
//
// JSON keys: touchpoint, stage, channel, moment_of_truth, kind, ratings, mean.
type Touchpoint struct {
	Touchpoint    string
	Stage         journey.Stage // journey.StageUnknown when the touchpoint is not in the map
	Channel       string        // the map's channel of the touchpoint
	MomentOfTruth bool
	Kind          journey.SurveyKind
	Ratings       []int
	Mean          float64 // mean rating (NaN if no ratings)
}

// ByTouchpoint joins survey responses to the touchpoints and stages of a
// journey map (m may be nil) and groups the ratings by touchpoint and kind.
// The result follows the map's touchpoint order, then touchpoints outside the
// map by name; within a touchpoint, kinds in the order NPS, CSAT, CES.
// Relationship responses (no touchpoint) are left out.
func ByTouchpoint(m *journey.Map, rs []journey.SurveyResponse) []Touchpoint {
	type key struct {
		tp   string
		kind journey.SurveyKind
	}
	idx := map[key]int{}
	var out []Touchpoint
	for _, r := range rs {
		if r.Touchpoint == "" {
			continue
		}
		k := key{r.Touchpoint, r.Kind}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			e := Touchpoint{Touchpoint: r.Touchpoint, Kind: r.Kind}
			if m != nil {
				if tp, ok := m.Touchpoint(r.Touchpoint); ok {
					e.Stage, e.Channel = tp.Stage, tp.Channel
				}
				e.MomentOfTruth = m.IsMomentOfTruth(r.Touchpoint)
			}
			out = append(out, e)
		}
		out[i].Ratings = append(out[i].Ratings, r.Rating)
	}
	pos := func(tp string) int {
		if m != nil {
			for i, t := range m.Touchpoints {
				if t.Name == tp {
					return i
				}
			}
		}
		return math.MaxInt
	}
	for i := range out {
		out[i].Mean = meanInts(out[i].Ratings)
	}
	slices.SortStableFunc(out, func(a, b Touchpoint) int {
		return cmp.Or(cmp.Compare(pos(a.Touchpoint), pos(b.Touchpoint)), cmp.Compare(a.Touchpoint, b.Touchpoint), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

func meanInts(x []int) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var s summary.Summary
	for _, v := range x {
		s.Add(float64(v))
	}
	return s.Mean
}

// PainPointSettings tunes [PainPoints]. A nil *PainPointSettings or a zero
// field means the default.
//
// JSON keys: min_drop_off_rate, max_score, scales (scales keyed by kind name).
type PainPointSettings struct {
	MinDropOffRate float64 // flag when the drop-off rate is at least this; default 0.2
	MaxScore       float64 // … and the rescaled score at most this; default 0.6
	// Scales gives the rating scale per kind; missing kinds use DefaultScale.
	Scales map[journey.SurveyKind]journey.Scale
	// Progress, if not nil, is called from the caller's goroutine with the
	// journeys done and the journeys to do, every few thousand journeys and
	// at the end. Not encoded.
	Progress func(done, total int)
}

// journeyChunk is how many journeys PainPoints reads between two looks at
// its context.
const journeyChunk = 1 << 12

// PainPoint is a touchpoint's drop-off and experience score side by side.
//
// JSON keys: touchpoint, stage, moment_of_truth, reached, dropped, drop_off_rate, kind, responses, score, pain, flagged.
type PainPoint struct {
	Touchpoint    string
	Stage         journey.Stage
	MomentOfTruth bool
	Reached       int     // journeys with an event at the touchpoint
	Dropped       int     // unconverted journeys whose last touchpoint it is
	DropOffRate   float64 // Dropped / Reached
	Kind          journey.SurveyKind
	Responses     int
	Score         float64 // mean rating rescaled to [0, 1] on its scale; NaN without responses
	// Pain = DropOffRate × (1 − Score), the ranking key; NaN without responses.
	Pain    float64
	Flagged bool // DropOffRate ≥ MinDropOffRate and Score ≤ MaxScore
}

// PainPoints puts each touchpoint's drop-off (from the journeys) beside its
// experience score (from ByTouchpoint; where a touchpoint has several kinds,
// the one with the most responses) and ranks touchpoints by Pain, highest
// first; touchpoints without responses come last, by drop-off rate. A
// touchpoint is a pain point when it loses many journeys and scores low.
//
// A journey drops off at its last touchpoint unless it completed: with a
// map, completing means that last touchpoint lies in the map's final stage;
// without one (m nil), that the journey's Outcome is OutcomeConverted.
// It checks ctx between blocks of journeys and returns ctx.Err() once it is
// cancelled. It returns an error wrapping ErrOutOfRange for thresholds
// outside [0, 1] and ErrScale for a scale with Max ≤ Min.
func PainPoints(ctx context.Context, m *journey.Map, js []journey.Journey, exp []Touchpoint, s *PainPointSettings) ([]PainPoint, error) {
	minDrop, maxScore := 0.2, 0.6
	var scales map[journey.SurveyKind]journey.Scale
	var progress func(done, total int)
	if s != nil {
		progress = s.Progress
		if s.MinDropOffRate != 0 {
			minDrop = s.MinDropOffRate
		}
		if s.MaxScore != 0 {
			maxScore = s.MaxScore
		}
		scales = s.Scales
	}
	if !(minDrop >= 0 && minDrop <= 1) || !(maxScore >= 0 && maxScore <= 1) {
		return nil, fmt.Errorf("%w: pain thresholds %v and %v must lie in [0, 1]", ErrOutOfRange, minDrop, maxScore)
	}
	for k, sc := range scales {
		if sc.Max <= sc.Min {
			return nil, badValue("scale of "+k.String(), fmt.Sprintf("%d..%d", sc.Min, sc.Max), ErrScale)
		}
	}
	reached := map[string]int{}
	dropped := map[string]int{}
	var order []string
	seen := map[string]bool{}
	for ji := range js {
		if ji%journeyChunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(ji, len(js))
			}
		}
		j := &js[ji]
		last := ""
		for _, e := range j.Events {
			if e.Touchpoint == "" {
				continue
			}
			if !seen[e.Touchpoint] {
				seen[e.Touchpoint] = true
				order = append(order, e.Touchpoint)
				reached[e.Touchpoint] = 0
			}
			last = e.Touchpoint
		}
		visited := map[string]bool{}
		for _, e := range j.Events {
			if e.Touchpoint != "" && !visited[e.Touchpoint] {
				visited[e.Touchpoint] = true
				reached[e.Touchpoint]++
			}
		}
		if last != "" && !completed(m, j, last) {
			dropped[last]++
		}
	}
	best := map[string]Touchpoint{}
	for _, e := range exp {
		if b, ok := best[e.Touchpoint]; !ok || len(e.Ratings) > len(b.Ratings) {
			best[e.Touchpoint] = e
		}
		if !seen[e.Touchpoint] {
			seen[e.Touchpoint] = true
			order = append(order, e.Touchpoint)
		}
	}
	out := make([]PainPoint, 0, len(order))
	mapped := func(tp string) (journey.Stage, bool) {
		if m == nil {
			return journey.StageUnknown, false
		}
		t, ok := m.Touchpoint(tp)
		return t.Stage, m.IsMomentOfTruth(tp) && ok
	}
	for _, tp := range order {
		p := PainPoint{Touchpoint: tp, Reached: reached[tp], Dropped: dropped[tp], Score: math.NaN(), Pain: math.NaN()}
		p.DropOffRate = rate.Of(p.Dropped, p.Reached)
		p.Stage, p.MomentOfTruth = mapped(tp)
		if e, ok := best[tp]; ok {
			p.Kind, p.Responses = e.Kind, len(e.Ratings)
			sc, ok := scales[e.Kind]
			if !ok {
				sc = journey.DefaultScale(e.Kind)
			}
			if sc.Max <= sc.Min {
				return nil, badValue("scale of "+e.Kind.String(), fmt.Sprintf("%d..%d", sc.Min, sc.Max), ErrScale)
			}
			if len(e.Ratings) > 0 {
				p.Score = (meanInts(e.Ratings) - float64(sc.Min)) / float64(sc.Max-sc.Min)
				p.Pain = p.DropOffRate * (1 - p.Score)
				p.Flagged = p.DropOffRate >= minDrop && p.Score <= maxScore
			}
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b PainPoint) int {
		an, bn := math.IsNaN(a.Pain), math.IsNaN(b.Pain)
		switch {
		case an != bn:
			if an {
				return 1
			}
			return -1
		case !an:
			return cmp.Compare(b.Pain, a.Pain)
		}
		return cmp.Compare(b.DropOffRate, a.DropOffRate)
	})
	if progress != nil {
		progress(len(js), len(js))
	}
	return out, nil
}

// completed reports whether a journey whose last touchpoint is last finished
// the journey (see PainPoints).
func completed(m *journey.Map, j *journey.Journey, last string) bool {
	if m == nil || len(m.Stages) == 0 {
		return j.Outcome == journey.OutcomeConverted
	}
	tp, ok := m.Touchpoint(last)
	return ok && tp.Stage == m.Stages[len(m.Stages)-1]
}
