package monitor

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/csvtest"
)

// The reference files in testdata/ are written by testdata/make_reference.R
// (see testdata/SOURCE.md): Montgomery's Example 7.1 and seeded CX series
// computed in R from the textbook formulas, Newey–West errors from R's
// sandwich, average run lengths from R's spc.

const refTol = 1e-9

// table reads a reference CSV of testdata/ (a header, then records) into
// one map per record, from column name to value.
func table(t *testing.T, name string) []map[string]string {
	t.Helper()
	tab := csvtest.Read(t, filepath.Join("testdata", name))
	out := make([]map[string]string, len(tab.Records))
	for i, rec := range tab.Records {
		m := make(map[string]string, len(tab.Header))
		for j, h := range tab.Header {
			m[h] = rec[j]
		}
		out[i] = m
	}
	return out
}

func num(t *testing.T, row map[string]string, key string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row[key], 64)
	require.NoError(t, err, key)
	return v
}

func integer(t *testing.T, row map[string]string, key string) int {
	t.Helper()
	v, err := strconv.Atoi(row[key])
	require.NoError(t, err, key)
	return v
}

// periods turns each row of a reference table into a Period.
func periods(rows []map[string]string, period func(r map[string]string) Period) []Period {
	ps := make([]Period, len(rows))
	for i, r := range rows {
		ps[i] = period(r)
	}
	return ps
}

// npsPeriods returns the NPS periods of a reference table (columns n,
// promoters, passives, detractors).
func npsPeriods(t *testing.T, rows []map[string]string) []Period {
	return periods(rows, func(r map[string]string) Period {
		return Period{N: integer(t, r, "n"), Promoters: integer(t, r, "promoters"),
			Passives: integer(t, r, "passives"), Detractors: integer(t, r, "detractors")}
	})
}

// shares returns the proportion periods of a reference table, labelled.
func shares(t *testing.T, rows []map[string]string) []Period {
	ps := periods(rows, func(r map[string]string) Period {
		return Period{N: integer(t, r, "n"), Successes: integer(t, r, "successes")}
	})
	for i := range ps {
		ps[i].Label = "w" + strconv.Itoa(i+1)
	}
	return ps
}

// column is a column of a reference table and the value computed for it.
type column struct {
	key string
	got float64
}

// nearRow asserts that each column of row i of a reference table is within
// refTol of the value computed for it; a column missing from the row fails.
func nearRow(t *testing.T, r map[string]string, i int, cols ...column) {
	t.Helper()
	for _, c := range cols {
		assert.InDelta(t, num(t, r, c.key), c.got, refTol, "%s at %d", c.key, i)
	}
}

// checkPoints compares a chart's points with the value, center, std_err,
// lcl and ucl columns present in rows.
func checkPoints(t *testing.T, c Chart, rows []map[string]string, prefix string) {
	t.Helper()
	require.Len(t, c.Points, len(rows))
	for i, r := range rows {
		p := c.Points[i]
		var present []column
		for _, f := range []column{{"value", p.Value}, {"center", p.Center}, {"std_err", p.StdErr}, {"lcl", p.LCL}, {"ucl", p.UCL}} {
			if _, ok := r[prefix+f.key]; ok {
				present = append(present, column{prefix + f.key, f.got})
			}
		}
		nearRow(t, r, i, present...)
		if _, ok := r["out"]; ok {
			assert.Equal(t, r["out"] == "1", p.Out, "out at %d", i)
		}
	}
}

