package abtest

// JSON (api.md §1): every exported struct encodes through internal/wire
// (snake_case keys, NaN as null, ±Inf as "Infinity"), and every
// enumeration by its name.

import "github.com/cxkit/cxkit/internal/wire"

var alternativeNames = []string{TwoSided: "two-sided", Less: "less", Greater: "greater"}

// String returns the alternative's name, e.g. "two-sided".
func (a Alternative) String() string {
	return wire.EnumString("abtest.Alternative", alternativeNames, int(a))
}

// MarshalText encodes the alternative by its name.
func (a Alternative) MarshalText() ([]byte, error) {
	return wire.EnumText("abtest.Alternative", alternativeNames, int(a))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (a *Alternative) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("abtest.Alternative", alternativeNames, b)
	*a = Alternative(i)
	return err
}

var intervalMethodNames = []string{
	Wilson: "wilson", AgrestiCoull: "agresti-coull", AgrestiCoullUnclipped: "agresti-coull-unclipped",
	ClopperPearson: "clopper-pearson", Jeffreys: "jeffreys", Normal: "normal", NormalUnclipped: "normal-unclipped",
	JeffreysPlain: "jeffreys-plain",
}

// String returns the method's name, e.g. "wilson".
func (m IntervalMethod) String() string {
	return wire.EnumString("abtest.IntervalMethod", intervalMethodNames, int(m))
}

// MarshalText encodes the method by its name.
func (m IntervalMethod) MarshalText() ([]byte, error) {
	return wire.EnumText("abtest.IntervalMethod", intervalMethodNames, int(m))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (m *IntervalMethod) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("abtest.IntervalMethod", intervalMethodNames, b)
	*m = IntervalMethod(i)
	return err
}

var rankMethodNames = []string{RankAuto: "auto", RankExact: "exact", RankAsymptotic: "asymptotic"}

// String returns the method's name, e.g. "exact".
func (r RankMethod) String() string {
	return wire.EnumString("abtest.RankMethod", rankMethodNames, int(r))
}

// MarshalText encodes the method by its name.
func (r RankMethod) MarshalText() ([]byte, error) {
	return wire.EnumText("abtest.RankMethod", rankMethodNames, int(r))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (r *RankMethod) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("abtest.RankMethod", rankMethodNames, b)
	*r = RankMethod(i)
	return err
}

var fisherSolverNames = []string{SolvePrecise: "precise", SolveLikeR: "like-r"}

// String returns the solver's name, e.g. "precise".
func (f FisherSolver) String() string {
	return wire.EnumString("abtest.FisherSolver", fisherSolverNames, int(f))
}

// MarshalText encodes the solver by its name.
func (f FisherSolver) MarshalText() ([]byte, error) {
	return wire.EnumText("abtest.FisherSolver", fisherSolverNames, int(f))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (f *FisherSolver) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("abtest.FisherSolver", fisherSolverNames, b)
	*f = FisherSolver(i)
	return err
}

var powerMethodNames = []string{
	PowerAuto: "auto", PowerCohenH: "cohen-h", PowerPooled: "pooled", PowerPooledBaseline: "pooled-baseline",
	PowerUnpooled: "unpooled", PowerTTest: "t-test", PowerNormal: "normal",
}

// String returns the method's name, e.g. "cohen-h".
func (p PowerMethod) String() string {
	return wire.EnumString("abtest.PowerMethod", powerMethodNames, int(p))
}

// MarshalText encodes the method by its name.
func (p PowerMethod) MarshalText() ([]byte, error) {
	return wire.EnumText("abtest.PowerMethod", powerMethodNames, int(p))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (p *PowerMethod) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("abtest.PowerMethod", powerMethodNames, b)
	*p = PowerMethod(i)
	return err
}

var correctionNames = []string{
	Holm: "holm", Bonferroni: "bonferroni", Sidak: "sidak", BenjaminiHochberg: "benjamini-hochberg",
	BenjaminiYekutieli: "benjamini-yekutieli", NoCorrection: "none",
}

