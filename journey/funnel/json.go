package funnel

import (
	"github.com/cxkit/cxkit/internal/badinput"
	"github.com/cxkit/cxkit/internal/wire"
)

var orderNames = []string{Ordered: "ordered", Strict: "strict", Unordered: "unordered"}

// String returns "ordered", "strict" or "unordered".
func (o Order) String() string { return wire.EnumString("funnel.Order", orderNames, int(o)) }

// MarshalText encodes the step order by its name.
func (o Order) MarshalText() ([]byte, error) {
	return wire.EnumText("funnel.Order", orderNames, int(o))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (o *Order) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("funnel.Order", orderNames, b)
	*o = Order(i)
	return badinput.Unknown(ErrUnknown, err)
}

// MarshalJSON encodes e with the keys listed in the type's doc; undefined values are null.
func (e Exclusion) MarshalJSON() ([]byte, error) { return wire.Marshal(e) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (e *Exclusion) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, e) }

// MarshalJSON encodes f with the keys listed in the type's doc; undefined values are null.
func (f Funnel) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *Funnel) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes f with the keys listed in the type's doc; undefined values are null.
func (f Step) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *Step) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes f with the keys listed in the type's doc; undefined values are null.
func (f Result) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *Result) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes f with the keys listed in the type's doc; undefined values are null.
func (f Group) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *Group) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes o with the keys listed in the type's doc.
func (o Outcome) MarshalJSON() ([]byte, error) { return wire.Marshal(o) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (o *Outcome) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, o) }

// MarshalJSON encodes t with the keys listed in the type's doc.
func (t Tally) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes and checks that the
// slices fit the steps (the errors of [Tally.Merge]).
func (t *Tally) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, t, (*Tally).check)
}
