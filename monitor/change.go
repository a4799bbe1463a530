package monitor

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/cxkit/cxkit/internal/dist"
	"github.com/cxkit/cxkit/internal/settings"
)

// Alternative names the alternative hypothesis of a test; the zero value is
// TwoSided.
type Alternative int

const (
	// TwoSided tests for a change in either direction ("two-sided").
	TwoSided Alternative = iota
	// Less tests whether the value after the change is lower ("less").
	Less
	// Greater tests whether the value after the change is higher ("greater").
	Greater
)

// Errors names the standard errors of the segmented regression.
type Errors int

const (
	// NeweyWest is the heteroscedasticity and autocorrelation consistent
	// (HAC) covariance of Newey & West (1987), Bartlett kernel
	// ("newey-west"). Valid under autocorrelated periods, but too narrow
	// in short series: in simulation_test.go, 24 independent weekly
	// shares give a 95% interval that covers the true level change about
	// 84–88% of the time (lag 2 and 1).
	NeweyWest Errors = iota
	// Classical is the ordinary least-squares covariance σ̂²(X'X)⁻¹ for
	// independent periods ("classical"): exact coverage when the periods
	// are independent, too narrow when they are positively autocorrelated.
	Classical
)

// Interval is a confidence interval [Lower, Upper] at confidence Level.
//
// JSON keys: lower, upper, level.
type Interval struct {
	Lower float64
	Upper float64
	Level float64
}

// ChangeSettings tunes [Change]. A nil *ChangeSettings means all defaults.
//
// JSON keys: level, lag, alternative, errors, weighted.
type ChangeSettings struct {
	// Level is the confidence level of the intervals; 0 means 0.95.
	Level float64
	// Lag is the Newey–West truncation lag, 1 ≤ Lag < number of periods;
	// 0 means ⌊4·(T/100)^(2/9)⌋ (Newey & West 1994).
	Lag int
	// Alternative is the alternative of every test; 0 means TwoSided.
	Alternative Alternative
	// Errors is the model of the standard errors; the zero value is
	// [NeweyWest].
	Errors Errors
	// Weighted, when true, fits by weighted least squares with weights nᵢ
	// (a period's variance is ∝ 1/nᵢ), for series whose n varies a lot;
	// the Newey–West errors use the weighted scores (as sandwich does for
	// lm(..., weights = n)). The default is ordinary least squares.
	Weighted bool
}

// Coefficient is one coefficient of the segmented regression with its
// Newey–West standard error and the t test of Estimate = 0 on DF degrees of
// freedom. Defined is false (and the test NaN) when StdErr is 0.
//
// JSON keys: estimate, std_err, df, statistic, p, alternative, level, ci,
// defined.
type Coefficient struct {
	Estimate    float64
	StdErr      float64
	DF          float64
	Statistic   float64
	P           float64
	Alternative Alternative
	Level       float64
	CI          Interval
	Defined     bool
}

// Comparison is the plain test of the pooled periods after the change (b)
// against those before it (a), ignoring trend and autocorrelation, as the
// metric packages compare two groups: Diff = B − A. For [Proportion] a two-
// proportion z test (Statistic = Diff/PooledStdErr, CI Diff ± z·StdErr,
// unpooled; shares in [0, 1]); for [NPS] the Wald test of two NPS with the
// trinomial variance (points); for [Mean] Welch's t test of the pooled
// means and variances (DF Welch–Satterthwaite; +Inf for the z tests).
// NA and NB are the numbers of responses.
//
// JSON keys: metric, na, nb, a, b, diff, std_err, pooled_std_err, df,
// statistic, p, alternative, level, ci, defined.
type Comparison struct {
	Metric       Metric
	NA           int
	NB           int
	A            float64
	B            float64
	Diff         float64
	StdErr       float64
	PooledStdErr float64
	DF           float64
	Statistic    float64
	P            float64
	Alternative  Alternative
	Level        float64
	CI           Interval
	Defined      bool
}

// Segmented is the interrupted time series fit of [Change]:
//
//	yₜ = β₀ + β₁t + β₂Dₜ + β₃(t − t_At)Dₜ + eₜ,  Dₜ = [period at or after At]
//
// Intercept is β₀, Trend β₁ (per period, before the change), LevelChange β₂
// (the jump at the change, above the extrapolated trend), SlopeChange β₃
// (the change of slope per period). Label is the label of period At; Lag
// the Newey–West lag (0 with classical errors).
// ResidualAR1 is the lag-1 autocorrelation of the (weighted) residuals (a
// check on the need for HAC errors); Times, Values and Fitted are t, yₜ
// and the fitted line.
//
// Errors and Weighted record the settings used.
//
// JSON keys: metric, at, label, n, errors, weighted, lag, intercept, trend,
// level_change, slope_change, residual_ar1, times, values, fitted,
// comparison.
type Segmented struct {
	Metric      Metric
	At          int
	Label       string
	N           int
	Errors      Errors
	Weighted    bool
	Lag         int
	Intercept   Coefficient
	Trend       Coefficient
	LevelChange Coefficient
	SlopeChange Coefficient
	ResidualAR1 float64
	Times       []float64
	Values      []float64
	Fitted      []float64
	Comparison  Comparison
}

// Change answers "did the change work?" for a change made just before the
// period at: a segmented regression of the interrupted series (Wagner et
// al., "Segmented regression analysis of interrupted time series studies
// in medication use research", J Clin Pharm Ther 27, 2002) fitted by
// ordinary (or, with ChangeSettings.Weighted, n-weighted) least squares,
// with Newey–West standard errors (HAC, Bartlett kernel, lag
// ChangeSettings.Lag, small-sample factor N/(N − 4); Newey & West,
// Econometrica 55(3), 1987; as R's sandwich::NeweyWest with prewhite =
// FALSE, adjust = TRUE) that stay valid under autocorrelated periods, or
// classical ones (see [Errors] for their coverage in short series); t tests
// on N − 4 degrees of freedom; and, for contrast, the plain before/after
// [Comparison], which a pre-existing trend fools.
//
// Time t counts periods: t = index, or for dated periods the whole number
// of shortest gaps since the first date (weekly dates with a missing week
// give t = 0, 1, 3, …; months of 28–31 days count as 1). It needs at ≥ 2, at ≤ N − 2 and
// N ≥ 5 ([ErrOutOfRange]); period errors as for the charts.
func Change(periods []Period, m Metric, at int, s *ChangeSettings) (Segmented, error) {
	set, err := s.resolve()
	if err != nil {
		return Segmented{}, err
	}
	if err := checkPeriods(periods, m, 1); err != nil {
		return Segmented{}, err
	}
	n := len(periods)
	if n < 5 || at < 2 || at > n-2 {
		return Segmented{}, badValue(-1, "change index", at,
			fmt.Errorf("%w: needs at least 2 periods on each side and 5 in all (have %d)", ErrOutOfRange, n))
	}
	lag := set.Lag
	if lag == 0 {
		lag = int(math.Floor(4 * math.Pow(float64(n)/100, 2.0/9)))
	}
	if lag >= n {
		return Segmented{}, badValue(-1, "lag", lag, fmt.Errorf("%w: below the %d periods", ErrOutOfRange, n))
	}
	cmp, err := compare(periods[:at], periods[at:], m, set)
	if err != nil {
		return Segmented{}, err
	}
	r := Segmented{Metric: m, At: at, Label: periods[at].Label, N: n, Errors: set.Errors, Weighted: set.Weighted, Lag: lag,
		Values: make([]float64, n), Fitted: make([]float64, n), Comparison: cmp}
	r.Times = periodTimes(periods)
	x := mat.NewDense(n, 4, nil)
	xw := mat.NewDense(n, 4, nil) // rows scaled by √wₜ
	yw := make([]float64, n)
	for t, p := range periods {
		r.Values[t] = m.value(p)
		d := 0.0
		if t >= at {
			d = 1
		}
		tt, ta := r.Times[t], r.Times[at]
		row := []float64{1, tt, d, (tt - ta) * d}
		x.SetRow(t, row)
		sw := 1.0
		if set.Weighted {
			sw = math.Sqrt(float64(p.N))
		}
		for j := range row {
			row[j] *= sw
		}
		xw.SetRow(t, row)
		yw[t] = sw * r.Values[t]
	}
	if set.Errors == Classical {
		lag = 0
		r.Lag = 0
	}
	coef, resid, cov, err := olsHAC(xw, yw, lag, set.Errors == Classical)
	if err != nil {
		return Segmented{}, err
	}
	df := float64(n - 4)
	out := [4]*Coefficient{&r.Intercept, &r.Trend, &r.LevelChange, &r.SlopeChange}
	for j, c := range out {
		*c = coefficient(coef[j], math.Sqrt(cov.At(j, j)), df, set)
	}
	var num, den float64
	for t := range n {
		r.Fitted[t] = coef[0] + coef[1]*x.At(t, 1) + coef[2]*x.At(t, 2) + coef[3]*x.At(t, 3)
		e := resid[t] // weighted residual √wₜ·eₜ
		den += e * e
		if t > 0 {
			num += e * resid[t-1]
		}
	}
	r.ResidualAR1 = math.NaN()
	if den > 0 {
		r.ResidualAR1 = num / den
	}
	return r, nil
}

func (s *ChangeSettings) resolve() (ChangeSettings, error) {
	r := settings.Of(s)
	l, err := resolveLevel(r.Level)
	if err != nil {
		return r, err
	}
	r.Level = l
	if r.Lag < 0 {
		return r, badValue(-1, "lag", r.Lag, ErrNegative)
	}
	if r.Alternative < TwoSided || r.Alternative > Greater {
		return r, badValue(-1, "alternative", int(r.Alternative), ErrOutOfRange)
	}
	if r.Errors < NeweyWest || r.Errors > Classical {
		return r, badValue(-1, "errors", int(r.Errors), ErrOutOfRange)
	}
	return r, nil
}

// olsHAC returns the least-squares coefficients of y on x, the residuals
// (0 for an exact fit) and the coefficients' Newey–West covariance
// (X'X)⁻¹ S (X'X)⁻¹ · n/(n − k), with
// S = Σₜ eₜ²xₜxₜ' + Σ_{l=1..lag} (1 − l/(lag+1)) Σₜ eₜeₜ₋ₗ(xₜxₜ₋ₗ' + xₜ₋ₗxₜ'),
// or with classical the covariance Σeₜ²/(n − k) · (X'X)⁻¹.
func olsHAC(x *mat.Dense, y []float64, lag int, classical bool) (coef, resid []float64, cov *mat.Dense, err error) {
	n, k := x.Dims()
	var xtx mat.Dense
	xtx.Mul(x.T(), x)
	var inv mat.Dense
	if err := inv.Inverse(&xtx); err != nil {
		return nil, nil, nil, fmt.Errorf("monitor: the segmented regression is singular: %w", ErrOutOfRange)
	}
	var b mat.VecDense
	if err := b.SolveVec(x, mat.NewVecDense(n, y)); err != nil { // QR least squares
		return nil, nil, nil, fmt.Errorf("monitor: the segmented regression is singular: %w", ErrOutOfRange)
	}
	e := make([]float64, n)
	var ee, yy float64
	for t := range n {
		e[t] = y[t] - mat.Dot(x.RowView(t), &b)
		ee += e[t] * e[t]
		yy += y[t] * y[t]
	}
	if math.Sqrt(ee) <= 1e-12*math.Sqrt(yy) {
		// An exact fit: the residuals are rounding noise, not data.
		clear(e)
		ee = 0
	}
	cov = mat.NewDense(k, k, nil)
	if classical {
		cov.Scale(ee/float64(n-k), &inv)
		return b.RawVector().Data, e, cov, nil
	}
	s := mat.NewDense(k, k, nil)
	for l := 0; l <= lag; l++ {
		w := 1 - float64(l)/float64(lag+1)
		for t := l; t < n; t++ {
			f := w * e[t] * e[t-l]
			for i := range k {
				for j := range k {
					v := x.At(t, i) * x.At(t-l, j)
					if l > 0 {
						v += x.At(t-l, i) * x.At(t, j)
					}
					s.Set(i, j, s.At(i, j)+f*v)
				}
			}
		}
	}
	cov.Product(&inv, s, &inv)
	cov.Scale(float64(n)/float64(n-k), cov)
	return b.RawVector().Data, e, cov, nil
}

// coefficient returns the t test of est = 0 with standard error se.
func coefficient(est, se, df float64, s ChangeSettings) Coefficient {
	c := Coefficient{Estimate: est, StdErr: se, DF: df, Statistic: math.NaN(), P: math.NaN(),
		Alternative: s.Alternative, Level: s.Level}
	half := dist.TQuantile(1-(1-s.Level)/2, df) * se
	c.CI = Interval{est - half, est + half, s.Level}
	if se > 0 && !math.IsInf(se, 0) {
		c.Statistic = est / se
		c.P = dist.TP(c.Statistic, df, dist.Alternative(s.Alternative))
		c.Defined = true
	}
	return c
}

// pooled sums the responses of ps: n, and for each metric the sums needed.
type pooled struct {
	n    float64
	a, b float64 // successes or promoters, detractors; Σn·mean, Σ((n−1)s² + n·mean²)
}

func pool(ps []Period, m Metric) (pooled, int, error) {
	var q pooled
	total := 0
	for i, p := range ps {
		if total > math.MaxInt-p.N {
			return q, 0, badValue(i, "n", p.N, fmt.Errorf("%w: the total number of responses overflows int", ErrOutOfRange))
		}
		total += p.N
		q.n += float64(p.N)
		switch m {
		case Proportion:
			q.a += float64(p.Successes)
		case NPS:
			q.a += float64(p.Promoters)
			q.b += float64(p.Detractors)
		case Mean:
			q.a += float64(p.N) * p.Mean
		}
	}
	if m == Mean {
		mean := q.a / q.n
		for _, p := range ps {
			d := p.Mean - mean
			q.b += float64(p.N-1)*p.Variance + float64(p.N)*d*d
		}
	}
	return q, total, nil
}

// compare is the plain two-period test of b against a.
func compare(a, b []Period, m Metric, s ChangeSettings) (Comparison, error) {
	qa, na, err := pool(a, m)
	if err != nil {
		return Comparison{}, err
	}
	qb, nb, err := pool(b, m)
	if err != nil {
		return Comparison{}, err
	}
	c := Comparison{Metric: m, NA: na, NB: nb, DF: math.Inf(1), Statistic: math.NaN(), P: math.NaN(),
		Alternative: s.Alternative, Level: s.Level}
	switch m {
	case Proportion:
		c.A, c.B = qa.a/qa.n, qb.a/qb.n
		c.StdErr = math.Sqrt(c.A*(1-c.A)/qa.n + c.B*(1-c.B)/qb.n)
		pp := (qa.a + qb.a) / (qa.n + qb.n)
		c.PooledStdErr = math.Sqrt(pp * (1 - pp) * (1/qa.n + 1/qb.n))
	case NPS:
		pa, da, pb, db := qa.a/qa.n, qa.b/qa.n, qb.a/qb.n, qb.b/qb.n
		c.A, c.B = 100*(pa-da), 100*(pb-db)
		va, vb := pa+da-(pa-da)*(pa-da), pb+db-(pb-db)*(pb-db)
		c.StdErr = 100 * math.Sqrt(va/qa.n+vb/qb.n)
		c.PooledStdErr = c.StdErr
	case Mean:
		c.A, c.B = qa.a/qa.n, qb.a/qb.n
		c.StdErr, c.DF = math.NaN(), math.NaN()
		if qa.n >= 2 && qb.n >= 2 {
			va, vb := qa.b/(qa.n-1)/qa.n, qb.b/(qb.n-1)/qb.n
			c.StdErr = math.Sqrt(va + vb)
			c.DF = (va + vb) * (va + vb) / (va*va/(qa.n-1) + vb*vb/(qb.n-1))
		}
		c.PooledStdErr = c.StdErr
	}
	c.Diff = c.B - c.A
	crit := dist.ZCritical(s.Level)
	if m == Mean {
		crit = dist.TQuantile(1-(1-s.Level)/2, c.DF)
	}
	c.CI = Interval{c.Diff - crit*c.StdErr, c.Diff + crit*c.StdErr, s.Level}
	if c.PooledStdErr > 0 && !math.IsInf(c.PooledStdErr, 0) {
		c.Statistic = c.Diff / c.PooledStdErr
		if m == Mean {
			c.P = dist.TP(c.Statistic, c.DF, dist.Alternative(s.Alternative))
		} else {
			c.P = dist.NormalP(c.Statistic, dist.Alternative(s.Alternative))
		}
		c.Defined = true
	}
	return c, nil
}

// periodTimes returns t for each period: its index, or for dated periods
// the number of shortest gaps between consecutive dates since the first,
// rounded to a whole number.
func periodTimes(ps []Period) []float64 {
	t := make([]float64, len(ps))
	if ps[0].Date.IsZero() {
		for i := range t {
			t[i] = float64(i)
		}
		return t
	}
	step := math.Inf(1)
	for i := 1; i < len(ps); i++ {
		step = math.Min(step, ps[i].Date.Sub(ps[i-1].Date).Hours())
	}
	for i, p := range ps {
		t[i] = math.Round(p.Date.Sub(ps[0].Date).Hours() / step)
	}
	return t
}
