package attribution

import (
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
	"github.com/cxkit/cxkit/journey"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomPaths returns n paths over the given number of channels with whole
// counts and values (exact float sums), a few long ones and repeats.
func randomPaths(seed uint64, n, channels int) []Path {
	rng := rand.New(rand.NewPCG(seed, 7))
	ps := make([]Path, n)
	for i := range ps {
		p := make([]string, 1+rng.IntN(6))
		for j := range p {
			if j > 0 && rng.IntN(4) == 0 {
				p[j] = p[j-1]
			} else {
				p[j] = "ch" + strconv.Itoa(rng.IntN(channels))
			}
		}
		conv := float64(rng.IntN(3))
		ps[i] = Path{Channels: p, Conversions: conv, Value: conv * float64(5+rng.IntN(100)), Nulls: float64(rng.IntN(4))}
	}
	return ps
}

func countPaths(t *testing.T, order int, keep bool, ps []Path) Transitions {
	t.Helper()
	tr := Transitions{Order: order, KeepRepeats: keep}
	require.NoError(t, tr.AddAll(slices.Values(ps)))
	return tr
}

func pathTable(t *testing.T, ps []Path) *journey.PathTable {
	t.Helper()
	pt := &journey.PathTable{}
	for _, p := range ps {
		require.NoError(t, pt.Add(p.Channels, p.Conversions, p.Value, p.Nulls, nil))
	}
	return pt
}

// TestTransitionsMergeExact: merging the accumulators of two parts gives,
// field for field, the accumulator of one pass over both, and Markov on it
// the same result bit for bit; Markov on the accumulator is Markov on the
// path table of the same paths.
func TestTransitionsMergeExact(t *testing.T) {
	for _, order := range []int{1, 2, 3} {
		for _, keep := range []bool{false, true} {
			ps := randomPaths(uint64(order), 300, 6)
			all := countPaths(t, order, keep, ps)
			for _, cut := range []int{0, 1, 150, 299, 300} {
				a := countPaths(t, order, keep, ps[:cut])
				b := countPaths(t, order, keep, ps[cut:])
				require.NoError(t, a.Merge(b))
				require.True(t, wiretest.Equal(all, a), "order %d keep %v cut %d", order, keep, cut)
				ra, err := a.Markov(bg, nil)
				require.NoError(t, err)
				rall, err := all.Markov(bg, nil)
				require.NoError(t, err)
				assert.True(t, wiretest.Equal(rall, ra))
			}
			// Markov on the table of the same paths is Markov on the counts.
			s := &MarkovSettings{Order: order, KeepRepeats: keep}
			rt, err := Markov(bg, pathTable(t, ps), s)
			require.NoError(t, err)
			rall, err := all.Markov(bg, s)
			require.NoError(t, err)
			assert.True(t, wiretest.Equal(rt, rall), "order %d keep %v", order, keep)
			// Counting the table's rows gives the same accumulator.
			tt, err := tableTransitions(bg, pathTable(t, ps), s)
			require.NoError(t, err)
			assert.True(t, wiretest.Equal(noIndex(all), noIndex(*tt)))
			// Merging many small parts in any grouping changes nothing.
			var m Transitions
			m.Order, m.KeepRepeats = order, keep
			for i := 0; i < len(ps); i += 37 {
				part := countPaths(t, order, keep, ps[i:min(i+37, len(ps))])
				require.NoError(t, m.Merge(part))
			}
			assert.True(t, wiretest.Equal(all, m))
		}
	}
	// The table's rows counted with hash lookups (more than 64 channels,
	// (C+1)^k > 2²⁰) give the same accumulator too.
	for _, order := range []int{1, 4} {
		ps := randomPaths(21, 400, 70)
		s := &MarkovSettings{Order: order, KeepRepeats: order == 4}
		tt, err := tableTransitions(bg, pathTable(t, ps), s)
		require.NoError(t, err)
		assert.True(t, wiretest.Equal(noIndex(countPaths(t, order, order == 4, ps)), noIndex(*tt)), "order %d", order)
	}
	// A table large enough to be counted in parts on several goroutines.
	big := bigTable(15, countMinRows+1000)
	var ps []Path
	for _, r := range big.Rows {
		p := Path{Conversions: r.Conversions, Value: r.Value, Nulls: r.Nulls}
		for _, c := range r.Touches {
			p.Channels = append(p.Channels, big.Channels[c])
		}
		ps = append(ps, p)
	}
	for _, order := range []int{3} {
		tt, err := tableTransitions(bg, big, &MarkovSettings{Order: order})
		require.NoError(t, err)
		assert.True(t, wiretest.Equal(noIndex(countPaths(t, order, false, ps)), noIndex(*tt)), "order %d", order)
	}
	// A merge with itself doubles every count.
	tr := countPaths(t, 2, false, randomPaths(9, 50, 4))
	double := countPaths(t, 2, false, slices.Concat(randomPaths(9, 50, 4), randomPaths(9, 50, 4)))
	require.NoError(t, tr.Merge(tr))
	assert.True(t, wiretest.Equal(double, tr))
}

func TestTransitionsRoundTrip(t *testing.T) {
	var zero Transitions
	wiretest.RoundTrip(t, zero)
	tiny := countPaths(t, 2, false, []Path{
		{Channels: []string{"C1", "C2", "C3"}, Conversions: 1, Value: 100},
		{Channels: []string{"C1"}, Nulls: 1},
		{Channels: []string{"C2", "C3"}, Nulls: 1},
	})
	wiretest.Golden(t, "transitions", tiny)
	wiretest.RoundTrip(t, Path{Channels: []string{"a"}, Conversions: 1, Value: 2.5, Nulls: 3})
	for _, order := range []int{1, 3} {
		ps := randomPaths(uint64(10+order), 200, 5)
		tr := countPaths(t, order, order == 3, ps[:100])
		wiretest.RoundTrip(t, tr)
		back := binaryRoundTrip(t, tr)
		// JSON too: a decoded accumulator keeps counting as the original.
		raw, err := json.Marshal(tr)
		require.NoError(t, err)
		var fromJSON Transitions
		require.NoError(t, json.Unmarshal(raw, &fromJSON))
		for _, p := range ps[100:] {
			require.NoError(t, tr.Add(p))
			require.NoError(t, back.Add(p))
			require.NoError(t, fromJSON.Add(p))
		}
		assert.True(t, wiretest.Equal(tr, back))
		assert.True(t, wiretest.Equal(tr, fromJSON))
	}
	binaryRoundTrip(t, zero)
}

// binaryRoundTrip encodes v with MarshalBinary and decodes it into a new
// Transitions, which it returns; an error or a copy that differs from v
// fails t.
func binaryRoundTrip(t *testing.T, v Transitions) Transitions {
	t.Helper()
	b, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Transitions
	if err := back.UnmarshalBinary(b); err != nil || !wiretest.Equal(v, back) {
		t.Fatalf("binary round trip: %v", err)
	}
	return back
}

// TestTransitionsBinaryLayout fixes the format: changing it needs a new
// version byte.
func TestTransitionsBinaryLayout(t *testing.T) {
	tr := Transitions{Order: 2}
	require.NoError(t, tr.Add(Path{Channels: []string{"a", "b"}, Conversions: 1, Value: 2}))
	b, err := tr.MarshalBinary()
	require.NoError(t, err)
	one, two := "000000000000f03f", "0000000000000040"
	zero := "0000000000000000"
	want := "01" + "02" + "00" + "02" + "0161" + "0162" + "01" + "02" + "0001" +
		one + one + two + zero + "00"
	assert.Equal(t, want, hexString(b))
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestTransitionsErrors(t *testing.T) {
	var tr Transitions
	_, err := tr.Markov(bg, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	assert.ErrorIs(t, tr.Add(Path{}), ErrEmpty)
	assert.ErrorIs(t, tr.Add(Path{Channels: []string{"a", ""}}), ErrMissing)
	assert.ErrorIs(t, tr.Add(Path{Channels: []string{"a"}, Conversions: -1}), ErrNegative)
	assert.ErrorIs(t, tr.Add(Path{Channels: []string{"a"}, Value: math.Inf(1)}), ErrNonFinite)
	assert.True(t, wiretest.Equal(Transitions{}, tr), "a failed Add changes nothing")
	err = tr.AddAll(slices.Values([]Path{{Channels: []string{"a"}, Nulls: 1}, {Channels: []string{"b"}, Nulls: math.NaN()}}))
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 1, ie.Index)
	assert.Equal(t, []string{"a"}, tr.Channels)

	o3 := Transitions{Order: 3}
	assert.ErrorIs(t, tr.Merge(o3), ErrScale)
	assert.ErrorIs(t, tr.Merge(Transitions{KeepRepeats: true}), ErrScale)
	assert.NoError(t, tr.Merge(Transitions{Order: 1}), "order 0 is order 1")
	_, err = tr.Markov(bg, &MarkovSettings{Order: 2})
	assert.ErrorIs(t, err, ErrScale)
	_, err = tr.Markov(bg, &MarkovSettings{KeepRepeats: true})
	assert.ErrorIs(t, err, ErrScale)
	_, err = tr.Markov(bg, &MarkovSettings{Order: 1})
	assert.NoError(t, err)
	assert.ErrorIs(t, (&Transitions{Order: -1}).Add(Path{Channels: []string{"a"}}), ErrOutOfRange)

	// Hand-set counts that no paths give: two states that only lead to each
	// other (and, with probability 0, to a converting one) hold journeys
	// forever; they convert nothing and Markov still answers.
	closed := Transitions{Channels: []string{"a", "b", "c"}, States: [][]int32{{0}, {1}, {2}},
		Starts: []float64{1, 1, 0}, Conversions: []float64{0, 0, 1}, Value: []float64{0, 0, 5}, Nulls: []float64{0, 0, 1},
		Edges: []Edge{{0, 1, 3}, {1, 0, 3}, {0, 2, 0}}}
	r, err := closed.Markov(bg, nil)
	require.NoError(t, err)
	assert.False(t, r.Defined)
	closed.Starts[2] = 2
	r, err = closed.Markov(bg, nil)
	require.NoError(t, err)
	assert.InDelta(t, 0.25, r.PConversion, 1e-15, "half the journeys start in c, half of them convert")
	assert.Equal(t, []float64{0, 0, 1}, r.RemovalEffects)
	// Counts whose sum overflows.
	huge := Transitions{Channels: []string{"a"}, States: [][]int32{{0}}, Starts: []float64{1},
		Conversions: []float64{math.MaxFloat64}, Value: []float64{0}, Nulls: []float64{math.MaxFloat64}}
	_, err = huge.Markov(bg, nil)
	assert.ErrorIs(t, err, ErrOutOfRange)

	// Inconsistent fields: every entry point says so and changes nothing.
	good := countPaths(t, 2, false, randomPaths(3, 20, 3))
	bad := []struct {
		name string
		edit func(*Transitions)
		want error
	}{
		{"short starts", func(v *Transitions) { v.Starts = v.Starts[1:] }, ErrLength},
		{"empty window", func(v *Transitions) { v.States[0] = nil }, ErrOutOfRange},
		{"long window", func(v *Transitions) { v.States[0] = []int32{0, 0, 0} }, ErrOutOfRange},
		{"bad code", func(v *Transitions) { v.States[0] = []int32{7} }, ErrOutOfRange},
		{"duplicate state", func(v *Transitions) { v.States[1] = v.States[0] }, ErrDuplicate},
		{"duplicate channel", func(v *Transitions) { v.Channels[1] = v.Channels[0] }, ErrDuplicate},
		{"edge out of range", func(v *Transitions) { v.Edges[0].To = 1000 }, ErrOutOfRange},
		{"duplicate edge", func(v *Transitions) { v.Edges[1] = v.Edges[0] }, ErrDuplicate},
		{"negative count", func(v *Transitions) { v.Edges[0].Count = -1 }, ErrNegative},
		{"NaN value", func(v *Transitions) { v.Value[0] = math.NaN() }, ErrNonFinite},
		{"order", func(v *Transitions) { v.Order = MaxMarkovOrder + 1 }, ErrOutOfRange},
	}
	for _, c := range bad {
		v := clone(good)
		c.edit(&v)
		before := clone(good)
		assert.ErrorIs(t, before.Merge(v), c.want, c.name)
		assert.True(t, wiretest.Equal(good, before), c.name)
		_, err := v.MarshalBinary()
		assert.ErrorIs(t, err, c.want, c.name)
		raw, err := json.Marshal(v)
		require.NoError(t, err, c.name)
		var back Transitions
		assert.ErrorIs(t, json.Unmarshal(raw, &back), c.want, c.name)
		if c.name != "duplicate channel" { // Markov does not match channels by name
			_, err = v.Markov(bg, nil)
			assert.ErrorIs(t, err, c.want, c.name)
		}
	}
	// Malformed binary data.
	b, err := good.MarshalBinary()
	require.NoError(t, err)
	for name, c := range map[string]struct {
		b    []byte
		want error
	}{
		"empty":    {nil, io.ErrUnexpectedEOF},
		"version":  {append([]byte{2}, b[1:]...), ErrOutOfRange},
		"trailing": {append(slices.Clone(b), 0), ErrOutOfRange},
		"short":    {b[:len(b)-3], io.ErrUnexpectedEOF},
		"huge":     {[]byte{1, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, ErrOutOfRange},
		"many":     {[]byte{1, 1, 0, 0xff, 0xff, 0x7f}, io.ErrUnexpectedEOF},
	} {
		back := clone(good)
		assert.ErrorIs(t, back.UnmarshalBinary(c.b), c.want, name)
		assert.True(t, wiretest.Equal(good, back), name)
	}
}

// clone returns a deep copy of t without its index.
func clone(t Transitions) Transitions {
	raw, err := json.Marshal(t)
	if err != nil {
		panic(err)
	}
	var v Transitions
	if err := json.Unmarshal(raw, &v); err != nil {
		panic(err)
	}
	return v
}

// noIndex returns t without its lookups, to compare the counts alone.
func noIndex(t Transitions) Transitions {
	t.idx = transIndex{}
	return t
}
