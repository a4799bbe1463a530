package attribution

import (
	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/wire"
)

var heuristicNames = []string{FirstTouch: "first-touch", LastTouch: "last-touch", Linear: "linear",
	PositionBased: "position-based", TimeDecay: "time-decay"}

// String returns the model's name: "first-touch", "last-touch", "linear",
// "position-based" or "time-decay".
func (m Rule) String() string {
	return wire.EnumString("attribution.Rule", heuristicNames, int(m))
}

// MarshalText encodes the model by its name.
func (m Rule) MarshalText() ([]byte, error) {
	return wire.EnumText("attribution.Rule", heuristicNames, int(m))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (m *Rule) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("attribution.Rule", heuristicNames, b)
	*m = Rule(i)
	return badinput.Unknown(ErrUnknown, err)
}

var shapleyValueNames = []string{ConversionRate: "conversion-rate", SubsetSum: "subset-sum"}

// String returns "conversion-rate" or "subset-sum".
func (v ShapleyValue) String() string {
	return wire.EnumString("attribution.ShapleyValue", shapleyValueNames, int(v))
}

// MarshalText encodes the coalition value by its name.
func (v ShapleyValue) MarshalText() ([]byte, error) {
	return wire.EnumText("attribution.ShapleyValue", shapleyValueNames, int(v))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (v *ShapleyValue) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("attribution.ShapleyValue", shapleyValueNames, b)
	*v = ShapleyValue(i)
	return badinput.Unknown(ErrUnknown, err)
}

// MarshalJSON encodes a with the keys listed in the type's doc; undefined values are null.
func (a Shares) MarshalJSON() ([]byte, error) { return wire.Marshal(a) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (a *Shares) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON encodes h with the keys listed in the type's doc; undefined values are null.
func (h HeuristicSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(h) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (h *HeuristicSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, h) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MarkovSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MarkovSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s StateTransition) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *StateTransition) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MarkovResult) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MarkovResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s ShapleySettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *ShapleySettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s ShapleyResult) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *ShapleyResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes p with the keys listed in the type's doc.
func (p Path) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Path) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes e with the keys listed in the type's doc.
func (e Edge) MarshalJSON() ([]byte, error) { return wire.Marshal(e) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (e *Edge) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, e) }

// MarshalJSON encodes t with the keys listed in the type's doc.
func (t Transitions) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes; state that no sequence of
// Add calls can produce is an error (see [Transitions.Merge]), and t is then
// unchanged.
func (t *Transitions) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, t, func(v *Transitions) error {
		if err := v.check(true); err != nil {
			return err
		}
		return v.checkChannels()
	})
}
