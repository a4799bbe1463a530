package journey

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStageAndKindNames(t *testing.T) {
	for s := StageUnknown; s <= StageAdvocacy; s++ {
		got, err := ParseStage(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	st, err := ParseStage("Onboarding/Usage")
	require.NoError(t, err)
	assert.Equal(t, StageOnboarding, st)
	_, err = ParseStage("delight")
	assert.ErrorIs(t, err, ErrUnknown)
	for k := KindNPS; k <= KindCES; k++ {
		got, err := ParseSurveyKind(k.String())
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	_, err = ParseSurveyKind("stars")
	assert.ErrorIs(t, err, ErrUnknown)
	assert.Equal(t, "journey.Stage(99)", Stage(99).String())
	assert.Equal(t, "converted", OutcomeConverted.String())
}

func TestMapValidate(t *testing.T) {
	require.NoError(t, DefaultMap().Validate())
	m := DefaultMap()
	m.MomentsOfTruth = append(m.MomentsOfTruth, "teleport")
	assert.ErrorContains(t, m.Validate(), "teleport")
	m = DefaultMap()
	m.Touchpoints = append(m.Touchpoints, Touchpoint{Name: "checkout", Stage: StagePurchase})
	assert.ErrorIs(t, m.Validate(), ErrDuplicate)
	m = DefaultMap()
	m.Stages = m.Stages[:2]
	assert.ErrorIs(t, m.Validate(), ErrUnknown)
	tp, ok := DefaultMap().Touchpoint("delivery")
	assert.True(t, ok)
	assert.Equal(t, StageOnboarding, tp.Stage)
}

func TestExperienceAndPainPoints(t *testing.T) {
	m := &Map{
		Stages: []Stage{StagePurchase, StageOnboarding},
		Touchpoints: []Touchpoint{
			{"checkout", StagePurchase, "web"}, {"delivery", StageOnboarding, "logistics"},
		},
		MomentsOfTruth: []string{"delivery"},
	}
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	rs := []SurveyResponse{
		{"a", at(1), "delivery", KindCSAT, 1}, {"b", at(1), "delivery", KindCSAT, 2},
		{"a", at(0), "checkout", KindCES, 7}, {"b", at(0), "checkout", KindCES, 6},
		{"c", at(0), "checkout", KindCES, 5}, {"a", at(2), "", KindNPS, 3},
		{"z", at(0), "chatbot", KindCSAT, 4},
	}
	exp := Experience(m, rs)
	require.Len(t, exp, 3)
	assert.Equal(t, "checkout", exp[0].Touchpoint)
	assert.Equal(t, []int{7, 6, 5}, exp[0].Ratings)
	assert.InDelta(t, 6, exp[0].Mean, 1e-15)
	assert.Equal(t, "delivery", exp[1].Touchpoint)
	assert.True(t, exp[1].MomentOfTruth)
	assert.Equal(t, StageOnboarding, exp[1].Stage)
	assert.Equal(t, "chatbot", exp[2].Touchpoint)
	assert.Equal(t, StageUnknown, exp[2].Stage)

	js := []Journey{
		{Customer: "a", Events: []Event{{Touchpoint: "checkout"}, {Touchpoint: "delivery"}}},
		{Customer: "b", Events: []Event{{Touchpoint: "checkout"}}},
		{Customer: "c", Events: []Event{{Touchpoint: "checkout"}}},
		{Customer: "d", Events: []Event{{Touchpoint: "checkout"}, {Touchpoint: "delivery"}}},
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
	_, err = PainPoints(bg, m, js, exp, &PainPointSettings{Scales: map[SurveyKind]Scale{KindCES: {5, 5}}})
	assert.ErrorIs(t, err, ErrScale)
	// Without a map, the outcome decides.
	js[1].Outcome = OutcomeConverted
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
	rs := []SurveyResponse{
		{"a", t0, "", KindNPS, 9}, {"a", t0, "checkout", KindCES, 6}, {"a", t0, "delivery", KindCSAT, 4},
		{"b", t0, "", KindNPS, 3}, {"b", t0, "checkout", KindCES, 2},
		{"b", t0.Add(time.Hour), "checkout", KindCES, 3}, {"b", t0, "delivery", KindCSAT, 1},
		{"c", t0, "checkout", KindCES, 5},
	}
	names, x, y := DriverTable(rs, KindNPS, KindUnknown, nil)
	assert.Equal(t, []string{"checkout", "delivery"}, names)
	assert.Equal(t, [][]float64{{6, 4}, {3, 1}}, x)
	assert.Equal(t, []float64{9, 3}, y)
	names, x, _ = DriverTable(rs, KindNPS, KindCES, nil)
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