// TestPChartMontgomery is Montgomery, Introduction to Statistical Quality
// Control (7th ed.), Example 7.1: 30 samples of 50 orange-juice cans,
// p̄ = 0.2313, UCL = 0.4102, LCL = 0.0524, samples 15 and 23 out.
func TestPChartMontgomery(t *testing.T) {
	rows := table(t, "pchart_orangejuice.csv")
	c, err := PChart(shares(t, rows), &Settings{Rules: LimitsOnly})
	require.NoError(t, err)
	checkPoints(t, c, rows, "")
	assert.InDelta(t, 0.2313, c.Center, 5e-5)
	assert.InDelta(t, 0.4102, c.Points[0].UCL, 5e-5)
	assert.InDelta(t, 0.0524, c.Points[0].LCL, 5e-5)
	assert.Equal(t, []Alarm{{Index: 14, Label: "w15", Rule: BeyondLimits}, {Index: 22, Label: "w23", Rule: BeyondLimits}}, c.Alarms)
}

func TestPChartVaryingN(t *testing.T) {
	rows := table(t, "pchart_weekly.csv")
	c, err := PChart(shares(t, rows), &Settings{Baseline: Window{0, 13}})
	require.NoError(t, err)
	checkPoints(t, c, rows, "")
	assert.Equal(t, Window{0, 13}, c.Baseline)
}

func TestLaneyReference(t *testing.T) {
	rows := table(t, "laney_weekly.csv")
	c, err := LaneyPChart(shares(t, rows), &Settings{Baseline: Window{0, 13}})
	require.NoError(t, err)
	checkPoints(t, c, rows, "")
	assert.InDelta(t, num(t, rows[0], "sigma_z"), c.SigmaZ, refTol)
}

func TestNPSChartReference(t *testing.T) {
	rows := table(t, "nps_weekly.csv")
	ps := npsPeriods(t, rows)
	c, err := NPSChart(ps, &Settings{Baseline: Window{0, 13}})
	require.NoError(t, err)
	checkPoints(t, c, rows, "")
	assert.InDelta(t, num(t, rows[0], "variance"), c.Variance, refTol)
}

func TestXBarSReference(t *testing.T) {
	rows := table(t, "xbars_weekly.csv")
	ps := periods(rows, func(r map[string]string) Period {
		return Period{N: integer(t, r, "n"), Mean: num(t, r, "mean"), Variance: num(t, r, "variance")}
	})
	c, err := XBarSChart(ps, &Settings{Baseline: Window{0, 13}})
	require.NoError(t, err)
	checkPoints(t, c.XBar, rows, "x_")
	checkPoints(t, c.S, rows, "s_")
	for i, r := range rows {
		nearRow(t, r, i, column{"mean", c.XBar.Points[i].Value})
	}
}

func TestEWMAReference(t *testing.T) {
	rows := table(t, "ewma_weekly.csv")
	c, err := EWMA(shares(t, rows), Proportion, &EWMASettings{Baseline: Window{0, 13}, Lambda: 0.2, L: 2.962})
	require.NoError(t, err)
	for i, r := range rows {
		p := c.Points[i]
		// The limits are symmetric: LCL is −ucl.
		nearRow(t, r, i, column{"z", p.Z}, column{"statistic", p.Statistic}, column{"ucl", p.UCL}, column{"ucl", -p.LCL})
		assert.Equal(t, p.Statistic > p.UCL || p.Statistic < p.LCL, p.Out)
	}
}

func TestCUSUMReference(t *testing.T) {
	rows := table(t, "cusum_weekly.csv")
	c, err := CUSUM(shares(t, rows), Proportion, &CUSUMSettings{Baseline: Window{0, 13}, K: 0.5, H: 4})
	require.NoError(t, err)
	for i, r := range rows {
		p := c.Points[i]
		nearRow(t, r, i, column{"z", p.Z}, column{"upper", p.Upper}, column{"lower", p.Lower})
		assert.Equal(t, p.Upper > 4 || p.Lower > 4, p.Out)
	}
}

