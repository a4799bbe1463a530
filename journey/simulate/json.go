package simulate

import "github.com/cxkit/cxkit/internal/wire"

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Simulator) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Simulator) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Data) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Data) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }
