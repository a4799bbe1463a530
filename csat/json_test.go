package csat

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert/likerttest"
	"github.com/cxkit/cxkit/internal/wiretest"
)

func mustCounts(t *testing.T, counts []int, sc Scale) Result {
	t.Helper()
	r, err := FromCounts(counts, sc)
	require.NoError(t, err)
	return r
}

func TestJSON(t *testing.T) {
	ordinary := mustCounts(t, []int{5, 7, 13, 40, 35}, Scale5)
	one := mustCounts(t, []int{0, 0, 0, 0, 1}, Scale5)       // one response: SD, StdErr NaN
	same := mustCounts(t, []int{0, 0, 9, 0, 0}, Scale5)      // zero variance, none satisfied
	top := mustCounts(t, []int{0, 0, 0, 0, 0, 4, 6}, Scale7) // all in the top box
	binary := mustCounts(t, []int{0, 12}, Binary)            // all good
	for _, r := range []Result{ordinary, one, same, top, binary} {
		b := wiretest.RoundTrip(t, r)
		wiretest.RoundTrip(t, Tally{Scale: r.Scale, Ratings: tallyOf(r)})
		iv, err := r.Interval(0, Wilson)
		require.NoError(t, err)
		wiretest.RoundTrip(t, iv)
		mi, _, err := r.MeanInterval(0)
		require.NoError(t, err)
		wiretest.RoundTrip(t, mi)
		assert.NotContains(t, string(b), "NaN")
	}
	wiretest.RoundTrip(t, Tally{})               // zero value
	wiretest.RoundTrip(t, Tally{Scale: Scale10}) // empty
	for _, pair := range [][2]Result{{same, ordinary}, {one, one}, {top, top}, {binary, binary}} {
		c, err := Compare(pair[0], pair[1], &CompareSettings{Alternative: Greater})
		require.NoError(t, err)
		wiretest.RoundTrip(t, c)
	}
	s, err := CompareShares(0, 100, 0, 100, nil) // zero counts: undefined test
	require.NoError(t, err)
	assert.False(t, s.Defined)
	wiretest.RoundTrip(t, s)
	ss, err := SampleSize(5, &SampleSizeSettings{Share: 1})
	require.NoError(t, err)
	wiretest.RoundTrip(t, ss)
	wiretest.RoundTrip(t, SampleSizeSettings{Level: 0.9, Share: 0.8, Population: 2000})
	wiretest.RoundTrip(t, CompareSettings{Level: 0.9, Alternative: Less})
	wiretest.RoundTrip(t, GroupSettings{Workers: 2})
	wiretest.RoundTrip(t, Scale10)
	wiretest.RoundTrip(t, Scale{})

	c, err := Compare(mustCounts(t, []int{10, 10, 20, 30, 30}, Scale5), ordinary, nil)
	require.NoError(t, err)
	wiretest.Golden(t, "result", ordinary)
	wiretest.Golden(t, "result_one_response", one)
	wiretest.Golden(t, "comparison", c)
	wiretest.Golden(t, "tally", Tally{Scale: Scale7, Ratings: tallyOf(top)})
	ordinarySS, err := SampleSize(3, &SampleSizeSettings{Share: 0.8, Population: 2000})
	require.NoError(t, err)
	wiretest.Golden(t, "sample_size", ordinarySS)
}

func tallyOf(r Result) [MaxPoints]int64 {
	var c [MaxPoints]int64
	for i, k := range r.Distribution {
		c[i] = int64(k)
	}
	return c
}

func TestJSONEnums(t *testing.T) {
	for _, m := range []Method{Wilson, ClopperPearson, AgrestiCoull, Wald, Jeffreys} {
		b := wiretest.RoundTrip(t, m)
		assert.Equal(t, `"`+m.String()+`"`, string(b))
	}
	for _, a := range []Alternative{TwoSided, Less, Greater} {
		wiretest.RoundTrip(t, a)
	}
	b, _ := json.Marshal(CompareSettings{Alternative: Greater})
	assert.JSONEq(t, `{"level":0,"alternative":"greater"}`, string(b))
	var m Method
	require.Error(t, json.Unmarshal([]byte(`"bogus"`), &m))
	var a Alternative
	require.Error(t, json.Unmarshal([]byte(`"sideways"`), &a))
	_, err := json.Marshal(Method(42))
	require.Error(t, err, "a method with no name does not encode")
}

// TestJSONTallyInvalid checks that decoding refuses a tally that Add could
// never have produced, and leaves the target unchanged.
func TestJSONTallyInvalid(t *testing.T) {
	likerttest.JSONDecodeErrors(t, Tally{Scale: Scale7, Ratings: [MaxPoints]int64{2}}, []string{
		`{"scale":{"min":1,"max":5,"top_box_min":4},"ratings":[1,-1,0,0,0,0,0,0,0,0,0]}`,
		`{"scale":{"min":1,"max":5,"top_box_min":4},"ratings":[0,0,0,0,0,3,0,0,0,0,0]}`,
		`{"scale":{"min":1,"max":5,"top_box_min":4},"ratings":[9223372036854775807,1,0,0,0,0,0,0,0,0,0]}`,
		`{"scale":{"min":5,"max":1,"top_box_min":4},"ratings":[0,0,0,0,0,0,0,0,0,0,0]}`,
	})
}
