package experience

import (
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/simulate"
	"math/rand/v2"

	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func TestExperienceAndPainPoints(t *testing.T) {
	m := &journey.Map{
		Stages: []journey.Stage{journey.StagePurchase, journey.StageOnboarding},
		Touchpoints: []journey.Touchpoint{
			{Name: "checkout", Stage: journey.StagePurchase, Channel: "web"}, {Name: "delivery", Stage: journey.StageOnboarding, Channel: "logistics"},
		},
		MomentsOfTruth: []string{"delivery"},
	}
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	rs := []journey.SurveyResponse{
		{Customer: "a", Time: at(1), Touchpoint: "delivery", Kind: journey.KindCSAT, Rating: 1}, {Customer: "b", Time: at(1), Touchpoint: "delivery", Kind: journey.KindCSAT, Rating: 2},
		{Customer: "a", Time: at(0), Touchpoint: "checkout", Kind: journey.KindCES, Rating: 7}, {Customer: "b", Time: at(0), Touchpoint: "checkout", Kind: journey.KindCES, Rating: 6},
		{Customer: "c", Time: at(0), Touchpoint: "checkout", Kind: journey.KindCES, Rating: 5}, {Customer: "a", Time: at(2), Touchpoint: "", Kind: journey.KindNPS, Rating: 3},
		{Customer: "z", Time: at(0), Touchpoint: "chatbot", Kind: journey.KindCSAT, Rating: 4},
	}
	exp := ByTouchpoint(m, rs)
	require.Len(t, exp, 3)
	assert.Equal(t, "checkout", exp[0].Touchpoint)
	assert.Equal(t, []int{7, 6, 5}, exp[0].Ratings)
	assert.InDelta(t, 6, exp[0].Mean, 1e-15)
	assert.Equal(t, "delivery", exp[1].Touchpoint)
	assert.True(t, exp[1].MomentOfTruth)
	assert.Equal(t, journey.StageOnboarding, exp[1].Stage)
	assert.Equal(t, "chatbot", exp[2].Touchpoint)
	assert.Equal(t, journey.StageUnknown, exp[2].Stage)

	js := []journey.Journey{
		{Customer: "a", Events: []journey.Event{{Touchpoint: "checkout"}, {Touchpoint: "delivery"}}},
		{Customer: "b", Events: []journey.Event{{Touchpoint: "checkout"}}},
		{Customer: "c", Events: []journey.Event{{Touchpoint: "checkout"}}},
		{Customer: "d", Events: []journey.Event{{Touchpoint: "checkout"}, {Touchpoint: "delivery"}}},
	}
	pp, err := PainPoints(bg, m, js, exp, nil)
	require.NoError(t, err)
	require.Len(t, pp, 3)
	// checkout: reached 4, dropped 2 (b, c) → 0.5; CES mean 6 on 1–7 → 5/6.
	assert.Equal(t, "checkout", pp[0].Touchpoint)
	assert.Equal(t, 4, pp[0].Reached)
	assert.Equal(t, 2, pp[0].Dropped)
	assert.InDelta(t, 5.0/6, pp[0].Score, 1e-15)
	assert.InDelta(t, 0.5/6, pp[0].Pain, 1e-15)
	assert.False(t, pp[0].Flagged)
	// delivery lies in the final stage: nobody drops there.
	assert.Equal(t, "delivery", pp[1].Touchpoint)
	assert.Equal(t, 0, pp[1].Dropped)
	assert.Equal(t, 0.0, pp[1].Pain)
	assert.True(t, math.IsNaN(pp[2].DropOffRate)) // chatbot: rated, never reached
	// With a lower bar checkout is flagged.
	pp, err = PainPoints(bg, m, js, exp, &PainPointSettings{MaxScore: 0.9})
	require.NoError(t, err)
	assert.True(t, pp[0].Flagged)
	_, err = PainPoints(bg, m, js, exp, &PainPointSettings{MinDropOffRate: 2})
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = PainPoints(bg, m, js, exp, &PainPointSettings{Scales: map[journey.SurveyKind]journey.Scale{journey.KindCES: {Min: 5, Max: 5}}})
	assert.ErrorIs(t, err, ErrScale)
	// Without a map, the outcome decides.
	js[1].Outcome = journey.OutcomeConverted
	pp, err = PainPoints(bg, nil, js, exp, nil)
	require.NoError(t, err)
	for _, p := range pp {
		if p.Touchpoint == "checkout" {
			assert.Equal(t, 1, p.Dropped)
		}
	}
}

func TestKeyDriversErrors(t *testing.T) {
	x := [][]float64{{1, 2}, {2, 1}, {3, 5}, {4, 3}, {5, 6}}
	y := []float64{1, 2, 3, 4, 6}
	_, err := KeyDrivers(bg, []string{"a", "b"}, x, y[:4], nil)
	assert.ErrorIs(t, err, ErrLength)
	_, err = KeyDrivers(bg, []string{"a", "b"}, [][]float64{{1, 2}, {2}, {3, 4}, {4, 5}, {5, 7}}, y, nil)
	assert.ErrorContains(t, err, "row 1")
	_, err = KeyDrivers(bg, []string{"a", "b"}, x[:3], y[:3], nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = KeyDrivers(bg, []string{"a", "b"}, [][]float64{{1, 2}, {1, 1}, {1, 5}, {1, 3}, {1, 6}}, y, nil)
	assert.ErrorIs(t, err, ErrConstant)
	assert.ErrorContains(t, err, `"a"`)
	_, err = KeyDrivers(bg, []string{"a", "b"}, [][]float64{{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}}, y, nil)
	assert.ErrorIs(t, err, ErrCollinear)
	_, err = KeyDrivers(bg, []string{"a", "b"}, x, []float64{1, 2, math.NaN(), 4, 5}, nil)
	assert.ErrorIs(t, err, ErrNonFinite)
	// The outcome slice is not modified.
	yc := append([]float64(nil), y...)
	_, err = KeyDrivers(bg, []string{"a", "b"}, x, y, nil)
	require.NoError(t, err)
	assert.Equal(t, yc, y)
}

// TestKeyDriversManyDrivers: beyond MaxExactDrivers the share comes from
// Johnson's relative weights, which still sum to R².
func TestKeyDriversManyDrivers(t *testing.T) {
	p := MaxExactDrivers + 1
	n := 60
	names := make([]string, p)
	x := make([][]float64, n)
	y := make([]float64, n)
	for j := range names {
		names[j] = string(rune('a' + j))
	}
	for i := range x {
		x[i] = make([]float64, p)
		for j := range x[i] {
			x[i][j] = math.Sin(float64(i*(j+3)) + float64(j))
			y[i] += float64(j%3) * x[i][j]
		}
		y[i] += 0.3 * math.Cos(float64(7*i))
	}
	r, err := KeyDrivers(bg, names, x, y, nil)
	require.NoError(t, err)
	assert.False(t, r.Exact)
	assert.Nil(t, r.Shapley)
	assert.InDelta(t, r.RSquared, sum(r.RelativeWeights), 1e-10)
	assert.InDelta(t, 100, sum(r.SharePct), 1e-9)
}

func TestDriverTable(t *testing.T) {
	rs := []journey.SurveyResponse{
		{Customer: "a", Time: t0, Touchpoint: "", Kind: journey.KindNPS, Rating: 9}, {Customer: "a", Time: t0, Touchpoint: "checkout", Kind: journey.KindCES, Rating: 6}, {Customer: "a", Time: t0, Touchpoint: "delivery", Kind: journey.KindCSAT, Rating: 4},
		{Customer: "b", Time: t0, Touchpoint: "", Kind: journey.KindNPS, Rating: 3}, {Customer: "b", Time: t0, Touchpoint: "checkout", Kind: journey.KindCES, Rating: 2},
		{Customer: "b", Time: t0.Add(time.Hour), Touchpoint: "checkout", Kind: journey.KindCES, Rating: 3}, {Customer: "b", Time: t0, Touchpoint: "delivery", Kind: journey.KindCSAT, Rating: 1},
		{Customer: "c", Time: t0, Touchpoint: "checkout", Kind: journey.KindCES, Rating: 5},
	}
	names, x, y := DriverTable(rs, journey.KindNPS, journey.KindUnknown, nil)
	assert.Equal(t, []string{"checkout", "delivery"}, names)
	assert.Equal(t, [][]float64{{6, 4}, {3, 1}}, x)
	assert.Equal(t, []float64{9, 3}, y)
	names, x, _ = DriverTable(rs, journey.KindNPS, journey.KindCES, nil)
	assert.Equal(t, []string{"checkout"}, names)
	assert.Len(t, x, 2)
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// TestSimulatedData checks the signals the simulator plants: delivery, the
// weak touchpoint, scores lowest of the CSAT touchpoints, and the
// relationship NPS is driven by the moments of truth.
func TestSimulatedData(t *testing.T) {
	d, err := (&simulate.Simulator{Customers: 3000, SurveyProb: 0.9, Src: rand.NewPCG(7, 8)}).Run(bg)
	require.NoError(t, err)
	// Delivery, the weak touchpoint, scores lowest of the CSAT touchpoints.
	exp := ByTouchpoint(d.Map, d.Surveys)
	lowest := ""
	low := math.Inf(1)
	for _, e := range exp {
		if e.Kind == journey.KindCSAT && e.Mean < low {
			lowest, low = e.Touchpoint, e.Mean
		}
	}
	assert.Equal(t, "delivery", lowest)
	// The relationship NPS is driven by the moments of truth.
	names, x, y := DriverTable(d.Surveys, journey.KindNPS, journey.KindUnknown, []string{"checkout", "delivery", "product_page"})
	kd, err := KeyDrivers(bg, names, x, y, nil)
	require.NoError(t, err)
	assert.Greater(t, kd.Shapley[1], kd.Shapley[2], "delivery should matter more than the product page")
	assert.Greater(t, kd.Shapley[0], kd.Shapley[2], "checkout should matter more than the product page")
}
