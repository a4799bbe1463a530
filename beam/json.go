package cxbeam

import "github.com/cxkit/cxkit/internal/wire"

// The JSON encoding of the exported types (api.md §1): snake_case keys
// listed in each type's doc, NaN as null.

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r Response) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Response) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes w with the keys listed in the type's doc.
func (w Weighted) MarshalJSON() ([]byte, error) { return wire.Marshal(w) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (w *Weighted) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, w) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r Rejected) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Rejected) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes c with the keys listed in the type's doc.
func (c Columns) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Columns) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r RatioUnit) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *RatioUnit) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes a with the keys listed in the type's doc.
func (a ArmTest) MarshalJSON() ([]byte, error) { return wire.Marshal(a) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (a *ArmTest) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s SRMResult) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SRMResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes p with the keys listed in the type's doc.
func (p Pattern) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Pattern) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// String returns the model's name, e.g. "bgnbd".
func (m Model) String() string { return wire.EnumString("cxbeam.Model", modelNames, int(m)) }

// MarshalText encodes the model by its name.
func (m Model) MarshalText() ([]byte, error) {
	return wire.EnumText("cxbeam.Model", modelNames, int(m))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (m *Model) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("cxbeam.Model", modelNames, b)
	*m = Model(i)
	return err
}

// MarshalJSON encodes f with the keys listed in the type's doc.
func (f ModelFit) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *ModelFit) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes p with the keys listed in the type's doc.
func (p PredictSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *PredictSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes v with the keys listed in the type's doc.
func (v CustomerValue) MarshalJSON() ([]byte, error) { return wire.Marshal(v) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (v *CustomerValue) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, v) }

// MarshalJSON encodes p with the keys listed in the type's doc.
func (p Point) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Point) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes k with the keys listed in the type's doc.
func (k KMeansSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(k) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (k *KMeansSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, k) }

// MarshalJSON encodes f with the keys listed in the type's doc.
func (f KMeansFit) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *KMeansFit) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r Record) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Record) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
