package segment

import "github.com/cxkit/cxkit/internal/wire"

// JSON: every exported struct type encodes through internal/wire with the
// snake_case keys listed in its doc (NaN as null, ±Inf as "Infinity" and
// "-Infinity"; func and rand.Source fields are left out), and every
// enumeration by its kebab-case name.

// MarshalJSON encodes m with the keys listed in the type's doc.
func (m Matrix) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *Matrix) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes km with the keys listed in the type's doc; Src and
// Progress are not encoded.
func (km KMeans) MarshalJSON() ([]byte, error) { return wire.Marshal(km) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (km *KMeans) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, km) }

// MarshalJSON encodes mb with the keys listed in the type's doc; Src and
// Progress are not encoded.
func (mb MiniBatchKMeans) MarshalJSON() ([]byte, error) { return wire.Marshal(mb) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (mb *MiniBatchKMeans) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, mb) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r Result) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *Result) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes c with the keys listed in the type's doc.
func (c Curve) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *Curve) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes s with the keys listed in the type's doc; Src and
// Progress are not encoded.
func (s SilhouetteSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SilhouetteSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r SilhouetteResult) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *SilhouetteResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s ScalerSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *ScalerSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes s with the keys listed in the type's doc.
func (s Scaler) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Scaler) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes p with the keys listed in the type's doc.
func (p Profile) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Profile) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes f with the keys listed in the type's doc.
func (f FeatureContrast) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *FeatureContrast) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes m with the keys listed in the type's doc.
func (m Migration) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *Migration) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes r with the keys listed in the type's doc.
func (r RFM) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *RFM) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes s with the keys listed in RFMSummary's doc; undefined means are null.
func (s RFMSummary) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *RFMSummary) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes c with the keys listed in the type's doc.
func (c RFMClusters) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *RFMClusters) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// Enumerations.

var initNames = []string{InitKMeansPlusPlus: "k-means++", InitRandom: "random", InitGiven: "given"}

// String returns the initialisation's name, e.g. "k-means++".
func (i Init) String() string { return wire.EnumString("segment.Init", initNames, int(i)) }

// MarshalText encodes the initialisation by its name.
func (i Init) MarshalText() ([]byte, error) { return wire.EnumText("segment.Init", initNames, int(i)) }

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (i *Init) UnmarshalText(b []byte) error {
	v, err := wire.ParseEnum("segment.Init", initNames, b)
	*i = Init(v)
	return err
}

var algorithmNames = []string{Hamerly: "hamerly", Lloyd: "lloyd"}

// String returns the algorithm's name, e.g. "hamerly".
func (a Algorithm) String() string {
	return wire.EnumString("segment.Algorithm", algorithmNames, int(a))
}

// MarshalText encodes the algorithm by its name.
func (a Algorithm) MarshalText() ([]byte, error) {
	return wire.EnumText("segment.Algorithm", algorithmNames, int(a))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (a *Algorithm) UnmarshalText(b []byte) error {
	v, err := wire.ParseEnum("segment.Algorithm", algorithmNames, b)
	*a = Algorithm(v)
	return err
}

var scalingNames = []string{ZScore: "z-score", ZScoreSample: "z-score-sample", MinMax: "min-max", NoScaling: "none"}

// String returns the scaling's name, e.g. "z-score".
func (s Scaling) String() string { return wire.EnumString("segment.Scaling", scalingNames, int(s)) }

// MarshalText encodes the scaling by its name.
func (s Scaling) MarshalText() ([]byte, error) {
	return wire.EnumText("segment.Scaling", scalingNames, int(s))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (s *Scaling) UnmarshalText(b []byte) error {
	v, err := wire.ParseEnum("segment.Scaling", scalingNames, b)
	*s = Scaling(v)
	return err
}

var rfmSegmentNames = []string{
	Unscored:           "unscored",
	Champions:          "champions",
	LoyalCustomers:     "loyal-customers",
	PotentialLoyalists: "potential-loyalists",
	NewCustomers:       "new-customers",
	Promising:          "promising",
	NeedAttention:      "need-attention",
	AboutToSleep:       "about-to-sleep",
	AtRisk:             "at-risk",
	CantLoseThem:       "cant-lose-them",
	Hibernating:        "hibernating",
}

// MarshalText encodes the segment by its kebab-case name, e.g.
// "cant-lose-them" (String gives the display name).
func (s RFMSegment) MarshalText() ([]byte, error) {
	return wire.EnumText("segment.RFMSegment", rfmSegmentNames, int(s))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (s *RFMSegment) UnmarshalText(b []byte) error {
	v, err := wire.ParseEnum("segment.RFMSegment", rfmSegmentNames, b)
	*s = RFMSegment(v)
	return err
}
