package experience

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeyDriversReference(t *testing.T) {
	b, err := os.ReadFile("testdata/key_drivers_reference.json")
	require.NoError(t, err)
	var f struct {
		Cases []struct {
			Name   string `json:"name"`
			Inputs struct {
				Drivers []string    `json:"drivers"`
				X       [][]float64 `json:"X"`
				Overall []float64   `json:"overall"`
			} `json:"inputs"`
			Expected struct {
				PearsonR map[string]float64 `json:"pearson_r"`
				Beta     map[string]float64 `json:"standardized_beta"`
				R2       float64            `json:"r_squared"`
				Shapley  map[string]float64 `json:"shapley_r2"`
				Share    map[string]float64 `json:"shapley_share_pct"`
			} `json:"expected"`
			Tolerance float64 `json:"tolerance"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	require.Len(t, f.Cases, 1)
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			r, err := KeyDrivers(bg, c.Inputs.Drivers, c.Inputs.X, c.Inputs.Overall, nil)
			require.NoError(t, err)
			require.True(t, r.Exact)
			assert.InDelta(t, c.Expected.R2, r.RSquared, c.Tolerance)
			var sumRW float64
			for j, d := range r.Drivers {
				assert.InDelta(t, c.Expected.PearsonR[d], r.PearsonR[j], c.Tolerance, d)
				assert.InDelta(t, c.Expected.Beta[d], r.Beta[j], c.Tolerance, d)
				assert.InDelta(t, c.Expected.Shapley[d], r.Shapley[j], c.Tolerance, d)
				assert.InDelta(t, c.Expected.Share[d], r.SharePct[j], c.Tolerance, d)
				sumRW += r.RelativeWeights[j]
			}
			// Johnson's weights also decompose R² exactly.
			assert.InDelta(t, r.RSquared, sumRW, 1e-12)
		})
	}
}
