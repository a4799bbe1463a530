package monitor

import "github.com/cxkit/cxkit/internal/wire"

// The JSON encoding of every value the package returns or accepts (api.md
// §1): keys in snake_case as listed in each type's doc comment, NaN as null,
// ±Inf as "Infinity"/"-Infinity", enumerations by name.

var (
	metricNames = []string{Proportion: "proportion", NPS: "nps", Mean: "mean"}
	kindNames   = []string{PKind: "p", LaneyPKind: "laney-p", NPSKind: "nps", XBarKind: "xbar", SKind: "s", LaneyNPSKind: "laney-nps"}
	rulesNames  = []string{WesternElectric: "western-electric", Nelson: "nelson", LimitsOnly: "limits-only"}
	ruleNames   = []string{
		BeyondLimits: "beyond-limits", TwoOfThree: "two-of-three-beyond-2-sigma", FourOfFive: "four-of-five-beyond-1-sigma",
		EightOneSide: "eight-on-one-side", NineOneSide: "nine-on-one-side", SixTrend: "six-trending",
		FourteenAlternating: "fourteen-alternating", FifteenWithin1: "fifteen-within-1-sigma",
		EightBeyond1: "eight-beyond-1-sigma", CUSUMUpper: "cusum-upper", CUSUMLower: "cusum-lower",
	}
)

// String returns the name, e.g. "proportion".
func (m Metric) String() string { return wire.EnumString("monitor.Metric", metricNames, int(m)) }

// MarshalText encodes the value by its name.
func (m Metric) MarshalText() ([]byte, error) {
	return wire.EnumText("monitor.Metric", metricNames, int(m))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (m *Metric) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("monitor.Metric", metricNames, b)
	*m = Metric(i)
	return err
}

// String returns the name, e.g. "p".
func (k Kind) String() string { return wire.EnumString("monitor.Kind", kindNames, int(k)) }

// MarshalText encodes the value by its name.
func (k Kind) MarshalText() ([]byte, error) { return wire.EnumText("monitor.Kind", kindNames, int(k)) }

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (k *Kind) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("monitor.Kind", kindNames, b)
	*k = Kind(i)
	return err
}

// String returns the name, e.g. "western-electric".
func (r Rules) String() string { return wire.EnumString("monitor.Rules", rulesNames, int(r)) }

// MarshalText encodes the value by its name.
func (r Rules) MarshalText() ([]byte, error) {
	return wire.EnumText("monitor.Rules", rulesNames, int(r))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (r *Rules) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("monitor.Rules", rulesNames, b)
	*r = Rules(i)
	return err
}

// String returns the name, e.g. "beyond-limits".
func (r Rule) String() string { return wire.EnumString("monitor.Rule", ruleNames, int(r)) }

// MarshalText encodes the value by its name.
func (r Rule) MarshalText() ([]byte, error) { return wire.EnumText("monitor.Rule", ruleNames, int(r)) }

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (r *Rule) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("monitor.Rule", ruleNames, b)
	*r = Rule(i)
	return err
}

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p Period) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Period) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes w with the keys listed in the type's doc; undefined values are null.
func (w Window) MarshalJSON() ([]byte, error) { return wire.Marshal(w) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (w *Window) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, w) }

// MarshalJSON encodes sd with the keys listed in the type's doc; undefined values are null.
func (sd Standard) MarshalJSON() ([]byte, error) { return wire.Marshal(sd) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (sd *Standard) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, sd) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Settings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Settings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes pt with the keys listed in the type's doc; undefined values are null.
func (pt Point) MarshalJSON() ([]byte, error) { return wire.Marshal(pt) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (pt *Point) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, pt) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Chart) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Chart) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes x with the keys listed in the type's doc; undefined values are null.
func (x XBarS) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (x *XBarS) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON encodes a with the keys listed in the type's doc; undefined values are null.
func (a Alarm) MarshalJSON() ([]byte, error) { return wire.Marshal(a) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (a *Alarm) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s EWMASettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *EWMASettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes pt with the keys listed in the type's doc; undefined values are null.
func (pt EWMAPoint) MarshalJSON() ([]byte, error) { return wire.Marshal(pt) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (pt *EWMAPoint) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, pt) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c EWMAChart) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *EWMAChart) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s CUSUMSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *CUSUMSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes pt with the keys listed in the type's doc; undefined values are null.
func (pt CUSUMPoint) MarshalJSON() ([]byte, error) { return wire.Marshal(pt) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (pt *CUSUMPoint) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, pt) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c CUSUMChart) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *CUSUMChart) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r CUSUMRunLength) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *CUSUMRunLength) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r EWMARunLength) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *EWMARunLength) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

var (
	alternativeNames = []string{TwoSided: "two-sided", Less: "less", Greater: "greater"}
	errorsNames      = []string{NeweyWest: "newey-west", Classical: "classical"}
)

// String returns the name, e.g. "newey-west".
func (e Errors) String() string { return wire.EnumString("monitor.Errors", errorsNames, int(e)) }

// MarshalText encodes the error model by its name.
func (e Errors) MarshalText() ([]byte, error) {
	return wire.EnumText("monitor.Errors", errorsNames, int(e))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (e *Errors) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("monitor.Errors", errorsNames, b)
	*e = Errors(i)
	return err
}

// String returns the name, e.g. "two-sided".
func (a Alternative) String() string {
	return wire.EnumString("monitor.Alternative", alternativeNames, int(a))
}

// MarshalText encodes the alternative by its name.
func (a Alternative) MarshalText() ([]byte, error) {
	return wire.EnumText("monitor.Alternative", alternativeNames, int(a))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (a *Alternative) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("monitor.Alternative", alternativeNames, b)
	*a = Alternative(i)
	return err
}

// MarshalJSON encodes iv with the keys listed in the type's doc; undefined values are null.
func (iv Interval) MarshalJSON() ([]byte, error) { return wire.Marshal(iv) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (iv *Interval) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, iv) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s ChangeSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *ChangeSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Coefficient) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Coefficient) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c Comparison) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Comparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r Segmented) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Segmented) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
