package attribution

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONAttribution(t *testing.T) {
	pt := tinyTable(t)
	m, err := Markov(bg, pt, &MarkovSettings{Order: 2, KeepRepeats: true})
	require.NoError(t, err)
	wiretest.Golden(t, "markov_result", m)
	tm, err := TransitionMatrix(bg, pt, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "transition_matrix", tm)
	h, err := Heuristic(bg, pt, TimeDecay, &HeuristicSettings{PositionWeights: [3]float64{0.3, 0.4, 0.3}, HalfLifeDays: 3})
	require.NoError(t, err)
	wiretest.Golden(t, "attribution", h)
	s, err := Shapley(bg, pt, &ShapleySettings{Value: SubsetSum})
	require.NoError(t, err)
	wiretest.Golden(t, "shapley_result", s)
	wiretest.RoundTrip(t, MarkovSettings{Order: 3, KeepRepeats: true})
	wiretest.RoundTrip(t, HeuristicSettings{HalfLifeDays: 2})
	wiretest.RoundTrip(t, ShapleySettings{Value: SubsetSum})
	wiretest.RoundTrip(t, StateTransition{From: StartState, To: ConversionState, Count: 1, Prob: 1})

	// No conversions: the removal effects are undefined (NaN, null in JSON)
	// and Markov used to fail json.Marshal.
	none := &journey.PathTable{}
	require.NoError(t, none.Add([]string{"A", "B"}, 0, 0, 3, nil))
	m, err = Markov(bg, none, nil)
	require.NoError(t, err)
	require.False(t, m.Defined)
	b := wiretest.RoundTrip(t, m)
	assert.Contains(t, string(b), `"removal_effects":[null,null]`)
	s, err = Shapley(bg, none, nil)
	require.NoError(t, err)
	require.False(t, s.Defined)
	wiretest.RoundTrip(t, s)

	// A table that comes back from JSON attributes exactly as the original.
	var back journey.PathTable
	raw, err := json.Marshal(pt)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &back))
	m1, err := Markov(bg, pt, nil)
	require.NoError(t, err)
	m2, err := Markov(bg, &back, nil)
	require.NoError(t, err)
	assert.True(t, wiretest.Equal(m1, m2))
}

func TestJSONEnums(t *testing.T) {
	check := func(name string, n int, marshal func(i int) ([]byte, error), unmarshal func(b []byte) (int, error)) {
		t.Helper()
		seen := map[string]bool{}
		for i := range n {
			b, err := marshal(i)
			require.NoError(t, err, "%s %d", name, i)
			assert.False(t, seen[string(b)], "%s names are distinct", name)
			seen[string(b)] = true
			assert.Equal(t, strings.ToLower(string(b)), string(b))
			assert.NotContains(t, string(b), "_", "names are kebab-case")
			got, err := unmarshal(b)
			require.NoError(t, err)
			assert.Equal(t, i, got)
		}
		_, err := marshal(n)
		assert.Error(t, err, "%s(%d) has no name", name, n)
		_, err = marshal(-1)
		assert.Error(t, err)
		_, err = unmarshal([]byte("no-such-name"))
		assert.ErrorIs(t, err, ErrUnknown, name)
	}
	check("Rule", 5, func(i int) ([]byte, error) { return Rule(i).MarshalText() },
		func(b []byte) (int, error) { var v Rule; err := v.UnmarshalText(b); return int(v), err })
	check("ShapleyValue", 2, func(i int) ([]byte, error) { return ShapleyValue(i).MarshalText() },
		func(b []byte) (int, error) { var v ShapleyValue; err := v.UnmarshalText(b); return int(v), err })
}
