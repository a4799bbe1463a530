package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	cxbeam "github.com/cxkit/cxkit/beam"
	"github.com/cxkit/cxkit/journey/funnel"
)

// The flags of --job=funnel.
var (
	funnelSteps       = flag.String("steps", "", "funnel: the step events in order, comma-separated, e.g. visit,view,cart,buy")
	funnelWindow      = flag.Duration("funnel_window", 24*time.Hour, "funnel: the conversion window from step 1")
	funnelOrder       = flag.String("funnel_order", "ordered", "funnel: ordered, strict or unordered")
	funnelBreakdown   = flag.String("breakdown", "", "funnel: split the customers by channel, touchpoint or a property column")
	funnelStepWindows = flag.String("step_windows", "", "funnel: per step, the most time from the step before, comma-separated (0 for none; the first is ignored), e.g. 0,1h,0,30m")
	funnelExclusions  = flag.String("exclusions", "", "funnel: attempts to discard, event:from:to comma-separated (0-based steps), e.g. chat:1:3")
	funnelSpec        = flag.String("funnel", "", `funnel: the whole funnel as JSON (as funnel.Funnel encodes), instead of the flags above, e.g. {"steps":["visit","buy"],"window":86400000000000}`)
)

func init() { jobs["funnel"] = funnelJob }

// funnelJob reads journey events from --input (the CSV of journey.ReadEvents)
// and writes one line {"funnel": the definition, "result": funnel.Result},
// the whole funnel with its breakdown, then the count of rejected rows.
func funnelJob(s beam.Scope) error {
	f, err := funnelFromFlags()
	if err != nil {
		return err
	}
	events, bad := cxbeam.ReadEvents(s, *input)
	result, _, bad2, err := cxbeam.Funnel(s, f, events)
	if err != nil {
		return err
	}
	return writeResult(s, "funnel", f, result, bad, bad2)
}

// funnelFromFlags builds the funnel from --funnel or the other flags.
func funnelFromFlags() (funnel.Funnel, error) {
	var f funnel.Funnel
	if *funnelSpec != "" {
		err := json.Unmarshal([]byte(*funnelSpec), &f)
		return f, err
	}
	if *funnelSteps == "" {
		return f, fmt.Errorf("--steps (or --funnel) is required")
	}
	f.Steps = strings.Split(*funnelSteps, ",")
	f.Window = *funnelWindow
	f.BreakdownBy = *funnelBreakdown
	if err := f.Order.UnmarshalText([]byte(*funnelOrder)); err != nil {
		return f, fmt.Errorf("--funnel_order: %w", err)
	}
	if *funnelStepWindows != "" {
		for _, w := range strings.Split(*funnelStepWindows, ",") {
			d, err := time.ParseDuration(strings.TrimSpace(w))
			if err != nil {
				return f, fmt.Errorf("--step_windows: %w", err)
			}
			f.StepWindows = append(f.StepWindows, d)
		}
	}
	if *funnelExclusions != "" {
		for _, x := range strings.Split(*funnelExclusions, ",") {
			parts := strings.Split(x, ":")
			if len(parts) != 3 {
				return f, fmt.Errorf("--exclusions: %q is not event:from:to", x)
			}
			from, err1 := strconv.Atoi(parts[1])
			to, err2 := strconv.Atoi(parts[2])
			if err1 != nil || err2 != nil {
				return f, fmt.Errorf("--exclusions: %q is not event:from:to with whole steps", x)
			}
			f.Exclusions = append(f.Exclusions, funnel.Exclusion{Event: parts[0], From: from, To: to})
		}
	}
	return f, nil
}
