package retention

import "github.com/cxkit/cxkit/internal/wire"

// The JSON encoding of every value the package returns or accepts (api.md
// §1): keys in snake_case as listed in each type's doc comment, NaN as null,
// ±Inf as "Infinity"/"-Infinity", enumerations by name.

// MarshalJSON encodes iv with the keys listed in the type's doc; undefined values are null.
func (iv Interval) MarshalJSON() ([]byte, error) { return wire.Marshal(iv) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (iv *Interval) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, iv) }

// MarshalJSON encodes t with the keys listed in the type's doc.
func (t Tenure) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (t *Tenure) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r RiskRow) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *RiskRow) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes r as {"rows": [...]}.
func (r RiskSet) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes. Rows that Add cannot
// produce (unsorted or repeated times, negative counts, more late entries
// than later exits) are an error and leave r unchanged.
func (r *RiskSet) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, r, (*RiskSet).check)
}

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s Settings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Settings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Step) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Step) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Curve) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Curve) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m Median) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *Median) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r RMST) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *RMST) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes g with the keys listed in the type's doc.
func (g GroupCount) MarshalJSON() ([]byte, error) { return wire.Marshal(g) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (g *GroupCount) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, g) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r LogRankResult) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *LogRankResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes m with the keys listed in the type's doc.
func (m SBG) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *SBG) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s FitSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *FitSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r FitResult) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *FitResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p Projection) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Projection) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes c with the keys listed in the type's doc.
func (c Customer) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Customer) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r CohortRow) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *CohortRow) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes c with the keys listed in the type's doc.
func (c CohortCounts) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes. Counts that Add cannot
// produce (cohorts out of order or not on a period start, an empty cohort,
// negative or inconsistent counts, an unknown zone) are an error and leave
// c unchanged.
func (c *CohortCounts) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, c, (*CohortCounts).check)
}

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s TableSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *TableSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Cell) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Cell) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Cohort) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Cohort) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c ChurnCell) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *ChurnCell) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes t with the keys listed in the type's doc; undefined values are null.
func (t Table) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (t *Table) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s CohortSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *CohortSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

var transformNames = []string{LogLog: "log-log", Log: "log", Plain: "plain"}

// String returns the transform's name, e.g. "log-log".
func (t Transform) String() string {
	return wire.EnumString("retention.Transform", transformNames, int(t))
}

// MarshalText encodes the transform by its name.
func (t Transform) MarshalText() ([]byte, error) {
	return wire.EnumText("retention.Transform", transformNames, int(t))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (t *Transform) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("retention.Transform", transformNames, b)
	*t = Transform(i)
	return err
}

var hazardNames = []string{NelsonAalen: "nelson-aalen", Smoothed: "smoothed", Binomial: "binomial"}

// String returns the estimator's name, e.g. "nelson-aalen".
func (h Hazard) String() string { return wire.EnumString("retention.Hazard", hazardNames, int(h)) }

// MarshalText encodes the estimator by its name.
func (h Hazard) MarshalText() ([]byte, error) {
	return wire.EnumText("retention.Hazard", hazardNames, int(h))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (h *Hazard) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("retention.Hazard", hazardNames, b)
	*h = Hazard(i)
	return err
}

var medianRuleNames = []string{Midpoint: "midpoint", FirstBelow: "first-below"}

// String returns the rule's name, e.g. "midpoint".
func (m MedianRule) String() string {
	return wire.EnumString("retention.MedianRule", medianRuleNames, int(m))
}

// MarshalText encodes the rule by its name.
func (m MedianRule) MarshalText() ([]byte, error) {
	return wire.EnumText("retention.MedianRule", medianRuleNames, int(m))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (m *MedianRule) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("retention.MedianRule", medianRuleNames, b)
	*m = MedianRule(i)
	return err
}

var periodNames = []string{Week: "week", Day: "day", Month: "month"}

// String returns the period's name, e.g. "week".
func (p Period) String() string { return wire.EnumString("retention.Period", periodNames, int(p)) }

// MarshalText encodes the period by its name.
func (p Period) MarshalText() ([]byte, error) {
	return wire.EnumText("retention.Period", periodNames, int(p))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (p *Period) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("retention.Period", periodNames, b)
	*p = Period(i)
	return err
}

var definitionNames = []string{Classic: "classic", Unbounded: "unbounded"}

// String returns the definition's name, e.g. "classic".
func (d Definition) String() string {
	return wire.EnumString("retention.Definition", definitionNames, int(d))
}

// MarshalText encodes the definition by its name.
func (d Definition) MarshalText() ([]byte, error) {
	return wire.EnumText("retention.Definition", definitionNames, int(d))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (d *Definition) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("retention.Definition", definitionNames, b)
	*d = Definition(i)
	return err
}
