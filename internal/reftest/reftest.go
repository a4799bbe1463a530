// Package reftest loads the survey reference cases (testdata/public_reference.json
// in the nps, csat and ces packages) and compares computed values with the
// expected ones at each case's tolerance. It is used by tests only, and
// returns mismatches as strings so that it needs no assertion library.
package reftest

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
)

// File is the reference file: its provenance, conventions and cases.
type File struct {
	Source string `json:"source"`
	Cases  []Case `json:"cases"`
}

// Case is one reference case.
type Case struct {
	Metric    string          `json:"metric"`
	Name      string          `json:"name"`
	Inputs    json.RawMessage `json:"inputs"`
	Expected  map[string]any  `json:"expected"`
	Tolerance json.RawMessage `json:"tolerance"`
}

// Load reads a reference file.
func Load(path string) (File, error) {
	var f File
	b, err := os.ReadFile(path)
	if err != nil {
		return f, err
	}
	err = json.Unmarshal(b, &f)
	return f, err
}

// Inputs decodes the case's inputs into v.
func (c Case) Decode(v any) error { return json.Unmarshal(c.Inputs, v) }

// WantsError reports whether the case expects the call to fail.
func (c Case) WantsError() bool {
	e, _ := c.Expected["error"].(bool)
	return e
}

// Tol returns the absolute tolerance for key: the case's single number, or
// the per-key override, or the default of a tolerance object.
func (c Case) Tol(key string) float64 {
	var x float64
	if json.Unmarshal(c.Tolerance, &x) == nil {
		return x
	}
	var m map[string]float64
	if json.Unmarshal(c.Tolerance, &m) == nil {
		if v, ok := m[key]; ok {
			return v
		}
		return m["default"]
	}
	return 0
}

// Absent marks a computed quantity that is undefined (the JSON null).
type Absent struct{}

// Check judges the outcome of one case and returns its problems (none when
// it passes): a case that expects an error must fail with an error whose
// message starts with prefix (the package's, e.g. "nps: "); any other case
// must succeed and match every expected value ([Compare]).
func Check(c Case, got map[string]any, err error, prefix string) []string {
	switch {
	case c.WantsError() && err == nil:
		return []string{fmt.Sprintf("want an error (%v), got none", c.Expected["reason"])}
	case c.WantsError() && !strings.HasPrefix(err.Error(), prefix):
		return []string{fmt.Sprintf("error %q does not start with %q", err, prefix)}
	case c.WantsError():
		return nil
	case err != nil:
		return []string{"unexpected error: " + err.Error()}
	}
	return Compare(c, got)
}

// Compare checks every expected key against got and returns one message per
// mismatch, plus one per expected key missing from got (so that no expected
// value goes unchecked). Values in got may be float64, int, int64, [2]float64,
// []float64, map[string]float64 or Absent; a NaN float also counts as absent.
func Compare(c Case, got map[string]any) []string {
	var bad []string
	keys := make([]string, 0, len(c.Expected))
	for k := range c.Expected {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want := c.Expected[k]
		g, ok := got[k]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: not computed", k))
			continue
		}
		if msg := compare(want, g, c.Tol(k)); msg != "" {
			bad = append(bad, fmt.Sprintf("%s: %s", k, msg))
		}
	}
	return bad
}

func compare(want, got any, tol float64) string {
	if want == nil {
		if isAbsent(got) {
			return ""
		}
		return fmt.Sprintf("want absent (null), got %v", got)
	}
	if isAbsent(got) {
		return fmt.Sprintf("want %v, got absent", want)
	}
	switch w := want.(type) {
	case float64:
		return near(w, toFloat(got), tol)
	case []any:
		if ga, ok := got.([]any); ok {
			if len(ga) != len(w) {
				return fmt.Sprintf("want %d values, got %d", len(w), len(ga))
			}
			for i := range w {
				if m := compare(w[i], ga[i], tol); m != "" {
					return fmt.Sprintf("[%d]: %s", i, m)
				}
			}
			return ""
		}
		gs := toFloats(got)
		if len(gs) != len(w) {
			return fmt.Sprintf("want %v, got %v", w, got)
		}
		for i := range w {
			wf, _ := w[i].(float64)
			if m := near(wf, gs[i], tol); m != "" {
				return fmt.Sprintf("[%d]: %s", i, m)
			}
		}
		return ""
	case map[string]any:
		gm, ok := got.(map[string]float64)
		if !ok || len(gm) != len(w) {
			return fmt.Sprintf("want %v, got %v", w, got)
		}
		for k, v := range w {
			wf, _ := v.(float64)
			if m := near(wf, gm[k], tol); m != "" {
				return fmt.Sprintf("[%s]: %s", k, m)
			}
		}
		return ""
	}
	return fmt.Sprintf("unsupported expected value %v", want)
}

func isAbsent(v any) bool {
	switch g := v.(type) {
	case Absent:
		return true
	case float64:
		return math.IsNaN(g)
	case [2]float64:
		return math.IsNaN(g[0]) && math.IsNaN(g[1])
	}
	return false
}

func near(want, got, tol float64) string {
	if math.Abs(want-got) <= tol {
		return ""
	}
	return fmt.Sprintf("want %.17g, got %.17g (|diff| %.3g > tol %g)", want, got, math.Abs(want-got), tol)
}

func toFloat(v any) float64 {
	switch g := v.(type) {
	case float64:
		return g
	case int:
		return float64(g)
	case int64:
		return float64(g)
	}
	return math.NaN()
}

func toFloats(v any) []float64 {
	switch g := v.(type) {
	case [2]float64:
		return g[:]
	case []float64:
		return slices.Clone(g)
	}
	return nil
}

// Looper is the part of *testing.B that BenchCPU needs.
type Looper interface {
	Loop() bool
	ReportMetric(n float64, unit string)
}

// BenchCPU runs f for each iteration of b.Loop and reports the CPU time per
// operation (all goroutines of the process) as the metric "cpu-ns/op".
func BenchCPU(b Looper, f func()) {
	start := CPUTime()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	if n > 0 {
		b.ReportMetric(float64(CPUTime()-start)/float64(n), "cpu-ns/op")
	}
}
