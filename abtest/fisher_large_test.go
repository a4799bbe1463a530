package abtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFisherLargeReference: FisherExact on tables with 10⁷ in each cell
// (testdata/fisher_large.json, written by testdata/fisher_large.py; see its
// SOURCE note) against the exact values to 1e-10 relative: the p-values
// (two-sided by R's rule), the conditional MLE and the three intervals as
// SciPy's odds_ratio(kind="conditional") defines them, computed in extended
// precision. SciPy's own fisher_exact p-values and MLE are only accurate to
// about 1e-9 at this size; they are checked at 1e-8.
func TestFisherLargeReference(t *testing.T) {
	raw, err := os.ReadFile("testdata/fisher_large.json")
	require.NoError(t, err)
	type pair [2]any
	var file struct {
		Cases []struct {
			Name            string
			Table           [2][2]int
			OddsRatioSample float64 `json:"odds_ratio_sample"`
			PTwoSided       float64 `json:"p_two_sided"`
			PLess           float64 `json:"p_less"`
			PGreater        float64 `json:"p_greater"`
			MLE             float64 `json:"conditional_mle"`
			CITwo           pair    `json:"ci95_two_sided"`
			CILess          pair    `json:"ci95_less"`
			CIGreater       pair    `json:"ci95_greater"`
		}
	}
	require.NoError(t, json.Unmarshal(fixInfinity(raw), &file))
	var scipy struct {
		Cases []map[string]any `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(fixInfinity(raw), &scipy))
	require.Len(t, file.Cases, 7)
	tol := refTol{Rel: 1e-10}
	for i, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			swapped := [2][2]int{c.Table[1], c.Table[0]}
			sc := scipy.Cases[i]
			for _, alt := range []struct {
				alt    Alternative
				p      float64
				scipyP string
				ci     pair
			}{{TwoSided, c.PTwoSided, "scipy_p_two_sided", c.CITwo}, {Less, c.PLess, "scipy_p_less", c.CILess}, {Greater, c.PGreater, "scipy_p_greater", c.CIGreater}} {
				r, err := FisherExact(context.Background(), swapped, &FisherSettings{Alternative: alt.alt})
				require.NoError(t, err)
				near(t, tol, "p "+alt.alt.String(), r.P, f(alt.p))
				near(t, refTol{Rel: 1e-8}, "SciPy's p "+alt.alt.String(), r.P, f(num(sc[alt.scipyP])))
				near(t, tol, "odds_ratio_sample", r.OddsRatio, f(c.OddsRatioSample))
				near(t, tol, "conditional_mle", r.MLE, f(c.MLE))
				near(t, refTol{Rel: 1e-8}, "SciPy's conditional_mle", r.MLE, f(num(sc["scipy_conditional_mle"])))
				for j, got := range []float64{r.CI.Lower, r.CI.Upper} {
					want := num(alt.ci[j])
					if math.IsInf(want, 1) || want == 0 {
						assert.Equal(t, want, got, "%s CI end %d", alt.alt, j)
					} else {
						near(t, tol, "ci "+alt.alt.String(), got, f(want))
					}
				}
			}
		})
	}
}

// fixInfinity turns Python's bare Infinity into a string JSON can hold.
func fixInfinity(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == 'I' && i+8 <= len(b) && string(b[i:i+8]) == "Infinity" {
			out = append(out, `"Infinity"`...)
			i += 7
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// num reads a JSON number or the string "Infinity".
func num(v any) float64 {
	if s, ok := v.(string); ok && s == "Infinity" {
		return math.Inf(1)
	}
	return v.(float64)
}

// TestFisherSmallReference: the default solver against SciPy's
// odds_ratio(kind="conditional") on 44 small tables, edges of the support
// included (testdata/fisher_small.json, written by
// testdata/fisher_small.py), to 1e-10 relative.
func TestFisherSmallReference(t *testing.T) {
	raw, err := os.ReadFile("testdata/fisher_small.json")
	require.NoError(t, err)
	var cases [][]json.RawMessage
	require.NoError(t, json.Unmarshal(fixInfinity(raw), &cases))
	require.Len(t, cases, 44)
	for _, c := range cases {
		var table [2][2]int
		var mle any
		require.NoError(t, json.Unmarshal(c[0], &table))
		require.NoError(t, json.Unmarshal(c[1], &mle))
		swapped := [2][2]int{table[1], table[0]}
		for i, alt := range []Alternative{TwoSided, Less, Greater} {
			var ci [2]any
			require.NoError(t, json.Unmarshal(c[2+i], &ci))
			r, err := FisherExact(context.Background(), swapped, &FisherSettings{Alternative: alt})
			require.NoError(t, err)
			for j, pair := range [][2]float64{{r.MLE, num(mle)}, {r.CI.Lower, num(ci[0])}, {r.CI.Upper, num(ci[1])}} {
				if math.IsInf(pair[1], 0) || pair[1] == 0 {
					assert.Equal(t, pair[1], pair[0], "%v %v field %d", table, alt, j)
					continue
				}
				near(t, refTol{Rel: 1e-10}, fmt.Sprintf("%v %v field %d", table, alt, j), pair[0], f(pair[1]))
			}
		}
	}
}

// TestFisherLikeRLarge: with Solver = SolveLikeR, FisherExact repeats R's
// fisher.test to 1e-12 on 10⁷ per cell (R 4.2.2 took 11 minutes for the
// three alternatives; testdata/fisher_large_r.R holds the script and its
// output). R's uniroot stops 1.2e-4 from the root on its search variable,
// so its interval differs from the exact one (the default) by about a
// tenth of its half-width here: the test also checks that they differ
// (the exact ends are case lift_0.25pct_1e7 of testdata/fisher_large.json).
func TestFisherLikeRLarge(t *testing.T) {
	const e7 = 10_000_000
	table := [2][2]int{{e7, e7}, {e7 + 5_000, e7 - 5_000}}
	for _, c := range []struct {
		alt       Alternative
		p, mle    float64
		lo, hi    float64
		exactLoHi [2]float64
	}{
		{TwoSided, 0.113918592610133, 1.0010005161630482, 0.99978706538904372, 1.002226697022838, [2]float64{0.99976023871606801, 1.0022423003991388}},
		{Less, 0.94311299265083615, 1.0010005161630482, 0, 1.0020259726456753, [2]float64{0, 1.0020425801171793}},
		{Greater, 0.05695929630506387, 1.0010005161630482, 0.99993896484374956, math.Inf(1), [2]float64{0.99995950407839418, math.Inf(1)}},
	} {
		r, err := FisherExact(context.Background(), table, &FisherSettings{Alternative: c.alt, Solver: SolveLikeR})
		require.NoError(t, err)
		tol := refTol{Rel: 1e-12}
		near(t, tol, "p", r.P, f(c.p))
		near(t, tol, "mle", r.MLE, f(c.mle))
		for j, w := range []float64{c.lo, c.hi} {
			got := []float64{r.CI.Lower, r.CI.Upper}[j]
			if w == 0 || math.IsInf(w, 1) {
				assert.Equal(t, w, got)
				continue
			}
			near(t, tol, "ci", got, f(w))
			exact, err := FisherExact(context.Background(), table, &FisherSettings{Alternative: c.alt})
			require.NoError(t, err)
			e := []float64{exact.CI.Lower, exact.CI.Upper}[j]
			near(t, refTol{Rel: 1e-10}, "exact ci", e, f(c.exactLoHi[j]))
			assert.Greater(t, math.Abs(e-got), 1e-5, "R's uniroot end is visibly off the root")
		}
	}
}
