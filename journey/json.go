package journey

import (
	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/wire"
)

// The JSON encoding of every exported type (api.md §1), through
// internal/wire: keys in snake_case as each type's doc lists them, NaN as
// null, ±Inf as "Infinity"/"-Infinity", enumerations by name, func and
// rand.Source fields left out.

var stageNames = []string{StageUnknown: "unknown", StageAwareness: "awareness", StageConsideration: "consideration",
	StagePurchase: "purchase", StageOnboarding: "onboarding", StageUsage: "usage", StageRetention: "retention", StageAdvocacy: "advocacy"}

// String returns the lower-case name of the stage ("awareness", …).
func (s Stage) String() string { return wire.EnumString("journey.Stage", stageNames, int(s)) }

// MarshalText encodes the stage by its name.
func (s Stage) MarshalText() ([]byte, error) {
	return wire.EnumText("journey.Stage", stageNames, int(s))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (s *Stage) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("journey.Stage", stageNames, b)
	*s = Stage(i)
	return badinput.Unknown(ErrUnknown, err)
}

var kindNames = []string{KindUnknown: "unknown", KindNPS: "nps", KindCSAT: "csat", KindCES: "ces"}

// String returns "nps", "csat", "ces" or "unknown".
func (k SurveyKind) String() string { return wire.EnumString("journey.SurveyKind", kindNames, int(k)) }

// MarshalText encodes the kind by its name.
func (k SurveyKind) MarshalText() ([]byte, error) {
	return wire.EnumText("journey.SurveyKind", kindNames, int(k))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (k *SurveyKind) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("journey.SurveyKind", kindNames, b)
	*k = SurveyKind(i)
	return badinput.Unknown(ErrUnknown, err)
}

var outcomeNames = []string{OutcomeOpen: "open", OutcomeConverted: "converted", OutcomeChurned: "churned"}

// String returns "open", "converted" or "churned".
func (o Outcome) String() string { return wire.EnumString("journey.Outcome", outcomeNames, int(o)) }

// MarshalText encodes the outcome by its name.
func (o Outcome) MarshalText() ([]byte, error) {
	return wire.EnumText("journey.Outcome", outcomeNames, int(o))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (o *Outcome) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("journey.Outcome", outcomeNames, b)
	*o = Outcome(i)
	return badinput.Unknown(ErrUnknown, err)
}

// MarshalJSON encodes l with the keys listed in its doc.
func (l Log) MarshalJSON() ([]byte, error) { return wire.Marshal(l) }

// UnmarshalJSON decodes what MarshalJSON writes and checks the result with
// [Log.Validate].
func (l *Log) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, l, func(v *Log) error {
		if err := v.Validate(); err != nil {
			return err
		}
		v.reindex()
		return nil
	})
}

// MarshalJSON encodes t with the keys listed in its doc.
func (t PathTable) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes and checks the result with
// [PathTable.Validate].
func (t *PathTable) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, t, func(v *PathTable) error {
		if err := v.Validate(); err != nil {
			return err
		}
		if len(v.Channels) > 0 {
			v.index = make(map[string]int32, len(v.Channels)+16)
			for i, c := range v.Channels {
				v.index[c] = int32(i)
			}
		}
		return nil
	})
}

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Customer) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Customer) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes e with the keys listed in the type's doc; undefined values are null.
func (e Event) MarshalJSON() ([]byte, error) { return wire.Marshal(e) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (e *Event) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, e) }

// MarshalJSON encodes x with the keys listed in the type's doc; undefined values are null.
func (x Touchpoint) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (x *Touchpoint) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s SurveyResponse) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SurveyResponse) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes j with the keys listed in the type's doc; undefined values are null.
func (j Journey) MarshalJSON() ([]byte, error) { return wire.Marshal(j) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (j *Journey) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, j) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m Map) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *Map) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p PathRow) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *PathRow) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p PathCount) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *PathCount) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes x with the keys listed in the type's doc; undefined values are null.
func (x Transition) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (x *Transition) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Switching) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Switching) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Scale) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Scale) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p Purchase) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Purchase) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }
