package journey

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Stage is a phase of the customer lifecycle in which a touchpoint sits. The
// zero value is StageUnknown.
type Stage int

// The lifecycle stages of a journey map, in their usual order.
const (
	StageUnknown       Stage = iota // not assigned
	StageAwareness                  // the customer learns the brand exists
	StageConsideration              // the customer compares and evaluates
	StagePurchase                   // the customer buys
	StageOnboarding                 // first use, set-up, delivery
	StageUsage                      // ongoing use and service
	StageRetention                  // renewal, repeat purchase, win-back
	StageAdvocacy                   // reviews, referrals, recommendations
)

// ParseStage returns the stage named s (case-insensitive; "onboarding/usage"
// is read as StageOnboarding). It returns an error wrapping ErrUnknown for any
// other name.
func ParseStage(s string) (Stage, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	if n == "onboarding/usage" {
		return StageOnboarding, nil
	}
	for i, name := range stageNames {
		if n == name {
			return Stage(i), nil
		}
	}
	return StageUnknown, badValue("stage", s, ErrUnknown)
}

// SurveyKind says which CX metric a survey question measures.
type SurveyKind int

// The survey kinds. Their rating scales are those of the nps, csat and ces
// packages: NPS 0–10, CSAT on a declared scale (usually 1–5), CES 2.0 on 1–7.
const (
	KindUnknown SurveyKind = iota // not assigned
	KindNPS                       // likelihood to recommend, 0–10
	KindCSAT                      // satisfaction, usually 1–5
	KindCES                       // customer effort, usually 1–7 (higher is easier)
)

// ParseSurveyKind reads "nps", "csat" or "ces" (case-insensitive).
func ParseSurveyKind(s string) (SurveyKind, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	for i, name := range kindNames[1:] {
		if n == name {
			return SurveyKind(i + 1), nil
		}
	}
	return KindUnknown, badValue("survey kind", s, ErrUnknown)
}

// Scale is an inclusive rating scale, such as {0, 10} for NPS.
//
// JSON keys: min, max.
type Scale struct{ Min, Max int }

// DefaultScale returns the usual scale of a survey kind: NPS 0–10, CSAT 1–5,
// CES 1–7; the zero Scale for KindUnknown.
func DefaultScale(k SurveyKind) Scale {
	switch k {
	case KindNPS:
		return Scale{0, 10}
	case KindCSAT:
		return Scale{1, 5}
	case KindCES:
		return Scale{1, 7}
	}
	return Scale{}
}

// Customer is a person or account that has journeys. Properties hold any
// attributes (segment, plan, region) used for breakdowns.
//
// JSON keys: id, properties.
type Customer struct {
	ID         string
	Properties map[string]string
}

// Event is one thing a customer did or experienced at a point in time.
//
// JSON keys: customer, time, name, touchpoint, channel, value, properties (time in RFC 3339).
type Event struct {
	Customer   string            // customer identifier
	Time       time.Time         // when it happened
	Name       string            // what happened ("visit", "add_to_cart", …)
	Touchpoint string            // the touchpoint it happened at, "" if none
	Channel    string            // the channel ("web", "email", …), "" if none
	Value      float64           // money or any value attached (0 if none)
	Properties map[string]string // other attributes, nil if none
}

// Attribute returns the event's value of the attribute name, the way
// breakdowns read it: Channel for "channel", Touchpoint for "touchpoint",
// otherwise the property name ("" when the event does not have it).
func (e *Event) Attribute(name string) string {
	switch name {
	case "channel":
		return e.Channel
	case "touchpoint":
		return e.Touchpoint
	}
	return e.Properties[name]
}

// Touchpoint is a point of contact between the customer and the company, such
// as "checkout page" or "support call", placed in a stage and a channel.
//
// JSON keys: name, stage, channel.
type Touchpoint struct {
	Name    string
	Stage   Stage
	Channel string
}

// SurveyResponse is one rating given by a customer about a touchpoint.
//
// JSON keys: customer, time, touchpoint, kind, rating (time in RFC 3339; kind by name).
type SurveyResponse struct {
	Customer   string
	Time       time.Time
	Touchpoint string     // the touchpoint rated, "" for a relationship survey
	Kind       SurveyKind // NPS, CSAT or CES
	Rating     int        // on the kind's scale
}