func TestSegmentedReference(t *testing.T) {
	rows := table(t, "nps_weekly.csv")
	ps := npsPeriods(t, rows)
	for file, weighted := range map[string]bool{"segmented_nps.csv": false, "segmented_nps_weighted.csv": true} {
		got, err := Change(ps, NPS, 12, &ChangeSettings{Lag: 2, Weighted: weighted})
		require.NoError(t, err)
		want := table(t, file)
		for i, c := range []Coefficient{got.Intercept, got.Trend, got.LevelChange, got.SlopeChange} {
			assert.InDelta(t, num(t, want[i], "estimate"), c.Estimate, refTol, "%s %s", file, want[i]["name"])
			assert.InDelta(t, num(t, want[i], "std_err"), c.StdErr, refTol, "%s %s", file, want[i]["name"])
			assert.InDelta(t, c.Estimate/c.StdErr, c.Statistic, refTol)
			assert.Equal(t, 22.0, c.DF)
		}
		classical, err := Change(ps, NPS, 12, &ChangeSettings{Errors: Classical, Weighted: weighted})
		require.NoError(t, err)
		col := "std_err"
		if weighted {
			col = "std_err_weighted"
		}
		for i, c := range []Coefficient{classical.Intercept, classical.Trend, classical.LevelChange, classical.SlopeChange} {
			row := table(t, "segmented_nps_classical.csv")[i]
			assert.InDelta(t, num(t, row, col), c.StdErr, refTol, "classical %s", row["name"])
			assert.InDelta(t, num(t, want[i], "estimate"), c.Estimate, refTol)
		}
		assert.Equal(t, 0, classical.Lag)
		for i := range got.Values {
			c := got.Intercept.Estimate + got.Trend.Estimate*float64(i)
			if i >= 12 {
				c += got.LevelChange.Estimate + got.SlopeChange.Estimate*float64(i-12)
			}
			assert.InDelta(t, c, got.Fitted[i], 1e-9)
		}
	}
}

// TestARLReference compares the Markov-chain ARLs with the integral-equation
// values of R's spc (xcusum.arl, xewma.arl; limits "fix" are the steady
// limits, "vacl" the exact time-varying ones). The chains are an
// approximation: relative tolerance 2e−6 for steady limits, 3e−5 for
// time-varying ones (the residual error of the extrapolated grids).
func TestARLReference(t *testing.T) {
	ewma := map[[3]float64]EWMARunLength{} // one chain per parameter set
	for _, r := range table(t, "arl_spc.csv") {
		a, b, shift, want := num(t, r, "a"), num(t, r, "b"), num(t, r, "shift"), num(t, r, "arl")
		switch r["chart"] {
		case "cusum", "cusum-one":
			got, err := CUSUMARL(a, b, shift)
			require.NoError(t, err)
			v := got.ARL
			if r["chart"] == "cusum-one" {
				v = got.Upper
			}
			assert.InEpsilon(t, want, v, 2e-6, "%v", r)
		case "ewma":
			got, ok := ewma[[3]float64{a, b, shift}]
			if !ok {
				var err error
				got, err = EWMAARL(a, b, shift)
				require.NoError(t, err)
				ewma[[3]float64{a, b, shift}] = got
			}
			if r["limits"] == "fix" {
				assert.InEpsilon(t, want, got.Steady, 2e-6, "%v", r)
			} else {
				assert.InEpsilon(t, want, got.TimeVarying, 3e-5, "%v", r)
			}
		}
	}
}

// TestARLPublished checks the printed tables: Montgomery Table 9.3 (two-
// sided CUSUM, k = 0.5) and Table 9.11 (EWMA, from Lucas & Saccucci 1990).
func TestARLPublished(t *testing.T) {
	for _, c := range []struct{ k, h, shift, want, tol float64 }{
		{0.5, 4, 0, 168, 0.5}, {0.5, 4, 1, 8.38, 0.005}, {0.5, 5, 0, 465, 0.5}, {0.5, 5, 1, 10.4, 0.05}, {0.5, 5, 0.5, 38.0, 0.05},
	} {
		got, err := CUSUMARL(c.k, c.h, c.shift)
		require.NoError(t, err)
		assert.InDelta(t, c.want, got.ARL, c.tol, "%+v", c)
	}
	for _, c := range []struct{ lambda, l, shift, want, tol float64 }{
		{0.1, 2.814, 0, 500, 0.5}, {0.1, 2.814, 1, 10.3, 0.05}, {0.1, 2.814, 0.5, 31.3, 0.05}, {0.4, 3.054, 0, 500, 0.5},
	} {
		got, err := EWMAARL(c.lambda, c.l, c.shift)
		require.NoError(t, err)
		assert.InDelta(t, c.want, got.Steady, c.tol, "%+v", c)
	}
}

