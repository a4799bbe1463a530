package retention

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The survivors of Fader and Hardie (2007), "How to Project Customer
// Retention", Journal of Interactive Marketing 21(1), Table 1: two
// segments of 1000 customers each, years 0–7 (their data from Berry and
// Linoff 2004). The paper fits years 1–7 and reports γ̂ = 0.704,
// δ̂ = 1.182 (regular) and γ̂ = 0.668, δ̂ = 3.806 (high end).
var (
	fhRegular = []int64{1000, 631, 468, 382, 326, 289, 262, 241}
	fhHighEnd = []int64{1000, 869, 743, 653, 593, 551, 517, 491}
)

func TestFitSBGPaper(t *testing.T) {
	for _, c := range []struct {
		name        string
		data        []int64
		gamma, delt float64
	}{
		{"regular", fhRegular, 0.704, 1.182},
		{"high end", fhHighEnd, 0.668, 3.806},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, fit, err := FitSBG(context.Background(), [][]int64{c.data}, nil)
			require.NoError(t, err)
			assert.True(t, fit.Converged)
			// The paper prints three decimals.
			assert.InDelta(t, c.gamma, m.Gamma, 0.0005)
			assert.InDelta(t, c.delt, m.Delta, 0.0005)
			assert.Equal(t, int64(1000), fit.N)
			// The estimate is a maximum: any nearby point has a lower likelihood.
			for _, d := range [][2]float64{{1e-4, 0}, {-1e-4, 0}, {0, 1e-4}, {0, -1e-4}} {
				ll, _, _ := sbgLogLik([][]int64{c.data}, m.Gamma+d[0], m.Delta+d[1])
				assert.Less(t, ll, fit.LogLik)
			}
			t.Logf("γ = %.6f ± %.6f, δ = %.6f ± %.6f, LL = %.6f", m.Gamma, fit.StdErr[0], m.Delta, fit.StdErr[1], fit.LogLik)
		})
	}
}

type sbgReference struct {
	RVersion string `json:"r_version"`
	Cases    []struct {
		Name         string
		Gamma, Delta float64
		LogLik       float64   `json:"log_lik"`
		StdErr       []float64 `json:"std_err"`
		DERL         []struct {
			Renewals int
			Discount float64
			Value    float64
		}
	}
}

// TestFitSBGR compares the fit with an independent one in base R (optim
// and a Newton polish on numerical derivatives: testdata/sbg_reference.R):
// estimates to 1e-7 and the log-likelihood to 1e-10 relative, standard
// errors to 1e-4 relative (R's Hessian is numerical); DERL at R's
// estimates against R's direct sum of the series to 1e-10.
func TestFitSBGR(t *testing.T) {
	b, err := os.ReadFile("testdata/sbg_reference.json")
	require.NoError(t, err)
	var ref sbgReference
	require.NoError(t, json.Unmarshal(b, &ref))
	data := map[string][][]int64{
		"regular":              {fhRegular},
		"high end":             {fhHighEnd},
		"both":                 {fhRegular, fhHighEnd},
		"regular, two cohorts": {fhRegular, {2000, 1262, 936, 764, 652}},
	}
	require.Len(t, ref.Cases, len(data))
	for _, c := range ref.Cases {
		t.Run(c.Name, func(t *testing.T) {
			m, fit, err := FitSBG(context.Background(), data[c.Name], nil)
			require.NoError(t, err)
			assert.InEpsilon(t, c.Gamma, m.Gamma, 1e-7)
			assert.InEpsilon(t, c.Delta, m.Delta, 1e-7)
			assert.InEpsilon(t, c.LogLik, fit.LogLik, 1e-10)
			assert.InEpsilon(t, c.StdErr[0], fit.StdErr[0], 1e-4)
			assert.InEpsilon(t, c.StdErr[1], fit.StdErr[1], 1e-4)
			rm := SBG{Gamma: c.Gamma, Delta: c.Delta}
			for _, d := range c.DERL {
				got, err := rm.DERL(d.Renewals, d.Discount)
				require.NoError(t, err)
				assert.InEpsilon(t, d.Value, got, 1e-10, "DERL(%d, %v)", d.Renewals, d.Discount)
			}
		})
	}
}

// TestSBGIdentities checks the model's functions against each other: S(t)
// = Π r(i), P(T = t) = S(t − 1) − S(t), and the projection's point values
// and the order of its interval ends.
func TestSBGIdentities(t *testing.T) {
	m, fit, err := FitSBG(context.Background(), [][]int64{fhRegular}, nil)
	require.NoError(t, err)
	s := 1.0
	for i := 1; i <= 20; i++ {
		prev := s
		s *= m.Retention(i)
		assert.InEpsilon(t, s, m.Survival(i), 1e-13)
		assert.InEpsilon(t, prev-s, m.Churn(i), 1e-12)
	}
	pr, err := fit.Project(12, 0)
	require.NoError(t, err)
	require.Len(t, pr, 12)
	for i, p := range pr {
		assert.Equal(t, i+1, p.Period)
		assert.InEpsilon(t, m.Survival(i+1), p.Survival, 1e-12)
		assert.InEpsilon(t, m.Retention(i+1), p.Retention, 1e-12)
		assert.Less(t, p.SurvivalCI.Lower, p.Survival)
		assert.Greater(t, p.SurvivalCI.Upper, p.Survival)
		assert.Less(t, p.RetentionCI.Lower, p.Retention)
		assert.Greater(t, p.RetentionCI.Upper, p.Retention)
		assert.Equal(t, 0.95, p.SurvivalCI.Level)
	}
	// The paper's point: the aggregate retention rate rises with tenure.
	assert.Greater(t, pr[11].Retention, pr[0].Retention)
	assert.True(t, math.IsNaN(m.Survival(-1)))
	assert.True(t, math.IsNaN(SBG{}.Retention(1)))
}

func TestFitSBGErrors(t *testing.T) {
	ctx := context.Background()
	var ie *InputError
	_, _, err := FitSBG(ctx, [][]int64{{100, 80, 85}}, nil)
	require.ErrorIs(t, err, ErrOutOfRange)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 2, ie.Index)
	assert.Equal(t, "retention: survivors of cohort 0 85 at index 2: out of range: survivors rise from 80", err.Error())
	_, _, err = FitSBG(ctx, [][]int64{{100, 80}, {0}}, nil)
	require.ErrorIs(t, err, ErrEmpty)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "survivors of cohort 1", ie.Field)
	_, _, err = FitSBG(ctx, [][]int64{{100, -1}}, nil)
	require.ErrorIs(t, err, ErrNegative)
	_, _, err = FitSBG(ctx, nil, nil)
	require.ErrorIs(t, err, ErrEmpty)
	_, _, err = FitSBG(ctx, [][]int64{{100, 100, 100}}, nil)
	require.ErrorIs(t, err, ErrNotConverged, "no churn: no maximum")
	_, _, err = FitSBG(ctx, [][]int64{{100, 0}}, nil)
	require.ErrorIs(t, err, ErrNotConverged, "no renewal: no maximum")
	_, _, err = FitSBG(ctx, [][]int64{fhRegular}, &FitSettings{Tolerance: math.NaN()})
	require.ErrorIs(t, err, ErrOutOfRange)
	m := SBG{Gamma: 1, Delta: 2}
	for _, d := range []float64{0, -0.1, math.NaN(), math.Inf(1)} {
		_, err = m.DERL(0, d)
		require.Error(t, err, "d = %v", d)
	}
	_, err = m.DERL(-1, 0.1)
	require.ErrorIs(t, err, ErrNegative)
	_, err = SBG{}.DERL(0, 0.1)
	require.ErrorIs(t, err, ErrOutOfRange)
}

func TestFitSBGCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := FitSBG(ctx, [][]int64{fhRegular}, nil)
	require.ErrorIs(t, err, context.Canceled)
	calls := 0
	_, _, err = FitSBG(context.Background(), [][]int64{fhRegular}, &FitSettings{Progress: func(done, total int) { calls++ }})
	require.NoError(t, err)
	assert.Positive(t, calls)
}

// TestProjectDeltaMethod checks the projection intervals against the delta
// method done numerically: central differences of logit S(t) and logit
// r(t) in (log γ, log δ), with the fit's CovLog.
func TestProjectDeltaMethod(t *testing.T) {
	m, fit, err := FitSBG(context.Background(), [][]int64{fhHighEnd}, nil)
	require.NoError(t, err)
	pr, err := fit.Project(10, 0.9)
	require.NoError(t, err)
	z := 1.6448536269514722
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	at := func(lg, ld float64) SBG { return SBG{Gamma: math.Exp(lg), Delta: math.Exp(ld)} }
	lg, ld := math.Log(m.Gamma), math.Log(m.Delta)
	const h = 1e-6
	for _, p := range pr {
		for _, f := range []struct {
			fn func(SBG) float64
			iv Interval
		}{
			{func(s SBG) float64 { return s.Survival(p.Period) }, p.SurvivalCI},
			{func(s SBG) float64 { return s.Retention(p.Period) }, p.RetentionCI},
		} {
			d0 := (logit(f.fn(at(lg+h, ld))) - logit(f.fn(at(lg-h, ld)))) / (2 * h)
			d1 := (logit(f.fn(at(lg, ld+h))) - logit(f.fn(at(lg, ld-h)))) / (2 * h)
			c := fit.CovLog
			se := math.Sqrt(d0*d0*c[0][0] + 2*d0*d1*c[0][1] + d1*d1*c[1][1])
			l := logit(f.fn(m))
			assert.InDelta(t, 1/(1+math.Exp(-(l-z*se))), f.iv.Lower, 1e-7, "period %d", p.Period)
			assert.InDelta(t, 1/(1+math.Exp(-(l+z*se))), f.iv.Upper, 1e-7, "period %d", p.Period)
		}
	}
}
