package monitor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDirection: after the change (b) clearly beats before (a): Diff > 0,
// Statistic > 0, the Greater p < 0.5 and the Less p > 0.5, for each metric.
func TestDirection(t *testing.T) {
	// b (after the change) clearly beats a.
	ps := weekly(40, 42, 41, 39, 60, 61, 59, 62)
	for _, m := range []Metric{Proportion, NPS, Mean} {
		q := make([]Period, len(ps))
		for i, p := range ps {
			q[i] = p
			q[i].Promoters, q[i].Detractors, q[i].Passives = p.Successes, 20, 80-p.Successes
			q[i].Mean, q[i].Variance = float64(p.Successes)/10, 1
		}
		for _, alt := range []Alternative{TwoSided, Greater, Less} {
			r, err := Change(q, m, 4, &ChangeSettings{Alternative: alt})
			require.NoError(t, err)
			c := r.Comparison
			assert.Greater(t, c.Diff, 0.0, m.String())
			assert.Greater(t, c.Statistic, 0.0)
			assert.Greater(t, c.CI.Lower, 0.0)
			switch alt {
			case Greater:
				assert.Less(t, c.P, 0.5)
			case Less:
				assert.Greater(t, c.P, 0.5)
			}
			assert.True(t, c.Defined)
		}
	}
}
