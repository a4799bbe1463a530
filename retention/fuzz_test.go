package retention

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tenuresFrom decodes fuzz bytes into tenures: 3 bytes each (time, event
// flag, entry); times are small integers so that ties are common.
func tenuresFrom(data []byte) ([]float64, []int, []float64) {
	var times, entries []float64
	var events []int
	for i := 0; i+2 < len(data); i += 3 {
		t := float64(data[i] % 40)
		times = append(times, t)
		events = append(events, int(data[i+1]%2))
		e := 0.0
		if data[i+2]%3 == 0 && t > 0 {
			e = float64(int(data[i+2]) % int(t))
		}
		entries = append(entries, e)
	}
	return times, events, entries
}

// FuzzKaplanMeier checks the curve's invariants on any tenures: survival
// in [0, 1] and never rising, the band around it, a cumulative hazard that
// never falls, and merging two halves equals one pass.
func FuzzKaplanMeier(f *testing.F) {
	f.Add([]byte{1, 1, 0, 1, 0, 0, 5, 1, 3, 0, 1, 0})
	f.Add([]byte{0, 1, 0, 0, 0, 0})
	f.Add([]byte{39, 0, 9, 38, 1, 3, 2, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		times, events, entries := tenuresFrom(data)
		rs, err := NewRiskSet(context.Background(), times, events, entries)
		require.NoError(t, err)
		for _, tr := range []Transform{LogLog, Log, Plain} {
			c, err := rs.KaplanMeier(&Settings{Transform: tr})
			if len(times) == 0 {
				require.ErrorIs(t, err, ErrEmpty)
				return
			}
			require.NoError(t, err)
			prev, prevH := 1.0, 0.0
			for _, s := range c.Steps {
				assert.True(t, s.Survival >= 0 && s.Survival <= prev, "survival %v after %v", s.Survival, prev)
				assert.GreaterOrEqual(t, s.CumHazard, prevH)
				if !math.IsNaN(s.CI.Lower) {
					assert.LessOrEqual(t, s.CI.Lower, s.Survival+1e-12)
					assert.GreaterOrEqual(t, s.CI.Upper, s.Survival-1e-12)
				}
				assert.GreaterOrEqual(t, s.AtRisk, s.Events)
				prev, prevH = s.Survival, s.CumHazard
			}
			m := c.Median()
			if m.Defined {
				assert.GreaterOrEqual(t, m.Time, 0.0)
			}
			r, err := c.RMST(20)
			require.NoError(t, err)
			assert.True(t, r.Mean >= 0 && r.Mean <= 20+1e-9)
		}
		half := len(times) / 2
		a, err := NewRiskSet(context.Background(), times[:half], events[:half], entries[:half])
		require.NoError(t, err)
		b, err := NewRiskSet(context.Background(), times[half:], events[half:], entries[half:])
		require.NoError(t, err)
		require.NoError(t, a.Merge(b))
		assert.Equal(t, rs, a)
	})
}

// FuzzRiskSetJSON decodes any bytes as a RiskSet: either an error or a
// state on which every method works without panicking.
func FuzzRiskSetJSON(f *testing.F) {
	f.Add([]byte(`{"rows":[{"time":1,"events":2,"censored":1,"entries":0}]}`))
	f.Add([]byte(`{"rows":[{"time":1,"entries":1},{"time":2,"events":1}]}`))
	f.Add([]byte(`{"rows":[{"time":1,"events":9223372036854775807},{"time":2,"censored":9223372036854775807}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r RiskSet
		if json.Unmarshal(data, &r) != nil {
			return
		}
		_, _ = r.KaplanMeier(nil)
		_, _ = LogRankRiskSets(context.Background(), [][]RiskSet{{r, r}}, nil)
		var z RiskSet
		_ = z.Merge(r)
		_ = r.Add(Tenure{Time: 1, Event: true})
	})
}

// FuzzFitSBG fits survivor counts decoded from the bytes: an error or a
// converged fit with positive parameters, never a panic.
func FuzzFitSBG(f *testing.F) {
	f.Add([]byte{200, 150, 100, 90, 80})
	f.Add([]byte{10, 10, 10})
	f.Add([]byte{255, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 40 {
			data = data[:40]
		}
		var co []int64
		for _, b := range data {
			co = append(co, int64(b))
		}
		m, fit, err := FitSBG(context.Background(), [][]int64{co}, &FitSettings{MaxIterations: 100})
		if err != nil {
			return
		}
		assert.True(t, fit.Converged)
		assert.True(t, m.Gamma > 0 && m.Delta > 0)
		_, _ = fit.Project(5, 0)
	})
}

// FuzzCohortCounts adds customers decoded from the bytes to two shards and
// checks that merging them equals one accumulator, and that any decoded
// state is either refused or usable.
func FuzzCohortCounts(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{255, 255, 0, 0, 17})
	f.Fuzz(func(t *testing.T, data []byte) {
		t0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		var whole, a, b CohortCounts
		for _, c := range []*CohortCounts{&whole, &a, &b} {
			c.Period, c.Location = Day, "Europe/Paris"
		}
		for i := 0; i+3 < len(data); i += 4 {
			x := Customer{Starts: []time.Time{t0.Add(time.Duration(data[i]) * 7 * time.Hour)}}
			for k := 1; k <= int(data[i+1]%4); k++ {
				x.Returns = append(x.Returns, t0.Add(time.Duration(binary.LittleEndian.Uint16(data[i+2:i+4])/uint16(k))*time.Hour))
			}
			require.NoError(t, whole.Add(x))
			if data[i]%2 == 0 {
				require.NoError(t, a.Add(x))
			} else {
				require.NoError(t, b.Add(x))
			}
		}
		require.NoError(t, a.Merge(b))
		if len(whole.Cohorts) == 0 {
			return
		}
		if a.End.Before(whole.End) {
			a.End = whole.End
		}
		assert.Equal(t, whole.Cohorts, a.Cohorts)
		tab, err := whole.Table(&TableSettings{Definition: Unbounded})
		require.NoError(t, err)
		for _, c := range tab.Overall {
			assert.True(t, c.Rate >= 0 && c.Rate <= 1)
		}
		// Any JSON is refused or usable.
		var back CohortCounts
		if json.Unmarshal(data, &back) == nil {
			_, _ = back.Table(nil)
			_, _ = back.RiskSet()
		}
	})
}
