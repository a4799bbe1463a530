package experience

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/simulate"
	"github.com/stretchr/testify/require"
)

func TestJSONExperience(t *testing.T) {
	d, err := (&simulate.Simulator{Customers: 40, SurveyProb: 1, Src: rand.NewPCG(3, 4)}).Run(bg)
	require.NoError(t, err)
	exp := ByTouchpoint(d.Map, d.Surveys)
	wiretest.Golden(t, "experience", exp[:2])
	pp, err := PainPoints(bg, d.Map, d.Journeys, exp, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "pain_points", pp[:3])
	// A touchpoint reached but never rated: Score and Pain are undefined.
	pp, err = PainPoints(bg, nil, []journey.Journey{{Customer: "a", Events: []journey.Event{{Touchpoint: "x"}}}}, nil, nil)
	require.NoError(t, err)
	require.True(t, math.IsNaN(pp[0].Score))
	wiretest.RoundTrip(t, pp)
	wiretest.RoundTrip(t, Touchpoint{Touchpoint: "x", Kind: journey.KindCES, Mean: math.NaN()})
	wiretest.Golden(t, "pain_point_settings", PainPointSettings{MinDropOffRate: 0.3, Scales: map[journey.SurveyKind]journey.Scale{journey.KindCSAT: {Min: 1, Max: 7}}})
	wiretest.RoundTrip(t, KeyDriverSettings{Progress: func(int, int) {}})

	names, x, y := DriverTable(d.Surveys, journey.KindNPS, journey.KindUnknown, []string{"checkout", "delivery"})
	kd, err := KeyDrivers(bg, names, x, y, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "drivers", kd)
	// Beyond MaxExactDrivers, Shapley is nil.
	wiretest.RoundTrip(t, DriverResult{Drivers: []string{"a"}, N: 3, PearsonR: []float64{math.NaN()}, RSquared: math.Inf(1)})
}
