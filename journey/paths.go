package journey

import (
	"github.com/cxkit/cxkit/internal/rate"

	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"strings"
)

// Markers used by [NextSteps] and [PreviousSteps] for the end and the start
// of a customer's sequence.
// customerChunk is how many customers the path analytics walk between two
// looks at their context.
const customerChunk = 1 << 12

const (
	EndMarker   = "$end"
	StartMarker = "$start"
)

// PathCount is a sequence of event names and the number of customers whose
// sequence it is.
//
// JSON keys: path, customers.
type PathCount struct {
	Path      []string
	Customers int
}

// String joins the path with ">".
func (p PathCount) String() string { return strings.Join(p.Path, ">") }

// collapsed returns the customer's event names in time order with runs of the
// same name collapsed into one.
func collapsed(l *Log, g Groups, cust int, buf []int32) []int32 {
	buf = buf[:0]
	for k := g.Start[cust]; k < g.Start[cust+1]; k++ {
		i := k
		if g.Perm != nil {
			i = int(g.Perm[k])
		}
		nm := l.Name[i]
		if len(buf) == 0 || buf[len(buf)-1] != nm {
			buf = append(buf, nm)
		}
	}
	return buf
}

// prepare validates l and arranges it by customer, or returns ctx's error.
func prepare(ctx context.Context, l *Log) (Groups, error) {
	if err := l.Validate(); err != nil {
		return Groups{}, err
	}
	if err := ctx.Err(); err != nil {
		return Groups{}, err
	}
	return l.ByCustomer(), nil
}

// eachCollapsed calls f with each customer's event names, collapsed
// (customers without events skipped), in the order of g, l arranged by
// customer (prepare), looking at ctx every customerChunk customers. f must
// not keep seq: the next call reuses it.
func eachCollapsed(ctx context.Context, l *Log, g Groups, f func(seq []int32)) error {
	var buf []int32
	for c := 0; c+1 < len(g.Start); c++ {
		if c%customerChunk == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if buf = collapsed(l, g, c, buf); len(buf) > 0 {
			f(buf)
		}
	}
	return nil
}

// TopPaths counts customers by the first depth event names of their
// sequence (time order, consecutive repeats collapsed) and returns the top
// paths, sorted by count (descending) and then by the path joined with ">"
// (ascending). depth ≤ 0 means whole sequences; top ≤ 0 means all paths.
// It checks ctx between blocks of customers; it returns the errors of
// [Log.Validate] for an invalid log.
func TopPaths(ctx context.Context, l *Log, depth, top int) ([]PathCount, error) {
	g, err := prepare(ctx, l)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	var sb strings.Builder
	err = eachCollapsed(ctx, l, g, func(seq []int32) {
		if depth > 0 && len(seq) > depth {
			seq = seq[:depth]
		}
		sb.Reset()
		for i, nm := range seq {
			if i > 0 {
				sb.WriteByte('>')
			}
			sb.WriteString(l.Names[nm])
		}
		counts[sb.String()]++
	})
	if err != nil {
		return nil, err
	}
	type kv struct {
		k string
		n int
	}
	all := make([]kv, 0, len(counts))
	for k, n := range counts {
		all = append(all, kv{k, n})
	}
	slices.SortFunc(all, func(a, b kv) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		return strings.Compare(a.k, b.k)
	})
	if top > 0 && len(all) > top {
		all = all[:top]
	}
	out := make([]PathCount, len(all))
	for i, p := range all {
		out[i] = PathCount{Path: strings.Split(p.k, ">"), Customers: p.n}
	}
	return out, nil
}

// Transition counts how often event To directly follows event From.
//
// JSON keys: from, to, count.
type Transition struct {
	From, To string
	Count    int
}

// NextSteps counts, over every customer's sequence (time order, consecutive
// repeats collapsed), each event and the event after it, with [EndMarker]
// after the last event: the input of a Sankey or next-step view. The result is
// sorted by From, then by Count (descending), then by To. It checks ctx
// between blocks of customers; it returns the errors of [Log.Validate] for
// an invalid log.
func NextSteps(ctx context.Context, l *Log) ([]Transition, error) { return stepPairs(ctx, l, false) }

// PreviousSteps counts each event and the event before it, with
// [StartMarker] before the first event; Transition.From is the earlier event.
// Sorted like [NextSteps] but by To first.
func PreviousSteps(ctx context.Context, l *Log) ([]Transition, error) {
	return stepPairs(ctx, l, true)
}

// pairCounts counts pairs of codes below nn: in a dense nn×nn table when it
// is small, else in a map (a log with many distinct names).
type pairCounts struct {
	nn     int
	dense  []int
	sparse map[int]int
}

func newPairCounts(nn int) *pairCounts {
	if nn <= 1<<11 {
		return &pairCounts{nn: nn, dense: make([]int, nn*nn)}
	}
	return &pairCounts{nn: nn, sparse: map[int]int{}}
}

