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
