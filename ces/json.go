package ces

import (
	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/wire"
)

// Every exported type has one JSON form (api.md §1): the snake_case keys
// its doc lists, null for an undefined number, and a name for each
// enumeration value.

var (
	versionNames     = []string{V2: "ces-2.0", V1: "ces-1.0"}
	directionNames   = []string{HigherIsEasier: "higher-is-easier", LowerIsEasier: "lower-is-easier"}
	alternativeNames = []string{TwoSided: "two-sided", Less: "less", Greater: "greater"}
)

// String returns the version's name, "ces-2.0" or "ces-1.0".
func (v Version) String() string { return wire.EnumString("ces.Version", versionNames, int(v)) }

// MarshalText writes the version's name.
func (v Version) MarshalText() ([]byte, error) {
	return wire.EnumText("ces.Version", versionNames, int(v))
}

// UnmarshalText reads a version's name; any other text is an error.
func (v *Version) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("ces.Version", versionNames, b)
	*v = Version(i)
	return err
}

// MarshalJSON writes the tally's version and counts.
func (t Tally) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON reads what MarshalJSON writes. An unknown version or counts
// that no run of Add could produce (negative, off the version's scale,
// summing past MaxInt64) are an error, and t is left as it was.
func (t *Tally) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, t, func(v *Tally) error {
		bd, err := v.Version.band()
		if err != nil {
			return err
		}
		_, err = errs.Check(v.Ratings[:], bd.min, bd.max)
		return export(err)
	})
}

// String returns "higher-is-easier" or "lower-is-easier".
func (d Direction) String() string { return wire.EnumString("ces.Direction", directionNames, int(d)) }

// MarshalText writes the direction's name.
func (d Direction) MarshalText() ([]byte, error) {
	return wire.EnumText("ces.Direction", directionNames, int(d))
}

// UnmarshalText reads a direction's name; any other text is an error.
func (d *Direction) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("ces.Direction", directionNames, b)
	*d = Direction(i)
	return err
}

// MarshalJSON writes r with the keys of its doc; NaN is null.
func (x Result) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON reads what MarshalJSON writes.
func (x *Result) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON writes iv as lower, upper, level.
func (x Interval) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON reads what MarshalJSON writes.
func (x *Interval) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// String returns "two-sided", "less" or "greater".
func (a Alternative) String() string {
	return wire.EnumString("ces.Alternative", alternativeNames, int(a))
}

// MarshalText writes the alternative's name.
func (a Alternative) MarshalText() ([]byte, error) {
	return wire.EnumText("ces.Alternative", alternativeNames, int(a))
}

// UnmarshalText reads an alternative's name; any other text is an error.
func (a *Alternative) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("ces.Alternative", alternativeNames, b)
	*a = Alternative(i)
	return err
}

// MarshalJSON writes c with the keys of its doc; NaN is null.
func (x ShareComparison) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON reads what MarshalJSON writes.
func (x *ShareComparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON writes c with the keys of its doc; NaN is null.
func (x MeanComparison) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON reads what MarshalJSON writes.
func (x *MeanComparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// methodNames are the names of the shared interval methods.
var methodNames = likert.MethodNames

// String returns the method's name, such as "clopper-pearson".
func (m Method) String() string { return wire.EnumString("ces.Method", methodNames, int(m)) }

// MarshalText writes the method's name.
func (m Method) MarshalText() ([]byte, error) {
	return wire.EnumText("ces.Method", methodNames, int(m))
}

// UnmarshalText reads a method's name; any other text is an error.
func (m *Method) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("ces.Method", methodNames, b)
	*m = Method(i)
	return err
}

// MarshalJSON writes c as version, direction, share and mean.
func (x Comparison) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON reads what MarshalJSON writes.
func (x *Comparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON writes the settings as level and alternative.
func (x CompareSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON reads what MarshalJSON writes.
func (x *CompareSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }

// MarshalJSON writes the settings as workers.
func (x GroupSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(x) }

// UnmarshalJSON reads what MarshalJSON writes.
func (x *GroupSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }
