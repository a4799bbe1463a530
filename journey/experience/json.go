package experience

import "github.com/cxkit/cxkit/internal/wire"

// MarshalJSON encodes x with the keys listed in the type's doc; undefined values are null.
func (x Touchpoint) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (x *Touchpoint) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p PainPointSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *PainPointSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p PainPoint) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *PainPoint) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes k with the keys listed in the type's doc; undefined values are null.
func (k KeyDriverSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(k) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (k *KeyDriverSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, k) }

// MarshalJSON encodes d with the keys listed in the type's doc; undefined values are null.
func (d DriverResult) MarshalJSON() ([]byte, error) { return wire.Marshal(d) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (d *DriverResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, d) }
