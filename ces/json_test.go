package ces

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/wiretest"
)

func counts(t *testing.T, c []int, v Version) Result {
	t.Helper()
	r, err := FromCounts(c, v)
	require.NoError(t, err)
	return r
}

func TestJSON(t *testing.T) {
	rs := []Result{
		counts(t, []int{3, 4, 6, 9, 14, 24, 20}, V2), // ordinary
		counts(t, []int{0, 0, 0, 0, 0, 0, 1}, V2),    // one response: SD and StdErr undefined
		counts(t, []int{0, 0, 0, 7, 0, 0, 0}, V2),    // all neutral, zero variance
		counts(t, []int{5, 9, 0, 0, 0}, V1),          // all easy on CES 1.0
	}
	for _, r := range rs {
		wiretest.RoundTrip(t, r)
		var tl Tally
		tl.Version = r.Version
		for i, k := range r.Distribution {
			tl.Ratings[i] = int64(k)
		}
		wiretest.RoundTrip(t, tl)
		iv, err := r.Interval(0, ClopperPearson)
		require.NoError(t, err)
		wiretest.RoundTrip(t, iv)
		c, err := Compare(r, r, nil)
		require.NoError(t, err)
		wiretest.RoundTrip(t, c)
	}
	wiretest.RoundTrip(t, Tally{})
	wiretest.RoundTrip(t, Tally{Version: V1})
	wiretest.RoundTrip(t, CompareSettings{Level: 0.8, Alternative: Greater})
	wiretest.RoundTrip(t, GroupSettings{Workers: 3})

	c, err := Compare(counts(t, []int{8, 9, 10, 12, 10, 8, 5}, V2), rs[0], nil)
	require.NoError(t, err)
	wiretest.Golden(t, "result", rs[0])
	wiretest.Golden(t, "result_one_response", rs[1])
	wiretest.Golden(t, "comparison", c)
	wiretest.Golden(t, "tally_v1", Tally{Version: V1, Ratings: [7]int64{5, 9}})
}

func TestJSONEnums(t *testing.T) {
	for _, v := range []Version{V2, V1} {
		wiretest.RoundTrip(t, v)
	}
	for _, d := range []Direction{HigherIsEasier, LowerIsEasier} {
		wiretest.RoundTrip(t, d)
	}
	for _, a := range []Alternative{TwoSided, Less, Greater} {
		wiretest.RoundTrip(t, a)
	}
	for _, m := range []Method{Wilson, ClopperPearson, AgrestiCoull, Wald, Jeffreys} {
		wiretest.RoundTrip(t, m)
	}
	b, err := json.Marshal(Tally{Version: V1})
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":"ces-1.0","ratings":[0,0,0,0,0,0,0]}`, string(b))
	var v Version
	assert.Error(t, json.Unmarshal([]byte(`"ces-3.0"`), &v))
	var d Direction
	assert.Error(t, json.Unmarshal([]byte(`"sideways"`), &d))
	_, err = json.Marshal(Version(7))
	assert.Error(t, err)
	likerttest.JSONDecodeErrors(t, Tally{Ratings: [7]int64{1}}, []string{
		`{"version":"ces-1.0","ratings":[0,0,0,0,0,2,0]}`,
		`{"version":"ces-2.0","ratings":[0,-3,0,0,0,0,0]}`,
		`{"version":"ces-2.0","ratings":[9223372036854775807,1,0,0,0,0,0]}`,
	})
}
