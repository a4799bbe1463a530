package wire_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/wire"
	"github.com/cxkit/cxkit/internal/wiretest"
)

type color int

var colorNames = []string{"red", "green"}

func (c color) MarshalText() ([]byte, error) { return wire.EnumText("color", colorNames, int(c)) }
func (c *color) UnmarshalText(b []byte) error {
	i, err := wire.ParseEnum("color", colorNames, b)
	*c = color(i)
	return err
}

type inner struct {
	Lower, Upper float64
}

func (v inner) MarshalJSON() ([]byte, error)  { return wire.Marshal(v) }
func (v *inner) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, v) }

type Plain struct{ X float64 }

type result struct {
	StdErr   float64
	PValue   float64
	CI       inner
	Colors   []color
	ByName   map[string]float64
	ByColor  map[color]int
	Values   []float64
	Ptr      *float64
	Renamed  int `json:"n"`
	Skipped  int `json:"-"`
	Progress func(done, total int)
	Plain
	Arr [2]float64
}

func (r result) MarshalJSON() ([]byte, error)  { return wire.Marshal(r) }
func (r *result) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

func TestRoundTrip(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	one := 1.5
	r := result{
		StdErr: nan, PValue: 0.25, CI: inner{-inf, inf},
		Colors: []color{1, 0}, ByName: map[string]float64{"a": nan, "b": 2},
		ByColor: map[color]int{1: 3}, Values: []float64{1, nan, -inf},
		Ptr: &one, Renamed: 7, Plain: Plain{X: nan}, Arr: [2]float64{nan, 0.1},
	}
	b := wiretest.RoundTrip(t, r)
	assert.JSONEq(t, `{"std_err":null,"p_value":0.25,"ci":{"lower":"-Infinity","upper":"Infinity"},
		"colors":["green","red"],"by_name":{"a":null,"b":2},"by_color":{"green":3},
		"values":[1,null,"-Infinity"],"ptr":1.5,"n":7,"plain":{"x":null},"arr":[null,0.1]}`, string(b))
}

func TestUnknownEnum(t *testing.T) {
	var r result
	err := json.Unmarshal([]byte(`{"colors":["blue"]}`), &r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown color "blue"`)
	_, err = json.Marshal(result{Colors: []color{5}})
	assert.Error(t, err)
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"StdErr": "std_err", "CI": "ci", "PValue": "p_value", "NumGroups": "num_groups",
		"CIUpper": "ci_upper", "Top2Box": "top2_box", "N": "n", "LogLik": "log_lik", "RFM": "rfm",
		"ProbAlive": "prob_alive", "X2": "x2",
	} {
		assert.Equal(t, want, wire.SnakeCase(in), in)
	}
}

func TestBadFloat(t *testing.T) {
	var r result
	assert.Error(t, json.Unmarshal([]byte(`{"std_err":"lots"}`), &r))
	require.NoError(t, json.Unmarshal([]byte(`{"std_err":"NaN","p_value":null}`), &r))
	assert.True(t, math.IsNaN(r.StdErr) && math.IsNaN(r.PValue))
}

// TestUnmarshalChecked checks that a value is stored only when it decodes
// and passes its check, which may finish it first.
func TestUnmarshalChecked(t *testing.T) {
	type acc struct {
		N     int
		Twice int `json:"-"`
	}
	check := func(a *acc) error {
		if a.N < 0 {
			return assert.AnError
		}
		a.Twice = 2 * a.N
		return nil
	}
	dst := acc{N: 7, Twice: 14}
	require.ErrorIs(t, wire.UnmarshalChecked([]byte(`{"n": -1}`), &dst, check), assert.AnError)
	assert.Equal(t, acc{7, 14}, dst, "a value failing its check leaves dst as it was")
	require.Error(t, wire.UnmarshalChecked([]byte(`{"n": "x"}`), &dst, check))
	assert.Equal(t, acc{7, 14}, dst, "so does one that does not decode")
	require.NoError(t, wire.UnmarshalChecked([]byte(`{"n": 3}`), &dst, check))
	assert.Equal(t, acc{3, 6}, dst, "a good value is checked, finished and stored")
}
