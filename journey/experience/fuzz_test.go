package experience

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/simulate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bg is the context of the tests that do not cancel.
var bg = context.Background()

// FuzzReadSurveys joins every survey file that journey.ReadSurveys accepts
// to the default map: every touchpoint rating lands in one group.
func FuzzReadSurveys(f *testing.F) {
	f.Add([]byte("customer_id,timestamp,touchpoint,kind,rating\nA,2024-01-01,checkout,ces,5\nA,2024-01-02,,nps,9\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := journey.ReadSurveys(bytes.NewReader(data))
		if err != nil {
			return
		}
		exp := ByTouchpoint(simulate.DefaultMap(), rs)
		n := 0
		for _, e := range exp {
			n += len(e.Ratings)
		}
		rel := 0
		for _, r := range rs {
			if r.Touchpoint == "" {
				rel++
			}
		}
		if n+rel != len(rs) {
			t.Fatalf("experience holds %d ratings of %d", n, len(rs)-rel)
		}

	})
}

// FuzzKeyDrivers feeds rows of any shape and value, NaN and ±Inf included.
func FuzzKeyDrivers(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, uint8(2), uint8(0))
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1}, uint8(3), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, p, bad uint8) {
		np := int(p%5) + 1
		names := make([]string, np)
		for j := range names {
			names[j] = string(rune('a' + j))
		}
		var x [][]float64
		var y []float64
		for i := 0; i+np < len(data); i += np + 1 {
			row := make([]float64, np)
			for j := range row {
				row[j] = float64(int8(data[i+j]))
			}
			x, y = append(x, row), append(y, float64(data[i+np]))
		}
		if len(x) > 0 {
			switch bad % 4 {
			case 1:
				x[0][0] = math.NaN()
			case 2:
				y = y[1:]
			case 3:
				x[len(x)-1] = x[len(x)-1][1:]
			}
		}
		r, err := KeyDrivers(bg, names, x, y, nil)
		if err == nil {
			if _, err := json.Marshal(r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestZeroValues(t *testing.T) {
	pp, err := PainPoints(bg, nil, nil, nil, nil)
	require.NoError(t, err)
	assert.Empty(t, pp)
	assert.Empty(t, ByTouchpoint(nil, nil))
}
