package journey

import (
	"errors"
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

var stageNames = [...]string{"unknown", "awareness", "consideration", "purchase", "onboarding", "usage", "retention", "advocacy"}

// String returns the lower-case name of the stage ("awareness", …).
func (s Stage) String() string {
	if s < 0 || int(s) >= len(stageNames) {
		return fmt.Sprintf("Stage(%d)", int(s))
	}
	return stageNames[s]
}

// ParseStage returns the stage named s (case-insensitive; "onboarding/usage"
// is read as StageOnboarding). It returns ErrUnknownStage for any other name.
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
	return StageUnknown, fmt.Errorf("%w: %q", ErrUnknownStage, s)
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

var kindNames = [...]string{"unknown", "nps", "csat", "ces"}

// String returns "nps", "csat", "ces" or "unknown".
func (k SurveyKind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("SurveyKind(%d)", int(k))
	}
	return kindNames[k]
}

// ParseSurveyKind reads "nps", "csat" or "ces" (case-insensitive).
func ParseSurveyKind(s string) (SurveyKind, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	for i, name := range kindNames[1:] {
		if n == name {
			return SurveyKind(i + 1), nil
		}
	}
	return KindUnknown, fmt.Errorf("%w: %q", ErrUnknownKind, s)
}

// Sentinel errors of the model and the loaders.
var (
	ErrUnknownStage = errors.New("journey: unknown stage")
	ErrUnknownKind  = errors.New("journey: unknown survey kind")
	ErrMalformedRow = errors.New("journey: malformed row")
	ErrBadTime      = errors.New("journey: timestamp does not parse")
	ErrMissingCol   = errors.New("journey: missing column")
)

// Customer is a person or account that has journeys. Properties hold any
// attributes (segment, plan, region) used for breakdowns.
type Customer struct {
	ID         string
	Properties map[string]string
}

// Event is one thing a customer did or experienced at a point in time.
type Event struct {
	Customer   string            // customer identifier
	Time       time.Time         // when it happened
	Name       string            // what happened ("visit", "add_to_cart", …)
	Touchpoint string            // the touchpoint it happened at, "" if none
	Channel    string            // the channel ("web", "email", …), "" if none
	Value      float64           // money or any value attached (0 if none)
	Properties map[string]string // other attributes, nil if none
}

// Touchpoint is a point of contact between the customer and the company, such
// as "checkout page" or "support call", placed in a stage and a channel.
type Touchpoint struct {
	Name    string
	Stage   Stage
	Channel string
}

// SurveyResponse is one rating given by a customer about a touchpoint.
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

// String returns "open", "converted" or "churned".
func (o Outcome) String() string {
	switch o {
	case OutcomeOpen:
		return "open"
	case OutcomeConverted:
		return "converted"
	case OutcomeChurned:
		return "churned"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Journey is one customer's events in time order and how they ended.
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
type Map struct {
	Name           string
	Stages         []Stage      // in journey order
	Touchpoints    []Touchpoint // each with its stage and channel
	MomentsOfTruth []string     // touchpoint names
}

// Touchpoint returns the touchpoint with the given name.
func (m *Map) Touchpoint(name string) (Touchpoint, bool) {
	for _, t := range m.Touchpoints {
		if t.Name == name {
			return t, true
		}
	}
	return Touchpoint{}, false
}

// IsMomentOfTruth reports whether the touchpoint is a moment of truth.
func (m *Map) IsMomentOfTruth(name string) bool { return slices.Contains(m.MomentsOfTruth, name) }

// Validate checks that touchpoint names are unique and non-empty, that every
// touchpoint's stage is one of Stages, and that every moment of truth is a
// touchpoint.
func (m *Map) Validate() error {
	seen := make(map[string]bool)
	for i, t := range m.Touchpoints {
		if t.Name == "" {
			return fmt.Errorf("journey: map touchpoint %d has no name", i)
		}
		if seen[t.Name] {
			return fmt.Errorf("journey: map touchpoint %q defined twice", t.Name)
		}
		seen[t.Name] = true
		if !slices.Contains(m.Stages, t.Stage) {
			return fmt.Errorf("journey: map touchpoint %q: %w %v not in the map's stages", t.Name, ErrUnknownStage, t.Stage)
		}
	}
	for _, n := range m.MomentsOfTruth {
		if !seen[n] {
			return fmt.Errorf("journey: moment of truth %q is not a touchpoint of the map", n)
		}
	}
	return nil
}
