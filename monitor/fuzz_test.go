package monitor

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// periodsFrom builds up to 12 periods from the fuzzer's bytes and numbers.
func periodsFrom(data []byte, mean, variance float64) []Period {
	if len(data) > 48 {
		data = data[:48]
	}
	var ps []Period
	for i := 0; i+3 < len(data); i += 4 {
		n := int(data[i]) - 2 // may be 0 or negative
		ps = append(ps, Period{N: n, Successes: int(data[i+1]) % 300, Promoters: int(data[i+1]) % 256,
			Detractors: int(data[i+2]), Passives: n - int(data[i+1])%256 - int(data[i+2]),
			Mean: mean + float64(data[i+3]), Variance: variance})
	}
	return ps
}

// FuzzCharts runs every chart and Change on arbitrary periods and settings:
// errors are fine, panics are not, and a result's limits are ordered.
func FuzzCharts(f *testing.F) {
	f.Add([]byte{100, 50, 20, 3, 90, 40, 25, 4, 120, 70, 10, 5, 80, 30, 30, 2, 60, 20, 5, 1, 70, 35, 10, 9}, 3.0, 1.0, 0.2, 3.0, 0.5, 4.0, 1, 5)
	f.Add([]byte{2, 0, 0, 0}, math.NaN(), -1.0, 0.0, 0.0, 0.0, 0.0, 0, 0)
	f.Add([]byte{255, 255, 255, 255, 1, 0, 0, 0}, 1e308, 1e308, 1.0, 1e300, 1e300, 1e-300, -3, 2)
	f.Fuzz(func(t *testing.T, data []byte, mean, variance, lambda, l, k, h float64, from, to int) {
		ps := periodsFrom(data, mean, variance)
		if from%3 == 1 { // dated periods, possibly out of order or duplicated
			for i := range ps {
				ps[i].Date = day(1).AddDate(0, 0, int(data[4*i+3])*(1+to%3))
			}
			_, _ = DateWindow(ps, day(1+from%40), day(1+to%90))
		}
		s := &Settings{Baseline: Window{from, to}, L: l}
		for _, m := range []Metric{Proportion, NPS, Mean} {
			var charts []Chart
			if m == Proportion {
				c1, err1 := PChart(ps, s)
				c2, err2 := LaneyPChart(ps, s)
				if err1 == nil {
					charts = append(charts, c1)
				}
				if err2 == nil {
					charts = append(charts, c2)
				}
			}
			if m == NPS {
				if c, err := NPSChart(ps, s); err == nil {
					charts = append(charts, c)
				}
				if c, err := LaneyNPSChart(ps, s); err == nil {
					charts = append(charts, c)
				}
			}
			if m == Mean {
				if c, err := XBarSChart(ps, s); err == nil {
					charts = append(charts, c.XBar, c.S)
				}
			}
			for _, c := range charts {
				for _, p := range c.Points {
					require.False(t, p.LCL > p.UCL, "%+v", p)
				}
			}
			_, _ = EWMA(ps, m, &EWMASettings{Baseline: Window{from, to}, Lambda: lambda, L: l, Restart: from%2 == 0, Laney: to%2 == 0})
			_, _ = CUSUM(ps, m, &CUSUMSettings{Baseline: Window{from, to}, K: k, H: h, Laney: to%3 == 0, Restart: to%2 == 0})
			_, _ = Change(ps, m, from, &ChangeSettings{Lag: to})
		}
	})
}

// FuzzARL checks that the run-length calls return an error or a run length
// of at least 1 period, never a panic.
func FuzzARL(f *testing.F) {
	f.Add(0.5, 4.0, 0.0)
	f.Add(0.0, 0.01, -3.0)
	f.Add(10.0, 50.0, 1e300)
	f.Fuzz(func(t *testing.T, a, b, shift float64) {
		if c, err := CUSUMARL(a, b, shift); err == nil {
			require.GreaterOrEqual(t, c.ARL, 1-1e-9, "%+v", c)
		}
		if a > 0.2 { // keep the seed runs short: small λ means long chains
			if e, err := EWMAARL(a, b/5, shift); err == nil {
				require.GreaterOrEqual(t, e.Steady, 1-1e-9, "%+v", e)
				require.GreaterOrEqual(t, e.TimeVarying, 1-1e-9, "%+v", e)
			}
		}
	})
}
