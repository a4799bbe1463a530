package funnel

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/cases"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The funnel cases of journey/testdata/public_reference.json, on the event
// logs of journey/testdata (shared with the path utilities' cases).
func TestReferenceCases(t *testing.T) {
	n := 0
	for _, c := range cases.Load(t, "../testdata") {
		if !strings.Contains(c.Name, "/funnel/") {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) { checkFunnelCase(t, &c) })
	}
	assert.Equal(t, 5, n, "funnel cases")
}

func checkFunnelCase(t *testing.T, c *cases.Case) {
	var steps []string
	var window float64
	var order string
	c.In(t, "steps", &steps)
	c.In(t, "window_seconds", &window)
	c.In(t, "order", &order)
	f := Funnel{Steps: steps, Window: time.Duration(window) * time.Second}
	require.NoError(t, f.Order.UnmarshalText([]byte(order)), "order %q", order)
	if _, ok := c.Inputs["exclusion"]; ok {
		var ex struct {
			Event    string `json:"event"`
			FromStep int    `json:"from_step"`
			ToStep   int    `json:"to_step"`
		}
		c.In(t, "exclusion", &ex)
		f.Exclusions = []Exclusion{{Event: ex.Event, From: ex.FromStep, To: ex.ToStep}}
	}
	var file string
	c.In(t, "events_csv", &file)
	res, err := f.Run(bg, cases.ReadFile(t, filepath.Join("../testdata", file), journey.ReadLog))
	require.NoError(t, err)
	var counts, drop []int
	var fromFirst, fromPrev, dropRate []float64
	var median, mean []*float64
	var toConvert *float64
	var excluded int
	c.Want(t, "step_counts", &counts)
	c.Want(t, "conversion_from_first", &fromFirst)
	c.Want(t, "conversion_from_previous", &fromPrev)
	c.Want(t, "drop_off", &drop)
	c.Want(t, "drop_off_rate", &dropRate)
	c.Want(t, "median_seconds_from_previous", &median)
	c.Want(t, "mean_seconds_from_previous", &mean)
	c.Want(t, "median_seconds_to_convert", &toConvert)
	c.Want(t, "customers_excluded", &excluded)
	require.Len(t, res.Steps, len(steps))
	for k, s := range res.Steps {
		assert.Equal(t, counts[k], s.Count, "count %d", k)
		assert.Equal(t, drop[k], s.DropOff, "drop-off %d", k)
		cases.Near(t, &fromFirst[k], s.ConversionFromFirst, c.Tolerance, "from first")
		cases.Near(t, &fromPrev[k], s.ConversionFromPrevious, c.Tolerance, "from previous")
		cases.Near(t, &dropRate[k], s.DropOffRate, c.Tolerance, "drop-off rate")
		cases.Near(t, median[k], s.MedianSeconds, c.Tolerance, "median seconds")
		cases.Near(t, mean[k], s.MeanSeconds, c.Tolerance, "mean seconds")
		assert.Equal(t, median[k] != nil, s.TimeDefined)
	}
	cases.Near(t, toConvert, res.MedianSecondsToConvert, c.Tolerance, "median to convert")
	assert.Equal(t, excluded, res.CustomersExcluded)
}
