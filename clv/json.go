package clv

import "github.com/cxkit/cxkit/internal/wire"

// JSON: every exported data type of the package encodes through
// internal/wire (api.md §1): snake_case keys (listed in each type's doc),
// NaN as null, ±Inf as "Infinity"/"-Infinity", func and interface fields
// left out. Unmarshal(Marshal(v)) equals v, so a fitted model that comes
// back from JSON predicts exactly what the original predicts.

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Customer) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Customer) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes h with the keys listed in the type's doc; undefined values are null.
func (h Holdout) MarshalJSON() ([]byte, error) { return wire.Marshal(h) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (h *Holdout) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, h) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Split) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Split) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s SummarySettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SummarySettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s FitSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *FitSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r FitResult) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *FitResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m BGNBD) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *BGNBD) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MBGNBD) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MBGNBD) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m ParetoNBD) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *ParetoNBD) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m BGBB) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *BGBB) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m GammaGamma) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *GammaGamma) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes iv with the keys listed in the type's doc; undefined values are null.
func (iv Interval) MarshalJSON() ([]byte, error) { return wire.Marshal(iv) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (iv *Interval) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, iv) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p Prediction) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Prediction) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes d with the keys listed in the type's doc; undefined values are null.
func (d Discounting) MarshalJSON() ([]byte, error) { return wire.Marshal(d) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (d *Discounting) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, d) }

// MarshalJSON encodes w with the keys listed in the type's doc; undefined values are null.
func (w Window) MarshalJSON() ([]byte, error) { return wire.Marshal(w) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (w *Window) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, w) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r FrequencyRow) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *FrequencyRow) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r CountRow) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *CountRow) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes v with the keys listed in the type's doc; undefined values are null.
func (v HistoricValue) MarshalJSON() ([]byte, error) { return wire.Marshal(v) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (v *HistoricValue) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, v) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r Retention) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Retention) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes e with the keys listed in the type's doc (Err is not encoded).
func (e InputError) MarshalJSON() ([]byte, error) { return wire.Marshal(e) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (e *InputError) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, e) }

// MarshalJSON encodes s as a number (null for NaN, "Infinity" for +Inf).
func (s FixedSpend) MarshalJSON() ([]byte, error) { return wire.Marshal(float64(s)) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *FixedSpend) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, (*float64)(s)) }

// MarshalJSON encodes t with the keys listed in the type's doc.
func (t PatternTable) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes and checks it: counts and
// patterns of the same length, valid patterns, whole counts in 0..2⁵³, no
// pattern twice.
func (t *PatternTable) UnmarshalJSON(b []byte) error {
	var u PatternTable
	if err := wire.Unmarshal(b, &u); err != nil {
		return err
	}
	if err := u.reindex(); err != nil {
		return err
	}
	*t = u
	return nil
}

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s SimulationSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SimulationSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes c with the keys listed in the type's doc.
func (c SimulatedCustomer) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *SimulatedCustomer) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s Simulation) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Simulation) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }
