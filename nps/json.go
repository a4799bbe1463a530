package nps

import "github.com/cxkit/cxkit/internal/wire"

// The JSON encoding of every value the package returns or accepts (api.md
// §1): keys in snake_case as listed in each type's doc comment, NaN as null,
// ±Inf as "Infinity"/"-Infinity", enumerations by name.

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Counts) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Counts) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r Result) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Result) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes iv with the keys listed in the type's doc; undefined values are null.
func (iv Interval) MarshalJSON() ([]byte, error) { return wire.Marshal(iv) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (iv *Interval) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, iv) }

// MarshalJSON encodes bd with the keys listed in the type's doc; undefined values are null.
func (bd Bounds) MarshalJSON() ([]byte, error) { return wire.Marshal(bd) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (bd *Bounds) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, bd) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Settings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Settings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Comparison) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Comparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes t with the keys listed in the type's doc; undefined values are null.
func (t BenchmarkTest) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (t *BenchmarkTest) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s SampleSizeSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SampleSizeSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r SampleSizeResult) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *SampleSizeResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p RollingPoint) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *RollingPoint) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s GroupSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *GroupSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes w with the keys listed in the type's doc; undefined values are null.
func (w WeightedResult) MarshalJSON() ([]byte, error) { return wire.Marshal(w) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (w *WeightedResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, w) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p Prior) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Prior) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p Posterior) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Posterior) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s MonteCarloSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *MonteCarloSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MonteCarlo) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MonteCarlo) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes t as {"ratings": [11 counts]}.
func (t Tally) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes. Negative counts, or counts
// whose sum overflows int64, are an error and leave t unchanged.
func (t *Tally) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, t, (*Tally).check)
}

// MarshalJSON encodes t with the keys listed in the type's doc.
func (t WeightedTally) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes. State that Add cannot
// produce (negative or overflowing counts, negative or NaN sums) is an error
// and leaves t unchanged.
func (t *WeightedTally) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, t, (*WeightedTally).check)
}

var categoryNames = []string{Detractor: "detractor", Passive: "passive", Promoter: "promoter"}

// String returns the category's name, e.g. "promoter".
func (c Category) String() string { return wire.EnumString("nps.Category", categoryNames, int(c)) }

// MarshalText encodes the category by its name.
func (c Category) MarshalText() ([]byte, error) {
	return wire.EnumText("nps.Category", categoryNames, int(c))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (c *Category) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("nps.Category", categoryNames, b)
	*c = Category(i)
	return err
}

var methodNames = []string{AdjustedWald: "adjusted-wald", Wald: "wald"}

// String returns the method's name, e.g. "adjusted-wald".
func (m Method) String() string { return wire.EnumString("nps.Method", methodNames, int(m)) }

// MarshalText encodes the method by its name.
func (m Method) MarshalText() ([]byte, error) {
	return wire.EnumText("nps.Method", methodNames, int(m))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (m *Method) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("nps.Method", methodNames, b)
	*m = Method(i)
	return err
}

var alternativeNames = []string{TwoSided: "two-sided", Less: "less", Greater: "greater"}

// String returns the alternative's name, e.g. "two-sided".
func (a Alternative) String() string {
	return wire.EnumString("nps.Alternative", alternativeNames, int(a))
}

// MarshalText encodes the alternative by its name.
func (a Alternative) MarshalText() ([]byte, error) {
	return wire.EnumText("nps.Alternative", alternativeNames, int(a))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (a *Alternative) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("nps.Alternative", alternativeNames, b)
	*a = Alternative(i)
	return err
}

var weightedSENames = []string{KishSE: "kish", LinearizedSE: "linearized"}

// String returns the standard error's name, e.g. "kish".
func (s WeightedSE) String() string {
	return wire.EnumString("nps.WeightedSE", weightedSENames, int(s))
}

// MarshalText encodes the standard error by its name.
func (s WeightedSE) MarshalText() ([]byte, error) {
	return wire.EnumText("nps.WeightedSE", weightedSENames, int(s))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (s *WeightedSE) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("nps.WeightedSE", weightedSENames, b)
	*s = WeightedSE(i)
	return err
}
