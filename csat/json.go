package csat

import (
	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/wire"
)

// The JSON encoding of every exported type (api.md §1): snake_case keys
// listed in each type's doc, NaN as null, enumerations by name.

var alternativeNames = []string{TwoSided: "two-sided", Less: "less", Greater: "greater"}

// String returns the alternative's name, e.g. "two-sided".
func (a Alternative) String() string {
	return wire.EnumString("csat.Alternative", alternativeNames, int(a))
}

// MarshalText encodes the alternative by its name.
func (a Alternative) MarshalText() ([]byte, error) {
	return wire.EnumText("csat.Alternative", alternativeNames, int(a))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (a *Alternative) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("csat.Alternative", alternativeNames, b)
	*a = Alternative(i)
	return err
}

// methodNames are the names of the shared interval methods.
var methodNames = likert.MethodNames

// String returns the method's name, e.g. "wilson".
func (m Method) String() string { return wire.EnumString("csat.Method", methodNames, int(m)) }

// MarshalText encodes the method by its name.
func (m Method) MarshalText() ([]byte, error) {
	return wire.EnumText("csat.Method", methodNames, int(m))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (m *Method) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("csat.Method", methodNames, b)
	*m = Method(i)
	return err
}

// MarshalJSON encodes iv with the keys listed in the type's doc.
func (iv Interval) MarshalJSON() ([]byte, error) { return wire.Marshal(iv) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (iv *Interval) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, iv) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s Scale) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Scale) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r Result) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Result) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes t with the keys listed in the type's doc.
func (t Tally) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes, and returns an error for a
// tally no sequence of Add calls can produce (a bad scale, negative counts,
// counts off the scale or summing past MaxInt64); t is then unchanged.
func (t *Tally) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, t, func(v *Tally) error {
		sc, err := v.Scale.resolve()
		if err != nil {
			return err
		}
		_, err = errs.Check(v.Ratings[:], sc.Min, sc.Points())
		return export(err)
	})
}

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c ShareComparison) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *ShareComparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c MeanComparison) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *MeanComparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes c with the keys listed in the type's doc.
func (c Comparison) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Comparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s CompareSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *CompareSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s GroupSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *GroupSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s SampleSizeSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SampleSizeSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r SampleSizeResult) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *SampleSizeResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