// String returns the correction's name, e.g. "holm".
func (c Correction) String() string {
	return wire.EnumString("abtest.Correction", correctionNames, int(c))
}

// MarshalText encodes the correction by its name.
func (c Correction) MarshalText() ([]byte, error) {
	return wire.EnumText("abtest.Correction", correctionNames, int(c))
}

// UnmarshalText parses a name written by MarshalText; an unknown name is an error.
func (c *Correction) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("abtest.Correction", correctionNames, b)
	*c = Correction(i)
	return err
}

// MarshalJSON encodes i with the keys listed in the type's doc; undefined values are null.
func (i Interval) MarshalJSON() ([]byte, error) { return wire.Marshal(i) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (i *Interval) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, i) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Settings) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Settings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c ChiSquareSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *ChiSquareSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p Proportion) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *Proportion) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s Summary) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *Summary) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes t with the keys listed in the type's doc; undefined values are null.
func (t TTestResult) MarshalJSON() ([]byte, error) { return wire.Marshal(t) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (t *TTestResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p ProportionResult) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *ProportionResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes l with the keys listed in the type's doc; undefined values are null.
func (l LiftResult) MarshalJSON() ([]byte, error) { return wire.Marshal(l) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (l *LiftResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, l) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c ChiSquareResult) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *ChiSquareResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes f with the keys listed in the type's doc; undefined values are null.
func (f FisherResult) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *FisherResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MannWhitneySettings) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MannWhitneySettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MannWhitneyResult) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MannWhitneyResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes the test's settings and running state with the keys
// listed in its doc.
func (m MSPRT) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes, and rejects a state no
// sequence of looks can produce.
func (m *MSPRT) UnmarshalJSON(b []byte) error {
	return wire.UnmarshalChecked(b, m, func(v *MSPRT) error {
		if _, err := v.check(); err != nil && *v != (MSPRT{}) {
			return err
		}
		return nil
	})
}

// MarshalJSON encodes l with the keys listed in the type's doc; undefined values are null.
func (l Look) MarshalJSON() ([]byte, error) { return wire.Marshal(l) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (l *Look) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, l) }

// MarshalJSON encodes c with the keys listed in the type's doc; undefined values are null.
func (c CUPEDResult) MarshalJSON() ([]byte, error) { return wire.Marshal(c) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (c *CUPEDResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r RatioSummary) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *RatioSummary) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes r with the keys listed in the type's doc; undefined values are null.
func (r RatioResult) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (r *RatioResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON encodes p with the keys listed in the type's doc; undefined values are null.
func (p PowerSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(p) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (p *PowerSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON encodes s with the keys listed in the type's doc; undefined values are null.
func (s SampleSize) MarshalJSON() ([]byte, error) { return wire.Marshal(s) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (s *SampleSize) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MDE) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MDE) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes a with the keys listed in the type's doc; undefined values are null.
func (a ArmComparison) MarshalJSON() ([]byte, error) { return wire.Marshal(a) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (a *ArmComparison) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON encodes m with the keys listed in the type's doc; undefined values are null.
func (m MultiArmSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(m) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (m *MultiArmSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, m) }

// MarshalJSON encodes v with the keys listed in the type's doc; undefined values are null.
func (v Beta) MarshalJSON() ([]byte, error) { return wire.Marshal(v) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (v *Beta) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, v) }

// MarshalJSON encodes v with the keys listed in the type's doc; undefined values are null.
func (v BayesSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(v) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (v *BayesSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, v) }

// MarshalJSON encodes v with the keys listed in the type's doc; undefined values are null.
func (v BayesResult) MarshalJSON() ([]byte, error) { return wire.Marshal(v) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (v *BayesResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, v) }

// MarshalJSON encodes f with the keys listed in the type's doc; undefined values are null.
func (f FisherSettings) MarshalJSON() ([]byte, error) { return wire.Marshal(f) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (f *FisherSettings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }
