package monitor

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }

// weekly returns n proportion periods with 100 responses and the given
// successes.
func weekly(successes ...int) []Period {
	ps := make([]Period, len(successes))
	for i, x := range successes {
		ps[i] = Period{Date: day(1 + 7*i), N: 100, Successes: x}
	}
	return ps
}

func TestBadInput(t *testing.T) {
	ok := weekly(50, 52, 48, 51, 49, 50)
	for _, c := range []struct {
		name  string
		ps    []Period
		m     Metric
		want  error
		field string
		index int
	}{
		{"empty", nil, Proportion, ErrEmpty, "", 0},
		{"n zero", []Period{{N: 10, Successes: 1}, {N: 0}}, Proportion, ErrEmpty, "n", 1},
		{"n negative", []Period{{N: -1}}, Proportion, ErrNegative, "n", 0},
		{"successes above n", []Period{{N: 10, Successes: 11}}, Proportion, ErrOutOfRange, "successes", 0},
		{"successes negative", []Period{{N: 10, Successes: -1}}, Proportion, ErrNegative, "successes", 0},
		{"nps sum", []Period{{N: 10, Promoters: 5, Passives: 2, Detractors: 2}}, NPS, ErrOutOfRange, "n", 0},
		{"nps negative", []Period{{N: 10, Promoters: 11, Passives: -3, Detractors: 2}}, NPS, ErrOutOfRange, "promoters", 0},
		{"mean NaN", []Period{{N: 10, Mean: math.NaN()}}, Mean, ErrNonFinite, "mean", 0},
		{"variance negative", []Period{{N: 10, Mean: 1, Variance: -1}}, Mean, ErrNegative, "variance", 0},
		{"out of order", []Period{{Date: day(8), N: 5}, {Date: day(1), N: 5}}, Proportion, ErrOrder, "date", 1},
		{"duplicate date", []Period{{Date: day(1), N: 5}, {Date: day(1), N: 5}}, Proportion, ErrDuplicate, "date", 1},
		{"missing date", []Period{{Date: day(1), N: 5}, {N: 5}}, Proportion, ErrOrder, "date", 1},
		{"duplicate label", []Period{{Label: "W1", N: 5}, {Label: "W1", N: 5}}, Proportion, ErrDuplicate, "label", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := EWMA(c.ps, c.m, nil)
			require.ErrorIs(t, err, c.want)
			if c.field != "" {
				var ie *InputError
				require.ErrorAs(t, err, &ie)
				assert.Equal(t, c.field, ie.Field)
				assert.Equal(t, c.index, ie.Index)
			}
			_, err = CUSUM(c.ps, c.m, nil)
			require.ErrorIs(t, err, c.want)
			if c.m == Proportion {
				_, err = PChart(c.ps, nil)
				require.ErrorIs(t, err, c.want)
			}
		})
	}
	_, err := XBarSChart([]Period{{N: 1, Mean: 3}}, nil)
	require.ErrorIs(t, err, ErrOutOfRange, "an S chart needs n ≥ 2")

	for _, w := range []Window{{-1, 3}, {0, 7}, {3, 3}, {4, 2}} {
		_, err := PChart(ok, &Settings{Baseline: w})
		require.ErrorIs(t, err, ErrOutOfRange, "%+v", w)
		var ie *InputError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, "baseline", ie.Field)
	}
	_, err = LaneyPChart(ok, &Settings{Baseline: Window{2, 3}})
	require.ErrorIs(t, err, ErrOutOfRange, "Laney needs two baseline periods")
	_, err = PChart(weekly(0, 0, 0), nil)
	require.ErrorIs(t, err, ErrNoVariation)
	_, err = PChart(ok, &Settings{Standard: &Standard{Center: 1.2}})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = PChart(ok, &Settings{Standard: &Standard{Center: 1}})
	require.ErrorIs(t, err, ErrNoVariation)
	_, err = EWMA(ok, Mean, &EWMASettings{Standard: &Standard{Center: 1}})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = CUSUM(ok, Proportion, &CUSUMSettings{Standard: &Standard{Center: 0.5, Variance: math.NaN()}})
	require.ErrorIs(t, err, ErrNonFinite)
	_, err = NPSChart([]Period{{N: 3, Promoters: 3}}, &Settings{Standard: &Standard{Center: 120, Variance: 0.5}})
	require.ErrorIs(t, err, ErrOutOfRange)

	for _, l := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := PChart(ok, &Settings{L: l})
		require.ErrorIs(t, err, ErrOutOfRange)
		_, err = EWMA(ok, Proportion, &EWMASettings{L: l})
		require.ErrorIs(t, err, ErrOutOfRange)
	}
	for _, lam := range []float64{-0.1, 1.5, math.NaN()} {
		_, err := EWMA(ok, Proportion, &EWMASettings{Lambda: lam})
		require.ErrorIs(t, err, ErrOutOfRange)
		_, err = EWMAARL(lam, 3, 0)
		require.ErrorIs(t, err, ErrOutOfRange)
	}
	for _, kh := range [][2]float64{{-1, 4}, {0.5, -4}, {math.NaN(), 4}, {0.5, math.Inf(1)}} {
		_, err := CUSUM(ok, Proportion, &CUSUMSettings{K: kh[0], H: kh[1]})
		require.ErrorIs(t, err, ErrOutOfRange, "%v", kh)
		_, err = CUSUMARL(kh[0], kh[1], 0)
		require.ErrorIs(t, err, ErrOutOfRange, "%v", kh)
	}
	_, err = CUSUMARL(0.5, 4, math.NaN())
	require.ErrorIs(t, err, ErrNonFinite)
	_, err = EWMAARL(0.005, 3, 0)
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = PChart(ok, &Settings{Rules: Rules(9)})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = EWMA(ok, Metric(7), nil)
	require.ErrorIs(t, err, ErrOutOfRange)

	_, err = Change(ok, Proportion, 1, nil)
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = Change(ok, Proportion, 5, nil)
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = Change(ok, Proportion, 3, &ChangeSettings{Lag: 6})
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = Change(ok, Proportion, 3, &ChangeSettings{Lag: -1})
	require.ErrorIs(t, err, ErrNegative)
}

func TestErrorMessage(t *testing.T) {
	_, err := PChart([]Period{{N: 10, Successes: 1}, {N: 0}}, nil)
	assert.EqualError(t, err, "monitor: n 0 at index 1: no responses")
}

// zPoints returns points with centre 0 and standard error 1 at the given
// standardised values, limits ±3.
func zPoints(z ...float64) []Point {
	ps := make([]Point, len(z))
	for i, v := range z {
		ps[i] = Point{Value: v, StdErr: 1, LCL: -3, UCL: 3, Out: v > 3 || v < -3}
	}
	return ps
}

func rulesAt(alarms []Alarm, r Rule) []int {
	var idx []int
	for _, a := range alarms {
		if a.Rule == r {
			idx = append(idx, a.Index)
		}
	}
	return idx
}

func TestRules(t *testing.T) {
	for _, c := range []struct {
		name string
		set  Rules
		rule Rule
		z    []float64
		want []int
	}{
		{"beyond", WesternElectric, BeyondLimits, []float64{0, 3.5, -0.2, -3.1}, []int{1, 3}},
		{"2 of 3", WesternElectric, TwoOfThree, []float64{0, 2.5, 0.1, 2.2, -2.5, 0, -2.1}, []int{3, 6}},
		{"2 of 3 other sides", WesternElectric, TwoOfThree, []float64{2.5, -2.5, 2.1}, []int{2}},
		{"4 of 5", WesternElectric, FourOfFive, []float64{1.5, 1.2, 0.5, 1.1, 1.3, 0}, []int{4}},
		{"8 one side", WesternElectric, EightOneSide, []float64{0.1, 0.2, 0.1, 0.3, 0.1, 0.2, 0.1, 0.4, 0.2, -1}, []int{7, 8}},
		{"9 one side", Nelson, NineOneSide, []float64{-.1, -.1, -.1, -.1, -.1, -.1, -.1, -.1, -.1}, []int{8}},
		{"6 trend", Nelson, SixTrend, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.4}, []int{5}},
		{"14 alternating", Nelson, FourteenAlternating, []float64{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1}, []int{13}},
		{"15 within", Nelson, FifteenWithin1, make([]float64, 16), []int{14, 15}},
		{"8 beyond 1", Nelson, EightBeyond1, []float64{1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5}, []int{7}},
		{"WE has no trend rule", WesternElectric, SixTrend, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}, nil},
		{"limits only", LimitsOnly, TwoOfThree, []float64{2.5, 2.5, 2.5}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, rulesAt(applyRules(zPoints(c.z...), c.set), c.rule))
		})
	}
}

// TestVaryingNLimits: a small period gets wider limits, and a value that
// is ordinary for 30 responses is out for 3000.
func TestVaryingNLimits(t *testing.T) {
	ps := []Period{{N: 30, Successes: 21}, {N: 3000, Successes: 2100}, {N: 3000, Successes: 1500}, {N: 30, Successes: 15}}
	c, err := PChart(ps, &Settings{Standard: &Standard{Center: 0.6}})
	require.NoError(t, err)
	assert.Greater(t, c.Points[0].UCL-c.Points[0].LCL, 10*(c.Points[1].UCL-c.Points[1].LCL)-1e-12)
	assert.False(t, c.Points[0].Out)
	assert.True(t, c.Points[1].Out)
	assert.True(t, c.Points[2].Out)
	assert.False(t, c.Points[3].Out)
}

// TestChangeTrend: a series with a steady upward trend and no change has
// a plain before/after "improvement" but no level or slope change; a jump
// of 5 points is found by the segmented regression.
func TestChangeTrend(t *testing.T) {
	mk := func(jump float64) []Period {
		ps := make([]Period, 30)
		for i := range ps {
			v := 20 + 0.5*float64(i) + 0.3*math.Sin(float64(i)*1.7)
			if i >= 15 {
				v += jump
			}
			ps[i] = Period{N: 200, Mean: v, Variance: 4}
		}
		return ps
	}
	r, err := Change(mk(0), Mean, 15, nil)
	require.NoError(t, err)
	assert.Less(t, r.Comparison.P, 1e-6, "the plain comparison is fooled by the trend")
	assert.Greater(t, r.LevelChange.P, 0.05)
	assert.InDelta(t, 0.5, r.Trend.Estimate, 0.05)
	assert.Equal(t, 3, r.Lag, "⌊4·(30/100)^(2/9)⌋ = ⌊3.06⌋")

	r, err = Change(mk(5), Mean, 15, nil)
	require.NoError(t, err)
	assert.InDelta(t, 5, r.LevelChange.Estimate, 0.5)
	assert.Less(t, r.LevelChange.P, 1e-6)
	assert.True(t, r.LevelChange.CI.Lower < 5 && 5 < r.LevelChange.CI.Upper)
	assert.InDelta(t, 0, r.SlopeChange.Estimate, 0.1)
	for i := range r.Values {
		assert.InDelta(t, r.Values[i], r.Fitted[i], 1)
	}
}

func TestC4(t *testing.T) {
	// Montgomery Appendix Table VI.
	for n, want := range map[int]float64{2: 0.7979, 5: 0.9400, 10: 0.9727, 25: 0.9896} {
		assert.InDelta(t, want, C4(n), 5e-5, "n = %d", n)
	}
	assert.True(t, math.IsNaN(C4(1)))
}

func TestLaneyWidensOverdispersed(t *testing.T) {
	// Huge n and overdispersion: the p-chart flags almost every week, the
	// p′-chart does not.
	ps := make([]Period, 20)
	for i := range ps {
		ps[i] = Period{N: 50000, Successes: 30000 + []int{300, -250, 100, -400, 350, -100}[i%6]}
	}
	p, err := PChart(ps, nil)
	require.NoError(t, err)
	l, err := LaneyPChart(ps, nil)
	require.NoError(t, err)
	assert.Greater(t, len(rulesAt(p.Alarms, BeyondLimits)), 5)
	assert.Empty(t, rulesAt(l.Alarms, BeyondLimits))
	assert.Greater(t, l.SigmaZ, 1.0)
}

func TestDateWindow(t *testing.T) {
	ps := weekly(50, 52, 48, 51, 49, 50) // days 1, 8, 15, 22, 29, 36 of 2026
	w, err := DateWindow(ps, day(8), day(29))
	require.NoError(t, err)
	assert.Equal(t, Window{1, 4}, w)
	w, err = DateWindow(ps, day(2), day(100))
	require.NoError(t, err)
	assert.Equal(t, Window{1, 6}, w)
	_, err = DateWindow(ps, day(9), day(10))
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = DateWindow([]Period{{N: 5}}, day(1), day(9))
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = DateWindow([]Period{{Date: day(8), N: 5}, {Date: day(1), N: 5}}, day(1), day(9))
	require.ErrorIs(t, err, ErrOrder)
	c, err := PChart(ps, &Settings{Baseline: w})
	require.NoError(t, err)
	assert.Equal(t, w, c.Baseline)
}

// TestChangeTimes: dated periods count time in their shortest gap, so a
// missing week leaves a gap in t (an exactly linear series keeps its slope
// per week across it); months of 28–31 days count as one; undated periods
// count by index.
func TestChangeTimes(t *testing.T) {
	ps := weekly(50, 52, 54, 56, 58, 60, 62, 64)
	gap := append(append([]Period{}, ps[:3]...), ps[4:]...) // week 4 missing
	r, err := Change(gap, Proportion, 4, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 1, 2, 4, 5, 6, 7}, r.Times)
	assert.InDelta(t, 0.02, r.Trend.Estimate, 1e-12, "2 points a week, the gap counted")
	assert.InDelta(t, 0, r.LevelChange.Estimate, 1e-12)
	assert.InDelta(t, 0, r.SlopeChange.Estimate, 1e-12)

	var months []Period
	for i, x := range []int{50, 52, 54, 56, 58, 60} {
		months = append(months, Period{Date: time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC), N: 100, Successes: x})
	}
	r, err = Change(months, Proportion, 3, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 1, 2, 3, 4, 5}, r.Times)

	undated := weekly(50, 52, 54, 56, 58, 60)
	for i := range undated {
		undated[i].Date = time.Time{}
	}
	r, err = Change(undated, Proportion, 3, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 1, 2, 3, 4, 5}, r.Times)
}