// Outcome is how a journey ended.
type Outcome int

// The outcomes of a journey.
const (
	OutcomeOpen      Outcome = iota // still running, or unknown
	OutcomeConverted                // reached the goal (purchase, sign-up)
	OutcomeChurned                  // left
)

// Journey is one customer's events in time order and how they ended.
//
// JSON keys: customer, events, outcome.
type Journey struct {
	Customer string
	Events   []Event // sorted by Time (stable for equal times)
	Outcome  Outcome
}

// Channels returns the channels of the journey's events in order, skipping
// events without a channel.
func (j *Journey) Channels() []string {
	out := make([]string, 0, len(j.Events))
	for _, e := range j.Events {
		if e.Channel != "" {
			out = append(out, e.Channel)
		}
	}
	return out
}

// BuildJourneys groups an event log in any order into one journey per
// customer, events sorted by time (ties keep their input order), journeys
// sorted by customer. The outcome is OutcomeConverted when an event is named
// by one of goal, else OutcomeOpen. The input slice is not modified.
func BuildJourneys(events []Event, goal ...string) []Journey {
	idx := make(map[string]int)
	var js []Journey
	for _, e := range events {
		i, ok := idx[e.Customer]
		if !ok {
			i = len(js)
			idx[e.Customer] = i
			js = append(js, Journey{Customer: e.Customer})
		}
		js[i].Events = append(js[i].Events, e)
	}
	for i := range js {
		j := &js[i]
		slices.SortStableFunc(j.Events, func(a, b Event) int { return a.Time.Compare(b.Time) })
		for _, e := range j.Events {
			if slices.Contains(goal, e.Name) {
				j.Outcome = OutcomeConverted
				break
			}
		}
	}
	slices.SortFunc(js, func(a, b Journey) int { return strings.Compare(a.Customer, b.Customer) })
	return js
}

// Map is a journey map: the stages a customer passes through, the
// touchpoints in each, and the moments of truth — the touchpoints that decide
// whether the customer stays or leaves.
//
// JSON keys: name, stages, touchpoints, moments_of_truth.
type Map struct {
	Name           string
	Stages         []Stage      // in journey order
	Touchpoints    []Touchpoint // each with its stage and channel
	MomentsOfTruth []string     // touchpoint names
}

// Touchpoint returns the touchpoint with the given name.
func (m *Map) Touchpoint(name string) (Touchpoint, bool) {
	if m == nil {
		return Touchpoint{}, false
	}
	for _, t := range m.Touchpoints {
		if t.Name == name {
			return t, true
		}
	}
	return Touchpoint{}, false
}

// IsMomentOfTruth reports whether the touchpoint is a moment of truth.
func (m *Map) IsMomentOfTruth(name string) bool {
	return m != nil && slices.Contains(m.MomentsOfTruth, name)
}

// Validate checks that touchpoint names are unique and non-empty, that every
// touchpoint's stage is one of Stages, and that every moment of truth is a
// touchpoint. A nil Map is an error wrapping ErrEmpty.
func (m *Map) Validate() error {
	if m == nil {
		return fmt.Errorf("%w: nil map", ErrEmpty)
	}
	seen := make(map[string]bool)
	for i, t := range m.Touchpoints {
		if t.Name == "" {
			return badAt(i, "map touchpoint name", "", ErrMissing)
		}
		if seen[t.Name] {
			return badAt(i, "map touchpoint", t.Name, ErrDuplicate)
		}
		seen[t.Name] = true
		if !slices.Contains(m.Stages, t.Stage) {
			return badAt(i, "stage of map touchpoint "+t.Name, t.Stage.String(), fmt.Errorf("%w: not in the map's stages", ErrUnknown))
		}
	}
	for i, n := range m.MomentsOfTruth {
		if !seen[n] {
			return badAt(i, "moment of truth", n, fmt.Errorf("%w: not a touchpoint of the map", ErrUnknown))
		}
	}
	return nil
}
