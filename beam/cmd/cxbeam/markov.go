package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	cxbeam "github.com/cxkit/cxkit/beam"
)

// The flags of --job=markov.
var (
	markovGoal    = flag.String("goal", "purchase", "markov: the event names that make a journey convert, comma-separated")
	markovUntil   = flag.String("until", "", "markov: cut each path before the customer's first event of this name (e.g. the goal); empty for whole paths")
	markovOrder   = flag.Int("markov_order", 1, "markov: order of the chain (a state is a window of this many channels)")
	markovRepeats = flag.Bool("keep_repeats", false, "markov: keep runs of the same state as self-loops instead of collapsing them")
)

func init() { jobs["markov"] = markovJob }

// markovJob reads journey events from --input (the CSV of journey.ReadEvents),
// makes each customer's journey into a channel path and writes one line
// {"paths": the settings, "result": attribution.MarkovResult} (probability
// of conversion, per channel the probability with it removed, its removal
// effect, its share of the conversions and value, and the value of the
// last-state convention), then the count of rejected rows.
func markovJob(s beam.Scope) error {
	st := cxbeam.PathSettings{Until: *markovUntil, Order: *markovOrder, KeepRepeats: *markovRepeats}
	for _, g := range strings.Split(*markovGoal, ",") {
		if g = strings.TrimSpace(g); g != "" {
			st.Goal = append(st.Goal, g)
		}
	}
	if len(st.Goal) == 0 {
		return fmt.Errorf("--goal is required")
	}
	if st.Order < 1 {
		return fmt.Errorf("--markov_order %d: want 1 or more", st.Order)
	}
	events, bad := cxbeam.ReadEvents(s, *input)
	_, result, bad2, err := cxbeam.MarkovPaths(s, &st, events)
	if err != nil {
		return err
	}
	return writeResult(s, "paths", st, result, bad, bad2)
}