// TestMontgomeryCUSUMEWMA is Montgomery's Examples 9.1 and 9.2 (Table 9.1:
// 30 observations, μ₀ = 10, σ = 1, the mean shifting to 11 after period
// 20): the tabular CUSUM with k = 0.5, h = 5 first signals at period 29
// with C⁺₂₉ = 5.28 (C⁺₂₈ = 4.47); the EWMA with λ = 0.1, L = 2.7 starts at
// z₁ = 9.945 with UCL₁ = 10.27, UCL₂ = 10.36. All values also to 1e−9
// against the formulas in R.
func TestMontgomeryCUSUMEWMA(t *testing.T) {
	rows := table(t, "montgomery_table9_1.csv")
	ps := periods(rows, func(r map[string]string) Period { return Period{N: 1, Mean: num(t, r, "x")} })
	sd := &Standard{Center: 10, Variance: 1}
	c, err := CUSUM(ps, Mean, &CUSUMSettings{Standard: sd, K: 0.5, H: 5})
	require.NoError(t, err)
	e, err := EWMA(ps, Mean, &EWMASettings{Standard: sd, Lambda: 0.1, L: 2.7})
	require.NoError(t, err)
	for i, r := range rows {
		nearRow(t, r, i, column{"upper", c.Points[i].Upper}, column{"lower", c.Points[i].Lower},
			column{"ewma", e.Points[i].Statistic}, column{"ewma_ucl", e.Points[i].UCL})
	}
	require.NotEmpty(t, c.Alarms)
	assert.Equal(t, Alarm{Index: 28, Rule: CUSUMUpper}, c.Alarms[0])
	assert.InDelta(t, 5.28, c.Points[28].Upper, 0.005)
	assert.InDelta(t, 4.47, c.Points[27].Upper, 0.005)
	assert.InDelta(t, 9.945, 10+e.Points[0].Statistic, 1e-12)
	assert.InDelta(t, 10.27, 10+e.Points[0].UCL, 0.005)
	assert.InDelta(t, 10.36, 10+e.Points[1].UCL, 0.005)
}

// TestLaneyNPSReference checks LaneyNPSChart against the formulas, and
// that the Laney option of the EWMA and the CUSUM standardises with the
// same σ_z.
func TestLaneyNPSReference(t *testing.T) {
	rows := table(t, "laney_nps_weekly.csv")
	ps := npsPeriods(t, rows)
	base := Window{0, 13}
	c, err := LaneyNPSChart(ps, &Settings{Baseline: base})
	require.NoError(t, err)
	checkPoints(t, c, rows, "")
	sz := num(t, rows[0], "sigma_z")
	assert.InDelta(t, sz, c.SigmaZ, refTol)
	assert.Equal(t, LaneyNPSKind, c.Kind)

	e, err := EWMA(ps, NPS, &EWMASettings{Baseline: base, Laney: true})
	require.NoError(t, err)
	cu, err := CUSUM(ps, NPS, &CUSUMSettings{Baseline: base, Laney: true})
	require.NoError(t, err)
	assert.InDelta(t, sz, e.SigmaZ, refTol)
	assert.InDelta(t, sz, cu.SigmaZ, refTol)
	for i, p := range c.Points {
		z := (p.Value - p.Center) / p.StdErr
		assert.InDelta(t, z, e.Points[i].Z, refTol)
		assert.InDelta(t, z, cu.Points[i].Z, refTol)
	}
}