func (p *pairCounts) add(a, b int) {
	if p.dense != nil {
		p.dense[a*p.nn+b]++
	} else {
		p.sparse[a*p.nn+b]++
	}
}

// each calls f for every non-zero count, in order of the pair.
func (p *pairCounts) each(f func(a, b, n int)) {
	if p.dense != nil {
		for i, n := range p.dense {
			if n > 0 {
				f(i/p.nn, i%p.nn, n)
			}
		}
		return
	}
	for _, k := range slices.Sorted(maps.Keys(p.sparse)) {
		f(k/p.nn, k%p.nn, p.sparse[k])
	}
}

func stepPairs(ctx context.Context, l *Log, previous bool) ([]Transition, error) {
	g, err := prepare(ctx, l)
	if err != nil {
		return nil, err
	}
	nn := len(l.Names) + 1 // code len(l.Names) is the marker
	counts := newPairCounts(nn)
	err = eachCollapsed(ctx, l, g, func(seq []int32) {
		marker := len(l.Names)
		if previous {
			counts.add(marker, int(seq[0]))
		}
		for i := 1; i < len(seq); i++ {
			counts.add(int(seq[i-1]), int(seq[i]))
		}
		if !previous {
			counts.add(int(seq[len(seq)-1]), marker)
		}
	})
	if err != nil {
		return nil, err
	}
	name := func(c int) string {
		if c < len(l.Names) {
			return l.Names[c]
		}
		if previous {
			return StartMarker
		}
		return EndMarker
	}
	var out []Transition
	counts.each(func(a, b, n int) {
		out = append(out, Transition{From: name(a), To: name(b), Count: n})
	})
	slices.SortFunc(out, func(a, b Transition) int {
		ka, kb, oa, ob := a.From, b.From, a.To, b.To
		if previous {
			ka, kb, oa, ob = a.To, b.To, a.From, b.From
		}
		return cmp.Or(strings.Compare(ka, kb), cmp.Compare(b.Count, a.Count), strings.Compare(oa, ob))
	})
	return out, nil
}

// Switching describes how customers move between channels (omnichannel
// behaviour). Events without a channel are skipped.
//
// JSON keys: customers, transitions, switches, switch_rate, mean_switches, share_multichannel, mean_channels, matrix.
type Switching struct {
	Customers   int // customers with at least one event on a channel
	Transitions int // pairs of consecutive events of one customer
	Switches    int // such pairs on different channels

	SwitchRate        float64 // Switches / Transitions (NaN if no pairs)
	MeanSwitches      float64 // Switches / Customers
	ShareMultichannel float64 // share of customers who used more than one channel
	MeanChannels      float64 // mean number of distinct channels per customer
	// Matrix[from][to] counts switches between two channels.
	Matrix map[string]map[string]int
}

// ChannelSwitching measures channel switching in the log. With no
// customers every rate is NaN. It checks ctx between blocks of customers;
// it returns the errors of [Log.Validate] for an invalid log.
func ChannelSwitching(ctx context.Context, l *Log) (Switching, error) {
	g, err := prepare(ctx, l)
	if err != nil {
		return Switching{}, err
	}
	var s Switching
	s.Matrix = map[string]map[string]int{}
	seen := make([]int, len(l.Channels))
	for i := range seen {
		seen[i] = -1
	}
	var multi, distinct int
	for c := 0; c+1 < len(g.Start); c++ {
		if c%customerChunk == 0 && ctx.Err() != nil {
			return Switching{}, ctx.Err()
		}
		prev := int32(-1)
		nd := 0
		for k := g.Start[c]; k < g.Start[c+1]; k++ {
			i := k
			if g.Perm != nil {
				i = int(g.Perm[k])
			}
			if l.Channel == nil {
				break
			}
			ch := l.Channel[i]
			if l.Channels[ch] == "" {
				continue
			}
			if seen[ch] != c {
				seen[ch] = c
				nd++
			}
			if prev >= 0 {
				s.Transitions++
				if ch != prev {
					s.Switches++
					from := l.Channels[prev]
					if s.Matrix[from] == nil {
						s.Matrix[from] = map[string]int{}
					}
					s.Matrix[from][l.Channels[ch]]++
				}
			}
			prev = ch
		}
		if nd > 0 {
			s.Customers++
			distinct += nd
			if nd > 1 {
				multi++
			}
		}
	}
	s.SwitchRate = rate.Of(s.Switches, s.Transitions)
	s.MeanSwitches = rate.Of(s.Switches, s.Customers)
	s.ShareMultichannel = rate.Of(multi, s.Customers)
	s.MeanChannels = rate.Of(distinct, s.Customers)
	if s.Customers == 0 {
		s.MeanSwitches, s.ShareMultichannel, s.MeanChannels = math.NaN(), math.NaN(), math.NaN()
	}
	return s, nil
}
